// The built call details page (dist/webview.js + css + codicons) in Debian's Chromium, outside VS
// Code: a small HTTP server serves dist/ and a page built by the panel's own shell function, with
// an acquireVsCodeApi stand-in; messages are posted the way the extension posts them. Checks that
// hostile API data is shown as text and runs nothing (with and without the CSP), that the page
// works by keyboard, and prints how long 10,000 events take to paint.
import * as assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../scripts/lib/workbench.mjs';
import { renderShell } from '../../src/callDetails/html';
import { serveDistFile } from './distFiles';
import type { InitMessage, ToWebview } from '../../src/callDetails/protocol';
import { FIRST_SCREEN_ROWS, RowFeed } from '../../src/callDetails/rowFeed';
import { webviewStrings } from '../../src/callDetails/strings';
import type { CallEvent, CallStatus } from '../../src/telnyx/types';
import { eventKey, toEventRow } from '../../src/timeline/model';
import { repoRoot, screenshotsDir } from './harness';
import { readPage, waitForPage } from './pageShown';

const dist = join(repoRoot, 'dist');
const NONCE = 'dGVzdC1ub25jZS0xMjM0NTY3OA==';
const HOSTILE_NAME = '<img src=x onerror=alert(1)>';
const HOSTILE_SCRIPT = '<script>window.__pwned = "script"</script>';
const HOSTILE_ATTR = '"><svg onload="window.__pwned=\'svg\'">';
const CCID = 'v3:hostile<b>bold</b>_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789';

/** The shim stands in for VS Code: it records what the page posts and keeps its state. */
const SHIM = `
window.__posted = [];
window.__dialogs = 0;
window.__violations = [];
window.__state = undefined;
document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));
window.acquireVsCodeApi = () => ({
  postMessage: (m) => window.__posted.push(JSON.parse(JSON.stringify(m))),
  getState: () => window.__state,
  setState: (s) => { window.__state = JSON.parse(JSON.stringify(s)); },
});
`;

let server: Server;
let origin: string;
let browser: Browser;
const requestedPaths: string[] = [];

/** The product's page shell; this test's copy without the Content-Security-Policy checks the renderer alone. */
function pageHtml(withoutCsp: boolean): string {
  const withCsp = renderShell({
    cspSource: origin,
    nonce: NONCE,
    scriptUri: `${origin}/dist/webview.js`,
    styleUri: `${origin}/dist/webview.css`,
    codiconsUri: `${origin}/dist/codicons/codicon.css`,
  });
  const shell = withoutCsp ? withCsp.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>\n/, '') : withCsp;
  const shim = `<script nonce="${NONCE}">${SHIM}</script>\n`;
  return shell.replace('<script nonce=', `${shim}<script nonce=`);
}

before(async () => {
  server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    requestedPaths.push(path);
    if (path === '/csp.html' || path === '/no-csp.html') {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end(pageHtml(path === '/no-csp.html'));
      return;
    }
    if (serveDistFile(dist, path, response)) return;
    response.writeHead(404);
    response.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => server?.close(() => resolve()));
});

function strings(): InitMessage['strings'] {
  return webviewStrings({ l10n: { t: (message: string) => message } });
}

function init(overrides: Partial<InitMessage> = {}): InitMessage {
  return {
    type: 'init',
    target: { kind: 'call', callControlId: CCID, scope: 'session', legId: 'leg-1', sessionId: 'session-1' },
    title: `Call ${HOSTILE_NAME}`,
    strings: strings(),
    locale: 'en-US',
    canSwitchScope: true,
    autoRefreshSeconds: 5,
    ...overrides,
  };
}

function event(
  index: number,
  name: string,
  leg: string,
  metadata: Record<string, unknown> = {},
  type: 'command' | 'webhook' = 'webhook',
): CallEvent {
  const base = Date.UTC(2024, 4, 1, 10, 0, 0) * 1000 + index * 1_234_567;
  const seconds = Math.floor(base / 1_000_000);
  const micros = String(base % 1_000_000).padStart(6, '0');
  return {
    record_type: 'call_event',
    call_leg_id: leg,
    call_session_id: 'session-1',
    event_timestamp: `${new Date(seconds * 1000).toISOString().slice(0, 19)}.${micros}Z`,
    name,
    type,
    metadata,
  };
}

async function openPage(path: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  const page = await context.newPage();
  page.on('dialog', (dialog) => {
    void page.evaluate(() => ((window as unknown as { __dialogs: number }).__dialogs += 1)).catch(() => undefined);
    void dialog.dismiss();
  });
  await page.goto(`${origin}${path}`);
  await page.waitForFunction(() =>
    (window as unknown as { __posted: Array<{ type: string }> }).__posted.some((m) => m.type === 'ready'),
  );
  return page;
}

async function post(page: Page, message: ToWebview): Promise<void> {
  await page.evaluate((m) => window.postMessage(m, '*'), message);
}

/** The timeline as the panel posts it: rows, the metadata kept back until asked for. */
function eventsMessage(events: readonly CallEvent[]): ToWebview {
  return { type: 'events', replace: true, events: events.map(toEventRow), scope: 'session', canSwitchScope: true };
}

/**
 * Plays the extension's part: waits for the page to ask for an event's metadata, answers from
 * `events` as the panel does, and returns the keys asked for so far.
 */
async function answerMetadataRequests(page: Page, events: readonly CallEvent[], answered: number): Promise<string[]> {
  const deadline = Date.now() + 10_000;
  const asked = (): Promise<string[]> =>
    page.evaluate(() =>
      (window as unknown as { __posted: Array<{ type: string; key?: string }> }).__posted
        .filter((m) => m.type === 'metadata')
        .map((m) => m.key ?? ''),
    );
  let keys = await asked();
  while (keys.length <= answered) {
    if (Date.now() > deadline) assert.fail("the page never asked for the expanded event's metadata");
    await new Promise((resolve) => setTimeout(resolve, 30));
    keys = await asked();
  }
  for (const key of keys.slice(answered)) {
    const event = events.find((e) => eventKey(e) === key);
    await post(
      page,
      event
        ? { type: 'metadata', key, found: true, metadata: event.metadata }
        : { type: 'metadata', key, found: false },
    );
  }
  await page.waitForFunction(() => !document.querySelector('.row.expanded pre.json[aria-busy]'));
  return keys;
}

async function nothingRan(
  page: Page,
): Promise<{ pwned: unknown; dialogs: number; images: number; scripts: number; svgWithOnload: number }> {
  return page.evaluate(() => ({
    pwned: (window as unknown as { __pwned?: unknown }).__pwned,
    dialogs: (window as unknown as { __dialogs: number }).__dialogs,
    images: document.querySelectorAll('img').length,
    scripts: document.querySelectorAll('script').length,
    svgWithOnload: document.querySelectorAll('[onload], [onerror]').length,
  }));
}

const hostileStatus: CallStatus = {
  record_type: 'call',
  call_control_id: CCID,
  call_leg_id: `leg-1${HOSTILE_ATTR}`,
  call_session_id: 'session-1',
  is_alive: true,
  start_time: '2024-05-01T10:00:00.000000Z',
  client_state: Buffer.from(HOSTILE_SCRIPT).toString('base64'),
};

const hostileEvents = [
  event(0, HOSTILE_NAME, 'leg-1', {
    note: HOSTILE_NAME,
    payload: { from: HOSTILE_SCRIPT, hangup_cause: HOSTILE_ATTR },
  }),
  event(1, HOSTILE_SCRIPT, `leg-2${HOSTILE_ATTR}`, { delivery: { status: 'failed' }, html: '<b>not bold</b>' }),
  event(2, 'call.hangup', 'leg-1', {}),
];

for (const variant of [
  { name: 'with the CSP', path: '/csp.html' },
  { name: 'without the CSP (the renderer alone)', path: '/no-csp.html' },
]) {
  describe(`hostile data ${variant.name}`, () => {
    test('shows the exact characters and runs nothing', async () => {
      const page = await openPage(variant.path);
      try {
        await post(page, init());
        await post(page, { type: 'status', view: { state: 'alive', status: hostileStatus, fetchedAtMs: Date.now() } });
        await post(page, eventsMessage(hostileEvents));
        await post(page, { type: 'timelineError', error: { kind: 'server', message: `Telnyx said ${HOSTILE_NAME}` } });
        await waitForPage(
          page,
          (p) => p.total === 3 && p.rows.length === 3 && p.timelineError !== undefined,
          'the three events and the error banner',
        );
        await waitForPage(page, (p) => p.laneCount === 2, 'a lane per leg');

        // Names, exactly, as text.
        const names = await page.locator('.row .col-name').allTextContents();
        assert.deepEqual(names, [HOSTILE_NAME, HOSTILE_SCRIPT, 'call.hangup']);
        assert.equal(await page.locator('h1.title').textContent(), `Call ${HOSTILE_NAME}`);
        assert.equal(await page.title(), `Call ${HOSTILE_NAME}`);
        assert.ok((await page.locator('.banner-error').first().textContent())?.includes(`Telnyx said ${HOSTILE_NAME}`));
        // Status card: ids and the decoded client_state, as text.
        const card = (await page.locator('.status-card').textContent()) ?? '';
        assert.ok(card.includes(CCID), 'call_control_id shown as text');
        assert.ok(card.includes(`leg-1${HOSTILE_ATTR}`), 'leg id shown as text');
        assert.ok(card.includes(HOSTILE_SCRIPT), 'decoded client_state shown as text');
        // Expanding the first event shows its metadata as JSON text, and the known fields.
        await page.locator('#event-list').focus();
        await page.keyboard.press('Home');
        await page.keyboard.press('Enter');
        assert.deepEqual(
          await answerMetadataRequests(page, hostileEvents, 0),
          [eventKey(hostileEvents[0])],
          'the page asks for the expanded event only',
        );
        const json = await page.locator('.row.expanded pre.json').textContent();
        assert.equal(json, JSON.stringify(hostileEvents[0].metadata, null, 2));
        const facts = (await page.locator('.row.expanded .detail-facts').textContent()) ?? '';
        assert.ok(facts.includes(HOSTILE_SCRIPT) && facts.includes(HOSTILE_ATTR));

        await page.waitForTimeout(300); // give any injected handler a chance to fire
        const ran = await nothingRan(page);
        assert.equal(ran.pwned, undefined, 'no injected script ran');
        assert.equal(ran.dialogs, 0, 'no dialog opened');
        assert.equal(ran.images, 0, 'no <img> element was created from data');
        assert.equal(ran.scripts, 2, 'only the shim and webview.js');
        assert.equal(ran.svgWithOnload, 0, 'no element with an inline handler');
        assert.ok(!requestedPaths.includes('/x'), 'the browser never fetched the injected image');
        const violations = await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations);
        assert.deepEqual(violations, [], 'the page itself needs nothing the CSP forbids');
      } finally {
        await page.context().close();
      }
    });
  });
}

describe('using the page', () => {
  test('keyboard moves through events, Enter expands, filters update the counts, lanes follow the selection', async () => {
    const page = await openPage('/csp.html');
    try {
      await post(page, init());
      const events = [
        event(0, 'dial', 'leg-a', {}, 'command'),
        event(1, 'call.initiated', 'leg-a', { delivery: { status: 'failed' } }),
        event(2, 'call.answered', 'leg-a', { payload: { from: '+13125550100', state: 'answered' } }),
        event(3, 'transfer', 'leg-a', {}, 'command'),
        event(4, 'call.initiated', 'leg-b'),
        event(5, 'call.bridged', 'leg-b'),
        event(6, 'call.hangup', 'leg-a'),
      ];
      await post(page, {
        type: 'status',
        view: {
          state: 'alive',
          fetchedAtMs: Date.now(),
          status: {
            ...hostileStatus,
            call_leg_id: 'leg-a',
            client_state: Buffer.from('{"order":42}').toString('base64'),
          },
        },
      });
      await post(page, eventsMessage(events));
      await post(page, { type: 'autoRefresh', active: true });
      let shown = await waitForPage(page, (p) => p.total === 7 && p.laneCount > 0, 'the seven events on lanes');
      assert.equal(shown.laneCount, 2);
      assert.deepEqual(shown.typeOptions, ['All types (7)', 'Commands (2)', 'Webhooks (5)']);

      const list = page.locator('#event-list');
      await list.focus();
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      const active = await list.getAttribute('aria-activedescendant');
      assert.equal(await page.locator(`#${active} .col-name`).textContent(), 'call.answered');
      assert.equal(await page.locator(`#${active}`).getAttribute('aria-selected'), 'true');
      // The lanes draw a cursor at the selected event.
      await page.locator('.lanes .cursor').waitFor({ state: 'attached' });
      await page.keyboard.press('Enter');
      assert.equal(await page.locator(`#${active}`).getAttribute('aria-expanded'), 'true');
      await page.locator('.row.expanded pre.json').waitFor();
      assert.equal(
        await page.locator('.row.expanded pre.json').textContent(),
        'Loading metadata…',
        'the metadata is not in the page until asked for',
      );
      await answerMetadataRequests(page, events, 0);
      assert.equal(
        await page.locator('.row.expanded pre.json').textContent(),
        JSON.stringify(events[2].metadata, null, 2),
      );
      shown = await waitForPage(page, (p) => p.rows.some((row) => row.metadataShown), "the expanded event's metadata");
      assert.deepEqual(
        shown.rows.filter((row) => row.metadataShown).map((row) => row.key),
        [eventKey(events[2])],
      );
      mkdirSync(screenshotsDir, { recursive: true });
      await page.screenshot({ path: join(screenshotsDir, 'webview-page-default-colours.png') });
      await page.setViewportSize({ width: 420, height: 900 });
      await page.screenshot({ path: join(screenshotsDir, 'webview-page-narrow.png') });
      await page.setViewportSize({ width: 1200, height: 900 });
      await page.keyboard.press('Enter');
      assert.equal(await page.locator('.row.expanded').count(), 0);

      // Clicking the second lane selects an event of leg-b in the list.
      const lanes = page.locator('.lanes');
      const box = await lanes.boundingBox();
      assert.ok(box);
      await page.mouse.click(box.x + box.width - 20, box.y + 18 + 20 + 10);
      shown = await waitForPage(
        page,
        (p) => p.rows.some((row) => row.selected && row.leg === 'leg-b'),
        'an event of leg-b selected',
      );
      assert.deepEqual(
        shown.rows.filter((row) => row.selected).map((row) => row.name),
        ['call.bridged'],
      );

      await page.locator('#filter-name').fill('initiated');
      await waitForPage(page, (p) => p.shown === 2, 'two events shown');
      assert.deepEqual(await page.locator('.row .col-name').allTextContents(), ['call.initiated', 'call.initiated']);
      assert.equal(await page.locator('#filter-count').textContent(), 'Showing 2 of 7 events');
      await page.locator('#filter-failed').check();
      shown = await waitForPage(page, (p) => p.shown === 1, 'the failed delivery only');
      assert.equal(shown.failedLabel, 'Failed deliveries only (1)');
      assert.equal(await page.locator('.row.failed .failed-mark').count(), 1);
      await page.locator('#filter-name').fill('');
      await page.locator('#filter-failed').uncheck();
      await page.locator('#filter-type').selectOption('command');
      shown = await waitForPage(
        page,
        (p) => p.shown === 2 && p.rows.every((row) => row.name === 'dial' || row.name === 'transfer'),
        'the commands only',
      );
      assert.deepEqual(
        shown.rows.map((row) => row.name),
        ['dial', 'transfer'],
      );
      assert.equal(await page.locator('#filter-count').textContent(), 'Showing 2 of 7 events');

      // Buttons ask the extension; the page never fetches anything itself.
      await page.getByRole('button', { name: 'This leg only' }).click();
      await page.getByRole('button', { name: 'Refresh' }).click();
      const asked = await page.evaluate(() =>
        (window as unknown as { __posted: Array<{ type: string }> }).__posted.map((m) => m.type),
      );
      assert.ok(asked.includes('setScope') && asked.includes('refresh'));
      const state = await page.evaluate(() => (window as unknown as { __state: { filter: { type: string } } }).__state);
      assert.equal(state.filter.type, 'command', 'filters survive in the webview state');
    } finally {
      await page.context().close();
    }
  });

  test('10,000 events: first paint, virtualised rows, scrolling to the end', async () => {
    const page = await openPage('/csp.html');
    try {
      await post(page, init());
      const legs = ['leg-a', 'leg-b', 'leg-c'];
      const events = Array.from({ length: 10_000 }, (_, i) =>
        event(
          i,
          i % 7 === 0 ? 'speak' : `call.event_${i}`,
          legs[i % 3],
          { index: i, payload: { from: '+13125550100', to: '+14155550100' } },
          i % 7 === 0 ? 'command' : 'webhook',
        ),
      );
      const message = eventsMessage(events);
      // Measured in the page: from handing over the message to a painted frame showing rows.
      const paintMs = await page.evaluate(async (m) => {
        const started = performance.now();
        window.postMessage(m, '*');
        await new Promise<void>((resolve) => {
          const check = (): void => {
            if (document.querySelector('.row')) requestAnimationFrame(() => setTimeout(resolve, 0));
            else requestAnimationFrame(check);
          };
          check();
        });
        return performance.now() - started;
      }, message);
      const shown = await waitForPage(page, (p) => p.total === 10_000 && p.laneCount > 0, 'the 10,000 events on lanes');
      console.log(`[webview] 10,000 events: first paint ${paintMs.toFixed(0)} ms`);

      const rowsInDom = await page.locator('.row').count();
      assert.ok(rowsInDom > 10 && rowsInDom < 120, `only the visible rows exist (${rowsInDom})`);
      assert.equal(shown.laneCount, 3);

      const scrollMs = await page.evaluate(async () => {
        const list = document.querySelector('.list') as HTMLElement;
        const started = performance.now();
        for (let i = 1; i <= 30; i++) {
          list.scrollTop = (list.scrollHeight * i) / 30;
          await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
        }
        return (performance.now() - started) / 30;
      });
      console.log(
        `[webview] 10,000 events: ${scrollMs.toFixed(1)} ms per scroll step (two frames each), 30 steps to the end`,
      );
      await page.locator('#event-list').focus();
      await page.keyboard.press('End');
      const last = await waitForPage(
        page,
        (p) => p.rows.some((row) => row.name === 'call.event_9999'),
        'the last event',
      );
      assert.ok(last.rows.length < 120);
      assert.equal(await page.locator('.row.selected .col-name').textContent(), 'call.event_9999');
    } finally {
      await page.context().close();
    }
  });

  test('a long timeline in parts, as the panel posts it: first screen first, then every event for filters, lanes, keys', async () => {
    const page = await openPage('/csp.html');
    const asked = (): Promise<number[]> =>
      page.evaluate(() =>
        (window as unknown as { __posted: Array<{ type: string; feed?: number }> }).__posted
          .filter((m) => m.type === 'moreEvents')
          .map((m) => m.feed ?? -1),
      );
    /** Plays the panel: each part when the page asks for it, until the feed is over. */
    const answerParts = async (feed: RowFeed, id: number, askedBefore: number): Promise<number> => {
      let answered = askedBefore;
      let parts = 0;
      for (;;) {
        await page.waitForFunction(
          (n) =>
            (window as unknown as { __posted: Array<{ type: string }> }).__posted.filter((m) => m.type === 'moreEvents')
              .length > n,
          answered,
        );
        answered++;
        const part = feed.next(id);
        if (!part) return parts;
        await post(page, part);
        parts++;
        if (part.following === 0) return parts;
      }
    };
    try {
      await post(page, init());
      const legs = ['leg-a', 'leg-b', 'leg-c'];
      const events = Array.from({ length: 6_000 }, (_, i) =>
        event(
          i,
          i % 7 === 0 ? 'speak' : `call.event_${i}`,
          legs[i % 3],
          { index: i },
          i % 7 === 0 ? 'command' : 'webhook',
        ),
      );
      const rows = events.map(toEventRow);
      const feed = new RowFeed();
      const first = feed.start(rows, { scope: 'session', canSwitchScope: true });
      assert.equal(first.events.length, FIRST_SCREEN_ROWS);
      assert.equal(first.following, 6_000 - FIRST_SCREEN_ROWS);
      await post(page, first);
      // The first screen is drawn before the page asks for the rest.
      await page.waitForFunction(() =>
        (window as unknown as { __posted: Array<{ type: string }> }).__posted.some((m) => m.type === 'moreEvents'),
      );
      assert.ok(
        (await readPage(page)).rows.some((row) => row.name === 'speak'),
        'the first rows are on screen',
      );
      assert.equal((await asked())[0], first.feed);

      const parts = await answerParts(feed, first.feed ?? -1, 0);
      assert.equal(parts, 3, '5,800 rows in parts of 2,500');
      const shown = await waitForPage(page, (p) => p.total === 6_000, 'all 6,000 events');
      assert.equal(shown.laneCount, 3);
      assert.deepEqual(shown.typeOptions, ['All types (6,000)', 'Commands (858)', 'Webhooks (5,142)']);
      await page.locator('#filter-name').fill('event_5998');
      await waitForPage(page, (p) => p.shown === 1, 'the last event found by name');
      await page.locator('#filter-name').fill('');
      await waitForPage(page, (p) => p.shown === 6_000, 'every event again');
      await page.locator('#event-list').focus();
      await page.keyboard.press('End');
      await waitForPage(
        page,
        (p) => p.rows.some((row) => row.name === 'call.event_5998'),
        'the end of the list by End',
      );

      // A new timeline (a refresh): what is shown stays until all of it is in; a part of an old feed is ignored.
      const second = feed.start(rows.slice(0, 3_000), { scope: 'session', canSwitchScope: true });
      const stale = feed.next((second.feed ?? 0) - 1);
      assert.equal(stale, undefined, 'the panel answers no part of an old feed');
      const askedBefore = (await asked()).length;
      await post(page, second);
      await post(page, { type: 'eventsMore', feed: (second.feed ?? 0) - 1, events: rows.slice(3_000), following: 0 });
      await page.waitForFunction(
        (n) =>
          (window as unknown as { __posted: Array<{ type: string }> }).__posted.filter((m) => m.type === 'moreEvents')
            .length > n,
        askedBefore,
      );
      assert.equal((await readPage(page)).total, 6_000, 'the timeline on screen is not cut back to a first screen');
      assert.equal(await answerParts(feed, second.feed ?? -1, askedBefore), 2);
      await waitForPage(page, (p) => p.total === 3_000, 'the second timeline alone');
      assert.equal((await readPage(page)).total, 3_000);
    } finally {
      await page.context().close();
    }
  });

  // Moved here from the in-host suite (which observes the panel's session, not the page).
  test('events of other calls left out: a quiet line, said once; one event is "1 event"; the axis starts at 0 s', async () => {
    const page = await openPage('/csp.html');
    try {
      await post(page, init());
      await post(page, eventsMessage([event(0, 'call.initiated', 'leg-1')]));
      await waitForPage(page, (p) => p.total === 1, 'the one event');
      assert.equal(await page.locator('#filter-count').textContent(), 'Showing 1 of 1 event');
      assert.equal(await page.locator('.lanes .lane title').first().textContent(), 'Leg leg-1: 1 event');
      assert.equal(await page.locator('.lanes .axis-label').first().textContent(), '0 s');

      const words = 'Telnyx returned events of other calls; 3 left out.';
      await post(page, { type: 'timelineNotice', notice: { kind: 'ignored_filter', count: 3, message: words } });
      const notice = page.locator('.timeline-notice');
      await notice.waitFor();
      assert.equal(await notice.textContent(), words);
      assert.equal(await notice.getAttribute('role'), 'status', 'a status, not an alert');
      assert.equal(await page.locator('[role="alert"]:visible').count(), 0, 'nothing alerts');
      assert.equal(await page.locator('.banner-error:visible').count(), 0, 'no error banner');
      assert.equal(await page.locator('[data-action="retry"]').count(), 0, 'nothing to retry');
      const colour = await notice.evaluate((node) => getComputedStyle(node).color);
      const errorColour = await page.evaluate(() => {
        const probe = document.body.appendChild(
          Object.assign(document.createElement('span'), { style: 'color: var(--error)' }),
        );
        const value = getComputedStyle(probe).color;
        probe.remove();
        return value;
      });
      assert.notEqual(colour, errorColour, 'not in the error colour');
      // The panel says it again at each refresh: the line a screen reader heard stays the same node.
      await notice.evaluate((node) => node.firstElementChild?.setAttribute('data-heard', 'yes'));
      await post(page, { type: 'timelineNotice', notice: { kind: 'ignored_filter', count: 3, message: words } });
      await post(page, eventsMessage([event(0, 'call.initiated', 'leg-1')]));
      await waitForPage(page, (p) => p.total === 1, 'the refreshed event');
      assert.equal(await notice.locator('[data-heard="yes"]').count(), 1, 'not redrawn, so not announced again');
      // A session that words it as an error of kind ignored_filter is shown just as quietly.
      await post(page, { type: 'timelineNotice', notice: undefined });
      await post(page, { type: 'timelineError', error: { kind: 'ignored_filter', message: words } });
      await page.locator('.timeline-notice', { hasText: words }).waitFor();
      assert.equal(await page.locator('.banner-error:visible').count(), 0, 'still no error banner');
      await post(page, { type: 'timelineError', error: undefined });
      await notice.waitFor({ state: 'hidden' });
    } finally {
      await page.context().close();
    }
  });

  test('a timeline that spans more than one day shows the date with each time', async () => {
    const page = await openPage('/csp.html');
    try {
      await post(page, init());
      const sameDay = [
        event(0, 'call.initiated', 'leg-a'),
        event(1, 'call.answered', 'leg-a'),
        event(2, 'call.hangup', 'leg-a'),
      ];
      await post(page, eventsMessage(sameDay));
      const oneDay = (
        await waitForPage(page, (p) => p.total === 3 && p.rows.length === 3, 'the three events')
      ).rows.map((row) => row.time);
      assert.ok(
        oneDay.every((time) => /^\d\d:\d\d:\d\d/.test(time)),
        oneDay.join(', '),
      );
      const dayBeforeMs = Date.parse(sameDay[0].event_timestamp) - 26 * 3_600_000;
      const earlier: CallEvent = {
        ...event(0, 'call.initiated', 'leg-b'),
        event_timestamp: `${new Date(dayBeforeMs).toISOString().slice(0, 19)}.000001Z`,
      };
      await post(page, eventsMessage([earlier, ...sameDay]));
      const twoDays = (
        await waitForPage(page, (p) => p.total === 4 && p.rows.length === 4, 'the four events')
      ).rows.map((row) => row.time);
      const dayBefore = new Date(dayBeforeMs).getDate();
      assert.match(twoDays[0], new RegExp(`\\b${dayBefore}\\b.*\\d\\d:\\d\\d:\\d\\d`), twoDays.join(', '));
      assert.ok(
        twoDays.every((time) => /\D\d{1,2}\D.*\d\d:\d\d:\d\d/.test(time)),
        'every row has its date',
      );
    } finally {
      await page.context().close();
    }
  });
});
