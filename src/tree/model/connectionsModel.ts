// The state behind the Connections tree: connection pages, each connection's active-call pages and
// active-call counts. No 'vscode' here: the tree renders this model, tests drive it directly.
import { NoApiKeyError } from '../../core/errors';
import type { TelnyxApi } from '../../telnyx/api';
import { isStaleCursorError, isTelnyxError } from '../../telnyx/errors';
import type { ActiveCall, Connection } from '../../telnyx/types';
import { AccountBinding, AccountOutdatedError, type AccountClients } from './accountBinding';
import { NoActiveCallsListError, typeMayLackActiveCallsList } from './activeCallsSupport';
import { ConcurrencyLimiter } from './limiter';
import type { LiveCallsSummary } from '../../services/services';
import { summarizeLiveCalls } from './liveCalls';
import { PagedList, type ListDiff } from './pagedList';

/** getApi() answered undefined: no key is set. One class for every reader: the core's. */
export { NoApiKeyError };

/**
 * A connection that Telnyx says has no active-calls list. Not a failure to show as one. Decided from
 * Telnyx's answer and the connection's type (see activeCallsSupport.ts).
 */
export function isNoActiveCallsList(error: unknown): boolean {
  return error instanceof NoActiveCallsListError;
}

import type { CountState } from './countState';

export type { CountState };

export type ModelChange =
  { kind: 'root' } | { kind: 'calls'; connectionId: string } | { kind: 'count'; connectionId: string };

export interface ConnectionsModelOptions {
  /** The accounts' clients: the model reads for the account in use at its first read, and only for it. */
  clients: AccountClients;
  pageSize: number;
  nameFilter?: string;
  /** Count requests in flight at once (default 4). */
  countConcurrency?: number;
  now?: () => number;
}

export class ConnectionsModel {
  private connectionList: PagedList<Connection>;
  private readonly callLists = new Map<string, PagedList<ActiveCall>>();
  private readonly counts = new Map<string, CountState>();
  private readonly pendingCounts = new Map<string, Promise<void>>();
  /**
   * Counts are read at most once per Refresh: a connection's count is read again only when its row
   * is shown in a later generation (each manual Refresh starts one).
   */
  private countGeneration = 0;
  private readonly countedIn = new Map<string, number>();
  /** Connections read one by one (not on a loaded page) to learn their type. */
  private readonly looked = new Map<string, Connection>();
  /** Connections Telnyx said have no active-calls list, until a Refresh asks again. */
  private readonly noList = new Map<string, NoActiveCallsListError>();
  private readonly listeners = new Set<(change: ModelChange) => void>();
  private readonly limiter: ConcurrencyLimiter;
  private readonly abort = new AbortController();
  private filter: string | undefined;
  private readonly account: AccountBinding;

  constructor(private readonly options: ConnectionsModelOptions) {
    this.account = new AccountBinding(options.clients);
    this.limiter = new ConcurrencyLimiter(options.countConcurrency ?? 4);
    this.filter = options.nameFilter;
    this.connectionList = this.createConnectionList();
  }

  get pageSize(): number {
    return this.options.pageSize;
  }

  /** The account the rows belong to (what is kept per account, e.g. the call doctor's findings); undefined before the first read. */
  get accountId(): string | undefined {
    return this.account.accountId;
  }

  get nameFilter(): string | undefined {
    return this.filter;
  }
  get connections(): PagedList<Connection> {
    return this.connectionList;
  }

  onDidChange(listener: (change: ModelChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A new name filter starts the connection pages over; calls and counts already read are kept. */
  setNameFilter(filter: string | undefined): void {
    this.filter = filter?.trim() || undefined;
    this.connectionList.dispose();
    this.connectionList = this.createConnectionList();
    this.emit({ kind: 'root' });
  }

  /** The active calls of one connection; created (not loaded) on first use. */
  callsOf(connectionId: string): PagedList<ActiveCall> {
    let list = this.callLists.get(connectionId);
    if (!list) {
      list = new PagedList<ActiveCall>({
        key: (call) => call.call_control_id,
        now: this.options.now,
        read: (from, signal, live) => this.readCallsPage(connectionId, from, signal, live),
        onDidChange: () => this.callsChanged(connectionId),
        isStaleContinuation: isStaleCursorError,
      });
      this.callLists.set(connectionId, list);
    }
    return list;
  }

  existingCallsOf(connectionId: string): PagedList<ActiveCall> | undefined {
    return this.callLists.get(connectionId);
  }

  countOf(connectionId: string): CountState | undefined {
    return this.counts.get(connectionId);
  }

  /** The live calls of the connections counted so far (the status bar shows their sum). */
  liveCalls(): LiveCallsSummary {
    return summarizeLiveCalls(this.counts, (connectionId) => this.connectionName(connectionId));
  }

  /** The name of a connection the model has read (on a loaded page or one by one), if it has one. */
  connectionName(connectionId: string): string | undefined {
    return this.knownConnection(connectionId)?.connection_name || undefined;
  }

  /**
   * The tree shows this connection's row: read its count unless it was read (or is being read) since
   * the last Refresh, or the connection's own call list already tells it. Nothing is counted for
   * rows nobody has shown (a page loaded for a reveal, a Refresh while the view is hidden).
   */
  countShown(connectionId: string): void {
    if (this.countedIn.get(connectionId) === this.countGeneration) return;
    const list = this.callLists.get(connectionId);
    if (list && list.pagesLoaded > 0 && !list.failure) {
      // Expanded and loaded (or being re-read by this Refresh): the list's read sets the count.
      this.countedIn.set(connectionId, this.countGeneration);
      return;
    }
    void this.requestCount(connectionId);
  }

  /** Reads a connection's active-call count (one `page[limit]=1` request, at most N at once). */
  requestCount(connectionId: string): Promise<void> {
    const pending = this.pendingCounts.get(connectionId);
    if (pending) return pending;
    this.countedIn.set(connectionId, this.countGeneration);
    if (!this.counts.has(connectionId)) this.counts.set(connectionId, { kind: 'pending' });
    const run = this.limiter
      .run(async () => {
        if (this.abort.signal.aborted) return;
        const noList = this.noList.get(connectionId);
        if (noList) throw noList;
        const api = await this.requireApi();
        // Counts are many and only decorate rows: they wait behind hovers, panels and opened lists.
        try {
          return await api.listActiveCalls(
            connectionId,
            { limit: 1 },
            { signal: this.abort.signal, priority: 'background' },
          );
        } catch (error) {
          throw await this.explainListError(api, connectionId, error, this.abort.signal);
        }
      })
      .then(
        (page) => {
          if (!page || this.abort.signal.aborted) return;
          const total = page.meta.total_items;
          this.counts.set(
            connectionId,
            total !== undefined
              ? { kind: 'known', total }
              : page.data.length === 0
                ? { kind: 'known', total: 0 }
                : page.nextCursor
                  ? { kind: 'atLeast', total: page.data.length }
                  : { kind: 'known', total: page.data.length },
          );
        },
        (error: unknown) => {
          if (this.abort.signal.aborted) return;
          this.counts.set(
            connectionId,
            isNoActiveCallsList(error) ? { kind: 'unsupported' } : { kind: 'failed', error },
          );
        },
      )
      .finally(() => {
        this.pendingCounts.delete(connectionId);
        this.emit({ kind: 'count', connectionId });
      });
    this.pendingCounts.set(connectionId, run);
    return run;
  }

  /**
   * Counts of every loaded connection not yet read since the last Refresh (the "only connections
   * with calls" filter needs them all to decide which rows to show).
   */
  refreshCounts(): Promise<void> {
    for (const connection of this.connectionList.items) this.countShown(connection.id);
    return Promise.all(this.pendingCounts.values()).then(() => undefined);
  }

  /**
   * The manual Refresh: connection pages already shown and the calls of the given (expanded)
   * connections. Counts are read again as their rows are shown (`countShown`), once each; with
   * `countAll`, for every loaded connection at once.
   */
  async refreshAll(expandedConnectionIds: Iterable<string>, options: { countAll?: boolean } = {}): Promise<void> {
    this.countGeneration += 1;
    this.noList.clear();
    const calls = [...expandedConnectionIds].map((id) => this.callLists.get(id)?.refresh({ manual: true }));
    await this.connectionList.refresh({ manual: true });
    await Promise.all([options.countAll ? this.refreshCounts() : undefined, ...calls]);
  }

  /** One connection: its calls when loaded (which also tell its count), else its count. */
  async refreshConnection(connectionId: string): Promise<ListDiff | undefined> {
    this.noList.delete(connectionId);
    const list = this.callLists.get(connectionId);
    if (list?.started) return list.refresh({ manual: true });
    await this.requestCount(connectionId);
    return undefined;
  }

  async whenIdle(): Promise<void> {
    for (;;) {
      const waits = [
        this.connectionList.whenIdle(),
        ...[...this.callLists.values()].map((list) => list.whenIdle()),
        ...this.pendingCounts.values(),
      ];
      await Promise.allSettled(waits);
      const busy =
        this.connectionList.busy !== undefined ||
        this.pendingCounts.size > 0 ||
        [...this.callLists.values()].some((list) => list.busy !== undefined);
      if (!busy) return;
    }
  }

  dispose(): void {
    this.abort.abort();
    this.connectionList.dispose();
    for (const list of this.callLists.values()) list.dispose();
    this.listeners.clear();
  }

  private createConnectionList(): PagedList<Connection> {
    const filter = this.filter;
    const list: PagedList<Connection> = new PagedList<Connection>({
      key: (connection) => connection.id,
      now: this.options.now,
      read: async (from, signal) => {
        const api = await this.requireApi();
        const pageNumber = typeof from === 'number' ? from : 1;
        const page = await api.listConnections(
          { pageNumber, pageSize: this.options.pageSize, sort: 'connection_name', nameContains: filter },
          { signal },
        );
        const { page_number: number, total_pages: totalPages, total_results: total } = page.meta;
        const at = number ?? pageNumber;
        // Counts are optional in the spec: without them, a page that is not full is the last.
        const last =
          page.data.length === 0 ||
          (totalPages !== undefined
            ? at >= totalPages
            : page.data.length < (page.meta.page_size || this.options.pageSize));
        return { items: page.data, next: last ? undefined : at + 1, total };
      },
      onDidChange: () => {
        if (list !== this.connectionList) return;
        this.emit({ kind: 'root' });
      },
    });
    return list;
  }

  private async readCallsPage(
    connectionId: string,
    from: string | number | undefined,
    signal: AbortSignal,
    live: boolean,
  ) {
    const noList = this.noList.get(connectionId);
    if (noList) throw noList;
    const api = await this.requireApi();
    const after = typeof from === 'string' ? from : undefined;
    // Polling is the lowest priority in the shared budget; a page the user opened is not.
    const priority = live ? 'background' : 'normal';
    let page;
    try {
      page = await api.listActiveCalls(connectionId, { limit: this.options.pageSize, after }, { signal, priority });
    } catch (error) {
      throw await this.explainListError(api, connectionId, error, signal);
    }
    // The client drops a cursor that repeats the one sent; pass it on so the list knows it ended on a
    // repeat and stays ended through live refreshes (which start again from a cursor-less first page).
    const repeated =
      page.data.length > 0 && after !== undefined && page.meta.cursors?.after === after ? after : undefined;
    return { items: page.data, next: page.nextCursor ?? repeated, total: page.meta.total_items };
  }

  private knownConnection(connectionId: string): Connection | undefined {
    return this.connectionList.items.find((c) => c.id === connectionId) ?? this.looked.get(connectionId);
  }

  /**
   * Telnyx refused the list with a 10015 naming the connection: on a SIP connection (its type read
   * once when the tree has not loaded it, e.g. a reveal by id) that means it has no list, remembered
   * until a Refresh. Other errors, and this one on other types, pass through as failures.
   */
  private async explainListError(
    api: TelnyxApi,
    connectionId: string,
    error: unknown,
    signal: AbortSignal,
  ): Promise<unknown> {
    if (!isTelnyxError(error) || error.kind !== 'invalid_connection') return error;
    let connection = this.knownConnection(connectionId);
    if (!connection) {
      try {
        connection = await api.getConnection(connectionId, { signal });
        this.looked.set(connectionId, connection);
      } catch {
        return error;
      }
    }
    if (!typeMayLackActiveCallsList(connection)) return error;
    const noList = new NoActiveCallsListError(connection.record_type);
    this.noList.set(connectionId, noList);
    return noList;
  }

  private callsChanged(connectionId: string): void {
    const list = this.callLists.get(connectionId);
    // A finished read also tells the count, so the description matches the rows without a request.
    if (list && list.busy === undefined && !list.failure && list.pagesLoaded > 0) {
      // Once the walk has ended, what was found wins over a total_items that no page bore out.
      if (list.complete) this.counts.set(connectionId, { kind: 'known', total: list.items.length });
      else if (list.total !== undefined) this.counts.set(connectionId, { kind: 'known', total: list.total });
    } else if (list?.failure && isNoActiveCallsList(list.failure.error)) {
      this.counts.set(connectionId, { kind: 'unsupported' });
    }
    this.emit({ kind: 'calls', connectionId });
  }

  /**
   * The client of the model's account. Once that account is removed or reads another key or API
   * address, the model stops: what it holds is of the account before, and its owner is about to be
   * told of the change (ApiAccess's `account` change) and replace it.
   */
  private async requireApi(): Promise<TelnyxApi> {
    try {
      return await this.account.api();
    } catch (error) {
      if (error instanceof AccountOutdatedError) this.dispose();
      throw error;
    }
  }

  private emit(change: ModelChange): void {
    for (const listener of [...this.listeners]) listener(change);
  }
}
