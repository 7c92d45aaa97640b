import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LiveSearch, type LiveSearchEvent } from '../../src/commands/liveSearch';

/** Timers the test fires by hand, so "debounced" is checked without waiting. */
function manualTimers() {
  const timers = new Map<number, () => void>();
  let next = 0;
  return {
    setTimer: (callback: () => void) => {
      timers.set(++next, callback);
      return next;
    },
    clearTimer: (handle: unknown) => void timers.delete(handle as number),
    fireAll: () => {
      const due = [...timers.values()];
      timers.clear();
      for (const callback of due) callback();
    },
    get pending() {
      return timers.size;
    },
  };
}

const tick = () => new Promise((r) => setImmediate(r));

test('typing sends only the query left standing after the pause, and needs 3 characters', async () => {
  const timers = manualTimers();
  const sent: string[] = [];
  const events: Array<LiveSearchEvent<string>> = [];
  const search = new LiveSearch<string>(
    async (q) => (sent.push(q), `result for ${q}`),
    (e) => events.push(e),
    { delayMs: 300, minLength: 3, ...timers },
  );
  for (const prefix of ['a', 'ac', 'acm', 'acme', 'acme ']) search.update(prefix);
  assert.equal(timers.pending, 1);
  timers.fireAll();
  await tick();
  assert.deepEqual(sent, ['acme']);
  assert.deepEqual(events.at(-1), { state: 'done', query: 'acme', result: 'result for acme' });
  search.update('ac');
  assert.deepEqual(events.at(-1), { state: 'tooShort', query: 'ac' });
  assert.equal(timers.pending, 0);
});

test('a superseded request is aborted and its late answer never shown', async () => {
  const timers = manualTimers();
  const signals: AbortSignal[] = [];
  const resolvers: Array<(v: string) => void> = [];
  const events: Array<LiveSearchEvent<string>> = [];
  const search = new LiveSearch<string>(
    (q, signal) => {
      signals.push(signal);
      return new Promise<string>((resolve) => resolvers.push((v) => resolve(`${q}:${v}`)));
    },
    (e) => events.push(e),
    { delayMs: 300, minLength: 3, ...timers },
  );
  search.update('first');
  timers.fireAll();
  search.update('second');
  assert.equal(signals[0]!.aborted, true);
  timers.fireAll();
  resolvers[0]!('late');
  resolvers[1]!('ok');
  await tick();
  const done = events.filter((e) => e.state === 'done');
  assert.deepEqual(done, [{ state: 'done', query: 'second', result: 'second:ok' }]);
  search.dispose();
  assert.equal(signals[1]!.aborted, false, 'a finished request has nothing to abort');
});

test('a failure is reported for the current query only', async () => {
  const timers = manualTimers();
  const events: Array<LiveSearchEvent<string>> = [];
  const search = new LiveSearch<string>(
    async () => {
      throw new Error('429');
    },
    (e) => events.push(e),
    { delayMs: 300, minLength: 3, ...timers },
  );
  search.update('acme');
  timers.fireAll();
  await tick();
  assert.equal(events.at(-1)?.state, 'failed');
});
