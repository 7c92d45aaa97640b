// The paged list behind each tree level, against hand-built pages: one page per request, shared
// in-flight loads, repeated cursors, duplicates, failures that keep rows, and refresh diffs.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { diffKeys, PagedList, type Continuation, type Page } from '../../src/tree/model/pagedList';

interface Row {
  id: string;
  n: number;
}

/** A server of cursor pages over `rows` (mutable), with a log of what was asked. */
function cursorServer(rows: Row[], pageSize: number) {
  const asked: Array<Continuation | undefined> = [];
  const faults: Array<Error | undefined> = [];
  let gate: Promise<void> | undefined;
  const read = async (from: Continuation | undefined): Promise<Page<Row>> => {
    asked.push(from);
    if (gate) await gate;
    await new Promise((resolve) => setImmediate(resolve));
    const fault = faults.shift();
    if (fault) throw fault;
    const start = from === undefined ? 0 : rows.findIndex((row) => row.n > Number(String(from).slice(1)));
    const begin = start < 0 ? rows.length : start;
    const items = rows.slice(begin, begin + pageSize);
    const last = items[items.length - 1];
    const next = begin + pageSize < rows.length && last ? `c${last.n}` : undefined;
    return { items: items.map((row) => ({ ...row })), next, total: rows.length };
  };
  return {
    asked,
    faults,
    read,
    hold(): () => void {
      let release: () => void = () => undefined;
      gate = new Promise<void>((resolve) => (release = resolve));
      return () => {
        gate = undefined;
        release();
      };
    },
  };
}

const rowsUpTo = (count: number): Row[] => Array.from({ length: count }, (_, i) => ({ id: `r${i + 1}`, n: i + 1 }));

function list(server: ReturnType<typeof cursorServer>, now?: () => number) {
  let changes = 0;
  const paged = new PagedList<Row>({
    read: (from) => server.read(from),
    key: (row) => row.id,
    onDidChange: () => changes++,
    now,
  });
  return { paged, changes: () => changes };
}

describe('PagedList', () => {
  it('reads nothing until asked, then exactly the first page', async () => {
    const server = cursorServer(rowsUpTo(25), 10);
    const { paged } = list(server);
    assert.equal(server.asked.length, 0);
    assert.equal(paged.started, false);
    await paged.ensureStarted();
    await paged.ensureStarted();
    assert.deepEqual(server.asked, [undefined]);
    assert.deepEqual(
      paged.items.map((r) => r.id),
      rowsUpTo(10).map((r) => r.id),
    );
    assert.equal(paged.hasMore, true);
    assert.equal(paged.total, 25);
  });

  it('two quick "Load more" clicks load one page, and the list ends at the last page', async () => {
    const server = cursorServer(rowsUpTo(25), 10);
    const { paged } = list(server);
    await paged.loadNextPage();
    const first = paged.loadNextPage();
    const second = paged.loadNextPage();
    assert.equal(first, second);
    await Promise.all([first, second]);
    assert.equal(paged.items.length, 20);
    assert.deepEqual(server.asked, [undefined, 'c10']);
    await paged.loadNextPage();
    assert.equal(paged.items.length, 25);
    assert.equal(paged.complete, true);
    assert.equal(paged.hasMore, false);
    await paged.loadNextPage();
    assert.equal(server.asked.length, 3, 'a complete list reads nothing more');
  });

  it('stops at a repeated cursor instead of looping, showing each row once', async () => {
    let calls = 0;
    const paged = new PagedList<Row>({
      key: (row) => row.id,
      // Page 1 → cursor A; page 2 → cursor B; page 3 repeats cursor A with the page-2 rows again.
      read: async (from) => {
        calls++;
        if (from === undefined) return { items: rowsUpTo(2), next: 'A' };
        if (from === 'A')
          return {
            items: [
              { id: 'r3', n: 3 },
              { id: 'r4', n: 4 },
            ],
            next: 'B',
          };
        return {
          items: [
            { id: 'r3', n: 3 },
            { id: 'r4', n: 4 },
          ],
          next: 'A',
        };
      },
    });
    for (let i = 0; i < 10 && !paged.complete; i++) await paged.loadNextPage();
    assert.equal(calls, 3);
    assert.equal(paged.complete, true);
    assert.equal(paged.endedOnRepeatedContinuation, true);
    assert.deepEqual(
      paged.items.map((r) => r.id),
      ['r1', 'r2', 'r3', 'r4'],
    );
  });

  it('ends on an empty page even when it carries a cursor', async () => {
    let calls = 0;
    const paged = new PagedList<Row>({
      key: (row) => row.id,
      read: async (from) => (
        calls++,
        from === undefined ? { items: rowsUpTo(1), next: 'x' } : { items: [], next: 'y' }
      ),
    });
    await paged.loadNextPage();
    await paged.loadNextPage();
    await paged.loadNextPage();
    assert.equal(calls, 2);
    assert.equal(paged.complete, true);
  });

  it('keeps loaded rows when a page fails, and Retry loads that page', async () => {
    const server = cursorServer(rowsUpTo(30), 10);
    const { paged } = list(server);
    await paged.loadNextPage();
    server.faults.push(new Error('socket hang up'));
    await paged.loadNextPage();
    assert.equal(paged.items.length, 10);
    assert.equal(paged.failure?.during, 'more');
    assert.equal((paged.failure?.error as Error).message, 'socket hang up');
    await paged.retry();
    assert.equal(paged.failure, undefined);
    assert.equal(paged.items.length, 20);
    assert.deepEqual(server.asked, [undefined, 'c10', 'c10']);
  });

  it('a failed first page is retried from the start', async () => {
    const server = cursorServer(rowsUpTo(5), 10);
    server.faults.push(new Error('503'));
    const { paged } = list(server);
    await paged.loadNextPage();
    assert.equal(paged.pagesLoaded, 0);
    assert.equal(paged.failure?.during, 'first');
    assert.equal(paged.started, true);
    await paged.retry();
    assert.equal(paged.items.length, 5);
    assert.equal(paged.complete, true);
  });

  it('refresh re-reads as many rows as are shown: ended rows vanish, new ones appear, the rest update', async () => {
    const rows = rowsUpTo(50);
    const server = cursorServer(rows, 10);
    let clock = 1_000;
    const { paged } = list(server, () => clock);
    await paged.loadNextPage();
    await paged.loadNextPage();
    await paged.loadNextPage();
    assert.equal(paged.items.length, 30);
    // r3 and r25 end; r51 starts (it sorts last, beyond the rows shown).
    rows.splice(
      rows.findIndex((r) => r.id === 'r25'),
      1,
    );
    rows.splice(
      rows.findIndex((r) => r.id === 'r3'),
      1,
    );
    rows.push({ id: 'r51', n: 51 });
    server.asked.length = 0;
    clock = 5_000;
    const diff = await paged.refresh();
    assert.ok(diff);
    assert.deepEqual(diff.removed, ['r3', 'r25']);
    assert.deepEqual(diff.added, ['r31', 'r32'], 'the two rows that moved up into the shown range');
    assert.equal(paged.items.length, 30);
    assert.equal(new Set(paged.items.map((r) => r.id)).size, 30);
    assert.ok(paged.loaded.every((row) => row.readAt === 5_000));
    assert.deepEqual(server.asked, [undefined, 'c11', 'c21'], 'walks cursors from the start');
    // Load more continues after the last row shown.
    await paged.loadNextPage();
    assert.deepEqual(
      paged.items.slice(30, 32).map((r) => r.id),
      ['r33', 'r34'],
    );
    assert.equal(new Set(paged.items.map((r) => r.id)).size, paged.items.length);
  });

  it('refresh of a list with no rows reads one page; new rows appear', async () => {
    const rows: Row[] = [];
    const server = cursorServer(rows, 10);
    const { paged } = list(server);
    await paged.loadNextPage();
    assert.equal(paged.items.length, 0);
    assert.equal(paged.complete, true);
    rows.push({ id: 'a', n: 1 });
    const diff = await paged.refresh();
    assert.deepEqual(diff?.added, ['a']);
    assert.equal(paged.items.length, 1);
  });

  it('a failed refresh keeps the rows shown and says so; Retry repeats the refresh', async () => {
    const rows = rowsUpTo(15);
    const server = cursorServer(rows, 10);
    const { paged } = list(server);
    await paged.loadNextPage();
    server.faults.push(new Error('timeout'));
    rows.splice(0, 1);
    assert.equal(await paged.refresh(), undefined);
    assert.equal(paged.items.length, 10);
    assert.equal(paged.items[0].id, 'r1');
    assert.equal(paged.failure?.during, 'refresh');
    await paged.retry();
    assert.equal(paged.failure, undefined);
    assert.equal(paged.items[0].id, 'r2');
  });

  it('a "Load more" asked during a refresh runs after it, once', async () => {
    const server = cursorServer(rowsUpTo(40), 10);
    const { paged } = list(server);
    await paged.loadNextPage();
    const release = server.hold();
    const refresh = paged.refresh();
    const more1 = paged.loadNextPage();
    const more2 = paged.loadNextPage();
    assert.equal(paged.refresh(), refresh, 'a second refresh joins the first');
    release();
    await Promise.all([refresh, more1, more2]);
    assert.deepEqual(server.asked, [undefined, undefined, 'c10']);
    assert.deepEqual(
      paged.items.map((r) => r.n),
      rowsUpTo(20).map((r) => r.n),
    );
  });

  it('a refresh before anything was loaded reads nothing', async () => {
    const server = cursorServer(rowsUpTo(5), 10);
    const { paged } = list(server);
    assert.equal(await paged.refresh(), undefined);
    assert.equal(server.asked.length, 0);
  });

  it('drops results that arrive after dispose', async () => {
    const server = cursorServer(rowsUpTo(5), 10);
    const { paged, changes } = list(server);
    const release = server.hold();
    const load = paged.loadNextPage();
    await new Promise((resolve) => setImmediate(resolve));
    const before = changes();
    paged.dispose();
    release();
    await load;
    assert.equal(paged.items.length, 0);
    assert.equal(changes(), before);
  });

  it('find reads page after page until the row is loaded, and no further', async () => {
    const server = cursorServer(rowsUpTo(25), 10);
    const { paged } = list(server);
    const found = await paged.find('r14');
    assert.equal(found?.item.n, 14);
    assert.equal(server.asked.length, 2, 'the first two pages, not the third');
    assert.equal(paged.loaded.length, 20);
    assert.equal((await paged.find('r3'))?.item.n, 3, 'a row already loaded');
    assert.equal(server.asked.length, 2, 'is found without a read');
  });

  it('find says undefined for a row no page holds, and stops at a page that fails', async () => {
    const server = cursorServer(rowsUpTo(25), 10);
    const { paged } = list(server);
    assert.equal(await paged.find('r99'), undefined);
    assert.equal(server.asked.length, 3, 'every page read once');

    const failing = cursorServer(rowsUpTo(25), 10);
    const other = list(failing).paged;
    await other.ensureStarted();
    failing.faults.push(new Error('socket hang up'));
    assert.equal(await other.find('r24'), undefined);
    assert.equal(failing.asked.length, 2, 'no page past the one that failed');
    assert.ok(other.failure, 'the failure stays for the tree to show');
  });

  it('diffKeys tells additions, removals and order changes apart', () => {
    assert.deepEqual(diffKeys(['a', 'b'], ['a', 'b']), { added: [], removed: [], kept: ['a', 'b'], reordered: false });
    assert.equal(diffKeys(['a', 'b'], ['b', 'a']).reordered, true);
    assert.deepEqual(diffKeys(['a', 'b'], ['b', 'c']), { added: ['c'], removed: ['a'], kept: ['b'], reordered: true });
  });
});
