// When the Connections tree re-reads its expanded connections. No 'vscode': the tree's timers and
// the requests-per-minute benchmark both follow these rules.

/** While the window is not focused, expanded connections are re-read at most this often. */
export const UNFOCUSED_POLL_SECONDS = 60;

export interface PollConditions {
  /** The Connections view is visible (not collapsed, not in a hidden container). */
  viewVisible: boolean;
  /** The VS Code window has focus (`window.state.focused`). */
  windowFocused: boolean;
  /** telnyx.activeCalls.refreshInterval; 0 turns polling off. */
  intervalSeconds: number;
  /** Expanded connections among those shown. */
  expandedCount: number;
  hasKey: boolean;
}

/**
 * Milliseconds between polls, or undefined for none. Nothing while the view is hidden. While the
 * window is in the background (a softphone or browser in front, VS Code perhaps on another
 * screen), slower rather than not at all, so a glance at the tree is never minutes stale.
 */
export function pollEveryMs(conditions: PollConditions): number | undefined {
  const { viewVisible, windowFocused, intervalSeconds, expandedCount, hasKey } = conditions;
  if (!viewVisible || !hasKey || expandedCount === 0 || !(intervalSeconds > 0)) return undefined;
  const seconds = windowFocused ? intervalSeconds : Math.max(intervalSeconds, UNFOCUSED_POLL_SECONDS);
  return Math.max(1000, Math.round(seconds * 1000));
}

/** Coming back to the window: re-read at once when the last poll is older than the focused interval. */
export function pollDueOnFocus(lastPollAt: number | undefined, now: number, intervalSeconds: number): boolean {
  if (!(intervalSeconds > 0)) return false;
  return lastPollAt === undefined || now - lastPollAt >= intervalSeconds * 1000;
}
