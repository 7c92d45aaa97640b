// How far the simulator misbehaves like the real Telnyx API (issue 13). Each behaviour is a switch;
// `realistic` turns on the ones a real account shows every day. Modes apply to what is recorded or
// answered after they are set: the seeded account stays as it was, so seeded facts keep their shape.

export interface SimModes {
  // Everyday behaviours (all on with --realistic).
  /** Some webhooks are delivered (and recorded) twice: same id, timestamp and name, `attempt` 2. */
  duplicateDeliveries: boolean;
  /** Some webhooks are recorded late, with a timestamp before events already recorded. */
  lateEvents: boolean;
  /** Webhook metadata is Telnyx's delivered envelope `{ data: { …, payload }, meta: { attempt, delivered_to } }`. */
  envelopeMetadata: boolean;
  /** Leg and session ids are time-based (version 1) UUIDs. */
  v1Ids: boolean;
  /** Active-call cursors are standard base64 with `+`, `/` and `=` padding. */
  base64Cursors: boolean;
  /** New calls' client_state is not always base64: plain JSON, or base64 cut at a newline. */
  plainClientState: boolean;
  /** Filters Telnyx does not list for an endpoint are ignored instead of applied. */
  ignoreUnknownFilters: boolean;

  // On demand.
  /** The next n active-call cursors are refused with a generic 400 / 10015 (expired cursor). */
  staleCursors: number;
  /** Filters to ignore even though they are known (e.g. `filter[leg_id]`): the answer is the account's recent events. */
  ignoredFilters: string[];
  /** Pages carry an event of an unknown type, an event without a name, and an active call without a leg id. */
  oddRecords: boolean;
  /** How an expired call's status answers: 404 / 10005 (default), 422 / 90015 or 422 / 90018. */
  expiredStatus: '404' | '90015' | '90018';
  /** 5xx answers (from faults) are an edge proxy's HTML page instead of a Telnyx error body. */
  htmlServerErrors: boolean;
  /** The header that carries the request id. */
  requestIdHeader: 'x-request-id' | 'request-id';
  /** Page sizes above this are clamped silently (0: no clamp). */
  maxPageSize: number;
  /** Webhook names in v1 style (`call_hangup` instead of `call.hangup`). */
  v1EventNames: boolean;
  /** Bytes of transcript text added to each webhook payload (0: none). */
  largeMetadataBytes: number;
  /** Active calls: `meta.cursors.after` never changes and every cursor answers the first page. */
  repeatingCursor: boolean;
  /** Call events: each numbered page after the first repeats the previous page's last n events. */
  shiftingPages: number;
  /** Call events: `filter[application_session_id]` is refused with 422 / 90015 naming that parameter. */
  refuseSessionFilter: boolean;
  /** Webhook metadata carries the payload only: no delivery record (whether it got through is not said). */
  noDeliveryFields: boolean;
  /** Every event's metadata is `{}`: no field a rule reads is there. */
  emptyMetadata: boolean;
  /** How command records name their command: `answer`, `call.answer`, or `/v2/calls/{id}/actions/answer`. */
  commandSpelling: 'bare' | 'dotted' | 'path';
  /** Numbered pages' `meta` has no `total_pages` nor `total_results` (both optional in the spec). */
  pagesWithoutCounts: boolean;
  /** Call events: pages list the newest event first. */
  descendingPages: boolean;
}

export function defaultModes(): SimModes {
  return {
    duplicateDeliveries: false,
    lateEvents: false,
    envelopeMetadata: false,
    v1Ids: false,
    base64Cursors: false,
    plainClientState: false,
    ignoreUnknownFilters: false,
    staleCursors: 0,
    ignoredFilters: [],
    oddRecords: false,
    expiredStatus: '404',
    htmlServerErrors: false,
    requestIdHeader: 'x-request-id',
    maxPageSize: 0,
    v1EventNames: false,
    largeMetadataBytes: 0,
    repeatingCursor: false,
    shiftingPages: 0,
    refuseSessionFilter: false,
    noDeliveryFields: false,
    emptyMetadata: false,
    commandSpelling: 'bare',
    pagesWithoutCounts: false,
    descendingPages: false,
  };
}

export const REALISTIC_MODES: Readonly<Partial<SimModes>> = {
  duplicateDeliveries: true,
  lateEvents: true,
  envelopeMetadata: true,
  v1Ids: true,
  base64Cursors: true,
  plainClientState: true,
  ignoreUnknownFilters: true,
};

/** How late a late event is recorded, and how often (live mode) events are late or duplicated. */
export const LATE_BY_MS = 2_500;
export const LATE_CHANCE = 0.15;
export const DUPLICATE_CHANCE = 0.2;

/** Filters of /call_events in the last per-endpoint version of the spec; others are ignored in realistic mode. */
export const KNOWN_CALL_EVENT_FILTERS = new Set([
  'filter[leg_id]',
  'filter[application_session_id]',
  'filter[connection_id]',
  'filter[product]',
  'filter[failed]',
  'filter[from]',
  'filter[to]',
  'filter[name]',
  'filter[type]',
  'filter[occurred_at][eq]',
  'filter[occurred_at][gt]',
  'filter[occurred_at][gte]',
  'filter[occurred_at][lt]',
  'filter[occurred_at][lte]',
]);
export const KNOWN_CONNECTION_FILTERS = new Set([
  'filter[connection_name][contains]',
  'filter[outbound_voice_profile_id]',
]);

/**
 * client_state as different clients send it: base64 of JSON, plain JSON (some SDKs), or base64 cut at
 * its first line break (a mobile SDK that wrapped base64 at 76 characters and sent the first line).
 */
export function clientStateAs(style: 'base64' | 'plain' | 'truncated', value: Record<string, unknown>): string {
  const json = JSON.stringify(value);
  if (style === 'plain') return json;
  if (style === 'base64') return Buffer.from(json, 'utf8').toString('base64');
  const padded = JSON.stringify({ ...value, note: 'client state long enough to wrap past one base64 line' });
  return Buffer.from(padded, 'utf8').toString('base64').slice(0, 76);
}
