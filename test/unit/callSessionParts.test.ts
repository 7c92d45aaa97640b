// The parts a call panel's session is built from, each alone: the target and its scope, when to read
// again (on a mocked clock: what is due, never how fast), the status, the notices and the timeline's
// loads (against the simulator through the real client); then the session's Retry with the call
// directory in between, within a failure's lifetime. The whole session: callSession.test.ts.
import { strict as assert } from 'node:assert';
import { after, afterEach, before, beforeEach, describe, it, mock } from 'node:test';
import type { PanelTarget } from '../../src/callDetails/protocol';
import { CallSession } from '../../src/callDetails/session';
import { SessionNotices } from '../../src/callDetails/session/notices';
import {
  AUTO_REFRESH_SECONDS,
  RefreshScheduler,
  SLOW_REFRESH_SECONDS,
} from '../../src/callDetails/session/refreshScheduler';
import { StatusReader } from '../../src/callDetails/session/statusReader';
import { scopeFilterOf, SessionTarget } from '../../src/callDetails/session/target';
import { TimelineLoader } from '../../src/callDetails/session/timelineLoader';
import type {
  CallSessionDeps,
  SessionContext,
  SessionUpdate,
  UnknownLegReason,
} from '../../src/callDetails/session/types';
import { CallDirectory } from '../../src/calls/callDirectory';
import type { LegAndSessionIds } from '../../src/calls/knownIds';
import type { CallEvent } from '../../src/telnyx/types';
import type { TelnyxApi } from '../../src/telnyx/api';
import { isTelnyxError } from '../../src/telnyx/errors';
import { createTelnyxClient } from '../../src/telnyx/index';
import { defaultModes } from '../simulator/modes';
import { startSimulator, type StartedSimulator } from '../simulator/index';

describe('SessionTarget: what the timeline reads', () => {
  const call = (
    ids: { legId?: string; sessionId?: string } = {},
    scope: 'leg' | 'session' = 'session',
  ): PanelTarget => ({ kind: 'call', callControlId: 'v3:abc', scope, ...ids });

  it('the session when known, else the leg; the leg when asked and known, else the session; nothing when neither is known', () => {
    assert.deepEqual(scopeFilterOf(call({ legId: 'L', sessionId: 'S' })), { applicationSessionId: 'S' });
    assert.deepEqual(scopeFilterOf(call({ legId: 'L' })), { legId: 'L' });
    assert.deepEqual(scopeFilterOf(call({ legId: 'L', sessionId: 'S' }, 'leg')), { legId: 'L' });
    assert.deepEqual(scopeFilterOf(call({ sessionId: 'S' }, 'leg')), { applicationSessionId: 'S' });
    assert.equal(scopeFilterOf(call()), undefined);
    assert.deepEqual(scopeFilterOf({ kind: 'events', title: 't', filter: { connectionId: 'C' } }), {
      connectionId: 'C',
    });
  });

  it('starts from the ids remembered for the call, tells the page of new ids once, and remembers them', () => {
    const remembered = new Map<string, LegAndSessionIds>([['v3:abc', { legId: 'L' }]]);
    const updates: SessionUpdate[] = [];
    const target = new SessionTarget(
      call(),
      { get: (id) => remembered.get(id), remember: (id, ids) => remembered.set(id, ids) },
      (u) => updates.push(u),
    );
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
    errorView: (error) => ({ kind: isTelnyxError(error) ? error.kind : 'unexpected', message: String(error) }),
    noKey: () => ({ kind: 'no_key', message: 'no key' }),
    unknownLeg: () => ({ kind: 'unknown_leg', message: 'leg unknown' }),
    ignoredFilter: (count) => ({ kind: 'ignored_filter', message: `${count} left out` }),
    stopped: () => 'stopped',
  };
  const reader = (getApi: () => Promise<TelnyxApi | undefined> = async () => api): StatusReader => {
    const deps: CallSessionDeps = {
      getApi,
      readStatus: (id, signal) => api.getCallStatus(id, { signal }),
      maxEvents: () => 0,
      words,
    };
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

describe('SessionNotices: events of other calls, counted once each', () => {
  const event = (leg: string, session: string, at: string, name = 'call.answered'): CallEvent => ({
    record_type: 'call_event',
    call_leg_id: leg,
    call_session_id: session,
    event_timestamp: at,
    name,
    type: 'webhook',
    metadata: {},
  });
  const mine = event('L', 'S', '2026-05-04T09:00:00.000001Z');
  const other1 = event('L2', 'S2', '2026-05-04T09:00:01.000001Z');
  const other2 = event('L3', 'S3', '2026-05-04T09:00:02.000001Z');

  it('an overlap read again is not counted again; a new one is; a full read starts over; the page is told on change only', () => {
    const updates: SessionUpdate[] = [];
    const notices = new SessionNotices((u) => updates.push(u), {
      ignoredFilter: (count) => ({ message: `${count} left out` }),
    });
    const filter = { applicationSessionId: 'S' };
    assert.deepEqual(notices.onlyRequested([mine, other1], filter, true), [mine]);
    notices.publish();
    assert.deepEqual(notices.notice, { kind: 'ignored_filter', count: 1, message: '1 left out' });
    // A refresh re-reads its overlap window: the same records again, as new objects.
    notices.onlyRequested([{ ...mine }, { ...other1 }], filter, false);
    notices.publish();
    assert.equal(notices.notice?.count, 1);
    assert.equal(updates.filter((u) => u.type === 'timelineNotice').length, 1, 'nothing changed, nothing told');
    notices.onlyRequested([{ ...other1 }, other2], filter, false);
    notices.publish();
    assert.equal(notices.notice?.count, 2);
    notices.onlyRequested([mine], filter, true);
    notices.publish();
    assert.equal(notices.notice, undefined, 'a full read without them: no notice');
    assert.deepEqual(updates.at(-1), { type: 'timelineNotice', notice: undefined });
  });

  it('the last short message is kept and told', () => {
    const updates: SessionUpdate[] = [];
    const notices = new SessionNotices((u) => updates.push(u), { ignoredFilter: () => ({ message: '' }) });
    notices.say('Copied.');
    assert.equal(notices.last, 'Copied.');
    assert.deepEqual(updates, [{ type: 'notice', text: 'Copied.' }]);
  });
});

describe("TimelineLoader and the session's Retry against the simulator", () => {
  let sim: StartedSimulator;
  let api: TelnyxApi;
  const words: CallSessionDeps['words'] = {
    errorView: (error) => ({ kind: isTelnyxError(error) ? error.kind : 'unexpected', message: String(error) }),
    noKey: () => ({ kind: 'no_key', message: 'no key' }),
    unknownLeg: (reason) => ({ kind: 'unknown_leg', message: `leg unknown: ${reason}` }),
    ignoredFilter: (count) => ({ message: `${count} left out` }),
    stopped: () => 'stopped',
  };
  const statusReads = (id: string): number =>
    sim.requests.filter((r) => r.endpoint === 'call_status' && decodeURIComponent(r.path).endsWith(`/calls/${id}`))
      .length;

  before(async () => {
    sim = await startSimulator({ seed: 29 });
    api = createTelnyxClient({ apiKey: sim.apiKey, baseUrl: sim.url, maxAttempts: 1 });
  });
  afterEach(() => {
    sim.clearFaults();
    sim.setModes(defaultModes());
  });
  after(async () => {
    await api.close();
    await sim.close();
  });

  it(
    "a filter Telnyx ignores: the call's events only, a notice (no error) whose count does " +
      'not grow with incremental refreshes',
    async () => {
      const call = sim.state.startCall(sim.seed.mainConnectionId);
      sim.setModes({ ignoredFilters: ['filter[application_session_id]'] });
      const updates: SessionUpdate[] = [];
      const deps: CallSessionDeps = {
        getApi: async () => api,
        readStatus: (id, signal) => api.getCallStatus(id, { signal }),
        maxEvents: () => 0,
        words,
      };
      const context: SessionContext = {
        deps,
        emit: (u) => updates.push(u),
        disposed: () => false,
        api: async () => api,
        cancelled: (abort) => abort.signal.aborted,
      };
      const target = new SessionTarget(
        {
          kind: 'call',
          callControlId: call.call_control_id,
          scope: 'session',
          legId: call.call_leg_id,
          sessionId: call.call_session_id,
        },
        undefined,
        () => undefined,
      );
      const notices = new SessionNotices(context.emit, words);
      const loader = new TimelineLoader(
        context,
        target,
        notices,
        async () => undefined,
        () => 'not_named',
      );
      await loader.load('full');
      assert.equal(loader.error, undefined);
      assert.ok(loader.events.length > 0 && loader.events.every((e) => e.call_session_id === call.call_session_id));
      const leftOut = notices.notice?.count ?? 0;
      assert.ok(leftOut > 0, "the account's other events were returned and left out");
      await loader.load('incremental');
      await loader.load('incremental');
      assert.equal(notices.notice?.count, leftOut, 'the overlap re-read twice: the same events');
      assert.equal(loader.error, undefined);
      const errors = updates.flatMap((u) => (u.type === 'timelineError' && u.error ? [u.error] : []));
      assert.deepEqual(errors, [], 'never an error');
      sim.state.addEvent(sim.seed.aliveCallControlId, { name: 'call.dtmf.received', type: 'webhook' });
      await loader.load('incremental');
      assert.equal(notices.notice?.count, leftOut + 1);
    },
  );

  /** A session reading its status through a call directory whose clock stands still: a kept failure stays kept. */
  const sessionThroughDirectory = (target: PanelTarget): { session: CallSession; directory: CallDirectory } => {
    const directory = new CallDirectory({
      readStatus: (id, signal) => api.getCallStatus(id, { signal }),
      clock: { now: () => 0 },
    });
    directory.setAccount('account-a');
    const session = new CallSession(target, {
      getApi: async () => api,
      readStatus: (id, signal) => directory.status(id, signal),
      forgetStatus: (id) => directory.forgetStatus(id),
      maxEvents: () => 0,
      words,
    });
    return { session, directory };
  };

  it('Retry of a failed status asks Telnyx again, though the directory still keeps the failure', async () => {
    const call = sim.state.startCall(sim.seed.mainConnectionId);
    const id = call.call_control_id;
    const { session, directory } = sessionThroughDirectory({ kind: 'call', callControlId: id, scope: 'session' });
    try {
      sim.addFault({ endpoint: 'call_status', serverError: { count: -1, status: 500 } });
      await session.reload();
      assert.equal(session.state.status.state, 'error');
      sim.clearFaults();
      sim.clearRequests();
      await assert.rejects(directory.status(id), (error) => isTelnyxError(error) && error.kind === 'server');
      assert.equal(
        statusReads(id),
        0,
        'the directory still serves the failure: a hover in this moment is answered from it',
      );
      await session.retry('status');
      assert.equal(statusReads(id), 1, 'Retry asked Telnyx');
      assert.equal(session.state.status.state, 'alive');
      assert.equal(session.state.autoRefresh, true);
      assert.ok(session.state.events.length > 0, 'and the timeline the status made reachable');
    } finally {
      session.dispose();
    }
  });

  it(
    'an unknown leg says why: a status that failed is not a status that is gone; the ' +
      "timeline's Retry reads the status again",
    async () => {
      const unknown = 'v3:neverSeenNeverSeenNeverSeenNeverSeenNeverSeen0000';
      const reasonOf = (session: CallSession): string | undefined => session.state.timelineError?.message;
      const gone = sessionThroughDirectory({ kind: 'call', callControlId: unknown, scope: 'session' }).session;
      const failed = sessionThroughDirectory({ kind: 'call', callControlId: unknown, scope: 'session' });
      try {
        await gone.reload();
        assert.equal(gone.state.status.state, 'gone');
        assert.equal(reasonOf(gone), `leg unknown: ${'status_gone' satisfies UnknownLegReason}`);

        sim.addFault({ endpoint: 'call_status', serverError: { count: -1, status: 500 } });
        await failed.session.reload();
        assert.equal(failed.session.state.status.state, 'error');
        assert.equal(reasonOf(failed.session), `leg unknown: ${'status_failed' satisfies UnknownLegReason}`);
        sim.clearFaults();
        sim.clearRequests();
        await failed.session.retry('timeline');
        assert.equal(statusReads(unknown), 1, "the timeline's Retry read the status again, past the kept failure");
        assert.equal(failed.session.state.status.state, 'gone');
        assert.equal(
          reasonOf(failed.session),
          `leg unknown: ${'status_gone' satisfies UnknownLegReason}`,
          'the words follow what happened now',
        );
      } finally {
        gone.dispose();
        failed.session.dispose();
      }
    },
  );
});
