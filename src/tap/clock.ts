// Times of the tap: epoch milliseconds with sub-millisecond precision from the monotonic clock, so
// that a reaction time (webhook in → command out) is exact and never negative when the wall clock moves.
import { performance } from 'node:perf_hooks';

export function tapNowMs(): number {
  return Math.round((performance.timeOrigin + performance.now()) * 1000) / 1000;
}

export function elapsedMs(sinceMs: number): number {
  return Math.round((tapNowMs() - sinceMs) * 100) / 100;
}
