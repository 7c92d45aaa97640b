import * as vscode from 'vscode';
import type { ConnectionsTreeProvider } from './connectionsProvider';
import { pollDueOnFocus, pollEveryMs } from './model/pollPolicy';
import type { TreeNode } from './nodes/treeNode';

export interface LiveUpdatesOptions {
  /** Seconds between refreshes of expanded connections; 0 turns them off. */
  intervalSeconds: () => number;
  hasKey: () => boolean;
  /** Re-reads the calls of the expanded connections. */
  poll: () => Promise<void>;
  /** Whether the window has focus (default `vscode.window.state.focused`). */
  windowFocused?: () => boolean;
  now?: () => number;
}

/**
 * Two timers that run only while someone can see their effect: the refresh of expanded
 * connections (every telnyx.activeCalls.refreshInterval seconds while the window has focus, at
 * most once a minute while it does not, never while the view is hidden; see model/pollPolicy.ts),
 * and a one-second re-render of call rows so their durations tick (no network).
 */
export class LiveUpdates implements vscode.Disposable {
  private pollTimer: ReturnType<typeof setInterval> | undefined;
  private pollEveryMs = 0;
  private tickTimer: ReturnType<typeof setInterval> | undefined;
  private polling: Promise<void> | undefined;
  private lastPollAt: number | undefined;
  private wasFocused: boolean;
  private readonly windowState: vscode.Disposable;

  constructor(
    private readonly view: vscode.TreeView<TreeNode>,
    private readonly provider: ConnectionsTreeProvider,
    private readonly options: LiveUpdatesOptions,
  ) {
    this.wasFocused = this.focused();
    this.windowState = vscode.window.onDidChangeWindowState(() => this.update());
  }

  get isPolling(): boolean {
    return this.pollTimer !== undefined;
  }
  get isTicking(): boolean {
    return this.tickTimer !== undefined;
  }
  /** Milliseconds between polls now, 0 when not polling. */
  get pollIntervalMs(): number {
    return this.pollEveryMs;
  }

  /** Starts or stops the timers to match visibility, focus, expansion, key and settings. */
  update(): void {
    const visible = this.view.visible;
    const seconds = this.options.intervalSeconds();
    const focused = this.focused();
    const regainedFocus = focused && !this.wasFocused;
    this.wasFocused = focused;
    const everyMs = pollEveryMs({
      viewVisible: visible,
      windowFocused: focused,
      intervalSeconds: seconds,
      expandedCount: this.provider.expanded.size,
      hasKey: this.options.hasKey(),
    });
    if (everyMs === undefined || everyMs !== this.pollEveryMs) this.stopPolling();
    if (everyMs !== undefined && !this.pollTimer) {
      this.pollEveryMs = everyMs;
      this.pollTimer = setInterval(() => this.pollOnce(), everyMs);
      // Back from another window after a slow spell: catch up now rather than at the next tick.
      if (regainedFocus && pollDueOnFocus(this.lastPollAt, this.now(), seconds)) this.pollOnce();
    }
    const wantTick = visible && this.provider.hasExpandedCalls();
    if (wantTick && !this.tickTimer) this.tickTimer = setInterval(() => this.provider.tickDurations(), 1000);
    if (!wantTick && this.tickTimer) {
      clearInterval(this.tickTimer);
      this.tickTimer = undefined;
    }
  }

  private focused(): boolean {
    return this.options.windowFocused ? this.options.windowFocused() : vscode.window.state.focused;
  }

  private now(): number {
    return this.options.now ? this.options.now() : Date.now();
  }

  private pollOnce(): void {
    // A slow round is not stacked on by the next one.
    if (this.polling) return;
    this.lastPollAt = this.now();
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
    this.windowState.dispose();
    this.stopPolling();
    if (this.tickTimer) clearInterval(this.tickTimer);
    this.tickTimer = undefined;
  }
}
