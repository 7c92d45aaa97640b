// Simulated time: durations follow the clock, status disappears 10 minutes after a call ends,
// and live mode plays calls from start to hangup.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { ActiveCall, CallEvent, CallStatus, CursorPageMeta, NumberedPageMeta } from '../../src/telnyx/types';
import { createManualClock, startSimulator } from '../simulator/index';
import { cc, createHttp } from './simulatorHttp';

const http = createHttp();
after(() => http.close());

describe('simulated time', () => {
  it('expires call status exactly 10 simulated minutes after the call ends', async () => {
    const clock = createManualClock();
    const sim = await startSimulator({ clock, busyConnectionCalls: 10 });
    try {
      const call = sim.state.startCall(sim.seed.mainConnectionId, {
        clientState: Buffer.from('hello').toString('base64'),
      });
      clock.advance(42_000);
      const alive = await http.get<{ data: CallStatus }>(sim, `/calls/${cc(call.call_control_id)}`);
      assert.equal(alive.json.data.is_alive, true);
      assert.equal(alive.json.data.call_duration, 42);
      sim.state.endCall(call.call_control_id, 'user_busy');
      const endedAt = clock.now();
      clock.advance(10 * 60_000);
      const ended = await http.get<{ data: CallStatus }>(sim, `/calls/${cc(call.call_control_id)}`);
      assert.equal(ended.status, 200);
      assert.equal(ended.json.data.is_alive, false);
      assert.equal(ended.json.data.end_time, new Date(endedAt).toISOString());
      assert.equal(ended.json.data.call_duration, 42, 'duration stops at the end');
      clock.advance(1);
      const gone = await http.get(sim, `/calls/${cc(call.call_control_id)}`);
      assert.equal(gone.status, 404);
      assert.equal(gone.json.errors[0].code, '10005');
      const events = await http.get<{ data: CallEvent[] }>(sim, `/call_events?filter[leg_id]=${call.call_leg_id}`);
      const hangup = events.json.data.find((e) => e.name === 'call.hangup');
      assert.equal((hangup?.metadata as { payload: { hangup_cause: string } }).payload.hangup_cause, 'user_busy');
      const list = await http.get<{ data: ActiveCall[] }>(
        sim,
        `/connections/${sim.seed.mainConnectionId}/active_calls?page[limit]=250`,
      );
      assert.ok(!list.json.data.some((c) => c.call_control_id === call.call_control_id));
      const recently = await http.get(sim, `/calls/${cc(sim.seed.recentlyEndedCallControlId)}`);
      assert.equal(recently.status, 404, 'the seeded recently ended call is gone too after 10 more minutes');
    } finally {
      await sim.close();
    }
  });

  it('stamps added events with the clock at microsecond precision, in order, and 24h searches follow the clock', async () => {
    const clock = createManualClock(Date.UTC(2026, 10, 25, 10, 0, 0));
    const sim = await startSimulator({ clock, busyConnectionCalls: 10 });
    try {
      const before = sim.state.events().length;
      const call = sim.state.startCall(sim.seed.mainConnectionId);
      const a = sim.state.addEvent(call.call_control_id, {
        name: 'call.dtmf.received',
        type: 'webhook',
        metadata: { digit: '5' },
      });
      const b = sim.state.addEvent(call.call_control_id, { name: 'call.speak.ended', type: 'webhook', failed: true });
      assert.match(a.event_timestamp, /^2026-11-25T10:00:00\.\d{6}Z$/);
      assert.ok(a.event_timestamp < b.event_timestamp);
      assert.deepEqual(a.metadata, { digit: '5' });
      assert.equal(sim.state.events().length, before + 5);
      const failed = await http.get<{ data: CallEvent[] }>(
        sim,
        `/call_events?filter[leg_id]=${call.call_leg_id}&filter[failed]=true`,
      );
      assert.deepEqual(failed.json.data, [b]);
      const newer = await http.get<{ data: CallEvent[] }>(
        sim,
        `/call_events?filter[leg_id]=${call.call_leg_id}&filter[occurred_at][gt]=${a.event_timestamp}`,
      );
      assert.deepEqual(newer.json.data, [b]);
      clock.advance(25 * 3600_000);
      const recent = await http.get<{ data: CallEvent[]; meta: Required<NumberedPageMeta> }>(
        sim,
        `/call_events?filter[connection_id]=${sim.seed.mainConnectionId}`,
      );
      assert.equal(recent.json.meta.total_results, 0, 'nothing in the last 24 hours');
      const bySession = await http.get<{ meta: Required<NumberedPageMeta> }>(
        sim,
        `/call_events?filter[application_session_id]=${call.call_session_id}`,
      );
      assert.equal(bySession.json.meta.total_results, 5);
    } finally {
      await sim.close();
    }
  });

  it('adds sessions with exactly the requested number of events', async () => {
    const sim = await startSimulator({ busyConnectionCalls: 10 });
    try {
      const session = sim.state.addSession({ count: 1234, legs: 3 });
      assert.equal(session.legIds.length, 3);
      const res = await http.get<{ data: CallEvent[]; meta: Required<NumberedPageMeta> }>(
        sim,
        `/call_events?filter[application_session_id]=${session.sessionId}&page[size]=250`,
      );
      assert.equal(res.json.meta.total_results, 1234);
      assert.equal(res.json.meta.total_pages, 5);
      const last = await http.get<{ data: CallEvent[] }>(
        sim,
        `/call_events?filter[application_session_id]=${session.sessionId}&page[size]=250&page[number]=5`,
      );
      assert.equal(last.json.data.length, 234);
      assert.equal(last.json.data[last.json.data.length - 1].name, 'call.hangup');
    } finally {
      await sim.close();
    }
  });

  it('starts ringing Dial calls that are not alive but not ended', async () => {
    const sim = await startSimulator({ busyConnectionCalls: 10 });
    try {
      const call = sim.state.startCall(sim.seed.mainConnectionId, { ringing: true });
      const status = sim.state.callStatus(call.call_control_id);
      assert.equal(status?.is_alive, false);
      assert.equal(status?.end_time, undefined);
      assert.equal(call.call_duration, 0);
      assert.throws(() => sim.state.startCall('nope'), /no connection/);
    } finally {
      await sim.close();
    }
  });
});

describe('live mode', () => {
  it('starts calls that progress through realistic events and end with a cause', async () => {
    const clock = createManualClock();
    const sim = await startSimulator({ clock, busyConnectionCalls: 50, seed: 11 });
    try {
      const known = new Set(sim.state.events().map((e) => `${e.call_leg_id}|${e.event_timestamp}`));
      const busyBefore = sim.state.activeCalls(sim.seed.busyConnectionId).map((c) => c.call_control_id);
      const latestBefore = sim.state.events().at(-1)?.event_timestamp ?? '';
      for (let i = 0; i < 300; i++) {
        clock.advance(1000);
        sim.tickLive();
      }
      const fresh = sim.state.events().filter((e) => !known.has(`${e.call_leg_id}|${e.event_timestamp}`));
      assert.ok(
        fresh.every((e) => e.event_timestamp > latestBefore),
        'live events sort after everything seen before',
      );
      const names = new Set(fresh.map((e) => e.name));
      for (const name of [
        'call.initiated',
        'answer',
        'call.answered',
        'speak',
        'call.speak.started',
        'call.speak.ended',
        'hangup',
        'call.hangup',
      ]) {
        assert.ok(names.has(name), `live mode produced ${name}`);
      }
      const causes = fresh
        .filter((e) => e.name === 'call.hangup')
        .map((e) => (e.metadata as { payload: { hangup_cause?: string } }).payload.hangup_cause);
      assert.ok(causes.length > 5 && causes.every((c) => typeof c === 'string'));
      const busyAfter = new Set(sim.state.activeCalls(sim.seed.busyConnectionId).map((c) => c.call_control_id));
      assert.ok(
        busyBefore.some((id) => !busyAfter.has(id)),
        'some busy calls ended',
      );
      assert.ok(
        [...busyAfter].some((id) => !busyBefore.includes(id)),
        'some busy calls started',
      );
      assert.deepEqual(sim.state.activeCalls(sim.seed.emptyConnectionId), [], 'the empty connection stays empty');
    } finally {
      await sim.close();
    }
  });

  it('runs by itself on a timer when live is set', async () => {
    const sim = await startSimulator({ live: true, liveTickMs: 10, busyConnectionCalls: 20 });
    try {
      const before = sim.state.events().length;
      const grew = await new Promise<boolean>((resolve) => {
        const finish = (result: boolean): void => {
          clearInterval(poll);
          clearTimeout(giveUp);
          resolve(result);
        };
        const poll = setInterval(() => {
          if (sim.state.events().length > before) finish(true);
        }, 10);
        const giveUp = setTimeout(() => finish(false), 5000);
      });
      assert.ok(grew, 'events appeared without any call to the state');
      const res = await http.get<{ data: ActiveCall[]; meta: CursorPageMeta }>(
        sim,
        `/connections/${sim.seed.busyConnectionId}/active_calls`,
      );
      assert.equal(res.status, 200);
    } finally {
      await sim.close();
    }
  });
});
