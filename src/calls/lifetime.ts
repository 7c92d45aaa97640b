// How long the directory reuses what Telnyx said about a call's status. No 'vscode' here: the hover
// benchmark and the unit tests use the same rule.
import { isTelnyxError } from '../telnyx/errors';
import type { CallStatus } from '../telnyx/types';
import { callState } from '../core/call';
import { isStatusGone } from '../core/errors';
import type { Outcome } from './ttlCache';

/**
 * Live calls change by the second (a ringing call is answered, an alive one hangs up); an ended
 * call's status does not change any more, and an id Telnyx no longer knows stays unknown. A failed
 * request is kept only briefly, so that a hover repeated in a burst does not hammer a struggling API,
 * and cancellations and local configuration problems are not kept at all.
 */
export const STATUS_LIFETIME_MS = { alive: 2_000, ended: 30_000, gone: 30_000, failed: 2_000 } as const;

export function statusLifetimeMs(outcome: Outcome<CallStatus>): number {
  if (outcome.ok) return callState(outcome.value) === 'ended' ? STATUS_LIFETIME_MS.ended : STATUS_LIFETIME_MS.alive;
  const error = outcome.error;
  if (!isTelnyxError(error)) return 0;
  if (isStatusGone(error)) return STATUS_LIFETIME_MS.gone;
  if (error.kind === 'cancelled' || error.kind === 'config') return 0;
  return STATUS_LIFETIME_MS.failed;
}
