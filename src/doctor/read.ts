// The one place that reads event metadata. Metadata has no documented shape: a webhook may be stored
// flat (payload fields at the top), as `{ payload, delivery }`, or as Telnyx's delivered envelope
// (`{ data: { id, occurred_at, payload }, meta: { attempt } }`); a command as its parameters with a
// result. Everything the rules need is read here once per event, so another reader can replace it.

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

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | undefined {
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

function num(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
  return Number.isFinite(n) ? n : undefined;
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

const FAILED_WORDS = /^(failed|failure|delivery_failed|error|undelivered|timeout|timed_out)$/i;

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
    fields = data && isObject(data.payload) ? data.payload : isObject(root.payload) ? root.payload : root;
  }
  const delivery = isObject(root.delivery) ? root.delivery : isObject(root.webhook_delivery) ? root.webhook_delivery : undefined;
  const out: ReadEvent = {
    fields,
    deliveryFailed: type === 'webhook' && deliveryFailed(root, data, meta, delivery),
    errors: type === 'command' ? errorsIn(root) : [],
  };
  const webhookId = text(data?.id) ?? (fields !== root ? text(root.id) : undefined) ?? text(root.webhook_id);
  if (webhookId) out.webhookId = webhookId;
  const occurredAt = text(data?.occurred_at) ?? text(fields.occurred_at) ?? text(root.occurred_at);
  if (occurredAt) out.occurredAt = occurredAt;
  const attempt = num(meta?.attempt) ?? num(delivery?.attempt) ?? num(root.attempt);
  if (attempt !== undefined) out.attempt = attempt;
  const url = text(meta?.delivered_to) ?? text(delivery?.url) ?? text(root.delivered_to);
  if (url) out.deliveryUrl = url;
  const status = num(delivery?.response_status) ?? num(delivery?.status_code) ?? num(root.response_status);
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
