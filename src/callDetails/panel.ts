// One call details panel: owns its webview, reads status and timeline through the shared API
// client, and posts data to the page once it says it is ready. The page never sees the key.
import * as vscode from 'vscode';
import { rememberFindings } from '../doctor/known';
import type { TelnyxApi } from '../telnyx/api';
import { isTelnyxError } from '../telnyx/errors';
import type { CallEvent, CallEventsFilter, CallStatus } from '../telnyx/types';
import { connectionIdFromEvents } from '../timeline/connection';
import { buildTimeline, dedupeEvents, keyEvents, mergeEvents, refreshFrom, splitByFilter, toEventRows, withinBounds, type EventRow } from '../timeline/model';
import type { Services } from '../services/services';
import { describeError, isStatusGone, noKeyError } from './errors';
import { findCallIdsInRecentEvents } from './findLeg';
import { diagnosePanelEvents, findingsViewOf } from './findingsView';
import { createNonce, renderShell } from './html';
import type { KnownCalls } from './knownCalls';
import type {
  ErrorView,
  FromWebview,
  PanelTarget,
  ProgressView,
  RenderReport,
  StatusView,
  TimelineScope,
  ToWebview,
} from './protocol';
import { webviewStrings } from './strings';

export const VIEW_TYPE = 'telnyx.callDetails';
export const AUTO_REFRESH_SECONDS = 5;
const EVENTS_PAGE_SIZE = 250;
/**
 * How far back a live refresh re-reads: events are recorded late and out of order, so asking only
 * for what is after the latest one seen would miss them for good. Re-read records merge by content.
 */
export const REFRESH_OVERLAP_SECONDS = 60;

export interface PanelEnvironment {
  services: Services;
  extensionUri: vscode.Uri;
  knownCalls: KnownCalls;
  /** The save dialog (replaced by in-host tests, which cannot click one). */
  showSaveDialog(options: vscode.SaveDialogOptions): Thenable<vscode.Uri | undefined>;
}

export function panelKey(target: PanelTarget): string {
  return target.kind === 'call'
    ? `call:${target.callControlId}`
    : `events:${JSON.stringify([target.filter, target.localNotBefore ?? null, target.localNotAfter ?? null])}`;
}

export function shortCallId(callControlId: string): string {
  const body = callControlId.replace(/^v\d+:/, '');
  return body.length > 10 ? `${callControlId.slice(0, callControlId.length - body.length)}${body.slice(0, 8)}…` : callControlId;
}

export function panelTitle(target: PanelTarget): string {
  return target.kind === 'call' ? vscode.l10n.t('Call {0}', shortCallId(target.callControlId)) : target.title;
}

function stateOf(status: CallStatus): StatusView['state'] {
  if (status.end_time) return 'ended';
  // is_alive is false while a Dial call rings: without end_time it has not ended.
  return status.is_alive ? 'alive' : 'ringing';
}

export class CallDetailsPanel implements vscode.Disposable {
  private target: PanelTarget;
  private ready = false;
  private statusView: StatusView = { state: 'loading', fetchedAtMs: Date.now() };
  private events: CallEvent[] = [];
  /** `events` as the page gets them (no metadata), kept in step with `events`. */
  private rows: EventRow[] = [];
  /** `events` by key, built when the page first asks for an event's metadata. */
  private eventsByKey: Map<string, CallEvent> | undefined;
  /** Whether `events` holds a full load of the current scope (incremental refresh builds on it). */
  private eventsComplete = false;
  private progress: ProgressView = { phase: 'idle' };
  private timelineError: ErrorView | undefined;
  private autoRefreshTimer: ReturnType<typeof setInterval> | undefined;
  /** One last refresh after the call ended, for events recorded after the hangup was seen. */
  private finalRefreshTimer: ReturnType<typeof setTimeout> | undefined;
  /** Events Telnyx returned that are not of the requested leg or session (a filter it ignored). */
  private outsideCount = 0;
  /** The user stopped the load under way: keep what was read. */
  private stopRequested = false;
  /** The user chose to load past telnyx.timeline.maxEvents. */
  private capLifted = false;
  private tickRunning: Promise<void> | undefined;
  private timelineAbort: AbortController | undefined;
  private statusAbort: AbortController | undefined;
  private reloading: Promise<void> | undefined;
  private disposed = false;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly reportEmitter = new vscode.EventEmitter<RenderReport>();
  /** Fired when the page reports what it shows (for tests and nothing else). */
  readonly onDidReport = this.reportEmitter.event;
  lastReport: RenderReport | undefined;
  /** The last messages posted to the page, oldest first (bounded). */
  readonly posted: ToWebview[] = [];

  constructor(
    readonly webviewPanel: vscode.WebviewPanel,
    target: PanelTarget,
    private readonly env: PanelEnvironment,
    private readonly onDispose: (panel: CallDetailsPanel) => void,
  ) {
    this.target = target;
    if (target.kind === 'call') {
      const known = env.knownCalls.get(target.callControlId);
      this.target = { ...target, legId: target.legId ?? known?.legId, sessionId: target.sessionId ?? known?.sessionId };
    }
    const distUri = vscode.Uri.joinPath(env.extensionUri, 'dist');
    const webview = webviewPanel.webview;
    webview.options = { enableScripts: true, localResourceRoots: [distUri] };
    webviewPanel.title = panelTitle(this.target);
    webviewPanel.iconPath = vscode.Uri.joinPath(env.extensionUri, 'media', 'telnyx.svg');
    webview.html = renderShell({
      cspSource: webview.cspSource,
      nonce: createNonce(),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(distUri, 'webview.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(distUri, 'webview.css')).toString(),
      codiconsUri: webview.asWebviewUri(vscode.Uri.joinPath(distUri, 'codicons', 'codicon.css')).toString(),
    });
    this.disposables.push(
      this.reportEmitter,
      webview.onDidReceiveMessage((message: FromWebview) => void this.receive(message)),
      webviewPanel.onDidChangeViewState(() => {
        if (webviewPanel.visible) void this.tickIfDue();
      }),
      webviewPanel.onDidDispose(() => this.dispose()),
    );
    void this.reload();
  }

  get key(): string {
    return panelKey(this.target);
  }

  get currentTarget(): PanelTarget {
    return this.target;
  }

  get isReady(): boolean {
    return this.ready;
  }

  get scope(): TimelineScope {
    return this.target.kind === 'call' ? this.target.scope : 'session';
  }

  get autoRefreshActive(): boolean {
    return this.autoRefreshTimer !== undefined;
  }

  snapshot(): { status: StatusView; events: readonly CallEvent[]; scope: TimelineScope; timelineError: ErrorView | undefined; autoRefresh: boolean; target: PanelTarget } {
    return { status: this.statusView, events: this.events, scope: this.scope, timelineError: this.timelineError, autoRefresh: this.autoRefreshActive, target: this.target };
  }

  reveal(scope?: TimelineScope): void {
    this.webviewPanel.reveal();
    if (scope && this.target.kind === 'call' && scope !== this.target.scope) void this.setScope(scope);
  }

  /** Re-reads status and the whole timeline; concurrent calls share one run. */
  reload(): Promise<void> {
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

  // ---- messages ------------------------------------------------------------------------------

  async receive(message: FromWebview): Promise<void> {
    switch (message.type) {
      case 'ready':
        this.ready = true;
        this.postSnapshot();
        break;
      case 'refresh':
        await this.reload();
        break;
      case 'stop':
        this.stopLoading();
        break;
      case 'retry':
        if (message.what === 'status') {
          await this.loadStatus();
          if (this.target.kind === 'call' && !this.eventsComplete && this.scopeFilter()) await this.loadTimeline('full');
          this.updateAutoRefresh();
        } else {
          await this.loadTimeline(this.eventsComplete ? 'incremental' : 'full');
        }
        break;
      case 'setScope':
        await this.setScope(message.scope);
        break;
      case 'exportJson':
        await this.exportJson();
        break;
      case 'copyJson':
        await vscode.env.clipboard.writeText(this.timelineJson());
        this.post({ type: 'notice', text: vscode.l10n.t('Copied {0} events as JSON.', String(this.events.length)) });
        break;
      case 'metadata':
        this.postMetadata(message.key);
        break;
      case 'copyText':
        if (typeof message.text === 'string') {
          await vscode.env.clipboard.writeText(message.text);
          this.post({ type: 'notice', text: vscode.l10n.t('Copied {0}.', message.label || vscode.l10n.t('text')) });
        }
        break;
      case 'saveLadder':
        if ((message.format === 'mermaid' || message.format === 'svg') && typeof message.text === 'string') await this.saveLadder(message.format, message.text);
        break;
      case 'rendered':
        this.lastReport = message.report;
        this.reportEmitter.fire(message.report);
        break;
    }
  }

  /** Posts to the page once it is ready; before that the state is kept and sent on 'ready'. */
  post(message: ToWebview): void {
    this.posted.push(message);
    if (this.posted.length > 200) this.posted.splice(0, this.posted.length - 200);
    if (!this.ready || this.disposed) return;
    void this.webviewPanel.webview.postMessage(message);
  }

  private postSnapshot(): void {
    const callTarget = this.target.kind === 'call';
    this.post({
      type: 'init',
      target: this.target,
      title: panelTitle(this.target),
      strings: webviewStrings(vscode),
      locale: vscode.env.language,
      canSwitchScope: this.canSwitchScope(),
      autoRefreshSeconds: AUTO_REFRESH_SECONDS,
    });
    if (callTarget) this.post({ type: 'status', view: this.statusView });
    this.post({ type: 'progress', view: this.progress });
    if (this.events.length || this.eventsComplete) {
      this.post({ type: 'events', replace: true, events: this.rows, scope: this.scope, canSwitchScope: this.canSwitchScope() });
      this.postFindings();
    }
    this.post({ type: 'timelineError', error: this.timelineError });
    this.post({ type: 'autoRefresh', active: this.autoRefreshActive });
  }

  /** The call doctor on the events held, for the Findings section (and the tree and hover). */
  private postFindings(): void {
    const diagnosis = diagnosePanelEvents(this.events);
    this.post({ type: 'findings', view: findingsViewOf(diagnosis, this.events) });
    rememberFindings(this.events, diagnosis.findings);
  }

  private postMetadata(key: unknown): void {
    if (typeof key !== 'string') return;
    if (!this.eventsByKey) {
      const keys = keyEvents(this.events);
      this.eventsByKey = new Map(this.events.map((event, index) => [keys[index], event]));
    }
    const event = this.eventsByKey.get(key);
    this.post(event ? { type: 'metadata', key, found: true, metadata: event.metadata } : { type: 'metadata', key, found: false });
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
    if (target.kind !== 'call' || this.env.services.callIndex.connectionOf(target.callControlId)) return;
    const connectionId = connectionIdFromEvents(this.events, { callControlId: target.callControlId, legId: target.legId });
    if (connectionId) this.env.services.callIndex.remember(target.callControlId, connectionId);
  }

  // ---- loading -------------------------------------------------------------------------------

  private async api(): Promise<TelnyxApi | { error: ErrorView }> {
    try {
      return (await this.env.services.apiAccess.getApi()) ?? { error: noKeyError() };
    } catch (error) {
      return { error: describeError(error) };
    }
  }

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
  private effectiveScope(): TimelineScope {
    const filter = this.scopeFilter();
    return filter?.legId ? 'leg' : 'session';
  }

  private learnIds(legId: string | undefined, sessionId: string | undefined): void {
    if (this.target.kind !== 'call') return;
    const before = this.target;
    this.target = { ...before, legId: legId || before.legId, sessionId: sessionId || before.sessionId };
    if (this.target.legId !== before.legId || this.target.sessionId !== before.sessionId) {
      this.post({ type: 'target', target: this.target, canSwitchScope: this.canSwitchScope() });
    }
    this.env.knownCalls.remember(this.target.callControlId, { legId: this.target.legId, sessionId: this.target.sessionId });
  }

  async loadStatus(): Promise<void> {
    const target = this.target;
    if (target.kind !== 'call') return;
    this.statusAbort?.abort();
    const abort = new AbortController();
    this.statusAbort = abort;
    const api = await this.api();
    if ('error' in api) {
      this.setStatus({ ...this.statusView, state: this.statusView.status ? this.statusView.state : 'error', error: api.error });
      return;
    }
    try {
      const status = await api.getCallStatus(target.callControlId, { signal: abort.signal });
      if (abort.signal.aborted || this.disposed) return;
      this.learnIds(status.call_leg_id, status.call_session_id);
      this.setStatus({ state: stateOf(status), status, fetchedAtMs: Date.now() });
    } catch (error) {
      if (abort.signal.aborted || this.disposed || (isTelnyxError(error) && error.kind === 'cancelled')) return;
      this.env.services.log.warn(`Call details: status of ${shortCallId(target.callControlId)} failed: ${describeError(error).message}`);
      if (isStatusGone(error)) this.setStatus({ state: 'gone', status: this.statusView.status, fetchedAtMs: Date.now(), error: describeError(error) });
      else this.setStatus({ ...this.statusView, state: 'error', fetchedAtMs: Date.now(), error: describeError(error) });
    }
  }

  private setStatus(view: StatusView): void {
    // An earlier good status stays on screen; the page shows the error beside it.
    if (view.state === 'error' && this.statusView.status) view = { ...this.statusView, error: view.error, state: this.statusView.state === 'loading' ? 'error' : this.statusView.state };
    this.statusView = view;
    this.post({ type: 'status', view });
  }

  private setProgress(view: ProgressView): void {
    this.progress = view;
    this.post({ type: 'progress', view });
  }

  private setTimelineError(error: ErrorView | undefined): void {
    this.timelineError = error;
    this.post({ type: 'timelineError', error });
  }

  async loadTimeline(mode: 'full' | 'incremental'): Promise<void> {
    if (mode === 'incremental' && !this.eventsComplete) mode = 'full';
    const api = await this.api();
    if ('error' in api) {
      this.setTimelineError(api.error);
      return;
    }
    if (mode === 'full') this.timelineAbort?.abort();
    else if (this.timelineAbort && !this.timelineAbort.signal.aborted) return; // a full load is under way
    const abort = new AbortController();
    this.timelineAbort = abort;
    try {
      let filter = this.scopeFilter();
      if (!filter && this.target.kind === 'call') {
        this.setProgress({ phase: 'loading' });
        const found = await findCallIdsInRecentEvents(api, this.target.callControlId, abort.signal);
        if (abort.signal.aborted) return;
        if (found) this.learnIds(found.legId, found.sessionId);
        filter = this.scopeFilter();
      }
      if (!filter) {
        this.setTimelineError({
          kind: 'unknown_leg',
          message: vscode.l10n.t(
            "Telnyx no longer has this call's status and no recent event names it, so its leg and session are unknown. Use 'Telnyx: Show Call Events…' with the leg or session id.",
          ),
        });
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
        const bounded = this.target.kind === 'events' ? withinBounds(incoming, this.target.localNotBefore, this.target.localNotAfter) : incoming;
        const merged = mergeEvents(this.events, this.onlyRequested(bounded, filter, false));
        if (merged.added) this.showMerged(merged.events);
      }
      this.setTimelineError(this.ignoredFilterWarning());
    } catch (error) {
      if (abort.signal.aborted || this.disposed || (isTelnyxError(error) && error.kind === 'cancelled')) return;
      this.env.services.log.warn(`Call details: timeline of ${this.key} failed: ${describeError(error).message}`);
      this.setTimelineError(describeError(error));
    } finally {
      if (this.timelineAbort === abort) {
        this.timelineAbort = undefined;
        this.setProgress({ phase: 'idle' });
      }
    }
  }

  /**
   * The first page is shown as soon as it arrives; the rest follow in the background with a count
   * and a Stop, up to telnyx.timeline.maxEvents unless the user asks for all.
   */
  private async loadAll(api: TelnyxApi, filter: CallEventsFilter, abort: AbortController): Promise<void> {
    this.setProgress({ phase: 'loading' });
    const scope = this.effectiveScope();
    const show = (read: CallEvent[]): void => {
      const bounded = this.target.kind === 'events' ? withinBounds(read, this.target.localNotBefore, this.target.localNotAfter) : read;
      const events = this.onlyRequested(dedupeEvents(bounded), filter, true);
      this.setEvents(events, toEventRows(events));
      this.post({ type: 'events', replace: true, events: this.rows, scope, canSwitchScope: this.canSwitchScope() });
    };
    const first = await api.listCallEvents({ filter, pageNumber: 1, pageSize: EVENTS_PAGE_SIZE }, { signal: abort.signal });
    if (abort.signal.aborted || this.disposed) return;
    const total = first.meta.total_results;
    const cap = this.capLifted ? 0 : this.env.services.apiAccess.settings().timelineMaxEvents;
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
    this.postFindings();
    if (this.stopRequested) {
      this.post({ type: 'notice', text: vscode.l10n.t('Stopped after {0} of {1} events. Refresh loads them all.', String(read.length), String(total)) });
    } else if (capped) {
      const loadAll = vscode.l10n.t('Load all');
      void vscode.window
        .showInformationMessage(
          vscode.l10n.t('This timeline has {0} events; the first {1} are shown (telnyx.timeline.maxEvents). Load all of them?', String(total), String(read.length)),
          loadAll,
        )
        .then((choice) => {
          if (choice !== loadAll || this.disposed) return;
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
    if (this.outsideCount === 0) return undefined;
    return {
      kind: 'ignored_filter',
      message: vscode.l10n.t(
        'Telnyx returned {0} events of other calls for this leg or session: it seems to have ignored the filter. They are not shown here.',
        String(this.outsideCount),
      ),
    };
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
    if (changed) this.post({ type: 'events', replace: true, events: rows, ...view });
    else this.post({ type: 'events', replace: false, events: rows.slice(before), ...view });
    this.postFindings();
  }

  async setScope(scope: TimelineScope): Promise<void> {
    if (this.target.kind !== 'call' || this.target.scope === scope) return;
    this.target = { ...this.target, scope };
    this.setEvents([], []);
    this.eventsComplete = false;
    await this.loadTimeline('full');
  }

  // ---- auto-refresh --------------------------------------------------------------------------

  /** Runs while the call has not ended (no end_time) and its status is readable. */
  private shouldAutoRefresh(): boolean {
    const state = this.statusView.state;
    return this.target.kind === 'call' && (state === 'alive' || state === 'ringing') && !this.statusView.status?.end_time;
  }

  private updateAutoRefresh(): void {
    const wanted = this.shouldAutoRefresh() && !this.disposed;
    if (wanted && !this.autoRefreshTimer) {
      this.autoRefreshTimer = setInterval(() => void this.tickIfDue(), AUTO_REFRESH_SECONDS * 1000);
      this.post({ type: 'autoRefresh', active: true });
    } else if (!wanted && this.autoRefreshTimer) {
      clearInterval(this.autoRefreshTimer);
      this.autoRefreshTimer = undefined;
      this.post({ type: 'autoRefresh', active: false });
      if (this.statusView.state === 'ended' && !this.disposed) this.scheduleFinalRefresh();
    }
  }

  /**
   * Events of a call keep arriving shortly after it ends (late webhooks, the other leg's hangup), so
   * the timeline (and its export) is read once more after auto-refresh stops.
   */
  private scheduleFinalRefresh(): void {
    if (this.finalRefreshTimer) clearTimeout(this.finalRefreshTimer);
    this.finalRefreshTimer = setTimeout(() => {
      this.finalRefreshTimer = undefined;
      if (!this.disposed) void this.loadTimeline('incremental');
    }, AUTO_REFRESH_SECONDS * 1000);
  }

  /** True while the one refresh after the call ended is still to come (for tests). */
  get finalRefreshPending(): boolean {
    return this.finalRefreshTimer !== undefined;
  }

  private lastTickMs = 0;

  private async tickIfDue(): Promise<void> {
    if (!this.autoRefreshTimer || !this.webviewPanel.visible || this.reloading || this.tickRunning) return;
    if (Date.now() - this.lastTickMs < AUTO_REFRESH_SECONDS * 1000 - 250) return;
    await this.tick();
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

  // ---- export --------------------------------------------------------------------------------

  private timelineJson(): string {
    const ordered = buildTimeline(this.events).entries.map((entry) => entry.event);
    const target = this.target;
    const document =
      target.kind === 'call'
        ? {
            call_control_id: target.callControlId,
            call_leg_id: target.legId ?? null,
            call_session_id: target.sessionId ?? null,
            scope: this.effectiveScope(),
            status: this.statusView.status ?? null,
            exported_at: new Date().toISOString(),
            event_count: ordered.length,
            events: ordered,
          }
        : {
            title: target.title,
            filter: target.filter,
            local_not_before: target.localNotBefore ?? null,
            local_not_after: target.localNotAfter ?? null,
            exported_at: new Date().toISOString(),
            event_count: ordered.length,
            events: ordered,
          };
    return `${JSON.stringify(document, null, 2)}\n`;
  }

  private defaultExportName(): string {
    const base = this.target.kind === 'call' ? `call-${shortCallId(this.target.callControlId).replace(/[^A-Za-z0-9_-]/g, '')}` : 'call-events';
    return `${base}-timeline.json`;
  }

  async exportJson(): Promise<vscode.Uri | undefined> {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const uri = await this.env.showSaveDialog({
      title: vscode.l10n.t('Export timeline as JSON'),
      saveLabel: vscode.l10n.t('Export'),
      filters: { JSON: ['json'] },
      defaultUri: folder ? vscode.Uri.joinPath(folder, this.defaultExportName()) : undefined,
    });
    if (!uri) return undefined;
    try {
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(this.timelineJson()));
      this.post({ type: 'notice', text: vscode.l10n.t('Exported {0} events to {1}.', String(this.events.length), uri.fsPath || uri.toString()) });
      return uri;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.post({ type: 'notice', text: vscode.l10n.t('Could not write {0}: {1}', uri.fsPath || uri.toString(), message) });
      return undefined;
    }
  }

  /** Writes the ladder the page drew (as it is filtered) to a file the user picks. */
  async saveLadder(format: 'mermaid' | 'svg', text: string): Promise<vscode.Uri | undefined> {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const extension = format === 'svg' ? 'svg' : 'mmd';
    const name = this.defaultExportName().replace(/-timeline\.json$/, `-ladder.${extension}`);
    const uri = await this.env.showSaveDialog({
      title: format === 'svg' ? vscode.l10n.t('Save ladder as SVG') : vscode.l10n.t('Save ladder as Mermaid'),
      saveLabel: vscode.l10n.t('Save'),
      filters: format === 'svg' ? { SVG: ['svg'] } : { Mermaid: ['mmd', 'md'] },
      defaultUri: folder ? vscode.Uri.joinPath(folder, name) : undefined,
    });
    if (!uri) return undefined;
    try {
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
      this.post({ type: 'notice', text: vscode.l10n.t('Saved the ladder to {0}.', uri.fsPath || uri.toString()) });
      return uri;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.post({ type: 'notice', text: vscode.l10n.t('Could not write {0}: {1}', uri.fsPath || uri.toString(), message) });
      return undefined;
    }
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (this.autoRefreshTimer) clearInterval(this.autoRefreshTimer);
    this.autoRefreshTimer = undefined;
    if (this.finalRefreshTimer) clearTimeout(this.finalRefreshTimer);
    this.finalRefreshTimer = undefined;
    this.statusAbort?.abort();
    this.timelineAbort?.abort();
    for (const disposable of this.disposables) disposable.dispose();
    this.webviewPanel.dispose();
    this.onDispose(this);
  }
}
