// How long the hover reuses a call's status. No 'vscode' here: the hover benchmark uses the same rule.
import { isTelnyxError } from '../telnyx/errors';
import type { CallStatus } from '../telnyx/types';
import { callState } from '../core/call';
import type { Outcome } from './ttlCache';

/** How long an answer is reused: alive calls change by the second, ended ones barely. */
export const STATUS_TTL_MS = { alive: 2_000, ended: 30_000, gone: 30_000, failed: 2_000 } as const;

export function statusTtlMs(outcome: Outcome<CallStatus>): number {
  if (outcome.ok) return callState(outcome.value) === 'ended' ? STATUS_TTL_MS.ended : STATUS_TTL_MS.alive;
  const error = outcome.error;
  if (!isTelnyxError(error)) return 0;
  if (error.kind === 'not_found' || error.kind === 'invalid_call') return STATUS_TTL_MS.gone;
  if (error.kind === 'cancelled' || error.kind === 'config') return 0;
  return STATUS_TTL_MS.failed;
}
