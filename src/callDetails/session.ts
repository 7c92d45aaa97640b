// What one call details panel knows and does, without VS Code: the call's status and timeline,
// full and incremental loads, leg/session scope, progress, errors, auto-refresh and the one
// refresh after the call ended. The panel renders its state and forwards its updates to the page;
// tests drive it against the simulator in plain Node.
import { callState } from '../core/call';
import { isStatusGone } from '../core/errors';
import type { TelnyxApi } from '../telnyx/api';
import { isTelnyxError } from '../telnyx/errors';
import type { CallEvent, CallEventsFilter, CallStatus } from '../telnyx/types';
import { connectionIdFromEvents } from '../timeline/connection';
import { dedupeEvents, keyEvents, mergeEvents, refreshFrom, splitByFilter, toEventRows, withinBounds, type EventRow } from '../timeline/model';
import { findCallIdsInRecentEvents } from '../calls/findLeg';
import type { LegAndSessionIds } from '../calls/knownIds';
import type { ErrorView, PanelTarget, ProgressView, StatusView, TimelineScope } from './protocol';

export const AUTO_REFRESH_SECONDS = 5;
const EVENTS_PAGE_SIZE = 250;
/**
 * How far back a live refresh re-reads: events are recorded late and out of order, so asking only
 * for what is after the latest one seen would miss them for good. Re-read records merge by content.
 */
export const REFRESH_OVERLAP_SECONDS = 60;

/** What the session says to a person, worded (and translated) by its host. */
export interface CallSessionWords {
  errorView(error: unknown): ErrorView;
  noKey(): ErrorView;
  /** The status is gone and no recent event names the call. */
  unknownLeg(): ErrorView;
  /** Telnyx returned events of other calls (a filter it ignored). */
  ignoredFilter(count: number): ErrorView;
  stopped(read: number, total: number): string;
}

export interface CallSessionDeps {
  /** The client for event reads; undefined when no key is set; rejects when the base URL is refused. */
  getApi(): Promise<TelnyxApi | undefined>;
  /**
   * One call's status, read for the same account as `getApi`'s client; the host decides where it
   * comes from (the client, or the shared call store).
   */
  readStatus(callControlId: string, signal: AbortSignal): Promise<CallStatus>;
  /** When a status it returned was read from Telnyx (ms), if it may be older than now (a shared store). */
  readAtOf?(status: CallStatus): number | undefined;
  /** A reload (Refresh, another account) reads the status anew, not a kept one. */
  forgetStatus?(callControlId: string): void;
  /** Leg and session ids remembered across reloads. */
  knownCalls?: { get(callControlId: string): LegAndSessionIds | undefined; remember(callControlId: string, ids: LegAndSessionIds): void };
  /** Where a call's connection is learnt from its events (for "Reveal in tree"). */
  connections?: { connectionOf(callControlId: string): string | undefined; rememberConnection(callControlId: string, connectionId: string): void };
  /** Events a timeline loads before asking (0: no cap). */
  maxEvents(): number;
  /** Asked once a capped load finished; true loads the whole timeline. */
  confirmLoadPastCap?(total: number, shown: number): Promise<boolean>;
  words: CallSessionWords;
  warn?(message: string): void;
}

/** Everything the page is told, in the page's own message shapes (see protocol.ts). */
export type SessionUpdate =
  | { type: 'status'; view: StatusView }
  | { type: 'events'; replace: boolean; events: EventRow[]; scope: TimelineScope; canSwitchScope: boolean }
  /** The events changed in a way worth diagnosing again (a load finished, a refresh merged). */
  | { type: 'settled' }
  | { type: 'progress'; view: ProgressView }
  | { type: 'timelineError'; error: ErrorView | undefined }
  | { type: 'autoRefresh'; active: boolean }
  | { type: 'target'; target: PanelTarget; canSwitchScope: boolean }
  | { type: 'notice'; text: string };

/** How often a live call is polled: the host sets it from visibility and window focus. */
export type PollPace = 'fast' | 'slow' | 'paused';
/** Polling while visible but the window is not focused: a glance at another screen still sees it move. */
export const SLOW_REFRESH_SECONDS = 30;

export interface CallSessionState {
  readonly target: PanelTarget;
  readonly status: StatusView;
  readonly events: readonly CallEvent[];
  /** `events` as the page gets them (no metadata). */
  readonly rows: readonly EventRow[];
  readonly progress: ProgressView;
  readonly timelineError: ErrorView | undefined;
  /** The call is live and its panel keeps it current. */
  readonly autoRefresh: boolean;
  readonly pace: PollPace;
  /** One more read of the timeline is due after the call ended. */
  readonly finalRefreshPending: boolean;
  readonly scope: TimelineScope;
  readonly canSwitchScope: boolean;
  /** The last short message for the person (stopped, copied, exported). */
  readonly notice: string | undefined;
}


export class CallSession {
  private target: PanelTarget;
  private statusView: StatusView = { state: 'loading', fetchedAtMs: Date.now() };
  private events: CallEvent[] = [];
  private rows: EventRow[] = [];
  private eventsByKey: Map<string, CallEvent> | undefined;
  /** Whether `events` holds a full load of the current scope (incremental refresh builds on it). */
  private eventsComplete = false;
  private progress: ProgressView = { phase: 'idle' };
  private timelineError: ErrorView | undefined;
  private notice: string | undefined;
  private outsideCount = 0;
  private stopRequested = false;
  private capLifted = false;
  private autoRefresh = false;
  private pace: PollPace = 'paused';
  private pollTimer: ReturnType<typeof setTimeout> | undefined;
  private finalRefreshTimer: ReturnType<typeof setTimeout> | undefined;
  private lastTickMs = 0;
  private tickRunning: Promise<void> | undefined;
  private timelineAbort: AbortController | undefined;
  private statusAbort: AbortController | undefined;
  private reloading: Promise<void> | undefined;
  /** A load was cut short by a replaced client; `clientReplaced` loads again. */
  private cutShort = false;
  private disposed = false;
  private readonly listeners = new Set<(update: SessionUpdate) => void>();

  constructor(
    target: PanelTarget,
    private readonly deps: CallSessionDeps,
  ) {
    if (target.kind === 'call') {
      const known = deps.knownCalls?.get(target.callControlId);
      target = { ...target, legId: target.legId ?? known?.legId, sessionId: target.sessionId ?? known?.sessionId };
    }
    this.target = target;
  }

  get state(): CallSessionState {
    return {
      target: this.target,
      status: this.statusView,
      events: this.events,
      rows: this.rows,
      progress: this.progress,
      timelineError: this.timelineError,
      autoRefresh: this.autoRefresh,
      pace: this.pace,
      finalRefreshPending: this.finalRefreshTimer !== undefined,
      scope: this.scope,
      canSwitchScope: this.canSwitchScope(),
      notice: this.notice,
    };
  }

  get scope(): TimelineScope {
    return this.target.kind === 'call' ? this.target.scope : 'session';
  }

  /** Whether a full timeline (or at least one page of it) is held: the page shows it on 'ready'. */
  get hasTimeline(): boolean {
    return this.events.length > 0 || this.eventsComplete;
  }

  onDidUpdate(listener: (update: SessionUpdate) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(update: SessionUpdate): void {
    if (this.disposed) return;
    for (const listener of [...this.listeners]) listener(update);
  }

  /** The event behind a row's key, for the page's metadata request. */
  eventByKey(key: string): CallEvent | undefined {
    if (!this.eventsByKey) {
      const keys = keyEvents(this.events);
      this.eventsByKey = new Map(this.events.map((event, index) => [keys[index], event]));
    }
    return this.eventsByKey.get(key);
  }

  say(text: string): void {
    this.notice = text;
    this.emit({ type: 'notice', text });
  }

  /** Re-reads status and the whole timeline; concurrent calls share one run. */
  reload(): Promise<void> {
    if (this.target.kind === 'call') this.deps.forgetStatus?.(this.target.callControlId);
    this.reloading ??= this.reloadNow().finally(() => (this.reloading = undefined));
    return this.reloading;
  }

  private async reloadNow(): Promise<void> {
    if (this.target.kind === 'events') {
      await this.loadTimeline('full');
      return;
    }
    if (this.scopeFilter()) await Promise.all([this.loadStatus(), this.loadTimeline('full')]);
    else {
      await this.loadStatus();
      await this.loadTimeline('full');
    }
    this.updateAutoRefresh();
  }

  /** Retry of the part that failed. */
  async retry(what: 'status' | 'timeline'): Promise<void> {
    if (what === 'status') {
      await this.loadStatus();
      if (this.target.kind === 'call' && !this.eventsComplete && this.scopeFilter()) await this.loadTimeline('full');
      this.updateAutoRefresh();
    } else {
      await this.loadTimeline(this.eventsComplete ? 'incremental' : 'full');
    }
  }

  /**
   * The client was replaced (timeout or proxy changed): requests in flight on the old one ended as
   * cancelled, which the loads took for their own cancellation. Whatever was under way runs again.
   */
  async clientReplaced(): Promise<void> {
    const wasLoading = this.cutShort || this.statusAbort !== undefined || this.timelineAbort !== undefined || this.reloading !== undefined || this.statusView.state === 'loading';
    this.cutShort = false;
    if (!wasLoading || this.disposed) return;
    await this.reloading?.catch(() => undefined);
    await this.reload();
  }

  // ---- scope and ids ---------------------------------------------------------------------------

  private canSwitchScope(): boolean {
    return this.target.kind === 'call' && !!this.target.legId && !!this.target.sessionId;
  }

  private scopeFilter(): CallEventsFilter | undefined {
    const target = this.target;
    if (target.kind === 'events') return target.filter;
    if (target.scope === 'leg') return target.legId ? { legId: target.legId } : target.sessionId ? { applicationSessionId: target.sessionId } : undefined;
    return target.sessionId ? { applicationSessionId: target.sessionId } : target.legId ? { legId: target.legId } : undefined;
  }

  /** The scope actually shown: a call whose session is unknown shows its leg, and the reverse. */
  effectiveScope(): TimelineScope {
    return this.scopeFilter()?.legId ? 'leg' : 'session';
  }

  private learnIds(legId: string | undefined, sessionId: string | undefined): void {
    if (this.target.kind !== 'call') return;
    const before = this.target;
    this.target = { ...before, legId: legId || before.legId, sessionId: sessionId || before.sessionId };
    if (this.target.legId !== before.legId || this.target.sessionId !== before.sessionId) {
      this.emit({ type: 'target', target: this.target, canSwitchScope: this.canSwitchScope() });
    }
    this.deps.knownCalls?.remember(this.target.callControlId, { legId: this.target.legId, sessionId: this.target.sessionId });
  }

  async setScope(scope: TimelineScope): Promise<void> {
    if (this.target.kind !== 'call' || this.target.scope === scope) return;
    this.target = { ...this.target, scope };
    this.setEvents([], []);
    this.eventsComplete = false;
    await this.loadTimeline('full');
  }

  // ---- loading ---------------------------------------------------------------------------------

  private async api(): Promise<TelnyxApi | { error: ErrorView }> {
    try {
      return (await this.deps.getApi()) ?? { error: this.deps.words.noKey() };
    } catch (error) {
      return { error: this.deps.words.errorView(error) };
    }
  }

  /** A cancellation this session did not ask for: the client under the request was closed. */
  private noteCancelled(abort: AbortController, error: unknown): boolean {
    if (abort.signal.aborted || this.disposed) return true;
    if (isTelnyxError(error) && error.kind === 'cancelled') {
      this.cutShort = true;
      return true;
    }
    return false;
  }

  async loadStatus(): Promise<void> {
    const target = this.target;
    if (target.kind !== 'call') return;
    this.statusAbort?.abort();
    const abort = new AbortController();
    this.statusAbort = abort;
    // Every status read counts as a poll: the next one is due an interval after it.
    this.lastTickMs = Date.now();
    try {
      const api = await this.api();
      if ('error' in api) {
        this.setStatus({ ...this.statusView, state: this.statusView.status ? this.statusView.state : 'error', error: api.error });
        return;
      }
      const status = await this.deps.readStatus(target.callControlId, abort.signal);
      if (abort.signal.aborted || this.disposed) return;
      this.learnIds(status.call_leg_id, status.call_session_id);
      this.setStatus({ state: callState(status), status, fetchedAtMs: this.deps.readAtOf?.(status) ?? Date.now() });
    } catch (error) {
      if (this.noteCancelled(abort, error)) return;
      const view = this.deps.words.errorView(error);
      this.deps.warn?.(`Call details: status of ${target.callControlId.slice(0, 12)}… failed: ${view.message}`);
      if (isStatusGone(error)) {
        this.setStatus({ state: 'gone', status: this.statusView.status, fetchedAtMs: Date.now(), error: view });
      } else this.setStatus({ ...this.statusView, state: 'error', fetchedAtMs: Date.now(), error: view });
    } finally {
      if (this.statusAbort === abort) this.statusAbort = undefined;
    }
  }

  private setStatus(view: StatusView): void {
    // An earlier good status stays on screen; the page shows the error beside it.
    if (view.state === 'error' && this.statusView.status) view = { ...this.statusView, error: view.error, state: this.statusView.state === 'loading' ? 'error' : this.statusView.state };
    this.statusView = view;
    this.emit({ type: 'status', view });
  }

  private setProgress(view: ProgressView): void {
    this.progress = view;
    this.emit({ type: 'progress', view });
  }

  private setTimelineError(error: ErrorView | undefined): void {
    this.timelineError = error;
    this.emit({ type: 'timelineError', error });
  }

  private setEvents(events: CallEvent[], rows: EventRow[]): void {
    this.events = events;
    this.rows = rows;
    this.eventsByKey = undefined;
    this.learnConnection();
  }

  /** Lets the hover offer "Reveal in tree" for this call even when the tree has not listed it. */
  private learnConnection(): void {
    const target = this.target;
    const index = this.deps.connections;
    if (target.kind !== 'call' || !index || index.connectionOf(target.callControlId)) return;
    const connectionId = connectionIdFromEvents(this.events, { callControlId: target.callControlId, legId: target.legId });
    if (connectionId) index.rememberConnection(target.callControlId, connectionId);
  }

  async loadTimeline(mode: 'full' | 'incremental'): Promise<void> {
    if (mode === 'incremental' && !this.eventsComplete) mode = 'full';
    if (mode === 'full') this.timelineAbort?.abort();
    else if (this.timelineAbort && !this.timelineAbort.signal.aborted) return; // a full load is under way
    const abort = new AbortController();
    this.timelineAbort = abort;
    try {
      const api = await this.api();
      if (abort.signal.aborted) return;
      if ('error' in api) {
        this.setTimelineError(api.error);
        return;
      }
      let filter = this.scopeFilter();
      if (!filter && this.target.kind === 'call') {
        this.setProgress({ phase: 'loading' });
        const found = await findCallIdsInRecentEvents(api, this.target.callControlId, abort.signal);
        if (abort.signal.aborted) return;
        if (found) this.learnIds(found.legId, found.sessionId);
        filter = this.scopeFilter();
      }
      if (!filter) {
        this.setTimelineError(this.deps.words.unknownLeg());
        return;
      }
      if (mode === 'full') {
        this.stopRequested = false;
        await this.loadAll(api, filter, abort);
      } else {
        const from = refreshFrom(this.events, REFRESH_OVERLAP_SECONDS * 1_000_000);
        this.setProgress({ phase: 'refreshing' });
        // One bound (Telnyx takes one), at microsecond precision, reaching back over the overlap.
        const incoming = await api.fetchAllCallEvents(from ? { ...filter, occurredAt: { gte: from } } : filter, {
          signal: abort.signal,
          pageSize: EVENTS_PAGE_SIZE,
        });
        if (abort.signal.aborted || this.disposed) return;
        const merged = mergeEvents(this.events, this.onlyRequested(this.bounded(incoming), filter, false));
        if (merged.added) this.showMerged(merged.events);
      }
      this.setTimelineError(this.ignoredFilterWarning());
    } catch (error) {
      if (this.noteCancelled(abort, error)) return;
      const view = this.deps.words.errorView(error);
      this.deps.warn?.(`Call details: timeline failed: ${view.message}`);
      this.setTimelineError(view);
    } finally {
      if (this.timelineAbort === abort) {
        this.timelineAbort = undefined;
        this.setProgress({ phase: 'idle' });
      }
    }
  }

  private bounded(events: CallEvent[]): CallEvent[] {
    return this.target.kind === 'events' ? withinBounds(events, this.target.localNotBefore, this.target.localNotAfter) : events;
  }

  /**
   * The first page is shown as soon as it arrives; the rest follow in the background with a count
   * and a Stop, up to the cap unless the person asks for all.
   */
  private async loadAll(api: TelnyxApi, filter: CallEventsFilter, abort: AbortController): Promise<void> {
    this.setProgress({ phase: 'loading' });
    const scope = this.effectiveScope();
    const show = (read: CallEvent[]): void => {
      const events = this.onlyRequested(dedupeEvents(this.bounded(read)), filter, true);
      this.setEvents(events, toEventRows(events));
      this.emit({ type: 'events', replace: true, events: this.rows, scope, canSwitchScope: this.canSwitchScope() });
    };
    const first = await api.listCallEvents({ filter, pageNumber: 1, pageSize: EVENTS_PAGE_SIZE }, { signal: abort.signal });
    if (abort.signal.aborted || this.disposed) return;
    const total = first.meta.total_results;
    const cap = this.capLifted ? 0 : this.deps.maxEvents();
    const capped = cap > 0 && total > cap;
    if (first.meta.total_pages > 1) show(first.data);
    const pages = new Map<number, CallEvent[]>([[1, first.data]]);
    let read: CallEvent[];
    try {
      read = await api.fetchAllCallEvents(filter, {
        signal: abort.signal,
        pageSize: EVENTS_PAGE_SIZE,
        firstPage: first,
        maxEvents: capped ? cap : undefined,
        onPage: (pageNumber, events) => pages.set(pageNumber, events),
        onProgress: (progress) => {
          if (!abort.signal.aborted) this.setProgress({ phase: 'loading', progress });
        },
      });
    } catch (error) {
      if (!this.stopRequested || this.disposed) throw error;
      read = [...pages.entries()].sort((a, b) => a[0] - b[0]).flatMap(([, events]) => events);
    }
    if (this.disposed || (abort.signal.aborted && !this.stopRequested)) return;
    show(read);
    this.eventsComplete = true;
    // Once, on what was read: diagnosing every page of a large session as it arrives would cost more.
    this.emit({ type: 'settled' });
    if (this.stopRequested) {
      this.say(this.deps.words.stopped(read.length, total));
    } else if (capped && this.deps.confirmLoadPastCap) {
      void this.deps.confirmLoadPastCap(total, read.length).then((loadAll) => {
        if (!loadAll || this.disposed) return;
        this.capLifted = true;
        void this.reload();
      });
    }
  }

  /** Stops the full load under way; what was read stays on screen. */
  stopLoading(): void {
    if (!this.timelineAbort || this.progress.phase !== 'loading') return;
    this.stopRequested = true;
    this.timelineAbort.abort();
  }

  /** Keeps the events of the requested leg/session; counts the others (a filter Telnyx ignored). */
  private onlyRequested(events: CallEvent[], filter: CallEventsFilter, fresh: boolean): CallEvent[] {
    const { matching, outside } = splitByFilter(events, filter);
    this.outsideCount = fresh ? outside.length : this.outsideCount + outside.length;
    return matching;
  }

  private ignoredFilterWarning(): ErrorView | undefined {
    return this.outsideCount === 0 ? undefined : this.deps.words.ignoredFilter(this.outsideCount);
  }

  /**
   * After an incremental merge: the page gets only the new rows, unless a new record changed an
   * earlier row (a second delivery marks the first one too); then it gets all rows again.
   */
  private showMerged(events: CallEvent[]): void {
    const rows = toEventRows(events);
    const before = this.rows.length;
    const changed = this.rows.some((row, index) => row.redelivery?.attempt !== rows[index]?.redelivery?.attempt || row.key !== rows[index]?.key);
    this.setEvents(events, rows);
    const view = { scope: this.effectiveScope(), canSwitchScope: this.canSwitchScope() };
    if (changed) this.emit({ type: 'events', replace: true, events: rows, ...view });
    else this.emit({ type: 'events', replace: false, events: rows.slice(before), ...view });
    this.emit({ type: 'settled' });
  }

  // ---- auto-refresh ----------------------------------------------------------------------------

  /** Runs while the call has not ended (no end_time) and its status is readable. */
  private shouldAutoRefresh(): boolean {
    const state = this.statusView.state;
    return this.target.kind === 'call' && (state === 'alive' || state === 'ringing') && !this.statusView.status?.end_time;
  }

  private updateAutoRefresh(): void {
    const wanted = this.shouldAutoRefresh() && !this.disposed;
    if (wanted === this.autoRefresh) return;
    this.autoRefresh = wanted;
    this.emit({ type: 'autoRefresh', active: wanted });
    this.schedulePoll();
    if (!wanted && this.statusView.state === 'ended' && !this.disposed) this.scheduleFinalRefresh();
  }

  /** The host says how often polling may run (visibility, window focus). */
  setPace(pace: PollPace): void {
    if (pace === this.pace) return;
    this.pace = pace;
    this.schedulePoll();
  }

  private intervalMs(): number | undefined {
    if (this.pace === 'paused') return undefined;
    return (this.pace === 'fast' ? AUTO_REFRESH_SECONDS : SLOW_REFRESH_SECONDS) * 1000;
  }

  /** The next poll, counted from the last one: coming back into view refreshes at once when due. */
  private schedulePoll(): void {
    if (this.pollTimer) clearTimeout(this.pollTimer);
    this.pollTimer = undefined;
    const interval = this.intervalMs();
    if (!this.autoRefresh || interval === undefined || this.disposed) return;
    const wait = Math.max(0, this.lastTickMs + interval - Date.now());
    this.pollTimer = setTimeout(() => {
      this.pollTimer = undefined;
      void this.pollNow();
    }, wait);
  }

  private async pollNow(): Promise<void> {
    if (this.reloading) await this.reloading.catch(() => undefined);
    else await this.tick();
    this.schedulePoll();
  }

  /**
   * Events of a call keep arriving shortly after it ends (late webhooks, the other leg's hangup), so
   * the timeline is read once more after auto-refresh stops.
   */
  private scheduleFinalRefresh(): void {
    if (this.finalRefreshTimer) clearTimeout(this.finalRefreshTimer);
    this.finalRefreshTimer = setTimeout(() => {
      this.finalRefreshTimer = undefined;
      if (!this.disposed) void this.loadTimeline('incremental');
    }, AUTO_REFRESH_SECONDS * 1000);
  }

  /** One auto-refresh: status, then only the events after the last one seen. */
  tick(): Promise<void> {
    this.tickRunning ??= (async () => {
      this.lastTickMs = Date.now();
      await this.loadStatus();
      // One more look after the call ends, so its last events (hangup) arrive before refresh stops.
      await this.loadTimeline('incremental');
      this.updateAutoRefresh();
    })().finally(() => (this.tickRunning = undefined));
    return this.tickRunning;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (this.pollTimer) clearTimeout(this.pollTimer);
    if (this.finalRefreshTimer) clearTimeout(this.finalRefreshTimer);
    this.pollTimer = undefined;
    this.finalRefreshTimer = undefined;
    this.statusAbort?.abort();
    this.timelineAbort?.abort();
    this.listeners.clear();
  }
}
