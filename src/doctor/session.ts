// The session as the rules see it: events in time order with their metadata read once, grouped by leg.
import { parseTimestampMicros } from '../timeline/time';
import { readEvent, type ReadEvent } from './read';
import type { DoctorEvent } from './types';

export interface Ev {
  /** Index in the caller's array (what findings point at). */
  index: number;
  event: DoctorEvent;
  at: number;
  read: ReadEvent;
}

export interface Leg {
  legId: string;
  events: Ev[];
  /** The first delivered call.hangup. */
  hangup?: Ev;
  direction?: string;
}

export interface Session {
  ordered: Ev[];
  legs: Leg[];
  lastAt: number;
}

export function buildSession(events: readonly DoctorEvent[]): Session {
  const ordered: Ev[] = events.map((event, index) => ({
    index,
    event,
    at: parseTimestampMicros(event.event_timestamp),
    read: readEvent(event.type, event.metadata),
  }));
  ordered.sort((a, b) => {
    const aBad = Number.isNaN(a.at);
    const bBad = Number.isNaN(b.at);
    if (aBad || bBad) return aBad === bBad ? a.index - b.index : aBad ? 1 : -1;
    return a.at - b.at || a.index - b.index;
  });
  const byLeg = new Map<string, Leg>();
  const legs: Leg[] = [];
  let lastAt = Number.NaN;
  for (const ev of ordered) {
    if (!Number.isNaN(ev.at)) lastAt = ev.at;
    let leg = byLeg.get(ev.event.call_leg_id);
    if (!leg) {
      leg = { legId: ev.event.call_leg_id, events: [] };
      byLeg.set(leg.legId, leg);
      legs.push(leg);
    }
    leg.events.push(ev);
    if (ev.event.type === 'webhook') {
      if (!leg.direction && ev.read.direction) leg.direction = ev.read.direction;
      if (!leg.hangup && ev.event.name === 'call.hangup' && !ev.read.deliveryFailed) leg.hangup = ev;
    }
  }
  return { ordered, legs, lastAt };
}

export function isWebhook(ev: Ev): boolean {
  return ev.event.type === 'webhook';
}

export function isCommand(ev: Ev): boolean {
  return ev.event.type === 'command';
}

/** A later delivery of the same webhook: same id, or same name and occurred_at on the same leg. */
export function sameWebhook(a: Ev, b: Ev): boolean {
  if (a.event.name !== b.event.name || a.event.call_leg_id !== b.event.call_leg_id) return false;
  if (a.read.webhookId && b.read.webhookId) return a.read.webhookId === b.read.webhookId;
  return a.read.occurredAt !== undefined && a.read.occurredAt === b.read.occurredAt;
}

/** Short leg label for titles: the first block of the leg id. */
export function shortLeg(legId: string): string {
  return legId.split('-')[0] || legId;
}

export function seconds(micros: number): string {
  return (micros / 1_000_000).toFixed(micros < 10_000_000 ? 2 : 1);
}
