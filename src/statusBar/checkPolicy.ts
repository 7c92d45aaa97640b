// When the status bar checks for failed webhook deliveries. No 'vscode': the status bar's timer and
// the requests-per-minute benchmark both follow these rules.

/** At most one check a minute. */
export const CHECK_EVERY_MS = 60_000;
/** Nothing at activation: the first minute belongs to what the user opens. */
export const FIRST_CHECK_AFTER_MS = 60_000;

export interface CheckConditions {
  now: number;
  /** When the status bar started (activation). */
  startedAt: number;
  /** The VS Code window has focus (`window.state.focused`). */
  windowFocused: boolean;
  hasKey: boolean;
  /** `telnyx.statusBar.failedDeliveries`: the user lets the status bar check. */
  enabled: boolean;
  /** When the last check under the current account started; undefined for none yet. */
  lastCheckAt: number | undefined;
  /** A check is in flight. */
  checking: boolean;
}

/**
 * Milliseconds until the next check (0: now), or undefined for none while things stay as they are:
 * turned off, no key, a window in the background (nobody sees the status bar; focus brings the check back, at
 * once when the last one is over a minute old), or a check in flight.
 */
export function checkDueInMs(conditions: CheckConditions): number | undefined {
  const { now, startedAt, windowFocused, hasKey, enabled, lastCheckAt, checking } = conditions;
  if (!enabled || !hasKey || !windowFocused || checking) return undefined;
  const earliest = Math.max(
    startedAt + FIRST_CHECK_AFTER_MS,
    lastCheckAt === undefined ? -Infinity : lastCheckAt + CHECK_EVERY_MS,
  );
  return Math.max(0, earliest - now);
}

/** Whether a result is old enough to read again when the user opens the menu (same pace as the timer). */
export function checkIsStale(lastCheckAt: number | undefined, now: number): boolean {
  return lastCheckAt === undefined || now - lastCheckAt >= CHECK_EVERY_MS;
}
