// Walking pages. Both walkers stop rather than loop when the server misbehaves: an empty page, a
// cursor seen before, or a page number the server did not honour.
import { linkSignals } from './abort';
import type { CursorPage, NumberedPage, TimelineProgress } from './types';

/**
 * Whether a numbered page is the last. The spec makes `total_pages` optional: without it, pages
 * continue while they are full, "full" being the page size the meta states or else the first page's
 * length (a server may clamp the size asked for without saying).
 */
export function isLastNumberedPage(page: NumberedPage<unknown>, pageNumber: number, firstPageLength: number): boolean {
  if (page.data.length === 0) return true;
  if (page.meta.total_pages !== undefined) return pageNumber >= page.meta.total_pages;
  const full = page.meta.page_size || firstPageLength;
  return page.data.length < full;
}

/** The same records as the previous page: a server that ignores page[number] and says nothing of it. */
function samePage(a: readonly unknown[] | undefined, b: readonly unknown[]): boolean {
  if (!a || a.length !== b.length || a.length === 0) return false;
  return (
    JSON.stringify(a[0]) === JSON.stringify(b[0]) && JSON.stringify(a[a.length - 1]) === JSON.stringify(b[b.length - 1])
  );
}

export async function* walkNumberedPages<T>(
  fetchPage: (pageNumber: number) => Promise<NumberedPage<T>>,
  firstPage = 1,
): AsyncGenerator<T[]> {
  let firstLength = 0;
  let previous: T[] | undefined;
  for (let pageNumber = Math.max(1, firstPage); ; pageNumber++) {
    const page = await fetchPage(pageNumber);
    if (page.data.length === 0) return;
    // A server that ignores page[number] would otherwise hand back page 1 forever.
    if (page.meta.page_number !== undefined && page.meta.page_number !== pageNumber) return;
    if (page.meta.page_number === undefined && samePage(previous, page.data)) return;
    if (firstLength === 0) firstLength = page.data.length;
    yield page.data;
    if (isLastNumberedPage(page, pageNumber, firstLength)) return;
    previous = page.data;
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
  /**
   * Whether one more page may be asked for while `inFlight` of this fetch's pages are unanswered;
   * asked before each page after the first and again as each answer comes. One page is always allowed.
   */
  mayWiden: (inFlight: number) => boolean;
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
 * Page 1 tells how many pages there are; pages 2..N then load as many at a time as `mayWiden`
 * allows, each stored in its own slot so the result keeps the API's order whatever finishes first.
 * When page 1 does not say (its counts are optional), pages are read that way until one is short or
 * empty; pages asked for past that one are dropped.
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
    const counted = first.meta.total_pages !== undefined;
    const cap = options.maxPages === undefined ? Number.POSITIVE_INFINITY : Math.max(1, Math.floor(options.maxPages));
    const allPages =
      first.data.length === 0 ? 1 : counted ? Math.max(1, first.meta.total_pages ?? 1) : Number.POSITIVE_INFINITY;
    // Without counts, the first page alone may already be the last.
    let lastPage = Math.min(
      allPages,
      cap,
      !counted && isLastNumberedPage(first, 1, first.data.length) ? 1 : Number.POSITIVE_INFINITY,
    );
    if (!options.first) options.onPage?.(1, first.data);
    const pages: T[][] = [first.data];
    let pagesLoaded = 1;
    let eventsLoaded = first.data.length;
    const report = (): void => {
      try {
        const totalPages = Number.isFinite(lastPage) && (counted || lastPage === pagesLoaded) ? lastPage : 0;
        options.onProgress?.({
          pagesLoaded,
          totalPages,
          eventsLoaded,
          totalEvents: first.meta.total_results ?? (totalPages ? eventsLoaded : 0),
        });
      } catch {
        // Progress is informational; a failing listener must not fail the load.
      }
    };
    report();

    let nextPage = 2;
    const store = (pageNumber: number, page: NumberedPage<T>): void => {
      if (pageNumber > lastPage) return;
      if (!counted && isLastNumberedPage(page, pageNumber, first.data.length)) lastPage = pageNumber;
      pages[pageNumber - 1] = page.data;
      options.onPage?.(pageNumber, page.data);
      pagesLoaded++;
      eventsLoaded += page.data.length;
      report();
    };
    try {
      await new Promise<void>((resolve, reject) => {
        let inFlight = 0;
        let failed = false;
        const fail = (error: unknown): void => {
          if (failed) return;
          failed = true;
          reject(error);
        };
        const launch = (): void => {
          while (!failed && nextPage <= lastPage && (inFlight === 0 || options.mayWiden(inFlight))) {
            const pageNumber = nextPage++;
            inFlight++;
            fetchPage(pageNumber, pageSignal.signal)
              .then((page) => {
                inFlight--;
                if (failed) return;
                store(pageNumber, page);
                launch();
              })
              .catch(fail);
          }
          if (inFlight === 0 && !failed) resolve();
        };
        try {
          launch();
        } catch (error) {
          fail(error);
        }
      });
    } catch (error) {
      // One page failed: the timeline is incomplete anyway, so stop the pages still loading.
      stopOthers.abort();
      throw error;
    }
    return pages.slice(0, Number.isFinite(lastPage) ? lastPage : pages.length).flatMap((page) => page ?? []);
  } finally {
    pageSignal.dispose();
    dispose();
  }
}
