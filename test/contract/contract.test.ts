// The contract between the spec, the client and the simulator:
//  (a) the real client's requests pass Prism's request validation, for every endpoint and filter;
//  (b) the simulator's answers pass Prism's response validation (proxy with --errors);
//  (c) and, because Prism ignores undeclared query parameters and the spec requires little: the exact
//      raw queries the simulator receives, a stricter copy of the spec checked with Ajv, and negative
//      controls that the validators must reject.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Agent, request } from 'undici';
import { createTelnyxClient, isTelnyxError, type TelnyxApi } from '../../src/telnyx/index';
import { startSimulator, type Simulator } from '../simulator/index';
import { startPrismProxy, type PrismProxy } from './prism';
import { createValidator, loadSpec, strictCopy, type Endpoint, type SpecValidator } from './strictSpec';

const agent = new Agent({ keepAliveTimeout: 1000 });

interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  text: string;
}

async function rawGet(base: string, path: string, key: string | null): Promise<Raw> {
  const headers: Record<string, string> = key === null ? {} : { authorization: `Bearer ${key}` };
  const res = await request(`${base}${path}`, { headers, dispatcher: agent });
  const text = await res.body.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: res.statusCode, headers: res.headers, body, text };
}

const spec = loadSpec();
const loose: SpecValidator = createValidator(spec);
const strict: SpecValidator = createValidator(strictCopy(spec));

let sim: Simulator;
let prism: PrismProxy;
let viaPrism: TelnyxApi;
let direct: TelnyxApi;

before(async () => {
  sim = await startSimulator({ busyConnectionCalls: 300 });
  direct = createTelnyxClient({ apiKey: sim.apiKey, baseUrl: sim.url, maxAttempts: 1 });
});

// Prism is started once, on first need, so the Ajv checks in (c) still run (and report) without it.
let prismStart: Promise<void> | undefined;
function usePrism(): Promise<void> {
  prismStart ??= startPrismProxy(sim.url).then((started) => {
    prism = started;
    viaPrism = createTelnyxClient({ apiKey: sim.apiKey, baseUrl: prism.url, maxAttempts: 1 });
  });
  return prismStart;
}

after(async () => {
  await viaPrism?.close();
  await direct?.close();
  await prism?.stop();
  await sim?.close();
  await agent.close();
});

function assertNoViolations(raw: Raw, what: string): void {
  assert.equal(
    raw.headers['sl-violations'],
    undefined,
    `${what}: Prism reported ${String(raw.headers['sl-violations'])}`,
  );
  assert.doesNotMatch(
    String(raw.headers['content-type']),
    /problem\+json/,
    `${what}: Prism answered itself: ${raw.text.slice(0, 400)}`,
  );
}

describe('(a) the client through Prism', () => {
  before(usePrism);
  it('every endpoint and every filter is accepted by Prism and answered within the spec', async () => {
    const s = sim.seed;
    sim.clearRequests();
    const connections = await viaPrism.listConnections({
      pageNumber: 1,
      pageSize: 50,
      nameContains: 'support',
      sort: 'connection_name',
    });
    assert.ok(connections.data.length > 0);
    await viaPrism.listConnections({ outboundVoiceProfileId: '1293384261075731499', sort: 'active' });
    await viaPrism.listConnections({ pageNumber: 2, pageSize: 50, sort: 'created_at' });
    const one = await viaPrism.getConnection(s.mainConnectionId);
    assert.equal(one.id, s.mainConnectionId);

    const first = await viaPrism.listActiveCalls(s.busyConnectionId, { limit: 25 });
    assert.ok(first.nextCursor);
    const second = await viaPrism.listActiveCalls(s.busyConnectionId, { limit: 25, after: first.nextCursor });
    assert.notEqual(second.data[0].call_control_id, first.data[0].call_control_id);
    const back = await viaPrism.listActiveCalls(s.busyConnectionId, { limit: 25, before: second.meta.cursors?.before });
    assert.deepEqual(
      back.data.map((c) => c.call_control_id),
      first.data.map((c) => c.call_control_id),
    );
    await viaPrism.listActiveCalls(s.emptyConnectionId);

    for (const id of [s.aliveCallControlId, s.ringingCallControlId, s.recentlyEndedCallControlId]) {
      const status = await viaPrism.getCallStatus(id);
      assert.equal(status.call_control_id, id);
    }

    const legId = sim.state.activeCalls(s.mainConnectionId)[0].call_leg_id;
    const someEvent = sim.state.events({ sessionId: s.failedDeliverySessionId })[3];
    const payload = (
      sim.state.events({ sessionId: s.failedDeliverySessionId }).find((e) => e.type === 'webhook')?.metadata as {
        payload: { from: string; to: string };
      }
    ).payload;
    const filters = [
      { legId },
      { applicationSessionId: s.failedDeliverySessionId },
      { connectionId: s.mainConnectionId },
      { product: 'call_control' as const },
      { product: 'texml' as const },
      { failed: true },
      { failed: false },
      { from: payload.from },
      { to: payload.to },
      { name: 'call.hangup' },
      { type: 'webhook' as const },
      { type: 'command' as const },
      { occurredAt: { eq: someEvent.event_timestamp } },
      { occurredAt: { gt: someEvent.event_timestamp } },
      { occurredAt: { gte: someEvent.event_timestamp } },
      { occurredAt: { lt: someEvent.event_timestamp } },
      { occurredAt: { lte: someEvent.event_timestamp } },
      {
        applicationSessionId: s.failedDeliverySessionId,
        failed: true,
        type: 'webhook' as const,
        name: 'call.answered',
        occurredAt: { gte: someEvent.event_timestamp },
      },
    ];
    for (const filter of filters) {
      const page = await viaPrism.listCallEvents({ filter, pageNumber: 1, pageSize: 25 });
      assert.ok(Array.isArray(page.data), JSON.stringify(filter));
    }
    const failed = await viaPrism.listCallEvents({
      filter: { applicationSessionId: s.failedDeliverySessionId, failed: true },
    });
    assert.ok(failed.data.length > 0, 'filters reach the simulator through Prism');

    const all = await viaPrism.fetchAllCallEvents({ applicationSessionId: s.bigSessionId }, { pageSize: 250 });
    assert.equal(all.length, sim.state.events({ sessionId: s.bigSessionId }).length);

    // Every request reached the simulator (Prism refused none) and got a 2xx.
    assert.ok(sim.requests.length >= 40);
    assert.deepEqual(
      sim.requests.filter((r) => r.status !== 200).map((r) => `${r.path}?${r.rawQuery} -> ${r.status}`),
      [],
    );
    assert.doesNotMatch(prism.log(), /Violation|✖/, 'Prism logged a violation');
  });

  it('Telnyx errors pass Prism and reach the client as typed errors', async () => {
    const cases: Array<[() => Promise<unknown>, number, string]> = [
      [() => viaPrism.getConnection('1234'), 404, '10005'],
      [() => viaPrism.getCallStatus(sim.seed.goneCallControlId), 404, '10005'],
      [() => viaPrism.listActiveCalls(sim.seed.noActiveCallsConnectionId), 422, '10015'],
      [() => viaPrism.listConnections({ nameContains: 'ab' }), 400, '10015'],
    ];
    for (const [call, status, code] of cases) {
      await assert.rejects(call(), (error: unknown) => {
        assert.ok(isTelnyxError(error), String(error));
        assert.equal(error.status, status, error.message);
        assert.equal(error.code, code, error.message);
        return true;
      });
    }
  });
});

/** Requests covering every endpoint and every status the simulator gives without faults. */
function sweep(): Array<{
  endpoint: Endpoint;
  path: string;
  status: number;
  key?: string | null;
  prismRejects?: boolean;
}> {
  const s = sim.seed;
  const cc = encodeURIComponent;
  return [
    { endpoint: 'connections', path: '/connections', status: 200 },
    { endpoint: 'connections', path: '/connections?page[number]=1&page[size]=50&sort=connection_name', status: 200 },
    { endpoint: 'connections', path: '/connections?page[number]=2&page[size]=50', status: 200 },
    { endpoint: 'connections', path: '/connections?page[number]=9&page[size]=50', status: 200 },
    { endpoint: 'connections', path: '/connections?filter[connection_name][contains]=support', status: 200 },
    { endpoint: 'connections', path: '/connections?filter[connection_name][contains]=ab', status: 400 },
    { endpoint: 'connections', path: '/connections?page[size]=0', status: 400, prismRejects: true },
    { endpoint: 'connections', path: '/connections?sort=name', status: 400, prismRejects: true },
    { endpoint: 'connections', path: '/connections', status: 401, key: 'KEY_not_the_right_one' },
    { endpoint: 'connection', path: `/connections/${s.mainConnectionId}`, status: 200 },
    { endpoint: 'connection', path: `/connections/${s.noActiveCallsConnectionId}`, status: 200 },
    { endpoint: 'connection', path: '/connections/1234', status: 404 },
    { endpoint: 'connection', path: `/connections/${s.mainConnectionId}`, status: 401, key: 'KEY_not_the_right_one' },
    { endpoint: 'active_calls', path: `/connections/${s.mainConnectionId}/active_calls`, status: 200 },
    { endpoint: 'active_calls', path: `/connections/${s.busyConnectionId}/active_calls?page[limit]=50`, status: 200 },
    {
      endpoint: 'active_calls',
      path: `/connections/${s.busyConnectionId}/active_calls?page[number]=2&page[size]=50`,
      status: 200,
    },
    { endpoint: 'active_calls', path: `/connections/${s.emptyConnectionId}/active_calls`, status: 200 },
    { endpoint: 'active_calls', path: `/connections/${s.noActiveCallsConnectionId}/active_calls`, status: 422 },
    { endpoint: 'active_calls', path: '/connections/999/active_calls', status: 422 },
    {
      endpoint: 'active_calls',
      path: `/connections/${s.busyConnectionId}/active_calls?page[after]=garbage`,
      status: 422,
    },
    {
      endpoint: 'active_calls',
      path: `/connections/${s.busyConnectionId}/active_calls?page[limit]=251`,
      status: 422,
      prismRejects: true,
    },
    { endpoint: 'call_status', path: `/calls/${cc(s.aliveCallControlId)}`, status: 200 },
    { endpoint: 'call_status', path: `/calls/${cc(s.ringingCallControlId)}`, status: 200 },
    { endpoint: 'call_status', path: `/calls/${cc(s.recentlyEndedCallControlId)}`, status: 200 },
    { endpoint: 'call_status', path: `/calls/${cc(s.goneCallControlId)}`, status: 404 },
    { endpoint: 'call_status', path: '/calls/not-a-call-control-id', status: 422 },
    { endpoint: 'call_status', path: `/calls/${cc(s.aliveCallControlId)}`, status: 401, key: 'KEY_not_the_right_one' },
    { endpoint: 'call_events', path: '/call_events', status: 200 },
    {
      endpoint: 'call_events',
      path: `/call_events?filter[application_session_id]=${s.bigSessionId}&page[size]=250&page[number]=3`,
      status: 200,
    },
    {
      endpoint: 'call_events',
      path: `/call_events?filter[application_session_id]=${s.failedDeliverySessionId}&filter[failed]=true`,
      status: 200,
    },
    {
      endpoint: 'call_events',
      path: `/call_events?filter[connection_id]=${s.mainConnectionId}&filter[type]=command&page[size]=100`,
      status: 200,
    },
    {
      endpoint: 'call_events',
      path: '/call_events?filter[occurred_at][gt]=2026-01-01T00:00:00Z&filter[occurred_at][lt]=2027-01-01T00:00:00Z',
      status: 422,
    },
    { endpoint: 'call_events', path: '/call_events?page[size]=251', status: 422, prismRejects: true },
    { endpoint: 'call_events', path: '/call_events?filter[leg_id]=nope', status: 422, prismRejects: true },
  ];
}

describe("(b) the simulator's answers through Prism", () => {
  before(usePrism);
  it('every endpoint and status validates against the spec, and invalid requests never reach the simulator', async () => {
    let validated = 0;
    for (const item of sweep()) {
      sim.clearRequests();
      const raw = await rawGet(prism.url, item.path, item.key === undefined ? sim.apiKey : item.key);
      if (item.prismRejects) {
        // Prism's own request validation: the spec's limits, which the simulator enforces too.
        assert.equal(raw.status, 422, `${item.path}: ${raw.text.slice(0, 300)}`);
        assert.match(String(raw.headers['content-type']), /problem\+json/);
        assert.equal(sim.requests.length, 0, `${item.path} must not be forwarded`);
        continue;
      }
      assert.equal(raw.status, item.status, `${item.path}: ${raw.text.slice(0, 300)}`);
      assertNoViolations(raw, item.path);
      assert.equal(sim.requests.length, 1, `${item.path} was forwarded once`);
      validated++;
    }
    assert.ok(validated >= 25, `${validated} answers validated by Prism`);
  });

  it('Prism bites: a simulator answer of the wrong shape becomes a violation', async () => {
    for (const [endpoint, path] of [
      ['connections', '/connections'],
      ['call_events', '/call_events'],
      ['active_calls', `/connections/${sim.seed.mainConnectionId}/active_calls`],
    ] as const) {
      sim.addFault({ endpoint, wrongShape: { count: 1 } });
      const raw = await rawGet(prism.url, path, sim.apiKey);
      sim.clearFaults();
      // With --errors, Prism turns a response violation into its own 500 naming the violations.
      assert.equal(
        raw.status,
        500,
        `${endpoint}: Prism let a wrong shape through: ${raw.status} ${raw.text.slice(0, 300)}`,
      );
      assert.match(raw.text, /prism\/errors#VIOLATIONS/);
      assert.match(String(raw.headers['sl-violations']), /"location":\["response","body"/);
    }
  });
});

describe('(c) exact queries, a stricter spec, negative controls', () => {
  it('the simulator receives exactly the raw queries the spec names', async () => {
    const s = sim.seed;
    sim.clearRequests();
    await direct.listConnections({ pageNumber: 2, pageSize: 50, nameContains: 'sup port', sort: '-created_at' });
    await direct.listConnections({ outboundVoiceProfileId: '42' });
    await direct.getCallStatus(s.aliveCallControlId);
    await direct.listCallEvents({
      filter: {
        legId: '1b2c3d4e-0000-4000-8000-000000000001',
        applicationSessionId: '1b2c3d4e-0000-4000-8000-000000000002',
        connectionId: s.mainConnectionId,
        product: 'call_control',
        failed: true,
        from: '+13125550100',
        to: '+14155550199',
        name: 'call.hangup',
        type: 'webhook',
        occurredAt: { gte: '2026-11-25T10:00:00.123456Z' },
      },
      pageNumber: 3,
      pageSize: 100,
    });
    assert.deepEqual(
      sim.requests.map((r) => [r.path, r.rawQuery]),
      [
        [
          '/v2/connections',
          'page[number]=2&page[size]=50&filter[connection_name][contains]=sup%20port&sort=-created_at',
        ],
        ['/v2/connections', 'filter[outbound_voice_profile_id]=42'],
        [`/v2/calls/${s.aliveCallControlId.replace(':', '%3A')}`, ''],
        [
          '/v2/call_events',
          'filter[leg_id]=1b2c3d4e-0000-4000-8000-000000000001&filter[application_session_id]=1b2c3d4e-0000-4000-8000-000000000002' +
            `&filter[connection_id]=${s.mainConnectionId}` +
            '&filter[product]=call_control&filter[failed]=true' +
            '&filter[from]=%2B13125550100&filter[to]=%2B14155550199&filter[name]=call.hangup&filter[type]=webhook' +
            '&filter[occurred_at][gte]=2026-11-25T10%3A00%3A00.123456Z&page[number]=3&page[size]=100',
        ],
      ],
    );
    assert.deepEqual(
      sim.requests.at(-1)?.query.find(([name]) => name === 'filter[from]'),
      ['filter[from]', '+13125550100'],
    );
  });

  it('the client sends only the filters the spec lists for each endpoint (Telnyx ignores unknown ones silently)', async () => {
    const parameters = (
      spec.components as {
        parameters: Record<string, { name: string; schema: { properties: Record<string, unknown> } }>;
      }
    ).parameters;
    const deepNames = (name: string, properties: Record<string, unknown>): string[] =>
      Object.entries(properties).flatMap(([key, value]) => {
        const nested = (value as { properties?: Record<string, unknown> }).properties;
        return nested ? deepNames(`${name}[${key}]`, nested) : [`${name}[${key}]`];
      });
    const listed = (component: string): Set<string> => {
      const parameter = parameters[component];
      return new Set(deepNames(parameter.name, parameter.schema.properties));
    };
    const s = sim.seed;
    sim.clearRequests();
    // Every filter the client can send, at once.
    await direct.listCallEvents({
      filter: {
        legId: '1b2c3d4e-0000-4000-8000-000000000001',
        applicationSessionId: '1b2c3d4e-0000-4000-8000-000000000002',
        connectionId: s.mainConnectionId,
        product: 'call_control',
        failed: true,
        from: '+1',
        to: '+2',
        name: 'call.hangup',
        type: 'webhook',
        occurredAt: { gte: '2026-11-25T10:00:00.123456Z' },
      },
    });
    for (const bound of ['eq', 'gt', 'lt', 'lte'] as const)
      await direct.listCallEvents({ filter: { occurredAt: { [bound]: '2026-11-25T10:00:00Z' } } });
    await direct.listConnections({ nameContains: 'support', outboundVoiceProfileId: '42' });
    const sent = (endpoint: string): string[] => [
      ...new Set(
        sim.requests
          .filter((r) => r.endpoint === endpoint)
          .flatMap((r) => r.query.map(([name]) => name))
          .filter((n) => n.startsWith('filter[')),
      ),
    ];
    const eventFilters = listed('CallEventsFilter');
    assert.deepEqual(
      sent('call_events').filter((name) => !eventFilters.has(name)),
      [],
      'call_events filters the spec does not list',
    );
    assert.deepEqual(sent('call_events').sort(), [...eventFilters].sort(), 'every listed call_events filter is used');
    const connectionFilters = listed('ConnectionsFilter');
    assert.deepEqual(
      sent('connections').filter((name) => !connectionFilters.has(name)),
      [],
      'connections filters the spec does not list',
    );
    for (const gone of [
      'filter[status]',
      'filter[application_name][contains]',
      'filter[outbound.outbound_voice_profile_id]',
      'filter[fqdn]',
    ]) {
      assert.ok(!eventFilters.has(gone) && !connectionFilters.has(gone), `the corrected spec no longer lists ${gone}`);
    }
  });

  it('the client passes every active-call cursor back verbatim while walking a busy connection', async () => {
    const busy = sim.seed.busyConnectionId;
    sim.clearRequests();
    let seen = 0;
    for await (const page of direct.iterateActiveCalls(busy, { limit: 40 })) seen += page.length;
    assert.equal(seen, 300);
    const walk = sim.requests.filter((r) => r.endpoint === 'active_calls');
    assert.equal(walk.length, Math.ceil(300 / 40));
    assert.equal(walk[0].rawQuery, 'page[limit]=40');
    for (let i = 1; i < walk.length; i++) {
      // Replaying the previous request gives the cursor the simulator handed out for it.
      const previous = await rawGet(
        sim.url,
        `${walk[i - 1].path.replace(/^\/v2/, '')}?${walk[i - 1].rawQuery}`,
        sim.apiKey,
      );
      const cursor = (previous.body as { meta: { cursors: { after: string } } }).meta.cursors.after;
      assert.match(cursor, /^v1:/);
      assert.equal(walk[i].rawQuery, `page[limit]=40&page[after]=${encodeURIComponent(cursor)}`);
      assert.deepEqual(walk[i].query, [
        ['page[limit]', '40'],
        ['page[after]', cursor],
      ]);
    }
  });

  it('every simulator answer of a wide sweep fits the stricter spec', async () => {
    const bodies: Array<{ endpoint: Endpoint; status: number; body: unknown; what: string }> = [];
    for (const item of sweep()) {
      const raw = await rawGet(sim.url, item.path, item.key === undefined ? sim.apiKey : item.key);
      assert.equal(raw.status, item.status, item.path);
      bodies.push({ endpoint: item.endpoint, status: raw.status, body: raw.body, what: item.path });
    }
    // Whole lists, not samples: every connection, every call of the busy connection, every big-session event.
    for (let page = 1; page <= 2; page++) {
      const raw = await rawGet(sim.url, `/connections?page[number]=${page}&page[size]=50`, sim.apiKey);
      bodies.push({ endpoint: 'connections', status: raw.status, body: raw.body, what: `connections page ${page}` });
    }
    let after = '';
    do {
      const raw = await rawGet(
        sim.url,
        `/connections/${sim.seed.busyConnectionId}/active_calls?page[limit]=100${after ? `&page[after]=${after}` : ''}`,
        sim.apiKey,
      );
      bodies.push({ endpoint: 'active_calls', status: raw.status, body: raw.body, what: `busy after ${after}` });
      after = (raw.body as { meta: { cursors: { after?: string } } }).meta.cursors.after ?? '';
    } while (after);
    for (let page = 1; page <= 20; page++) {
      const raw = await rawGet(
        sim.url,
        `/call_events?filter[application_session_id]=${sim.seed.bigSessionId}&page[size]=250&page[number]=${page}`,
        sim.apiKey,
      );
      bodies.push({ endpoint: 'call_events', status: raw.status, body: raw.body, what: `big session page ${page}` });
    }
    for (const call of sim.state.activeCalls(sim.seed.mainConnectionId)) {
      const raw = await rawGet(sim.url, `/calls/${encodeURIComponent(call.call_control_id)}`, sim.apiKey);
      bodies.push({ endpoint: 'call_status', status: raw.status, body: raw.body, what: call.call_control_id });
    }
    const problems = bodies.flatMap((b) =>
      strict.check(b.endpoint, b.status, b.body).map((p) => `${b.what} (${b.status}): ${p}`),
    );
    assert.deepEqual(problems, []);
    assert.ok(bodies.length >= 60, `${bodies.length} answers checked`);
  });

  it('negative controls: the validators reject malformed answers, and the strict copy catches what the spec lets through', async () => {
    for (const [endpoint, path] of [
      ['connections', '/connections'],
      ['connection', `/connections/${sim.seed.mainConnectionId}`],
      ['active_calls', `/connections/${sim.seed.mainConnectionId}/active_calls`],
      ['call_status', `/calls/${encodeURIComponent(sim.seed.aliveCallControlId)}`],
      ['call_events', '/call_events'],
    ] as const) {
      sim.addFault({ endpoint, wrongShape: { count: 1 } });
      const raw = await rawGet(sim.url, path, sim.apiKey);
      sim.clearFaults();
      assert.equal(raw.status, 200);
      assert.notDeepEqual(
        strict.check(endpoint, 200, raw.body),
        [],
        `${endpoint}: strict validator accepted a wrong shape`,
      );
    }

    const good = (await rawGet(sim.url, `/connections/${sim.seed.mainConnectionId}/active_calls`, sim.apiKey)).body as {
      data: Array<Record<string, unknown>>;
      meta: Record<string, unknown>;
    };
    assert.deepEqual(strict.check('active_calls', 200, good), []);
    const extraField = structuredClone(good);
    extraField.data[0].api_key = 'KEY_leaked';
    assert.deepEqual(loose.check('active_calls', 200, extraField), [], 'the spec itself allows unknown fields');
    assert.notDeepEqual(strict.check('active_calls', 200, extraField), []);
    const missing = structuredClone(good);
    delete missing.data[0].client_state;
    assert.notDeepEqual(loose.check('active_calls', 200, missing), []);

    const events = (
      await rawGet(sim.url, `/call_events?filter[application_session_id]=${sim.seed.bigSessionId}`, sim.apiKey)
    ).body as {
      data: Array<Record<string, unknown>>;
    };
    const millis = structuredClone(events);
    millis.data[0].event_timestamp = String(millis.data[0].event_timestamp).replace(/(\.\d{3})\d{3}Z$/, '$1Z');
    assert.deepEqual(loose.check('call_events', 200, millis), [], 'the spec accepts millisecond timestamps');
    assert.notDeepEqual(strict.check('call_events', 200, millis), [], 'the strict copy insists on microseconds');
    const noMeta = { data: events.data };
    assert.notDeepEqual(strict.check('call_events', 200, noMeta), [], 'meta is required in the strict copy');

    const error = { errors: [{ code: 10009, title: 'Authentication failed' }] };
    assert.notDeepEqual(loose.check('connections', 401, error), [], 'a numeric code is not a Telnyx error');
    assert.deepEqual(strict.check('connection', 500, {}), ['connection: status 500 is not declared in the spec']);
  });
});
