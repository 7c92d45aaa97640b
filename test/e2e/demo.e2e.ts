// The demo's live loop in a real VS Code, followed as a newcomer follows what `npm run demo` prints:
// the loop is the demo's own (scripts/lib/demoLoop.mjs: the simulator ringing the sample application
// through the webhook tap's port, the app's commands sent to the command tap's port, the settings that
// close it); Telnyx: Start Live Tap… offers the sample's address, and the next call shows under Live
// tap, its panel filled with what the sample app did.
import * as assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startDemoLoop, type DemoLoop } from '../../scripts/lib/demoLoop.mjs';
import { freePort } from '../../scripts/lib/proc.mjs';
import { repoRoot, Workbench } from './harness';

let loop: DemoLoop;
let workbench: Workbench;
const appLines: string[] = [];

before(async () => {
  // Never the fixed default ports on a shared machine; a ring every 3 s instead of 15.
  loop = await startDemoLoop(repoRoot, {
    webhookPort: await freePort(),
    apiPort: await freePort(),
    appPort: await freePort(),
    ringEverySeconds: 3,
    onAppLine: (line) => appLines.push(line),
  });
  workbench = await Workbench.start({
    userSettings: loop.userSettings,
    env: { TELNYX_API_KEY: loop.sim.key },
    viewport: { width: 1400, height: 900 },
  });
});

after(async () => {
  await workbench?.close();
  await loop?.stop();
});

test('Start Live Tap offers the sample app; a call the simulator rings shows under Live tap and its panel shows the loop', async () => {
  await workbench.openTelnyxView();
  await workbench.runCommand('Telnyx: Start Live Tap');
  const input = workbench.quickInput().locator('input');
  // The palette's own text gives way to the input box of Start Live Tap.
  const offered = await workbench.poll(
    () => input.inputValue(),
    (value) => !value.startsWith('>'),
    15_000,
    'the input box',
  );
  assert.equal(offered, loop.appUrl, "prefilled with the sample app's address");
  await input.press('Enter');

  const tapRow = workbench.treeRows({ hasText: 'Live tap' }).first();
  await tapRow.waitFor({ timeout: 30_000 });
  await workbench.poll(
    async () => (await tapRow.textContent()) ?? '',
    (text) => text.includes('Listening'),
    15_000,
    'the tap listening',
  );
  // A call the sample app took to its end: answered, greeted, asked, told and hung up.
  const endedCall = workbench
    .connectionsView()
    .locator('.monaco-list-row[aria-level="2"]', { hasText: /ended/ })
    .first();
  await endedCall.waitFor({ timeout: 60_000 });
  assert.ok(
    appLines.some((line) => / → gather_using_speak$/.test(line)),
    `the sample app logged its gather: ${appLines.join('\n')}`,
  );
  await endedCall.click();

  // The panel fills from the tap: the app's commands with Telnyx's answer, the webhooks with the app's.
  const view = workbench.webview();
  const gather = view.locator('.row', { hasText: 'gather_using_speak' }).first();
  await gather.waitFor({ timeout: 30_000 });
  assert.equal(await gather.locator('.mark-answer-bad').count(), 0, 'Telnyx accepted the gather');
  assert.ok(await gather.locator('.mark-answer').count(), "Telnyx's answer on the gather");
  const gathered = view.locator('.row', { hasText: 'call.gather.ended' }).first();
  await gathered.waitFor({ timeout: 30_000 });
  assert.match((await gathered.locator('.mark-answer').first().textContent()) ?? '', /^200\b/, "the app's answer");
  await view.locator('.row', { hasText: 'call.hangup' }).first().waitFor({ timeout: 30_000 });
  await workbench.screenshot('demo-live-call');
});
