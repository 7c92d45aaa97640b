// A call event as /v2/call_events returns it, for tests that build timelines by hand: a name starting with
// `call.` is a webhook, anything else a command, all in session `session-1`.
import type { CallEvent } from '../../src/telnyx/types';

export function ev(event_timestamp: string, name: string, leg = 'leg-a', extra: Partial<CallEvent> = {}): CallEvent {
  return {
    record_type: 'call_event',
    call_leg_id: leg,
    call_session_id: 'session-1',
    event_timestamp,
    name,
    type: name.startsWith('call.') ? 'webhook' : 'command',
    metadata: {},
    ...extra,
  };
}
