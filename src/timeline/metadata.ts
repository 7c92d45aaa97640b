// Event `metadata` has no documented shape: a webhook carries something like Telnyx's webhook
// envelope ({ data: { event_type, payload: {...} } }), a command its parameters, and delivery
// details may sit at any level. Read the few fields a person looks for, by name, wherever they are
// near the top, and leave everything else to the raw JSON view.

export interface MetadataSummary {
  from?: string;
  to?: string;
  direction?: string;
  hangupCause?: string;
  /** e.g. "delivered", "failed", or an HTTP status of the webhook delivery. */
  deliveryStatus?: string;
  /** True only when the metadata says the webhook delivery failed. */
  failed: boolean;
}

type Json = Record<string, unknown>;

const MAX_DEPTH = 4;
const FAILED_WORDS = /^(failed|failure|delivery_failed|error|undelivered|timeout|timed_out)$/i;

function isObject(value: unknown): value is Json {
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

/** The delivery record when the metadata has one ({ delivery: {...} }, { webhook_delivery: {...} }). */
function deliveryRecord(root: Json): Json | undefined {
  const value = findField(root, ['delivery', 'webhook_delivery', 'delivery_info', 'webhook'], isObject);
  return isObject(value) ? value : undefined;
}

export function summarizeMetadata(metadata: unknown): MetadataSummary {
  if (!isObject(metadata)) return { failed: false };
  const delivery = deliveryRecord(metadata);
  const deliveryStatus =
    (delivery && readText(delivery, ['status', 'delivery_status', 'state', 'result'])) ??
    readText(metadata, ['delivery_status', 'webhook_delivery_status', 'deliveryStatus']);
  const failedFlag = findField(metadata, ['failed', 'delivery_failed', 'webhook_failed'], (v) => typeof v === 'boolean');
  const failed = failedFlag === true || (deliveryStatus !== undefined && FAILED_WORDS.test(deliveryStatus));
  const summary: MetadataSummary = { failed };
  const from = readText(metadata, ['from', 'from_number', 'caller_id_number']);
  const to = readText(metadata, ['to', 'to_number', 'called_number']);
  const direction = readText(metadata, ['direction']);
  const hangupCause = readText(metadata, ['hangup_cause', 'hangupCause', 'sip_hangup_cause']);
  if (from !== undefined) summary.from = from;
  if (to !== undefined) summary.to = to;
  if (direction !== undefined) summary.direction = direction;
  if (hangupCause !== undefined) summary.hangupCause = hangupCause;
  if (deliveryStatus !== undefined) summary.deliveryStatus = deliveryStatus;
  return summary;
}
