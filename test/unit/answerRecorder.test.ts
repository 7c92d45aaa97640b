// What a call panel records for "Save Call as Fixture…" (issue 27 item 6), wired as the panel wires it:
// one client shared with other readers, its answers offered to a CallAnswerRecorder that knows the
// call through the panel's session. Against the simulator through the real client: only the call's
// own answers are kept, within bounds (older refreshes given up first), and the file written from
// them holds neither the key nor an Authorization header, even when an event's metadata carries them.
import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { CallSession, type CallSessionWords } from '../../src/callDetails/session';
import { CallAnswerRecorder, type RecordedCall } from '../../src/calls/answerRecorder';
import { callFixture } from '../../src/calls/fixture';
import type { RawAnswer, TelnyxApi } from '../../src/telnyx/api';
import { createTelnyxClient } from '../../src/telnyx/index';
import { createRedactor } from '../../src/telnyx/redact';
import { startSimulator, type StartedSimulator } from '../simulator/index';

const words: CallSessionWords = {
  errorView: (error) => ({ kind: 'unexpected', message: String(error) }),
  noKey: () => ({ kind: 'no_key', message: 'no key' }),
  unknownLeg: () => ({ kind: 'unknown_leg', message: 'leg unknown' }),
  ignoredFilter: (count) => ({ message: `${count} ignored` }),
  stopped: (read, total) => `stopped at ${read}/${total}`,
};

let sim: StartedSimulator;
let api: TelnyxApi;
/** The shared client's answers go to whichever recorder listens, as ApiAccess.onAnswer does. */
let listener: ((answer: RawAnswer) => void) | undefined;

before(async () => {
  sim = await startSimulator({ seed: 27 });
  api = createTelnyxClient({ apiKey: sim.apiKey, baseUrl: sim.url, onAnswer: (answer) => listener?.(answer) });
});
after(async () => {
  await api.close();
  await sim.close();
});

/** A panel's session on `callControlId` with a recorder listening to the client, as CallDetailsPanel builds them. */
function openRecordedSession(callControlId: string, recorder?: (call: () => RecordedCall) => CallAnswerRecorder) {
  const session = new CallSession(
    { kind: 'call', callControlId, scope: 'session' },
    {
      getApi: async () => api,
      readStatus: (id, signal) => api.getCallStatus(id, { signal }),
      maxEvents: () => 0,
      words,
    },
  );
  const ids = (): RecordedCall => {
    const target = session.state.target;
    assert.equal(target.kind, 'call');
    return target;
  };
  const recording = recorder ? recorder(ids) : new CallAnswerRecorder(ids);
  listener = (answer) => recording.offer(answer);
  return { session, recording };
}

describe('CallAnswerRecorder: what a call panel records for a fixture', () => {
  it("keeps the call's status and every page of its session, not what other readers of the client read", async () => {
    const added = sim.state.addSession({ count: 600, legs: 2 });
    const id = added.callControlIds[0];
    const { session, recording } = openRecordedSession(id);
    try {
      await session.reload();
      assert.equal(session.state.events.length, 600);
      // Other readers of the same client while the panel is open: the tree, a hover on another call,
      // the status bar's failed deliveries, an unfiltered search of recent events, another leg.
      await api.listActiveCalls(sim.seed.mainConnectionId);
      await api.getCallStatus(sim.seed.aliveCallControlId);
      await api.listCallEvents({ filter: { failed: true }, pageNumber: 1, pageSize: 20 });
      await api.listCallEvents({ pageNumber: 1, pageSize: 20 });
      const target = session.state.target;
      const otherLeg = added.legIds.find((leg) => target.kind === 'call' && leg !== target.legId);
      assert.ok(otherLeg);
      await api.listCallEvents({ filter: { legId: otherLeg }, pageNumber: 1, pageSize: 20 });

      const summary = recording.summary();
      assert.deepEqual(summary, { answers: 4, eventPages: 3, events: 600, hasStatus: true, notKept: 0 });
      const paths = recording.answers().map((answer) => decodeURIComponent(answer.path));
      assert.ok(paths[0].endsWith(`/calls/${id}`), paths[0]);
      assert.ok(
        paths.slice(1).every((path) => path.includes(`filter[application_session_id]=${added.sessionId}`)),
        paths.join('\n'),
      );
      const [status] = recording.answers();
      assert.equal((status.body as { data: { call_control_id: string } }).data.call_control_id, id, 'as received');
    } finally {
      session.dispose();
      listener = undefined;
    }
  });

  it('keeps the latest answer of a path read again, and gives up older refreshes first when full', async () => {
    const id = sim.state.startCall(sim.seed.mainConnectionId).call_control_id;
    const { session, recording } = openRecordedSession(
      id,
      (ids) => new CallAnswerRecorder(ids, { maxAnswers: 4, maxEvents: 10_000 }),
    );
    try {
      await session.reload();
      assert.deepEqual(recording.summary(), { answers: 2, eventPages: 1, events: 3, hasStatus: true, notKept: 0 });
      // A live call's panel polls: its status again (the same path) and only what is new (a new
      // occurred_at bound each time, so a new path).
      for (let tick = 0; tick < 4; tick++) {
        sim.state.addEvent(id, { name: 'speak', type: 'command' });
        await session.tick();
      }
      const summary = recording.summary();
      assert.equal(summary.answers, 4, 'never more than the limit');
      assert.equal(summary.hasStatus, true);
      assert.equal(summary.notKept, 2, 'the two oldest refreshes were given up');
      const paths = recording.answers().map((answer) => decodeURIComponent(answer.path));
      assert.ok(
        paths.some((path) => path.includes('call_events') && !path.includes('occurred_at')),
        'the full load is kept',
      );
      assert.equal(paths.filter((path) => path.includes('occurred_at')).length, 2, 'the latest two refreshes');

      // A full page that does not fit is not kept, and said.
      const small = new CallAnswerRecorder(() => ({ callControlId: id, ...legAndSession(session) }), {
        maxAnswers: 10,
        maxEvents: 2,
      });
      listener = (answer) => small.offer(answer);
      await session.reload();
      assert.deepEqual(small.summary(), { answers: 1, eventPages: 0, events: 0, hasStatus: true, notKept: 1 });
    } finally {
      session.dispose();
      listener = undefined;
    }
  });

  it('writes no key and no Authorization header, even when an event carries them', async () => {
    const id = sim.state.startCall(sim.seed.mainConnectionId).call_control_id;
    sim.state.addEvent(id, {
      name: 'call.answered',
      type: 'webhook',
      metadata: {
        request_headers: { Authorization: `Bearer ${sim.apiKey}`, 'content-type': 'application/json' },
        note: `echoed ${sim.apiKey} and ${Buffer.from(sim.apiKey).toString('base64')}`,
      },
    });
    const { session, recording } = openRecordedSession(id);
    try {
      await session.reload();
      const answers = recording.answers();
      assert.ok(JSON.stringify(answers).includes(sim.apiKey), 'the simulator did echo it');
      const text = JSON.stringify(callFixture(id, answers, new Date(), createRedactor(sim.apiKey)));
      assert.ok(!text.includes(sim.apiKey), 'never the key');
      assert.ok(!text.includes(Buffer.from(sim.apiKey).toString('base64')), 'nor its base64');
      assert.doesNotMatch(text, /Bearer (?!\[redacted\])/, 'no bearer token');
      assert.match(text, /"Authorization":"\[redacted\]"/);
      assert.match(text, /"content-type":"application\/json"/, 'other headers stay');
    } finally {
      session.dispose();
      listener = undefined;
    }
  });

  it('keeps nothing of a call that is not known yet, and forgets on clear', () => {
    let call: RecordedCall | undefined = undefined;
    const recorder = new CallAnswerRecorder(() => call);
    const status: RawAnswer = { path: '/v2/calls/v3%3Aabc', status: 200, body: { data: {} } };
    recorder.offer(status);
    assert.equal(recorder.summary().answers, 0);
    call = { callControlId: 'v3:abc' };
    recorder.offer(status);
    recorder.offer({ path: '/v2/calls/v3%3Aabc?x=1', status: 200, body: {} });
    recorder.offer({ path: '/v2/calls/v3%3Aabcd', status: 200, body: {} });
    assert.equal(recorder.summary().answers, 1);
    recorder.clear();
    assert.deepEqual(recorder.summary(), { answers: 0, eventPages: 0, events: 0, hasStatus: false, notKept: 0 });
  });
});

function legAndSession(session: CallSession): { legId?: string; sessionId?: string } {
  const target = session.state.target;
  return target.kind === 'call' ? { legId: target.legId, sessionId: target.sessionId } : {};
}
