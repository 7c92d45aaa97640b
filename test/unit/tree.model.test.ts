// The tree's model against the real simulator through the real client: first pages only, paging a
// busy connection while calls start and end, refresh, counts (at most 4 in flight), 422/10015, and a
// server that repeats a cursor.
import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import type { TelnyxApi } from '../../src/telnyx/api';
import { createTelnyxClient } from '../../src/telnyx/index';
import { ConnectionsModel, isNoActiveCallsList } from '../../src/tree/model/connectionsModel';
import { singleAccount } from './singleAccount';
import { startSimulator, type StartedSimulator } from '../simulator/index';
import { activeCall, sendJson, startServer, type TestServer } from './clientTestServer';

function queryOf(rawQuery: string): Map<string, string> {
  return new Map([...new URLSearchParams(rawQuery)]);
}

describe('ConnectionsModel against the simulator', () => {
  let sim: StartedSimulator;
  let api: TelnyxApi;
  const models: ConnectionsModel[] = [];
  const model = (pageSize: number, nameFilter?: string): ConnectionsModel => {
    const created = new ConnectionsModel({ clients: singleAccount(api), pageSize, nameFilter });
    models.push(created);
    return created;
  };

  before(async () => {
    sim = await startSimulator({ seed: 3, busyConnectionCalls: 1200 });
    api = createTelnyxClient({ apiKey: sim.apiKey, baseUrl: sim.url });
  });
  after(async () => {
    for (const created of models) created.dispose();
    await api.close();
    await sim.close();
  });

  it('reads nothing until asked, then one page of connections sorted by name', async () => {
    sim.clearRequests();
    const m = model(5);
    assert.equal(sim.requests.length, 0);
    await m.connections.ensureStarted();
    const listRequests = sim.requests.filter((r) => r.endpoint === 'connections');
    assert.equal(listRequests.length, 1);
    const q = queryOf(listRequests[0].rawQuery);
    assert.equal(q.get('page[size]'), '5');
    assert.equal(q.get('page[number]'), '1');
    assert.equal(q.get('sort'), 'connection_name');
    assert.equal(m.connections.items.length, Math.min(5, sim.state.connections().length));
    const names = m.connections.items.map((c) => c.connection_name ?? '');
    assert.deepEqual(
      names,
      [...names].sort((a, b) => a.localeCompare(b)),
    );
    await m.whenIdle();
    assert.equal(sim.requests.filter((r) => r.endpoint === 'active_calls').length, 0, 'no count before a row is shown');
    // Showing the rows asks for their counts, one page[limit]=1 request each.
    for (const connection of m.connections.items) m.countShown(connection.id);
    await m.whenIdle();
    const counts = sim.requests.filter((r) => r.endpoint === 'active_calls');
    // SIP connections without webhooks too: only Telnyx's answer says whether they have a list.
    assert.equal(counts.length, m.connections.items.length, 'one count per shown connection');
    assert.ok(counts.every((r) => queryOf(r.rawQuery).get('page[limit]') === '1'));
  });

  it('pages through all connections without duplicates', async () => {
    const m = model(2);
    await m.connections.ensureStarted();
    while (m.connections.hasMore) await m.connections.loadNextPage();
    const ids = m.connections.items.map((c) => c.id);
    assert.equal(new Set(ids).size, ids.length);
    assert.deepEqual(new Set(ids), new Set(sim.state.connections().map((c) => c.id)));
    await m.whenIdle();
  });

  it('filters by name on the server', async () => {
    const target = sim.state.connections().find((c) => (c.connection_name ?? '').length >= 4);
    assert.ok(target?.connection_name);
    const part = target.connection_name.slice(1, 4);
    sim.clearRequests();
    const m = model(50, part);
    await m.connections.ensureStarted();
    const q = queryOf(sim.requests.find((r) => r.endpoint === 'connections')!.rawQuery);
    assert.equal(q.get('filter[connection_name][contains]'), part);
    assert.ok(m.connections.items.some((c) => c.id === target.id));
    assert.ok(m.connections.items.every((c) => (c.connection_name ?? '').toLowerCase().includes(part.toLowerCase())));
    await m.whenIdle();
  });

  it('pages a connection with 1,200 calls without duplicates or loss', async () => {
    const busy = sim.seed.busyConnectionId;
    const m = model(100);
    const calls = m.callsOf(busy);
    sim.clearRequests();
    await calls.ensureStarted();
    assert.equal(calls.items.length, 100);
    while (calls.hasMore) await calls.loadNextPage();
    const ids = calls.items.map((c) => c.call_control_id);
    assert.equal(ids.length, 1200);
    assert.equal(new Set(ids).size, 1200);
    assert.deepEqual(new Set(ids), new Set(sim.state.activeCalls(busy).map((c) => c.call_control_id)));
    assert.equal(sim.requests.filter((r) => r.endpoint === 'active_calls' && r.path.includes(busy)).length, 12);
    assert.equal(m.countOf(busy)?.kind, 'known');
  });

  it('pages while calls start and end: each call alive throughout appears exactly once', async () => {
    const busy = sim.seed.busyConnectionId;
    const m = model(100);
    const calls = m.callsOf(busy);
    const atStart = new Set(sim.state.activeCalls(busy).map((c) => c.call_control_id));
    const ended = new Set<string>();
    await calls.ensureStarted();
    let round = 0;
    while (calls.hasMore) {
      // End calls on both sides of the cursor (shown and not yet shown), start new ones.
      const alive = sim.state.activeCalls(busy);
      for (const index of [1, Math.floor(alive.length / 2), alive.length - 3]) {
        const id = alive[index]?.call_control_id;
        if (id && !ended.has(id)) {
          sim.state.endCall(id);
          ended.add(id);
        }
      }
      sim.state.startCall(busy, { clientState: Buffer.from(`new ${round}`).toString('base64') });
      round++;
      await calls.loadNextPage();
    }
    const shown = calls.items.map((c) => c.call_control_id);
    assert.equal(new Set(shown).size, shown.length, 'no call shown twice');
    const aliveThroughout = [...atStart].filter((id) => !ended.has(id));
    const shownSet = new Set(shown);
    const missing = aliveThroughout.filter((id) => !shownSet.has(id));
    assert.deepEqual(missing, [], 'no call alive throughout is lost');
    assert.ok(round >= 10, `paged in ${round} rounds`);
  });

  it('refresh keeps loaded pages in sync: ended calls vanish, new ones appear, durations update', async () => {
    const main = sim.seed.mainConnectionId;
    const m = model(250);
    const calls = m.callsOf(main);
    await calls.ensureStarted();
    const before = calls.items.map((c) => c.call_control_id);
    assert.ok(before.length >= 2, 'the main connection has calls');
    const gone = before[0];
    sim.state.endCall(gone);
    const fresh = sim.state.startCall(main, { clientState: Buffer.from('fresh').toString('base64') });
    sim.clearRequests();
    const diff = await calls.refresh();
    assert.ok(diff);
    assert.deepEqual(diff.removed, [gone]);
    assert.deepEqual(diff.added, [fresh.call_control_id]);
    assert.equal(calls.items.length, before.length);
    assert.ok(!calls.items.some((c) => c.call_control_id === gone));
    assert.equal(sim.requests.filter((r) => r.endpoint === 'active_calls' && r.path.includes(main)).length, 1);
    assert.deepEqual(m.countOf(main), { kind: 'known', total: sim.state.activeCalls(main).length });
  });

  it('refresh of several loaded pages re-reads as many rows as are shown', async () => {
    const busy = sim.seed.busyConnectionId;
    const m = model(50);
    const calls = m.callsOf(busy);
    await calls.ensureStarted();
    await calls.loadNextPage();
    await calls.loadNextPage();
    assert.equal(calls.items.length, 150);
    const third = calls.items[120].call_control_id;
    sim.state.endCall(calls.items[10].call_control_id);
    sim.clearRequests();
    const diff = await calls.refresh();
    assert.ok(diff);
    assert.equal(diff.removed.length, 1);
    assert.equal(diff.added.length, 1, 'one row moved up into the shown range');
    assert.equal(calls.items.length, 150);
    assert.ok(calls.items.some((c) => c.call_control_id === third));
    const pages = sim.requests.filter((r) => r.endpoint === 'active_calls' && r.path.includes(busy));
    assert.equal(pages.length, 3);
    assert.equal(queryOf(pages[0].rawQuery).get('page[after]'), undefined);
    assert.ok(queryOf(pages[1].rawQuery).get('page[after]'));
    assert.equal(calls.hasMore, true);
  });

  it('a connection type without an active-calls list is told apart from a failure', async () => {
    const m = model(10);
    const calls = m.callsOf(sim.seed.noActiveCallsConnectionId);
    await calls.ensureStarted();
    assert.ok(calls.failure);
    assert.equal(isNoActiveCallsList(calls.failure.error), true);
    await m.requestCount(sim.seed.noActiveCallsConnectionId);
    assert.deepEqual(m.countOf(sim.seed.noActiveCallsConnectionId), { kind: 'unsupported' });
  });

  it('an empty connection has no calls and a count of 0', async () => {
    const m = model(10);
    const calls = m.callsOf(sim.seed.emptyConnectionId);
    await calls.ensureStarted();
    assert.equal(calls.items.length, 0);
    assert.equal(calls.complete, true);
    await m.requestCount(sim.seed.emptyConnectionId);
    assert.deepEqual(m.countOf(sim.seed.emptyConnectionId), { kind: 'known', total: 0 });
  });

  it('an error on one connection leaves the others alone', async () => {
    const m = model(10);
    sim.addFault({ endpoint: 'active_calls', serverError: { count: 3, status: 500 } });
    const failing = m.callsOf(sim.seed.mainConnectionId);
    await failing.ensureStarted();
    sim.clearFaults();
    const fine = m.callsOf(sim.seed.busyConnectionId);
    await fine.ensureStarted();
    assert.ok(failing.failure, 'the first connection failed');
    assert.equal(fine.failure, undefined);
    assert.equal(fine.items.length, 10);
    await failing.retry();
    assert.equal(failing.failure, undefined);
    assert.ok(failing.items.length > 0);
  });
});

describe('ConnectionsModel against hand-made servers', () => {
  const servers: TestServer[] = [];
  after(async () => {
    await Promise.all(servers.map((server) => server.close()));
  });

  it('asks for at most 4 counts at once', async () => {
    const connections = Array.from({ length: 12 }, (_, i) => ({
      id: `conn-${i}`,
      record_type: 'call_control_application',
      connection_name: `c${i}`,
    }));
    let countsInFlight = 0;
    let maxCountsInFlight = 0;
    const server = await startServer(async (req, res) => {
      if (req.url?.startsWith('/v2/connections?')) {
        sendJson(res, 200, {
          data: connections,
          meta: { page_number: 1, page_size: 50, total_pages: 1, total_results: 12 },
        });
        return;
      }
      countsInFlight++;
      maxCountsInFlight = Math.max(maxCountsInFlight, countsInFlight);
      await new Promise((resolve) => setTimeout(resolve, 40));
      countsInFlight--;
      sendJson(res, 200, { data: [activeCall(1)], meta: { total_items: 7, cursors: {} } });
    });
    servers.push(server);
    const api = createTelnyxClient({ apiKey: 'KEYTEST', baseUrl: server.url });
    const m = new ConnectionsModel({ clients: singleAccount(api), pageSize: 50 });
    await m.connections.ensureStarted();
    await m.refreshCounts();
    await m.whenIdle();
    assert.equal(maxCountsInFlight, 4);
    assert.ok(connections.every((c) => m.countOf(c.id)?.kind === 'known'));
    assert.deepEqual(m.countOf('conn-3'), { kind: 'known', total: 7 });
    m.dispose();
    await api.close();
  });

  it('stops when the server repeats a cursor', async () => {
    const server = await startServer((req, res) => {
      const after = new URL(req.url ?? '', 'http://x').searchParams.get('page[after]');
      // Page 1 → A, page A → B, page B → A again (a server bug): must not loop.
      const [data, next] =
        after === null
          ? [[activeCall(1), activeCall(2)], 'A']
          : after === 'A'
            ? [[activeCall(3)], 'B']
            : [[activeCall(4)], 'A'];
      sendJson(res, 200, { data, meta: { cursors: { after: next }, total_items: 99 } });
    });
    servers.push(server);
    const api = createTelnyxClient({ apiKey: 'KEYTEST', baseUrl: server.url });
    const m = new ConnectionsModel({ clients: singleAccount(api), pageSize: 2 });
    const calls = m.callsOf('conn-1');
    await calls.ensureStarted();
    for (let i = 0; i < 20 && calls.hasMore; i++) await calls.loadNextPage();
    assert.equal(server.requests.length, 3);
    assert.equal(calls.complete, true);
    assert.equal(calls.endedOnRepeatedContinuation, true);
    assert.equal(calls.items.length, 4);
    m.dispose();
    await api.close();
  });

  it('with no key set, reads nothing and says so', async () => {
    const m = new ConnectionsModel({ clients: singleAccount(undefined), pageSize: 5 });
    await m.connections.ensureStarted();
    assert.equal((m.connections.failure?.error as Error).name, 'NoApiKeyError');
    m.dispose();
  });
});
