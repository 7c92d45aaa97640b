// What the live tap records: the webhooks Telnyx delivered to the application through the webhook
// tap, and the commands the application sent to Telnyx through the command tap, grouped by call.
// Shapes only; no vscode, no I/O. The application's Authorization header is never part of a record.

/** Whether a webhook's `telnyx-signature-ed25519` verified over `timestamp|raw body`. */
export type SignatureCheck =
  | 'valid'
  | 'invalid'
  /** The request carried no signature or timestamp header. */
  | 'missing'
  /** No public key was configured, so nothing could be checked. */
  | 'unchecked';

/** How a forwarded request ended when no HTTP answer came back. */
export type ForwardFailure =
  /** Nothing listened (connection refused, unknown host). */
  | 'down'
  /** The connection was reset or closed before a whole answer. */
  | 'reset'
  /** No answer within the tap's limit. */
  | 'timeout'
  /** The tap was stopped while the request was under way. */
  | 'stopped';

/** The answer to a forwarded request, as the tap saw it come back. */
export interface ForwardAnswer {
  /** The HTTP status; absent when `failure` is set. */
  status?: number;
  failure?: ForwardFailure;
  /** From the request's first byte at the tap to the answer's last byte (or the failure). */
  ms: number;
  /** The first KiB of the answer's body, as text (for a command: Telnyx's JSON). */
  bodyPreview?: string;
  /**
   * The request has reached the tap and is being forwarded: no answer yet. The tap records each entry
   * twice, on arrival (pending) and when its answer is known (same `seq`, replacing the first).
   */
  pending?: boolean;
}

/** One error object of Telnyx's `errors` array, as the command's answer carried it. */
export interface TelnyxErrorItem {
  code?: string;
  title?: string;
  detail?: string;
}

interface TapEntryBase {
  /** The tap's own sequence number, unique within one tap session. */
  seq: number;
  /** When the request reached the tap, ms since the epoch. */
  atMs: number;
  method: string;
  /** Path and query as received (webhook) or as sent on to Telnyx (command). */
  path: string;
  /** The ids this entry belongs to, when its body or path names them. */
  callControlId?: string;
  callLegId?: string;
  callSessionId?: string;
}

export interface TappedWebhook extends TapEntryBase {
  kind: 'webhook';
  /** The envelope's `data.event_type` (e.g. `call.initiated`); absent when the body was not a webhook. */
  eventType?: string;
  /** The envelope's `data.id`: the same on every delivery of one webhook (what merges with Telnyx's record). */
  webhookId?: string;
  /** The envelope's `meta.attempt` when present. */
  attempt?: number;
  /** The envelope's `meta.delivered_to` when present. */
  deliveredTo?: string;
  connectionId?: string;
  /** The parsed body (the webhook envelope); absent when it was not JSON or was too large. */
  body?: unknown;
  /** What was wrong with the body, in plain words (not JSON, not a webhook, too large). */
  bodyProblem?: 'not_json' | 'not_a_webhook' | 'too_large';
  signature: SignatureCheck;
  /** The application's answer, which the tap passed back to Telnyx unchanged. */
  app: ForwardAnswer;
}

export interface TappedCommand extends TapEntryBase {
  kind: 'command';
  /** The Call Control action (`answer`, `speak`, `hangup`, …) for `/v2/calls/{id}/actions/{action}`; `dial` for `POST /v2/calls`. */
  action?: string;
  /** The JSON body the application sent (never its headers). */
  body?: unknown;
  /** Telnyx's answer, passed back to the application unchanged. */
  telnyx: ForwardAnswer;
  /** The errors of a non-2xx answer, read from its JSON. */
  errors?: TelnyxErrorItem[];
  /** The webhook on the same leg this command reacted to (the latest one before it), and how long after. */
  reactionTo?: { seq: number; ms: number };
  /**
   * The command tap answered this request itself and did not forward it (then `telnyx.status` is the
   * tap's own answer): its Host was not a loopback name (`host` says which), its path was not under
   * `/v2`, or its body was over the cap.
   */
  refused?: { reason: 'not_loopback_host' | 'not_v2' | 'too_large'; host?: string };
}

export type TapEntry = TappedWebhook | TappedCommand;

/** One call leg seen by the tap, with its entries in the order they reached the tap. */
export interface TappedCall {
  callControlId: string;
  callLegId?: string;
  callSessionId?: string;
  connectionId?: string;
  from?: string;
  to?: string;
  firstAtMs: number;
  lastAtMs: number;
  /** A `call.hangup` webhook was seen. */
  ended: boolean;
  entries: TapEntry[];
}

export interface LiveTapOptions {
  /** Where the application listens for webhooks, e.g. `http://localhost:3000/webhooks`. */
  appUrl: string;
  webhookPort: number;
  apiPort: number;
  /** The account's API base URL (`https://api.telnyx.com/v2`); commands are forwarded only there. */
  apiBaseUrl: string;
  /** The account's Ed25519 public key (base64), when known: webhooks are checked against it. */
  publicKey?: string;
  /** How long the tap waits for the application's answer before answering Telnyx itself (504). */
  appTimeoutMs?: number;
  /** How long the command tap waits for Telnyx's answer before answering the application itself (504); default 30 s. */
  apiTimeoutMs?: number;
  /** Bounds of the record: the oldest call goes first. */
  maxCalls?: number;
  maxEntries?: number;
}

/** What a restarted tap carries over from the previous one (a stopped `LiveTap` is one). */
export type LiveTapRecord = Pick<LiveTap, 'calls' | 'unattached' | 'status'>;

/** Why `startLiveTap` refused to start (`LiveTapStartError.code`), for the surface to word. */
export type LiveTapStartProblem =
  /** The port is taken by another program (`setting` names `telnyx.tap.webhookPort` or `telnyx.tap.apiPort`). */
  | 'port_in_use'
  /** The port could not be opened for another reason (no permission, out of range). */
  | 'port_unavailable'
  /** The application's URL is not an http(s) URL. */
  | 'bad_app_url'
  /** The API base URL fails the https/loopback rule of the API client. */
  | 'bad_api_base_url'
  /** The public key is not 32 bytes of base64 (raw Ed25519). */
  | 'bad_public_key';

/** What the tap tells its listeners: one entry recorded (new or completed), in the call it belongs to. */
export interface TapRecordEvent {
  entry: TapEntry;
  call: TappedCall | undefined;
}

export interface LiveTapStatus {
  listening: boolean;
  appUrl: string;
  webhookPort: number;
  apiPort: number;
  calls: number;
  entries: number;
  /** Calls dropped to keep the record bounded (the oldest first). */
  droppedCalls: number;
  /** Entries dropped without their call (unattached ones, or the oldest of a single call over the bound). */
  droppedEntries?: number;
}

/** A running tap (src/tap/index.ts `startLiveTap`). Stopping frees both ports; the record stays readable. */
export interface LiveTap {
  status(): LiveTapStatus;
  calls(): readonly TappedCall[];
  call(callControlId: string): TappedCall | undefined;
  /** Entries that belong to no call (a body that was not a webhook, a command without a call id). */
  unattached(): readonly TapEntry[];
  onDidRecord(listener: (event: TapRecordEvent) => void): { dispose(): void };
  stop(): Promise<void>;
}
