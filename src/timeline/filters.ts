// Filtering happens in the webview on every keystroke, over up to tens of thousands of entries:
// one pass, no allocation per entry beyond the result.
import type { CallEventType } from '../telnyx/types';
import type { TimelineEntry } from './model';

export interface TimelineFilter {
  type: 'all' | CallEventType;
  /** Case-insensitive substring of the event name. */
  text: string;
  failedOnly: boolean;
}

export const NO_FILTER: TimelineFilter = { type: 'all', text: '', failedOnly: false };

export interface FilterCounts {
  /** Every event loaded. */
  total: number;
  /** Events that pass all filters. */
  shown: number;
  /** What each type choice would show with the other filters as they are. */
  byType: { all: number; command: number; webhook: number };
  /** What "failed only" would show with the other filters as they are. */
  failed: number;
}

export interface FilterResult {
  entries: TimelineEntry[];
  counts: FilterCounts;
}

export function applyFilter(entries: readonly TimelineEntry[], filter: TimelineFilter): FilterResult {
  const needle = filter.text.trim().toLowerCase();
  const shown: TimelineEntry[] = [];
  const byType = { all: 0, command: 0, webhook: 0 };
  let failed = 0;
  for (const entry of entries) {
    if (needle && !entry.event.name.toLowerCase().includes(needle)) continue;
    const typeMatches = filter.type === 'all' || entry.event.type === filter.type;
    const isFailed = entry.summary.failed;
    if (!filter.failedOnly || isFailed) {
      byType.all++;
      if (entry.event.type === 'command') byType.command++;
      else if (entry.event.type === 'webhook') byType.webhook++;
    }
    if (typeMatches && isFailed) failed++;
    if (typeMatches && (!filter.failedOnly || isFailed)) shown.push(entry);
  }
  return { entries: shown, counts: { total: entries.length, shown: shown.length, byType, failed } };
}
