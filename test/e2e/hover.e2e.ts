// What a person does with the key and the hover: sets the key in the real password box (a wrong one
// first), hovers a call_control_id in a log file, sees its status, opens its details from the hover,
// and uses the palette lookups. The simulator runs in this process; the workbench reaches it through
// the user setting `telnyx.apiBaseUrl`, as a user would configure it.
import * as assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { CONNECTION_SEARCH_DELAY_MS } from '../../src/commands/liveSearch';
import { startSimulator, type StartedSimulator } from '../simulator/index';
import { Workbench } from './harness';

let sim: StartedSimulator;
let workbench: Workbench;
let aliveId: string;

function notification(text: RegExp) {
  return workbench.findNotification(text);
}

const connectionSearches = (): string[] =>
  sim.requests.flatMap((r) =>
    r.endpoint === 'connections'
      ? r.query.filter(([k]) => k === 'filter[connection_name][contains]').map(([, v]) => v)
      : [],
  );

before(async () => {
  sim = await startSimulator({ seed: 7 });
  aliveId = sim.seed.aliveCallControlId;
  const log = [
    '2025-05-01T12:00:00.120Z INFO  webhook call.initiated received',
    `2025-05-01T12:00:00.480Z INFO  answering call_control_id=${aliveId} from=+13125550100`,
    '2025-05-01T12:00:01.002Z DEBUG answer accepted',
  ].join('\n');
  workbench = await Workbench.start({
    userSettings: { 'telnyx.apiBaseUrl': sim.url, 'workbench.colorTheme': 'Default Dark Modern' },
    files: { 'logs/app.log': `${log}\n` },
    permissions: ['clipboard-read', 'clipboard-write'],
  });
});

after(async () => {
  await workbench?.close();
  await sim?.close();
});

test('Set API Key: a password box; a wrong key is refused with its code, the right one accepted', async () => {
  const page = workbench.page;
  const wrongKey = 'KEY0123456789ABCDEF_wrongkey_e2e';
  await workbench.runCommand('Telnyx: Set API Key');
  const password = workbench.quickInput().locator('input[type="password"]');
  await password.waitFor({ state: 'visible' });
  await password.fill(wrongKey);
  await password.press('Enter');
  const refused = await notification(/did not accept/);
  const refusedText = await refused.innerText();
  assert.match(refusedText, /10009/);
  assert.ok(!refusedText.includes(wrongKey), 'the notification does not show the key');
  await refused.getByRole('button', { name: 'Save Anyway' }).waitFor();
  await workbench.screenshot('key-refused');
  await refused
    .locator('.codicon-notifications-clear, .codicon-close')
    .first()
    .click()
    .catch(() => undefined);
  // Refused and not saved: the view still greets with Set API Key, and the wrong key was sent once, to try it.
  const view = await workbench.openTelnyxView();
  await view.getByRole('button', { name: 'Set API Key' }).waitFor({ timeout: 10_000 });
  assert.equal(
    sim.requests.filter((r) => r.authorization === `Bearer ${wrongKey}`).length,
    1,
    'the refused key is used for nothing but its try',
  );

  await workbench.runCommand('Telnyx: Set API Key');
  await password.waitFor({ state: 'visible' });
  await password.fill(sim.apiKey);
  await password.press('Enter');
  await notification(/Telnyx accepted the API key/);
  await page.keyboard.press('Escape');
  const tried = sim.requests.filter(
    (r) => r.endpoint === 'connections' && r.query.some(([k, v]) => k === 'page[size]' && v === '1'),
  );
  assert.deepEqual(
    tried.map((r) => r.authorized),
    [false, true],
    'each key was tried with one one-item request',
  );
  // The view now lists connections instead of its welcome text.
  await workbench.openTelnyxView();
  await workbench.treeRows().first().waitFor({ state: 'visible', timeout: 20_000 });
});

test('hovering a call_control_id in a log file shows its live status; "Open call details" opens the panel', async () => {
  const page = workbench.page;
  await workbench.openFile('logs/app.log');
  // The log grammar puts the id in one span with the text before it: point at the span's end, on the id.
  const token = page.locator('.monaco-editor .view-line span span', { hasText: aliveId.slice(3, 15) }).first();
  await token.waitFor({ state: 'visible' });
  const box = await token.boundingBox();
  assert.ok(box);
  await page.mouse.move(box.x + box.width - 4, box.y + box.height / 2);
  const hover = page.locator('.monaco-hover:not(.hidden)').first();
  await hover.waitFor({ state: 'visible', timeout: 15_000 });
  await hover.getByText('Alive').waitFor({ timeout: 15_000 });
  const text = await hover.innerText();
  for (const label of ['Open call details', 'Show events', 'Copy as cURL'])
    assert.ok(text.includes(label), `hover offers ${label}`);
  const status = sim.state.callStatus(aliveId);
  assert.ok(status && text.includes(status.call_leg_id), 'hover shows the leg id');
  await workbench.screenshot('hover-alive-call');

  const webviewsBefore = await page.locator('iframe.webview').count();
  await hover.getByRole('link', { name: 'Open call details' }).click();
  await workbench.poll(
    () => page.locator('iframe.webview').count(),
    (n) => n > webviewsBefore,
    20_000,
  );
  assert.ok((await page.locator('iframe.webview').count()) > webviewsBefore, 'a call details panel opened');
  await page
    .locator('.tabs-container .tab.active')
    .filter({ hasText: /v3|v2|call|Call/ })
    .first()
    .waitFor({ timeout: 15_000 });
  // The panel shows the call: its leg id appears in the webview once the status has loaded.
  const body = workbench.webview(0).locator('body');
  const shown = await workbench.poll(
    () => body.innerText().catch(() => ''),
    (t) => t.includes(status.call_leg_id),
    20_000,
  );
  await workbench.screenshot('hover-open-call-details');
  assert.ok(
    shown.includes(status.call_leg_id),
    `the call details panel shows the call (it shows: ${shown.slice(0, 200)})`,
  );
});

test('Look Up Call validates as you type and opens the call', async () => {
  await workbench.runCommand('Telnyx: Look Up Call…');
  const input = workbench.quickInput().locator('input');
  await input.waitFor({ state: 'visible' });
  await input.fill('v3:abc');
  await workbench
    .quickInput()
    .getByText(/too short/)
    .waitFor({ timeout: 10_000 });
  await input.fill('428c31b6-7af4-4bcb-b7f5-5013ef9657c1');
  await workbench
    .quickInput()
    .getByText(/starts with a version/)
    .waitFor({ timeout: 10_000 });
  await workbench.screenshot('look-up-call-validation');
  const ended = sim.seed.recentlyEndedCallControlId;
  sim.clearRequests();
  await input.fill(ended);
  await input.press('Enter');
  await workbench.poll(
    async () =>
      sim.requests.some((r) => r.endpoint === 'call_status' && decodeURIComponent(r.path).endsWith(`/calls/${ended}`)),
    (seen) => seen,
    20_000,
  );
  assert.ok(
    sim.requests.some((r) => r.endpoint === 'call_status' && decodeURIComponent(r.path).endsWith(`/calls/${ended}`)),
  );
});

test('Find Connection searches the server as you type (3+ characters, debounced) and reveals the choice', async () => {
  const connection = sim.state.connections().find((c) => c.id === sim.seed.mainConnectionId);
  assert.ok(connection?.connection_name, 'the main connection has a name');
  const name = connection.connection_name;
  sim.clearRequests();
  await workbench.runCommand('Telnyx: Find Connection…');
  const input = workbench.quickInput().locator('input');
  await input.waitFor({ state: 'visible' });
  await workbench.quickInput().locator('.quick-input-title', { hasText: 'Telnyx: Find Connection' }).waitFor();
  assert.equal(await input.inputValue(), '');
  // One key at a time, noting when each landed: how many searches are right depends on the pauses
  // that really happened (a loaded machine can stall between keys), not on a count tuned to timing.
  const keyTimes: number[] = [];
  const typeKeys = async (text: string): Promise<void> => {
    for (const key of text) {
      await input.press(key);
      keyTimes.push(Date.now());
    }
  };
  await typeKeys(name.slice(0, 2));
  // Two characters can never be searched: the pause after them is the debounce and then some.
  await workbench.page.waitForTimeout(2 * CONNECTION_SEARCH_DELAY_MS);
  assert.deepEqual(connectionSearches(), [], 'fewer than 3 characters send nothing');
  await typeKeys(name.slice(2, 8));
  const row = workbench.quickInput().locator('.monaco-list-row', { hasText: name }).first();
  await row.waitFor({ state: 'visible', timeout: 15_000 });
  const typed = name.slice(0, 8).trim();
  await workbench.poll(
    async () => connectionSearches().at(-1),
    (last) => last === typed,
    5000,
    `a search for "${typed}"`,
  );
  const searches = connectionSearches();
  // After the third key, every pause longer than the debounce may send the query typed so far.
  const pausesAfterThirdKey = keyTimes
    .slice(3)
    .filter((at, i) => at - keyTimes[i + 2] > CONNECTION_SEARCH_DELAY_MS).length;
  assert.ok(
    searches.length >= 1 && searches.length <= 1 + pausesAfterThirdKey,
    `${searches.length} searches (${searches.join(', ')}) for ${pausesAfterThirdKey} pauses over ${CONNECTION_SEARCH_DELAY_MS} ms`,
  );
  assert.equal(searches.at(-1), typed);
  assert.ok(
    searches.every((q) => q.length >= 3 && typed.startsWith(q)),
    'only prefixes of 3+ characters were sent',
  );
  await workbench.screenshot('find-connection');
  await input.press('Enter');
  const treeRow = workbench.treeRows({ hasText: name }).first();
  await treeRow.waitFor({ state: 'visible', timeout: 20_000 });
  await workbench.poll(
    () => treeRow.getAttribute('aria-selected'),
    (v) => v === 'true',
    10_000,
    'the connection selected in the tree',
  );
});
