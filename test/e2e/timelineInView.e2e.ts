// The timeline is the call panel's main content: in a 1400×900 window, a two-leg call with findings,
// a status and an end of call opens with its first timeline rows on screen, and in the ladder its
// first arrows, without any scrolling; the findings, the status and the end of call are on screen too.
import * as assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Locator } from 'playwright-core';
import type { CallEvent } from '../../src/telnyx/types';
import { startSimulator, type StartedSimulator } from '../simulator/index';
import { Workbench } from './harness';

let sim: StartedSimulator;
let workbench: Workbench;
let mainName: string;
let sessionId: string;
const LABEL = 'in-view-call';
const VIEWPORT = { width: 1400, height: 900 };
/** Rows (and arrows) that must be on screen as the panel opens. */
const FIRST = 3;

function sessionEvents(): CallEvent[] {
  return [...sim.state.events({ sessionId })].sort((a, b) => a.event_timestamp.localeCompare(b.event_timestamp));
}

/**
 * How much of `element` a person sees as it is: its box cut by every ancestor that clips or scrolls,
 * by the webview's window, and by the workbench's window around the webview's frame.
 */
async function shownFraction(element: Locator): Promise<number> {
  const inFrame = await element.evaluate((node) => {
    const box = node.getBoundingClientRect();
    let top = box.top;
    let bottom = box.bottom;
    for (let parent = node.parentElement; parent; parent = parent.parentElement) {
      if (!/auto|scroll|hidden|clip/.test(getComputedStyle(parent).overflowY)) continue;
      const clip = parent.getBoundingClientRect();
      top = Math.max(top, clip.top);
      bottom = Math.min(bottom, clip.bottom);
    }
    top = Math.max(top, 0);
    bottom = Math.min(bottom, window.innerHeight);
    return { height: box.height, top, bottom };
  });
  if (!(inFrame.height > 0)) return 0;
  // The frame's offset in the workbench: the element's box there, minus its box in the frame.
  const onPage = await element.boundingBox();
  const inFrameBox = await element.evaluate((node) => node.getBoundingClientRect().top);
  if (!onPage) return 0;
  const offset = onPage.y - inFrameBox;
  const top = Math.max(inFrame.top + offset, 0);
  const bottom = Math.min(inFrame.bottom + offset, VIEWPORT.height);
  return Math.max(0, bottom - top) / inFrame.height;
}

/**
 * Measured again for up to 5 s while it is not: a part the page re-renders (the status on a poll) is
 * measured at 0 height in the moment its element is replaced, which no one sees.
 */
async function assertOnScreen(element: Locator, what: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  let fraction = await shownFraction(element);
  while (fraction <= 0.99 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    fraction = await shownFraction(element);
  }
  assert.ok(fraction > 0.99, `${what} is on screen without scrolling (${Math.round(fraction * 100)} % of it is)`);
}

/** Nothing was scrolled: what is on screen is what the panel opened with. */
async function assertNotScrolled(selector: string): Promise<void> {
  const top = await workbench
    .webview()
    .locator(selector)
    .evaluate((node) => node.scrollTop);
  assert.equal(top, 0, `${selector} is not scrolled`);
}

before(async () => {
  sim = await startSimulator({ seed: 7 });
  const main = sim.state.connections().find((c) => c.id === sim.seed.mainConnectionId);
  assert.ok(main?.connection_name);
  mainName = main.connection_name;
  // A transferred call with a failed delivery and a leg that hung up: findings, status, end of call.
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
    userSettings: { 'telnyx.apiBaseUrl': sim.url, 'workbench.colorTheme': 'Default Dark Modern' },
    env: { TELNYX_API_KEY: sim.apiKey },
    viewport: VIEWPORT,
  });
});

after(async () => {
  await workbench?.close();
  await sim?.close();
});

test('at 1400×900 the first timeline rows are on screen, with the findings, the status and the end of call', async () => {
  await workbench.openCallFromTree(mainName, LABEL);
  const view = workbench.webview();
  const events = sessionEvents();
  await view
    .locator('.row')
    .nth(events.length - 1)
    .waitFor({ timeout: 30_000 });
  await view.locator('.state-badge', { hasText: 'Alive' }).waitFor({ timeout: 30_000 });
  await view.locator('.finding').first().waitFor({ timeout: 30_000 });
  await view.locator('.end-of-call-leg').first().waitFor({ timeout: 30_000 });
  assert.ok((await view.locator('.finding').count()) >= 2, 'a call with several findings');

  await assertNotScrolled('html');
  await assertNotScrolled('#event-list');
  for (let i = 0; i < FIRST; i++) {
    const row = view.locator('.timeline-section > .event-list .row').nth(i);
    assert.equal(
      await row.locator('.col-name').textContent(),
      events[i].name,
      `row ${i + 1} is the call's event ${i + 1}`,
    );
    await assertOnScreen(row, `timeline row ${i + 1} (${events[i].name})`);
  }
  await assertOnScreen(view.locator('.findings-section .finding-title').first(), 'the first finding');
  await assertOnScreen(view.locator('.state-badge'), 'the call status');
  await assertOnScreen(view.locator('.status-card .duration'), 'the duration');
  await assertOnScreen(view.locator('.end-of-call-leg').first(), 'the end of call');
  await workbench.page.mouse.move(0, 0);
  await workbench.screenshot('timeline-in-view-list');
});

test('in the ladder, at 1400×900 the lifelines and the first arrows are on screen', async () => {
  const view = workbench.webview();
  const events = sessionEvents();
  await view.locator('.view-toggle button', { hasText: 'Ladder' }).click();
  await view
    .locator('.ladder-arrow')
    .nth(FIRST - 1)
    .waitFor({ timeout: 20_000 });
  await assertNotScrolled('html');
  await assertNotScrolled('.ladder');
  await assertOnScreen(view.locator('.ladder-head').first(), "the lifelines' heads");
  const labels = view.locator('.ladder-arrow .ladder-label-text');
  for (let i = 0; i < FIRST; i++) {
    assert.equal(
      (await labels.nth(i).textContent())?.replace(/ \(.*\)$/, ''),
      events[i].name,
      `arrow ${i + 1} is the call's event ${i + 1}`,
    );
    await assertOnScreen(view.locator('.ladder-arrow').nth(i), `ladder arrow ${i + 1} (${events[i].name})`);
  }
  await assertOnScreen(view.locator('.findings-section .finding-title').first(), 'the first finding');
  await assertOnScreen(view.locator('.state-badge'), 'the call status');
  await workbench.page.mouse.move(0, 0);
  await workbench.screenshot('timeline-in-view-ladder');
});
