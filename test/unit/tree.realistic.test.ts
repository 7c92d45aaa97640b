// The tree's model against the simulator imitating real Telnyx (issue 13): a refused cursor, a
// generic 10015, a cursor that never changes, base64 cursors, a count the walk did not bear out,
// and an odd row among good ones.
import { strict as assert } from 'node:assert';
import { after, afterEach, before, describe, it } from 'node:test';
import type { TelnyxApi } from '../../src/telnyx/api';
import { createTelnyxClient } from '../../src/telnyx/index';
import { ConnectionsModel } from '../../src/tree/model/connectionsModel';
import { singleAccount } from './singleAccount';
import { defaultModes } from '../simulator/modes';
import { startSimulator, type StartedSimulator } from '../simulator/index';

describe('ConnectionsModel against the realistic simulator', () => {
  let sim: StartedSimulator;
  let api: TelnyxApi;
  const models: ConnectionsModel[] = [];
  const model = (pageSize: number): ConnectionsModel => {
    const created = new ConnectionsModel({ clients: singleAccount(api), pageSize });
    models.push(created);
    return created;
  };

  before(async () => {
    sim = await startSimulator({ seed: 5, busyConnectionCalls: 60 });
    api = createTelnyxClient({ apiKey: sim.apiKey, baseUrl: sim.url, maxAttempts: 1 });
  });
  afterEach(() => {
    sim.setModes(defaultModes());
    for (const created of models.splice(0)) created.dispose();
  });
  after(async () => {
    await api.close();
    await sim.close();
  });

  it('a refused cursor (400 / 10015) starts the list again from the first page and says so; the connection still has calls', async () => {
    const m = model(10);
    const busy = sim.seed.busyConnectionId;
    const list = m.callsOf(busy);
    await list.ensureStarted();
    await list.loadNextPage();
    assert.equal(list.items.length, 20);
    sim.setModes({ staleCursors: 1 });
    await list.loadNextPage();
    await m.whenIdle();
    assert.equal(list.failure, undefined, 'not shown as a failure');
    assert.equal(list.restartedFromFirstPage, true);
    assert.deepEqual(
      list.items.map((c) => c.call_control_id),
      sim.state
        .activeCalls(busy)
        .slice(0, 10)
        .map((c) => c.call_control_id),
    );
    assert.equal(m.countOf(busy)?.kind, 'known', 'not "no active-calls list"');
    assert.ok(list.hasMore);
    await list.refresh({ manual: true });
    assert.equal(list.restartedFromFirstPage, false, 'a manual refresh clears the notice');
  });

  it('a generic 10015 (bad page size) is a failure, not "no active-calls list"; only the connection\'s own error is', async () => {
    const big = model(900);
    const list = big.callsOf(sim.seed.mainConnectionId);
    await list.ensureStarted();
    await big.whenIdle();
    assert.equal(list.failure?.during, 'first');
    assert.notEqual(big.countOf(sim.seed.mainConnectionId)?.kind, 'unsupported');
    const m = model(10);
    const none = m.callsOf(sim.seed.noActiveCallsConnectionId);
    await none.ensureStarted();
    await m.requestCount(sim.seed.noActiveCallsConnectionId);
    assert.equal(m.countOf(sim.seed.noActiveCallsConnectionId)?.kind, 'unsupported');
  });

  it('a list that ended on a repeated cursor stays ended through live refreshes until a manual refresh', async () => {
    sim.setModes({ repeatingCursor: true });
    const m = model(10);
    const list = m.callsOf(sim.seed.busyConnectionId);
    await list.ensureStarted();
    assert.ok(list.hasMore);
    await list.loadNextPage();
    assert.equal(list.failure, undefined, String((list.failure?.error as Error | undefined)?.message));
    assert.equal(list.complete, true);
    assert.equal(list.endedOnRepeatedContinuation, true);
    sim.clearRequests();
    for (let i = 0; i < 3; i++) {
      await list.refresh();
      assert.equal(list.hasMore, false, `live refresh ${i + 1} brought "Load more" back`);
    }
    assert.equal(sim.requests.length, 3, 'one request per live refresh');
    await list.refresh({ manual: true });
    assert.equal(list.hasMore, true, "the user's Refresh starts over");
  });

  it('walks base64 cursors with +, / and = to the end, every call once', async () => {
    sim.setModes({ base64Cursors: true });
    const m = model(7);
    const list = m.callsOf(sim.seed.busyConnectionId);
    await list.ensureStarted();
    while (list.hasMore) await list.loadNextPage();
    assert.equal(list.failure, undefined);
    const ids = list.items.map((c) => c.call_control_id);
    assert.deepEqual(
      ids,
      sim.state.activeCalls(sim.seed.busyConnectionId).map((c) => c.call_control_id),
    );
    assert.ok(
      sim.requests.some((r) => /page\[after\]=v1%3A%2B%2F/.test(r.rawQuery)),
      'the cursor was percent-encoded',
    );
  });

  it('when the walk ends, the count says what was found, not total_items', async () => {
    const m = model(50);
    const connection = sim.seed.mainConnectionId;
    await m.requestCount(connection);
    const before = sim.state.activeCalls(connection).length;
    const list = m.callsOf(connection);
    await list.ensureStarted();
    await m.whenIdle();
    assert.equal(list.complete, true);
    const count = m.countOf(connection);
    assert.deepEqual(count, { kind: 'known', total: list.items.length });
    assert.equal(list.items.length, before);
  });
});
