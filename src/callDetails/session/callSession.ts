// What one call details panel knows and does, without VS Code, composed of parts each testable
// alone: the target and its scope (target.ts), the status (statusReader.ts), the timeline's full and
// incremental loads (timelineLoader.ts), when to read again (refreshScheduler.ts) and what is said
// beside the data (notices.ts). The panel renders its state and forwards its updates to the page;
// tests drive it against the simulator in plain Node.
import type { TelnyxApi } from '../../telnyx/api';
import { isTelnyxError } from '../../telnyx/errors';
import type { PanelEvent } from '../../timeline/model';
import type { ErrorView, PanelTarget, TimelineScope } from '../protocol';
import { SessionNotices } from './notices';
import { RefreshScheduler } from './refreshScheduler';
import { StatusReader } from './statusReader';
import { SessionTarget } from './target';
import { TimelineLoader, type LoadMode } from './timelineLoader';
import type {
  CallSessionDeps,
  CallSessionState,
  PollPace,
  SessionContext,
  SessionUpdate,
  UnknownLegReason,
} from './types';

export class CallSession {
  private readonly listeners = new Set<(update: SessionUpdate) => void>();
  private disposed = false;
  /** A load was cut short by a replaced client; `clientReplaced` loads again. */
  private cutShort = false;
  private reloading: Promise<void> | undefined;
  private reloadAgain: Promise<void> | undefined;
  private tickRunning: Promise<void> | undefined;
  private readonly target: SessionTarget;
  private readonly notices: SessionNotices;
  private readonly status: StatusReader;
  private readonly timeline: TimelineLoader;
  private readonly refresh: RefreshScheduler;
  private readonly stopTapping: (() => void) | undefined;

  constructor(
    target: PanelTarget,
    private readonly deps: CallSessionDeps,
  ) {
    const emit = (update: SessionUpdate): void => this.emit(update);
    const context: SessionContext = {
      deps,
      emit,
      disposed: () => this.disposed,
      api: () => this.api(),
      cancelled: (abort, error) => this.cancelled(abort, error),
    };
    this.target = new SessionTarget(target, deps.knownCalls, emit);
    this.notices = new SessionNotices(emit, deps.words);
    this.status = new StatusReader(context, (legId, sessionId) => this.target.learnIds(legId, sessionId));
    this.timeline = new TimelineLoader(
      context,
      this.target,
      this.notices,
      () => this.reload(),
      () => this.whyLegUnknown(),
    );
    this.refresh = new RefreshScheduler({
      poll: () => this.poll(),
      finalRefresh: () => void this.loadTimeline('incremental'),
    });
    this.stopTapping = deps.tapped?.onDidRecord((call) => this.tapRecorded(call));
    this.showTapped();
  }

  /** A new entry of the live tap: shown at once when it is this call's (or its session's, for that scope). */
  private tapRecorded(call: { callControlId?: string; sessionId?: string }): void {
    const target = this.target.current;
    if (this.disposed || target.kind !== 'call') return;
    const ours =
      call.callControlId === target.callControlId ||
      (this.target.scope === 'session' && call.sessionId !== undefined && call.sessionId === target.sessionId);
    if (ours) this.showTapped();
  }

  /** The tap's events of the call; its leg and session, learnt from them, let the record be read without a status. */
  private showTapped(): void {
    const target = this.target.current;
    if (!this.deps.tapped || target.kind !== 'call') return;
    const read = this.deps.tapped.read({
      callControlId: target.callControlId,
      sessionId: target.sessionId,
      scope: this.target.scope,
    });
    if (read.legId || read.sessionId) this.target.learnIds(read.legId, read.sessionId);
    if (read.events.length) this.timeline.showTapped(read.events);
  }

  get state(): CallSessionState {
    return {
      target: this.target.current,
      status: this.status.view,
      events: this.timeline.events,
      rows: this.timeline.rows,
      progress: this.timeline.progress,
      timelineError: this.timeline.error,
      timelineNotice: this.notices.notice,
      autoRefresh: this.refresh.active,
      pace: this.refresh.pace,
      finalRefreshPending: this.refresh.finalRefreshPending,
      scope: this.target.scope,
      canSwitchScope: this.target.canSwitchScope,
      notice: this.notices.last,
    };
  }

  get scope(): TimelineScope {
    return this.target.scope;
  }

  /** Whether a full timeline (or at least one page of it) is held: the page shows it on 'ready'. */
  get hasTimeline(): boolean {
    return this.timeline.events.length > 0 || this.timeline.complete;
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
  eventByKey(key: string): PanelEvent | undefined {
    return this.timeline.eventByKey(key);
  }

  say(text: string): void {
    this.notices.say(text);
  }

  /** The scope actually shown: a call whose session is unknown shows its leg, and the reverse. */
  effectiveScope(): TimelineScope {
    return this.target.effectiveScope();
  }

  /**
   * Re-reads status and the whole timeline. A run under way began before this call, so what it reads
   * may predate it (a Refresh clicked after the hangup, while an earlier run still waits for the
   * status): one more run follows it, shared by every call made meanwhile.
   */
  reload(): Promise<void> {
    if (this.reloading) {
      this.reloadAgain ??= this.reloading
        .catch(() => undefined)
        .then(() => {
          this.reloadAgain = undefined;
          return this.disposed ? undefined : this.reload();
        });
      return this.reloadAgain;
    }
    const callControlId = this.target.callControlId;
    if (callControlId !== undefined) this.deps.forgetStatus?.(callControlId);
    this.reloading = this.reloadNow().finally(() => (this.reloading = undefined));
    return this.reloading;
  }

  private async reloadNow(): Promise<void> {
    if (this.target.current.kind === 'events') {
      await this.loadTimeline('full');
      return;
    }
    if (this.target.filter()) await Promise.all([this.loadStatus(), this.loadTimeline('full')]);
    else {
      await this.loadStatus();
      await this.loadTimeline('full');
    }
    this.updateAutoRefresh();
  }

  /**
   * Retry of the part that failed: it asks Telnyx again, never served a failure the call directory
   * keeps for a moment. A timeline that failed because the call's leg and session are unknown
   * retries the status first (it names them).
   */
  async retry(what: 'status' | 'timeline'): Promise<void> {
    const callControlId = this.target.callControlId;
    if (callControlId !== undefined && (what === 'status' || !this.target.filter())) {
      this.deps.forgetStatus?.(callControlId);
      await this.loadStatus();
      if (what === 'timeline' || (!this.timeline.complete && this.target.filter())) await this.loadTimeline('full');
      this.updateAutoRefresh();
    } else {
      await this.loadTimeline(this.timeline.complete ? 'incremental' : 'full');
    }
  }

  /**
   * The client was replaced (timeout or proxy changed): requests in flight on the old one ended as
   * cancelled, which the loads took for their own cancellation. Whatever was under way runs again.
   */
  async clientReplaced(): Promise<void> {
    const wasLoading =
      this.cutShort ||
      this.status.reading ||
      this.timeline.loading ||
      this.reloading !== undefined ||
      this.status.view.state === 'loading';
    this.cutShort = false;
    if (!wasLoading || this.disposed) return;
    await this.reloading?.catch(() => undefined);
    await this.reload();
  }

  async setScope(scope: TimelineScope): Promise<void> {
    if (!this.target.setScope(scope)) return;
    this.timeline.clear();
    this.notices.clear();
    this.showTapped();
    await this.loadTimeline('full');
  }

  async loadStatus(): Promise<void> {
    const callControlId = this.target.callControlId;
    if (callControlId === undefined) return;
    this.refresh.noteTick();
    await this.status.read(callControlId);
  }

  loadTimeline(mode: LoadMode): Promise<void> {
    return this.timeline.load(mode);
  }

  /** Stops the full load under way; what was read stays on screen. */
  stopLoading(): void {
    this.timeline.stop();
  }

  /** The host says how often polling may run (visibility, window focus). */
  setPace(pace: PollPace): void {
    this.refresh.setPace(pace);
  }

  /** One auto-refresh: status, then only the events after the last one seen. */
  tick(): Promise<void> {
    this.tickRunning ??= (async () => {
      this.refresh.noteTick();
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
    this.stopTapping?.();
    this.refresh.dispose();
    this.status.stop();
    this.timeline.cancel();
    this.listeners.clear();
  }

  // ---- shared by the parts -------------------------------------------------------------------

  private async api(): Promise<TelnyxApi | { error: ErrorView }> {
    try {
      return (await this.deps.getApi()) ?? { error: this.deps.words.noKey() };
    } catch (error) {
      return { error: this.deps.words.errorView(error) };
    }
  }

  /** A cancellation this session did not ask for: the client under the request was closed. */
  private cancelled(abort: AbortController, error: unknown): boolean {
    if (abort.signal.aborted || this.disposed) return true;
    if (isTelnyxError(error) && error.kind === 'cancelled') {
      this.cutShort = true;
      return true;
    }
    return false;
  }

  private whyLegUnknown(): UnknownLegReason {
    const view = this.status.view;
    return view.state === 'gone' ? 'status_gone' : view.error ? 'status_failed' : 'not_named';
  }

  private async poll(): Promise<void> {
    if (this.reloading) await this.reloading.catch(() => undefined);
    else await this.tick();
  }

  /** Auto-refresh runs while the call has not ended (no end_time) and its status is readable. */
  private updateAutoRefresh(): void {
    const view = this.status.view;
    const wanted =
      this.target.current.kind === 'call' &&
      (view.state === 'alive' || view.state === 'ringing') &&
      !view.status?.end_time;
    if (this.refresh.setActive(wanted && !this.disposed, view.state === 'ended'))
      this.emit({ type: 'autoRefresh', active: this.refresh.active });
  }
}
