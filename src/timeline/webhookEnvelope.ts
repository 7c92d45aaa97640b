// Event metadata is either flat (the fields at the top, or under `payload`) or a delivered webhook
// envelope ({ data: { id, event_type, payload }, meta: { attempt, delivered_to } }). Every ladder
// read of that shape goes through here; the payload and the attempt number are read as
// src/timeline/metadata.ts reads them for the list.
import { positiveInteger, webhookPayload } from './metadata';

export { positiveInteger, webhookPayload };

type Json = Record<string, unknown>;

export function isJsonObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The webhook's own id (`data.id`), which stays the same across redeliveries. */
export function webhookId(metadata: unknown): string | undefined {
  if (!isJsonObject(metadata) || !isJsonObject(metadata.data)) return undefined;
  const id = metadata.data.id;
  return typeof id === 'string' && id !== '' ? id : undefined;
}

/** The delivery record: the envelope's `meta`, or a flat `delivery` / `webhook_delivery`. */
export function deliveryOf(metadata: unknown): Json | undefined {
  if (!isJsonObject(metadata)) return undefined;
  for (const name of ['meta', 'delivery', 'webhook_delivery']) {
    const value = metadata[name];
    if (isJsonObject(value)) return value;
  }
  return undefined;
}

export function textOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() === '' ? undefined : value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}
