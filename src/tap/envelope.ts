// What a webhook's body says: Telnyx's envelope (`{"data": {event_type, id, payload}, "meta": {attempt,
// delivered_to}}`), from a POSTed JSON body or a GET's query (`data[payload][to]=…`).
import type { TappedWebhook } from './model';
import type { CallFacts } from './record';

export interface ReadEnvelope {
  fields: Pick<
    TappedWebhook,
    | 'eventType'
    | 'webhookId'
    | 'attempt'
    | 'deliveredTo'
    | 'connectionId'
    | 'callControlId'
    | 'callLegId'
    | 'callSessionId'
    | 'body'
    | 'bodyProblem'
  >;
  facts: CallFacts;
}

export function readPostedEnvelope(body: Buffer): ReadEnvelope {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    return { fields: { bodyProblem: 'not_json' }, facts: {} };
  }
  return readEnvelope(parsed);
}

export function readQueryEnvelope(query: string): ReadEnvelope {
  return readEnvelope(nestedFromQuery(query));
}

function readEnvelope(parsed: unknown): ReadEnvelope {
  const data = recordOf(recordOf(parsed)?.data);
  const eventType = text(data?.event_type);
  if (!data || !eventType) return { fields: { body: parsed, bodyProblem: 'not_a_webhook' }, facts: {} };
  const meta = recordOf(recordOf(parsed)?.meta);
  const payload = recordOf(data.payload) ?? {};
  const attempt = Number(meta?.attempt);
  const connectionId = text(payload.connection_id);
  return {
    fields: {
      body: parsed,
      eventType,
      webhookId: text(data.id),
      attempt: Number.isFinite(attempt) && meta?.attempt !== undefined ? attempt : undefined,
      deliveredTo: text(meta?.delivered_to),
      connectionId,
      callControlId: text(payload.call_control_id),
      callLegId: text(payload.call_leg_id),
      callSessionId: text(payload.call_session_id),
    },
    facts: {
      callLegId: text(payload.call_leg_id),
      callSessionId: text(payload.call_session_id),
      connectionId,
      from: text(payload.from),
      to: text(payload.to),
      ended: eventType === 'call.hangup',
    },
  };
}

/**
 * `data[payload][to]=%2B1555…&meta[attempt]=1` → `{data: {payload: {to: '+1555…'}}, meta: {attempt: '1'}}`.
 * A raw `+` stays a plus (a phone number sent unencoded), unlike form decoding.
 */
function nestedFromQuery(query: string): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const part of query.split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const name = decoded(eq < 0 ? part : part.slice(0, eq));
    const value = decoded(eq < 0 ? '' : part.slice(eq + 1));
    const path = name.split(/\[|\]\[|\]/).filter((piece) => piece !== '');
    if (path.length === 0 || path.some((piece) => piece === '__proto__' || piece === 'constructor')) continue;
    let node = root;
    for (const piece of path.slice(0, -1)) {
      const next = node[piece];
      node = next && typeof next === 'object' ? (next as Record<string, unknown>) : (node[piece] = {});
    }
    node[path[path.length - 1]] = value;
  }
  return root;
}

function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function recordOf(value: unknown): Record<string, unknown> | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : undefined;
}
