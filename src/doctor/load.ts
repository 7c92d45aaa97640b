// Finds a session's events from whatever id a person has: a call_control_id (through the call's
// status), a call_session_id, or a call_leg_id (through its events). No 'vscode'; the client is passed in.
import type { TelnyxApi } from '../telnyx/api';
import type { CallEvent, Connection, RequestOptions } from '../telnyx/types';
import { isCallControlId } from '../core/ids';
import { readEvent } from './read';

export interface LoadedSession {
  sessionId: string;
  events: CallEvent[];
  connection?: Connection;
}

/** Undefined when nothing is found for the id. Rejects with the client's errors. */
export async function loadSessionForDoctor(
  api: TelnyxApi,
  id: string,
  options: RequestOptions = {},
): Promise<LoadedSession | undefined> {
  const trimmed = id.trim();
  let sessionId: string | undefined;
  let events: CallEvent[] = [];
  if (isCallControlId(trimmed)) {
    sessionId = (await api.getCallStatus(trimmed, options)).call_session_id;
  } else {
    events = await api.fetchAllCallEvents({ applicationSessionId: trimmed }, options);
    // Unknown filters are silently ignored: keep only what belongs to the session asked for.
    events = events.filter((e) => e.call_session_id === trimmed);
    if (events.length) sessionId = trimmed;
    else {
      const legEvents = (await api.fetchAllCallEvents({ legId: trimmed }, options)).filter(
        (e) => e.call_leg_id === trimmed,
      );
      sessionId = legEvents[0]?.call_session_id;
    }
  }
  if (!sessionId) return undefined;
  if (!events.length)
    events = (await api.fetchAllCallEvents({ applicationSessionId: sessionId }, options)).filter(
      (e) => e.call_session_id === sessionId,
    );
  const connectionId = connectionIdOf(events);
  let connection: Connection | undefined;
  if (connectionId) {
    try {
      connection = await api.getConnection(connectionId, options);
    } catch {
      connection = undefined; // the findings only lose the failover detail
    }
  }
  return { sessionId, events, connection };
}

function connectionIdOf(events: readonly CallEvent[]): string | undefined {
  for (const event of events) {
    const id = readEvent(event.type, event.metadata).fields.connection_id ?? event.metadata.connection_id;
    if (typeof id === 'string' && id) return id;
  }
  return undefined;
}
