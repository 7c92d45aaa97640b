// Injected faults behave like the failures a client meets in the wild, and then go away.
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, afterEach, before, describe, it } from 'node:test';
import type { Connection, NumberedPageMeta } from '../../src/telnyx/types';
import { startSimulator, type Simulator } from '../simulator/index';
import { cc, createHttp } from './simulatorHttp';

const http = createHttp();
after(() => http.close());

/** A raw HTTP exchange, to see exactly what goes over the socket (chunks, early close). */
function rawGet(sim: Simulator, path: string): Promise<{ chunks: number; text: string; closedWithoutAnswer: boolean }> {
  return new Promise((resolve, reject) => {
    const socket = connect(sim.port, '127.0.0.1');
    let text = '';
    let chunks = 0;
    socket.on('connect', () => {
      socket.write(
        `GET /v2${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${sim.apiKey}\r\nConnection: close\r\n\r\n`,
      );
    });
    socket.on('data', (data) => {
      chunks++;
      text += data.toString('utf8');
    });
    socket.on('error', reject);
    socket.on('close', () => resolve({ chunks, text, closedWithoutAnswer: text === '' }));
  });
}

describe('simulator faults', () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator({ busyConnectionCalls: 20 });
  });
  afterEach(() => {
    sim.clearFaults();
    sim.clearRequests();
  });
  after(() => sim.close());

  it('rate limits with 429 / 10011, x-ratelimit-reset and Retry-After, then recovers', async () => {
    sim.addFault({ rateLimit: { count: 2, resetSeconds: 3, retryAfterSeconds: 2 } });
    for (let i = 0; i < 2; i++) {
      const res = await http.get(sim, '/connections');
      assert.equal(res.status, 429);
      assert.equal(res.json.errors[0].code, '10011');
      assert.equal(res.headers['x-ratelimit-reset'], '3');
      assert.equal(res.headers['x-ratelimit-remaining'], '0');
      assert.equal(res.headers['retry-after'], '2');
    }
    const ok = await http.get(sim, '/connections');
    assert.equal(ok.status, 200);
    assert.deepEqual(
      sim.requests.map((r) => r.status),
      [429, 429, 200],
    );
  });

  it('answers 5xx with a Telnyx error body, only on the targeted endpoint', async () => {
    sim.addFault({ endpoint: 'call_status', serverError: { count: 1, status: 503 } });
    const other = await http.get(sim, '/connections');
    assert.equal(other.status, 200);
    const failed = await http.get(sim, `/calls/${cc(sim.seed.aliveCallControlId)}`);
    assert.equal(failed.status, 503);
    assert.equal(typeof failed.json.errors[0].code, 'string');
    assert.ok(failed.headers['x-request-id']);
    const again = await http.get(sim, `/calls/${cc(sim.seed.aliveCallControlId)}`);
    assert.equal(again.status, 200);
  });

  it('drops the connection without an answer', async () => {
    sim.addFault({ drop: { count: 1 } });
    await assert.rejects(http.get(sim, '/connections'), (error: Error) =>
      /other side closed|socket|ECONNRESET/i.test(`${error.message} ${(error as { code?: string }).code}`),
    );
    const raw = await rawGet(sim, '/connections');
    assert.equal(raw.closedWithoutAnswer, false, 'only one drop was asked for');
    assert.equal(sim.requests[0].status, 0);
  });

  it('sends a truncated JSON body, an HTML page and JSON of the wrong shape with status 200', async () => {
    sim.addFault({ truncate: { count: 1 } });
    const cut = await http.get(sim, '/connections');
    assert.equal(cut.status, 200);
    assert.ok(cut.text.startsWith('{"data":['));
    assert.throws(() => JSON.parse(cut.text));

    sim.addFault({ nonJson: { count: 1 } });
    const html = await http.get(sim, '/connections');
    assert.equal(html.status, 200);
    assert.match(String(html.headers['content-type']), /^text\/html/);
    assert.match(html.text, /^<!DOCTYPE html>/);

    sim.addFault({ endpoint: 'connections', wrongShape: { count: 1 } });
    const wrong = await http.get<{ data: unknown; meta: unknown }>(sim, '/connections');
    assert.equal(wrong.status, 200);
    assert.equal(Array.isArray(wrong.json.data), false);
    const right = await http.get<{ data: Connection[]; meta: Required<NumberedPageMeta> }>(sim, '/connections');
    assert.ok(Array.isArray(right.json.data));
  });

  it('delays by latency: a delayed endpoint answers after an undelayed one sent later', async () => {
    sim.addFault({ endpoint: 'call_events', latencyMs: 300 });
    const order: string[] = [];
    const slow = http.get(sim, '/call_events').then(() => order.push('call_events'));
    await new Promise((r) => setTimeout(r, 20));
    const fast = http.get(sim, '/connections').then(() => order.push('connections'));
    await Promise.all([slow, fast]);
    assert.deepEqual(order, ['connections', 'call_events']);
  });

  it('sends a slow body in several pieces after the headers', async () => {
    sim.addFault({ slowBodyMs: 200 });
    const raw = await rawGet(sim, `/connections/${sim.seed.mainConnectionId}`);
    assert.ok(raw.chunks >= 5, `${raw.chunks} chunks`);
    const body = raw.text.slice(raw.text.indexOf('\r\n\r\n') + 4);
    assert.match(raw.text, /^HTTP\/1\.1 200/);
    assert.match(body, /2093184762216330271/);
  });

  it('holds a request with hang so that a client timeout fires, and counts how many', async () => {
    sim.addFault({ hang: { count: 1, ms: 10_000 } });
    await assert.rejects(
      http.get(sim, '/connections', { signal: AbortSignal.timeout(100) }),
      (e: Error) => e.name === 'AbortError' || /abort/i.test(e.message),
    );
    const next = await http.get(sim, '/connections', { signal: AbortSignal.timeout(5000) });
    assert.equal(next.status, 200, 'only one request was held');
  });

  it('keeps an unlimited fault (-1) until cleared', async () => {
    sim.addFault({ serverError: { count: -1, status: 500 } });
    for (let i = 0; i < 3; i++) assert.equal((await http.get(sim, '/connections')).status, 500);
    sim.clearFaults();
    assert.equal((await http.get(sim, '/connections')).status, 200);
  });

  it('applies the first matching fault with a count left, in order', async () => {
    sim.addFault({ endpoint: 'connections', serverError: { count: 1, status: 502 } });
    sim.addFault({ rateLimit: { count: 1 } });
    assert.equal((await http.get(sim, '/connections')).status, 502);
    assert.equal((await http.get(sim, '/connections')).status, 429);
    assert.equal((await http.get(sim, '/connections')).status, 200);
  });
});

describe('simulator shutdown', () => {
  it('closes promptly while a request hangs, and the client sees an error rather than waiting', async () => {
    const sim = await startSimulator({ busyConnectionCalls: 5 });
    sim.addFault({ hang: { count: 1, ms: 60_000 } });
    const pending = http.get(sim, '/connections');
    await new Promise((r) => setTimeout(r, 50));
    await sim.close();
    await assert.rejects(pending);
  });
});
