// How wide the timeline read goes: as many pages in flight as the endpoint's rate-limit window
// (x-ratelimit-remaining) allows, less a reserve, up to a cap; never past what the window has left,
// counted at the server (the simulator with its window set high, low, or mostly spent elsewhere).
import { strict as assert } from 'node:assert';
import { afterEach, describe, it } from 'node:test';
import { createTelnyxClient } from '../../src/telnyx/index';
import type { TelnyxApi } from '../../src/telnyx/api';
import { startSimulator, type StartedSimulator } from '../simulator/index';
import type { RecordedRequest } from '../simulator/types';

const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((thing) => thing.close()));
});

async function setUp(
  rateLimit: Parameters<StartedSimulator['setRateLimit']>[0],
  events: number,
): Promise<{ sim: StartedSimulator; api: TelnyxApi; sessionId: string; expected: string[] }> {
  const sim = await startSimulator({ seed: 5 });
  open.push(sim);
  const { sessionId } = sim.state.addSession({ count: events, legs: 3 });
  const expected = sim.state.events({ sessionId }).map(key);
  // Latency keeps pages in flight together, so the width is seen at the server: long enough for the
  // client to send a whole round before the first page of it is answered on a busy machine (25 ms
  // was not: 15 of 16 seen with both cores busy).
  sim.addFault({ endpoint: 'call_events', latencyMs: 150 });
  sim.setRateLimit(rateLimit);
  sim.clearRequests();
  const api = createTelnyxClient({ apiKey: sim.apiKey, baseUrl: sim.url });
  open.push(api);
  return { sim, api, sessionId, expected };
}

function key(event: { event_timestamp: string; name: string; call_leg_id: string }): string {
  return `${event.event_timestamp}|${event.call_leg_id}|${event.name}`;
}

function eventRequests(sim: StartedSimulator): RecordedRequest[] {
  return sim.requests.filter((request) => request.endpoint === 'call_events');
}

function widest(requests: RecordedRequest[]): number {
  return Math.max(...requests.map((request) => request.inFlight ?? 0));
}

describe('timeline read width from the rate-limit headers', () => {
  it('a roomy window: pages go 16 at a time (the cap), every event once and in order', async () => {
    const { sim, api, sessionId, expected } = await setUp({ limit: 600, enforce: true }, 5000);
    const events = await api.fetchAllCallEvents({ applicationSessionId: sessionId }, { pageSize: 250 });
    assert.deepEqual(events.map(key), expected);
    const requests = eventRequests(sim);
    assert.equal(requests.length, 20, 'one request per page');
    assert.equal(widest(requests), 16);
    assert.ok(
      requests.every((request) => request.status === 200),
      'no request over the limit',
    );
  });

  it('a window mostly spent by someone else: never wider than what is left less the reserve of 10', async () => {
    // 15 left of 600: room for 5 pages at once at most, then fewer as the window drains.
    const { sim, api, sessionId, expected } = await setUp({ limit: 600, used: 585, enforce: true }, 2500);
    const events = await api.fetchAllCallEvents({ applicationSessionId: sessionId }, { pageSize: 250 });
    assert.deepEqual(events.map(key), expected);
    const requests = eventRequests(sim);
    assert.equal(requests.length, 10);
    assert.ok(widest(requests) <= 5, `at most 5 in flight, saw ${widest(requests)}`);
    assert.ok(widest(requests) >= 2, 'still wider than one page at a time while the window had room');
    assert.ok(
      requests.every((request) => request.status === 200),
      'no request over the limit',
    );
  });

  it('a tiny window (4 a second, enforced): one page at a time, a pause at each reset, never a 429', async () => {
    const { sim, api, sessionId, expected } = await setUp({ limit: 4, windowMs: 1000, enforce: true }, 1000);
    const events = await api.fetchAllCallEvents({ applicationSessionId: sessionId }, { pageSize: 100 });
    assert.deepEqual(events.map(key), expected);
    const requests = eventRequests(sim);
    assert.equal(requests.length, 10, 'no request was refused and repeated');
    assert.equal(widest(requests), 1);
    assert.ok(requests.every((request) => request.status === 200));
  });

  it('a 429 is still waited out and retried, and the read completes', async () => {
    const { sim, api, sessionId, expected } = await setUp({ limit: 600 }, 2500);
    sim.addFault({ endpoint: 'call_events', rateLimit: { count: 1, resetSeconds: 1 } });
    const events = await api.fetchAllCallEvents({ applicationSessionId: sessionId }, { pageSize: 250 });
    assert.deepEqual(events.map(key), expected);
    const statuses = eventRequests(sim).map((request) => request.status);
    assert.equal(statuses.filter((status) => status === 429).length, 1);
    assert.equal(statuses.filter((status) => status === 200).length, 10);
  });
});
