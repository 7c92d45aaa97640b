// The session as the rules see it: events in time order with their metadata read once, grouped by leg.
import { callControlAction, type CallControlAction } from '../timeline/commands';
import { parseTimestampMicros } from '../timeline/time';
import { readEvent, type ReadEvent } from './read';
import type { DoctorEvent } from './types';

export interface Ev {
  /** Index in the caller's array (what findings point at). */
  index: number;
  event: DoctorEvent;
  at: number;
  read: ReadEvent;
  /** Commands: the Call Control action its name stands for; undefined when not recognised. */
  action?: CallControlAction;
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
    read: readEvent(event.type, event.metadata, event.tap),
    action: event.type === 'command' ? callControlAction(event.name) : undefined,
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
      // A hangup the application answered with an error still reached it (the tap saw it arrive).
      const arrived = !ev.read.deliveryFailed || ev.event.tap !== undefined;
      if (!leg.hangup && ev.event.name === 'call.hangup' && arrived) leg.hangup = ev;
    }
  }
  return { ordered, legs, lastAt };
}

/** Commands whose name is none of the Call Control actions in any known spelling. */
export function isUnrecognisedCommand(ev: Ev): boolean {
  return ev.event.type === 'command' && ev.action === undefined;
}

/** The name a rule compares commands by: the action when recognised, else the name as sent. */
export function commandKey(ev: Ev): string {
  return ev.action ?? ev.event.name;
}

export function isWebhook(ev: Ev): boolean {
  return ev.event.type === 'webhook';
}

export function isCommand(ev: Ev): boolean {
  return ev.event.type === 'command';
}

/**
 * What makes two deliveries the same webhook on a leg: its id, else its name and occurred_at.
 * Undefined when the metadata says neither (such a webhook is never taken for a redelivery).
 */
export function webhookIdentity(ev: Ev): string | undefined {
  if (ev.read.webhookId) return `id\u0000${ev.read.webhookId}`;
  return ev.read.occurredAt === undefined ? undefined : `at\u0000${ev.event.name}\u0000${ev.read.occurredAt}`;
}

export function seconds(micros: number): string {
  return (micros / 1_000_000).toFixed(micros < 10_000_000 ? 2 : 1);
}
