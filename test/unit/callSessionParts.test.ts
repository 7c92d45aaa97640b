// The parts a call panel's session is built from, each alone: the target and its scope, when to read
// again (on a mocked clock: what is due, never how fast), the status (against the simulator through
// the real client). The timeline's loads and the notices are in callSessionTimeline.test.ts; the
// whole session in callSession.test.ts.
import { strict as assert } from 'node:assert';
import { after, afterEach, before, beforeEach, describe, it, mock } from 'node:test';
import type { PanelTarget } from '../../src/callDetails/protocol';
import { AUTO_REFRESH_SECONDS, RefreshScheduler, SLOW_REFRESH_SECONDS } from '../../src/callDetails/session/refreshScheduler';
import { StatusReader } from '../../src/callDetails/session/statusReader';
import { scopeFilterOf, SessionTarget } from '../../src/callDetails/session/target';
import type { CallSessionDeps, SessionContext, SessionUpdate } from '../../src/callDetails/session/types';
import type { CallIds } from '../../src/calls/knownIds';
import type { TelnyxApi } from '../../src/telnyx/api';
import { isTelnyxError } from '../../src/telnyx/errors';
import { createTelnyxClient } from '../../src/telnyx/index';
import { startSimulator, type StartedSimulator } from '../simulator/index';

describe('SessionTarget: what the timeline reads', () => {
  const call = (ids: { legId?: string; sessionId?: string } = {}, scope: 'leg' | 'session' = 'session'): PanelTarget => ({ kind: 'call', callControlId: 'v3:abc', scope, ...ids });

  it('the session when known, else the leg; the leg when asked and known, else the session; nothing when neither is known', () => {
    assert.deepEqual(scopeFilterOf(call({ legId: 'L', sessionId: 'S' })), { applicationSessionId: 'S' });
    assert.deepEqual(scopeFilterOf(call({ legId: 'L' })), { legId: 'L' });
    assert.deepEqual(scopeFilterOf(call({ legId: 'L', sessionId: 'S' }, 'leg')), { legId: 'L' });
    assert.deepEqual(scopeFilterOf(call({ sessionId: 'S' }, 'leg')), { applicationSessionId: 'S' });
    assert.equal(scopeFilterOf(call()), undefined);
    assert.deepEqual(scopeFilterOf({ kind: 'events', title: 't', filter: { connectionId: 'C' } }), { connectionId: 'C' });
  });

  it('starts from the ids remembered for the call, tells the page of new ids once, and remembers them', () => {
    const remembered = new Map<string, CallIds>([['v3:abc', { legId: 'L' }]]);
    const updates: SessionUpdate[] = [];
    const target = new SessionTarget(call(), { get: (id) => remembered.get(id), remember: (id, ids) => remembered.set(id, ids) }, (u) => updates.push(u));
    assert.equal(target.effectiveScope(), 'leg', 'only the leg is known');
    assert.equal(target.canSwitchScope, false);
    target.learnIds('L', 'S');
    target.learnIds('L', 'S');
    assert.equal(updates.length, 1, 'the page is told once');
    assert.deepEqual(remembered.get('v3:abc'), { legId: 'L', sessionId: 'S' });
    assert.equal(target.canSwitchScope, true);
    assert.equal(target.effectiveScope(), 'session');
    assert.equal(target.setScope('session'), false, 'already shown');
    assert.equal(target.setScope('leg'), true);
    assert.deepEqual(target.filter(), { legId: 'L' });
  });
});

describe('RefreshScheduler: when a live call is read again', () => {
  let polls = 0;
  let finals = 0;
  let scheduler: RefreshScheduler;
  /** Runs the timers due within `ms`, and what their polls start. */
  const advance = async (ms: number): Promise<void> => {
    mock.timers.tick(ms);
    for (let i = 0; i < 5; i++) await Promise.resolve();
  };

  beforeEach(() => {
    mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 1_000_000 });
    polls = 0;
    finals = 0;
    // A poll reads the status, which counts as a tick (as the session's does).
    scheduler = new RefreshScheduler({
      poll: async () => {
        polls++;
        scheduler.noteTick();
      },
      finalRefresh: () => void finals++,
    });
  });
  afterEach(() => {
    scheduler.dispose();
    mock.timers.reset();
  });

  it('nothing while paused (hidden), however long; an interval after the last read once allowed', async () => {
    scheduler.noteTick();
    assert.equal(scheduler.setActive(true, false), true);
    await advance(10 * 60_000);
    assert.equal(polls, 0, 'paused');
    scheduler.setPace('fast');
    assert.equal(polls, 0);
    await advance(0);
    assert.equal(polls, 1, 'long overdue: at once');
    await advance(AUTO_REFRESH_SECONDS * 1000 - 1);
    assert.equal(polls, 1, 'not before the interval');
    await advance(1);
    assert.equal(polls, 2);
  });

  it('every 30 s in an unfocused window; back to 5 s when focused, counted from the last read', async () => {
    scheduler.setActive(true, false);
    scheduler.noteTick();
    scheduler.setPace('slow');
    await advance(AUTO_REFRESH_SECONDS * 1000);
    assert.equal(polls, 0);
    await advance((SLOW_REFRESH_SECONDS - AUTO_REFRESH_SECONDS) * 1000);
    assert.equal(polls, 1);
    await advance(2_000);
    scheduler.setPace('fast');
    await advance(AUTO_REFRESH_SECONDS * 1000 - 2_000);
    assert.equal(polls, 2, 'due 5 s after the last read, not 5 s after the change');
  });

  it('stopped because the call ended: no more polls, one final refresh a little later', async () => {
    scheduler.setPace('fast');
    scheduler.setActive(true, false);
    scheduler.noteTick();
    assert.equal(scheduler.setActive(false, true), true);
    assert.equal(scheduler.finalRefreshPending, true);
    await advance(AUTO_REFRESH_SECONDS * 1000);
    assert.equal(finals, 1);
    assert.equal(scheduler.finalRefreshPending, false);
    await advance(10 * 60_000);
    assert.equal(polls, 0);
    assert.equal(finals, 1);
  });

  it('disposed: no timer runs, and it cannot be turned on again', async () => {
    scheduler.setPace('fast');
    scheduler.setActive(false, true);
    scheduler.dispose();
    assert.equal(scheduler.setActive(true, false), false);
    await advance(10 * 60_000);
    assert.deepEqual([polls, finals], [0, 0]);
  });
});

describe('StatusReader against the simulator', () => {
  let sim: StartedSimulator;
  let api: TelnyxApi;
  let updates: SessionUpdate[];
  let learnt: Array<[string | undefined, string | undefined]>;

  const words: CallSessionDeps['words'] = {
    describeError: (error) => ({ kind: isTelnyxError(error) ? error.kind : 'unexpected', message: String(error) }),
    noKey: () => ({ kind: 'no_key', message: 'no key' }),
    unknownLeg: () => ({ kind: 'unknown_leg', message: 'leg unknown' }),
    ignoredFilter: (count) => ({ kind: 'ignored_filter', message: `${count} left out` }),
    stopped: () => 'stopped',
  };
  const reader = (getApi: () => Promise<TelnyxApi | undefined> = async () => api): StatusReader => {
    const deps: CallSessionDeps = { getApi, readStatus: (id, signal) => api.getCallStatus(id, { signal }), maxEvents: () => 0, words };
    const context: SessionContext = {
      deps,
      emit: (u) => updates.push(u),
      disposed: () => false,
      api: async () => (await getApi()) ?? { error: words.noKey() },
      cancelled: (abort) => abort.signal.aborted,
    };
    return new StatusReader(context, (legId, sessionId) => learnt.push([legId, sessionId]));
  };

  before(async () => {
    sim = await startSimulator({ seed: 23 });
    api = createTelnyxClient({ apiKey: sim.apiKey, baseUrl: sim.url, maxAttempts: 1 });
  });
  beforeEach(() => {
    updates = [];
    learnt = [];
  });
  afterEach(() => sim.clearFaults());
  after(async () => {
    await api.close();
    await sim.close();
  });

  it('a live call: alive, its ids learnt, the page told', async () => {
    const id = sim.seed.aliveCallControlId;
    const status = sim.state.callStatus(id);
    assert.ok(status);
    const part = reader();
    assert.equal(part.view.state, 'loading');
    await part.read(id);
    assert.equal(part.view.state, 'alive');
    assert.deepEqual(learnt, [[status.call_leg_id, status.call_session_id]]);
    assert.deepEqual(updates, [{ type: 'status', view: part.view }]);
  });

  it('a failed read keeps the last good status beside the failure; a gone one says gone', async () => {
    const part = reader();
    await part.read(sim.seed.aliveCallControlId);
    sim.addFault({ endpoint: 'call_status', serverError: { count: -1, status: 500 } });
    await part.read(sim.seed.aliveCallControlId);
    assert.equal(part.view.state, 'alive', 'the last status stays');
    assert.equal(part.view.error?.kind, 'server');
    sim.clearFaults();
    await part.read(sim.seed.goneCallControlId);
    assert.equal(part.view.state, 'gone');
  });

  it('a first read that fails is an error; without a key nothing is sent', async () => {
    sim.addFault({ endpoint: 'call_status', serverError: { count: -1, status: 500 } });
    const failing = reader();
    await failing.read(sim.seed.aliveCallControlId);
    assert.equal(failing.view.state, 'error');
    sim.clearRequests();
    const keyless = reader(async () => undefined);
    await keyless.read(sim.seed.aliveCallControlId);
    assert.deepEqual([keyless.view.state, keyless.view.error?.kind], ['error', 'no_key']);
    assert.equal(sim.requests.length, 0);
  });
});
