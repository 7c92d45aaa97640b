// What the handler lenses are told: the seen-events store, fed with sessions read from the simulator
// over HTTP as a call panel or the doctor reads them.
import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { diagnoseCall } from '../../src/doctor/index';
import { SeenEvents } from '../../src/doctor/seenEvents';
import type { TelnyxApi } from '../../src/telnyx/api';
import { createTelnyxClient } from '../../src/telnyx/index';
import type { CallEvent } from '../../src/telnyx/types';
import { eventKey } from '../../src/timeline/model';
import { DOCTOR_SCENARIOS } from '../simulator/doctorScenarios';
import { startSimulator } from '../simulator/index';
import type { Simulator } from '../simulator/types';

let sim: Simulator;
let api: TelnyxApi;

before(async () => {
  sim = await startSimulator({ seed: 3 });
  api = createTelnyxClient({ apiKey: sim.apiKey, baseUrl: sim.url, sleep: async () => undefined });
});
after(async () => {
  await api.close();
  await sim.close();
});

const sessionEvents = (sessionId: string): Promise<CallEvent[]> =>
  api.fetchAllCallEvents({ applicationSessionId: sessionId });

describe('seen events', () => {
  it('nothing seen: no summary', () => {
    assert.equal(new SeenEvents(diagnoseCall).summary('a', 'call.hangup', Date.now()), undefined);
  });

  it('counts a webhook, its reaction times and the findings that point at it; the latest call opens on it', async () => {
    const seen = new SeenEvents(diagnoseCall);
    const late = await sessionEvents(DOCTOR_SCENARIOS.lateSpeak);
    const slow = await sessionEvents(DOCTOR_SCENARIOS.slowHandler);
    seen.record('a', late, 'panel');
    seen.record('a', slow, 'doctor', diagnoseCall({ events: slow }));

    const hangup = seen.summary('a', 'call.hangup', sim.clock.now());
    assert.ok(hangup);
    assert.ok(
      hangup.findings.some((f) => f.rule === 'command-after-hangup' && f.commands.includes('speak') && f.calls === 1),
      JSON.stringify(hangup.findings),
    );
    const hangupEvents = [...late, ...slow].filter((e) => e.name === 'call.hangup' && e.type === 'webhook');
    assert.equal(hangup.seen, hangupEvents.length);
    const latest = hangupEvents.sort((a, b) => (a.event_timestamp < b.event_timestamp ? -1 : 1)).at(-1)!;
    assert.equal(hangup.latest?.eventKey, eventKey(latest));
    assert.equal(hangup.latest?.sessionId, latest.call_session_id);
    assert.match(hangup.latest?.callControlId ?? '', /^v\d+:/);

    const initiated = seen.summary('a', 'call.initiated', sim.clock.now());
    // The slow handler took 2.4 s to answer call.initiated (the doctor's pairing).
    assert.ok(initiated?.reaction && initiated.reaction.p95Micros >= 2_400_000, JSON.stringify(initiated?.reaction));
  });

  it('counts the last hour only in the hour before now', async () => {
    const seen = new SeenEvents(diagnoseCall);
    const events = await sessionEvents(DOCTOR_SCENARIOS.lateSpeak);
    seen.record('a', events, 'panel');
    const times = events
      .filter((e) => e.name === 'call.hangup' && e.type === 'webhook')
      .map((e) => Date.parse(e.event_timestamp));
    const last = Math.max(...times);
    assert.equal(seen.summary('a', 'call.hangup', last)?.lastHour, times.length);
    assert.equal(seen.summary('a', 'call.hangup', last + 2 * 3_600_000)?.lastHour, 0);
    assert.equal(seen.summary('a', 'call.hangup', last + 2 * 3_600_000)?.seen, times.length);
  });

  it('never shows one account what another read, and tells its listeners', async () => {
    const seen = new SeenEvents(diagnoseCall);
    let told = 0;
    seen.onDidChange(() => told++);
    seen.record('a', await sessionEvents(DOCTOR_SCENARIOS.lateSpeak), 'panel');
    assert.equal(told, 1);
    assert.equal(seen.summary('b', 'call.hangup', sim.clock.now()), undefined);
    assert.equal(seen.summary(undefined, 'call.hangup', sim.clock.now()), undefined);
  });

  it('reading a session again replaces what was recorded of it', async () => {
    const seen = new SeenEvents(diagnoseCall);
    const events = await sessionEvents(DOCTOR_SCENARIOS.lateSpeak);
    seen.record('a', events, 'panel');
    seen.record('a', events, 'panel');
    const count = events.filter((e) => e.name === 'call.hangup' && e.type === 'webhook').length;
    assert.equal(seen.summary('a', 'call.hangup', sim.clock.now())?.seen, count);
  });
});
