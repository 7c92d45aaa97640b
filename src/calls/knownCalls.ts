import type { CallDirectory } from './callDirectory';
import type { LegAndSessionIds } from './knownIds';

/**
 * Leg and session ids of calls seen recently, under the current account: the call directory's
 * (src/calls), kept across restarts per account so that another key never sees them.
 */
export interface KnownCalls {
  get(callControlId: string): LegAndSessionIds | undefined;
  remember(callControlId: string, ids: LegAndSessionIds): void;
}

export function knownCallsOf(directory: CallDirectory): KnownCalls {
  return {
    get: (callControlId) => directory.idsOf(callControlId),
    remember: (callControlId, ids) => directory.rememberIds(callControlId, ids),
  };
}
