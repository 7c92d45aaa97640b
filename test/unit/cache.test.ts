import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TtlCache, WaitCancelledError, type Clock, type Outcome } from '../../src/calls/ttlCache';

class FakeClock implements Clock {
  constructor(public ms = 1_000_000) {}
  now(): number {
    return this.ms;
  }
}

interface Status {
  alive: boolean;
}

/** A loader whose requests the test answers by hand, counting how many were made. */
function manualLoader() {
  const pending: Array<{ resolve(v: Status): void; reject(e: unknown): void; signal: AbortSignal }> = [];
  let calls = 0;
  return {
    get calls() {
      return calls;
    },
    pending,
    load: (signal: AbortSignal): Promise<Status> => {
      calls++;
      return new Promise<Status>((resolve, reject) => {
        pending.push({ resolve, reject, signal });
        signal.addEventListener('abort', () => reject(new Error('aborted')));
      });
    },
  };
}

const ttl = (outcome: Outcome<Status>): number => (outcome.ok ? (outcome.value.alive ? 2_000 : 30_000) : 5_000);
const tick = () => new Promise((r) => setImmediate(r));

test('20 concurrent callers for one id share one request and all get its answer', async () => {
  const cache = new TtlCache<string, Status>({ ttlMs: ttl, clock: new FakeClock() });
  const loader = manualLoader();
  const waits = Array.from({ length: 20 }, () => cache.get('a', loader.load));
  await tick();
  assert.equal(loader.calls, 1);
  loader.pending[0]!.resolve({ alive: true });
  const results = await Promise.all(waits);
  assert.equal(results.length, 20);
  assert.ok(results.every((r) => r.alive));
});

test('within the TTL no request; after it exactly one more; alive and ended have their own TTLs', async () => {
  const clock = new FakeClock();
  const cache = new TtlCache<string, Status>({ ttlMs: ttl, clock });
  const loader = manualLoader();

  const alive = cache.get('alive', loader.load);
  const ended = cache.get('ended', loader.load);
  await tick();
  loader.pending[0]!.resolve({ alive: true });
  loader.pending[1]!.resolve({ alive: false });
  await Promise.all([alive, ended]);
  assert.equal(loader.calls, 2);

  clock.ms += 1_999;
  await cache.get('alive', loader.load);
  await cache.get('ended', loader.load);
  assert.equal(loader.calls, 2, 'both still fresh');

  clock.ms += 2;
  const again = cache.get('alive', loader.load);
  await cache.get('ended', loader.load);
  assert.equal(loader.calls, 3, 'the alive call expired after 2 s, the ended one did not');
  loader.pending[2]!.resolve({ alive: true });
  await again;

  clock.ms += 28_000;
  const endedAgain = cache.get('ended', loader.load);
  assert.equal(loader.calls, 4, 'the ended call expired after 30 s');
  loader.pending[3]!.resolve({ alive: false });
  await endedAgain;
});

test('failures are shared and kept for their own TTL; a TTL of 0 is not kept', async () => {
  const clock = new FakeClock();
  const cache = new TtlCache<string, Status>({ ttlMs: (o) => (o.ok ? 1000 : 0), clock });
  let calls = 0;
  const failing = async (): Promise<Status> => {
    calls++;
    throw new Error('gone');
  };
  await assert.rejects(Promise.all([cache.get('x', failing), cache.get('x', failing)]), /gone/);
  assert.equal(calls, 1);
  await assert.rejects(cache.get('x', failing), /gone/);
  assert.equal(calls, 2, 'not kept');
});

test('one cancelled caller does not abort the request for the others', async () => {
  const cache = new TtlCache<string, Status>({ ttlMs: ttl, clock: new FakeClock() });
  const loader = manualLoader();
  const first = new AbortController();
  const a = cache.get('a', loader.load, first.signal);
  const b = cache.get('a', loader.load, new AbortController().signal);
  await tick();
  first.abort();
  await assert.rejects(a, WaitCancelledError);
  assert.equal(loader.pending[0]!.signal.aborted, false);
  loader.pending[0]!.resolve({ alive: true });
  assert.deepEqual(await b, { alive: true });
  assert.equal(loader.calls, 1);
});

test('when the last caller goes away the request is aborted, not kept, and the next caller starts afresh', async () => {
  const cache = new TtlCache<string, Status>({ ttlMs: ttl, clock: new FakeClock() });
  const loader = manualLoader();
  const one = new AbortController();
  const two = new AbortController();
  const a = cache.get('a', loader.load, one.signal);
  const b = cache.get('a', loader.load, two.signal);
  await tick();
  one.abort();
  two.abort();
  await assert.rejects(a, WaitCancelledError);
  await assert.rejects(b, WaitCancelledError);
  assert.equal(loader.pending[0]!.signal.aborted, true);
  await tick();
  assert.equal(cache.size, 0);

  const c = cache.get('a', loader.load);
  assert.equal(loader.calls, 2);
  loader.pending[1]!.resolve({ alive: false });
  assert.deepEqual(await c, { alive: false });
});

test('an already aborted signal makes no request', async () => {
  const cache = new TtlCache<string, Status>({ ttlMs: ttl, clock: new FakeClock() });
  const loader = manualLoader();
  const controller = new AbortController();
  controller.abort();
  await assert.rejects(cache.get('a', loader.load, controller.signal), WaitCancelledError);
  assert.equal(loader.calls, 0);
});

test('clear() forgets kept answers, and an answer that was in flight is not kept afterwards', async () => {
  const cache = new TtlCache<string, Status>({ ttlMs: ttl, clock: new FakeClock() });
  const loader = manualLoader();
  const before = cache.get('a', loader.load);
  await tick();
  cache.clear();
  loader.pending[0]!.resolve({ alive: true });
  assert.deepEqual(await before, { alive: true }, 'the waiter still gets its answer');
  const after = cache.get('a', loader.load);
  assert.equal(loader.calls, 2);
  loader.pending[1]!.resolve({ alive: true });
  await after;
});

test('at most maxEntries answers are kept, oldest first out', async () => {
  const cache = new TtlCache<string, Status>({ ttlMs: () => 60_000, clock: new FakeClock(), maxEntries: 3 });
  for (const key of ['a', 'b', 'c', 'd']) await cache.get(key, async () => ({ alive: true }));
  assert.equal(cache.size, 3);
  assert.equal(cache.peek('a'), undefined);
  assert.deepEqual(cache.peek('d'), { ok: true, value: { alive: true } });
});
