// Which connection a call belongs to, read from its events: the tree learns it only for calls it has
// listed, but a webhook payload (or a command's parameters) usually names the connection, so the
// hover can offer "Reveal in tree" for any call whose panel has loaded its events.
import type { CallEvent } from '../telnyx/types';
import { webhookPayload } from './metadata';

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/**
 * The connection_id of the call, from the first event that is about it (its payload's
 * call_control_id is the call's, or the event is on the call's leg) and names a connection
 * (in the webhook payload, flat or enveloped, or at the top of the metadata). Undefined when none does.
 */
export function connectionIdFromEvents(
  events: readonly CallEvent[],
  call: { callControlId: string; legId?: string },
): string | undefined {
  for (const event of events) {
    const metadata = event.metadata;
    if (!isObject(metadata)) continue;
    const payload = webhookPayload(metadata);
    const namedCall = text(payload?.call_control_id) ?? text(metadata.call_control_id);
    const aboutCall = namedCall === call.callControlId || (!!call.legId && event.call_leg_id === call.legId);
    if (!aboutCall) continue;
    const connectionId = text(payload?.connection_id) ?? text(metadata.connection_id);
    if (connectionId !== undefined) return connectionId;
  }
  return undefined;
}
