// What a person does in the Connections view: opens it, filters by name from the view's title bar,
// expands a connection, clicks "Load more…" and sees the rest of its calls. The simulator runs in
// this process; the workbench reaches it through the user setting and TELNYX_API_KEY, as a user would
// set them up.
import * as assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startSimulator, type StartedSimulator } from '../simulator/index';
import { Workbench } from './harness';

const PAGE_SIZE = 5;

let sim: StartedSimulator;
let workbench: Workbench;
let mainName: string;

before(async () => {
  sim = await startSimulator({ seed: 5 });
  const main = sim.state.connections().find((c) => c.id === sim.seed.mainConnectionId);
  assert.ok(main?.connection_name, 'the main connection has a name');
  mainName = main.connection_name;
  assert.ok(sim.state.activeCalls(main.id).length > PAGE_SIZE, 'the main connection has more calls than a page');
  workbench = await Workbench.start({
    userSettings: {
      'telnyx.apiBaseUrl': sim.url,
      'telnyx.pageSize': PAGE_SIZE,
      'telnyx.activeCalls.refreshInterval': 0,
      'workbench.colorTheme': 'Default Dark Modern',
    },
    env: { TELNYX_API_KEY: sim.apiKey },
  });
});

after(async () => {
  await workbench?.close();
  await sim?.close();
});

test('the view lists the first page of connections with a Load more row, and reads no calls', async () => {
  await workbench.openTelnyxView();
  await workbench.treeRows({ hasText: 'Load more…' }).first().waitFor({ timeout: 30_000 });
  const rows = await workbench.treeRows().allInnerTexts();
  assert.equal(rows.length, PAGE_SIZE + 1, rows.join(' | '));
  // The key comes from the environment: the view says so.
  assert.match(await viewDescription(), /using TELNYX_API_KEY/);
  const pages = sim.requests.filter((r) => r.endpoint === 'connections');
  assert.equal(pages.length, 1);
  assert.ok(
    !sim.requests.some(
      (r) => r.endpoint === 'active_calls' && r.query.some(([k, v]) => k === 'page[limit]' && v !== '1'),
    ),
    'no calls read before expanding',
  );
  await workbench.screenshot('tree-first-page');
});

test('filter by name, expand a connection, Load more shows the rest of its calls', async () => {
  const page = workbench.page;
  const view = workbench.connectionsView();
  // With one view in the container, its title actions sit in the side bar's title.
  await page.locator('.part.sidebar .title-actions .action-label[aria-label="Filter Connections by Name…"]').click();
  const input = workbench.quickInput().locator('input');
  await input.waitFor({ state: 'visible' });
  await input.fill('su');
  await workbench
    .quickInput()
    .getByText(/at least 3 characters/)
    .waitFor();
  await input.fill(mainName);
  await input.press('Enter');
  await assertEventually(
    async () => (await viewDescription()).includes(`name contains "${mainName}"`),
    'the filter in the view description',
  );

  const connectionRow = workbench.treeRows({ hasText: mainName }).first();
  await connectionRow.waitFor();
  // The pointer still rests on the title bar's filter button, whose tooltip ("Clear Connection
  // Filter") opens over the first row after a delay, later on a busy machine: move away first.
  await page.mouse.move(0, 0);
  await page.locator('.context-view .hover-contents').waitFor({ state: 'hidden' });
  await connectionRow.click();
  const callRows = view.locator('.monaco-list-row[aria-level="2"]');
  await assertEventually(async () => (await callRows.count()) === PAGE_SIZE + 1, `${PAGE_SIZE} calls and Load more`);
  const firstPage = await callRows.allInnerTexts();
  assert.match(firstPage[0], /^\d+:\d\d/, 'a call row leads with its duration');
  assert.match(firstPage.join('\n'), /leg [0-9a-f]{8}…/, 'and its shortened leg id');
  assert.match(firstPage[PAGE_SIZE], /Load more…/);
  await workbench.screenshot('tree-expanded-first-page');

  await view.locator('.monaco-list-row[aria-level="2"]', { hasText: 'Load more…' }).click();
  const total = sim.state.activeCalls(sim.seed.mainConnectionId).length;
  const expected = Math.min(total, 2 * PAGE_SIZE) + (total > 2 * PAGE_SIZE ? 1 : 0);
  await assertEventually(async () => (await callRows.count()) === expected, `${expected} rows after Load more`);
  const after = await callRows.allInnerTexts();
  // Durations tick between the two reads: a row is the same call when its leg id is the same.
  const legOf = (row: string): string => row.match(/leg [0-9a-f]{8}…/)?.[0] ?? `no leg id in "${row}"`;
  assert.deepEqual(
    after.slice(0, PAGE_SIZE).map(legOf),
    firstPage.slice(0, PAGE_SIZE).map(legOf),
    'the first page stays in place, in order',
  );
  const pagesOfCalls = sim.requests.filter(
    (r) =>
      r.endpoint === 'active_calls' &&
      r.path.includes(sim.seed.mainConnectionId) &&
      r.query.some(([k, v]) => k === 'page[limit]' && v === String(PAGE_SIZE)),
  );
  assert.equal(pagesOfCalls.length, 2, 'two pages read: the first on expand, the second on Load more');
  assert.ok(
    pagesOfCalls[1].query.some(([k]) => k === 'page[after]'),
    'the second page continues from the cursor',
  );
  await page.mouse.move(0, 0);
  await workbench.screenshot('tree-after-load-more');
});

/** The view's description as VS Code announces it (the pane header's label; shown in the title). */
async function viewDescription(): Promise<string> {
  return (await workbench.connectionsView().locator('.pane-header').getAttribute('aria-label')) ?? '';
}

async function assertEventually(check: () => Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  await workbench.poll(check, (value) => value, timeoutMs, what);
}
