// Webhook deliveries that failed in the last 15 minutes: the one request the status bar makes and
// what it reads from the answer. No 'vscode': the benchmark drives it against the simulator.
import type { TelnyxApi } from '../telnyx/api';
import { TelnyxError } from '../telnyx/errors';
import type { CallEvent, CallEventsFilter, NumberedPage } from '../telnyx/types';
import { readDelivery } from '../timeline/eventReadings';
import { webhookPayload } from '../timeline/metadata';

export const FAILED_WINDOW_MS = 15 * 60_000;
/** One page only: beyond it the status bar says "250+". */
export const FAILED_PAGE_SIZE = 250;
/** The check gives up after this long, whatever the client's retries and rate-limit pauses. */
export const CHECK_TIMEOUT_MS = 45_000;

export interface FailedDeliveries {
  /**
   * Failed deliveries on the page read (at most FAILED_PAGE_SIZE): rows Telnyx returned for
   * `filter[failed]=true` whose metadata says the delivery failed, or says nothing of it.
   */
  count: number;
  /** Of `count`, the rows whose metadata says nothing of the delivery (only Telnyx's filter says failed). */
  unconfirmed: number;
  /** Rows Telnyx's filter returned whose metadata says they were delivered: not counted. */
  contradicted: number;
  /** There are more than the page held. */
  more: boolean;
  /** The window's start (ISO 8601), as sent in `filter[occurred_at][gte]`. */
  since: string;
  /** Per connection, most failures first; `connectionId` undefined when the event did not say. */
  connections: Array<{ connectionId: string | undefined; count: number }>;
}

/** Failed webhook deliveries since `now` minus 15 minutes (Telnyx takes one occurred_at bound only). */
export function failedDeliveriesFilter(now: number): CallEventsFilter {
  return { failed: true, type: 'webhook', occurredAt: { gte: new Date(now - FAILED_WINDOW_MS).toISOString() } };
}

/**
 * What a page says. Events that do not match what was asked (a command, an older event: Telnyx
 * ignores filters it does not know) are left out rather than counted.
 */
export function summarizeFailedDeliveries(page: NumberedPage<CallEvent>, since: string): FailedDeliveries {
  const sinceMs = Date.parse(since);
  const matching = page.data.filter((event) => {
    if (event.type !== 'webhook') return false;
    const at = Date.parse(event.event_timestamp);
    // Microseconds are lost to Date; an event in the window's first millisecond still counts.
    return Number.isNaN(at) || Number.isNaN(sinceMs) || at >= sinceMs - 1;
  });
  const byConnection = new Map<string | undefined, number>();
  let unconfirmed = 0;
  let contradicted = 0;
  const counted = matching.filter((event) => {
    // The same judgement as the panel's and the doctor's (readDelivery), read with what Telnyx's filter said.
    const outcome = readDelivery(event.metadata).outcome;
    if (outcome === 'delivered') contradicted++;
    else if (outcome === 'unknown') unconfirmed++;
    return outcome !== 'delivered';
  });
  for (const event of counted) {
    const id = webhookPayload(event.metadata)?.connection_id;
    const connectionId = typeof id === 'string' && id ? id : undefined;
    byConnection.set(connectionId, (byConnection.get(connectionId) ?? 0) + 1);
  }
  const connections = [...byConnection].map(([connectionId, count]) => ({ connectionId, count }));
  connections.sort((a, b) => b.count - a.count || (a.connectionId ?? '~').localeCompare(b.connectionId ?? '~'));
  const more = page.data.length >= FAILED_PAGE_SIZE || (page.meta.total_pages ?? 1) > 1;
  return { count: counted.length, unconfirmed, contradicted, more, since, connections };
}

/**
 * Reads one page, at the lowest priority of the shared budget (behind hovers, panels and the tree's
 * opened lists), and never longer than CHECK_TIMEOUT_MS: past it, rejects with a TelnyxError of kind
 * 'timeout'. Aborting `signal` rejects with kind 'cancelled'.
 */
export async function readFailedDeliveries(
  api: TelnyxApi,
  now: number,
  signal?: AbortSignal,
  timeoutMs = CHECK_TIMEOUT_MS,
): Promise<FailedDeliveries> {
  const filter = failedDeliveriesFilter(now);
  const since = filter.occurredAt?.gte ?? new Date(now - FAILED_WINDOW_MS).toISOString();
  const stop = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    stop.abort();
  }, timeoutMs);
  const onAbort = (): void => stop.abort();
  signal?.addEventListener('abort', onAbort, { once: true });
  if (signal?.aborted) stop.abort();
  try {
    const page = await api.listCallEvents(
      { filter, pageNumber: 1, pageSize: FAILED_PAGE_SIZE },
      { signal: stop.signal, priority: 'background' },
    );
    return summarizeFailedDeliveries(page, since);
  } catch (error) {
    if (timedOut && !signal?.aborted) {
      throw new TelnyxError({
        kind: 'timeout',
        message: `No answer to the check of failed webhook deliveries within ${Math.round(timeoutMs / 1000)} s.`,
      });
    }
    throw error;
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
}
