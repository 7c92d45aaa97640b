// Walking pages. Both walkers stop rather than loop when the server misbehaves: an empty page, a
// cursor seen before, or a page number the server did not honour.
import { linkSignals } from './abort';
import type { CursorPage, NumberedPage, TimelineProgress } from './types';

export async function* walkNumberedPages<T>(
  fetchPage: (pageNumber: number) => Promise<NumberedPage<T>>,
  firstPage = 1,
): AsyncGenerator<T[]> {
  for (let pageNumber = Math.max(1, firstPage); ; pageNumber++) {
    const page = await fetchPage(pageNumber);
    if (page.data.length === 0) return;
    // A server that ignores page[number] would otherwise hand back page 1 forever.
    if (page.meta.page_number !== pageNumber) return;
    yield page.data;
    if (pageNumber >= page.meta.total_pages) return;
  }
}

export async function* walkCursorPages<T>(
  fetchPage: (after: string | undefined) => Promise<CursorPage<T>>,
  firstAfter?: string,
): AsyncGenerator<T[]> {
  const seen = new Set<string>();
  let after = firstAfter;
  if (after) seen.add(after);
  for (;;) {
    const page = await fetchPage(after);
    if (page.data.length === 0) return;
    yield page.data;
    const next = page.nextCursor;
    if (!next || seen.has(next)) return;
    seen.add(next);
    after = next;
  }
}

export interface FetchAllOptions<T> {
  concurrency: number;
  signal?: AbortSignal;
  onProgress?: (progress: TimelineProgress) => void;
  /** Page 1 when the caller already has it (e.g. shown on its own first). */
  first?: NumberedPage<T>;
  /** Read at most this many pages (a cap on huge sessions); default all. */
  maxPages?: number;
  /** Each page as it arrives (in any order), so a caller that stops early keeps what it has. */
  onPage?: (pageNumber: number, data: T[]) => void;
}

/**
 * Page 1 tells how many pages there are; pages 2..N then load with at most `concurrency` in
 * flight, each stored in its own slot so the result keeps the API's order whatever finishes first.
 */
export async function fetchAllNumbered<T>(
  fetchPage: (pageNumber: number, signal: AbortSignal) => Promise<NumberedPage<T>>,
  options: FetchAllOptions<T>,
): Promise<T[]> {
  const { signal, dispose } = linkSignals(options.signal);
  const stopOthers = new AbortController();
  const pageSignal = linkSignals(signal, stopOthers.signal);
  try {
    const first = options.first ?? (await fetchPage(1, pageSignal.signal));
    const allPages = first.data.length === 0 ? 1 : Math.max(1, first.meta.total_pages);
    const totalPages = Math.max(1, Math.min(allPages, Math.floor(options.maxPages ?? allPages)));
    if (!options.first) options.onPage?.(1, first.data);
    const pages: T[][] = new Array<T[]>(totalPages).fill([]);
    pages[0] = first.data;
    let pagesLoaded = 1;
    let eventsLoaded = first.data.length;
    const report = (): void => {
      try {
        options.onProgress?.({ pagesLoaded, totalPages, eventsLoaded, totalEvents: first.meta.total_results });
      } catch {
        // Progress is informational; a failing listener must not fail the load.
      }
    };
    report();

    let nextPage = 2;
    const worker = async (): Promise<void> => {
      while (nextPage <= totalPages) {
        const pageNumber = nextPage++;
        const page = await fetchPage(pageNumber, pageSignal.signal);
        pages[pageNumber - 1] = page.data;
        options.onPage?.(pageNumber, page.data);
        pagesLoaded++;
        eventsLoaded += page.data.length;
        report();
      }
    };
    const workers = Math.max(1, Math.min(Math.floor(options.concurrency) || 1, totalPages - 1));
    try {
      await Promise.all(Array.from({ length: totalPages > 1 ? workers : 0 }, worker));
    } catch (error) {
      // One page failed: the timeline is incomplete anyway, so stop the pages still loading.
      stopOthers.abort();
      throw error;
    }
    return pages.flat();
  } finally {
    pageSignal.dispose();
    dispose();
  }
}
