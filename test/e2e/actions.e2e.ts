// What a person sees of Hang Up: a live call's panel has a Hang Up button; it asks in a modal dialog
// that names the call and the account, and once confirmed the page says Telnyx accepted it and the
// status turns to ended. The dialog is the README's screenshot.
import * as assert from 'node:assert/strict';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startSimulator, type StartedSimulator } from '../simulator/index';
import { repoRoot, Workbench } from './harness';

let sim: StartedSimulator;
let workbench: Workbench;
let callControlId: string;

before(async () => {
  sim = await startSimulator({ seed: 24, busyConnectionCalls: 100 });
  callControlId = sim.state.startCall(sim.seed.mainConnectionId).call_control_id;
  workbench = await Workbench.start({
    userSettings: { 'telnyx.apiBaseUrl': sim.url, 'workbench.colorTheme': 'Default Dark Modern' },
    env: { TELNYX_API_KEY: sim.apiKey },
    viewport: { width: 1400, height: 900 },
  });
});

after(async () => {
  await workbench?.close();
  await sim?.close();
});

const hangUps = (): number =>
  sim.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/actions/hangup')).length;

test("a live call's panel: Hang Up asks first, then the call ends and the page says so", async () => {
  await workbench.runCommand('Telnyx: Look Up Call…');
  const input = workbench.quickInput().locator('input');
  await input.waitFor({ state: 'visible' });
  await input.fill(callControlId);
  await input.press('Enter');
  const view = workbench.webview();
  await view.locator('.state-badge.state-alive').waitFor({ timeout: 30_000 });
  const button = view.locator('button.hang-up');
  await button.waitFor({ state: 'visible', timeout: 10_000 });

  await button.click();
  const dialog = workbench.page.locator('.monaco-dialog-box');
  await dialog.waitFor({ state: 'visible', timeout: 10_000 });
  assert.match(await dialog.innerText(), /Hang up call v3:\S+… of account "TELNYX_API_KEY"\?/);
  await workbench.page.mouse.move(0, 0);
  const docs = join(repoRoot, 'docs', 'screenshots');
  mkdirSync(docs, { recursive: true });
  copyFileSync(await workbench.screenshot('hang-up-dialog'), join(docs, 'hang-up.png'));

  await dialog.locator('.monaco-button', { hasText: 'Cancel' }).click();
  await dialog.waitFor({ state: 'hidden' });
  assert.equal(hangUps(), 0, 'Cancel sends nothing');

  await button.click();
  await dialog.waitFor({ state: 'visible', timeout: 10_000 });
  await dialog.locator('.monaco-button', { hasText: /^Hang Up$/ }).click();
  await view.locator('.notice', { hasText: 'accepted the hang-up' }).waitFor({ timeout: 15_000 });
  await view.locator('.state-badge.state-ended').waitFor({ timeout: 30_000 });
  assert.equal(hangUps(), 1, 'one command');
  assert.equal(await button.isVisible(), false, 'no Hang Up on an ended call');
});
