// Shapes of the Telnyx API v2 slice we read (see test/contract/call-information.openapi.yml).
// Fields the API does not always send are optional; the client validates what it relies on.

export interface Connection {
  id: string;
  record_type: string;
  active?: boolean;
  connection_name?: string;
  created_at?: string;
  updated_at?: string;
  anchorsite_override?: string;
  outbound_voice_profile_id?: string;
  tags?: string[];
  webhook_api_version?: '1' | '2';
  webhook_event_url?: string | null;
  webhook_event_failover_url?: string | null;
  /** Seconds Telnyx waits for the webhook URL's answer; null or absent: Telnyx's default. */
  webhook_timeout_seconds?: number | null;
}

export interface ActiveCall {
  record_type: 'call';
  call_session_id: string;
  call_leg_id: string;
  call_control_id: string;
  client_state: string;
  call_duration: number;
  /** Set by the client on a row with missing fields (e.g. no leg id): what is missing. */
  problem?: string;
}

export interface CallStatus {
  record_type: 'call';
  call_session_id: string;
  call_leg_id: string;
  call_control_id: string;
  /** Always false for a call placed with Dial while it rings: use `end_time` to decide whether it ended. */
  is_alive: boolean;
  client_state?: string;
  call_duration?: number;
  start_time?: string;
  /** Present only once the call has ended. */
  end_time?: string;
}

export type CallEventType = 'command' | 'webhook';

export interface CallEvent {
  record_type: 'call_event';
  call_leg_id: string;
  call_session_id: string;
  /** ISO 8601 with up to microsecond precision: keep the string, `Date` drops microseconds. */
  event_timestamp: string;
  name: string;
  type: CallEventType;
  /** Undocumented shape: read best-effort, always keep the raw value. */
  metadata: Record<string, unknown>;
  /**
   * Set by the client on a record it could not read as an event (an unknown `type`, a missing field):
   * what is wrong, in a few words. Such a record keeps its raw JSON in `metadata.raw_record`.
   */
  problem?: string;
}

/** Every field is optional in Telnyx's spec (though every example has them): read pages without them. */
export interface NumberedPageMeta {
  page_number?: number;
  page_size?: number;
  total_pages?: number;
  total_results?: number;
}

export interface CursorPageMeta {
  cursors?: { after?: string; before?: string };
  total_items?: number;
  next?: string;
  previous?: string;
}

export interface NumberedPage<T> {
  data: T[];
  meta: NumberedPageMeta;
}

export interface CursorPage<T> {
  data: T[];
  meta: CursorPageMeta;
  /** The cursor to pass as `after` for the next page; undefined when this is the last page. */
  nextCursor: string | undefined;
}

export type ConnectionSort =
  'created_at' | 'connection_name' | 'active' | '-created_at' | '-connection_name' | '-active';

export interface ListConnectionsParams {
  pageNumber?: number;
  pageSize?: number;
  /** Sent as `filter[connection_name][contains]`; Telnyx needs at least 3 characters. */
  nameContains?: string;
  outboundVoiceProfileId?: string;
  sort?: ConnectionSort;
}

export interface ListActiveCallsParams {
  limit?: number;
  /** Opaque cursor from the previous page, passed back verbatim. */
  after?: string;
  before?: string;
}

/** Only one `occurredAt` bound may be sent (Telnyx rejects more). */
export interface OccurredAtFilter {
  eq?: string;
  gt?: string;
  gte?: string;
  lt?: string;
  lte?: string;
}

export interface CallEventsFilter {
  legId?: string;
  applicationSessionId?: string;
  connectionId?: string;
  product?: 'call_control' | 'fax' | 'texml';
  failed?: boolean;
  /** E.164; the client encodes `+` as `%2B`. */
  from?: string;
  to?: string;
  name?: string;
  type?: CallEventType;
  occurredAt?: OccurredAtFilter;
}

export interface ListCallEventsParams {
  filter?: CallEventsFilter;
  pageNumber?: number;
  pageSize?: number;
}

/**
 * Who waits first when the shared budget is full: `interactive` (a hover, the panel the user is
 * looking at), then `normal` (the default), then `background` (the tree's polling and counts).
 */
export type RequestPriority = 'interactive' | 'normal' | 'background';

/** Every call takes an optional signal; aborting it rejects with an error of kind 'cancelled'. */
export interface RequestOptions {
  signal?: AbortSignal;
  priority?: RequestPriority;
}

export interface TimelineProgress {
  pagesLoaded: number;
  /** 0 when the pages do not say how many there are. */
  totalPages: number;
  eventsLoaded: number;
  /** 0 when the pages do not say how many there are. */
  totalEvents: number;
}

export interface FetchAllCallEventsOptions extends RequestOptions {
  pageSize?: number;
  /**
   * At most this many pages in flight. Default: as many as the endpoint's rate-limit window
   * (x-ratelimit-remaining) allows less a reserve, up to 16; 4 until an answer has told the window.
   */
  concurrency?: number;
  onProgress?: (progress: TimelineProgress) => void;
  /** Page 1, already read (and shown) by the caller with the same filter and page size. */
  firstPage?: NumberedPage<CallEvent>;
  /** Read only the pages that hold the first this-many events (a cap on huge sessions). */
  maxEvents?: number;
  /** Each page as it arrives, so a load that is stopped keeps what it read. */
  onPage?: (pageNumber: number, events: CallEvent[]) => void;
}

/** One line per HTTP exchange, for the extension's log. Never carries the key. */
export interface RequestLogEntry {
  method: string;
  /** Path and query, relative to the base URL origin. */
  path: string;
  status: number | undefined;
  durationMs: number;
  requestId: string | undefined;
  attempt: number;
  error?: string;
}

/** `POST /calls` (Dial). `from` and `to` are E.164 numbers or SIP URIs; `connectionId` a Call Control or TeXML application. */
export interface DialParams {
  connectionId: string;
  to: string;
  from: string;
  /** Seconds to ring before Telnyx gives up (Telnyx's default is 30). */
  timeoutSecs?: number;
  /** Base64, given back in every webhook of the call. */
  clientState?: string;
}

/** What Dial answers: the new leg, still ringing (`is_alive` stays false until it is answered). */
export interface DialedCall {
  record_type: 'call';
  call_control_id: string;
  call_leg_id: string;
  call_session_id: string;
  is_alive: boolean;
  client_state?: string;
  start_time?: string;
}

/** A Call Control command's body fields the extension sends. */
export interface CommandParams {
  /** Telnyx ignores a command repeated with the same `command_id` within 60 s: a retry is safe. */
  commandId: string;
  /** Base64. */
  clientState?: string;
}

/** `{"data": {"result": "ok"}}`, and the request id the log names it by. */
export interface CommandResult {
  result: string;
  requestId: string | undefined;
}

/** One number of the account (`GET /phone_numbers`), only what a `from` picker needs. */
export interface PhoneNumber {
  id: string;
  phone_number: string;
  status?: string;
  connection_id?: string | null;
  connection_name?: string | null;
}

export interface ListPhoneNumbersParams {
  /** Sent as `filter[connection_id]`; what comes back is checked, since Telnyx ignores filters it does not know. */
  connectionId?: string;
  pageNumber?: number;
  pageSize?: number;
}
