// The ladder in a real VS Code: a two-leg call opened from the Connections view, switched to the
// ladder, walked with the keyboard (each arrow announced), an arrow's details opened with Enter, the
// end of the ended leg read at the bottom of its lifeline; the choice of view survives a reload (the
// panel's webview state), and screenshots are taken in the dark, light and high contrast themes.
import * as assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { CallEvent } from '../../src/telnyx/types';
import { startSimulator, type StartedSimulator } from '../simulator/index';
import { repoRoot, Workbench } from './harness';

let sim: StartedSimulator;
let workbench: Workbench;
let mainName: string;
let sessionId: string;
const LABEL = 'ladder-ui-call';

type Theme = 'dark' | 'light' | 'high-contrast';
const THEMES: Record<Theme, { setting: string; webviewClass: string }> = {
  dark: { setting: 'Default Dark Modern', webviewClass: 'vscode-dark' },
  light: { setting: 'Default Light Modern', webviewClass: 'vscode-light' },
  'high-contrast': { setting: 'Default High Contrast', webviewClass: 'vscode-high-contrast' },
};

function sessionEvents(): CallEvent[] {
  return [...sim.state.events({ sessionId })].sort((a, b) => a.event_timestamp.localeCompare(b.event_timestamp));
}

function writeThemeSetting(theme: Theme): void {
  const settingsFile = join(workbench.server.dirs.userData, 'User', 'settings.json');
  const settings = JSON.parse(readFileSync(settingsFile, 'utf8')) as Record<string, unknown>;
  writeFileSync(settingsFile, JSON.stringify({ ...settings, 'workbench.colorTheme': THEMES[theme].setting }, null, 2));
}

async function ladderScreenshot(theme: Theme): Promise<void> {
  await workbench.webview().locator(`body.${THEMES[theme].webviewClass}`).waitFor({ timeout: 20_000 });
  await workbench.page.mouse.move(0, 0);
  const path = await workbench.screenshot(`ladder-${theme}`);
  const docs = join(repoRoot, 'docs', 'screenshots');
  mkdirSync(docs, { recursive: true });
  copyFileSync(path, join(docs, `ladder-${theme}.png`));
}

before(async () => {
  sim = await startSimulator({ seed: 7 });
  const main = sim.state.connections().find((c) => c.id === sim.seed.mainConnectionId);
  assert.ok(main?.connection_name);
  mainName = main.connection_name;
  const first = sim.state.startCall(main.id, { clientState: Buffer.from(LABEL).toString('base64') });
  sessionId = first.call_session_id;
  sim.state.addEvent(first.call_control_id, {
    name: 'transfer',
    type: 'command',
    metadata: { command: 'transfer', result: 'ok', params: { to: '+14155550199' } },
  });
  const second = sim.state.startCall(main.id, { sessionId });
  sim.state.addEvent(first.call_control_id, { name: 'call.bridged', type: 'webhook', failed: true });
  sim.state.addEvent(second.call_control_id, { name: 'call.bridged', type: 'webhook' });
  sim.state.endCall(second.call_control_id, 'normal_clearing');
  workbench = await Workbench.start({
    userSettings: { 'telnyx.apiBaseUrl': sim.url, 'workbench.colorTheme': THEMES.dark.setting },
    env: { TELNYX_API_KEY: sim.apiKey },
    viewport: { width: 1400, height: 900 },
  });
});

after(async () => {
  await workbench?.close();
  await sim?.close();
});

test('a two-leg call opened from the tree switches to the ladder: lifelines, one arrow per event, end of call', async () => {
  // Many connections: narrow the view to the main one by name, as a person would.
  await workbench.openCallFromTree(mainName, LABEL);

  const view = workbench.webview();
  const events = sessionEvents();
  await view
    .locator('.row')
    .nth(events.length - 1)
    .waitFor({ timeout: 30_000 });
  await view.locator('.view-toggle button', { hasText: 'Ladder' }).click();
  await view
    .locator('.ladder-arrow')
    .nth(events.length - 1)
    .waitFor({ timeout: 20_000 });
  assert.equal(await view.locator('.timeline-section > .event-list').isVisible(), false, 'the list is hidden');
  assert.deepEqual(await view.locator('.ladder-head-title').allTextContents(), ['Your application', 'Leg 1', 'Leg 2']);
  const labels = await view.locator('.ladder-arrow .ladder-label-text').allTextContents();
  assert.equal(labels.length, events.length, 'one arrow per event');
  assert.deepEqual(
    labels.map((l) => l.replace(/ \(.*\)$/, '')),
    events.map((e) => e.name),
    'in time order',
  );
  assert.ok(labels.includes('transfer (result ok)'), `the command's result: ${labels.join(' | ')}`);
  assert.equal(await view.locator('.ladder-arrow.broken').count(), 1, 'the failed delivery is drawn broken');
  const footer = (await view.locator('.ladder-end').nth(2).textContent()) ?? '';
  // The MOS the simulator put in leg 2's call.hangup webhook, as Telnyx sends it (a string).
  const hangup = events.filter((e) => e.name === 'call.hangup').at(-1);
  const mos = (hangup?.metadata as { payload?: { call_quality_stats?: { inbound?: { mos?: string } } } } | undefined)
    ?.payload?.call_quality_stats?.inbound?.mos;
  assert.ok(mos, 'the hangup webhook carries call quality');
  assert.match(
    footer,
    new RegExp(`End of call.*hung up by the caller: the call ended normally.*SIP 200.*MOS ${mos.replace('.', '\\.')}`),
  );
  assert.match((await view.locator('.end-of-call').textContent()) ?? '', /Leg 2.*hung up by the caller/);
  await ladderScreenshot('dark');
});

test('arrow keys move through the arrows in time order and announce each; Enter opens its details', async () => {
  const view = workbench.webview();
  const events = sessionEvents();
  await view.locator('.ladder').focus();
  const live = view.locator('#ladder-live');
  await workbench.page.keyboard.press('Home');
  await workbench.poll(
    () => live.textContent(),
    (text) => (text ?? '').startsWith(`webhook ${events[0].name} to your application, leg 1, 0 s after start`),
  );
  await workbench.page.keyboard.press('ArrowDown');
  await workbench.poll(
    () => live.textContent(),
    (text) => (text ?? '').startsWith(`command ${events[1].name} from your application to leg 1`),
  );
  await workbench.page.keyboard.press('End');
  const last = events[events.length - 1];
  await workbench.poll(
    () => live.textContent(),
    (text) => (text ?? '').startsWith(`webhook ${last.name} to your application, leg 2,`),
  );
  await workbench.page.keyboard.press('Enter');
  const json = view.locator('.ladder-details .row.expanded pre.json');
  await workbench.poll(
    () => json.textContent(),
    (text) => text === JSON.stringify(last.metadata, null, 2),
  );
  assert.equal(await view.locator('.ladder-arrow.selected .ladder-label-text').textContent(), last.name);
  // The same selection in the list.
  await view.locator('.view-toggle button', { hasText: 'List' }).click();
  await view.locator('.timeline-section > .event-list .row.selected .col-name', { hasText: last.name }).waitFor();
  await view.locator('.view-toggle button', { hasText: 'Ladder' }).click();
  await view.locator('.ladder-arrow.selected').waitFor();
});

test('after a reload the panel comes back in the ladder; light and high contrast themes', async () => {
  for (const theme of ['light', 'high-contrast'] as const) {
    writeThemeSetting(theme);
    await workbench.reloadWindow();
    await workbench.page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    const view = workbench.webview();
    await view.locator('.view-toggle button[aria-pressed="true"]').waitFor({ timeout: 60_000 });
    assert.equal(
      await view.locator('.view-toggle button[aria-pressed="true"]').textContent(),
      'Ladder',
      'the view choice is remembered',
    );
    const count = sessionEvents().length;
    await view.locator(`.ladder[aria-label^="Call ladder: ${count} arrows"]`).waitFor({ timeout: 60_000 });
    await view.locator('.ladder-arrow').first().waitFor({ timeout: 20_000 });
    await ladderScreenshot(theme);
  }
});
