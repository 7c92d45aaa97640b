// One request budget per client: bounded in flight across every caller, first come first served,
// and a rate-limit pause that holds everybody, not only the caller that met the 429.
import { strict as assert } from 'node:assert';
import type { ServerResponse } from 'node:http';
import { after, describe, it } from 'node:test';
import {
  client,
  failure,
  numberedBody,
  SAMPLE_CALL_STATUS,
  SAMPLE_CONNECTION,
  sendJson,
  startServer,
  telnyxError,
  type TestServer,
} from './clientTestServer';

const servers: TestServer[] = [];
after(async () => {
  await Promise.all(servers.map((server) => server.close()));
});

const tick = (ms = 5): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (condition()) return;
    await tick();
  }
  assert.fail(`timed out waiting for ${what}`);
}

/** A sleep the test ends by hand, to hold the client in a pause as long as it needs to look. */
function manualSleep(): {
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  waits: number[];
  releaseAll: () => void;
} {
  const waits: number[] = [];
  const pending: Array<() => void> = [];
  return {
    waits,
    sleep: (ms, signal) =>
      new Promise<void>((resolve, reject) => {
        waits.push(ms);
        pending.push(resolve);
        signal?.addEventListener('abort', () => reject(new Error('aborted')), { once: true });
      }),
    releaseAll: () => pending.splice(0).forEach((resolve) => resolve()),
  };
}

describe('shared request budget', () => {
  it('keeps at most maxConcurrentRequests in flight across callers, in arrival order', async () => {
    const held: ServerResponse[] = [];
    const server = await startServer((_req, res) => {
      held.push(res);
    });
    servers.push(server);
    const { api } = client(server.url, { maxConcurrentRequests: 2 });
    const calls = [
      api.getConnection('c1'),
      api.getCallStatus('v3:call2'),
      api.listConnections({ pageNumber: 3 }),
      api.getConnection('c4'),
      api.getCallStatus('v3:call5'),
      api.getConnection('c6'),
    ];
    await until(() => held.length === 2, 'two requests');
    await tick(50);
    assert.equal(server.requests.length, 2, 'the third caller waits for a free slot');
    // Answer one at a time; each answer lets exactly one queued caller in.
    for (let answered = 0; answered < 6; answered++) {
      await until(() => held.length > 0, 'a held request');
      const res = held.shift() as ServerResponse;
      const url = res.req.url ?? '';
      if (url.startsWith('/v2/calls/')) sendJson(res, 200, { data: SAMPLE_CALL_STATUS });
      else if (url.startsWith('/v2/connections?')) sendJson(res, 200, numberedBody([SAMPLE_CONNECTION], 3, 3, 41));
      else sendJson(res, 200, { data: SAMPLE_CONNECTION });
    }
    await Promise.all(calls);
    assert.equal(server.maxInFlight, 2);
    assert.deepEqual(
      server.requests.map((request) => request.path),
      [
        '/v2/connections/c1',
        '/v2/calls/v3%3Acall2',
        '/v2/connections',
        '/v2/connections/c4',
        '/v2/calls/v3%3Acall5',
        '/v2/connections/c6',
      ],
    );
    await api.close();
  });

  it('a 429 pauses every caller of the client until the reset', async () => {
    const server = await startServer((req, res, index) => {
      if (index === 0) sendJson(res, 429, telnyxError('10011', 'Too many requests'), { 'x-ratelimit-reset': '5' });
      else if (req.url?.startsWith('/v2/calls/')) sendJson(res, 200, { data: SAMPLE_CALL_STATUS });
      else sendJson(res, 200, numberedBody([], 1, 0, 0));
    });
    servers.push(server);
    const manual = manualSleep();
    const { api } = client(server.url, { sleep: manual.sleep });
    const tree = api.listConnections();
    await until(() => manual.waits.length === 1, 'the rate-limit pause');
    assert.deepEqual(manual.waits, [5000]);
    // Another feature asks while the pause runs: it must not reach Telnyx yet.
    const hover = api.getCallStatus('v3:other');
    await tick(100);
    assert.equal(server.requests.length, 1);
    manual.releaseAll();
    await Promise.all([tree, hover]);
    assert.equal(server.requests.length, 3);
    await api.close();
  });

  it('x-ratelimit-remaining 0 on a success pauses the next request until the reset', async () => {
    const server = await startServer((_req, res, index) =>
      sendJson(
        res,
        200,
        { data: SAMPLE_CONNECTION },
        index === 0 ? { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '2' } : { 'x-ratelimit-remaining': '99' },
      ),
    );
    servers.push(server);
    const manual = manualSleep();
    const { api } = client(server.url, { sleep: manual.sleep });
    await api.getConnection('1');
    const second = api.getConnection('2');
    await tick(100);
    assert.deepEqual(manual.waits, [2000]);
    assert.equal(server.requests.length, 1);
    manual.releaseAll();
    await second;
    assert.equal(server.requests.length, 2);
    await api.close();
  });

  it('a caller waiting in the queue can cancel, and never sends', async () => {
    const held: ServerResponse[] = [];
    const server = await startServer((_req, res) => {
      held.push(res);
    });
    servers.push(server);
    const { api } = client(server.url, { maxConcurrentRequests: 1 });
    const first = api.getConnection('1');
    await until(() => held.length === 1, 'the first request');
    const controller = new AbortController();
    const queued = failure(() => api.getConnection('2', { signal: controller.signal }));
    await tick(20);
    controller.abort();
    const error = await queued;
    assert.equal(error.kind, 'cancelled');
    sendJson(held[0], 200, { data: SAMPLE_CONNECTION });
    await first;
    const third = api.getConnection('3');
    await until(() => held.length === 2, 'the third request');
    sendJson(held[1], 200, { data: SAMPLE_CONNECTION });
    await third;
    assert.deepEqual(
      server.requests.map((request) => request.path),
      ['/v2/connections/1', '/v2/connections/3'],
    );
    await api.close();
  });

  it('a caller waiting out a rate-limit pause can cancel', async () => {
    const server = await startServer((_req, res) =>
      sendJson(res, 429, telnyxError('10011', 'Too many requests'), { 'x-ratelimit-reset': '30' }),
    );
    servers.push(server);
    const manual = manualSleep();
    const { api } = client(server.url, { sleep: manual.sleep });
    const controller = new AbortController();
    const pending = failure(() => api.listConnections({}, { signal: controller.signal }));
    await until(() => manual.waits.length === 1, 'the pause');
    controller.abort();
    const error = await pending;
    assert.equal(error.kind, 'cancelled');
    assert.equal(server.requests.length, 1);
    await api.close();
  });
});
