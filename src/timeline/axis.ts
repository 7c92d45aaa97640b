// Places events on the lanes' time axis. With thousands of events a lane would hold thousands of
// overlapping marks, so events are grouped per pixel column: one mark per column and lane, coloured
// by the most telling event in it (a failed delivery beats a webhook beats a command).
import type { Timeline, TimelineEntry } from './model';
import { formatSpan } from './time';

export interface LaneMark {
  lane: number;
  /** Pixel column from 0 to width - 1. */
  x: number;
  /** How many events fall in this column of this lane. */
  count: number;
  /** The event the mark stands for (the first in the column with the strongest kind). */
  entry: TimelineEntry;
  kind: 'command' | 'webhook' | 'failed';
}

function kindOf(entry: TimelineEntry): LaneMark['kind'] {
  if (entry.summary.failed) return 'failed';
  return entry.event.type === 'webhook' ? 'webhook' : 'command';
}

const STRENGTH: Record<LaneMark['kind'], number> = { command: 0, webhook: 1, failed: 2 };

/** The pixel column of a time; events without a readable time sit at column 0. */
export function columnOf(
  timeline: Pick<Timeline, 'startMicros' | 'endMicros'>,
  atMicros: number,
  width: number,
): number {
  const span = timeline.endMicros - timeline.startMicros;
  if (!(span > 0) || Number.isNaN(atMicros) || width <= 1) return 0;
  const ratio = (atMicros - timeline.startMicros) / span;
  return Math.min(width - 1, Math.max(0, Math.round(ratio * (width - 1))));
}

export function laneMarks(timeline: Timeline, entries: readonly TimelineEntry[], width: number): LaneMark[] {
  const marks = new Map<number, LaneMark>();
  const columns = Math.max(1, Math.floor(width));
  for (const entry of entries) {
    const x = columnOf(timeline, entry.atMicros, columns);
    const id = entry.lane * columns + x;
    const kind = kindOf(entry);
    const mark = marks.get(id);
    if (!mark) {
      marks.set(id, { lane: entry.lane, x, count: 1, entry, kind });
      continue;
    }
    mark.count++;
    if (STRENGTH[kind] > STRENGTH[mark.kind]) {
      mark.kind = kind;
      mark.entry = entry;
    }
  }
  return [...marks.values()];
}

/** The entry of `lane` closest in time to pixel column `x`, among `entries` (in time order). */
export function nearestInLane(
  timeline: Timeline,
  entries: readonly TimelineEntry[],
  lane: number,
  x: number,
  width: number,
): TimelineEntry | undefined {
  let best: TimelineEntry | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const entry of entries) {
    if (entry.lane !== lane) continue;
    const distance = Math.abs(columnOf(timeline, entry.atMicros, width) - x);
    if (distance < bestDistance) {
      best = entry;
      bestDistance = distance;
    }
  }
  return best;
}

/** A tick of the time axis, the span since its start: "0 s" at the start, then "4.479 s"… */
export function axisTickLabel(sinceStartMicros: number): string {
  return Number.isFinite(sinceStartMicros) ? formatSpan(sinceStartMicros) : '';
}
