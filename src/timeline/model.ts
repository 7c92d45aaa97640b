// The timeline of a call session or leg: events in time order, each placed on the lane of its leg,
// with the time since the first event and the gap since the previous one.
import type { CallEvent } from '../telnyx/types';
import { arrowFacts, type ArrowFacts } from './arrowFacts';
import { summarizeMetadata, type MetadataSummary } from './metadata';
import { parseTimestampMicros } from './time';

/** The fields of an event that the list, lanes and filters read; `metadata` or a ready `summary`. */
export interface TimelineEvent extends Pick<CallEvent, 'call_leg_id' | 'call_session_id' | 'event_timestamp' | 'name' | 'type'> {
  metadata?: unknown;
  summary?: MetadataSummary;
  /** What the ladder draws beyond the name; read from `metadata` when absent. */
  facts?: ArrowFacts;
}

/**
 * What the webview gets of an event: everything a row shows, with the metadata already summarised.
 * The raw metadata (most of the bytes) stays in the extension and is sent for one event on request.
 */
export interface EventRow extends Pick<CallEvent, 'call_leg_id' | 'call_session_id' | 'event_timestamp' | 'name' | 'type'> {
  summary: MetadataSummary;
  facts?: ArrowFacts;
}

export function toEventRow(event: CallEvent): EventRow {
  const facts = arrowFacts(event.type, event.name, event.metadata);
  return {
    ...(facts ? { facts } : {}),
    call_leg_id: event.call_leg_id,
    call_session_id: event.call_session_id,
    event_timestamp: event.event_timestamp,
    name: event.name,
    type: event.type,
    summary: summarizeMetadata(event.metadata),
  };
}

export interface TimelineEntry<E extends TimelineEvent = TimelineEvent> {
  /** Identifies the event across refreshes (events have no id): timestamp, name and leg. */
  key: string;
  /** Position in time order. */
  index: number;
  event: E;
  /** Microseconds since the epoch; NaN when the timestamp could not be read. */
  atMicros: number;
  /** Microseconds since the first event. */
  sinceStartMicros: number;
  /** Microseconds since the previous event (undefined for the first). */
  gapMicros: number | undefined;
  lane: number;
  summary: MetadataSummary;
}

export interface Lane {
  index: number;
  legId: string;
  sessionId: string;
  eventCount: number;
  firstMicros: number;
  lastMicros: number;
}

export interface Timeline<E extends TimelineEvent = TimelineEvent> {
  entries: TimelineEntry<E>[];
  lanes: Lane[];
  /** Times of the first and last readable events; NaN when there are none. */
  startMicros: number;
  endMicros: number;
}

export function eventKey(event: Pick<CallEvent, 'event_timestamp' | 'name' | 'call_leg_id'>): string {
  return `${event.event_timestamp}\u0000${event.name}\u0000${event.call_leg_id}`;
}

/**
 * Events in time order (API order breaks ties; unreadable timestamps go last), one lane per leg in
 * the order legs first appear.
 */
export function buildTimeline<E extends TimelineEvent>(events: readonly E[]): Timeline<E> {
  const timed = events.map((event, order) => ({ event, order, at: parseTimestampMicros(event.event_timestamp) }));
  timed.sort((a, b) => {
    const aBad = Number.isNaN(a.at);
    const bBad = Number.isNaN(b.at);
    if (aBad || bBad) return aBad === bBad ? a.order - b.order : aBad ? 1 : -1;
    return a.at - b.at || a.order - b.order;
  });

  const lanesByLeg = new Map<string, Lane>();
  const lanes: Lane[] = [];
  const entries: TimelineEntry<E>[] = [];
  const first = timed.find((t) => !Number.isNaN(t.at))?.at ?? Number.NaN;
  let previous = Number.NaN;
  let last = Number.NaN;
  for (const { event, at } of timed) {
    let lane = lanesByLeg.get(event.call_leg_id);
    if (!lane) {
      lane = { index: lanes.length, legId: event.call_leg_id, sessionId: event.call_session_id, eventCount: 0, firstMicros: at, lastMicros: at };
      lanesByLeg.set(event.call_leg_id, lane);
      lanes.push(lane);
    }
    lane.eventCount++;
    if (!Number.isNaN(at)) {
      if (Number.isNaN(lane.firstMicros)) lane.firstMicros = at;
      lane.lastMicros = at;
      last = at;
    }
    entries.push({
      key: eventKey(event),
      index: entries.length,
      event,
      atMicros: at,
      sinceStartMicros: at - first,
      gapMicros: Number.isNaN(previous) || Number.isNaN(at) ? undefined : at - previous,
      lane: lane.index,
      summary: event.summary ?? summarizeMetadata(event.metadata),
    });
    if (!Number.isNaN(at)) previous = at;
  }
  return { entries, lanes, startMicros: first, endMicros: last };
}

/**
 * Adds `incoming` to `existing`, dropping events already present (same timestamp, name and leg),
 * so an incremental refresh that overlaps the last page cannot duplicate anything.
 */
export function mergeEvents<E extends TimelineEvent>(existing: readonly E[], incoming: readonly E[]): { events: E[]; added: number } {
  const seen = new Set(existing.map(eventKey));
  const events = existing.slice();
  let added = 0;
  for (const event of incoming) {
    const key = eventKey(event);
    if (seen.has(key)) continue;
    seen.add(key);
    events.push(event);
    added++;
  }
  return { events, added };
}

/**
 * The latest timestamp, as the API wrote it (full precision), for `filter[occurred_at][gt]`.
 * Undefined when no event has a readable timestamp.
 */
export function latestTimestamp(events: readonly Pick<CallEvent, 'event_timestamp'>[]): string | undefined {
  let best: { at: number; text: string } | undefined;
  for (const event of events) {
    const at = parseTimestampMicros(event.event_timestamp);
    if (Number.isNaN(at)) continue;
    if (!best || at > best.at) best = { at, text: event.event_timestamp };
  }
  return best?.text;
}

/** Keeps events within [notBefore, notAfter] (ISO 8601, either optional); unreadable bounds are ignored. */
export function withinBounds(events: readonly CallEvent[], notBefore?: string, notAfter?: string): CallEvent[] {
  const low = notBefore ? parseTimestampMicros(notBefore) : Number.NaN;
  const high = notAfter ? parseTimestampMicros(notAfter) : Number.NaN;
  if (Number.isNaN(low) && Number.isNaN(high)) return events.slice();
  return events.filter((event) => {
    const at = parseTimestampMicros(event.event_timestamp);
    if (Number.isNaN(at)) return false;
    return (Number.isNaN(low) || at >= low) && (Number.isNaN(high) || at <= high);
  });
}
