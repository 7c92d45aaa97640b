// A call saved as a fixture and served again (issue 27): the raw answers read for a call from the
// simulator (its status and every /call_events page, as received, with their paths), masked, then
// served by the fixture server and read again through the same client: the same call, the same rows,
// the same findings, and no phone number, SIP URI or key in the file.
import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { callFixture, parseCallFixture } from '../../src/calls/fixture';
import { diagnoseCall } from '../../src/doctor/index';
import type { RawAnswer, TelnyxApi } from '../../src/telnyx/api';
import { createTelnyxClient } from '../../src/telnyx/index';
import { toEventRows } from '../../src/timeline/model';
import { serveFixture } from '../simulator/fixture';
import { startSimulator } from '../simulator/index';
import type { Simulator } from '../simulator/types';

let sim: Simulator;
before(async () => {
  sim = await startSimulator({ seed: 5 });
});
after(async () => {
  await sim.close();
});

/** What the panel reads for a call: its status, then every page of its session's events. */
async function readCall(api: TelnyxApi, callControlId: string) {
  const status = await api.getCallStatus(callControlId);
  const events = await api.fetchAllCallEvents({ applicationSessionId: status.call_session_id }, { pageSize: 3 });
  return { status, events };
}

describe('Save Call as Fixture, served again', () => {
  it('serves the same call: status, events in order, rows and findings; numbers and SIP URIs masked; no key', async () => {
    const answers: RawAnswer[] = [];
    const live = createTelnyxClient({
      apiKey: sim.apiKey,
      baseUrl: sim.url,
      onAnswer: (answer) => answers.push(answer),
    });
    const callControlId = sim.seed.recentlyEndedCallControlId;
    const original = await readCall(live, callControlId);
    await live.close();
    assert.ok(original.events.length > 3, 'more than one page');
    assert.ok(
      answers.some((a) => a.path.startsWith('/v2/calls/')) &&
        answers.filter((a) => a.path.startsWith('/v2/call_events?')).length > 1,
    );

    const text = JSON.stringify(callFixture(callControlId, answers, new Date(sim.clock.now())), null, 1);
    assert.ok(!text.includes(sim.apiKey), 'never the key');
    assert.doesNotMatch(text, /\+1312555\d{4}|\+1800555\d{4}/, 'no phone number of the account');
    const parsed = parseCallFixture(text);
    assert.ok('fixture' in parsed, JSON.stringify(parsed));

    const served = await serveFixture(parsed.fixture);
    const replay = createTelnyxClient({ apiKey: served.apiKey, baseUrl: served.url });
    try {
      const again = await readCall(replay, callControlId);
      assert.equal(again.status.call_leg_id, original.status.call_leg_id);
      assert.equal(again.status.call_session_id, original.status.call_session_id);
      assert.deepEqual(
        again.events.map((e) => [e.name, e.type, e.event_timestamp, e.call_leg_id]),
        original.events.map((e) => [e.name, e.type, e.event_timestamp, e.call_leg_id]),
      );
      const rows = (events: typeof original.events) =>
        toEventRows(events).map((row) => ({ ...row, summary: { ...row.summary, from: undefined, to: undefined } }));
      assert.deepEqual(rows(again.events), rows(original.events));
      const findings = (events: typeof original.events) => diagnoseCall({ events }).findings.map((f) => f.title);
      assert.deepEqual(findings(again.events), findings(original.events));
      assert.match(
        String(toEventRows(again.events).find((r) => r.summary.from)?.summary.from),
        /^\+1555\d{7}$/,
        'numbers are masked the same way everywhere',
      );
    } finally {
      await replay.close();
      await served.close();
    }
  });

  it("answers a read of the call's events it does not hold verbatim (a live call's refresh) from the events it holds", async () => {
    const answers: RawAnswer[] = [];
    const live = createTelnyxClient({ apiKey: sim.apiKey, baseUrl: sim.url, onAnswer: (a) => answers.push(a) });
    const callControlId = sim.state.startCall(sim.seed.mainConnectionId).call_control_id;
    for (const name of ['speak', 'playback_start', 'gather_using_speak'])
      sim.state.addEvent(callControlId, { name, type: 'command' });
    const original = await readCall(live, callControlId);
    const from = original.events[2].event_timestamp;
    const since = { applicationSessionId: original.status.call_session_id, occurredAt: { gte: from } };
    const newer = await live.fetchAllCallEvents(since, { pageSize: 2 });
    await live.close();
    assert.ok(newer.length >= 2 && newer.length < original.events.length);

    const recorded = callFixture(callControlId, answers, new Date(sim.clock.now()));
    const fixture = { ...recorded, answers: recorded.answers.filter((a) => !a.path.includes('occurred_at')) };
    const served = await serveFixture(fixture);
    const replay = createTelnyxClient({ apiKey: served.apiKey, baseUrl: served.url });
    try {
      const again = await replay.fetchAllCallEvents(since, { pageSize: 2 });
      assert.deepEqual(
        again.map((e) => [e.name, e.event_timestamp]),
        newer.map((e) => [e.name, e.event_timestamp]),
      );
      await assert.rejects(replay.listConnections(), /not found|10005/i, 'anything else is not in the file');
    } finally {
      await replay.close();
      await served.close();
    }
  });

  it('a file that is not a fixture is refused with the reason', () => {
    assert.deepEqual(parseCallFixture('{"format":"other"}'), { problem: 'not a telnyx-calls-fixture file' });
    assert.ok('problem' in parseCallFixture('not json'));
  });
});
