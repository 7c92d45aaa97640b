// The call panel's session against the real simulator through the real client: what it holds after
// opening a live call, incremental refresh, polling only at the pace its host allows, the end of a
// call, errors and Retry, scope, no key, and a client replaced while a load is under way.
import { strict as assert } from 'node:assert';
import { after, afterEach, before, describe, it } from 'node:test';
import {
  CallSession,
  REFRESH_OVERLAP_SECONDS,
  type CallSessionDeps,
  type CallSessionWords,
  type SessionUpdate,
} from '../../src/callDetails/session';
import type { PanelTarget } from '../../src/callDetails/protocol';
import type { TelnyxApi } from '../../src/telnyx/api';
import { isTelnyxError } from '../../src/telnyx/errors';
import { createTelnyxClient } from '../../src/telnyx/index';
import { refreshFrom } from '../../src/timeline/model';
import { startSimulator, type StartedSimulator } from '../simulator/index';
import type { RecordedRequest } from '../simulator/types';

const words: CallSessionWords = {
  errorView: (error) => ({
    kind: isTelnyxError(error) ? error.kind : 'unexpected',
    message: isTelnyxError(error) ? `${error.kind}: ${error.message}` : String(error),
  }),
  noKey: () => ({ kind: 'no_key', message: 'no key' }),
  unknownLeg: () => ({ kind: 'unknown_leg', message: 'leg unknown' }),
  ignoredFilter: (count) => ({ kind: 'ignored_filter', message: `${count} ignored` }),
  stopped: (read, total) => `stopped at ${read}/${total}`,
};

/** Resolves with the first update (and the session's state then) that satisfies `accept`. */
function nextUpdate(
  session: CallSession,
  accept: (update: SessionUpdate) => boolean,
  what: string,
  timeoutMs = 20_000,
): Promise<SessionUpdate> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(
        new Error(
          `timed out waiting for ${what}; ` +
            `state: ${JSON.stringify({ ...session.state, events: session.state.events.length, rows: undefined })}`,
        ),
      );
    }, timeoutMs);
    const stop = session.onDidUpdate((update) => {
      if (!accept(update)) return;
      clearTimeout(timer);
      stop();
      resolve(update);
    });
  });
}

describe('CallSession against the simulator', () => {
  let sim: StartedSimulator;
  let api: TelnyxApi;
  const sessions: CallSession[] = [];
  const clients: TelnyxApi[] = [];

  const deps = (overrides: Partial<CallSessionDeps> = {}): CallSessionDeps => {
    const getApi = overrides.getApi ?? (async () => api);
    return {
      getApi,
      // Status reads go through the same client as event reads, as the panel's do.
      readStatus: async (id, signal) => {
        const client = await getApi();
        if (!client) throw new Error('no client');
        return client.getCallStatus(id, { signal });
      },
      maxEvents: () => 0,
      words,
      ...overrides,
    };
  };
  const open = (target: PanelTarget, overrides?: Partial<CallSessionDeps>): CallSession => {
    const session = new CallSession(target, deps(overrides));
    sessions.push(session);
    return session;
  };
  const call = (callControlId: string): PanelTarget => ({ kind: 'call', callControlId, scope: 'session' });
  const statusReads = (id: string): RecordedRequest[] =>
    sim.requests.filter((r) => r.endpoint === 'call_status' && decodeURIComponent(r.path).endsWith(`/calls/${id}`));
  const eventReads = (value: string): RecordedRequest[] =>
    sim.requests.filter((r) => r.endpoint === 'call_events' && r.query.some(([, v]) => v === value));

  before(async () => {
    sim = await startSimulator({ seed: 21 });
    api = createTelnyxClient({ apiKey: sim.apiKey, baseUrl: sim.url });
  });
  afterEach(() => {
    sim.clearFaults();
    for (const session of sessions.splice(0)) session.dispose();
  });
  after(async () => {
    await api.close();
    for (const client of clients) await client.close();
    await sim.close();
  });

  it('reads a live call: status, its ids, the whole session; polls nothing until its host allows it', async () => {
    const id = sim.seed.aliveCallControlId;
    const status = sim.state.callStatus(id);
    assert.ok(status);
    sim.clearRequests();
    const session = open(call(id));
    assert.equal(sim.requests.length, 0, 'nothing read before asked');
    await session.reload();
    const state = session.state;
    assert.equal(state.status.state, 'alive');
    assert.equal(state.autoRefresh, true);
    assert.deepEqual(state.target, {
      kind: 'call',
      callControlId: id,
      scope: 'session',
      legId: status.call_leg_id,
      sessionId: status.call_session_id,
    });
    assert.equal(state.events.length, sim.state.events({ sessionId: status.call_session_id }).length);
    assert.ok(
      state.rows.every((row) => !('metadata' in row)),
      'rows carry no metadata',
    );
    assert.equal(state.pace, 'paused');
    assert.equal(statusReads(id).length, 1);

    // Paced by a second session that may poll: this one, paused, reads nothing meanwhile.
    const clock = open(call(id));
    await clock.reload();
    clock.setPace('fast');
    sim.clearRequests();
    await nextUpdate(clock, (u) => u.type === 'status', 'a poll of the session that may poll');
    await nextUpdate(clock, (u) => u.type === 'status', 'a second poll');
    assert.equal(statusReads(id).length, 2, 'only the polling session read the status');
    // Allowed again after more than an interval: it catches up at once, with the new event.
    sim.state.addEvent(id, { name: 'call.dtmf.received', type: 'webhook', metadata: { digit: '5' } });
    session.setPace('fast');
    const update = await nextUpdate(session, (u) => u.type === 'events' && !u.replace, 'the caught-up refresh', 2_000);
    assert.ok(update.type === 'events' && update.events.some((row) => row.name === 'call.dtmf.received'));
  });

  it('a refresh reads only what is new, reaching back over the overlap at full precision', async () => {
    const id = sim.seed.aliveCallControlId;
    const status = sim.state.callStatus(id);
    assert.ok(status);
    const session = open(call(id));
    await session.reload();
    const before = session.state.events.length;
    const overlapStart = refreshFrom(session.state.events, REFRESH_OVERLAP_SECONDS * 1_000_000);
    sim.state.addEvent(id, { name: 'call.speak.ended', type: 'webhook' });
    sim.clearRequests();
    await session.tick();
    const reads = eventReads(status.call_session_id);
    assert.equal(reads.length, 1);
    assert.deepEqual(
      reads[0].query.filter(([key]) => key.startsWith('filter[occurred_at]')),
      [['filter[occurred_at][gte]', overlapStart]],
    );
    assert.equal(session.state.events.length, before + 1);
  });

  it('stops polling when the call ends, then reads its timeline once more', async () => {
    const started = sim.state.startCall(sim.seed.mainConnectionId);
    sim.state.addEvent(started.call_control_id, { name: 'call.initiated', type: 'webhook' });
    const session = open(call(started.call_control_id));
    await session.reload();
    assert.equal(session.state.autoRefresh, true);
    sim.state.endCall(started.call_control_id, 'normal_clearing');
    await session.tick();
    assert.equal(session.state.status.state, 'ended');
    assert.equal(session.state.autoRefresh, false);
    assert.ok(
      session.state.events.some((e) => e.name === 'call.hangup'),
      'the hangup arrived before polling stopped',
    );
    assert.equal(session.state.finalRefreshPending, true);
    sim.state.addEvent(started.call_control_id, { name: 'call.recording.saved', type: 'webhook' });
    await nextUpdate(session, (u) => u.type === 'events', 'the final refresh', 10_000);
    assert.equal(session.state.finalRefreshPending, false);
    assert.ok(session.state.events.some((e) => e.name === 'call.recording.saved'));
  });

  it('a failed timeline read keeps what was shown; Retry recovers', async () => {
    const id = sim.seed.aliveCallControlId;
    const session = open(call(id));
    await session.reload();
    const shown = session.state.events.length;
    sim.addFault({ endpoint: 'call_events', serverError: { count: 100, status: 503 } });
    await session.reload();
    assert.match(session.state.timelineError?.message ?? '', /^server/);
    assert.equal(session.state.events.length, shown);
    assert.equal(session.state.status.state, 'alive');
    sim.clearFaults();
    await session.retry('timeline');
    assert.equal(session.state.timelineError, undefined);
    assert.equal(session.state.events.length, shown);
  });

  it('switches to the leg and back', async () => {
    const id = sim.seed.aliveCallControlId;
    const status = sim.state.callStatus(id);
    assert.ok(status);
    const session = open(call(id));
    await session.reload();
    sim.clearRequests();
    await session.setScope('leg');
    assert.equal(session.state.scope, 'leg');
    assert.equal(session.state.events.length, sim.state.events({ legId: status.call_leg_id }).length);
    assert.ok(eventReads(status.call_leg_id).length >= 1);
    await session.setScope('session');
    assert.equal(session.state.events.length, sim.state.events({ sessionId: status.call_session_id }).length);
  });

  it('without a key: both parts say so, and nothing is sent', async () => {
    sim.clearRequests();
    const session = open(call(sim.seed.aliveCallControlId), { getApi: async () => undefined });
    await session.reload();
    assert.equal(session.state.status.error?.kind, 'no_key');
    assert.equal(session.state.timelineError?.kind, 'no_key');
    assert.equal(sim.requests.length, 0);
  });

  it('a client replaced while the status loads: it loads again through the new one and finishes', async () => {
    const id = sim.seed.aliveCallControlId;
    let current = createTelnyxClient({ apiKey: sim.apiKey, baseUrl: sim.url });
    clients.push(current);
    const session = open(call(id), { getApi: async () => current });
    sim.clearRequests();
    sim.addFault({ endpoint: 'call_status', hang: { count: 1, ms: 30_000 } });
    const loading = session.reload();
    await until(() => statusReads(id).some((r) => r.status === 0), 'the status read held by the simulator');
    assert.equal(session.state.status.state, 'loading');
    // What ApiAccess does on a timeout or proxy change: close the old client, hand out a new one.
    const old = current;
    current = createTelnyxClient({ apiKey: sim.apiKey, baseUrl: sim.url });
    clients.push(current);
    await old.close();
    await loading;
    assert.equal(session.state.status.state, 'loading', 'the cancelled read left it loading');
    await session.clientReplaced();
    assert.equal(session.state.status.state, 'alive');
    assert.ok(session.state.events.length > 0);
  });

  it('a Refresh while an earlier run still waits for the status: one more run follows and shows what happened since', async () => {
    const started = sim.state.startCall(sim.seed.mainConnectionId);
    const id = started.call_control_id;
    sim.state.addEvent(id, { name: 'call.initiated', type: 'webhook' });
    const session = open(call(id));
    await session.reload();
    sim.clearRequests();
    sim.addFault({ endpoint: 'call_status', hang: { count: 1, ms: 1_500 } });
    const first = session.reload();
    await until(
      () => eventReads(started.call_session_id).some((r) => r.status === 200),
      "the first run's timeline read",
    );
    assert.equal(session.state.status.state, 'alive', 'the first run still waits for its status');
    sim.state.endCall(id, 'normal_clearing');
    // Two Refreshes while the first run waits: they share the one run that follows it.
    await Promise.all([first, session.reload(), session.reload()]);
    assert.equal(eventReads(started.call_session_id).length, 2, 'the timeline read once more after the first run');
    assert.equal(session.state.status.state, 'ended');
    assert.ok(
      session.state.events.some((e) => e.name === 'call.hangup'),
      'the hangup, which came after the first run read the timeline, is shown',
    );
  });

  /** Polls what the simulator recorded (it records a request on arrival, status 0 until answered). */
  async function until(seen: () => boolean, what: string): Promise<void> {
    const deadline = Date.now() + 10_000;
    while (!seen()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
});
