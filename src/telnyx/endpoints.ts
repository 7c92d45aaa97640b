// What each endpoint is called in messages, so an error says which question Telnyx failed to answer.

export type EndpointId =
  'connections' | 'connection' | 'active_calls' | 'call_status' | 'call_events' | 'phone_numbers' | 'dial' | 'hangup';

export interface EndpointInfo {
  id: EndpointId;
  /** e.g. "the connection list"; fits "while reading …". */
  label: string;
  /** e.g. "connections"; fits "This API key may not read …". */
  resource: string;
  /** A command (POST): "This API key may not {resource}" instead of "may not read". */
  command?: boolean;
}

export const ENDPOINTS: Record<EndpointId, EndpointInfo> = {
  connections: { id: 'connections', label: 'the connection list', resource: 'connections' },
  connection: { id: 'connection', label: 'a connection', resource: 'this connection' },
  active_calls: { id: 'active_calls', label: 'the active calls', resource: "this connection's active calls" },
  call_status: { id: 'call_status', label: 'a call status', resource: "this call's status" },
  call_events: { id: 'call_events', label: 'the call events', resource: 'call events' },
  phone_numbers: { id: 'phone_numbers', label: 'the phone numbers', resource: 'phone numbers' },
  dial: { id: 'dial', label: 'the new call (Dial)', resource: 'place calls', command: true },
  hangup: { id: 'hangup', label: 'the hang-up command', resource: 'control calls', command: true },
};
