// Active-call cursors stay valid while calls come and go: a call alive throughout a walk is seen once.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ActiveCall, CursorPageMeta } from '../../src/telnyx/types';
import { startSimulator, type Simulator } from '../simulator/index';
import { createPrng } from '../simulator/prng';
import { createHttp } from './simulatorHttp';

type Cursor = { data: ActiveCall[]; meta: CursorPageMeta };

const http = createHttp();
after(() => http.close());

describe('active-call cursors', () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator({ busyConnectionCalls: 1200, seed: 3 });
  });
  after(() => sim.close());

  it('pages 1200 calls while calls start and end between reads, without duplicates or skips', async () => {
    const busy = sim.seed.busyConnectionId;
    const prng = createPrng(99);
    const initial = sim.state.activeCalls(busy).map((c) => c.call_control_id);
    assert.equal(initial.length, 1200);
    const ended = new Set<string>();
    const seen: string[] = [];
    let after: string | undefined;
    let pages = 0;
    let previousLast: string | undefined;
    for (;;) {
      const res = await http.get<Cursor>(
        sim,
        `/connections/${busy}/active_calls?page[limit]=100${after ? `&page[after]=${after}` : ''}`,
      );
      assert.equal(res.status, 200);
      pages++;
      seen.push(...res.json.data.map((c) => c.call_control_id));
      after = res.json.meta.cursors?.after;
      if (!after) break;
      // Churn between reads: end the call the cursor points at, end random others, start new ones.
      const alive = sim.state.activeCalls(busy);
      const last = res.json.data[res.json.data.length - 1].call_control_id;
      previousLast = last;
      sim.state.endCall(last, 'normal_clearing');
      ended.add(last);
      for (let i = 0; i < 25; i++) {
        const victim = alive[prng.int(0, alive.length - 1)].call_control_id;
        if (!ended.has(victim)) {
          sim.state.endCall(victim);
          ended.add(victim);
        }
      }
      for (let i = 0; i < 25; i++) sim.state.startCall(busy);
      assert.ok(pages < 100, 'the walk ends');
    }
    assert.ok(previousLast);
    assert.equal(new Set(seen).size, seen.length, 'no call is listed twice');
    const aliveThroughout = initial.filter((id) => !ended.has(id));
    assert.ok(aliveThroughout.length > 800);
    const seenSet = new Set(seen);
    for (const id of aliveThroughout) assert.ok(seenSet.has(id), `alive call ${id} was skipped`);
    assert.ok(pages >= 12);
  });

  it('follows meta.next, ends with no after cursor, and goes back with the before cursor', async () => {
    const main = sim.seed.mainConnectionId;
    const total = sim.state.activeCalls(main).length;
    const first = await http.get<Cursor>(sim, `/connections/${main}/active_calls?page[limit]=2`);
    assert.equal(first.json.meta.total_items, total);
    assert.equal(first.json.meta.cursors?.before, undefined);
    const next = first.json.meta.next ?? '';
    assert.equal(
      next,
      `/v2/connections/${main}/active_calls?page[after]=${first.json.meta.cursors?.after}&page[limit]=2`,
    );
    const second = await http.get<Cursor>(sim, next.replace(/^\/v2/, ''));
    assert.equal(second.json.data.length, 2);
    assert.notEqual(second.json.data[0].call_control_id, first.json.data[0].call_control_id);
    const back = await http.get<Cursor>(
      sim,
      `/connections/${main}/active_calls?page[limit]=2&page[before]=${second.json.meta.cursors?.before}`,
    );
    // The same calls (their call_duration may have ticked between the two reads).
    const withoutDuration = (calls: ReadonlyArray<{ call_duration?: number }>) =>
      calls.map(({ call_duration: _duration, ...rest }) => rest);
    assert.deepEqual(withoutDuration(back.json.data), withoutDuration(first.json.data));
    let res = second;
    const ids = [...first.json.data, ...second.json.data].map((c) => c.call_control_id);
    while (res.json.meta.cursors?.after) {
      res = await http.get<Cursor>(
        sim,
        `/connections/${main}/active_calls?page[limit]=2&page[after]=${res.json.meta.cursors.after}`,
      );
      ids.push(...res.json.data.map((c) => c.call_control_id));
    }
    assert.equal(res.json.meta.next, undefined, 'last page has no next');
    assert.deepEqual(
      ids,
      sim.state.activeCalls(main).map((c) => c.call_control_id),
    );
  });

  it('refuses a cursor of another connection', async () => {
    const first = await http.get<Cursor>(sim, `/connections/${sim.seed.busyConnectionId}/active_calls?page[limit]=5`);
    const res = await http.get(
      sim,
      `/connections/${sim.seed.mainConnectionId}/active_calls?page[after]=${first.json.meta.cursors?.after}`,
    );
    assert.equal(res.status, 422);
    assert.equal(res.json.errors[0].source?.parameter, 'page[after]');
  });

  it('honours page[number] by default and ignores it in cursor-only mode', async () => {
    const busy = sim.seed.busyConnectionId;
    const all = sim.state.activeCalls(busy).map((c) => c.call_control_id);
    const numbered = await http.get<Cursor>(sim, `/connections/${busy}/active_calls?page[number]=3&page[size]=10`);
    assert.deepEqual(
      numbered.json.data.map((c) => c.call_control_id),
      all.slice(20, 30),
    );
    sim.setActiveCallsPaging('cursor-only');
    try {
      const ignored = await http.get<Cursor>(sim, `/connections/${busy}/active_calls?page[number]=3&page[size]=10`);
      assert.deepEqual(
        ignored.json.data.map((c) => c.call_control_id),
        all.slice(0, 10),
      );
    } finally {
      sim.setActiveCallsPaging('cursor-and-number');
    }
  });
});
