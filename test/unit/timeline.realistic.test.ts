// The timeline model with the real client against the simulator imitating real Telnyx (issue 13):
// duplicate deliveries, late events, shifted pages, odd records, ignored filters, client_state shapes.
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import type { TelnyxApi } from '../../src/telnyx/api';
import { createTelnyxClient } from '../../src/telnyx/index';
import type { CallEvent } from '../../src/telnyx/types';
import {
  buildTimeline,
  decodeClientState,
  dedupeEvents,
  latestTimestamp,
  mergeEvents,
  redeliveries,
  refreshFrom,
  splitByFilter,
  toEventRows,
  webhookPayload,
} from '../../src/timeline';
import { createManualClock, startSimulator, type StartedSimulator } from '../simulator/index';
import { clientStateAs, defaultModes } from '../simulator/modes';

describe('timeline against the realistic simulator', () => {
  let sim: StartedSimulator;
  let api: TelnyxApi;
  const clock = createManualClock(Date.parse('2026-05-04T09:00:00Z'));
  before(async () => {
    sim = await startSimulator({ seed: 7, busyConnectionCalls: 10, clock });
    api = createTelnyxClient({ apiKey: sim.apiKey, baseUrl: sim.url, maxAttempts: 1 });
  });
  afterEach(() => sim.setModes(defaultModes()));
  after(async () => {
    await api.close();
    await sim.close();
  });

  const legEvents = (legId: string): Promise<CallEvent[]> => api.fetchAllCallEvents({ legId }, { pageSize: 250 });

  it('two deliveries of one webhook are both shown; only the repeated one is marked, with its attempt', async () => {
    sim.setModes({ envelopeMetadata: true });
    const call = sim.state.startCall(sim.seed.mainConnectionId);
    clock.advance(1000);
    sim.state.addEvent(call.call_control_id, { name: 'call.speak.ended', type: 'webhook', attempts: 2 });
    const rows = toEventRows(dedupeEvents(await legEvents(call.call_leg_id)));
    const spoken = rows.filter((row) => row.name === 'call.speak.ended');
    assert.equal(spoken.length, 2, 'not merged into one');
    assert.deepEqual(
      spoken.map((row) => row.redelivery?.attempt),
      [undefined, 2],
      'the first delivery is not a duplicate of itself',
    );
    assert.notEqual(spoken[0].key, spoken[1].key, 'each row has its own key');
    assert.equal(new Set(buildTimeline(rows).entries.map((e) => e.key)).size, rows.length);
    assert.equal(
      rows.filter((row) => row.name !== 'call.speak.ended' && row.redelivery).length,
      0,
      'single deliveries are not marked',
    );
  });

  it('without attempts in the metadata, the later records of one webhook are its repeated deliveries', () => {
    let records = 0;
    const delivery = (attempt?: number): CallEvent => ({
      record_type: 'call_event',
      call_leg_id: 'leg-1',
      call_session_id: 'session-1',
      event_timestamp: '2026-05-04T09:00:01.000001Z',
      name: 'call.answered',
      type: 'webhook',
      metadata: attempt === undefined ? { note: `record ${++records}` } : { meta: { attempt } },
    });
    assert.deepEqual(redeliveries([delivery(), delivery(), delivery()]), [undefined, { attempt: 2 }, { attempt: 3 }]);
    // Only a later attempt read (the first one was not recorded): still a repeated delivery.
    assert.deepEqual(redeliveries([delivery(3)]), [{ attempt: 3 }]);
    assert.deepEqual(
      redeliveries([delivery(2), delivery(1)]),
      [{ attempt: 2 }, undefined],
      'by attempt, not by the order read',
    );
  });

  it('the same record read twice from shifting pages is shown once', async () => {
    const session = sim.seed.bigSessionId;
    const expected = sim.state.events({ sessionId: session }).length;
    sim.setModes({ shiftingPages: 3 });
    const read = await api.fetchAllCallEvents({ applicationSessionId: session }, { pageSize: 100 });
    assert.ok(read.length > expected, 'the shifted pages repeat records');
    assert.equal(dedupeEvents(read).length, expected);
  });

  it('a late, out-of-order event is found by the overlapping refresh (and merged once), not by "after the latest"', async () => {
    const call = sim.state.startCall(sim.seed.mainConnectionId);
    clock.advance(4000);
    sim.state.addEvent(call.call_control_id, { name: 'call.speak.started', type: 'webhook' });
    const shown = await legEvents(call.call_leg_id);
    clock.advance(1000);
    sim.state.addEvent(call.call_control_id, { name: 'call.dtmf.received', type: 'webhook', lateByMs: 3000 });
    const strictlyAfter = await api.fetchAllCallEvents({
      legId: call.call_leg_id,
      occurredAt: { gt: latestTimestamp(shown) },
    });
    assert.equal(strictlyAfter.length, 0, 'the old refresh would never see it');
    const from = refreshFrom(shown, 60_000_000);
    const overlapping = await api.fetchAllCallEvents({ legId: call.call_leg_id, occurredAt: { gte: from } });
    const merged = mergeEvents(shown, overlapping);
    assert.equal(merged.added, 1);
    const names = buildTimeline(merged.events).entries.map((e) => e.event.name);
    assert.ok(names.indexOf('call.dtmf.received') < names.indexOf('call.speak.started'), 'placed by its timestamp');
    assert.equal(mergeEvents(merged.events, overlapping).added, 0, 'a second overlapping refresh adds nothing');
  });

  it('an unknown event type and a nameless record are shown as such; the rest of the page renders', async () => {
    sim.setModes({ oddRecords: true });
    const events = await api.listCallEvents({
      filter: { applicationSessionId: sim.seed.failedDeliverySessionId },
      pageSize: 10,
    });
    const odd = events.data.filter((event) => event.problem);
    assert.equal(odd.length, 2);
    assert.ok(odd.some((event) => /type/.test(event.problem ?? '')));
    assert.ok(odd.some((event) => /name/.test(event.problem ?? '')));
    assert.ok(
      odd.every((event) => typeof (event.metadata as { raw_record?: unknown }).raw_record === 'object'),
      'raw JSON kept',
    );
    const rows = toEventRows(events.data);
    assert.ok(rows.filter((row) => !row.problem).length >= 8);
    assert.equal(rows.filter((row) => row.problem).length, 2);
  });

  it('an active call without a leg id is kept and flagged; the others are read', async () => {
    sim.setModes({ oddRecords: true });
    const page = await api.listActiveCalls(sim.seed.busyConnectionId, { limit: 5 });
    assert.equal(page.data.length, 6);
    assert.equal(page.data.filter((call) => call.problem).length, 1);
    assert.match(page.data.find((call) => call.problem)?.problem ?? '', /call_leg_id and call_session_id missing/);
  });

  it('events of other calls, from a filter Telnyx ignored, are split off', async () => {
    sim.setModes({ ignoredFilters: ['filter[leg_id]'] });
    const call = sim.state.startCall(sim.seed.mainConnectionId);
    const events = await api.fetchAllCallEvents({ legId: call.call_leg_id }, { pageSize: 250 });
    const { matching, outside } = splitByFilter(events, { legId: call.call_leg_id });
    assert.ok(outside.length > 0);
    assert.ok(matching.every((event) => event.call_leg_id === call.call_leg_id));
    assert.ok(matching.length >= 3);
  });

  it('webhook payload fields are read from envelope metadata', async () => {
    sim.setModes({ envelopeMetadata: true, v1Ids: true });
    const call = sim.state.startCall(sim.seed.mainConnectionId);
    const events = await legEvents(call.call_leg_id);
    const hook = events.find((event) => event.type === 'webhook');
    assert.equal(webhookPayload(hook?.metadata)?.call_control_id, call.call_control_id);
    assert.match(call.call_leg_id, /^[0-9a-f]{8}-[0-9a-f]{4}-1/);
  });

  it('client_state as plain JSON and as base64 cut at a line break decode with a note', async () => {
    const plain = sim.state.startCall(sim.seed.mainConnectionId, {
      clientState: clientStateAs('plain', { agent: 'ana' }),
    });
    const cut = sim.state.startCall(sim.seed.mainConnectionId, {
      clientState: clientStateAs('truncated', { agent: 'ana' }),
    });
    const readPlain = await api.getCallStatus(plain.call_control_id);
    const readCut = await api.getCallStatus(cut.call_control_id);
    assert.deepEqual(decodeClientState(readPlain.client_state), {
      kind: 'text',
      text: '{"agent":"ana"}',
      note: 'plain',
    });
    const decoded = decodeClientState(readCut.client_state);
    assert.equal(decoded.kind, 'text');
    assert.equal(decoded.kind === 'text' && decoded.note, 'truncated');
    assert.match(decoded.kind === 'text' ? decoded.text : '', /^\{"agent":"ana","note":"client state/);
    const wrapped = Buffer.from('{"agent":"ana","queue":"support","long":"' + 'x'.repeat(60) + '"}').toString('base64');
    const withNewline = `${wrapped.slice(0, 76)}\n${wrapped.slice(76)}`;
    assert.deepEqual(decodeClientState(withNewline).kind, 'text', 'wrapped base64 decodes whole');
    assert.equal(
      decodeClientState(Buffer.from('{"a":1}').toString('base64')).kind === 'text' &&
        'note' in decodeClientState(Buffer.from('{"a":1}').toString('base64')),
      false,
    );
  });
});
