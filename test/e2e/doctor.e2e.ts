// What a person sees of the call doctor: a call whose other leg hung up minutes ago opens with the
// Findings section first; clicking an event of a finding selects that event in the list. Its
// screenshot is the README's (docs/screenshots/doctor.png).
import * as assert from 'node:assert/strict';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { DOCTOR_SCENARIOS } from '../simulator/doctorScenarios';
import { startSimulator, type StartedSimulator } from '../simulator/index';
import { repoRoot, Workbench } from './harness';

let sim: StartedSimulator;
let workbench: Workbench;
let callControlId: string;

before(async () => {
  sim = await startSimulator({ seed: 7, busyConnectionCalls: 100 });
  const events = sim.state.events({ sessionId: DOCTOR_SCENARIOS.dangling });
  const hungUp = new Set(events.filter((e) => e.name === 'call.hangup').map((e) => e.call_leg_id));
  const alive = events.find((e) => e.type === 'webhook' && !hungUp.has(e.call_leg_id));
  const id = (alive?.metadata as { payload?: { call_control_id?: string } } | undefined)?.payload?.call_control_id;
  assert.ok(id);
  callControlId = id;
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

test("the call panel opens with its findings; a finding's event selects that event", async () => {
  await workbench.runCommand('Telnyx: Look Up Call…');
  const input = workbench.quickInput().locator('input');
  await input.waitFor({ state: 'visible' });
  await input.fill(callControlId);
  await input.press('Enter');
  const view = workbench.webview();
  const first = view.locator('.finding').first();
  await first.waitFor({ timeout: 30_000 });
  assert.match((await first.locator('.finding-title').textContent()) ?? '', /is still up \d+\.\d s after leg/);
  assert.equal(await view.locator('.findings-section h2').textContent(), 'Findings');
  assert.ok((await view.locator('.reactions-table tbody tr').count()) >= 1, 'the reaction-times table');
  const chip = first.locator('.finding-event').first();
  assert.equal(await chip.textContent(), 'call.hangup');
  await chip.click();
  const selected = view.locator('.row.selected');
  await selected.waitFor({ timeout: 10_000 });
  assert.equal(await selected.locator('.col-name').textContent(), 'call.hangup');
  await workbench.page.mouse.move(0, 0);
  const path = await workbench.screenshot('doctor-findings');
  const docs = join(repoRoot, 'docs', 'screenshots');
  mkdirSync(docs, { recursive: true });
  copyFileSync(path, join(docs, 'doctor.png'));
});
