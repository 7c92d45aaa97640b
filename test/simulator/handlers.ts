// The five endpoints: validation as Telnyx does it, then the data from the account.
import { listPhoneNumbers } from './phoneNumbers';
import type { Account } from './account';
import { decodeCursor, encodeCursor } from './cursors';
import {
  invalidCallControlId,
  invalidConnectionForActiveCalls,
  invalidParameter,
  resourceNotFound,
  SimProblem,
} from './errors';
import { CALL_CONTROL_ID_SHAPE, UUID_SHAPE } from './ids';
import { KNOWN_CALL_EVENT_FILTERS, KNOWN_CONNECTION_FILTERS, type SimModes } from './modes';
import type { SimConnection, SimEvent } from './model';
import { EVENTS_WINDOW_MS } from './model';
import { Query } from './query';
import type { Route } from './routes';
import { activeCallJson, callStatusJson, connectionJson, eventJson } from './serialize';
import { parseIsoMicros } from './time';

export interface HandlerContext {
  account: Account;
  activeCallsPaging: 'cursor-and-number' | 'cursor-only';
}

export interface JsonAnswer {
  status: number;
  body: unknown;
}

const MAX_PAGE = 250;
const ANY_PAGE_NUMBER = Number.MAX_SAFE_INTEGER;

/**
 * The query as the real API reads it: filters it does not list for the endpoint are silently
 * ignored (realistic mode), and so are filters a test asks to ignore.
 */
function effectiveQuery(route: Route, query: Query, modes: SimModes): Query {
  const known =
    route.endpoint === 'call_events'
      ? KNOWN_CALL_EVENT_FILTERS
      : route.endpoint === 'connections'
        ? KNOWN_CONNECTION_FILTERS
        : undefined;
  const ignored = (name: string): boolean =>
    modes.ignoredFilters.includes(name) ||
    (modes.ignoreUnknownFilters && known !== undefined && name.startsWith('filter[') && !known.has(name));
  if (!query.pairs.some(([name]) => ignored(name))) return query;
  return new Query(query.pairs.filter(([name]) => !ignored(name)));
}

/** A requested page size, silently clamped as the live API sometimes does. */
function clampSize(size: number, modes: SimModes): number {
  return modes.maxPageSize > 0 ? Math.min(size, modes.maxPageSize) : size;
}

export function handle(route: Route, rawQuery: Query, context: HandlerContext): JsonAnswer {
  const query = effectiveQuery(route, rawQuery, context.account.modes);
  switch (route.endpoint) {
    case 'connections':
      return listConnections(query, context);
    case 'connection':
      return retrieveConnection(route.param ?? '', context);
    case 'active_calls':
      return listActiveCalls(route.param ?? '', query, context);
    case 'call_status':
      return retrieveCallStatus(route.param ?? '', route.badEncoding === true, context);
    case 'call_events':
      return listCallEvents(query, context);
    case 'phone_numbers':
      return listPhoneNumbers(query, context.account);
    case 'dial':
    case 'call_action':
    case 'simulator_control':
      // Answered by the server before the query is read (they are POSTs or not Telnyx's).
      throw resourceNotFound();
  }
}

function numberedMeta(pageNumber: number, pageSize: number, total: number) {
  return {
    page_number: pageNumber,
    page_size: pageSize,
    total_pages: Math.ceil(total / pageSize),
    total_results: total,
  };
}

const SORTS = ['created_at', 'connection_name', 'active', '-created_at', '-connection_name', '-active'] as const;

function compareConnections(sort: (typeof SORTS)[number]): (a: SimConnection, b: SimConnection) => number {
  // The spec: `created_at` is the default and lists newest first; a leading '-' flips the order.
  const newestFirst = (a: SimConnection, b: SimConnection): number => b.createdMs - a.createdMs || b.order - a.order;
  const descending = sort.startsWith('-');
  const field = descending ? sort.slice(1) : sort;
  return (a, b) => {
    let result: number;
    if (field === 'created_at') result = newestFirst(a, b);
    else if (field === 'connection_name')
      result = (a.name ?? '').localeCompare(b.name ?? '', 'en') || newestFirst(a, b);
    else result = Number(a.active) - Number(b.active) || newestFirst(a, b);
    return descending ? -result : result;
  };
}

function listConnections(query: Query, { account }: HandlerContext): JsonAnswer {
  const pageNumber = query.int('page[number]', 1, ANY_PAGE_NUMBER, 1, 400);
  const pageSize = clampSize(query.int('page[size]', 1, MAX_PAGE, MAX_PAGE, 400), account.modes);
  const contains = query.get('filter[connection_name][contains]');
  if (contains !== undefined && contains.length < 3) {
    throw invalidParameter(
      400,
      'filter[connection_name][contains]',
      'filter[connection_name][contains] must be at least 3 characters long.',
    );
  }
  const fqdn = query.get('filter[fqdn]');
  const profile = query.get('filter[outbound_voice_profile_id]');
  const sort = query.oneOf('sort', SORTS, 400) ?? 'created_at';
  const needle = contains?.toLowerCase();
  const matching = account.connections
    .filter((c) => needle === undefined || (c.name ?? '').toLowerCase().includes(needle))
    .filter((c) => fqdn === undefined || c.fqdn === fqdn)
    .filter((c) => profile === undefined || c.outboundVoiceProfileId === profile)
    .sort(compareConnections(sort));
  const start = (pageNumber - 1) * pageSize;
  return {
    status: 200,
    body: {
      data: matching.slice(start, start + pageSize).map(connectionJson),
      meta: numberedMeta(pageNumber, pageSize, matching.length),
    },
  };
}

function retrieveConnection(id: string, { account }: HandlerContext): JsonAnswer {
  const connection = account.connection(id);
  if (!connection) throw resourceNotFound(`Connection ${id} was not found.`);
  return { status: 200, body: { data: connectionJson(connection) } };
}

function activeCallsPath(connectionId: string, cursorName: 'after' | 'before', cursor: string, limit: number): string {
  const cursorParam = encodeURIComponent(cursor).replace(/%3A/g, ':');
  return (
    `/v2/connections/${encodeURIComponent(connectionId)}/active_calls` +
    `?page[${cursorName}]=${cursorParam}&page[limit]=${limit}`
  );
}

/** Telnyx's generic Bad Request for a cursor it no longer accepts (10015 is not about the connection). */
function staleCursor(parameter: string): SimProblem {
  return new SimProblem(400, {
    code: '10015',
    title: 'Bad Request',
    detail: 'The cursor is invalid or has expired.',
    source: { parameter },
  });
}

function listActiveCalls(
  connectionId: string,
  query: Query,
  { account, activeCallsPaging }: HandlerContext,
): JsonAnswer {
  const connection = account.connection(connectionId);
  if (!connection) throw invalidConnectionForActiveCalls(`Connection ${connectionId} does not exist.`);
  if (!account.hasActiveCalls(connection)) {
    throw invalidConnectionForActiveCalls(
      `Connection ${connectionId} is a ${connection.kind} without webhooks; active calls are ` +
        `listed only for Call Control, TeXML and SIP connections with a webhook URL.`,
    );
  }
  const modes = account.modes;
  const limit = clampSize(
    query.has('page[limit]')
      ? query.int('page[limit]', 1, MAX_PAGE, 20, 422)
      : query.int('page[size]', 1, MAX_PAGE, 20, 422),
    modes,
  );
  const pageNumber = query.int('page[number]', 1, ANY_PAGE_NUMBER, 1, 422);
  const cursorOf = (name: 'page[after]' | 'page[before]'): number | undefined => {
    const raw = query.get(name);
    if (raw === undefined || raw === '' || raw === 'null') return undefined;
    if (modes.staleCursors > 0) {
      modes.staleCursors--;
      throw staleCursor(name);
    }
    // A contract mock's cursor never moves: every cursor answers the first page again.
    if (modes.repeatingCursor) return undefined;
    const position = decodeCursor(raw);
    if (!position || position.connectionId !== connectionId)
      throw invalidParameter(422, name, `${name} is not a cursor of this list.`);
    return position.seq;
  };
  const after = cursorOf('page[after]');
  const before = cursorOf('page[before]');

  const alive = account.aliveCalls(connectionId);
  const firstWithSeqAbove = (seq: number): number => {
    let lo = 0;
    let hi = alive.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (alive[mid].seq <= seq) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  let start: number;
  let end: number;
  if (after !== undefined) {
    start = firstWithSeqAbove(after);
    end = Math.min(alive.length, start + limit);
  } else if (before !== undefined) {
    end = firstWithSeqAbove(before - 1);
    start = Math.max(0, end - limit);
  } else if (activeCallsPaging === 'cursor-and-number' && query.has('page[number]')) {
    start = Math.min(alive.length, (pageNumber - 1) * limit);
    end = Math.min(alive.length, start + limit);
  } else {
    start = 0;
    end = Math.min(alive.length, limit);
  }
  const page = alive.slice(start, end);
  const now = account.clock.now();
  const cursors: { after?: string; before?: string } = {};
  const meta: { cursors: typeof cursors; total_items: number; next?: string; previous?: string } = {
    cursors,
    total_items: alive.length,
  };
  const style = modes.base64Cursors ? 'base64' : 'base64url';
  if (end < alive.length && page.length > 0) {
    cursors.after = encodeCursor({ connectionId, seq: page[page.length - 1].seq }, style);
    meta.next = activeCallsPath(connectionId, 'after', cursors.after, limit);
  }
  if (start > 0 && page.length > 0 && !modes.repeatingCursor) {
    cursors.before = encodeCursor({ connectionId, seq: page[0].seq }, style);
    meta.previous = activeCallsPath(connectionId, 'before', cursors.before, limit);
  }
  const data: unknown[] = page.map((call) => activeCallJson(call, now));
  if (modes.oddRecords && data.length > 0) {
    // A row without its leg and session ids, as a half-migrated record would come.
    data.splice(1, 0, {
      record_type: 'call',
      call_control_id: `${page[0].callControlId.slice(0, -4)}ODD0`,
      call_duration: 1,
    });
  }
  return { status: 200, body: { data, meta } };
}

function retrieveCallStatus(callControlId: string, badEncoding: boolean, { account }: HandlerContext): JsonAnswer {
  if (badEncoding || !CALL_CONTROL_ID_SHAPE.test(callControlId)) throw invalidCallControlId();
  const call = account.callWithStatus(callControlId);
  const expired = !call && account.call(callControlId) !== undefined;
  if (expired && account.modes.expiredStatus === '90018') {
    throw new SimProblem(422, {
      code: '90018',
      title: 'Call has already ended',
      detail: "This call is no longer active and can't receive commands.",
      source: { pointer: '/call_control_id' },
    });
  }
  if (expired && account.modes.expiredStatus === '90015') throw invalidCallControlId();
  if (!call) {
    throw resourceNotFound('Call not found. Call status is kept for 10 minutes after a call ends.');
  }
  return { status: 200, body: { data: callStatusJson(call, account.clock.now()) } };
}

const OCCURRED_AT_BOUNDS = ['eq', 'gt', 'gte', 'lt', 'lte'] as const;

function listCallEvents(query: Query, { account }: HandlerContext): JsonAnswer {
  const modes = account.modes;
  const pageNumber = query.int('page[number]', 1, ANY_PAGE_NUMBER, 1, 422);
  const pageSize = clampSize(
    query.has('page[size]')
      ? query.int('page[size]', 1, MAX_PAGE, 20, 422)
      : query.int('page[limit]', 1, MAX_PAGE, 20, 422),
    modes,
  );

  const uuidFilter = (name: string): string | undefined => {
    const value = query.get(name);
    if (value !== undefined && !UUID_SHAPE.test(value)) throw invalidParameter(422, name, `${name} must be a UUID.`);
    return value;
  };
  if (modes.refuseSessionFilter && query.has('filter[application_session_id]')) {
    throw new SimProblem(422, {
      code: '90015',
      title: 'Invalid value',
      detail: 'filter[application_session_id] is not a valid session for this account.',
      source: { parameter: 'filter[application_session_id]' },
    });
  }
  const legId = uuidFilter('filter[leg_id]');
  const sessionId = uuidFilter('filter[application_session_id]');
  const connectionId = query.get('filter[connection_id]');
  const product = query.oneOf('filter[product]', ['call_control', 'fax', 'texml'] as const, 422);
  const failedText = query.oneOf('filter[failed]', ['true', 'false'] as const, 422);
  const from = query.get('filter[from]');
  const to = query.get('filter[to]');
  const name = query.get('filter[name]');
  const type = query.oneOf('filter[type]', ['command', 'webhook'] as const, 422);
  const status = query.oneOf('filter[status]', ['init', 'in_progress', 'completed'] as const, 422);
  const appName = query.get('filter[application_name][contains]')?.toLowerCase();
  const profile = query.get('filter[outbound.outbound_voice_profile_id]');

  const bounds = OCCURRED_AT_BOUNDS.filter((bound) => query.has(`filter[occurred_at][${bound}]`));
  if (bounds.length > 1) {
    throw invalidParameter(422, `filter[occurred_at][${bounds[1]}]`, 'Only one filter[occurred_at] can be passed.');
  }
  let timeTest: ((us: number) => boolean) | undefined;
  if (bounds.length === 1) {
    const parameter = `filter[occurred_at][${bounds[0]}]`;
    const at = parseIsoMicros(query.get(parameter) ?? '');
    if (at === undefined) throw invalidParameter(422, parameter, `${parameter} must be an ISO 8601 date-time.`);
    const tests: Record<(typeof OCCURRED_AT_BOUNDS)[number], (us: number) => boolean> = {
      eq: (us) => us === at,
      gt: (us) => us > at,
      gte: (us) => us >= at,
      lt: (us) => us < at,
      lte: (us) => us <= at,
    };
    timeTest = tests[bounds[0]];
  }

  let source: readonly SimEvent[];
  if (legId !== undefined) source = account.eventsOfLeg(legId);
  else if (sessionId !== undefined) source = account.eventsOfSession(sessionId);
  else source = account.events;
  // Without a leg or session, Telnyx searches only the last 24 hours.
  const sinceUs =
    legId === undefined && sessionId === undefined ? (account.clock.now() - EVENTS_WINDOW_MS) * 1000 : undefined;

  const productOf = (connection: SimConnection | undefined): string | undefined =>
    connection?.kind === 'call_control_application'
      ? 'call_control'
      : connection?.kind === 'texml_application'
        ? 'texml'
        : undefined;
  const statusOf = (event: SimEvent): 'init' | 'in_progress' | 'completed' =>
    event.call.endMs !== undefined ? 'completed' : event.call.answeredMs !== undefined ? 'in_progress' : 'init';

  const matching = source.filter((event) => {
    if (sinceUs !== undefined && event.us < sinceUs) return false;
    if (sessionId !== undefined && event.call.sessionId !== sessionId) return false;
    if (connectionId !== undefined && event.call.connectionId !== connectionId) return false;
    if (failedText !== undefined && event.failed !== (failedText === 'true')) return false;
    if (from !== undefined && event.call.from !== from) return false;
    if (to !== undefined && event.call.to !== to) return false;
    if (name !== undefined && event.name !== name) return false;
    if (type !== undefined && event.type !== type) return false;
    if (timeTest && !timeTest(event.us)) return false;
    if (status !== undefined && statusOf(event) !== status) return false;
    if (product !== undefined || appName !== undefined || profile !== undefined) {
      const connection = account.connection(event.call.connectionId);
      if (product !== undefined && productOf(connection) !== product) return false;
      if (appName !== undefined && !(connection?.name ?? '').toLowerCase().includes(appName)) return false;
      if (profile !== undefined && connection?.outboundVoiceProfileId !== profile) return false;
    }
    return true;
  });
  // Pages shift while a call is live: each page starts a few events before the previous one ended,
  // repeating them (pages advance by fewer than their size, so nothing is skipped).
  const shift = Math.min(modes.shiftingPages, pageSize - 1);
  const step = pageSize - shift;
  const start = (pageNumber - 1) * step;
  if (modes.descendingPages) matching.reverse();
  const data: unknown[] = matching.slice(start, start + pageSize).map((event) => eventJson(event, account));
  if (modes.oddRecords && data.length > 0) {
    const first = data[0] as Record<string, unknown>;
    data.push(
      { ...first, type: 'conference_event', name: 'conference.participant.joined' },
      {
        record_type: 'call_event',
        call_leg_id: first.call_leg_id,
        call_session_id: first.call_session_id,
        event_timestamp: first.event_timestamp,
        type: 'webhook',
        metadata: { note: 'no name' },
      },
    );
  }
  const meta = numberedMeta(pageNumber, pageSize, matching.length);
  if (shift > 0) meta.total_pages = Math.max(1, Math.ceil((matching.length - shift) / step));
  return {
    status: 200,
    body: {
      data,
      meta: modes.pagesWithoutCounts ? { page_number: meta.page_number, page_size: meta.page_size } : meta,
    },
  };
}
