// The Telnyx endpoints the extension reads, as typed single-page calls and page walkers, and the two
// commands it sends (Dial, hangup).
import { version as extensionVersion } from '../../package.json';
import { realSleep } from './abort';
import type { TelnyxApi, TelnyxClientOptions } from './api';
import { checkBaseUrl, DEFAULT_BASE_URL } from './baseUrl';
import { RequestBudget } from './budget';
import { createDispatcher } from './dispatcher';
import { ENDPOINTS, type EndpointInfo } from './endpoints';
import { TelnyxError } from './errors';
import { HttpTransport } from './http';
import { wrongShapeMessage } from './messages';
import { fetchAllNumbered, walkCursorPages, walkNumberedPages } from './pagination';
import { activeCallsQuery, callEventsQuery, connectionsQuery, cursorFromNextLink, type QueryPairs } from './query';
import { createRedactor } from './redact';
import type {
  ActiveCall,
  CallEvent,
  CallEventsFilter,
  CallStatus,
  CommandParams,
  CommandResult,
  Connection,
  DialedCall,
  DialParams,
  ListPhoneNumbersParams,
  PhoneNumber,
  CursorPage,
  FetchAllCallEventsOptions,
  ListActiveCallsParams,
  ListCallEventsParams,
  ListConnectionsParams,
  NumberedPage,
  RequestOptions,
} from './types';
import * as validate from './validate';

const DEFAULTS = {
  connectTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  maxAttempts: 3,
  maxBackoffMs: 8_000,
  maxRateLimitWaitMs: 60_000,
  maxConcurrentRequests: 18,
  timelinePageSize: 250,
};

/**
 * How wide a timeline read goes. Until an answer has told the rate-limit window, 4 pages at a time.
 * Once it has, as many as the window's remaining requests allow, less a reserve, up to 16. Telnyx
 * publishes its limits as requests per window, not requests at once, so the window sets the width;
 * the cap bounds the connections one read opens (a TLS handshake each on HTTP/1.1): a 5,000-event
 * session is 20 pages, 3 rounds at 16 (4 at 8); 10,000 events, 4 rounds (6 at 8).
 */
const TIMELINE_WIDTH = { unknownBudget: 4, max: 16 } as const;
/**
 * What a timeline read leaves alone: the last 10 requests of the endpoint's window (for the hover,
 * the panel's refresh, another panel or the chat tool reading events while a large timeline loads),
 * and 2 of the client's slots (an interactive request does not wait for a page to finish).
 */
const TIMELINE_RESERVE = { requests: 10, slots: 2 } as const;

function positive(value: number | undefined, fallback: number): number {
  return value !== undefined && Number.isFinite(value) && value > 0 ? value : fallback;
}

function checkApiKey(raw: string): string {
  const key = raw.trim();
  if (!key) throw new TelnyxError({ kind: 'config', message: "No Telnyx API key is set. Run 'Telnyx: Set API Key'." });
  // Not echoed: the message must not carry the key, even a mistyped one.
  if (/[^\x21-\x7e]/.test(key)) {
    throw new TelnyxError({
      kind: 'config',
      message:
        "The Telnyx API key contains spaces or characters that cannot be sent. Run 'Telnyx: Set API Key' and paste it again.",
    });
  }
  return key;
}

export class TelnyxClient implements TelnyxApi {
  private readonly transport: HttpTransport;
  private readonly maxConcurrentRequests: number;

  constructor(options: TelnyxClientOptions) {
    const key = checkApiKey(options.apiKey ?? '');
    const checked = checkBaseUrl(options.baseUrl ?? DEFAULT_BASE_URL);
    // The reason quotes the setting; a key pasted into the wrong field must not come back out.
    if (!checked.ok) throw new TelnyxError({ kind: 'config', message: createRedactor(key)(checked.reason) });
    const base = new URL(checked.url);
    const connectTimeoutMs = positive(options.connectTimeoutMs, DEFAULTS.connectTimeoutMs);
    const requestTimeoutMs = positive(options.requestTimeoutMs, DEFAULTS.requestTimeoutMs);
    const maxConcurrentRequests = Math.floor(positive(options.maxConcurrentRequests, DEFAULTS.maxConcurrentRequests));
    this.maxConcurrentRequests = maxConcurrentRequests;
    const sleep = options.sleep ?? realSleep;
    const dispatcher = createDispatcher({
      connectTimeoutMs,
      socketTimeoutMs: requestTimeoutMs + 5_000,
      connections: maxConcurrentRequests,
      proxy: options.proxy,
    });
    this.transport = new HttpTransport(
      {
        origin: base.origin,
        basePath: base.pathname.replace(/\/+$/, ''),
        host: base.host,
        headers: {
          authorization: `Bearer ${key}`,
          accept: 'application/json',
          'user-agent': `telnyx-calls-vscode/${extensionVersion}`,
        },
        requestTimeoutMs,
        connectTimeoutMs,
        maxAttempts: Math.floor(positive(options.maxAttempts, DEFAULTS.maxAttempts)),
        maxBackoffMs: positive(options.maxBackoffMs, DEFAULTS.maxBackoffMs),
        maxRateLimitWaitMs: positive(options.maxRateLimitWaitMs, DEFAULTS.maxRateLimitWaitMs),
        proxyUrl: options.proxy?.url,
        onRequest: options.onRequest,
        onAnswer: options.onAnswer,
        sleep,
        random: options.random ?? Math.random,
        redact: createRedactor(key),
      },
      dispatcher,
      new RequestBudget(maxConcurrentRequests, sleep),
    );
  }

  async listConnections(
    params: ListConnectionsParams = {},
    options: RequestOptions = {},
  ): Promise<NumberedPage<Connection>> {
    return this.numberedPage(
      ENDPOINTS.connections,
      '/connections',
      connectionsQuery(params),
      validate.connection,
      options,
    );
  }

  async getConnection(id: string, options: RequestOptions = {}): Promise<Connection> {
    const endpoint = ENDPOINTS.connection;
    const body = await this.get(endpoint, `/connections/${encodeURIComponent(id)}`, [], options);
    return this.shaped(endpoint, () => validate.connection(validate.dataObject(body)));
  }

  async listActiveCalls(
    connectionId: string,
    params: ListActiveCallsParams = {},
    options: RequestOptions = {},
  ): Promise<CursorPage<ActiveCall>> {
    const endpoint = ENDPOINTS.active_calls;
    const path = `/connections/${encodeURIComponent(connectionId)}/active_calls`;
    const body = await this.get(endpoint, path, activeCallsQuery(params), options);
    return this.shaped(endpoint, () => {
      const data = validate.listOf(validate.dataArray(body), validate.activeCallTolerant);
      const meta = validate.cursorMeta(body);
      const offered = meta.cursors?.after || (meta.next ? cursorFromNextLink(meta.next) : undefined);
      // Only a non-empty page with a new cursor has a successor; anything else would loop.
      const nextCursor = data.length > 0 && offered && offered !== params.after ? offered : undefined;
      return { data, meta, nextCursor };
    });
  }

  async getCallStatus(callControlId: string, options: RequestOptions = {}): Promise<CallStatus> {
    const endpoint = ENDPOINTS.call_status;
    const body = await this.get(endpoint, `/calls/${encodeURIComponent(callControlId)}`, [], options);
    return this.shaped(endpoint, () => validate.callStatus(validate.dataObject(body)));
  }

  async listCallEvents(
    params: ListCallEventsParams = {},
    options: RequestOptions = {},
  ): Promise<NumberedPage<CallEvent>> {
    const query = callEventsQuery(params.filter, params.pageNumber, params.pageSize);
    return this.numberedPage(ENDPOINTS.call_events, '/call_events', query, validate.callEventTolerant, options);
  }

  async listPhoneNumbers(
    params: ListPhoneNumbersParams = {},
    options: RequestOptions = {},
  ): Promise<NumberedPage<PhoneNumber>> {
    const query: QueryPairs = [
      ['page[number]', String(Math.max(1, Math.floor(params.pageNumber ?? 1)))],
      ['page[size]', String(Math.min(250, Math.max(1, Math.floor(params.pageSize ?? 250))))],
    ];
    if (params.connectionId) query.push(['filter[connection_id]', params.connectionId]);
    return this.numberedPage(ENDPOINTS.phone_numbers, '/phone_numbers', query, validate.phoneNumber, options);
  }

  async dial(
    params: DialParams,
    options: RequestOptions = {},
  ): Promise<DialedCall & { requestId: string | undefined }> {
    const endpoint = ENDPOINTS.dial;
    const body: Record<string, unknown> = { connection_id: params.connectionId, to: params.to, from: params.from };
    if (params.timeoutSecs !== undefined) body.timeout_secs = params.timeoutSecs;
    if (params.clientState !== undefined) body.client_state = params.clientState;
    // Sent once: a Dial that may have reached Telnyx is never repeated (two phones would ring).
    const answer = await this.transport.postJson(endpoint, '/calls', body, {
      retry: false,
      signal: options.signal,
      priority: options.priority ?? 'interactive',
    });
    return this.shaped(endpoint, () => ({
      ...validate.dialedCall(validate.dataObject(answer.body)),
      requestId: answer.requestId,
    }));
  }

  async hangup(callControlId: string, params: CommandParams, options: RequestOptions = {}): Promise<CommandResult> {
    const endpoint = ENDPOINTS.hangup;
    const body: Record<string, unknown> = { command_id: params.commandId };
    if (params.clientState !== undefined) body.client_state = params.clientState;
    const path = `/calls/${encodeURIComponent(callControlId)}/actions/hangup`;
    // The command_id makes a repeat harmless: Telnyx ignores it within 60 s.
    const answer = await this.transport.postJson(endpoint, path, body, {
      retry: true,
      signal: options.signal,
      priority: options.priority ?? 'interactive',
    });
    return this.shaped(endpoint, () => ({
      result: validate.commandResult(validate.dataObject(answer.body)),
      requestId: answer.requestId,
    }));
  }

  iterateConnections(params: ListConnectionsParams = {}, options: RequestOptions = {}): AsyncIterable<Connection[]> {
    return walkNumberedPages(
      (pageNumber) => this.listConnections({ ...params, pageNumber }, options),
      params.pageNumber,
    );
  }

  iterateActiveCalls(
    connectionId: string,
    params: ListActiveCallsParams = {},
    options: RequestOptions = {},
  ): AsyncIterable<ActiveCall[]> {
    return walkCursorPages((after) => this.listActiveCalls(connectionId, { ...params, after }, options), params.after);
  }

  iterateCallEvents(params: ListCallEventsParams = {}, options: RequestOptions = {}): AsyncIterable<CallEvent[]> {
    // Checked now, not at the first page: a bad filter should fail where it is written.
    callEventsQuery(params.filter);
    return walkNumberedPages(
      (pageNumber) => this.listCallEvents({ ...params, pageNumber }, options),
      params.pageNumber,
    );
  }

  async fetchAllCallEvents(filter: CallEventsFilter, options: FetchAllCallEventsOptions = {}): Promise<CallEvent[]> {
    const pageSize = Math.min(250, Math.floor(positive(options.pageSize, DEFAULTS.timelinePageSize)));
    return fetchAllNumbered(
      (pageNumber, signal) =>
        this.listCallEvents({ filter, pageNumber, pageSize }, { signal, priority: options.priority }),
      {
        mayWiden: this.timelineWidth(options.concurrency),
        signal: options.signal,
        onProgress: options.onProgress,
        first: options.firstPage,
        maxPages:
          options.maxEvents !== undefined
            ? Math.ceil(positive(options.maxEvents, 1) / (options.firstPage?.meta.page_size || pageSize))
            : undefined,
        onPage: options.onPage,
      },
    );
  }

  close(): Promise<void> {
    return this.transport.close();
  }

  /** Whether a timeline read with `inFlight` pages unanswered may ask for one more (see TIMELINE_WIDTH). */
  private timelineWidth(asked: number | undefined): (inFlight: number) => boolean {
    const slots = Math.max(1, this.maxConcurrentRequests - TIMELINE_RESERVE.slots);
    const explicit = asked !== undefined && Number.isFinite(asked) && asked > 0 ? Math.floor(asked) : undefined;
    return (inFlight) => {
      const spare = this.transport.spareRequests(ENDPOINTS.call_events);
      if (spare === undefined) return inFlight < Math.min(explicit ?? TIMELINE_WIDTH.unknownBudget, slots);
      return inFlight < Math.min(explicit ?? TIMELINE_WIDTH.max, slots) && spare > TIMELINE_RESERVE.requests;
    };
  }

  private get(endpoint: EndpointInfo, path: string, query: QueryPairs, options: RequestOptions): Promise<unknown> {
    return this.transport.getJson(endpoint, path, query, options.signal, options.priority);
  }

  private async numberedPage<T>(
    endpoint: EndpointInfo,
    path: string,
    query: QueryPairs,
    check: (value: unknown, where: string) => T,
    options: RequestOptions,
  ): Promise<NumberedPage<T>> {
    const body = await this.get(endpoint, path, query, options);
    return this.shaped(endpoint, () => ({
      data: validate.listOf(validate.dataArray(body), check),
      meta: validate.numberedMeta(body),
    }));
  }

  private shaped<T>(endpoint: EndpointInfo, read: () => T): T {
    try {
      return read();
    } catch (error) {
      const problem = error instanceof validate.ShapeError ? error.message : 'it could not be read';
      throw new TelnyxError({ kind: 'malformed', message: wrongShapeMessage(endpoint, problem) });
    }
  }
}
