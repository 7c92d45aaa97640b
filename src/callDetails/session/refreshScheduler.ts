// When a live call's panel reads again: every AUTO_REFRESH_SECONDS while its host allows it (visible
// and focused), more slowly in an unfocused window, never while hidden, and once more after the
// call ended. It owns the timers; what a refresh reads is the session's.
import type { PollPace } from './types';

export const AUTO_REFRESH_SECONDS = 5;
/** Polling while visible but the window is not focused: a glance at another screen still sees it move. */
export const SLOW_REFRESH_SECONDS = 30;

export interface RefreshActions {
  /** One refresh; the next is scheduled once it has settled. */
  poll(): Promise<void>;
  /** The one read of the timeline after the call ended. */
  finalRefresh(): void;
}

export class RefreshScheduler {
  private activeValue = false;
  private paceValue: PollPace = 'paused';
  private pollTimer: ReturnType<typeof setTimeout> | undefined;
  private finalRefreshTimer: ReturnType<typeof setTimeout> | undefined;
  private lastTickMs = 0;
  private disposed = false;

  constructor(private readonly actions: RefreshActions) {}

  /** Auto-refresh is on: the call is live. */
  get active(): boolean {
    return this.activeValue;
  }

  get pace(): PollPace {
    return this.paceValue;
  }

  get finalRefreshPending(): boolean {
    return this.finalRefreshTimer !== undefined;
  }

  /** A read that counts as a poll (every status read): the next one is due an interval after it. */
  noteTick(): void {
    this.lastTickMs = Date.now();
  }

  /**
   * Turns auto-refresh on or off; `ended`: it stops because the call ended, so the timeline is read
   * once more a little later. Returns whether it changed.
   */
  setActive(active: boolean, ended: boolean): boolean {
    active &&= !this.disposed;
    if (active === this.activeValue) return false;
    this.activeValue = active;
    this.schedulePoll();
    if (!active && ended && !this.disposed) this.scheduleFinalRefresh();
    return true;
  }

  /** The host says how often polling may run (visibility, window focus). */
  setPace(pace: PollPace): void {
    if (pace === this.paceValue) return;
    this.paceValue = pace;
    this.schedulePoll();
  }

  dispose(): void {
    this.disposed = true;
    if (this.pollTimer) clearTimeout(this.pollTimer);
    if (this.finalRefreshTimer) clearTimeout(this.finalRefreshTimer);
    this.pollTimer = undefined;
    this.finalRefreshTimer = undefined;
  }

  private intervalMs(): number | undefined {
    if (this.paceValue === 'paused') return undefined;
    return (this.paceValue === 'fast' ? AUTO_REFRESH_SECONDS : SLOW_REFRESH_SECONDS) * 1000;
  }

  /** The next poll, counted from the last one: coming back into view refreshes at once when due. */
  private schedulePoll(): void {
    if (this.pollTimer) clearTimeout(this.pollTimer);
    this.pollTimer = undefined;
    const interval = this.intervalMs();
    if (!this.activeValue || interval === undefined || this.disposed) return;
    const wait = Math.max(0, this.lastTickMs + interval - Date.now());
    this.pollTimer = setTimeout(() => {
      this.pollTimer = undefined;
      void this.actions
        .poll()
        .catch(() => undefined)
        .then(() => this.schedulePoll());
    }, wait);
  }

  /**
   * Events of a call keep arriving shortly after it ends (late webhooks, the other leg's hangup), so
   * the timeline is read once more after auto-refresh stops.
   */
  private scheduleFinalRefresh(): void {
    if (this.finalRefreshTimer) clearTimeout(this.finalRefreshTimer);
    this.finalRefreshTimer = setTimeout(() => {
      this.finalRefreshTimer = undefined;
      if (!this.disposed) this.actions.finalRefresh();
    }, AUTO_REFRESH_SECONDS * 1000);
  }
}
