// Which call a panel's Hang Up buttons end: the panel's own call, or the leg of a "leg left up"
// finding. Found from what the panel holds (its target, its events), never from ids the page sends.
import type { CallEvent } from '../telnyx/types';
import { webhookPayload } from '../timeline/metadata';

const DANGLING = 'dangling-leg:';

/** The call_control_id of the still-live leg a `dangling-leg` finding names; undefined if it ended or is unknown. */
export function legLeftUp(findingId: string, events: readonly CallEvent[]): string | undefined {
  if (!findingId.startsWith(DANGLING)) return undefined;
  const legId = findingId.slice(DANGLING.length);
  let callControlId: string | undefined;
  for (const event of events) {
    if (event.call_leg_id !== legId) continue;
    if (event.type === 'webhook' && event.name === 'call.hangup') return undefined;
    const metadata = event.metadata as Record<string, unknown> | undefined;
    const fromPayload = webhookPayload(metadata)?.call_control_id;
    const found =
      typeof fromPayload === 'string'
        ? fromPayload
        : typeof metadata?.call_control_id === 'string'
          ? metadata.call_control_id
          : undefined;
    callControlId ??= found;
  }
  return callControlId;
}
