import type {
  ActiveCall,
  CallEvent,
  CallStatus,
  Connection,
  CursorPage,
  FetchAllCallEventsOptions,
  ListActiveCallsParams,
  ListCallEventsParams,
  ListConnectionsParams,
  NumberedPage,
  RequestLogEntry,
  RequestOptions,
  CallEventsFilter,
  CommandParams,
  CommandResult,
  DialedCall,
  DialParams,
  ListPhoneNumbersParams,
  PhoneNumber,
} from './types';

/**
 * What the rest of the extension knows of the Telnyx API. Implemented by TelnyxClient (client.ts).
 * Every method rejects only with a TelnyxError (errors.ts).
 */
export interface TelnyxApi {
  listConnections(params?: ListConnectionsParams, options?: RequestOptions): Promise<NumberedPage<Connection>>;
  getConnection(id: string, options?: RequestOptions): Promise<Connection>;
  listActiveCalls(
    connectionId: string,
    params?: ListActiveCallsParams,
    options?: RequestOptions,
  ): Promise<CursorPage<ActiveCall>>;
  getCallStatus(callControlId: string, options?: RequestOptions): Promise<CallStatus>;
  listCallEvents(params?: ListCallEventsParams, options?: RequestOptions): Promise<NumberedPage<CallEvent>>;

  /** One page of the account's numbers (`filter[connection_id]` when given). */
  listPhoneNumbers(params?: ListPhoneNumbersParams, options?: RequestOptions): Promise<NumberedPage<PhoneNumber>>;
  /** `POST /calls`, sent once and never retried (a repeat would place a second call). Interactive priority. */
  dial(params: DialParams, options?: RequestOptions): Promise<DialedCall & { requestId: string | undefined }>;
  /** `POST /calls/{id}/actions/hangup` with a command_id, so a retry is harmless. Interactive priority. */
  hangup(callControlId: string, params: CommandParams, options?: RequestOptions): Promise<CommandResult>;

  /** Numbered pages one after another; stops at total_pages or an empty page. */
  iterateConnections(params?: ListConnectionsParams, options?: RequestOptions): AsyncIterable<Connection[]>;
  /** Cursor pages; stops when there is no next cursor, a cursor repeats, or a page is empty. */
  iterateActiveCalls(
    connectionId: string,
    params?: ListActiveCallsParams,
    options?: RequestOptions,
  ): AsyncIterable<ActiveCall[]>;
  iterateCallEvents(params?: ListCallEventsParams, options?: RequestOptions): AsyncIterable<CallEvent[]>;
  /** Page 1, then pages 2..N concurrently (as wide as the rate-limit window allows), returned in API order. */
  fetchAllCallEvents(filter: CallEventsFilter, options?: FetchAllCallEventsOptions): Promise<CallEvent[]>;

  /** Closes the keep-alive connections. */
  close(): Promise<void>;
}

/** One answer of the API as received: what a fixture keeps. Never holds a header, so never the key. */
export interface RawAnswer {
  /** The path and query requested, e.g. `/v2/call_events?filter[leg_id]=…&page[number]=1`. */
  path: string;
  status: number;
  body: unknown;
}

export interface TelnyxClientOptions {
  apiKey: string;
  /** Default https://api.telnyx.com/v2. Must be https unless the host is loopback. */
  baseUrl?: string;
  /** Milliseconds to establish a connection (default 10,000). */
  connectTimeoutMs?: number;
  /** Milliseconds for a whole request including the body (default 30,000). */
  requestTimeoutMs?: number;
  /** Attempts per GET or command, first one included (default 3); a Dial is sent once. */
  maxAttempts?: number;
  /**
   * Cap of one backoff wait in milliseconds (default 8,000). Rate-limit resets longer than this are still honoured up
   * to maxRateLimitWaitMs.
   */
  maxBackoffMs?: number;
  /** Longest pause honoured for x-ratelimit-reset / Retry-After (default 60,000). */
  maxRateLimitWaitMs?: number;
  /** Requests in flight at once across every caller of this client (default 6). */
  maxConcurrentRequests?: number;
  /** e.g. VS Code's http.proxy, or https_proxy from the environment. */
  proxy?: { url: string; strictSSL?: boolean };
  /** Called after each HTTP exchange (never with the key). */
  onRequest?: (entry: RequestLogEntry) => void;
  /** Each successful answer as received (the parsed JSON body) with its request path and query: for saving a call as a fixture. */
  onAnswer?: (answer: RawAnswer) => void;
  /** For tests: replaces setTimeout-based waiting and Math.random jitter. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
}
