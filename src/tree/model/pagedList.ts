// A list read one page at a time, the model behind every expandable row of the Connections tree.
// It keeps the rows loaded so far and where the next page starts (a page number or an opaque
// cursor), and never imports 'vscode' so it is tested in plain Node against the real simulator.

/** Where the next page starts: a page number (connections) or a cursor (active calls). */
export type Continuation = string | number;

export interface Page<T> {
  items: T[];
  /** undefined when the server says this is the last page. */
  next: Continuation | undefined;
  /** How many rows the server says exist in all, when it says so. */
  total?: number;
}

/**
 * Reads the page starting at `from` (undefined: the first page). Rejects on failure. `live` is true
 * for a refresh nobody asked for (polling), which may wait behind what the user is looking at.
 */
export type PageReader<T> = (from: Continuation | undefined, signal: AbortSignal, live: boolean) => Promise<Page<T>>;

export type Operation = 'first' | 'more' | 'refresh';

export interface ListFailure {
  error: unknown;
  during: Operation;
}

/** What a refresh changed, by key: the tree re-renders rows only for what changed. */
export interface ListDiff {
  added: string[];
  removed: string[];
  /** Keys still present, in the new order. */
  kept: string[];
  /** True when the rows are no longer in the same order (or some were added or removed). */
  reordered: boolean;
}

export interface Loaded<T> {
  item: T;
  /** Clock time (ms) when this row was last read from the server: durations tick from here. */
  readAt: number;
}

export interface PagedListOptions<T> {
  read: PageReader<T>;
  key: (item: T) => string;
  /** Called after every state change (loading started, page appended, failure, refresh). */
  onDidChange?: () => void;
  now?: () => number;
  /** True for an error that says the continuation is no longer accepted (an expired cursor): start again. */
  isStaleContinuation?: (error: unknown) => boolean;
}

export interface RefreshOptions {
  /**
   * The user asked (Refresh): forget that the list ended on a repeated continuation. Live refreshes
   * leave that end alone, so a server whose cursor never changes cannot bring "Load more" back.
   */
  manual?: boolean;
}

/**
 * Rows of a paged list and its continuation. Guarantees:
 * - a page is read only when asked for (`loadNextPage`), never twice at once: a second request
 *   while one is in flight gets the same promise;
 * - a continuation seen before ends the list instead of looping;
 * - a row whose key was already loaded is shown once (pages can shift while the server changes);
 * - `refresh` re-reads from the start as many rows as are shown and swaps them in only on success;
 * - operations run one after another, so a refresh never interleaves with "Load more".
 */
export class PagedList<T> {
  private rows: Array<Loaded<T>> = [];
  private nextFrom: Continuation | undefined;
  private seen = new Set<string>();
  private pages = 0;
  private completeValue = false;
  private repeatedContinuation = false;
  /** The continuation that repeated and ended the list; stays ended through live refreshes. */
  private stuckOn: string | undefined;
  private restartedValue = false;
  private failureValue: ListFailure | undefined;
  private busyValue: Operation | undefined;
  private totalValue: number | undefined;
  private pendingLoad: Promise<void> | undefined;
  private pendingRefresh: Promise<ListDiff | undefined> | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly abort = new AbortController();
  private readonly now: () => number;

  constructor(private readonly options: PagedListOptions<T>) {
    this.now = options.now ?? Date.now;
  }

  get items(): readonly T[] {
    return this.rows.map((row) => row.item);
  }
  get loaded(): ReadonlyArray<Loaded<T>> {
    return this.rows;
  }
  /** True once the first page was asked for. */
  get started(): boolean {
    return this.pages > 0 || this.busyValue !== undefined || this.failureValue !== undefined;
  }
  get pagesLoaded(): number {
    return this.pages;
  }
  /** No further page: the server said so, a continuation repeated, or a page came back empty. */
  get complete(): boolean {
    return this.completeValue;
  }
  /** True when the list ended because the server sent a continuation it had sent before. */
  get endedOnRepeatedContinuation(): boolean {
    return this.repeatedContinuation;
  }
  /** True when the server refused the continuation and the list was read again from the first page. */
  get restartedFromFirstPage(): boolean {
    return this.restartedValue;
  }
  get hasMore(): boolean {
    return this.pages > 0 && !this.completeValue;
  }
  get failure(): ListFailure | undefined {
    return this.failureValue;
  }
  /** What is loading; nothing once disposed (a read abandoned then never finishes). */
  get busy(): Operation | undefined {
    return this.disposed ? undefined : this.busyValue;
  }
  /** The server's count of all rows, from the latest page that carried one. */
  get total(): number | undefined {
    return this.totalValue;
  }
  get disposed(): boolean {
    return this.abort.signal.aborted;
  }

  /** Loads the first page unless something was already asked for. */
  ensureStarted(): Promise<void> {
    if (this.started) return this.pendingLoad ?? Promise.resolve();
    return this.loadNextPage();
  }

  /** Appends exactly one page; concurrent calls share it; nothing when the list is complete. */
  loadNextPage(): Promise<void> {
    if (this.pendingLoad) return this.pendingLoad;
    if (this.completeValue || this.disposed) return Promise.resolve();
    const load = this.enqueue(() => this.readNextPage());
    this.pendingLoad = load;
    void load.finally(() => {
      if (this.pendingLoad === load) this.pendingLoad = undefined;
    });
    return load;
  }

  /**
   * Re-reads from the first page until at least as many rows as are shown (one page when none are),
   * then replaces the rows: ended ones vanish, new ones appear, the rest are updated in place.
   * On failure the rows shown stay and `failure` says what happened. Does nothing before the first
   * page was asked for.
   */
  refresh(options: RefreshOptions = {}): Promise<ListDiff | undefined> {
    if (!this.started || this.disposed) return Promise.resolve(undefined);
    if (options.manual) {
      this.stuckOn = undefined;
      this.restartedValue = false;
    }
    if (this.pendingRefresh) return this.pendingRefresh;
    const live = !options.manual;
    const refresh = this.enqueue(() => this.resync(live));
    this.pendingRefresh = refresh;
    void refresh.finally(() => {
      if (this.pendingRefresh === refresh) this.pendingRefresh = undefined;
    });
    return refresh;
  }

  /** Repeats what failed: the page that could not be read, or the refresh. */
  retry(): Promise<unknown> {
    const failure = this.failureValue;
    if (!failure) return this.pages === 0 ? this.loadNextPage() : Promise.resolve();
    if (failure.during === 'refresh') return this.refresh();
    return this.loadNextPage();
  }

  /**
   * The row with this key: starts the list if need be, then reads page after page until the row is
   * loaded or there is no further page (undefined then, or when a page could not be read).
   */
  async find(key: string): Promise<Loaded<T> | undefined> {
    await this.ensureStarted();
    await this.whenIdle();
    for (;;) {
      const found = this.rows.find((row) => this.options.key(row.item) === key);
      if (found) return found;
      if (!this.hasMore || this.failureValue || this.disposed) return undefined;
      await this.loadNextPage();
    }
  }

  /** Resolves when nothing is loading. */
  async whenIdle(): Promise<void> {
    while (this.pendingLoad || this.pendingRefresh) {
      await Promise.allSettled([this.pendingLoad, this.pendingRefresh]);
    }
  }

  /** Abandons requests in flight; later results are dropped. */
  dispose(): void {
    this.abort.abort();
  }

  private enqueue<R>(operation: () => Promise<R>): Promise<R> {
    const run = this.queue.then(operation, operation);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private changed(): void {
    if (!this.disposed) this.options.onDidChange?.();
  }

  private async readNextPage(): Promise<void> {
    if (this.completeValue || this.disposed) return;
    const during: Operation = this.pages === 0 ? 'first' : 'more';
    this.busyValue = during;
    this.failureValue = undefined;
    this.changed();
    try {
      const page = await this.options.read(this.pages === 0 ? undefined : this.nextFrom, this.abort.signal, false);
      if (this.disposed) return;
      const readAt = this.now();
      const index = new Map(this.rows.map((row, i) => [this.options.key(row.item), i]));
      for (const item of page.items) {
        const key = this.options.key(item);
        const at = index.get(key);
        if (at === undefined) {
          index.set(key, this.rows.length);
          this.rows.push({ item, readAt });
        } else {
          this.rows[at] = { item, readAt };
        }
      }
      this.pages += 1;
      if (page.total !== undefined) this.totalValue = page.total;
      this.advance(page, this.seen);
    } catch (error) {
      if (this.disposed) return;
      if (during === 'more' && this.options.isStaleContinuation?.(error)) {
        await this.restartFromFirstPage();
        return;
      }
      this.failureValue = { error, during };
    } finally {
      this.busyValue = undefined;
      this.changed();
    }
  }

  /** The continuation expired: read the first page again and show it in place of what was shown. */
  private async restartFromFirstPage(): Promise<void> {
    try {
      const page = await this.options.read(undefined, this.abort.signal, false);
      if (this.disposed) return;
      const readAt = this.now();
      const keys = new Set<string>();
      this.rows = [];
      for (const item of page.items) {
        const key = this.options.key(item);
        if (keys.has(key)) continue;
        keys.add(key);
        this.rows.push({ item, readAt });
      }
      this.pages = 1;
      this.seen = new Set();
      if (page.total !== undefined) this.totalValue = page.total;
      this.restartedValue = true;
      this.advance(page, this.seen);
    } catch (error) {
      if (!this.disposed) this.failureValue = { error, during: 'more' };
    }
  }

  /** Moves the continuation past `page`, ending the list when there is nothing new to read. */
  private advance(page: Page<T>, seen: Set<string>): void {
    const next = page.next;
    const nextKey = next === undefined ? undefined : `${typeof next}:${next}`;
    this.repeatedContinuation = nextKey !== undefined && (seen.has(nextKey) || nextKey === this.stuckOn);
    if (this.repeatedContinuation) this.stuckOn = nextKey;
    if (nextKey === undefined || this.repeatedContinuation || page.items.length === 0) {
      this.completeValue = true;
      this.nextFrom = undefined;
    } else {
      seen.add(nextKey);
      this.completeValue = false;
      this.nextFrom = next;
    }
  }

  private async resync(live: boolean): Promise<ListDiff | undefined> {
    if (this.disposed) return undefined;
    this.busyValue = 'refresh';
    this.changed();
    const wanted = Math.max(this.rows.length, 1);
    const rows: Array<Loaded<T>> = [];
    const keys = new Set<string>();
    const seen = new Set<string>();
    let from: Continuation | undefined;
    let pages = 0;
    let last: Page<T> | undefined;
    let total: number | undefined;
    try {
      for (;;) {
        const page = await this.options.read(from, this.abort.signal, live);
        if (this.disposed) return undefined;
        const readAt = this.now();
        pages += 1;
        last = page;
        if (page.total !== undefined) total = page.total;
        for (const item of page.items) {
          const key = this.options.key(item);
          if (keys.has(key)) continue;
          keys.add(key);
          rows.push({ item, readAt });
        }
        const nextKey = page.next === undefined ? undefined : `${typeof page.next}:${page.next}`;
        if (nextKey === undefined || seen.has(nextKey) || page.items.length === 0) break;
        if (rows.length >= wanted) break;
        seen.add(nextKey);
        from = page.next;
      }
    } catch (error) {
      if (this.disposed) return undefined;
      this.failureValue = { error, during: 'refresh' };
      this.busyValue = undefined;
      this.changed();
      return undefined;
    }
    if (!last) return undefined;
    const diff = diffKeys(
      this.rows.map((row) => this.options.key(row.item)),
      rows.map((row) => this.options.key(row.item)),
    );
    this.rows = rows;
    this.pages = pages;
    this.seen = seen;
    this.totalValue = total ?? this.totalValue;
    this.failureValue = undefined;
    this.advance(last, seen);
    this.busyValue = undefined;
    this.changed();
    return diff;
  }
}

export function diffKeys(before: readonly string[], after: readonly string[]): ListDiff {
  const beforeSet = new Set(before);
  const afterSet = new Set(after);
  const added = after.filter((key) => !beforeSet.has(key));
  const removed = before.filter((key) => !afterSet.has(key));
  const kept = after.filter((key) => beforeSet.has(key));
  const keptBefore = before.filter((key) => afterSet.has(key));
  const reordered = added.length > 0 || removed.length > 0 || kept.some((key, i) => keptBefore[i] !== key);
  return { added, removed, kept, reordered };
}
