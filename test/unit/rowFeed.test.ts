// How the panel hands a timeline to its page: a short one in one message; a long one as its first
// screen, then parts the page asks for, every row once and in order; an old feed's request gets nothing.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { FIRST_SCREEN_ROWS, PART_ROWS, RowFeed } from '../../src/callDetails/rowFeed';
import { toEventRows, type EventRow } from '../../src/timeline/model';
import { startSimulator } from '../simulator/index';

const view = { scope: 'session', canSwitchScope: true } as const;

async function simulatorRows(count: number): Promise<EventRow[]> {
  const sim = await startSimulator({ seed: 4 });
  try {
    const { sessionId } = sim.state.addSession({ count, legs: 3 });
    return toEventRows(sim.state.events({ sessionId }));
  } finally {
    await sim.close();
  }
}

describe('RowFeed', () => {
  it('a timeline of one screen or less goes in one message, with nothing to follow', async () => {
    const rows = await simulatorRows(FIRST_SCREEN_ROWS);
    const feed = new RowFeed();
    const message = feed.start(rows, view);
    assert.equal(message.events.length, rows.length);
    assert.equal(message.following, undefined);
    assert.equal(feed.feeding, false);
  });

  it('a long timeline: the first screen, then parts on request, every row once and in order', async () => {
    const rows = await simulatorRows(10_000);
    const feed = new RowFeed();
    const first = feed.start(rows, view);
    assert.equal(first.events.length, FIRST_SCREEN_ROWS);
    assert.equal(first.following, rows.length - FIRST_SCREEN_ROWS);
    assert.ok(first.feed !== undefined && feed.feeding);
    const received = [...first.events];
    const sizes: number[] = [];
    for (let part = feed.next(first.feed); part; part = feed.next(first.feed)) {
      received.push(...part.events);
      sizes.push(part.events.length);
      assert.equal(part.following, rows.length - received.length);
    }
    assert.deepEqual(sizes, [PART_ROWS, PART_ROWS, PART_ROWS, rows.length - FIRST_SCREEN_ROWS - 3 * PART_ROWS]);
    assert.deepEqual(
      received.map((row) => row.key),
      rows.map((row) => row.key),
    );
    assert.equal(feed.feeding, false);
  });

  it("a new timeline ends the old feed: the old feed's request gets nothing", async () => {
    const rows = await simulatorRows(3000);
    const feed = new RowFeed();
    const old = feed.start(rows, view);
    const fresh = feed.start(rows.slice(0, 1000), view);
    assert.notEqual(old.feed, fresh.feed);
    assert.equal(feed.next(old.feed ?? -1), undefined);
    assert.equal(feed.next(fresh.feed ?? -1)?.events.length, 800);
    assert.equal(feed.feeding, false);
  });
});
