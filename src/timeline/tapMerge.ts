// Telnyx's record of a call (`/call_events`) and the live tap's record of it, shown once: each record
// event takes at most one tapped event as the same thing, which then shows as seen by both.
//
// The rule, webhooks: the same envelope id (`data.id`) and, when both say it, the same attempt
// (`meta.attempt`); when the record has no id, the same event type on the same leg, its time within
// SAME_WITHIN_MS of the tapped webhook's own `occurred_at` (every delivery repeats it; the arrival
// at the tap when the envelope lacks it), the attempt deciding between several, else the closest.
// Commands: the same `command_id` when both carry one; otherwise the same Call Control action on the
// same leg, the record's time within SAME_WITHIN_MS of the command reaching the tap, the closest.
// Nothing is matched twice, and nothing that does not match is dropped: it shows as seen by one.
import type { CallEvent } from '../telnyx/types';
import { callControlAction } from './commands';
import { readCommand } from './eventReadings';
import { isObject, webhookDelivery } from './metadata';
import type { PanelEvent } from './model';
import { parseTimestampMicros } from './time';

/** How far apart Telnyx's time of an event and the tap's may be for the two to be one event. */
export const SAME_WITHIN_MS = 2_000;

interface Candidate {
  event: PanelEvent;
  /** The time compared with the record's: occurred_at (webhooks) or arrival at the tap. */
  atMicros: number;
  webhookId?: string;
  attempt?: number;
  action?: string;
  commandId?: string;
  taken: boolean;
}

/**
 * The record's events (each marked `record`, or `both` with the tap's facts when the tap saw it too),
 * then the tapped events the record does not have yet (marked `tap`). With nothing tapped, the
 * record is returned unmarked.
 */
export function mergeTapWithRecord(record: readonly CallEvent[], tapped: readonly PanelEvent[]): PanelEvent[] {
  if (!tapped.length) return record.slice();
  const candidates = tapped.map(candidateOf);
  const merged: PanelEvent[] = record.map((event) => {
    const match = findMatch(event, candidates);
    if (!match) return { ...event, seenBy: 'record' };
    match.taken = true;
    return { ...event, tap: match.event.tap, seenBy: 'both' };
  });
  for (const candidate of candidates) if (!candidate.taken) merged.push(candidate.event);
  return merged;
}

function candidateOf(event: PanelEvent): Candidate {
  const candidate: Candidate = { event, atMicros: parseTimestampMicros(event.event_timestamp), taken: false };
  if (event.type === 'webhook') {
    const delivery = webhookDelivery(event.metadata);
    candidate.webhookId = delivery.webhookId;
    candidate.attempt = delivery.attempt;
    const occurred = delivery.occurredAt ? parseTimestampMicros(delivery.occurredAt) : Number.NaN;
    if (!Number.isNaN(occurred)) candidate.atMicros = occurred;
  } else {
    candidate.action = callControlAction(event.name);
    candidate.commandId = commandIdOf(event.metadata);
  }
  return candidate;
}

function commandIdOf(metadata: unknown): string | undefined {
  const params = readCommand(metadata).parameters;
  const id =
    (isObject(params) ? params.command_id : undefined) ?? (isObject(metadata) ? metadata.command_id : undefined);
  return typeof id === 'string' && id !== '' ? id : undefined;
}

function findMatch(event: CallEvent, candidates: readonly Candidate[]): Candidate | undefined {
  const open = candidates.filter((c) => !c.taken && c.event.type === event.type);
  return event.type === 'webhook' ? webhookMatch(event, open) : commandMatch(event, open);
}

function webhookMatch(event: CallEvent, open: readonly Candidate[]): Candidate | undefined {
  const delivery = webhookDelivery(event.metadata);
  if (delivery.webhookId) {
    const same = open.filter((c) => c.webhookId === delivery.webhookId);
    return (
      byAttempt(same, delivery.attempt) ?? same.find((c) => c.attempt === undefined || delivery.attempt === undefined)
    );
  }
  const near = closeOnLeg(event, open, (c) => c.event.name === event.name);
  return byAttempt(near, delivery.attempt) ?? near[0];
}

function commandMatch(event: CallEvent, open: readonly Candidate[]): Candidate | undefined {
  const action = callControlAction(event.name);
  const commandId = commandIdOf(event.metadata);
  if (commandId) {
    const same = open.find((c) => c.commandId === commandId && (c.action ?? c.event.name) === (action ?? event.name));
    if (same) return same;
  }
  return closeOnLeg(event, open, (c) => (c.action ?? c.event.name) === (action ?? event.name))[0];
}

function byAttempt(candidates: readonly Candidate[], attempt: number | undefined): Candidate | undefined {
  return attempt === undefined ? undefined : candidates.find((c) => c.attempt === attempt);
}

/** Candidates of the same kind on the event's leg within SAME_WITHIN_MS of it, the closest first. */
function closeOnLeg(event: CallEvent, open: readonly Candidate[], same: (c: Candidate) => boolean): Candidate[] {
  const at = parseTimestampMicros(event.event_timestamp);
  if (Number.isNaN(at)) return [];
  return open
    .filter((c) => c.event.call_leg_id === event.call_leg_id && same(c))
    .map((c) => ({ c, distance: Math.abs(c.atMicros - at) }))
    .filter((d) => d.distance <= SAME_WITHIN_MS * 1000)
    .sort((a, b) => a.distance - b.distance)
    .map((d) => d.c);
}
