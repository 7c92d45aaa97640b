// The live tap's record as timeline events, so every reading of events (the list, the ladder, the
// doctor, the exports) works on it unchanged: a tapped webhook is a `webhook` event named by its
// event type with the envelope as metadata; a tapped command is a `command` event named by its
// Call Control action, with the body sent as `params` and Telnyx's answer beside it. What only the
// tap knows (the answers, the signature check, the reaction time) rides along as `tap` facts.
import type { ForwardAnswer, TapEntry, TappedCall, TappedCommand, TappedWebhook } from '../tap/model';
import { isObject } from '../timeline/metadata';
import type { PanelEvent } from '../timeline/model';
import type { TapFacts } from '../timeline/tapFacts';
import { formatIsoMicros } from '../timeline/time';

/** Every entry of these calls as events, in the order they reached the tap. */
export function tappedEvents(calls: readonly TappedCall[]): PanelEvent[] {
  const events: Array<{ seq: number; event: PanelEvent }> = [];
  for (const call of calls)
    for (const entry of call.entries) events.push({ seq: entry.seq, event: eventOf(entry, call) });
  return events.sort((a, b) => a.seq - b.seq).map((e) => e.event);
}

/** The calls of the tap a panel shows: the call itself, or every tapped call of its session. */
export function tappedCallsFor(
  calls: readonly TappedCall[],
  target: { callControlId: string; sessionId?: string; scope: 'leg' | 'session' },
): TappedCall[] {
  const own = calls.find((call) => call.callControlId === target.callControlId);
  const sessionId = target.sessionId ?? own?.callSessionId;
  if (target.scope === 'leg' || !sessionId) return own ? [own] : [];
  return calls.filter((call) => call.callControlId === target.callControlId || call.callSessionId === sessionId);
}

export function eventOf(entry: TapEntry, call: TappedCall): PanelEvent {
  const base = {
    record_type: 'call_event' as const,
    call_leg_id: entry.callLegId ?? call.callLegId ?? call.callControlId,
    call_session_id: entry.callSessionId ?? call.callSessionId ?? '',
    event_timestamp: formatIsoMicros(entry.atMs * 1000),
    seenBy: 'tap' as const,
  };
  return entry.kind === 'webhook'
    ? {
        ...base,
        type: 'webhook',
        name: entry.eventType ?? 'webhook',
        metadata: webhookMetadata(entry),
        tap: webhookFacts(entry),
      }
    : {
        ...base,
        type: 'command',
        name: commandName(entry),
        metadata: commandMetadata(entry),
        tap: commandFacts(entry),
      };
}

function webhookMetadata(entry: TappedWebhook): Record<string, unknown> {
  return isObject(entry.body) ? entry.body : {};
}

function commandName(entry: TappedCommand): string {
  return entry.action ?? `${entry.method} ${entry.path}`;
}

/** `params` and Telnyx's answer in the shape of a command record (read by timeline/eventReadings). */
function commandMetadata(entry: TappedCommand): Record<string, unknown> {
  const metadata: Record<string, unknown> = {};
  if (isObject(entry.body)) metadata.params = entry.body;
  if (entry.refused) return metadata;
  const status = entry.telnyx.status;
  if (status !== undefined && status >= 200 && status < 300) metadata.result = 'ok';
  if (entry.errors?.length) metadata.errors = entry.errors;
  if (entry.callControlId) metadata.call_control_id = entry.callControlId;
  return metadata;
}

function answerOf(answer: ForwardAnswer): NonNullable<TapFacts['app']> {
  const out: NonNullable<TapFacts['app']> = { ms: answer.ms };
  if (answer.pending) out.pending = true;
  if (answer.status !== undefined) out.status = answer.status;
  if (answer.failure !== undefined) out.failure = answer.failure;
  return out;
}

function webhookFacts(entry: TappedWebhook): TapFacts {
  return { seq: entry.seq, atMs: entry.atMs, app: answerOf(entry.app), signature: entry.signature };
}

function commandFacts(entry: TappedCommand): TapFacts {
  // A request the command tap answered itself never reached Telnyx: no answer of Telnyx's to show.
  const facts: TapFacts = entry.refused
    ? { seq: entry.seq, atMs: entry.atMs, refusedByTap: entry.refused.reason }
    : { seq: entry.seq, atMs: entry.atMs, telnyx: answerOf(entry.telnyx) };
  const error = entry.errors?.[0];
  if (error) facts.error = { ...error };
  if (entry.reactionTo) {
    facts.reactionMs = entry.reactionTo.ms;
    facts.reactionToSeq = entry.reactionTo.seq;
  }
  return facts;
}
