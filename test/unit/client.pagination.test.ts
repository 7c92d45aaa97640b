// Page walking: numbered and cursor pages against the simulator, the misbehaving servers the
// walkers must not loop on, and the concurrent whole-timeline fetch.
import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import type { TelnyxApi } from '../../src/telnyx/api';
import { createTelnyxClient } from '../../src/telnyx/index';
import type { TimelineProgress } from '../../src/telnyx/types';
import { startSimulator } from '../simulator/index';
import type { Simulator } from '../simulator/types';
import {
  activeCall,
  callEvent,
  client,
  failure,
  numberedBody,
  SAMPLE_CONNECTION,
  sendJson,
  startServer,
  type TestServer,
} from './clientTestServer';

let sim: Simulator;
let api: TelnyxApi;
const servers: TestServer[] = [];

before(async () => {
  sim = await startSimulator({ seed: 3, busyConnectionCalls: 1200 });
  api = createTelnyxClient({ apiKey: sim.apiKey, baseUrl: sim.url, sleep: async () => undefined });
});
after(async () => {
  await api.close();
  await sim.close();
  await Promise.all(servers.map((server) => server.close()));
});

async function collect<T>(pages: AsyncIterable<T[]>): Promise<T[][]> {
  const all: T[][] = [];
  for await (const page of pages) all.push(page);
  return all;
}

describe('pagination against the simulator', () => {
  it('numbered: walks every connection page and stops at total_pages', async () => {
    const expected = sim.state.connections().length;
    sim.clearRequests();
    const pages = await collect(api.iterateConnections({ pageSize: 4 }));
    const ids = pages.flat().map((c) => c.id);
    assert.equal(ids.length, expected);
    assert.equal(new Set(ids).size, expected);
    assert.equal(sim.requests.length, Math.ceil(expected / 4), 'no request past the last page');
    assert.deepEqual(
      sim.requests.map((request) => request.rawQuery),
      pages.map((_page, index) => `page[number]=${index + 1}&page[size]=4`),
    );
  });

  it('cursor: walks all active calls of the busy connection once each, and stops', async () => {
    sim.clearRequests();
    const pages = await collect(api.iterateActiveCalls(sim.seed.busyConnectionId, { limit: 250 }));
    const ids = pages.flat().map((call) => call.call_control_id);
    assert.equal(ids.length, 1200);
    assert.equal(new Set(ids).size, 1200);
    assert.equal(sim.requests.length, 5);
    assert.equal(sim.requests[0].rawQuery, 'page[limit]=250');
    assert.ok(
      sim.requests
        .slice(1)
        .every((request) => /^page\[limit\]=250&page\[after\]=v1%3A[A-Za-z0-9_-]+$/.test(request.rawQuery)),
    );
  });

  it('cursor: works when the server pages only by cursor', async () => {
    sim.setActiveCallsPaging('cursor-only');
    try {
      const pages = await collect(api.iterateActiveCalls(sim.seed.busyConnectionId, { limit: 100 }));
      assert.equal(new Set(pages.flat().map((call) => call.call_control_id)).size, 1200);
    } finally {
      sim.setActiveCallsPaging('cursor-and-number');
    }
  });

  it('iterateCallEvents walks a big session in API order', async () => {
    const expected = sim.state.events({ sessionId: sim.seed.bigSessionId });
    const pages = await collect(
      api.iterateCallEvents({ filter: { applicationSessionId: sim.seed.bigSessionId }, pageSize: 250 }),
    );
    assert.deepEqual(
      pages.flat().map((event) => `${event.event_timestamp} ${event.name}`),
      expected.map((event) => `${event.event_timestamp} ${event.name}`),
    );
  });

  it('fetchAllCallEvents: the whole timeline in API order, progress after each page', async () => {
    const expected = sim.state.events({ sessionId: sim.seed.bigSessionId });
    assert.ok(expected.length > 1000, 'the big session spans several pages');
    const progress: TimelineProgress[] = [];
    sim.clearRequests();
    const events = await api.fetchAllCallEvents(
      { applicationSessionId: sim.seed.bigSessionId },
      { pageSize: 100, onProgress: (p) => progress.push(p) },
    );
    assert.deepEqual(
      events.map((event) => `${event.event_timestamp} ${event.call_leg_id} ${event.name}`),
      expected.map((event) => `${event.event_timestamp} ${event.call_leg_id} ${event.name}`),
    );
    const totalPages = Math.ceil(expected.length / 100);
    assert.equal(sim.requests.length, totalPages);
    assert.equal(progress.length, totalPages);
    assert.deepEqual(
      progress.map((p) => p.pagesLoaded),
      Array.from({ length: totalPages }, (_v, i) => i + 1),
    );
    assert.deepEqual(progress[progress.length - 1], {
      pagesLoaded: totalPages,
      totalPages,
      eventsLoaded: expected.length,
      totalEvents: expected.length,
    });
  });
});

describe('pagination against misbehaving servers', () => {
  async function serve(handler: Parameters<typeof startServer>[0]): Promise<TestServer> {
    const server = await startServer(handler);
    servers.push(server);
    return server;
  }

  it('cursor: stops when the server repeats a cursor', async () => {
    const server = await serve((_req, res, index) =>
      sendJson(res, 200, { data: [activeCall(index)], meta: { cursors: { after: index === 0 ? 'A' : 'B' } } }),
    );
    const { api: telnyx } = client(server.url);
    const pages = await collect(telnyx.iterateActiveCalls('1'));
    // A, then B, then B again: three pages read, no fourth request.
    assert.equal(pages.length, 3);
    assert.equal(server.requests.length, 3);
    assert.deepEqual(
      server.requests.map((r) => r.rawQuery),
      ['', 'page[after]=A', 'page[after]=B'],
    );
    await telnyx.close();
  });

  it('cursor: a page that hands back the cursor it was asked with has no next page', async () => {
    const server = await serve((_req, res) =>
      sendJson(res, 200, { data: [activeCall(1)], meta: { cursors: { after: 'SAME' } } }),
    );
    const { api: telnyx } = client(server.url);
    const page = await telnyx.listActiveCalls('1', { after: 'SAME' });
    assert.equal(page.nextCursor, undefined);
    const pages = await collect(telnyx.iterateActiveCalls('1', { after: 'SAME' }));
    assert.equal(pages.length, 1);
    assert.equal(server.requests.length, 2);
    await telnyx.close();
  });

  it('cursor: stops on an empty page even if it offers a cursor', async () => {
    const server = await serve((_req, res, index) =>
      sendJson(res, 200, { data: index === 0 ? [activeCall(0)] : [], meta: { cursors: { after: `C${index}` } } }),
    );
    const { api: telnyx } = client(server.url);
    const pages = await collect(telnyx.iterateActiveCalls('1'));
    assert.deepEqual(
      pages.map((page) => page.length),
      [1],
    );
    assert.equal(server.requests.length, 2);
    await telnyx.close();
  });

  it('cursor: stops when there is no next cursor', async () => {
    const server = await serve((_req, res) => sendJson(res, 200, { data: [activeCall(0)], meta: { total_items: 1 } }));
    const { api: telnyx } = client(server.url);
    assert.equal((await collect(telnyx.iterateActiveCalls('1'))).length, 1);
    assert.equal(server.requests.length, 1);
    await telnyx.close();
  });

  it('cursor: falls back to page[after] in meta.next, keeping + and / of the cursor intact', async () => {
    const cursor = 'v1:g3+QA/AA==';
    const server = await serve((req, res, index) =>
      sendJson(res, 200, {
        data: [activeCall(index)],
        meta: req.url?.includes('page[after]')
          ? {}
          : { next: `/v2/connections/1/active_calls?page[limit]=1&page[after]=${encodeURIComponent(cursor)}` },
      }),
    );
    const { api: telnyx } = client(server.url);
    const first = await telnyx.listActiveCalls('1', { limit: 1 });
    assert.equal(first.nextCursor, cursor);
    await collect(telnyx.iterateActiveCalls('1', { limit: 1 }));
    assert.equal(server.requests[2].rawQuery, 'page[limit]=1&page[after]=v1%3Ag3%2BQA%2FAA%3D%3D');
    await telnyx.close();
  });

  it('numbered: stops on an empty page before total_pages, and when page[number] is ignored', async () => {
    const emptying = await serve((_req, res, index) =>
      sendJson(res, 200, numberedBody(index < 2 ? [SAMPLE_CONNECTION] : [], index + 1, 10, 10)),
    );
    const first = client(emptying.url);
    assert.equal((await collect(first.api.iterateConnections())).length, 2);
    assert.equal(emptying.requests.length, 3);
    await first.api.close();

    const ignoring = await serve((_req, res) => sendJson(res, 200, numberedBody([SAMPLE_CONNECTION], 1, 5, 5)));
    const second = client(ignoring.url);
    // Page 2 comes back as page 1 again: not shown twice, and the walk ends there.
    assert.equal((await collect(second.api.iterateConnections())).length, 1);
    assert.equal(ignoring.requests.length, 2);
    await second.api.close();
  });

  function eventsServer(totalPages: number, pageSize: number, delayOf: (page: number) => number): Promise<TestServer> {
    return serve((req, res) => {
      const page = Number(/page\[number\]=(\d+)/.exec(req.url ?? '')?.[1] ?? 1);
      const data = Array.from({ length: pageSize }, (_v, i) => callEvent((page - 1) * pageSize + i));
      const timer = setTimeout(
        () => sendJson(res, 200, numberedBody(data, page, totalPages, totalPages * pageSize, pageSize)),
        delayOf(page),
      );
      res.on('close', () => clearTimeout(timer));
    });
  }

  it('fetchAllCallEvents: pages 2..N concurrently, at most `concurrency` in flight, results in API order', async () => {
    // Later pages answer sooner, so finishing order is the reverse of API order.
    const server = await eventsServer(12, 5, (page) => (page === 1 ? 0 : 10 + (12 - page) * 8));
    const { api: telnyx } = client(server.url, { maxConcurrentRequests: 10 });
    const events = await telnyx.fetchAllCallEvents({ legId: 'leg-1' }, { pageSize: 5, concurrency: 3 });
    assert.deepEqual(
      events.map((event) => event.name),
      Array.from({ length: 60 }, (_v, i) => `event-${i}`),
    );
    assert.equal(server.maxInFlight, 3);
    assert.equal(server.requests[0].rawQuery, 'filter[leg_id]=leg-1&page[number]=1&page[size]=5');
    await telnyx.close();

    // Held long enough that a round of 4 is in flight together even on a busy machine.
    const defaults = await eventsServer(12, 5, () => 100);
    const second = client(defaults.url);
    await second.api.fetchAllCallEvents({ legId: 'leg-1' }, { pageSize: 5 });
    assert.equal(defaults.maxInFlight, 4, 'default concurrency is 4');
    await second.api.close();
  });

  it('fetchAllCallEvents: abortable, and one failing page fails the whole fetch', async () => {
    const slow = await eventsServer(6, 5, (page) => (page === 1 ? 0 : 5_000));
    const { api: telnyx } = client(slow.url);
    const controller = new AbortController();
    const pending = failure(() =>
      telnyx.fetchAllCallEvents({ legId: 'x' }, { pageSize: 5, signal: controller.signal }),
    );
    while (slow.requests.length < 5) await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort();
    const error = await pending;
    assert.equal(error.kind, 'cancelled');
    await telnyx.close();

    const broken = await serve((req, res) => {
      const page = Number(/page\[number\]=(\d+)/.exec(req.url ?? '')?.[1] ?? 1);
      if (page === 3) sendJson(res, 404, { errors: [{ code: '10005', title: 'Not found' }] });
      else sendJson(res, 200, numberedBody([callEvent(page)], page, 5, 5, 1));
    });
    const second = client(broken.url);
    const failed = await failure(() => second.api.fetchAllCallEvents({ legId: 'x' }, { pageSize: 1 }));
    assert.equal(failed.kind, 'not_found');
    await second.api.close();
  });
});
