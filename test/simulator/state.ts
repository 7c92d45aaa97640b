// The test-facing view of the account (SimulatorState): reads in wire shapes, and mutators that
// behave the same whether or not live mode runs.
import type { ActiveCall, CallEvent, CallStatus, Connection } from '../../src/telnyx/types';
import type { Account } from './account';
import type { SimCall } from './model';
import { hangupPayload } from './hangups';
import { addSessionBackdated } from './sessions';
import { activeCallJson, callStatusJson, connectionJson, eventJson } from './serialize';
import type { SimulatorState } from './types';

export function createState(account: Account, defaultConnectionId: string): SimulatorState {
  const callOrThrow = (callControlId: string): SimCall => {
    const call = account.call(callControlId);
    if (!call) throw new Error(`simulator: no call ${callControlId}`);
    return call;
  };
  return {
    connections(): Connection[] {
      return account.connections.map(connectionJson);
    },
    activeCalls(connectionId: string): ActiveCall[] {
      const now = account.clock.now();
      return account.aliveCalls(connectionId).map((call) => activeCallJson(call, now));
    },
    callStatus(callControlId: string): CallStatus | undefined {
      const call = account.callWithStatus(callControlId);
      return call ? callStatusJson(call, account.clock.now()) : undefined;
    },
    events(filter?: { legId?: string; sessionId?: string }): CallEvent[] {
      let list = filter?.legId
        ? account.eventsOfLeg(filter.legId)
        : filter?.sessionId
          ? account.eventsOfSession(filter.sessionId)
          : account.events;
      if (filter?.legId && filter.sessionId) list = list.filter((e) => e.call.sessionId === filter.sessionId);
      return list.map((event) => eventJson(event, account));
    },
    startCall(connectionId, options = {}): ActiveCall {
      const connection = account.connection(connectionId);
      if (!connection) throw new Error(`simulator: no connection ${connectionId}`);
      const now = account.clock.now();
      const call = account.createCall({
        connectionId,
        startMs: now,
        sessionId: options.sessionId,
        clientState: options.clientState,
        ringing: options.ringing ?? false,
        direction: options.ringing || options.sessionId ? 'outgoing' : 'incoming',
      });
      if (options.ringing) {
        account.addEvent(call, {
          name: 'dial',
          type: 'command',
          extra: { to: call.to, from: call.from, timeout_secs: 60 },
        });
        account.addEvent(call, { name: 'call.initiated', type: 'webhook' });
      } else {
        account.addEvent(call, { name: 'call.initiated', type: 'webhook' });
        account.addEvent(call, { name: 'answer', type: 'command' });
        account.answerCall(call, now);
        account.addEvent(call, { name: 'call.answered', type: 'webhook' });
      }
      return activeCallJson(call, now);
    },
    endCall(callControlId: string, cause = 'normal_clearing'): void {
      const call = callOrThrow(callControlId);
      if (call.endMs !== undefined) return;
      account.addEvent(call, { name: 'call.hangup', type: 'webhook', extra: hangupPayload(call, cause, 'caller') });
      account.endCall(call, account.clock.now(), cause);
    },
    addEvent(callControlId, event): CallEvent {
      const call = callOrThrow(callControlId);
      const added = account.addEvent(call, {
        name: event.name,
        type: event.type,
        customMetadata: event.metadata,
        delivery: event.type === 'webhook' ? { status: event.failed ? 'failed' : 'delivered' } : undefined,
        lateByMs: event.lateByMs,
        attempts: event.attempts,
      });
      if (event.failed && event.type === 'command') added.failed = true;
      return eventJson(added, account);
    },
    setXmlRequestUrl(connectionId: string, url: string | null): void {
      const connection = account.connection(connectionId);
      if (!connection) throw new Error(`simulator: no connection ${connectionId}`);
      connection.xmlRequestUrl = url;
    },
    addSession(options) {
      const connection = account.connection(options.connectionId ?? defaultConnectionId);
      if (!connection) throw new Error(`simulator: no connection ${options.connectionId ?? defaultConnectionId}`);
      return addSessionBackdated(account, {
        connection,
        count: options.count,
        legs: options.legs ?? 2,
        endMs: account.clock.now(),
      });
    },
  };
}
