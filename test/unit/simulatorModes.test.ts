// Each behaviour of the real Telnyx API the simulator can imitate (issue 13), seen over HTTP.
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import type { ActiveCall, CallEvent, CallStatus, CursorPageMeta, NumberedPageMeta } from '../../src/telnyx/types';
import { createManualClock, REALISTIC_MODES, startSimulator, type StartedSimulator } from '../simulator/index';
import { clientStateAs, defaultModes } from '../simulator/modes';
import { cc, createHttp, type ErrorBody } from './simulatorHttp';

const http = createHttp();
after(() => http.close());

type EventsPage = { data: CallEvent[]; meta: Required<NumberedPageMeta> };
type CallsPage = { data: ActiveCall[]; meta: CursorPageMeta };

describe('simulator modes of the real API', () => {
  let sim: StartedSimulator;
  const clock = createManualClock(Date.parse('2026-03-02T10:00:00Z'));
  before(async () => {
    sim = await startSimulator({ busyConnectionCalls: 30, clock });
  });
  afterEach(() => {
    sim.setModes(defaultModes());
    sim.clearFaults();
  });
  after(() => sim.close());

  it('--realistic turns on exactly the everyday behaviours', async () => {
    const realistic = await startSimulator({ realistic: true });
    try {
      for (const [name, value] of Object.entries(REALISTIC_MODES))
        assert.equal(realistic.modes[name as keyof typeof REALISTIC_MODES], value, name);
      assert.equal(realistic.modes.staleCursors, 0);
      assert.equal(realistic.modes.oddRecords, false);
    } finally {
      await realistic.close();
    }
  });

  it('duplicate deliveries: two records of one webhook, same timestamp and id, attempts 1 and 2', async () => {
    sim.setModes({ envelopeMetadata: true });
    const call = sim.state.startCall(sim.seed.mainConnectionId);
    sim.state.addEvent(call.call_control_id, { name: 'call.speak.ended', type: 'webhook', attempts: 2 });
    const page = await http.get<EventsPage>(
      sim,
      `/call_events?filter[leg_id]=${call.call_leg_id}&filter[name]=call.speak.ended`,
    );
    assert.equal(page.json.data.length, 2);
    const [a, b] = page.json.data as Array<
      CallEvent & { metadata: { data: { id: string }; meta: { attempt: number } } }
    >;
    assert.equal(a.event_timestamp, b.event_timestamp);
    assert.equal(a.metadata.data.id, b.metadata.data.id);
    assert.deepEqual([a.metadata.meta.attempt, b.metadata.meta.attempt], [1, 2]);
  });

  it('late events: recorded after a later event, with an earlier timestamp', async () => {
    const call = sim.state.startCall(sim.seed.mainConnectionId);
    clock.advance(5_000);
    sim.state.addEvent(call.call_control_id, { name: 'call.speak.started', type: 'webhook' });
    const before = await http.get<EventsPage>(sim, `/call_events?filter[leg_id]=${call.call_leg_id}&page[size]=250`);
    const latest = before.json.data[before.json.data.length - 1].event_timestamp;
    sim.state.addEvent(call.call_control_id, {
      name: 'call.machine.detection.ended',
      type: 'webhook',
      lateByMs: 3_000,
    });
    const afterLatest = await http.get<EventsPage>(
      sim,
      `/call_events?filter[leg_id]=${call.call_leg_id}&filter[occurred_at][gt]=${latest}`,
    );
    assert.equal(afterLatest.json.data.length, 0, 'a refresh after the latest timestamp misses it');
    const all = await http.get<EventsPage>(sim, `/call_events?filter[leg_id]=${call.call_leg_id}&page[size]=250`);
    assert.ok(all.json.data.some((e) => e.name === 'call.machine.detection.ended'));
  });

  it('envelope metadata: { data: { record_type, event_type, id, occurred_at, payload }, meta: { attempt, delivered_to } }', async () => {
    sim.setModes({ envelopeMetadata: true });
    const call = sim.state.startCall(sim.seed.mainConnectionId);
    const page = await http.get<EventsPage>(
      sim,
      `/call_events?filter[leg_id]=${call.call_leg_id}&filter[type]=webhook`,
    );
    const metadata = page.json.data[0].metadata as {
      data: Record<string, unknown> & { payload: Record<string, unknown> };
      meta: Record<string, unknown>;
    };
    assert.deepEqual(Object.keys(metadata).sort(), ['data', 'meta']);
    assert.equal(metadata.data.record_type, 'event');
    assert.equal(metadata.data.event_type, 'call.initiated');
    assert.match(String(metadata.data.id), /^[0-9a-f-]{36}$/);
    assert.equal(metadata.data.payload.call_control_id, call.call_control_id);
    assert.equal(metadata.data.payload.connection_id, sim.seed.mainConnectionId);
    assert.equal(metadata.meta.attempt, 1);
    assert.match(String(metadata.meta.delivered_to), /^https:\/\//);
  });

  it('v1 ids: legs and sessions are time-based UUIDs', () => {
    sim.setModes({ v1Ids: true });
    const call = sim.state.startCall(sim.seed.mainConnectionId);
    assert.match(call.call_leg_id, /^[0-9a-f]{8}-[0-9a-f]{4}-1[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.match(call.call_session_id, /^[0-9a-f]{8}-[0-9a-f]{4}-1[0-9a-f]{3}-/);
  });

  it('base64 cursors: standard base64 with +, / and =, which must be percent-encoded to work', async () => {
    sim.setModes({ base64Cursors: true });
    const first = await http.get<CallsPage>(
      sim,
      `/connections/${sim.seed.busyConnectionId}/active_calls?page[limit]=5`,
    );
    const after = first.json.meta.cursors?.after ?? '';
    assert.match(after, /\+/);
    assert.match(after, /\//);
    assert.match(after, /=$/);
    const good = await http.get<CallsPage>(
      sim,
      `/connections/${sim.seed.busyConnectionId}/active_calls?page[limit]=5&page[after]=${encodeURIComponent(after)}`,
    );
    assert.equal(good.status, 200);
    assert.notEqual(good.json.data[0].call_control_id, first.json.data[0].call_control_id);
    const raw = await http.get(
      sim,
      `/connections/${sim.seed.busyConnectionId}/active_calls?page[limit]=5&page[after]=${after}`,
    );
    assert.equal(raw.status, 422, 'an unencoded + arrives as a space');
  });

  it('client_state as plain JSON and cut base64', () => {
    assert.equal(clientStateAs('plain', { a: 1 }), '{"a":1}');
    const cut = clientStateAs('truncated', { agent: 'ana' });
    assert.equal(cut.length, 76);
    assert.throws(() => JSON.parse(Buffer.from(cut, 'base64').toString('utf8')));
  });

  it('ignored unknown filters: filter[status] on /call_events and filter[fqdn] on /connections change nothing', async () => {
    sim.setModes({ ignoreUnknownFilters: true });
    const plain = await http.get<EventsPage>(sim, '/call_events?page[size]=5');
    const filtered = await http.get<EventsPage>(sim, '/call_events?page[size]=5&filter[status]=nonsense');
    assert.equal(filtered.status, 200);
    assert.deepEqual(filtered.json.meta, plain.json.meta);
    const fqdn = await http.get<{ meta: Required<NumberedPageMeta> }>(sim, '/connections?filter[fqdn]=nowhere.example');
    assert.ok(fqdn.json.meta.total_results > 1);
  });

  it("an ignored leg filter answers the account's recent events", async () => {
    sim.setModes({ ignoredFilters: ['filter[leg_id]'] });
    const call = sim.state.startCall(sim.seed.mainConnectionId);
    const page = await http.get<EventsPage>(sim, `/call_events?filter[leg_id]=${call.call_leg_id}&page[size]=50`);
    assert.ok(page.json.data.some((e) => e.call_leg_id !== call.call_leg_id));
  });

  it('stale cursors: a generic 400 / 10015 naming the cursor parameter, n times', async () => {
    const first = await http.get<CallsPage>(
      sim,
      `/connections/${sim.seed.busyConnectionId}/active_calls?page[limit]=5`,
    );
    sim.setModes({ staleCursors: 1 });
    const next = `/connections/${sim.seed.busyConnectionId}/active_calls?page[limit]=5&page[after]=${first.json.meta.cursors?.after}`;
    const refused = await http.get<ErrorBody>(sim, next);
    assert.equal(refused.status, 400);
    assert.deepEqual(refused.json.errors[0].source, { parameter: 'page[after]' });
    assert.equal(refused.json.errors[0].code, '10015');
    assert.equal((await http.get(sim, next)).status, 200);
  });

  it('repeating cursor: the after cursor never changes and answers the first page', async () => {
    sim.setModes({ repeatingCursor: true });
    const path = `/connections/${sim.seed.busyConnectionId}/active_calls?page[limit]=5`;
    const first = await http.get<CallsPage>(sim, path);
    const second = await http.get<CallsPage>(sim, `${path}&page[after]=${first.json.meta.cursors?.after}`);
    assert.equal(second.json.meta.cursors?.after, first.json.meta.cursors?.after);
    assert.deepEqual(
      second.json.data.map((c) => c.call_control_id),
      first.json.data.map((c) => c.call_control_id),
    );
  });

  it('shifting pages: page 2 repeats the last events of page 1', async () => {
    sim.setModes({ shiftingPages: 2 });
    const session = sim.seed.bigSessionId;
    const one = await http.get<EventsPage>(
      sim,
      `/call_events?filter[application_session_id]=${session}&page[size]=10&page[number]=1`,
    );
    const two = await http.get<EventsPage>(
      sim,
      `/call_events?filter[application_session_id]=${session}&page[size]=10&page[number]=2`,
    );
    assert.deepEqual(two.json.data.slice(0, 2), one.json.data.slice(8));
  });

  it('odd records: an unknown event type, an event without a name, an active call without leg ids', async () => {
    sim.setModes({ oddRecords: true });
    const events = await http.get<EventsPage>(
      sim,
      `/call_events?filter[application_session_id]=${sim.seed.bigSessionId}&page[size]=5`,
    );
    assert.ok(events.json.data.some((e) => e.type !== 'command' && e.type !== 'webhook'));
    assert.ok(events.json.data.some((e) => e.name === undefined));
    const calls = await http.get<CallsPage>(
      sim,
      `/connections/${sim.seed.busyConnectionId}/active_calls?page[limit]=5`,
    );
    assert.ok(calls.json.data.some((c) => c.call_leg_id === undefined));
  });

  it('expired calls answer 404 / 10005, 422 / 90015 or 422 / 90018 by mode', async () => {
    const call = sim.state.startCall(sim.seed.mainConnectionId);
    sim.state.endCall(call.call_control_id);
    clock.advance(11 * 60_000);
    const path = `/calls/${cc(call.call_control_id)}`;
    assert.equal((await http.get(sim, path)).json.errors[0].code, '10005');
    sim.setModes({ expiredStatus: '90015' });
    const a = await http.get(sim, path);
    assert.deepEqual([a.status, a.json.errors[0].code], [422, '90015']);
    sim.setModes({ expiredStatus: '90018' });
    const b = await http.get(sim, path);
    assert.deepEqual([b.status, b.json.errors[0].code], [422, '90018']);
    const unknown = await http.get<{ data?: CallStatus } & ErrorBody>(sim, `/calls/${cc('v3:' + 'x'.repeat(40))}`);
    assert.equal(unknown.status, 404, 'an id never seen is still not found');
  });

  it('HTML 502/503 pages from the edge', async () => {
    sim.setModes({ htmlServerErrors: true });
    sim.addFault({ endpoint: 'connections', serverError: { count: 1, status: 503 } });
    const answer = await http.get(sim, '/connections');
    assert.equal(answer.status, 503);
    assert.match(String(answer.headers['content-type']), /text\/html/);
    assert.match(answer.text, /503 Service Temporarily Unavailable/);
  });

  it('the request id under request-id instead of x-request-id', async () => {
    sim.setModes({ requestIdHeader: 'request-id' });
    const answer = await http.get(sim, '/connections');
    assert.match(String(answer.headers['request-id']), /^[0-9a-f-]{36}$/);
    assert.equal(answer.headers['x-request-id'], undefined);
  });

  it('page sizes clamped below what was asked', async () => {
    sim.setModes({ maxPageSize: 7 });
    const answer = await http.get<EventsPage>(
      sim,
      `/call_events?filter[application_session_id]=${sim.seed.bigSessionId}&page[size]=50`,
    );
    assert.equal(answer.json.data.length, 7);
    assert.equal(answer.json.meta.page_size, 7);
  });

  it('v1 event names and large metadata', async () => {
    sim.setModes({ v1EventNames: true, largeMetadataBytes: 100_000 });
    const call = sim.state.startCall(sim.seed.mainConnectionId);
    const page = await http.get<EventsPage>(
      sim,
      `/call_events?filter[leg_id]=${call.call_leg_id}&filter[type]=webhook`,
    );
    assert.equal(page.json.data[0].name, 'call_initiated');
    assert.ok(JSON.stringify(page.json.data[0].metadata).length > 100_000);
  });
});
