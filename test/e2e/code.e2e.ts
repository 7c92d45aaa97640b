// What a person sees in a webhook handler file: the lens over a handler branch with what the call
// doctor read of that webhook, a warning on an event name Telnyx never sends, and the event names
// offered on typing `call.` in a string. The picture is the README's (docs/screenshots/code.png).
import * as assert from 'node:assert/strict';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { DOCTOR_SCENARIOS } from '../simulator/doctorScenarios';
import { startSimulator, type StartedSimulator } from '../simulator/index';
import { Workbench } from './harness';

let sim: StartedSimulator;
let workbench: Workbench;

const HANDLER = [
  `import Telnyx from 'telnyx';`,
  ``,
  `const telnyx = new Telnyx(process.env.TELNYX_API_KEY);`,
  ``,
  `export async function onWebhook(event) {`,
  `  const { payload } = event.data;`,
  `  switch (event.data.event_type) {`,
  `    case 'call.initiated':`,
  `      await telnyx.calls.actions.answer(payload.call_control_id);`,
  `      break;`,
  `    case 'call.hangup':`,
  `      await telnyx.calls.actions.speak(payload.call_control_id, { payload: 'Goodbye' });`,
  `      break;`,
  `    case 'call.hangedup':`,
  `      break;`,
  `  }`,
  `  if (event.data.event_type === '') {`,
  `  }`,
  `}`,
  ``,
].join('\n');

before(async () => {
  sim = await startSimulator({ seed: 4 });
  workbench = await Workbench.start({
    userSettings: {
      'telnyx.apiBaseUrl': sim.url,
      'workbench.colorTheme': 'Default Dark Modern',
      'editor.minimap.enabled': false,
    },
    env: { TELNYX_API_KEY: sim.apiKey },
    files: { 'src/handler.js': HANDLER },
    viewport: { width: 1400, height: 900 },
  });
});

after(async () => {
  await workbench?.close();
  await sim?.close();
});

test('a handler file: the lens says what the doctor read, a warning on a name Telnyx never sends, event names completed', async () => {
  const page = workbench.page;
  // The call doctor reads a session (speak sent after the hangup): the lens over `case 'call.hangup'` tells of it.
  await workbench.runCommand('Telnyx: Diagnose Call');
  const input = workbench.quickInput().locator('input');
  await input.waitFor({ state: 'visible' });
  await input.fill(DOCTOR_SCENARIOS.lateSpeak);
  await input.press('Enter');
  await workbench
    .quickInput()
    .getByText(/speak sent .* after leg/)
    .first()
    .waitFor({ state: 'visible', timeout: 30_000 });
  await page.keyboard.press('Escape');

  await workbench.openFile('src/handler.js');
  const lens = page.locator('.monaco-editor .codelens-decoration', { hasText: 'speak after hangup' });
  await lens.first().waitFor({ state: 'visible', timeout: 20_000 });
  assert.match(await lens.first().innerText(), /in the last hour \(1 seen\).*1 call: speak after hangup/);
  await page.locator('.monaco-editor .squiggly-warning').first().waitFor({ state: 'visible', timeout: 10_000 });

  // Inside the empty string of the `if`: type `call.`.
  await page.keyboard.press('Control+G');
  await workbench.quickInput().locator('input').fill(':17');
  await page.keyboard.press('Enter');
  await page.keyboard.press('End');
  for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowLeft');
  await page.keyboard.type('call.');
  const suggestions = page.locator('.editor-widget.suggest-widget');
  // `.` is the trigger; on a busy machine the widget may come late: ask again as a person would.
  if (!(await suggestions.isVisible())) {
    await page.waitForTimeout(1500);
    if (!(await suggestions.isVisible())) await page.keyboard.press('Control+Space');
  }
  await suggestions.waitFor({ state: 'visible', timeout: 15_000 });
  const rows = suggestions.locator('.monaco-list-row');
  await rows.first().waitFor({ state: 'visible' });
  const shown = await rows.allInnerTexts();
  assert.ok(
    shown.some((row) => row.includes('call.ai_gather.ended') || row.includes('call.answered')),
    shown.join(' | '),
  );

  const picture = await workbench.screenshot('code');
  copyFileSync(picture, join(__dirname, '..', '..', 'docs', 'screenshots', 'code.png'));
});
