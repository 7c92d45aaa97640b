import type { ManualClock, SimClock } from './types';

export const realClock: SimClock = { now: () => Date.now() };

/** A clock for tests: time stands still until `advance` or `set`, so expiry and durations are exact. */
export function createManualClock(startMs: number = Date.UTC(2026, 10, 25, 10, 0, 0)): ManualClock {
  let current = startMs;
  return {
    now: () => current,
    advance(ms: number): void {
      current += ms;
    },
    set(ms: number): void {
      current = ms;
    },
  };
}
