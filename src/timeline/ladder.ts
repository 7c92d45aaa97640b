// The ladder (sequence diagram) of a timeline: one lifeline for the application and one per leg,
// each shown event an arrow between the application and its leg, in time order down the page.
// Redeliveries of one webhook share an arrow (with a count); gaps over a second get a label and
// long silences a fixed-height break, so a 10-minute call does not scroll through emptiness.
import { commandDisplayName } from './commands';
import { arrowFacts, type ArrowFacts } from './arrowFacts';
import type { HangupFacts } from './endOfCall';
import type { Timeline, TimelineEntry, TimelineEvent } from './model';
import type { TapAnswer } from './tapFacts';

export interface LadderOptions {
  /** Height of one arrow's row (px). */
  rowHeight: number;
  /** Gaps longer than this get a label row (µs). */
  gapLabelMicros: number;
  /** Gaps longer than this are drawn as a break of fixed height instead (µs). */
  breakMicros: number;
  /** Extra height above an arrow with a gap label (px). */
  gapHeight: number;
  /** Extra height above an arrow after a break (px). */
  breakHeight: number;
}

export const DEFAULT_LADDER_OPTIONS: LadderOptions = {
  rowHeight: 32,
  gapLabelMicros: 1_000_000,
  breakMicros: 30_000_000,
  gapHeight: 18,
  breakHeight: 30,
};

export interface Lifeline {
  /** 0 is the application; leg lifelines follow in the order of the timeline's lanes. */
  index: number;
  kind: 'application' | 'leg';
  /** The timeline lane (legs only). */
  lane?: number;
  legId?: string;
  /** The first 8 characters of the leg id. */
  shortLegId?: string;
  direction?: string;
  from?: string;
  to?: string;
  /** From the leg's last `call.hangup` webhook. */
  hangup?: HangupFacts;
}

export interface Arrow {
  /** Position among the arrows (time order). */
  index: number;
  kind: 'webhook' | 'command';
  name: string;
  /** Lifeline indexes: webhooks go leg → application, commands application → leg. */
  from: number;
  to: number;
  /** The leg's lifeline (same as `from` or `to`). */
  leg: number;
  /** The first event of the arrow, then its redeliveries in time order. */
  entries: TimelineEntry[];
  /** The entry the arrow stands for (its first), for selection and time. */
  entry: TimelineEntry;
  /** How many events the arrow stands for (1 + redeliveries). */
  count: number;
  /** Every delivery of this webhook failed. */
  broken: boolean;
  /** Delivery attempts seen (the highest attempt number, or the count). */
  attempts: number;
  /** Whether a delivery went to the failover URL: true, false, or undefined when unknown. */
  failover: boolean | undefined;
  result?: string;
  errorCode?: string;
  /** Webhooks seen by the live tap: the application's answer to each delivery, in time order. */
  appAnswers?: TapAnswer[];
  /** Commands seen by the live tap: Telnyx's answer, and the error code of a refusal. */
  telnyxAnswer?: { answer: TapAnswer; code?: string; title?: string };
  /** Top of the arrow's row (px). */
  y: number;
  /** Microseconds since the previous arrow, when longer than the label threshold. */
  gapBeforeMicros?: number;
  /** The gap before this arrow was compressed into a break. */
  breakBefore: boolean;
}

export interface Ladder {
  lifelines: Lifeline[];
  arrows: Arrow[];
  /** Total height of the arrows' rows (px). */
  height: number;
  options: LadderOptions;
  /** Arrow index by the key of every event it stands for. */
  arrowOfKey: Map<string, number>;
}

export function factsOf(entry: TimelineEntry): ArrowFacts | undefined {
  const event: TimelineEvent = entry.event;
  return event.facts ?? (event.metadata !== undefined ? arrowFacts(event.type, event.name, event.metadata) : undefined);
}

export function shortLegId(legId: string): string {
  return legId.slice(0, 8);
}

function lifelinesOf(timeline: Timeline): Lifeline[] {
  const lifelines: Lifeline[] = [{ index: 0, kind: 'application' }];
  for (const lane of timeline.lanes) {
    lifelines.push({
      index: lane.index + 1,
      kind: 'leg',
      lane: lane.index,
      legId: lane.legId,
      shortLegId: shortLegId(lane.legId),
    });
  }
  for (const entry of timeline.entries) {
    const line = lifelines[entry.lane + 1];
    const s = entry.summary;
    line.direction ??= s.direction;
    line.from ??= s.from;
    line.to ??= s.to;
    const hangup = entry.event.name === 'call.hangup' ? factsOf(entry)?.hangup : undefined;
    if (hangup) line.hangup = hangup;
  }
  return lifelines;
}

/**
 * The arrow an event re-delivers, if any: the same webhook id; else a later attempt of the same
 * webhook on the same leg (attempt > 1 after an attempt lower than it); else the same webhook with
 * the same `occurred_at` in its payload.
 */
function stackTarget(
  entry: TimelineEntry,
  facts: ArrowFacts | undefined,
  open: Map<string, Arrow>,
  lastByName: Map<string, Arrow>,
): Arrow | undefined {
  if (entry.event.type !== 'webhook' || !facts) return undefined;
  const legName = `${entry.lane}\u0000${entry.event.name}`;
  if (facts.webhookId) return open.get(`id\u0000${facts.webhookId}`);
  if (facts.occurredAt) {
    const same = open.get(`at\u0000${legName}\u0000${facts.occurredAt}`);
    if (same) return same;
  }
  if (facts.attempt !== undefined && facts.attempt > 1) {
    const previous = lastByName.get(legName);
    if (previous && previous.attempts < facts.attempt) return previous;
  }
  return undefined;
}

function stackKeys(entry: TimelineEntry, facts: ArrowFacts | undefined): string[] {
  if (entry.event.type !== 'webhook' || !facts) return [];
  const keys: string[] = [];
  if (facts.webhookId) keys.push(`id\u0000${facts.webhookId}`);
  else if (facts.occurredAt) keys.push(`at\u0000${entry.lane}\u0000${entry.event.name}\u0000${facts.occurredAt}`);
  return keys;
}

/**
 * Lays out `shown` (entries of `timeline`, in time order, e.g. after filtering). Lifelines come
 * from the whole timeline, so filtering never moves a leg.
 */
export function layoutLadder(
  timeline: Timeline,
  shown: readonly TimelineEntry[],
  options: LadderOptions = DEFAULT_LADDER_OPTIONS,
): Ladder {
  const lifelines = lifelinesOf(timeline);
  const arrows: Arrow[] = [];
  const open = new Map<string, Arrow>();
  const lastByName = new Map<string, Arrow>();
  const arrowOfKey = new Map<string, number>();
  let y = 0;
  let previousMicros = Number.NaN;
  const urls = new Map<Arrow, Set<string>>();

  for (const entry of shown) {
    const facts = factsOf(entry);
    const failed = entry.summary.failed;
    const target = stackTarget(entry, facts, open, lastByName);
    if (target) {
      target.entries.push(entry);
      target.count++;
      target.attempts = Math.max(target.attempts + 1, facts?.attempt ?? 0);
      target.broken = target.broken && failed;
      if (facts?.failover !== undefined) target.failover = (target.failover ?? false) || facts.failover;
      if (facts?.deliveredTo) urls.get(target)?.add(facts.deliveredTo);
      const app = entry.event.tap?.app;
      if (app) target.appAnswers = [...(target.appAnswers ?? []), app];
      arrowOfKey.set(entry.key, target.index);
      continue;
    }
    const isWebhook = entry.event.type === 'webhook';
    const leg = entry.lane + 1;
    const arrow: Arrow = {
      index: arrows.length,
      kind: isWebhook ? 'webhook' : 'command',
      name: isWebhook ? entry.event.name : commandDisplayName(entry.event.name),
      from: isWebhook ? leg : 0,
      to: isWebhook ? 0 : leg,
      leg,
      entries: [entry],
      entry,
      count: 1,
      broken: isWebhook && failed,
      attempts: facts?.attempt ?? 1,
      failover: facts?.failover,
      y: 0,
      breakBefore: false,
    };
    if (facts?.result !== undefined) arrow.result = facts.result;
    if (facts?.errorCode !== undefined) arrow.errorCode = facts.errorCode;
    if (!isWebhook && failed) arrow.broken = true;
    const tap = entry.event.tap;
    if (tap?.app) arrow.appAnswers = [tap.app];
    if (tap?.telnyx) {
      arrow.telnyxAnswer = { answer: tap.telnyx };
      if (tap.error?.code) arrow.telnyxAnswer.code = tap.error.code;
      if (tap.error?.title) arrow.telnyxAnswer.title = tap.error.title;
    }

    const gap =
      Number.isNaN(previousMicros) || Number.isNaN(entry.atMicros) ? undefined : entry.atMicros - previousMicros;
    if (gap !== undefined && gap > options.breakMicros) {
      arrow.breakBefore = true;
      arrow.gapBeforeMicros = gap;
      y += options.breakHeight;
    } else if (gap !== undefined && gap > options.gapLabelMicros) {
      arrow.gapBeforeMicros = gap;
      y += options.gapHeight;
    }
    arrow.y = y;
    y += options.rowHeight;
    if (!Number.isNaN(entry.atMicros)) previousMicros = entry.atMicros;

    arrows.push(arrow);
    arrowOfKey.set(entry.key, arrow.index);
    for (const key of stackKeys(entry, facts)) open.set(key, arrow);
    if (isWebhook) lastByName.set(`${entry.lane}\u0000${entry.event.name}`, arrow);
    if (facts?.deliveredTo) urls.set(arrow, new Set([facts.deliveredTo]));
  }
  // A retry that went to a second URL went to the failover URL (Telnyx has only the two).
  for (const [arrow, seen] of urls) if (arrow.failover === undefined && arrow.count > 1) arrow.failover = seen.size > 1;
  return { lifelines, arrows, height: y, options, arrowOfKey };
}

/** Top of the space an arrow takes, including its gap label or break above it. */
export function arrowTop(ladder: Ladder, arrow: Arrow): number {
  if (arrow.breakBefore) return arrow.y - ladder.options.breakHeight;
  if (arrow.gapBeforeMicros !== undefined) return arrow.y - ladder.options.gapHeight;
  return arrow.y;
}

/**
 * The arrows at least partly inside [top, bottom) (px), as a half-open index range: only these
 * need to be in the DOM. `overscan` rows are added on each side for smooth scrolling.
 */
export function arrowsInWindow(
  ladder: Ladder,
  top: number,
  bottom: number,
  overscan = 0,
): { start: number; end: number } {
  const arrows = ladder.arrows;
  const row = ladder.options.rowHeight;
  // First arrow whose row ends below `top`.
  let lo = 0;
  let hi = arrows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (arrows[mid].y + row <= top) lo = mid + 1;
    else hi = mid;
  }
  const start = lo;
  // First arrow whose space starts at or below `bottom`.
  hi = arrows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (arrowTop(ladder, arrows[mid]) < bottom) lo = mid + 1;
    else hi = mid;
  }
  return { start: Math.max(0, start - overscan), end: Math.min(arrows.length, lo + overscan) };
}
