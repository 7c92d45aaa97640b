// Every endpoint and filter against the project's Telnyx simulator: the exact query each call
// sends, and what comes back.
import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import type { TelnyxApi } from '../../src/telnyx/api';
import { createTelnyxClient } from '../../src/telnyx/index';
import type { CallEvent } from '../../src/telnyx/types';
import { startSimulator } from '../simulator/index';
import type { RecordedRequest, Simulator } from '../simulator/types';
import { failure } from './clientTestServer';

let sim: Simulator;
let api: TelnyxApi;

before(async () => {
  sim = await startSimulator({ seed: 7, busyConnectionCalls: 600 });
  api = createTelnyxClient({ apiKey: sim.apiKey, baseUrl: sim.url, sleep: async () => undefined });
});
after(async () => {
  await api.close();
  await sim.close();
});

function only(): RecordedRequest {
  assert.equal(
    sim.requests.length,
    1,
    `expected one request, got ${sim.requests.map((r) => `${r.path}?${r.rawQuery}`).join(', ')}`,
  );
  return sim.requests[0];
}

function fromPayload(event: CallEvent, field: 'from' | 'to'): string | undefined {
  const payload = (event.metadata as { payload?: Record<string, unknown> }).payload;
  const value = payload?.[field];
  return typeof value === 'string' ? value : undefined;
}

describe('client endpoints against the simulator', () => {
  it('lists connections with every parameter as deepObject names', async () => {
    const all = sim.state.connections();
    const named = all.find((c) => (c.connection_name ?? '').length >= 5 && c.outbound_voice_profile_id);
    assert.ok(named, 'the seed has a named connection with an outbound voice profile');
    const needle = (named.connection_name ?? '').slice(1, 4);
    sim.clearRequests();
    const page = await api.listConnections({
      pageNumber: 1,
      pageSize: 250,
      nameContains: needle,
      outboundVoiceProfileId: named.outbound_voice_profile_id,
      sort: '-connection_name',
    });
    assert.equal(
      only().rawQuery,
      `page[number]=1&page[size]=250&filter[connection_name][contains]=${encodeURIComponent(needle)}` +
        `&filter[outbound_voice_profile_id]=${named.outbound_voice_profile_id}&sort=-connection_name`,
    );
    assert.ok(page.data.some((c) => c.id === named.id));
    assert.ok(page.data.every((c) => (c.connection_name ?? '').toLowerCase().includes(needle.toLowerCase())));
    const names = page.data.map((c) => c.connection_name ?? '');
    assert.deepEqual(
      names,
      [...names].sort((a, b) => b.localeCompare(a, 'en')),
    );
    assert.equal(page.meta.page_number, 1);

    sim.clearRequests();
    const none = await api.listConnections({ nameContains: 'no-such-connection-name' });
    assert.equal(only().rawQuery, 'filter[connection_name][contains]=no-such-connection-name');
    assert.deepEqual(none.data, []);
    assert.equal(none.meta.total_results, 0);
  });

  it("a too-short name filter is the simulator's 400, shown as bad_request with its detail", async () => {
    const error = await failure(() => api.listConnections({ nameContains: 'ab' }));
    assert.equal(error.kind, 'bad_request');
    assert.equal(error.status, 400);
    assert.match(error.message, /at least 3 characters/);
  });

  it('retrieves a connection, and an unknown one is not_found', async () => {
    sim.clearRequests();
    const connection = await api.getConnection(sim.seed.mainConnectionId);
    assert.equal(connection.id, sim.seed.mainConnectionId);
    assert.equal(only().path, `/v2/connections/${sim.seed.mainConnectionId}`);
    const error = await failure(() => api.getConnection('999999999999'));
    assert.equal(error.kind, 'not_found');
    assert.equal(error.code, '10005');
  });

  it('lists active calls by cursor, passing the cursor back verbatim (encoded once)', async () => {
    sim.clearRequests();
    const first = await api.listActiveCalls(sim.seed.busyConnectionId, { limit: 7 });
    assert.equal(only().rawQuery, 'page[limit]=7');
    assert.equal(first.data.length, 7);
    assert.ok(first.nextCursor, 'a busy connection has a next page');
    assert.equal(first.meta.total_items, 600);

    sim.clearRequests();
    const second = await api.listActiveCalls(sim.seed.busyConnectionId, { limit: 7, after: first.nextCursor });
    const request = only();
    assert.equal(request.rawQuery, `page[limit]=7&page[after]=${encodeURIComponent(first.nextCursor)}`);
    assert.deepEqual(request.query, [
      ['page[limit]', '7'],
      ['page[after]', first.nextCursor],
    ]);
    const ids = new Set([...first.data, ...second.data].map((call) => call.call_control_id));
    assert.equal(ids.size, 14, 'the second page continues the first');

    sim.clearRequests();
    const back = await api.listActiveCalls(sim.seed.busyConnectionId, {
      limit: 7,
      before: second.meta.cursors?.before,
    });
    assert.equal(
      only().rawQuery,
      `page[limit]=7&page[before]=${encodeURIComponent(second.meta.cursors?.before ?? '')}`,
    );
    assert.deepEqual(
      back.data.map((c) => c.call_control_id),
      first.data.map((c) => c.call_control_id),
    );
  });

  it('active calls: an empty connection has no next page; a SIP connection without webhooks is invalid_connection', async () => {
    const empty = await api.listActiveCalls(sim.seed.emptyConnectionId);
    assert.deepEqual(empty.data, []);
    assert.equal(empty.nextCursor, undefined);
    const error = await failure(() => api.listActiveCalls(sim.seed.noActiveCallsConnectionId));
    assert.equal(error.kind, 'invalid_connection');
    assert.equal(error.code, '10015');
    assert.match(error.message, /not a valid connection, or its type has no active calls/);
  });

  it('retrieves call status: alive, ringing (not alive, not ended), recently ended, gone, invalid', async () => {
    sim.clearRequests();
    const alive = await api.getCallStatus(sim.seed.aliveCallControlId);
    assert.equal(only().path, `/v2/calls/${encodeURIComponent(sim.seed.aliveCallControlId)}`);
    assert.equal(alive.is_alive, true);
    assert.equal(alive.end_time, undefined);

    const ringing = await api.getCallStatus(sim.seed.ringingCallControlId);
    assert.equal(ringing.is_alive, false);
    assert.equal(ringing.end_time, undefined);

    const ended = await api.getCallStatus(sim.seed.recentlyEndedCallControlId);
    assert.equal(ended.is_alive, false);
    assert.ok(ended.end_time);

    const gone = await failure(() => api.getCallStatus(sim.seed.goneCallControlId));
    assert.equal(gone.kind, 'not_found');
    assert.match(gone.message, /10 minutes/);

    const invalid = await failure(() => api.getCallStatus('v3:not valid!'));
    assert.equal(invalid.kind, 'invalid_call');
    assert.equal(invalid.code, '90015');
  });

  it('sends every call-events filter of the spec with its exact name, + as %2B', async () => {
    const events = sim.state.events();
    const webhook = events.find((event) => event.type === 'webhook' && fromPayload(event, 'from')?.startsWith('+'));
    assert.ok(webhook, 'the seed has a webhook with a + number');
    const from = fromPayload(webhook, 'from') as string;
    const to = fromPayload(webhook, 'to') as string;
    sim.clearRequests();
    await api.listCallEvents({
      filter: {
        legId: webhook.call_leg_id,
        applicationSessionId: webhook.call_session_id,
        connectionId: sim.seed.mainConnectionId,
        product: 'call_control',
        failed: false,
        from,
        to,
        name: 'call.hangup',
        type: 'webhook',
        occurredAt: { gte: '2019-03-29T11:10:00.000000Z' },
      },
      pageNumber: 1,
      pageSize: 25,
    });
    const request = only();
    assert.equal(request.status, 200);
    assert.equal(
      request.rawQuery,
      [
        `filter[leg_id]=${webhook.call_leg_id}`,
        `filter[application_session_id]=${webhook.call_session_id}`,
        `filter[connection_id]=${sim.seed.mainConnectionId}`,
        'filter[product]=call_control',
        'filter[failed]=false',
        `filter[from]=%2B${from.slice(1)}`,
        `filter[to]=${encodeURIComponent(to)}`,
        'filter[name]=call.hangup',
        'filter[type]=webhook',
        'filter[occurred_at][gte]=2019-03-29T11%3A10%3A00.000000Z',
        'page[number]=1',
        'page[size]=25',
      ].join('&'),
    );
    assert.deepEqual(
      request.query.find(([name]) => name === 'filter[from]'),
      ['filter[from]', from],
    );
  });

  it('call-event filters select what they say', async () => {
    const webhook = sim.state
      .events()
      .find((event) => event.type === 'webhook' && fromPayload(event, 'from')?.startsWith('+'));
    assert.ok(webhook);
    const from = fromPayload(webhook, 'from') as string;
    const byFrom = await api.listCallEvents({
      filter: { applicationSessionId: webhook.call_session_id, from },
      pageSize: 250,
    });
    assert.ok(byFrom.data.length > 0, 'the + survived the trip: the number matched');

    const session = sim.state.events({ sessionId: sim.seed.failedDeliverySessionId });
    const failed = await api.listCallEvents({
      filter: { applicationSessionId: sim.seed.failedDeliverySessionId, failed: true },
    });
    assert.ok(failed.data.length > 0 && failed.data.length < session.length);

    const legId = session[0].call_leg_id;
    const byLeg = await api.listCallEvents({ filter: { legId, type: 'command' }, pageSize: 250 });
    assert.ok(byLeg.data.length > 0);
    assert.ok(byLeg.data.every((event) => event.call_leg_id === legId && event.type === 'command'));

    const cut = session[Math.floor(session.length / 2)].event_timestamp;
    const later = await api.listCallEvents({
      filter: { applicationSessionId: sim.seed.failedDeliverySessionId, occurredAt: { gt: cut } },
      pageSize: 250,
    });
    assert.ok(later.data.length > 0 && later.data.every((event) => event.event_timestamp > cut));
  });

  it('refuses two occurred_at bounds before sending anything', async () => {
    sim.clearRequests();
    const error = await failure(() =>
      api.listCallEvents({ filter: { occurredAt: { gte: '2024-01-01T00:00:00Z', lt: '2024-01-02T00:00:00Z' } } }),
    );
    assert.equal(error.kind, 'bad_request');
    assert.match(error.message, /Only one occurred_at bound .* gte and lt/);
    assert.equal(sim.requests.length, 0);
  });

  it('a wrong key is unauthenticated (10009) with the Set API Key hint', async () => {
    const stranger = createTelnyxClient({ apiKey: 'KEYnotTheRightOne', baseUrl: sim.url });
    const error = await failure(() => stranger.listConnections());
    assert.equal(error.kind, 'unauthenticated');
    assert.equal(error.message, "Telnyx rejected the API key (10009). Run 'Telnyx: Set API Key'.");
    await stranger.close();
  });
});

describe('client against simulator faults', () => {
  it('rate limit (429 / 10011) is waited out as the headers say, then answered', async () => {
    const waits: number[] = [];
    const patient = createTelnyxClient({
      apiKey: sim.apiKey,
      baseUrl: sim.url,
      sleep: async (ms) => void waits.push(ms),
    });
    sim.clearFaults();
    sim.addFault({ endpoint: 'connection', rateLimit: { count: 2, resetSeconds: 3, retryAfterSeconds: 5 } });
    try {
      const connection = await patient.getConnection(sim.seed.mainConnectionId);
      assert.equal(connection.id, sim.seed.mainConnectionId);
      assert.deepEqual(waits, [5000, 5000]);
    } finally {
      sim.clearFaults();
      await patient.close();
    }
  });

  it('5xx, drops, non-JSON, wrong shape, truncation and hangs each end as their kind', async () => {
    const impatient = createTelnyxClient({
      apiKey: sim.apiKey,
      baseUrl: sim.url,
      sleep: async () => undefined,
      requestTimeoutMs: 400,
    });
    const cases: Array<[Parameters<Simulator['addFault']>[0], string]> = [
      [{ serverError: { count: 3, status: 503 } }, 'server'],
      [{ drop: { count: 3 } }, 'network'],
      [{ nonJson: { count: 1 } }, 'malformed'],
      [{ wrongShape: { count: 1 } }, 'malformed'],
      [{ truncate: { count: 3 } }, 'malformed'],
      [{ hang: { count: 1, ms: 2000 } }, 'timeout'],
    ];
    try {
      for (const [fault, kind] of cases) {
        sim.clearFaults();
        sim.addFault({ endpoint: 'call_events', ...fault });
        const error = await failure(() =>
          impatient.listCallEvents({ filter: { applicationSessionId: sim.seed.bigSessionId } }),
        );
        assert.equal(error.kind, kind, JSON.stringify(fault));
      }
      // Faults that run out are retried through: two 503s, then the answer.
      sim.clearFaults();
      sim.addFault({ endpoint: 'call_events', serverError: { count: 2, status: 503 } });
      const page = await impatient.listCallEvents({ filter: { applicationSessionId: sim.seed.bigSessionId } });
      assert.ok(page.data.length > 0);
    } finally {
      sim.clearFaults();
      await impatient.close();
    }
  });
});
