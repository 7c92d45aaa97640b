// The one reader of the metadata fields a rule depends on: whether a webhook's delivery failed, the
// HTTP status of a delivery, a command's result, its error and its parameters. Telnyx documents
// `metadata` only as "raw event and extra information", so each field is read from the shapes seen
// (the delivered webhook envelope `{ data, meta: { attempt, delivered_to } }`, a flat record with a
// `delivery` / `webhook_delivery` / `delivery_info` record, a command record with `params` and
// `result` or `errors`) and is *unknown* when none of them carries it, which is not the same as "no".
// The panel, the doctor and the status bar judge "failed" by `readDelivery` alone.

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() === '' ? undefined : value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

function httpStatus(value: unknown): number | undefined {
  const number = typeof value === 'string' && /^\d{3}$/.test(value.trim()) ? Number(value) : value;
  return typeof number === 'number' && Number.isInteger(number) && number >= 100 && number <= 599 ? number : undefined;
}

/** Words a delivery status uses for a webhook that did not get through. */
export const FAILED_WORDS = /^(failed|failure|delivery_failed|error|undelivered|timeout|timed_out)$/i;
/** Words a delivery status uses for a webhook that got through. */
const DELIVERED_WORDS = /^(delivered|success|succeeded|successful|ok|sent|acknowledged)$/i;

export type DeliveryOutcome = 'failed' | 'delivered' | 'unknown';

export interface DeliveryReading {
  outcome: DeliveryOutcome;
  /** The delivery's status as the metadata words it ("delivered", "failed", "503"). */
  status?: string;
  /** The HTTP status the webhook URL answered, when the metadata says. */
  responseStatus?: number;
}

/** Where a delivery outcome is written: a delivery record, the envelope's `meta`, or the record itself. */
function deliveryNodes(root: Json): { records: Json[]; others: Json[] } {
  const records: Json[] = [];
  for (const name of ['delivery', 'webhook_delivery', 'delivery_info']) {
    const value = root[name];
    if (isObject(value)) records.push(value);
  }
  const others: Json[] = [root];
  for (const name of ['meta', 'data']) {
    const value = root[name];
    if (isObject(value)) others.push(value);
  }
  return { records, others };
}

const FAILED_FLAGS = ['failed', 'delivery_failed', 'webhook_failed'] as const;
const STATUS_FIELDS = ['delivery_status', 'webhook_delivery_status'] as const;
const RESPONSE_FIELDS = ['response_status', 'status_code', 'http_status', 'response_code'] as const;

/**
 * What a webhook record's metadata says of its delivery. `failed` only when a field says so (a
 * failure flag, a failure word, an HTTP error status); `delivered` only when one says that; else
 * `unknown`. A failure anywhere wins over a success elsewhere.
 */
export function readDelivery(metadata: unknown): DeliveryReading {
  if (!isObject(metadata)) return { outcome: 'unknown' };
  const { records, others } = deliveryNodes(metadata);
  let failed = false;
  let delivered = false;
  let status: string | undefined;
  let responseStatus: number | undefined;
  for (const node of [...records, ...others]) {
    const isRecord = records.includes(node);
    for (const flag of FAILED_FLAGS) {
      if (node[flag] === true) failed = true;
      else if (node[flag] === false) delivered = true;
    }
    if (node.delivered === true) delivered = true;
    else if (node.delivered === false) failed = true;
    const words = [
      ...STATUS_FIELDS.map((name) => text(node[name])),
      isRecord ? (text(node.status) ?? text(node.state) ?? text(node.result)) : undefined,
    ];
    for (const word of words) {
      if (word === undefined) continue;
      status ??= word;
      if (FAILED_WORDS.test(word)) failed = true;
      else if (DELIVERED_WORDS.test(word)) delivered = true;
      else if (httpStatus(word) !== undefined) responseStatus ??= httpStatus(word);
    }
    for (const name of RESPONSE_FIELDS) {
      if (!isRecord && node !== metadata) continue;
      responseStatus ??= httpStatus(node[name]);
    }
  }
  if (responseStatus !== undefined) {
    if (responseStatus >= 200 && responseStatus < 300) delivered = true;
    else failed = true;
  }
  const reading: DeliveryReading = { outcome: failed ? 'failed' : delivered ? 'delivered' : 'unknown' };
  if (status !== undefined) reading.status = status;
  if (responseStatus !== undefined) reading.responseStatus = responseStatus;
  return reading;
}

export interface ErrorCode {
  code: string;
  title?: string;
  detail?: string;
}

export type CommandOutcome = 'ok' | 'error' | 'unknown';

export interface CommandReading {
  outcome: CommandOutcome;
  /** The result as the record words it ("ok"). */
  result?: string;
  errors: ErrorCode[];
  /** The command's parameters; undefined when the record carries none under a name we know. */
  parameters?: Json;
}

function errorOf(value: Json): ErrorCode | undefined {
  const code = text(value.code);
  if (!code) return undefined;
  const error: ErrorCode = { code };
  const title = text(value.title) ?? text(value.message);
  const detail = text(value.detail);
  if (title !== undefined) error.title = title;
  if (detail !== undefined) error.detail = detail;
  return error;
}

/** Telnyx's `{ errors: [...] }`, `{ error: {...} }`, `error_code`, or those inside `result` / `response` / `body`. */
function errorsIn(value: unknown, depth = 0): ErrorCode[] {
  if (depth > 3) return [];
  if (Array.isArray(value))
    return value
      .filter(isObject)
      .map(errorOf)
      .filter((e): e is ErrorCode => e !== undefined);
  if (typeof value === 'string') {
    const match = /\b([19]\d{4})\b/.exec(value);
    return match ? [{ code: match[1], title: value }] : [];
  }
  if (!isObject(value)) return [];
  if (Array.isArray(value.errors)) return errorsIn(value.errors, depth + 1);
  if (isObject(value.error)) {
    const error = errorOf(value.error);
    if (error) return [error];
  }
  for (const key of ['error', 'result', 'response', 'body']) {
    if (key in value) {
      const found = errorsIn(value[key], depth + 1);
      if (found.length) return found;
    }
  }
  const code = text(value.error_code);
  if (!code) return [];
  const error: ErrorCode = { code };
  const title = text(value.error_title) ?? text(value.error_message);
  if (title !== undefined) error.title = title;
  return [error];
}

const OK_WORDS = /^(ok|success|succeeded|accepted|sent|completed)$/i;

/** `result: "ok"`, or Telnyx's command answer `{ data: { result: "ok" } }` under `result` / `response` / `body`. */
function resultText(root: Json): string | undefined {
  const direct = text(root.result) ?? text(root.status);
  if (direct !== undefined) return direct;
  for (const key of ['result', 'response', 'body']) {
    const value = root[key];
    if (!isObject(value)) continue;
    const inner = text(value.result) ?? (isObject(value.data) ? text(value.data.result) : undefined);
    if (inner !== undefined) return inner;
  }
  return undefined;
}

export function readCommand(metadata: unknown): CommandReading {
  if (!isObject(metadata)) return { outcome: 'unknown', errors: [] };
  const errors = errorsIn(metadata);
  const result = resultText(metadata);
  const reading: CommandReading = {
    outcome: errors.length ? 'error' : result !== undefined && OK_WORDS.test(result) ? 'ok' : 'unknown',
    errors,
  };
  if (result !== undefined) reading.result = result;
  for (const name of ['params', 'parameters', 'request', 'body']) {
    const value = metadata[name];
    if (isObject(value)) {
      reading.parameters = value;
      break;
    }
  }
  return reading;
}
