// The Connections model keeps one account, against two real simulators (two accounts, each with its
// own key): a switch is announced a moment after it happens, and until the tree replaces its model
// the old one is still asked for rows. Whatever it reads then goes to its own account with its own
// key, never to the account switched to with ids learnt under the other.
import { strict as assert } from 'node:assert';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import type { TelnyxApi } from '../../src/telnyx/api';
import { createTelnyxClient } from '../../src/telnyx/index';
import type { AccountClients } from '../../src/tree/model/accountBinding';
import { ConnectionsModel } from '../../src/tree/model/connectionsModel';
import { startSimulator, type StartedSimulator } from '../simulator/index';

describe('a Connections model reads for one account', () => {
  let simA: StartedSimulator;
  let simB: StartedSimulator;
  let apiA: TelnyxApi;
  let apiB: TelnyxApi;
  /** The account in use and each account's key, as the accounts store would answer. */
  let inUse: 'a' | 'b';
  let keys: Record<'a' | 'b', string>;
  /** How long the accounts take to answer which one is in use (ApiAccess waits for its store). */
  let accountDelayMs = 0;
  const models: ConnectionsModel[] = [];

  const clients: AccountClients = {
    accountInUse: () => {
      const id = inUse;
      return new Promise((resolve) => setTimeout(() => resolve({ id }), accountDelayMs));
    },
    clientOf: async (id) => ({ api: id === 'a' ? apiA : apiB, fingerprint: `${id}:${keys[id as 'a' | 'b']}` }),
  };
  const model = (): ConnectionsModel => {
    const created = new ConnectionsModel({ clients, pageSize: 20 });
    models.push(created);
    return created;
  };
  const idsOnlyIn = (sim: StartedSimulator, other: StartedSimulator): string[] => {
    const theirs = new Set(other.state.connections().map((c) => c.id));
    return sim.state
      .connections()
      .map((c) => c.id)
      .filter((id) => !theirs.has(id));
  };
  /** Every request `sim` got carried its key and named no connection that only `other` has. */
  const onlyItsOwn = (sim: StartedSimulator, other: StartedSimulator): void => {
    const foreign = idsOnlyIn(other, sim);
    for (const request of sim.requests) {
      assert.ok(request.authorized, `${request.method} ${request.path} with the key of the account it was sent to`);
      const named = foreign.find((id) => decodeURIComponent(request.path).includes(id));
      assert.equal(named, undefined, `${request.method} ${request.path} names a connection of the other account`);
    }
  };

  before(async () => {
    simA = await startSimulator({ seed: 3 });
    simB = await startSimulator({ seed: 11, apiKey: `KEYB${'1'.repeat(28)}` });
    apiA = createTelnyxClient({ apiKey: simA.apiKey, baseUrl: simA.url });
    apiB = createTelnyxClient({ apiKey: simB.apiKey, baseUrl: simB.url });
    assert.ok(
      idsOnlyIn(simA, simB).length > 0 && idsOnlyIn(simB, simA).length > 0,
      'each account has connections of its own',
    );
  });
  beforeEach(() => {
    inUse = 'a';
    keys = { a: 'a1', b: 'b1' };
    accountDelayMs = 0;
    simA.clearRequests();
    simB.clearRequests();
  });
  afterEach(() => {
    for (const created of models.splice(0)) created.dispose();
  });
  after(async () => {
    await Promise.all([apiA.close(), apiB.close()]);
    await Promise.all([simA.close(), simB.close()]);
  });

  it("after a switch not yet announced, a model that read account A refreshes, counts and lists A only, with A's key", async () => {
    const m = model();
    await m.connections.ensureStarted();
    const onlyA = idsOnlyIn(simA, simB).filter((id) => m.connections.items.some((c) => c.id === id));
    assert.ok(onlyA.length > 0, 'rows only account A has');
    for (const connection of m.connections.items) m.countShown(connection.id);
    await m.callsOf(onlyA[0]).ensureStarted();
    await m.whenIdle();
    simA.clearRequests();

    inUse = 'b';
    // What the view asks of the old model before it is replaced: a Refresh, the rows shown again, a poll.
    await m.refreshAll([onlyA[0]]);
    for (const connection of m.connections.items) m.countShown(connection.id);
    await m.callsOf(onlyA[0]).refresh();
    await m.whenIdle();

    assert.equal(simB.requests.length, 0, 'nothing went to the account switched to');
    assert.ok(
      simA.requests.some((r) => r.endpoint === 'active_calls' && decodeURIComponent(r.path).includes(onlyA[0])),
      "A's own connection was read from A",
    );
    onlyItsOwn(simA, simB);
    assert.equal(m.accountId, 'a');
    assert.equal(m.countOf(onlyA[0])?.kind, 'known');
  });

  it('a model made before a switch and first read after it reads the account switched to', async () => {
    const m = model();
    inUse = 'b';
    await m.connections.ensureStarted();
    for (const connection of m.connections.items) m.countShown(connection.id);
    await m.whenIdle();
    assert.equal(simA.requests.length, 0);
    assert.ok(simB.requests.length > 0);
    onlyItsOwn(simB, simA);
    assert.equal(m.accountId, 'b');
  });

  it('reads that start on either side of a switch all read the account of the first', async () => {
    accountDelayMs = 20;
    const m = model();
    const connections = m.connections.ensureStarted();
    // The first read is asking which account is in use when the switch happens.
    await new Promise((resolve) => setTimeout(resolve, 5));
    inUse = 'b';
    const calls = m.callsOf(simA.seed.mainConnectionId).ensureStarted();
    await Promise.all([connections, calls]);
    await m.whenIdle();
    assert.equal(simB.requests.length, 0, 'the second read did not take the account switched to');
    assert.deepEqual(simA.requests.map((r) => r.endpoint).sort(), ['active_calls', 'connections']);
    onlyItsOwn(simA, simB);
  });

  it('once its account reads another key, the model reads nothing more and shows no failure', async () => {
    const m = model();
    await m.connections.ensureStarted();
    const shown = m.connections.items.length;
    simA.clearRequests();
    keys.a = 'a2';
    await m.refreshAll([]);
    for (const connection of m.connections.items) m.countShown(connection.id);
    await m.whenIdle();
    assert.equal(simA.requests.length + simB.requests.length, 0);
    assert.equal(m.connections.failure, undefined, 'no error row: the tree replaces the model when told of the change');
    assert.equal(m.connections.items.length, shown, 'the rows stay until then');
  });
});
