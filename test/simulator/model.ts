// The simulator's internal records. Wire shapes are produced from these by serialize.ts.

export type ConnectionKind =
  'call_control_application' | 'texml_application' | 'credential_connection' | 'ip_connection' | 'fqdn_connection';

export interface SimConnection {
  id: string;
  kind: ConnectionKind;
  active: boolean;
  name: string | undefined;
  createdMs: number;
  updatedMs: number;
  anchorsite: string;
  outboundVoiceProfileId: string | undefined;
  fqdn: string | undefined;
  tags: string[];
  webhookApiVersion: '1' | '2' | undefined;
  webhookUrl: string | null;
  /** SIP connections: an XML request URL also gives an active-calls list (not in the connection list item). */
  xmlRequestUrl?: string | null;
  webhookFailoverUrl: string | null;
  /** How webhooks are sent: POST with a JSON body, or GET with the envelope in the query. */
  webhookUrlMethod: 'POST' | 'GET';
  /** Seconds to wait for the webhook URL's answer before a retry (null: Telnyx's default). */
  webhookTimeoutSeconds: number | null;
  /** Sequence of creation, to break created_at ties when sorting. */
  order: number;
}

export interface SimCall {
  /** Start order across the whole account; active-call cursors are built on it, so they survive churn. */
  seq: number;
  callControlId: string;
  legId: string;
  sessionId: string;
  connectionId: string;
  clientState: string;
  from: string;
  to: string;
  direction: 'incoming' | 'outgoing';
  startMs: number;
  answeredMs: number | undefined;
  endMs: number | undefined;
  hangupCause: string | undefined;
  /** Placed with Dial and not answered yet: `is_alive` is false although the call has not ended. */
  ringing: boolean;
  /** The leg this one is bridged with (Call Control `bridge`, or a transfer's new leg). */
  bridgedWith: string | undefined;
  /** `park_after_unbridge: self`: stay up when the bridged leg hangs up. */
  parkAfterUnbridge: boolean;
  /** Dial's `webhook_url` / `webhook_url_method`: this call's webhooks go there instead of the connection's. */
  webhookUrl: string | undefined;
  webhookUrlMethod: 'POST' | 'GET' | undefined;
}

export interface DeliveryInfo {
  status: 'delivered' | 'failed';
  attempt: number;
  responseStatus: number;
  latencyMs: number;
  url: string;
}

export interface SimEvent {
  /** Microseconds since the epoch. */
  us: number;
  /** Insertion order; breaks timestamp ties so the order is total. */
  seq: number;
  call: SimCall;
  name: string;
  type: 'command' | 'webhook';
  failed: boolean;
  delivery: DeliveryInfo | undefined;
  /** Command parameters, or extra webhook payload fields (hangup_cause, digit, ...). */
  extra: Record<string, unknown>;
  /** Call state as reported in the webhook payload. */
  callState: string;
  commandResult: string | undefined;
  /** Set when a caller passed its own metadata: returned as is. */
  customMetadata: Record<string, unknown> | undefined;
  /** The webhook's id (`data.id` of its envelope): shared by every delivery of one webhook. */
  webhookId: string | undefined;
}

export const STATUS_RETENTION_MS = 10 * 60 * 1000;
export const EVENTS_WINDOW_MS = 24 * 60 * 60 * 1000;
