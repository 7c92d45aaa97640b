import type { TelnyxApi } from '../telnyx/api';
import type { CallEvent } from '../telnyx/types';
import { webhookPayload } from '../timeline/metadata';
import { parseTimestampMicros } from '../timeline/time';
import type { LegAndSessionIds } from './knownIds';

const PAGE_SIZE = 250;
const MAX_PAGES = 8;

function mentions(event: CallEvent, callControlId: string): boolean {
  const metadata = event.metadata as Record<string, unknown> | undefined;
  if (!metadata || typeof metadata !== 'object') return false;
  const payload = webhookPayload(metadata);
  if (metadata.call_control_id === callControlId || payload?.call_control_id === callControlId) return true;
  return JSON.stringify(metadata).includes(callControlId);
}

/** Which way a page of events runs; Telnyx says "ordered by occurred_at" without a direction. */
export function pageOrder(events: readonly CallEvent[]): 'ascending' | 'descending' | 'unknown' {
  if (events.length < 2) return 'unknown';
  const first = parseTimestampMicros(events[0].event_timestamp);
  const last = parseTimestampMicros(events[events.length - 1].event_timestamp);
  if (Number.isNaN(first) || Number.isNaN(last) || first === last) return 'unknown';
  return first < last ? 'ascending' : 'descending';
}

/** Probes at most this far (pages of 250: a million events, more than 24 hours hold). */
const MAX_PROBED_PAGE = 4096;

/**
 * The number of the last page when the pages do not say (their counts are optional): doubling until
 * a page is not full, then halving the gap, so a few requests find it among thousands of pages.
 * Each page read is kept in `read` for the search that follows.
 */
async function lastPageNumber(
  api: TelnyxApi,
  full: (events: readonly CallEvent[]) => boolean,
  read: Map<number, CallEvent[]>,
  signal: AbortSignal,
): Promise<number> {
  const page = async (n: number): Promise<CallEvent[]> => {
    let events = read.get(n);
    if (!events) {
      events = (await api.listCallEvents({ pageNumber: n, pageSize: PAGE_SIZE }, { signal })).data;
      read.set(n, events);
    }
    return events;
  };
  let lastFull = 1;
  let probe = 2;
  while (probe <= MAX_PROBED_PAGE && full(await page(probe))) {
    lastFull = probe;
    probe *= 2;
  }
  if (probe > MAX_PROBED_PAGE) return lastFull;
  let notFull = probe;
  while (notFull - lastFull > 1) {
    const middle = Math.floor((lastFull + notFull) / 2);
    if (full(await page(middle))) lastFull = middle;
    else notFull = middle;
  }
  return (await page(notFull)).length > 0 ? notFull : lastFull;
}

/**
 * When a call's status is gone and its leg is unknown, the only link left is webhook and command
 * metadata, which carries the call_control_id. Unfiltered event searches cover the last 24 hours;
 * the newest pages are read first, a bounded number of them. Which pages are the newest is learnt
 * from the first page: newest first, read on from page 2; oldest first, read back from the last
 * page (found by probing when the pages do not say how many there are).
 */
export async function findCallIdsInRecentEvents(
  api: TelnyxApi,
  callControlId: string,
  signal: AbortSignal,
): Promise<LegAndSessionIds | undefined> {
  const first = await api.listCallEvents({ pageNumber: 1, pageSize: PAGE_SIZE }, { signal });
  const check = (events: readonly CallEvent[]): LegAndSessionIds | undefined => {
    const hit = events.find((event) => mentions(event, callControlId));
    return hit ? { legId: hit.call_leg_id, sessionId: hit.call_session_id } : undefined;
  };
  const full = (events: readonly CallEvent[]): boolean =>
    events.length > 0 && events.length >= (first.meta.page_size || PAGE_SIZE);
  if (pageOrder(first.data) === 'descending') {
    const newest = check(first.data);
    if (newest) return newest;
    let previous = first.data;
    const total = first.meta.total_pages;
    for (
      let page = 2, read = 0;
      read < MAX_PAGES && (total === undefined ? full(previous) : page <= total);
      page++, read++
    ) {
      previous = (await api.listCallEvents({ pageNumber: page, pageSize: PAGE_SIZE }, { signal })).data;
      const found = check(previous);
      if (found) return found;
    }
    return undefined;
  }
  const read = new Map<number, CallEvent[]>([[1, first.data]]);
  const total = first.meta.total_pages ?? (full(first.data) ? await lastPageNumber(api, full, read, signal) : 1);
  for (let page = total, count = 0; page > 1 && count < MAX_PAGES; page--, count++) {
    const events =
      read.get(page) ?? (await api.listCallEvents({ pageNumber: page, pageSize: PAGE_SIZE }, { signal })).data;
    const found = check(events);
    if (found) return found;
  }
  return check(first.data);
}
