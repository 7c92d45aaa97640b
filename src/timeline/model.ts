// The timeline of a call session or leg: events in time order, each placed on the lane of its leg,
// with the time since the first event and the gap since the previous one.
import type { CallEvent } from '../telnyx/types';
import { arrowFacts, type ArrowFacts } from './arrowFacts';
import { summarizeMetadata, webhookDelivery, type MetadataSummary } from './metadata';
import { isFailure, type SeenBy, type TapFacts, type TapMarks } from './tapFacts';
import { formatIsoMicros, parseTimestampMicros } from './time';

/** The fields of an event that the list, lanes and filters read; `metadata` or a ready `summary`. */
export interface TimelineEvent
  extends Pick<CallEvent, 'call_leg_id' | 'call_session_id' | 'event_timestamp' | 'name' | 'type'>, TapMarks {
  metadata?: unknown;
  summary?: MetadataSummary;
  /** Unique within the timeline when set (see `keyEvents`); else `eventKey`. */
  key?: string;
  /** One of several deliveries of the same webhook: this record's attempt. */
  redelivery?: { attempt: number };
  /** What is wrong with a record the client could not read as an event. */
  problem?: string;
  /** What the ladder draws beyond the name; read from `metadata` when absent. */
  facts?: ArrowFacts;
}

/**
 * What the webview gets of an event: everything a row shows, with the metadata already summarised.
 * The raw metadata (most of the bytes) stays in the extension and is sent for one event on request.
 */
export interface EventRow extends Pick<
  CallEvent,
  'call_leg_id' | 'call_session_id' | 'event_timestamp' | 'name' | 'type'
> {
  summary: MetadataSummary;
  key?: string;
  redelivery?: { attempt: number };
  problem?: string;
  facts?: ArrowFacts;
  /** What the live tap saw of it (the application's or Telnyx's answer), when it passed the tap. */
  tap?: TapFacts;
  seenBy?: SeenBy;
}

/** A record of Telnyx's, or an entry of the live tap in the same shape (src/tap/events.ts). */
export type PanelEvent = CallEvent & TapMarks;

export function toEventRow(event: PanelEvent): EventRow {
  return rowOf(event, undefined, undefined);
}

function rowOf(event: PanelEvent, key: string | undefined, redelivery: { attempt: number } | undefined): EventRow {
  const facts = arrowFacts(event.type, event.name, event.metadata);
  const row: EventRow = {
    ...(facts ? { facts } : {}),
    call_leg_id: event.call_leg_id,
    call_session_id: event.call_session_id,
    event_timestamp: event.event_timestamp,
    name: event.name,
    type: event.type,
    summary: withTapAnswer(summarizeMetadata(event.metadata), event.tap),
  };
  if (key !== undefined) row.key = key;
  if (redelivery) row.redelivery = redelivery;
  if (event.problem) row.problem = event.problem;
  if (event.tap) row.tap = event.tap;
  if (event.seenBy) row.seenBy = event.seenBy;
  return row;
}

/** The application's answer, seen by the tap, is the delivery's outcome: a non-2xx or no answer failed. */
function withTapAnswer(summary: MetadataSummary, tap: TapFacts | undefined): MetadataSummary {
  if (!tap?.app || tap.app.pending) return summary;
  const failed = isFailure(tap.app);
  return {
    ...summary,
    failed: summary.failed || failed,
    deliveryStatus: tap.app.status !== undefined ? String(tap.app.status) : (tap.app.failure ?? summary.deliveryStatus),
  };
}

// ---- identity of events (they have no id) ------------------------------------------------------

function stable(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stable);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value as Record<string, unknown>).sort())
      out[key] = stable((value as Record<string, unknown>)[key]);
    return out;
  }
  return value;
}

/**
 * The whole record, field order aside: two records are the same event only when every field is
 * equal (a page read twice). Two deliveries of one webhook differ (meta.attempt) and both stay.
 */
export function contentKey(event: object): string {
  return JSON.stringify(stable(event));
}

/** Drops records identical in every field to an earlier one (shifted or repeated pages). */
export function dedupeEvents(events: readonly CallEvent[]): CallEvent[] {
  const seen = new Set<string>();
  return events.filter((event) => {
    const key = contentKey(event);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * A key per event, unique in the list and stable while events are only appended: `eventKey`, with
 * `#2`, `#3`… for later events that share timestamp, name and leg (e.g. two deliveries).
 */
export function keyEvents(events: readonly Pick<CallEvent, 'event_timestamp' | 'name' | 'call_leg_id'>[]): string[] {
  const counts = new Map<string, number>();
  return events.map((event) => {
    const base = eventKey(event);
    const n = (counts.get(base) ?? 0) + 1;
    counts.set(base, n);
    return n === 1 ? base : `${base}#${n}`;
  });
}

/**
 * Repeated deliveries of a webhook: a record whose delivery attempt is above 1, or, when the
 * metadata does not say, any record of a webhook (same envelope id, or same timestamp, name and leg)
 * after its first, which is the delivery itself and is not marked. Each gets its attempt (from the
 * metadata, else its place among the deliveries).
 */
export function redeliveries(events: readonly CallEvent[]): Array<{ attempt: number } | undefined> {
  const groups = new Map<string, number[]>();
  events.forEach((event, index) => {
    if (event.type !== 'webhook') return;
    const id = webhookDelivery(event.metadata).webhookId;
    const key = id ? `id:${id}` : `at:${eventKey(event)}`;
    const group = groups.get(key) ?? [];
    group.push(index);
    groups.set(key, group);
  });
  const result: Array<{ attempt: number } | undefined> = events.map(() => undefined);
  for (const group of groups.values()) {
    group.forEach((index, place) => {
      const attempt = summarizeMetadata(events[index].metadata).attempt;
      const repeated = attempt !== undefined ? attempt > 1 : place > 0;
      if (repeated) result[index] = { attempt: attempt ?? place + 1 };
    });
  }
  return result;
}

/** Rows for the page: unique keys, redeliveries marked, odd records flagged. */
export function toEventRows(events: readonly PanelEvent[]): EventRow[] {
  const keys = keyEvents(events);
  const marks = redeliveries(events);
  return events.map((event, index) => rowOf(event, keys[index], marks[index]));
}

/**
 * Events that do not belong to what was asked for (Telnyx ignores filters it does not apply, and
 * then answers with the account's recent events): split them off so they are not shown as the call's.
 */
export function splitByFilter<E extends Pick<CallEvent, 'call_leg_id' | 'call_session_id'>>(
  events: readonly E[],
  filter: { legId?: string; applicationSessionId?: string },
): { matching: E[]; outside: E[] } {
  const matching: E[] = [];
  const outside: E[] = [];
  for (const event of events) {
    const fits =
      (!filter.legId || event.call_leg_id === filter.legId) &&
      (!filter.applicationSessionId || event.call_session_id === filter.applicationSessionId);
    (fits ? matching : outside).push(event);
  }
  return { matching, outside };
}

/**
 * The lower bound of an incremental refresh: the latest timestamp minus an overlap, because events
 * are recorded late and out of order. The overlap is re-read each time and merged by content.
 */
export function refreshFrom(
  events: readonly Pick<CallEvent, 'event_timestamp'>[],
  overlapMicros: number,
): string | undefined {
  const latest = latestTimestamp(events);
  if (latest === undefined) return undefined;
  return formatIsoMicros(parseTimestampMicros(latest) - overlapMicros);
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
      lane = {
        index: lanes.length,
        legId: event.call_leg_id,
        sessionId: event.call_session_id,
        eventCount: 0,
        firstMicros: at,
        lastMicros: at,
      };
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
      key: event.key ?? eventKey(event),
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
 * Adds `incoming` to `existing`, dropping records already present (identical in every field), so an
 * incremental refresh that overlaps what is shown cannot duplicate anything, while a second delivery
 * of a webhook (same timestamp and name, another attempt) is kept.
 */
export function mergeEvents<E extends object>(
  existing: readonly E[],
  incoming: readonly E[],
): { events: E[]; added: number } {
  const seen = new Set(existing.map(contentKey));
  const events = existing.slice();
  let added = 0;
  for (const event of incoming) {
    const key = contentKey(event);
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
