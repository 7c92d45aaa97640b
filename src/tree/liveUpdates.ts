import * as vscode from 'vscode';
import type { ConnectionsTreeProvider } from './connectionsProvider';
import type { TreeNode } from './nodes/treeNode';

export interface LiveUpdatesOptions {
  /** Seconds between refreshes of expanded connections; 0 turns them off. */
  intervalSeconds: () => number;
  hasKey: () => boolean;
  /** Re-reads the calls of the expanded connections. */
  poll: () => Promise<void>;
}

/**
 * Two timers that run only while someone can see their effect: the refresh of expanded
 * connections (every telnyx.activeCalls.refreshInterval seconds, only with a key set), and a
 * one-second re-render of call rows so their durations tick (no network).
 */
export class LiveUpdates implements vscode.Disposable {
  private pollTimer: ReturnType<typeof setInterval> | undefined;
  private pollEveryMs = 0;
  private tickTimer: ReturnType<typeof setInterval> | undefined;
  private polling: Promise<void> | undefined;
  /** How many refresh rounds ran (for tests and the log). */
  polls = 0;

  constructor(
    private readonly view: vscode.TreeView<TreeNode>,
    private readonly provider: ConnectionsTreeProvider,
    private readonly options: LiveUpdatesOptions,
  ) {}

  get isPolling(): boolean {
    return this.pollTimer !== undefined;
  }
  get isTicking(): boolean {
    return this.tickTimer !== undefined;
  }

  /** Starts or stops the timers to match visibility, expansion, key and settings. */
  update(): void {
    const visible = this.view.visible;
    const seconds = this.options.intervalSeconds();
    const wantPoll = visible && seconds > 0 && this.provider.expanded.size > 0 && this.options.hasKey();
    const everyMs = Math.max(1000, Math.round(seconds * 1000));
    if (!wantPoll || everyMs !== this.pollEveryMs) this.stopPolling();
    if (wantPoll && !this.pollTimer) {
      this.pollEveryMs = everyMs;
      this.pollTimer = setInterval(() => this.pollOnce(), everyMs);
    }
    const wantTick = visible && this.provider.hasExpandedCalls();
    if (wantTick && !this.tickTimer) this.tickTimer = setInterval(() => this.provider.tickDurations(), 1000);
    if (!wantTick && this.tickTimer) {
      clearInterval(this.tickTimer);
      this.tickTimer = undefined;
    }
  }

  private pollOnce(): void {
    // A slow round is not stacked on by the next one.
    if (this.polling) return;
    this.polls += 1;
    this.polling = this.options.poll().finally(() => {
      this.polling = undefined;
    });
  }

  private stopPolling(): void {
    if (this.pollTimer) clearInterval(this.pollTimer);
    this.pollTimer = undefined;
    this.pollEveryMs = 0;
  }

  dispose(): void {
    this.stopPolling();
    if (this.tickTimer) clearInterval(this.tickTimer);
    this.tickTimer = undefined;
  }
}
