// Wire shapes, exactly the spec's fields (the contract tests forbid anything else on these objects).
import type { ActiveCall, CallEvent, CallStatus, Connection } from '../../src/telnyx/types';
import type { Account } from './account';
import type { SimCall, SimConnection, SimEvent } from './model';
import { isoMicros, isoMillis } from './time';

export function connectionJson(c: SimConnection): Connection {
  const out: Connection = {
    id: c.id,
    record_type: c.kind,
    active: c.active,
    created_at: isoMillis(c.createdMs),
    updated_at: isoMillis(c.updatedMs),
    anchorsite_override: c.anchorsite,
    tags: [...c.tags],
    webhook_event_url: c.webhookUrl,
    webhook_event_failover_url: c.webhookFailoverUrl,
  };
  if (c.name !== undefined) out.connection_name = c.name;
  if (c.outboundVoiceProfileId !== undefined) out.outbound_voice_profile_id = c.outboundVoiceProfileId;
  if (c.webhookApiVersion !== undefined) out.webhook_api_version = c.webhookApiVersion;
  return out;
}

export function durationSeconds(call: SimCall, nowMs: number): number {
  if (call.ringing && call.answeredMs === undefined) return 0;
  const end = call.endMs ?? nowMs;
  return Math.max(0, Math.floor((end - call.startMs) / 1000));
}

export function activeCallJson(call: SimCall, nowMs: number): ActiveCall {
  return {
    record_type: 'call',
    call_session_id: call.sessionId,
    call_leg_id: call.legId,
    call_control_id: call.callControlId,
    client_state: call.clientState,
    call_duration: durationSeconds(call, nowMs),
  };
}

export function callStatusJson(call: SimCall, nowMs: number): CallStatus {
  const out: CallStatus = {
    record_type: 'call',
    call_session_id: call.sessionId,
    call_leg_id: call.legId,
    call_control_id: call.callControlId,
    // Dial is asynchronous: Telnyx reports a ringing dialed call as not alive although it has not ended.
    is_alive: call.endMs === undefined && !call.ringing,
    client_state: call.clientState,
    call_duration: durationSeconds(call, nowMs),
    start_time: isoMillis(call.startMs),
  };
  if (call.endMs !== undefined) out.end_time = isoMillis(call.endMs);
  return out;
}

/** `call.hangup` → `call_hangup`, as v1 webhooks named events. */
function v1Name(name: string): string {
  return name.replace(/\./g, '_');
}

function commandName(event: SimEvent, spelling: 'bare' | 'dotted' | 'path'): string {
  if (spelling === 'dotted') return `call.${event.name}`;
  if (spelling === 'path')
    return event.name === 'dial'
      ? '/v2/calls'
      : `/v2/calls/${encodeURIComponent(event.call.callControlId)}/actions/${event.name}`;
  return event.name;
}

export function eventJson(event: SimEvent, account: Account): CallEvent {
  const modes = account.modes;
  const name =
    modes.v1EventNames && event.type === 'webhook'
      ? v1Name(event.name)
      : event.type === 'command'
        ? commandName(event, modes.commandSpelling)
        : event.name;
  return {
    record_type: 'call_event',
    call_leg_id: event.call.legId,
    call_session_id: event.call.sessionId,
    event_timestamp: isoMicros(event.us),
    name,
    type: event.type,
    metadata: modes.emptyMetadata ? {} : (event.customMetadata ?? metadataOf(event, account, name)),
  };
}

const TRANSCRIPT_LINE = 'Caller: I would like to check the status of my order, it was placed last Tuesday. ';

function transcript(bytes: number): string {
  return TRANSCRIPT_LINE.repeat(Math.ceil(bytes / TRANSCRIPT_LINE.length)).slice(0, bytes);
}

/** The webhook's payload as Telnyx puts it in the envelope (without event_type / occurred_at). */
function webhookPayload(event: SimEvent, account: Account): Record<string, unknown> {
  const call = event.call;
  const payload: Record<string, unknown> = {
    call_control_id: call.callControlId,
    call_leg_id: call.legId,
    call_session_id: call.sessionId,
    connection_id: call.connectionId,
    from: call.from,
    to: call.to,
    direction: call.direction,
    state: event.callState,
    ...event.extra,
  };
  // A webhook carries the client_state in force when it happened (Call Control events snapshot it).
  const clientState = typeof event.extra.client_state === 'string' ? event.extra.client_state : call.clientState;
  if (clientState) payload.client_state = clientState;
  else delete payload.client_state;
  if (account.modes.largeMetadataBytes > 0)
    payload.transcription_data = { transcript: transcript(account.modes.largeMetadataBytes), confidence: 0.93 };
  return payload;
}

/** What Telnyx sends to a webhook URL: `{ data: { record_type, event_type, id, occurred_at, payload }, meta }`. */
export function webhookEnvelope(
  event: SimEvent,
  account: Account,
  attempt: number,
  deliveredTo: string | null,
  name = event.name,
): Record<string, unknown> {
  const payload = webhookPayload(event, account);
  return {
    data: {
      record_type: 'event',
      event_type: name,
      id: event.webhookId ?? null,
      occurred_at: isoMicros(event.us),
      payload: { ...payload, client_state: payload.client_state ?? null },
    },
    meta: { attempt, delivered_to: deliveredTo },
  };
}

function metadataOf(event: SimEvent, account: Account, name: string): Record<string, unknown> {
  const call = event.call;
  if (event.type === 'command') {
    return {
      command: event.name,
      params: { ...event.extra },
      result: event.commandResult ?? 'ok',
      connection_id: call.connectionId,
      call_control_id: call.callControlId,
    };
  }
  const modes = account.modes;
  const delivery = event.delivery;
  const connection = account.connection(call.connectionId);
  if (modes.envelopeMetadata) {
    return webhookEnvelope(
      event,
      account,
      delivery?.attempt ?? 1,
      delivery?.url ?? connection?.webhookUrl ?? null,
      name,
    );
  }
  const payload = { event_type: name, occurred_at: isoMicros(event.us), ...webhookPayload(event, account) };
  if (modes.noDeliveryFields) return { payload };
  return {
    payload,
    delivery: {
      status: delivery?.status ?? 'delivered',
      attempt: delivery?.attempt ?? 1,
      url: delivery?.url ?? connection?.webhookUrl ?? null,
      response_status: delivery?.responseStatus ?? 200,
      latency_ms: delivery?.latencyMs ?? 0,
    },
  };
}
