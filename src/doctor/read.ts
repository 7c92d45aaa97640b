// What the call doctor's rules need of each event, read once per event. The shapes of metadata
// (flat, `{ payload, delivery }`, or Telnyx's delivered envelope) are read by the timeline's
// accessors (src/timeline/metadata.ts: webhookPayload, webhookDelivery), shared with the panel;
// only what the doctor alone needs is read here: command parameters and errors, delivery outcome.
import { FAILED_WORDS, isObject, positiveInteger, webhookDelivery, webhookPayload } from '../timeline/metadata';

type Json = Record<string, unknown>;

export interface ErrorCode {
  code: string;
  title?: string;
  detail?: string;
}

export interface ReadEvent {
  /** The webhook payload, or the command parameters. */
  fields: Json;
  webhookId?: string;
  occurredAt?: string;
  attempt?: number;
  deliveryFailed: boolean;
  deliveryUrl?: string;
  responseStatus?: number;
  commandId?: string;
  /** Present only when the metadata carries a client_state string. */
  clientState?: string;
  direction?: string;
  errors: ErrorCode[];
}

function text(value: unknown): string | undefined {
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

function errorsIn(value: unknown, depth = 0): ErrorCode[] {
  if (depth > 3) return [];
  if (Array.isArray(value)) {
    const out: ErrorCode[] = [];
    for (const item of value) {
      if (!isObject(item)) continue;
      const code = text(item.code);
      if (code) out.push({ code, title: text(item.title), detail: text(item.detail) });
    }
    return out;
  }
  if (typeof value === 'string') {
    const match = /\b([19]\d{4})\b/.exec(value);
    return match && !/^ok$/i.test(value) ? [{ code: match[1], title: value }] : [];
  }
  if (!isObject(value)) return [];
  if (Array.isArray(value.errors)) return errorsIn(value.errors, depth + 1);
  for (const key of ['error', 'result', 'response', 'body']) {
    if (key in value) {
      const found = key === 'error' && isObject(value.error) && text(value.error.code)
        ? [{ code: text(value.error.code) as string, title: text(value.error.title) ?? text(value.error.message), detail: text(value.error.detail) }]
        : errorsIn(value[key], depth + 1);
      if (found.length) return found;
    }
  }
  const code = text(value.error_code);
  return code ? [{ code, title: text(value.error_title) ?? text(value.error_message) }] : [];
}

/** Only where a delivery outcome is usually written: cheap, as this runs for every event. */
function deliveryFailed(root: Json, data: Json | undefined, meta: Json | undefined, delivery: Json | undefined): boolean {
  for (const node of [root, delivery, meta, data]) {
    if (!node) continue;
    if (node.failed === true || node.delivery_failed === true || node.webhook_failed === true) return true;
    const status = node === delivery ? (node.status ?? node.delivery_status) : node.delivery_status;
    if (typeof status === 'string' && FAILED_WORDS.test(status)) return true;
  }
  return false;
}

export function readEvent(type: string, metadata: unknown): ReadEvent {
  const root: Json = isObject(metadata) ? metadata : {};
  const data = isObject(root.data) ? root.data : undefined;
  const meta = isObject(root.meta) ? root.meta : undefined;
  let fields: Json;
  if (type === 'command') {
    fields = isObject(root.params) ? root.params : isObject(root.parameters) ? root.parameters : isObject(root.request) ? root.request : root;
  } else {
    fields = webhookPayload(root) ?? root;
  }
  const delivery = isObject(root.delivery) ? root.delivery : isObject(root.webhook_delivery) ? root.webhook_delivery : undefined;
  const out: ReadEvent = {
    fields,
    deliveryFailed: type === 'webhook' && deliveryFailed(root, data, meta, delivery),
    errors: type === 'command' ? errorsIn(root) : [],
  };
  // The envelope's facts first (as the panel reads them), then where flat records put them.
  const envelope = webhookDelivery(root);
  const webhookId = envelope.webhookId ?? text(data?.id) ?? (fields !== root ? text(root.id) : undefined) ?? text(root.webhook_id);
  if (webhookId) out.webhookId = webhookId;
  const occurredAt = envelope.occurredAt ?? text(fields.occurred_at) ?? text(root.occurred_at);
  if (occurredAt) out.occurredAt = occurredAt;
  const attempt = envelope.attempt ?? positiveInteger(meta?.attempt) ?? positiveInteger(delivery?.attempt) ?? positiveInteger(root.attempt);
  if (attempt !== undefined) out.attempt = attempt;
  const url = envelope.deliveredTo ?? text(delivery?.url) ?? text(root.delivered_to);
  if (url) out.deliveryUrl = url;
  const status = positiveInteger(delivery?.response_status) ?? positiveInteger(delivery?.status_code) ?? positiveInteger(root.response_status);
  if (status !== undefined) out.responseStatus = status;
  const commandId = text(fields.command_id) ?? text(root.command_id);
  if (commandId) out.commandId = commandId;
  if (typeof fields.client_state === 'string' && fields.client_state !== '') out.clientState = fields.client_state;
  const direction = text(fields.direction);
  if (direction) out.direction = direction;
  return out;
}

/** A field of the payload (webhook) or parameters (command), as text. */
export function fieldText(read: ReadEvent, name: string): string | undefined {
  return text(read.fields[name]);
}

export function fieldObject(read: ReadEvent, name: string): Json | undefined {
  const value = read.fields[name];
  return isObject(value) ? value : undefined;
}
