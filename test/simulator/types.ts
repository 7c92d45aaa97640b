// The simulator's public surface. Implemented by test/simulator/index.ts (`startSimulator`).
// Tests, benchmarks, the demo and the CLI use only what is declared here.
import type { ActiveCall, CallEvent, CallStatus, Connection } from '../../src/telnyx/types';
import type { SimModes } from './modes';
import type { RateLimitSettings } from './ratelimit';

export type { SimModes } from './modes';

export type SimEndpoint =
  | 'connections'
  | 'connection'
  | 'active_calls'
  | 'call_status'
  | 'call_events'
  /** GET /v2/phone_numbers */
  | 'phone_numbers'
  /** POST /v2/calls */
  | 'dial'
  /** POST /v2/calls/{call_control_id}/actions/{command} */
  | 'call_action'
  /** The simulator's own control API under /_simulator/ (not Telnyx's). */
  | 'simulator_control';

/** How the far end and the webhook side of Call Control behave (real milliseconds). */
export interface CallControlSettings {
  /** How long a dialled number rings before it answers. Default 800. */
  answerDelayMs: number;
  /** How long a prompt lasts (speak, playback_start, gather_using_speak). Default 500. */
  mediaMs: number;
  /** Retries on the webhook URL after a failed attempt, before the failover URL. Default 1. */
  webhookRetries: number;
  /** Wait before a retry, and before the failover URL. Default 500. */
  webhookRetryDelayMs: number;
  /** Seconds to wait for an answer when the connection sets no webhook_timeout_seconds. Default 10. */
  defaultWebhookTimeoutSeconds: number;
  /** How long an incoming call rings unanswered before the caller gives up. Default 30000. */
  ringTimeoutMs: number;
}

/** One attempt to deliver a webhook (also recorded in /call_events as a webhook with its delivery). */
export interface WebhookDeliveryAttempt {
  /** `data.id` of the envelope: the same for every attempt of one webhook. */
  webhookId: string;
  eventType: string;
  callControlId: string;
  /** `meta.attempt`: 1, 2, … across the primary and the failover URL. */
  attempt: number;
  url: string | null;
  /** The HTTP status the URL answered; 0 when it did not answer (refused, timed out). */
  status: number;
  outcome: 'delivered' | 'failed' | 'timeout' | 'unreachable';
  /** False when the URL is not a loopback address: recorded as delivered without a request. */
  requested: boolean;
}

/** Where a connection's webhooks go (omitted fields keep their value). */
export interface WebhookSettings {
  webhookUrl?: string | null;
  failoverUrl?: string | null;
  method?: 'POST' | 'GET';
  /** 0–30, as Telnyx accepts; null: the simulator's default. */
  timeoutSeconds?: number | null;
}

/** An incoming call made by the ring generator. */
export interface RingOptions {
  from?: string;
  to?: string;
  /** After the application answers, the caller hangs up this many ms later (default: never). */
  hangupAfterMs?: number;
}

export interface SimulatorOptions {
  /** Default 0 (a random free port). Always binds 127.0.0.1. */
  port?: number;
  /** Accepted bearer key. Default DEMO_API_KEY. */
  apiKey?: string;
  /** Seed of the reproducible account (default 1). Same seed, same account, same ids. */
  seed?: number;
  /** Calls start, progress through events and end on their own (default false). */
  live?: boolean;
  /** Milliseconds between live ticks (default 1000). */
  liveTickMs?: number;
  /** How many active calls the "busy" connection has (default 2000). */
  busyConnectionCalls?: number;
  /** Connections in the account, the four well-known ones included (default 60). */
  connectionCount?: number;
  /** Clock for call durations, ages and the 10-minute status retention. Default: real time. */
  clock?: SimClock;
  /** Print one line per request to stdout (CLI). */
  logRequests?: boolean;
  /** Turn on the everyday behaviours of the real API (REALISTIC_MODES), applied after seeding. */
  realistic?: boolean;
  /** Individual behaviours of the real API, on top of `realistic`. */
  modes?: Partial<SimModes>;
  /** Timings of Call Control's far end and webhook delivery. */
  callControl?: Partial<CallControlSettings>;
  /** The rate-limit window reported in x-ratelimit-* (default 600 a minute, not enforced). */
  rateLimit?: RateLimitSettings;
}

export interface SimClock {
  now(): number;
}

/** A clock that only moves when told: `advance(ms)`. */
export interface ManualClock extends SimClock {
  advance(ms: number): void;
  set(ms: number): void;
}

export interface FaultSpec {
  /** Which endpoint(s); default every endpoint. */
  endpoint?: SimEndpoint | '*';
  /** Added before the response starts (ms). */
  latencyMs?: number;
  /** Answer this many requests with 429 / code 10011 (-1: until cleared). */
  rateLimit?: { count: number; resetSeconds?: number; retryAfterSeconds?: number };
  /** Answer this many requests with this 5xx status and a Telnyx error body. */
  serverError?: { count: number; status?: number; html?: boolean };
  /** Destroy the socket without answering, this many times. */
  drop?: { count: number };
  /** Answer this many requests with 403 / 10010, as for a key without the permission. */
  forbidden?: { count: number };
  /** Send a 200 whose JSON body is cut in the middle, this many times. */
  truncate?: { count: number };
  /** Send a 200 with an HTML body (like a proxy error page), this many times. */
  nonJson?: { count: number };
  /** Send a 200 with well-formed JSON of the wrong shape (e.g. `data` not an array), this many times. */
  wrongShape?: { count: number };
  /** Send the headers, then the body slowly over this many ms. */
  slowBodyMs?: number;
  /** Answer the request only after this many ms (for client timeouts); the count of requests so held. */
  hang?: { count: number; ms: number };
}

export interface RecordedRequest {
  method: string;
  /** Path without the query, e.g. /v2/connections/123/active_calls */
  path: string;
  /** The raw query string exactly as received (no leading '?'). */
  rawQuery: string;
  /** Decoded query pairs in order, e.g. [['page[number]','2'],['page[size]','50']]. */
  query: Array<[string, string]>;
  endpoint: SimEndpoint | undefined;
  status: number;
  /** True when the Authorization header carried the accepted key. */
  authorized: boolean;
  /** Value of the Authorization header; tests check redaction elsewhere, so keep it. */
  authorization: string | undefined;
  at: number;
  /** Requests in flight at the server when this one arrived, itself included (not for control requests). */
  inFlight?: number;
  /** What the rate-limit window had left once this request was counted (not for control requests). */
  rateRemaining?: number;
  /** The request body as received (POST and PATCH requests). */
  body?: string;
}

/** Well-known ids of the seeded account, the same for every seed. */
export interface SeedFacts {
  /** Call Control app with a handful of active calls, including multi-leg sessions. */
  mainConnectionId: string;
  /** Call Control app with `busyConnectionCalls` active calls. */
  busyConnectionId: string;
  /** TeXML app with no active calls. */
  emptyConnectionId: string;
  /** Credential (SIP) connection without webhooks: active_calls answers 422 / 10015. */
  noActiveCallsConnectionId: string;
  /** An alive, answered call on the main connection, in a session with 2+ legs (a transfer). */
  aliveCallControlId: string;
  /** A call placed with Dial that is still ringing: is_alive false, no end_time. */
  ringingCallControlId: string;
  /** A call that ended under 10 minutes ago: status has end_time. */
  recentlyEndedCallControlId: string;
  /** A call that ended over 10 minutes ago: status answers 404 / 10005. Its events remain. */
  goneCallControlId: string;
  /** A session with several thousand events (for timeline paging and benchmarks). */
  bigSessionId: string;
  /** A session with at least one failed webhook delivery. */
  failedDeliverySessionId: string;
}

export interface SimulatorState {
  connections(): Connection[];
  activeCalls(connectionId: string): ActiveCall[];
  callStatus(callControlId: string): CallStatus | undefined;
  events(filter?: { legId?: string; sessionId?: string }): CallEvent[];
  /** Starts a call on a connection (answered by default); returns it. */
  startCall(
    connectionId: string,
    options?: { clientState?: string; ringing?: boolean; sessionId?: string },
  ): ActiveCall;
  /** Ends a call with a hangup cause; its status stays readable for 10 simulated minutes. */
  endCall(callControlId: string, cause?: string): void;
  /** Appends an event to a call's leg (timestamp: now, microsecond precision). */
  addEvent(
    callControlId: string,
    event: {
      name: string;
      type: 'command' | 'webhook';
      metadata?: Record<string, unknown>;
      failed?: boolean;
      /** Recorded now with a timestamp this many ms earlier (a late, out-of-order event). */
      lateByMs?: number;
      /** Webhooks: recorded once per delivery, attempts 1…n, same timestamp and webhook id. */
      attempts?: number;
    },
  ): CallEvent;
  /** Gives a SIP connection an XML request URL (which gives it an active-calls list), or takes it away. */
  setXmlRequestUrl(connectionId: string, url: string | null): void;
  /** Adds a session with exactly `count` events over `legs` legs; returns its session id. */
  addSession(options: { count: number; legs?: number; connectionId?: string }): {
    sessionId: string;
    legIds: string[];
    callControlIds: string[];
  };
}

export interface Simulator {
  /** Base URL including /v2, e.g. http://127.0.0.1:4010/v2 */
  readonly url: string;
  readonly port: number;
  readonly apiKey: string;
  readonly seed: SeedFacts;
  readonly state: SimulatorState;
  readonly clock: SimClock;
  /** Every request received, in order. */
  readonly requests: RecordedRequest[];
  clearRequests(): void;
  /** Adds a fault (faults stack; the first matching one with a count left applies). */
  addFault(fault: FaultSpec): void;
  clearFaults(): void;
  /** Changes the rate-limit window (and starts a new one, with `used` requests already counted). */
  setRateLimit(settings: RateLimitSettings): void;
  /** Answers page[number] on active_calls as well as cursors (default) or only cursors. */
  setActiveCallsPaging(mode: 'cursor-and-number' | 'cursor-only'): void;
  /** The behaviours of the real API in force (a live object: read it, change it with setModes). */
  readonly modes: Readonly<SimModes>;
  /** Switches behaviours of the real API on or off; affects what is recorded or answered from now on. */
  setModes(modes: Partial<SimModes>): void;
  /** The raw Ed25519 public key (base64, 32 bytes) that verifies the webhooks, as TELNYX_PUBLIC_KEY. */
  readonly webhookPublicKey: string;
  /** The same key as PEM (SPKI). */
  readonly webhookPublicKeyPem: string;
  /** Sets where a connection's webhooks go: URL, failover URL, GET or POST, timeout. */
  setWebhook(connectionId: string, settings: WebhookSettings): void;
  /** Changes the timings of the far end and of webhook delivery. */
  setCallControl(settings: Partial<CallControlSettings>): void;
  /** An incoming call on a connection, now: `call.initiated` (parked) goes to its webhook URL. */
  ring(connectionId: string, options?: RingOptions): ActiveCall;
  /** The callee of a ringing dialled leg answers now (busy, … numbers end as they would); false if none rings. */
  pickUp(callControlId: string): boolean;
  /** An incoming call every `everyMs` until the returned function is called (or the simulator closes). */
  startRinging(connectionId: string, everyMs: number, options?: RingOptions): () => void;
  /** Every webhook delivery attempt so far, in the order they ended. */
  readonly webhookDeliveries: readonly WebhookDeliveryAttempt[];
  /** Resolves when no webhook is in flight or waiting for a retry. */
  whenWebhooksSettled(): Promise<void>;
  close(): Promise<void>;
}

export const DEMO_API_KEY = 'KEYSIMDEMO0000000000000000000000_simulatorkey';
