// What a person sees first: the Telnyx item in the activity bar, the Connections view, and a Telnyx
// command run from F1.
import * as assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Workbench } from './harness';

let workbench: Workbench;

before(async () => {
  workbench = await Workbench.start({ userSettings: { 'workbench.colorTheme': 'Default Dark Modern' } });
});

after(async () => {
  await workbench?.close();
});

test('the workbench runs VS Code 1.138 or newer', async () => {
  const version = await workbench.aboutVersion();
  console.log(`[e2e smoke] workbench shows VS Code ${version}`);
  const [major, minor] = version.split('.').map(Number);
  assert.ok(major > 1 || (major === 1 && minor >= 138), `VS Code ${version}`);
});

test('clicking the Telnyx activity-bar item shows the Connections view', async () => {
  const view = await workbench.openTelnyxView();
  assert.match(await view.locator('.pane-header').innerText(), /Connections/i);
  // Without a key the view greets with its welcome text and a way to set one.
  await view.getByText('Connect to Telnyx').waitFor();
  await view.getByRole('button', { name: 'Set API Key' }).waitFor();
  await workbench.screenshot('smoke-connections-view');
});

test('"Telnyx: Show Log" from F1 shows the Telnyx output channel', async () => {
  await workbench.runCommand('Telnyx: Show Log');
  await workbench.panel().waitFor({ state: 'visible' });
  const channel = await workbench.poll(
    () => workbench.outputChannel(),
    (name) => name === 'Telnyx',
  );
  assert.equal(channel, 'Telnyx');
  await workbench.screenshot('smoke-show-log');
});

test('"Telnyx: Look Up Call…" opens its input box even when the page may not read the clipboard', async () => {
  // This workbench was started without clipboard permission: a clipboard read never answers here.
  await workbench.runCommand('Telnyx: Look Up Call…');
  const prompt = workbench.quickInput().getByText(/call_control_id of a call/);
  await prompt.waitFor({ state: 'visible', timeout: 5_000 });
  // A browser workbench is never asked for the clipboard, so VS Code shows no "Unable to read…" toast.
  assert.equal(await workbench.notifications({ hasText: /clipboard/i }).count(), 0);
  await workbench.page.keyboard.press('Escape');
  await workbench.quickInput().waitFor({ state: 'hidden' });
});
