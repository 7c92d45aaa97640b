// The call directory against the real simulator through the real client: two readers share one
// request, statuses expire by the call's state, memory is bounded, and a new account (key or base
// URL) never sees what the old one learnt, not even from a request that was under way.
import { strict as assert } from 'node:assert';
import { after, before, beforeEach, describe, it } from 'node:test';
import { accountFingerprint } from '../../src/core/account';
import { CallDirectory, type CallDirectoryOptions } from '../../src/calls/callDirectory';
import { KnownCallIds, type KeyValueStore } from '../../src/calls/knownIds';
import { STATUS_LIFETIME_MS } from '../../src/calls/lifetime';
import type { Clock } from '../../src/calls/ttlCache';
import type { TelnyxApi } from '../../src/telnyx/api';
import { isTelnyxError } from '../../src/telnyx/errors';
import { createTelnyxClient } from '../../src/telnyx/index';
import type { CallStatus } from '../../src/telnyx/types';
import { startSimulator, type StartedSimulator } from '../simulator/index';

class ManualClock implements Clock {
  ms = 1_000_000;
  now(): number {
    return this.ms;
  }
}

class MemoryStore implements KeyValueStore {
  readonly values = new Map<string, unknown>();
  get<T>(key: string, defaultValue: T): T {
    return this.values.has(key) ? (this.values.get(key) as T) : defaultValue;
  }
  update(key: string, value: unknown): Promise<void> {
    if (value === undefined) this.values.delete(key);
    else this.values.set(key, structuredClone(value));
    return Promise.resolve();
  }
}

/** Resolves once `predicate` holds, checking after each turn of the event loop (no fixed sleep). */
async function until(predicate: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('CallDirectory against the simulator', () => {
  let simA: StartedSimulator;
  let simB: StartedSimulator;
  let apiA: TelnyxApi;
  let apiB: TelnyxApi;
  const ACCOUNT_A = accountFingerprint('key-a', 'http://a.example/v2');
  const ACCOUNT_B = accountFingerprint('key-b', 'http://b.example/v2');
  const statusRequests = (sim: StartedSimulator, id?: string): number =>
    sim.requests.filter(
      (r) => r.endpoint === 'call_status' && (id === undefined || decodeURIComponent(r.path).endsWith(`/calls/${id}`)),
    ).length;

  /** A directory whose reads go to the client of the account in use, as ApiAccess's would. */
  function directoryFor(options: Partial<CallDirectoryOptions> & { account?: string } = {}): {
    directory: CallDirectory;
    use(account: string): void;
  } {
    let inUse = options.account ?? ACCOUNT_A;
    const directory = new CallDirectory({
      readStatus: (id, signal) => (inUse === ACCOUNT_A ? apiA : apiB).getCallStatus(id, { signal }),
      ...options,
    });
    directory.setAccount(inUse);
    return {
      directory,
      use: (account) => {
        inUse = account;
        directory.setAccount(account);
      },
    };
  }

  before(async () => {
    simA = await startSimulator({ seed: 3, apiKey: 'KEY_A_simulated', busyConnectionCalls: 20 });
    simB = await startSimulator({ seed: 4, apiKey: 'KEY_B_simulated', busyConnectionCalls: 20 });
    apiA = createTelnyxClient({ apiKey: simA.apiKey, baseUrl: simA.url });
    apiB = createTelnyxClient({ apiKey: simB.apiKey, baseUrl: simB.url });
  });
  after(async () => {
    await Promise.all([apiA.close(), apiB.close()]);
    await Promise.all([simA.close(), simB.close()]);
  });
  beforeEach(() => {
    simA.clearRequests();
    simB.clearRequests();
    simA.clearFaults();
    simB.clearFaults();
  });

  it('two readers of one id at once share one request and get the same status', async () => {
    const { directory } = directoryFor();
    const id = simA.seed.aliveCallControlId;
    simA.addFault({ endpoint: 'call_status', latencyMs: 100 });
    const [first, second] = await Promise.all([directory.status(id), directory.status(id)]);
    assert.equal(statusRequests(simA, id), 1, "one request in the simulator's log");
    assert.deepEqual(first, second);
    assert.equal(first.call_control_id, id);
  });

  it('one reader giving up does not stop the request the other waits for', async () => {
    const { directory } = directoryFor();
    const id = simA.seed.aliveCallControlId;
    simA.addFault({ endpoint: 'call_status', latencyMs: 150 });
    const leaving = new AbortController();
    const gone = directory.status(id, leaving.signal);
    const staying = directory.status(id);
    await until(() => statusRequests(simA, id) === 1, 'the request to arrive');
    leaving.abort();
    await assert.rejects(gone, { name: 'WaitCancelledError' });
    assert.equal((await staying).call_control_id, id);
    assert.equal(statusRequests(simA, id), 1);
  });

  it("keeps an alive call's status briefly and an ended call's longer", async () => {
    const clock = new ManualClock();
    const { directory } = directoryFor({ clock });
    const alive = simA.seed.aliveCallControlId;
    const ended = simA.seed.recentlyEndedCallControlId;
    await directory.status(alive);
    await directory.status(ended);
    clock.ms += STATUS_LIFETIME_MS.alive - 1;
    await directory.status(alive);
    assert.equal(statusRequests(simA, alive), 1, 'within its lifetime: no request');
    clock.ms += 2;
    await directory.status(alive);
    assert.equal(statusRequests(simA, alive), 2, 'after it: asked again');
    await directory.status(ended);
    assert.equal(statusRequests(simA, ended), 1, 'an ended call outlives an alive one');
    clock.ms += STATUS_LIFETIME_MS.ended;
    assert.equal(directory.peekStatus(ended), undefined);
    await directory.status(ended);
    assert.equal(statusRequests(simA, ended), 2);
  });

  it('an id Telnyx does not know is kept as such for a while; a failed request only briefly', async () => {
    const clock = new ManualClock();
    const { directory } = directoryFor({ clock });
    const gone = simA.seed.goneCallControlId;
    await assert.rejects(directory.status(gone), (error) => isTelnyxError(error));
    clock.ms += STATUS_LIFETIME_MS.gone - 1;
    await assert.rejects(directory.status(gone), (error) => isTelnyxError(error));
    assert.equal(statusRequests(simA, gone), 1);

    const alive = simA.seed.aliveCallControlId;
    simA.addFault({ endpoint: 'call_status', serverError: { count: 10, status: 503 } });
    const once = createTelnyxClient({ apiKey: simA.apiKey, baseUrl: simA.url, maxAttempts: 1 });
    try {
      const failing = new CallDirectory({ readStatus: (id, signal) => once.getCallStatus(id, { signal }), clock });
      failing.setAccount(ACCOUNT_A);
      await assert.rejects(failing.status(alive), (error) => isTelnyxError(error) && error.kind === 'server');
      await assert.rejects(failing.status(alive), (error) => isTelnyxError(error) && error.kind === 'server');
      assert.equal(statusRequests(simA, alive), 1, 'a failure is reused for a moment');
      simA.clearFaults();
      clock.ms += STATUS_LIFETIME_MS.failed;
      assert.equal((await failing.status(alive)).call_control_id, alive);
      assert.equal(statusRequests(simA, alive), 2);
    } finally {
      await once.close();
    }
  });

  it('keeps at most maxCalls connections and maxStatuses statuses, dropping the oldest', async () => {
    const { directory } = directoryFor({ maxCalls: 3, maxStatuses: 2 });
    const calls = simA.state.activeCalls(simA.seed.busyConnectionId).slice(0, 5);
    assert.equal(calls.length, 5);
    directory.noteListed(simA.seed.busyConnectionId, calls);
    assert.equal(directory.size, 3);
    assert.equal(directory.connectionOf(calls[0].call_control_id), undefined);
    assert.equal(directory.connectionOf(calls[1].call_control_id), undefined);
    assert.equal(directory.connectionOf(calls[4].call_control_id), simA.seed.busyConnectionId);

    for (const call of calls.slice(0, 3)) await directory.status(call.call_control_id);
    assert.equal(directory.peekStatus(calls[0].call_control_id), undefined, 'the oldest status was dropped');
    assert.ok(directory.peekStatus(calls[2].call_control_id));
    await directory.status(calls[0].call_control_id);
    assert.equal(statusRequests(simA, calls[0].call_control_id), 2);
  });

  it('a new account forgets statuses, connections and ids of the old one', async () => {
    const { directory, use } = directoryFor();
    // A call only account A has.
    const onlyA = simA.state.startCall(simA.seed.mainConnectionId);
    const status = await directory.status(onlyA.call_control_id);
    directory.noteListed(simA.seed.mainConnectionId, [onlyA]);
    assert.equal(directory.connectionOf(onlyA.call_control_id), simA.seed.mainConnectionId);
    assert.equal(directory.idsOf(onlyA.call_control_id)?.legId, status.call_leg_id);

    const generation = directory.generation;
    use(ACCOUNT_B);
    assert.notEqual(directory.generation, generation);
    assert.equal(directory.peekStatus(onlyA.call_control_id), undefined);
    assert.equal(directory.connectionOf(onlyA.call_control_id), undefined, 'no "Reveal in tree" for account A\'s call');
    assert.equal(directory.idsOf(onlyA.call_control_id), undefined);
    await assert.rejects(
      directory.status(onlyA.call_control_id),
      (error) => isTelnyxError(error) && error.kind === 'not_found',
    );
    assert.equal(statusRequests(simB, onlyA.call_control_id), 1, 'account B asked its own server');
    assert.equal(directory.setAccount(ACCOUNT_B), false, 'the same account again changes nothing');
  });

  it("a read under way when the account changes answers with the new account's status, and the old answer is not kept", async () => {
    const alive = simA.seed.aliveCallControlId;
    // The same id is alive in A and has ended in B: which account answered shows in the status.
    simB.state.endCall(alive);
    const oldAnswers: Array<Promise<CallStatus>> = [];
    let inUse = ACCOUNT_A;
    const directory = new CallDirectory({
      // Account A's request ignores the abort, as a server that answers anyway would: its answer
      // arrives after account B's and must still not be kept.
      readStatus: (id, signal) => {
        if (inUse === ACCOUNT_B) return apiB.getCallStatus(id, { signal });
        const answer = apiA.getCallStatus(id);
        oldAnswers.push(answer);
        return answer;
      },
    });
    directory.setAccount(ACCOUNT_A);
    simA.addFault({ endpoint: 'call_status', latencyMs: 300 });
    const reading = directory.status(alive);
    await until(() => statusRequests(simA, alive) === 1, "account A's request to arrive");
    inUse = ACCOUNT_B;
    directory.setAccount(ACCOUNT_B);
    const answered = await reading;
    assert.ok(answered.end_time, "the reader got account B's status (ended), not A's (alive)");
    const [oldAnswer] = await Promise.all(oldAnswers);
    assert.equal(oldAnswer.end_time ?? undefined, undefined, 'account A did answer "alive"');
    assert.ok(directory.peekStatus(alive)?.end_time, "what is kept is still account B's");
    assert.equal(statusRequests(simB, alive), 1);
  });

  it('remembers leg and session ids per account across restarts, never showing them to another account', async () => {
    const store = new MemoryStore();
    store.values.set('telnyx.callDetails.knownCalls', { 'v3:old': { legId: 'x', at: 1 } });
    const { directory, use } = directoryFor({ knownIds: new KnownCallIds(store) });
    assert.equal(store.values.has('telnyx.callDetails.knownCalls'), false, 'ids of no known account are dropped');
    const id = simA.seed.recentlyEndedCallControlId;
    const status = await directory.status(id);
    use(ACCOUNT_B);
    assert.equal(directory.idsOf(id), undefined);
    directory.rememberIds('v3:onlyInB00000000000000000', { legId: 'leg-b' });

    const restarted = new CallDirectory({
      readStatus: () => Promise.reject(new Error('no request expected')),
      knownIds: new KnownCallIds(store),
    });
    restarted.setAccount(ACCOUNT_A);
    assert.deepEqual(restarted.idsOf(id), { legId: status.call_leg_id, sessionId: status.call_session_id });
    assert.equal(restarted.idsOf('v3:onlyInB00000000000000000'), undefined);
    restarted.setAccount(ACCOUNT_B);
    assert.equal(restarted.idsOf(id), undefined);
    assert.deepEqual(restarted.idsOf('v3:onlyInB00000000000000000'), { legId: 'leg-b', sessionId: undefined });
  });

  it('names an account by key and base URL without the key in it', () => {
    const key = 'KEY0123456789ABCDEF_secret';
    const fingerprint = accountFingerprint(key, 'https://api.telnyx.com/v2');
    assert.ok(!fingerprint.includes(key) && !fingerprint.includes('secret'));
    assert.notEqual(fingerprint, accountFingerprint(key, 'http://127.0.0.1:1/v2'));
    assert.notEqual(fingerprint, accountFingerprint(`${key}x`, 'https://api.telnyx.com/v2'));
    assert.equal(fingerprint, accountFingerprint(key, 'https://api.telnyx.com/v2'));
  });
});
