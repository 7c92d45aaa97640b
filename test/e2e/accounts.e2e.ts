// What a person with two Telnyx accounts does: the workspace recommends one they do not have yet, they
// add it from that notification (name, key, its own API address), the view and the status bar follow
// it, and they switch back from the status bar. Two simulators, each with its own key, stand for the
// two accounts; the first comes from TELNYX_API_KEY, as a developer's shell may set it.
import * as assert from 'node:assert/strict';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startSimulator, type StartedSimulator } from '../simulator/index';
import { repoRoot, Workbench } from './harness';

let simA: StartedSimulator;
let simB: StartedSimulator;
let workbench: Workbench;

const connectionNames = (sim: StartedSimulator): string[] =>
  sim.state
    .connections()
    .map((c) => c.connection_name ?? '')
    .filter(Boolean);
/** Names each account has and the other has not (the simulators share a few well-known ones). */
function separateNames(): [string[], string[]] {
  const a = connectionNames(simA);
  const b = connectionNames(simB);
  // Whole row labels: "night-ivr-5" must not match inside "night-ivr-54".
  const only = (mine: string[], other: string[]) =>
    mine.filter((name) => !other.some((o) => o.includes(name) || name.includes(o)));
  return [only(a, b), only(b, a)];
}

before(async () => {
  simA = await startSimulator({ seed: 5 });
  simB = await startSimulator({ seed: 12, apiKey: `KEYSTAGING${'7'.repeat(22)}` });
  workbench = await Workbench.start({
    userSettings: {
      'telnyx.apiBaseUrl': simA.url,
      'telnyx.activeCalls.refreshInterval': 0,
      'workbench.colorTheme': 'Default Dark Modern',
    },
    env: { TELNYX_API_KEY: simA.apiKey },
    files: { '.vscode/settings.json': JSON.stringify({ 'telnyx.preferredAccount': 'Staging' }) },
  });
});

after(async () => {
  await workbench?.close();
  await simA?.close();
  await simB?.close();
});

function statusItem() {
  return workbench.page.locator('.part.statusbar .statusbar-item', { hasText: /☎|TELNYX_API_KEY|Staging/ }).first();
}

async function viewTitle(): Promise<string> {
  return workbench.page.locator('.part.sidebar .title-label, .part.sidebar .pane-header .title').first().innerText();
}

/** The tree's rows shown now hold names of `mine` only, none of `others`. */
async function rowsOnlyOf(mine: string[], others: string[], what: string): Promise<void> {
  await workbench.poll(
    () => workbench.treeRows().allInnerTexts(),
    (rows) =>
      rows.some((row) => mine.some((name) => row.includes(name))) &&
      !rows.some((row) => others.some((name) => row.includes(name))),
    30_000,
    what,
  );
}

async function typeInto(value: string): Promise<void> {
  const input = workbench.quickInput().locator('input');
  await input.waitFor({ state: 'visible' });
  await input.fill(value);
  await input.press('Enter');
}

test('the workspace recommends an account the person does not have: they add it from the notification', async () => {
  const note = await workbench.findNotification('recommends a Telnyx account named "Staging"');
  await note.getByRole('button', { name: 'Add Account…' }).click();
  await typeInto('Staging');
  await typeInto(simB.apiKey);
  // The address is offered as the setting's; this account is served elsewhere.
  const input = workbench.quickInput().locator('input');
  await workbench.poll(
    () => input.inputValue(),
    (value) => value === simA.url,
    15_000,
    "the address box, offering the setting's address",
  );
  await typeInto(simB.url);
  await workbench.findNotification('The account "Staging" is added and in use');
  await workbench.runCommand('Notifications: Clear All Notifications');
  assert.ok(
    simB.requests.some((r) => r.endpoint === 'connections' && r.authorized),
    'the key was tried with its own server',
  );
  assert.ok(!simA.requests.some((r) => !r.authorized), 'the first server never saw the second key');
});

test('the view and the status bar follow the account in use', async () => {
  await workbench.openTelnyxView();
  await workbench.poll(viewTitle, (title) => /staging/i.test(title), 15_000, 'the view title to name Staging');
  const [onlyA, onlyB] = separateNames();
  await rowsOnlyOf(onlyB, onlyA, 'the rows of Staging only');
  await workbench.poll(
    () => statusItem().innerText(),
    (text) => text.includes('Staging'),
    15_000,
    'the status bar to name Staging',
  );
});

test("switching account from the status bar: the view lists the other account's connections", async () => {
  await statusItem().click();
  const menu = workbench.quickInput();
  await menu.locator('.monaco-list-row', { hasText: 'Switch account…' }).click();
  await menu.locator('.monaco-list-row', { hasText: 'TELNYX_API_KEY' }).first().waitFor();
  await workbench.screenshot('accounts-switch');
  const docs = join(repoRoot, 'docs', 'screenshots');
  mkdirSync(docs, { recursive: true });
  copyFileSync(await workbench.screenshot('accounts-switch'), join(docs, 'accounts.png'));
  simA.clearRequests();
  simB.clearRequests();
  await menu.locator('.monaco-list-row', { hasText: 'TELNYX_API_KEY' }).first().click();
  await workbench.poll(
    () => statusItem().innerText(),
    (text) => text.includes('TELNYX_API_KEY'),
    15_000,
    'the status bar to name TELNYX_API_KEY',
  );
  await workbench.poll(
    viewTitle,
    (title) => /telnyx_api_key/i.test(title),
    15_000,
    'the view title to name TELNYX_API_KEY',
  );
  const [onlyA, onlyB] = separateNames();
  await rowsOnlyOf(onlyA, onlyB, 'the rows of the first account only');
  assert.ok(simA.requests.length > 0 && simA.requests.every((r) => r.authorized), 'the first server, with its own key');
  assert.equal(
    simB.requests.filter((r) => r.endpoint === 'connections').length,
    0,
    'the second server was not asked for connections',
  );
  // The recommendation was asked once: switching away from it does not ask again.
  assert.equal(await workbench.notifications({ hasText: 'recommends the Telnyx account' }).count(), 0);
});
