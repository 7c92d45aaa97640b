// The simulator answers like Telnyx: seeded account, shapes, headers, keys and validation errors.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type {
  ActiveCall,
  CallEvent,
  CallStatus,
  Connection,
  CursorPageMeta,
  NumberedPageMeta,
} from '../../src/telnyx/types';
import { startSimulator, type Simulator } from '../simulator/index';
import { cc, createHttp } from './simulatorHttp';

type Numbered<T> = { data: T[]; meta: Required<NumberedPageMeta> };
type Cursor<T> = { data: T[]; meta: CursorPageMeta };
type Single<T> = { data: T };

const http = createHttp();
after(() => http.close());

describe('simulator seed', () => {
  it('gives the same account for the same seed and different ids for another seed, with fixed well-known ids', async () => {
    const a = await startSimulator({ seed: 5, busyConnectionCalls: 30 });
    const b = await startSimulator({ seed: 5, busyConnectionCalls: 30 });
    const c = await startSimulator({ seed: 6, busyConnectionCalls: 30 });
    try {
      const ids = (sim: Simulator): string[] => sim.state.connections().map((x) => x.id);
      const calls = (sim: Simulator): string[] => [
        ...sim.state.activeCalls(sim.seed.mainConnectionId).map((x) => x.call_control_id),
        ...sim.state.activeCalls(sim.seed.busyConnectionId).map((x) => x.call_control_id),
      ];
      assert.deepEqual(ids(a), ids(b));
      assert.deepEqual(calls(a), calls(b));
      assert.deepEqual(
        a.state.events({ sessionId: a.seed.bigSessionId }).map((e) => [e.call_leg_id, e.name]),
        b.state.events({ sessionId: b.seed.bigSessionId }).map((e) => [e.call_leg_id, e.name]),
      );
      assert.deepEqual(a.seed, c.seed, 'well-known ids do not depend on the seed');
      const generatedA = ids(a).filter((id) => !Object.values(a.seed).includes(id));
      const generatedC = ids(c).filter((id) => !Object.values(c.seed).includes(id));
      assert.notDeepEqual(generatedA, generatedC);
      assert.notDeepEqual(calls(a).slice(-10), calls(c).slice(-10));
    } finally {
      await Promise.all([a.close(), b.close(), c.close()]);
    }
  });
});

describe('simulator endpoints', () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator();
  });
  after(() => sim.close());

  it('binds 127.0.0.1 on a random port and serves under /v2', () => {
    assert.match(sim.url, /^http:\/\/127\.0\.0\.1:\d+\/v2$/);
    assert.notEqual(sim.port, 0);
  });

  it('lists about 60 connections of every kind, pageable at 50, newest first by default', async () => {
    const first = await http.get<Numbered<Connection>>(sim, '/connections?page[number]=1&page[size]=50');
    assert.equal(first.status, 200);
    assert.equal(first.json.data.length, 50);
    const total = first.json.meta.total_results;
    assert.ok(total >= 55 && total <= 70, `total ${total}`);
    assert.deepEqual(first.json.meta, { page_number: 1, page_size: 50, total_pages: 2, total_results: total });
    const second = await http.get<Numbered<Connection>>(sim, '/connections?page[number]=2&page[size]=50');
    assert.equal(second.json.data.length, total - 50);
    const all = [...first.json.data, ...second.json.data];
    assert.equal(new Set(all.map((c) => c.id)).size, total);
    const kinds = new Set(all.map((c) => c.record_type));
    for (const kind of [
      'call_control_application',
      'texml_application',
      'credential_connection',
      'ip_connection',
      'fqdn_connection',
    ]) {
      assert.ok(kinds.has(kind), `has a ${kind}`);
    }
    assert.ok(
      all.some((c) => c.connection_name === undefined),
      'some are unnamed',
    );
    assert.ok(
      all.some((c) => c.active === false),
      'some are inactive',
    );
    assert.ok(
      all.some((c) => typeof c.webhook_event_failover_url === 'string'),
      'some have a failover URL',
    );
    assert.ok(all.some((c) => c.webhook_api_version === '1'));
    const created = all.map((c) => Date.parse(c.created_at ?? ''));
    assert.deepEqual(
      created,
      [...created].sort((x, y) => y - x),
    );
    const beyond = await http.get<Numbered<Connection>>(sim, '/connections?page[number]=9&page[size]=50');
    assert.deepEqual(beyond.json.data, []);
  });

  it('sorts connections by name, activity and age', async () => {
    const byName = await http.get<Numbered<Connection>>(
      sim,
      '/connections?sort=connection_name&filter[connection_name][contains]=line',
    );
    const names = byName.json.data.map((c) => c.connection_name ?? '');
    assert.ok(names.length >= 2 && names.every((n) => n.toLowerCase().includes('line')));
    assert.deepEqual(
      names,
      [...names].sort((x, y) => x.localeCompare(y, 'en')),
    );
    const desc = await http.get<Numbered<Connection>>(
      sim,
      '/connections?sort=-connection_name&filter[connection_name][contains]=LINE',
    );
    assert.deepEqual(
      desc.json.data.map((c) => c.connection_name),
      [...names].reverse(),
    );
    const oldest = await http.get<Numbered<Connection>>(sim, '/connections?sort=-created_at&page[size]=250');
    const created = oldest.json.data.map((c) => Date.parse(c.created_at ?? ''));
    assert.deepEqual(
      created,
      [...created].sort((x, y) => x - y),
    );
    const activeFirst = await http.get<Numbered<Connection>>(sim, '/connections?sort=-active&page[size]=250');
    const flags = activeFirst.json.data.map((c) => c.active);
    assert.equal(flags.indexOf(false), flags.lastIndexOf(true) + 1, 'all active ones come before the inactive ones');
  });

  it('retrieves a connection and answers 404 / 10005 for an unknown one', async () => {
    const ok = await http.get<Single<Connection>>(sim, `/connections/${sim.seed.mainConnectionId}`);
    assert.equal(ok.status, 200);
    assert.equal(ok.json.data.id, sim.seed.mainConnectionId);
    assert.equal(ok.json.data.record_type, 'call_control_application');
    assert.match(ok.json.data.webhook_event_url ?? '', /^https:\/\//);
    const missing = await http.get(sim, '/connections/1234');
    assert.equal(missing.status, 404);
    assert.equal(missing.json.errors[0].code, '10005');
  });

  it("lists the main connection's calls, with a multi-leg session and varied client_state", async () => {
    const res = await http.get<Cursor<ActiveCall>>(sim, `/connections/${sim.seed.mainConnectionId}/active_calls`);
    assert.equal(res.status, 200);
    const calls = res.json.data;
    assert.ok(calls.length >= 5 && calls.length <= 20, `${calls.length} calls`);
    assert.equal(res.json.meta.total_items, calls.length);
    assert.equal(res.json.meta.cursors?.after, undefined, 'a single page has no next cursor');
    assert.equal(res.json.meta.next, undefined);
    const alive = calls.find((c) => c.call_control_id === sim.seed.aliveCallControlId);
    assert.ok(alive);
    assert.equal(
      calls.filter((c) => c.call_session_id === alive.call_session_id).length,
      2,
      'transferred session has two live legs',
    );
    for (const call of calls) {
      assert.match(call.call_control_id, /^v3:[A-Za-z0-9_-]{40,}$/);
      assert.match(call.call_leg_id, /^[0-9a-f-]{36}$/);
      assert.equal(call.record_type, 'call');
      assert.ok(Number.isInteger(call.call_duration) && call.call_duration >= 0);
    }
    const decoded = calls.map((c) => Buffer.from(c.client_state, 'base64'));
    assert.ok(
      calls.some((c) => c.client_state === ''),
      'one call without client_state',
    );
    assert.ok(
      decoded.some((b) => b.toString('utf8').startsWith('{"agent"')),
      'text client_state',
    );
    assert.ok(
      decoded.some((b) => b.length > 0 && !/^[\x20-\x7e]*$/.test(b.toString('latin1'))),
      'binary client_state',
    );
    assert.ok(
      calls.some((c) => c.call_control_id === sim.seed.ringingCallControlId),
      'a ringing Dial call is listed',
    );
  });

  it("reports the busy connection's thousands of calls and empty / ineligible connections", async () => {
    const busy = await http.get<Cursor<ActiveCall>>(
      sim,
      `/connections/${sim.seed.busyConnectionId}/active_calls?page[limit]=250`,
    );
    assert.equal(busy.json.meta.total_items, 2000);
    assert.equal(busy.json.data.length, 250);
    assert.match(busy.json.meta.cursors?.after ?? '', /^v1:[A-Za-z0-9_-]+$/);
    const empty = await http.get<Cursor<ActiveCall>>(sim, `/connections/${sim.seed.emptyConnectionId}/active_calls`);
    assert.equal(empty.status, 200);
    assert.deepEqual(empty.json.data, []);
    assert.equal(empty.json.meta.total_items, 0);
    const sip = await http.get(sim, `/connections/${sim.seed.noActiveCallsConnectionId}/active_calls`);
    assert.equal(sip.status, 422);
    assert.equal(sip.json.errors[0].code, '10015');
    const unknown = await http.get(sim, '/connections/999/active_calls');
    assert.equal(unknown.status, 422);
    assert.equal(unknown.json.errors[0].code, '10015');
  });

  it('retrieves call status: alive, ringing (is_alive false without end_time), recently ended, gone', async () => {
    const alive = await http.get<Single<CallStatus>>(sim, `/calls/${cc(sim.seed.aliveCallControlId)}`);
    assert.equal(alive.status, 200);
    assert.equal(alive.json.data.is_alive, true);
    assert.equal(alive.json.data.end_time, undefined);
    const ringing = await http.get<Single<CallStatus>>(sim, `/calls/${cc(sim.seed.ringingCallControlId)}`);
    assert.equal(ringing.json.data.is_alive, false);
    assert.equal(ringing.json.data.end_time, undefined);
    const ended = await http.get<Single<CallStatus>>(sim, `/calls/${cc(sim.seed.recentlyEndedCallControlId)}`);
    assert.equal(ended.json.data.is_alive, false);
    assert.ok(Date.parse(ended.json.data.end_time ?? '') <= Date.now());
    const gone = await http.get(sim, `/calls/${cc(sim.seed.goneCallControlId)}`);
    assert.equal(gone.status, 404);
    assert.equal(gone.json.errors[0].code, '10005');
    const raw = await http.get<Single<CallStatus>>(sim, `/calls/${sim.seed.aliveCallControlId}`);
    assert.equal(raw.status, 200, 'an unencoded colon works too');
    for (const bad of ['abc', 'v3:short', 'v9:' + 'A'.repeat(50), cc('v3:has spaces in it and more text')]) {
      const res = await http.get(sim, `/calls/${bad}`);
      assert.equal(res.status, 422, bad);
      assert.equal(res.json.errors[0].code, '90015');
      assert.equal(res.json.errors[0].source?.pointer, '/call_control_id');
    }
    const unknown = await http.get(sim, `/calls/${cc('v3:' + 'Z'.repeat(51))}`);
    assert.equal(unknown.status, 404);
  });

  it("keeps the gone call's events, and the big and failed-delivery sessions", async () => {
    const gone = sim.state
      .events()
      .find(
        (e) =>
          (e.metadata as { payload?: { call_control_id?: string } }).payload?.call_control_id ===
          sim.seed.goneCallControlId,
      );
    assert.ok(gone, 'gone call has events');
    const legEvents = await http.get<Numbered<CallEvent>>(sim, `/call_events?filter[leg_id]=${gone.call_leg_id}`);
    assert.ok(legEvents.json.meta.total_results >= 5);
    assert.ok(legEvents.json.data.some((e) => e.name === 'call.hangup'));

    const big = await http.get<Numbered<CallEvent>>(
      sim,
      `/call_events?filter[application_session_id]=${sim.seed.bigSessionId}&page[size]=250`,
    );
    assert.ok(big.json.meta.total_results >= 4000);
    assert.equal(big.json.meta.total_pages, Math.ceil(big.json.meta.total_results / 250));

    const failed = await http.get<Numbered<CallEvent>>(
      sim,
      `/call_events?filter[application_session_id]=${sim.seed.failedDeliverySessionId}&filter[failed]=true`,
    );
    assert.ok(failed.json.data.length >= 1);
    for (const event of failed.json.data) {
      const delivery = (event.metadata as { delivery: { status: string; response_status: number; attempt: number } })
        .delivery;
      assert.equal(delivery.status, 'failed');
      assert.ok(delivery.response_status >= 500);
    }
    const delivered = await http.get<Numbered<CallEvent>>(
      sim,
      `/call_events?filter[application_session_id]=${sim.seed.failedDeliverySessionId}&filter[failed]=false&filter[type]=webhook`,
    );
    assert.ok(
      delivered.json.data.every(
        (e) => (e.metadata as { delivery: { status: string } }).delivery.status === 'delivered',
      ),
    );
  });

  it('orders events strictly by microsecond timestamps and gives them plausible metadata', async () => {
    const events = sim.state.events({ sessionId: sim.state.activeCalls(sim.seed.mainConnectionId)[0].call_session_id });
    assert.ok(events.length >= 8);
    const names = events.map((e) => e.name);
    for (const expected of [
      'call.initiated',
      'answer',
      'call.answered',
      'speak',
      'call.speak.started',
      'call.speak.ended',
      'transfer',
      'call.bridged',
    ]) {
      assert.ok(names.includes(expected), `has ${expected}: ${names.join(',')}`);
    }
    for (let i = 0; i < events.length; i++) {
      assert.match(events[i].event_timestamp, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/);
      if (i > 0) assert.ok(events[i - 1].event_timestamp < events[i].event_timestamp, 'strictly increasing');
    }
    const webhook = events.find((e) => e.type === 'webhook');
    const payload = (webhook?.metadata as { payload: Record<string, unknown> }).payload;
    for (const key of [
      'event_type',
      'call_control_id',
      'call_leg_id',
      'call_session_id',
      'connection_id',
      'from',
      'to',
      'direction',
      'state',
    ]) {
      assert.ok(key in payload, key);
    }
    const command = events.find((e) => e.name === 'speak');
    assert.deepEqual(Object.keys(command?.metadata ?? {}).sort(), [
      'call_control_id',
      'command',
      'connection_id',
      'params',
      'result',
    ]);
    const ended = sim.state.events().filter((e) => e.name === 'call.hangup');
    assert.ok(
      ended.some(
        (e) => typeof (e.metadata as { payload: { hangup_cause?: string } }).payload.hangup_cause === 'string',
      ),
    );
  });

  it('filters call events at full microsecond precision, by one occurred_at bound only', async () => {
    const session = sim.seed.bigSessionId;
    const page = await http.get<Numbered<CallEvent>>(
      sim,
      `/call_events?filter[application_session_id]=${session}&page[size]=10&page[number]=3`,
    );
    const pivot = page.json.data[5];
    const base = `/call_events?filter[application_session_id]=${session}&page[size]=250`;
    const eq = await http.get<Numbered<CallEvent>>(sim, `${base}&filter[occurred_at][eq]=${pivot.event_timestamp}`);
    assert.deepEqual(eq.json.data, [pivot]);
    const gt = await http.get<Numbered<CallEvent>>(sim, `${base}&filter[occurred_at][gt]=${pivot.event_timestamp}`);
    const gte = await http.get<Numbered<CallEvent>>(sim, `${base}&filter[occurred_at][gte]=${pivot.event_timestamp}`);
    assert.equal(gte.json.meta.total_results, gt.json.meta.total_results + 1);
    assert.deepEqual(gte.json.data[0], pivot);
    assert.ok(gt.json.data[0].event_timestamp > pivot.event_timestamp);
    // One microsecond earlier than the pivot (same millisecond) must still include it with gt.
    const micros = Number(pivot.event_timestamp.slice(20, 26));
    if (micros > 0) {
      const earlier = `${pivot.event_timestamp.slice(0, 20)}${String(micros - 1).padStart(6, '0')}Z`;
      const gtEarlier = await http.get<Numbered<CallEvent>>(sim, `${base}&filter[occurred_at][gt]=${earlier}`);
      assert.deepEqual(gtEarlier.json.data[0], pivot);
    }
    const two = await http.get(
      sim,
      `${base}&filter[occurred_at][gte]=${pivot.event_timestamp}&filter[occurred_at][lt]=${pivot.event_timestamp}`,
    );
    assert.equal(two.status, 422);
    assert.match(two.json.errors[0].detail ?? '', /Only one filter\[occurred_at\]/);
    const garbage = await http.get(sim, `${base}&filter[occurred_at][gt]=yesterday`);
    assert.equal(garbage.status, 422);
  });

  it('searches only the last 24 hours without a leg or session filter', async () => {
    const all = sim.state.events();
    const dayAgo = Date.now() - 24 * 3600_000;
    const old = all.find((e) => Date.parse(e.event_timestamp) < dayAgo);
    assert.ok(old, 'the seed has an event older than a day');
    const bySession = await http.get<Numbered<CallEvent>>(
      sim,
      `/call_events?filter[application_session_id]=${old.call_session_id}&page[size]=250`,
    );
    assert.ok(bySession.json.data.some((e) => e.event_timestamp === old.event_timestamp));
    const byConnection = await http.get<Numbered<CallEvent>>(
      sim,
      `/call_events?filter[connection_id]=${sim.seed.mainConnectionId}&filter[name]=${old.name}&page[size]=250`,
    );
    assert.ok(byConnection.json.meta.total_results > 0);
    assert.ok(byConnection.json.data.every((e) => Date.parse(e.event_timestamp) >= dayAgo));
  });

  it('filters events by name, type, from (with %2B), connection and product', async () => {
    const call = sim.state.activeCalls(sim.seed.mainConnectionId)[0];
    const event = sim.state.events({ legId: call.call_leg_id }).find((e) => e.type === 'webhook');
    const from = (event?.metadata as { payload: { from: string } }).payload.from;
    const byFrom = await http.get<Numbered<CallEvent>>(
      sim,
      `/call_events?filter[from]=${encodeURIComponent(from)}&page[size]=250`,
    );
    assert.ok(byFrom.json.data.some((e) => e.call_leg_id === call.call_leg_id));
    const plus = await http.get<Numbered<CallEvent>>(sim, `/call_events?filter[from]=${from}`);
    assert.equal(plus.json.meta.total_results, 0, 'an unencoded + is a space, as in Telnyx');
    const hangups = await http.get<Numbered<CallEvent>>(
      sim,
      '/call_events?filter[name]=call.hangup&filter[type]=webhook&page[size]=250',
    );
    assert.ok(
      hangups.json.data.length > 0 && hangups.json.data.every((e) => e.name === 'call.hangup' && e.type === 'webhook'),
    );
    const commands = await http.get<Numbered<CallEvent>>(
      sim,
      `/call_events?filter[connection_id]=${sim.seed.mainConnectionId}&filter[type]=command`,
    );
    assert.ok(commands.json.data.every((e) => e.type === 'command'));
    const texml = await http.get<Numbered<CallEvent>>(
      sim,
      `/call_events?filter[product]=texml&filter[connection_id]=${sim.seed.mainConnectionId}`,
    );
    assert.equal(texml.json.meta.total_results, 0, 'the main connection is Call Control');
    const callControl = await http.get<Numbered<CallEvent>>(
      sim,
      `/call_events?filter[product]=call_control&filter[connection_id]=${sim.seed.mainConnectionId}`,
    );
    assert.ok(callControl.json.meta.total_results > 0);
  });

  it('sends Telnyx headers on every answer, errors included', async () => {
    const paths = [
      '/connections',
      `/connections/${sim.seed.mainConnectionId}`,
      '/connections/1/active_calls',
      '/calls/nope',
      '/call_events',
      '/nothing',
    ];
    for (const path of paths) {
      for (const key of [undefined, 'wrong']) {
        const res = await http.get(sim, path, { key });
        assert.match(String(res.headers['content-type']), /^application\/json/);
        assert.match(
          String(res.headers['x-request-id']),
          /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
        );
        assert.match(String(res.headers['x-ratelimit-limit']), /^\d+$/);
        assert.match(String(res.headers['x-ratelimit-remaining']), /^\d+$/);
        assert.match(String(res.headers['x-ratelimit-reset']), /^\d+$/);
      }
    }
  });

  it('refuses a missing or wrong key with 401 / 10009 and records it', async () => {
    sim.clearRequests();
    for (const key of [null, 'KEY_wrong', sim.apiKey.slice(0, -1)]) {
      const res = await http.get(sim, '/connections', { key });
      assert.equal(res.status, 401);
      assert.deepEqual(res.json.errors[0], {
        code: '10009',
        title: 'Authentication failed',
        detail: 'Could not understand the provided credentials.',
      });
    }
    assert.deepEqual(
      sim.requests.map((r) => [r.authorized, r.status]),
      [
        [false, 401],
        [false, 401],
        [false, 401],
      ],
    );
  });

  it('validates parameters with 400/422 Telnyx bodies naming the parameter', async () => {
    const cases: Array<[string, number, string]> = [
      ['/connections?page[size]=0', 400, 'page[size]'],
      ['/connections?page[size]=251', 400, 'page[size]'],
      ['/connections?page[size]=ten', 400, 'page[size]'],
      ['/connections?page[number]=0', 400, 'page[number]'],
      ['/connections?filter[connection_name][contains]=ab', 400, 'filter[connection_name][contains]'],
      ['/connections?sort=name', 400, 'sort'],
      [`/connections/${sim.seed.busyConnectionId}/active_calls?page[limit]=0`, 422, 'page[limit]'],
      [`/connections/${sim.seed.busyConnectionId}/active_calls?page[size]=300`, 422, 'page[size]'],
      [`/connections/${sim.seed.busyConnectionId}/active_calls?page[after]=bogus`, 422, 'page[after]'],
      ['/call_events?page[size]=251', 422, 'page[size]'],
      ['/call_events?page[number]=-1', 422, 'page[number]'],
      ['/call_events?filter[leg_id]=not-a-uuid', 422, 'filter[leg_id]'],
      ['/call_events?filter[type]=sms', 422, 'filter[type]'],
      ['/call_events?filter[failed]=maybe', 422, 'filter[failed]'],
    ];
    for (const [path, status, parameter] of cases) {
      const res = await http.get(sim, path);
      assert.equal(res.status, status, path);
      assert.equal(res.json.errors.length, 1);
      assert.equal(res.json.errors[0].code, '10015', path);
      assert.equal(res.json.errors[0].source?.parameter, parameter, path);
      assert.ok((res.json.errors[0].detail ?? '').includes(parameter), path);
    }
    const three = await http.get<Numbered<Connection>>(sim, '/connections?filter[connection_name][contains]=sup');
    assert.equal(three.status, 200);
  });

  it('records every request with its raw query exactly as received', async () => {
    sim.clearRequests();
    const raw =
      'filter%5Bleg_id%5D=1b2c3d4e-0000-4000-8000-000000000000&page[number]=2&page[size]=5&filter[from]=%2B13125550000';
    await http.get(sim, `/call_events?${raw}`);
    assert.equal(sim.requests.length, 1);
    const [request] = sim.requests;
    assert.equal(request.rawQuery, raw);
    assert.equal(request.path, '/v2/call_events');
    assert.equal(request.endpoint, 'call_events');
    assert.deepEqual(request.query, [
      ['filter[leg_id]', '1b2c3d4e-0000-4000-8000-000000000000'],
      ['page[number]', '2'],
      ['page[size]', '5'],
      ['filter[from]', '+13125550000'],
    ]);
    assert.equal(request.status, 200);
  });
});
