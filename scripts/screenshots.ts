// The README's pictures (docs/screenshots/*.png, 1400×900), taken in a real VS Code against the
// simulator in live mode, the way a user sets it up (`telnyx.apiBaseUrl` in user settings, the key in
// TELNYX_API_KEY). One workbench for all of them; the light picture after a reload with the light
// theme in settings.json (the web workbench reads an edited settings file only on reload).
// Run through scripts/screenshots.mjs (`npm run screenshots`), which builds this file first.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Workbench, repoRoot } from '../test/e2e/harness';
import { startSimulator, type StartedSimulator } from '../test/simulator/index';
import { startDemoLoop } from './lib/demoLoop.mjs';
import { freePort } from './lib/proc.mjs';

const OUT = join(repoRoot, 'docs', 'screenshots');
const SHOTS = ['tree', 'call-dark', 'hover', 'call-light', 'live-ladder'] as const;
type Shot = (typeof SHOTS)[number];
/** Small pages, so that the expanded connections end in a "Load more…" row on screen. */
const PAGE_SIZE = 6;
const SIDEBAR_WIDTH = 560;
const THEMES = {
  dark: { setting: 'Default Dark Modern', workbenchClass: 'vs-dark', webviewClass: 'vscode-dark' },
  light: { setting: 'Default Light Modern', workbenchClass: 'vs', webviewClass: 'vscode-light' },
} as const;

const { values: args } = parseArgs({ options: { only: { type: 'string' } } });
const wanted = new Set<Shot>(args.only ? (args.only.split(',') as Shot[]) : SHOTS);

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  if (wanted.has('live-ladder')) await liveLadderShot();
  if (SHOTS.some((shot) => shot !== 'live-ladder' && wanted.has(shot))) await seededShots();
  shrink();
}

async function seededShots(): Promise<void> {
  const sim = await startSimulator({ seed: 1, live: true });
  // A few seconds of live calls, so the main connection has fresh calls with client_state too.
  for (let i = 0; i < 20; i++) sim.tickLive();
  const aliveId = sim.seed.aliveCallControlId;
  const log = [
    '2026-05-01T12:00:00.120Z INFO  webhook call.initiated received',
    `2026-05-01T12:00:00.480Z INFO  answering call_control_id=${aliveId} from=+13125550100`,
    '2026-05-01T12:00:01.002Z DEBUG answer accepted',
    '2026-05-01T12:00:01.340Z INFO  webhook call.answered received',
  ].join('\n');
  const workbench = await Workbench.start({
    userSettings: {
      'telnyx.apiBaseUrl': sim.url,
      'telnyx.pageSize': PAGE_SIZE,
      'telnyx.activeCalls.refreshInterval': 5,
      'workbench.colorTheme': THEMES.dark.setting,
      'editor.minimap.enabled': false,
    },
    env: { TELNYX_API_KEY: sim.apiKey },
    files: { 'logs/webhooks.log': `${log}\n` },
    viewport: { width: 1400, height: 900 },
    // Look Up Call offers a call_control_id found on the clipboard; without the permission the
    // browser's clipboard read never answers and the input box never opens.
    permissions: ['clipboard-read', 'clipboard-write'],
  });
  try {
    await treeShot(workbench, sim);
    await callShot(workbench, sim, 'dark');
    await hoverShot(workbench, aliveId);
    await callShot(workbench, sim, 'light');
  } catch (error) {
    await workbench.page
      .screenshot({ path: join(repoRoot, 'test-results', 'screenshots-failure.png') })
      .catch(() => undefined);
    throw error;
  } finally {
    await workbench.close();
    await sim.close();
  }
}

async function save(workbench: Workbench, shot: Shot): Promise<void> {
  if (!wanted.has(shot)) return;
  await quiet(workbench);
  const path = join(OUT, `${shot}.png`);
  await workbench.page.screenshot({ path });
  console.log(`${path} (${Math.round(statSync(path).size / 1024)} KB)`);
}

/** No toasts, no tooltips: clears the notifications and parks the mouse on an empty spot. */
async function quiet(workbench: Workbench): Promise<void> {
  const page = workbench.page;
  const toasts = workbench.notifications();
  if ((await toasts.count()) > 0) {
    await workbench.runCommand('Notifications: Clear All Notifications');
    await toasts
      .first()
      .waitFor({ state: 'hidden', timeout: 5000 })
      .catch(() => undefined);
  }
  await page.waitForTimeout(300);
}

async function treeShot(workbench: Workbench, sim: StartedSimulator): Promise<void> {
  const page = workbench.page;
  await workbench.openTelnyxView();
  await widenSidebar(workbench, SIDEBAR_WIDTH);
  await showMainConnection(workbench, sim);
  const calls = workbench.connectionsView().locator('.monaco-list-row[aria-level="2"]');
  // A call opened from the tree fills the editor area beside it.
  await calls.first().click();
  await workbench.webview().locator('.state-badge').waitFor({ timeout: 30_000 });
  // Some ticks of the durations.
  await page.waitForTimeout(2500);
  await page.mouse.move(1390, 890);
  await save(workbench, 'tree');
}

/** Narrows the tree to the main connection's name from the view's title bar, as a person with many
 *  connections does, and expands it down to its "Load more…" row. */
async function showMainConnection(workbench: Workbench, sim: StartedSimulator): Promise<void> {
  const main = sim.state.connections().find((c) => c.id === sim.seed.mainConnectionId)?.connection_name;
  if (!main) throw new Error('the main connection has no name');
  await workbench.page
    .locator('.part.sidebar .title-actions .action-label[aria-label="Filter Connections by Name…"]')
    .click();
  const input = workbench.quickInput().locator('input');
  await input.waitFor({ state: 'visible' });
  await input.fill(main.split('-')[0]);
  await input.press('Enter');
  await input.waitFor({ state: 'hidden' });
  const row = workbench.treeRows({ hasText: new RegExp(`^\\s*${main}(?!-)`) }).first();
  await row.waitFor({ timeout: 30_000 });
  if ((await row.getAttribute('aria-expanded')) !== 'true') await row.click();
  await workbench.poll(
    () => row.getAttribute('aria-expanded'),
    (v) => v === 'true',
  );
  await workbench
    .connectionsView()
    .locator('.monaco-list-row[aria-level="2"]', { hasText: 'Load more…' })
    .first()
    .waitFor({ timeout: 30_000 });
}

/** Drags the sash between the side bar and the editor, as a person widens the side bar. */
async function widenSidebar(workbench: Workbench, width: number): Promise<void> {
  const page = workbench.page;
  const sidebar = await page.locator('.part.sidebar').boundingBox();
  if (!sidebar) throw new Error('no side bar');
  const edge = sidebar.x + sidebar.width;
  // The vertical sash whose middle is nearest the side bar's right edge.
  const sashes = await page.locator('.monaco-sash.vertical').evaluateAll((nodes) =>
    nodes
      .map((n) => n.getBoundingClientRect())
      .filter((r) => r.width > 0 && r.height > 100)
      .map((r) => ({ x: r.x + r.width / 2, y: r.y + r.height / 2 })),
  );
  const sash = sashes.sort((a, b) => Math.abs(a.x - edge) - Math.abs(b.x - edge))[0];
  if (!sash || Math.abs(sash.x - edge) > 10)
    throw new Error(`no sash at the side bar's edge (${edge}): ${JSON.stringify(sashes)}`);
  await page.mouse.move(sash.x, sash.y);
  await page.mouse.down();
  await page.mouse.move(sash.x + 10, sash.y, { steps: 2 });
  await page.mouse.move(sidebar.x + width, sash.y, { steps: 10 });
  await page.mouse.up();
  const after = await page.locator('.part.sidebar').boundingBox();
  if (!after || Math.abs(after.width - width) > 20) console.warn(`side bar is ${after?.width}px wide, wanted ${width}`);
}

async function callShot(workbench: Workbench, sim: StartedSimulator, theme: keyof typeof THEMES): Promise<void> {
  const page = workbench.page;
  const aliveId = sim.seed.aliveCallControlId;
  const status = sim.state.callStatus(aliveId);
  if (!status) throw new Error('the seeded alive call has no status');
  const events = sim.state.events({ sessionId: status.call_session_id });
  if (theme === 'dark') {
    // The side bar back to its usual width, so the panel has room for its lanes.
    await widenSidebar(workbench, 330);
    await workbench.runCommand('Telnyx: Look Up Call…');
    const input = workbench.quickInput().locator('input');
    await workbench.poll(
      () => input.getAttribute('placeholder'),
      (p) => p === 'v3:…',
    );
    await input.fill(aliveId);
    await input.press('Enter');
  } else {
    const settingsFile = join(workbench.server.dirs.userData, 'User', 'settings.json');
    const settings = JSON.parse(readFileSync(settingsFile, 'utf8')) as Record<string, unknown>;
    writeFileSync(settingsFile, JSON.stringify({ ...settings, 'workbench.colorTheme': THEMES.light.setting }, null, 2));
    await page.reload();
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await workbench.openTelnyxView();
    // The name filter lasts for a window's life: set it again, so this picture matches the dark one.
    await showMainConnection(workbench, sim);
    // The restored call panel, brought to the front (and the focus off the tree row).
    await page
      .locator('.tabs-container .tab', { hasText: /^Call v3:/ })
      .first()
      .click();
  }
  await page.locator(`.monaco-workbench.${THEMES[theme].workbenchClass}`).waitFor({ timeout: 30_000 });
  const view = workbench.webview();
  await view.locator(`body.${THEMES[theme].webviewClass}`).waitFor({ timeout: 30_000 });
  await view.locator('.state-badge', { hasText: 'Alive' }).waitFor({ timeout: 30_000 });
  await view
    .locator('.row')
    .nth(events.length - 1)
    .waitFor({ timeout: 30_000 });
  if (theme === 'dark') {
    // The first event of the second leg (the transfer), with its metadata open.
    const second = events.find((e) => e.call_leg_id !== status.call_leg_id) ?? events[1];
    const index = [...events].sort((a, b) => a.event_timestamp.localeCompare(b.event_timestamp)).indexOf(second);
    await view.locator('.row').nth(index).locator('[data-action="toggle"]').click();
    await view.locator('.row.expanded pre.json').waitFor();
  }
  await page.mouse.move(1390, 890);
  await save(workbench, `call-${theme}`);
}

async function hoverShot(workbench: Workbench, aliveId: string): Promise<void> {
  const page = workbench.page;
  await workbench.openFile('logs/webhooks.log');
  // The log grammar puts the id in one span with the text before it: point at the span's end, on the id.
  const token = page.locator('.monaco-editor .view-line span span', { hasText: aliveId.slice(3, 15) }).first();
  await token.waitFor({ state: 'visible' });
  const box = await token.boundingBox();
  if (!box) throw new Error('the id is not on screen');
  await page.mouse.move(box.x + box.width - 6, box.y + box.height / 2);
  const hover = page.locator('.monaco-hover:not(.hidden)').first();
  await hover.waitFor({ state: 'visible', timeout: 15_000 });
  await hover.getByText('Alive').waitFor({ timeout: 15_000 });
  await page.waitForTimeout(300);
  await save(workbench, 'hover');
  await page.mouse.move(1390, 890);
}

/**
 * The demo's loop (the simulator ringing the sample application through the live tap), started as the
 * demo starts it, with the tap started from the palette as a user does; the ladder of the first call
 * the sample app took to its end, with the application's answer on each webhook arrow and Telnyx's on
 * each command arrow.
 */
async function liveLadderShot(): Promise<void> {
  const loop = await startDemoLoop(repoRoot, {
    webhookPort: await freePort(),
    apiPort: await freePort(),
    appPort: await freePort(),
    ringEverySeconds: 4,
  });
  let workbench: Workbench | undefined;
  try {
    workbench = await Workbench.start({
      userSettings: {
        ...loop.userSettings,
        'workbench.colorTheme': THEMES.dark.setting,
        'editor.minimap.enabled': false,
      },
      env: { TELNYX_API_KEY: loop.sim.key },
      viewport: { width: 1400, height: 900 },
    });
    await workbench.openTelnyxView();
    await workbench.runCommand('Telnyx: Start Live Tap');
    const input = workbench.quickInput().locator('input');
    await workbench.poll(
      () => input.inputValue(),
      (value) => value === loop.appUrl,
      15_000,
      "the sample app's address offered",
    );
    await input.press('Enter');
    const endedCall = workbench
      .connectionsView()
      .locator('.monaco-list-row[aria-level="2"]', { hasText: /ended/ })
      .first();
    await endedCall.waitFor({ timeout: 60_000 });
    await endedCall.click();
    const view = workbench.webview();
    await view.locator('.row', { hasText: 'call.hangup' }).first().waitFor({ timeout: 30_000 });
    await view.locator('.view-toggle button', { hasText: 'Ladder' }).click();
    await view.locator('.ladder-arrow', { hasText: 'gather_using_speak' }).first().waitFor({ timeout: 20_000 });
    await workbench.page.mouse.move(1390, 890);
    await save(workbench, 'live-ladder');
  } catch (error) {
    await workbench?.page
      .screenshot({ path: join(repoRoot, 'test-results', 'screenshots-failure.png') })
      .catch(() => undefined);
    throw error;
  } finally {
    await workbench?.close();
    await loop.stop();
  }
}

/** Lossy palette compression when pngquant is there (README pictures: a few hundred KB at most). */
function shrink(): void {
  const has = spawnSync('sh', ['-c', 'command -v pngquant'], { stdio: 'ignore' }).status === 0;
  if (!has) {
    console.log('pngquant not installed: PNGs left as Chromium wrote them (apt-get install pngquant to shrink them)');
    return;
  }
  for (const shot of wanted) {
    const path = join(OUT, `${shot}.png`);
    spawnSync('pngquant', ['--force', '--skip-if-larger', '--quality', '80-95', '--output', path, path], {
      stdio: 'inherit',
    });
    console.log(`${path} after pngquant: ${Math.round(statSync(path).size / 1024)} KB`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
