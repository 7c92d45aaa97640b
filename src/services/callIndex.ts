import type { CallDirectory } from '../calls/callDirectory';

/**
 * The connection of a call as the call details panel (src/callDetails/panel.ts) reads and teaches it,
 * until it reads `services.calls` (the CallDirectory) directly; nothing else should use this.
 */
export interface CallIndex {
  remember(callControlId: string, connectionId: string): void;
  forget(callControlId: string): void;
  connectionOf(callControlId: string): string | undefined;
}

export function callIndexOf(directory: CallDirectory): CallIndex {
  return {
    remember: (callControlId, connectionId) => directory.rememberConnection(callControlId, connectionId),
    forget: (callControlId) => directory.forgetConnection(callControlId),
    connectionOf: (callControlId) => directory.connectionOf(callControlId),
  };
}
