// The reader of what the panel's rows show of event metadata; the call doctor's reader
// (src/doctor/read.ts) builds on its accessors, and every field a rule depends on (delivery outcome,
// command result and error) is read by src/timeline/eventReadings.ts. Event `metadata` has no
// documented shape: a webhook carries something like Telnyx's webhook envelope ({ data: {
// event_type, payload: {...} } }), a command its parameters. Read the few fields a person looks for,
// by name, wherever they are near the top, and leave everything else to the raw JSON view.
import { readDelivery } from './eventReadings';

export interface MetadataSummary {
  from?: string;
  to?: string;
  direction?: string;
  hangupCause?: string;
  /** e.g. "delivered", "failed", or an HTTP status of the webhook delivery. */
  deliveryStatus?: string;
  /** True only when the metadata says the webhook delivery failed (`readDelivery`). */
  failed: boolean;
  /** The delivery attempt (`meta.attempt` of the envelope, or a flat delivery record's `attempt`). */
  attempt?: number;
}

type Json = Record<string, unknown>;

const MAX_DEPTH = 4;

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Breadth-first, so a top-level field wins over one nested in a payload. */
function findField(root: Json, names: readonly string[], accept: (value: unknown) => boolean): unknown {
  let level: Json[] = [root];
  for (let depth = 0; depth <= MAX_DEPTH && level.length; depth++) {
    const next: Json[] = [];
    for (const node of level) {
      for (const name of names) {
        if (name in node && accept(node[name])) return node[name];
      }
      for (const value of Object.values(node)) if (isObject(value)) next.push(value);
    }
    level = next;
  }
  return undefined;
}

function scalarText(value: unknown): value is string | number {
  return (typeof value === 'string' && value.trim() !== '') || (typeof value === 'number' && Number.isFinite(value));
}

function readText(root: Json, names: readonly string[]): string | undefined {
  const value = findField(root, names, scalarText);
  return value === undefined ? undefined : String(value);
}

function deliveryRecord(root: Json): Json | undefined {
  for (const name of ['delivery', 'webhook_delivery', 'delivery_info']) {
    const value = root[name];
    if (isObject(value)) return value;
  }
  return undefined;
}

export function summarizeMetadata(metadata: unknown): MetadataSummary {
  if (!isObject(metadata)) return { failed: false };
  const delivery = readDelivery(metadata);
  const failed = delivery.outcome === 'failed';
  const deliveryStatus =
    delivery.status ?? (delivery.responseStatus === undefined ? undefined : String(delivery.responseStatus));
  const summary: MetadataSummary = { failed };
  const from = readText(metadata, ['from', 'from_number', 'caller_id_number']);
  const to = readText(metadata, ['to', 'to_number', 'called_number']);
  const direction = readText(metadata, ['direction']);
  const hangupCause = readText(metadata, ['hangup_cause', 'hangupCause']);
  if (from !== undefined) summary.from = from;
  if (to !== undefined) summary.to = to;
  if (direction !== undefined) summary.direction = direction;
  if (hangupCause !== undefined) summary.hangupCause = hangupCause;
  if (deliveryStatus !== undefined) summary.deliveryStatus = deliveryStatus;
  const attempt = webhookDelivery(metadata).attempt ?? positiveInteger(deliveryRecord(metadata)?.attempt);
  if (attempt !== undefined) summary.attempt = attempt;
  return summary;
}

// A webhook event's metadata arrives in two shapes: flat (the payload's fields at the top, or under
// `payload`) or as the delivered envelope `{ data: { event_type, id, occurred_at, payload }, meta:
// { attempt, delivered_to } }`. Everything that reads payload fields goes through these two accessors
// so no reader has to know which shape an account sends.

/** Delivery facts of one webhook delivery, from the envelope's `meta` (or flat fields of the same name). */
export interface WebhookDelivery {
  /** 1 for the first delivery; a repeated delivery of the same webhook has a higher attempt. */
  attempt?: number;
  deliveredTo?: string;
  /** The webhook's own id (`data.id`): the same across repeated deliveries of one webhook. */
  webhookId?: string;
  eventType?: string;
  occurredAt?: string;
  recordType?: string;
}

/**
 * The webhook payload (`call_control_id`, `connection_id`, `client_state`, `hangup_cause`, …):
 * `data.payload` of an envelope, else `payload`, else the metadata itself when it is flat.
 * Undefined when the metadata is not an object.
 */
export function webhookPayload(metadata: unknown): Record<string, unknown> | undefined {
  if (!isObject(metadata)) return undefined;
  const data = metadata.data;
  if (isObject(data) && isObject(data.payload)) return data.payload;
  if (isObject(metadata.payload)) return metadata.payload;
  return metadata;
}

export function positiveInteger(value: unknown): number | undefined {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof number === 'number' && Number.isInteger(number) && number > 0 ? number : undefined;
}

function optionalText(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/** Delivery facts of a webhook event; every field is absent when the metadata does not carry it. */
export function webhookDelivery(metadata: unknown): WebhookDelivery {
  if (!isObject(metadata)) return {};
  const meta = isObject(metadata.meta) ? metadata.meta : metadata;
  const data = isObject(metadata.data) ? metadata.data : metadata;
  const delivery: WebhookDelivery = {};
  const attempt = positiveInteger(meta.attempt);
  const deliveredTo = optionalText(meta.delivered_to);
  const webhookId = isObject(metadata.data) ? optionalText(data.id) : optionalText(metadata.webhook_id);
  const eventType = optionalText(data.event_type);
  const occurredAt = optionalText(data.occurred_at);
  const recordType = optionalText(data.record_type);
  if (attempt !== undefined) delivery.attempt = attempt;
  if (deliveredTo !== undefined) delivery.deliveredTo = deliveredTo;
  if (webhookId !== undefined) delivery.webhookId = webhookId;
  if (eventType !== undefined) delivery.eventType = eventType;
  if (occurredAt !== undefined) delivery.occurredAt = occurredAt;
  if (recordType !== undefined) delivery.recordType = recordType;
  return delivery;
}
