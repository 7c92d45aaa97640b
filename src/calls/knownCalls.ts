import type { CallDirectory } from './callDirectory';
import type { CallIds } from './knownIds';

export type { CallIds };

/**
 * Leg and session ids of calls seen recently, under the current account: the call directory's
 * (src/calls), kept across restarts per account so that another key never sees them.
 */
export interface KnownCalls {
  get(callControlId: string): CallIds | undefined;
  remember(callControlId: string, ids: CallIds): void;
}

export function knownCallsOf(directory: CallDirectory): KnownCalls {
  return {
    get: (callControlId) => directory.idsOf(callControlId),
    remember: (callControlId, ids) => directory.rememberIds(callControlId, ids),
  };
}
