// The ladder of the built call details page in Debian's Chromium, outside VS Code (the panel's own
// shell and CSP around dist/webview.js, an acquireVsCodeApi stand-in): markup in every field of the
// events (names, leg ids, payload, hangup facts, delivery) is shown as text and runs nothing, in the
// ladder, its details, the end of call and the exports; and only the arrows on screen are in the DOM.
import * as assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../scripts/lib/workbench.mjs';
import { renderShell } from '../../src/callDetails/html';
import type { InitMessage, ToWebview } from '../../src/callDetails/protocol';
import { webviewStrings } from '../../src/callDetails/strings';
import type { CallEvent } from '../../src/telnyx/types';
import { eventKey, toEventRow } from '../../src/timeline/model';
import { serveDistFile } from './distFiles';
import { repoRoot } from './harness';
import { arrowCountOf, waitForPage, type PageShown } from './pageShown';

const NONCE = 'bGFkZGVyLXBhZ2Utbm9uY2UtMTIzNA==';
const HOSTILE = [
  '<img src=x onerror="window.__pwned=\'img\'">',
  '<script>window.__pwned="script"</script>',
  '"><svg onload="window.__pwned=\'svg\'">',
  '<a href="javascript:window.__pwned=1">x</a>',
].join(' ');

const SHIM = `
window.__posted = [];
window.__state = { target: { kind: 'call', callControlId: 'v3:hostile', scope: 'session' }, view: 'ladder' };
window.acquireVsCodeApi = () => ({
  postMessage: (m) => window.__posted.push(JSON.parse(JSON.stringify(m))),
  getState: () => window.__state,
  setState: (s) => { window.__state = JSON.parse(JSON.stringify(s)); },
});
`;

let server: Server;
let origin: string;
let browser: Browser;

before(async () => {
  server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    if (path === '/panel.html') {
      const shell = renderShell({
        cspSource: origin,
        nonce: NONCE,
        scriptUri: `${origin}/dist/webview.js`,
        styleUri: `${origin}/dist/webview.css`,
        codiconsUri: `${origin}/dist/codicons/codicon.css`,
      });
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end(shell.replace('<script nonce=', `<script nonce="${NONCE}">${SHIM}</script>\n<script nonce=`));
      return;
    }
    if (serveDistFile(join(repoRoot, 'dist'), path, response)) return;
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

function init(): InitMessage {
  return {
    type: 'init',
    target: { kind: 'call', callControlId: 'v3:hostile', scope: 'session' },
    title: `Call ${HOSTILE}`,
    strings: webviewStrings({ l10n: { t: (message: string) => message } }),
    locale: 'en-US',
    canSwitchScope: false,
    autoRefreshSeconds: 5,
  };
}

function at(seconds: number): string {
  return new Date(Date.UTC(2024, 4, 1, 10, 0, 0) + seconds * 1000).toISOString().replace('Z', '123Z');
}

function hostileEvents(): CallEvent[] {
  const payload = {
    from: HOSTILE,
    to: HOSTILE,
    direction: HOSTILE,
    hangup_cause: HOSTILE,
    hangup_source: HOSTILE,
    sip_hangup_cause: HOSTILE,
    call_quality_stats: { inbound: { mos: '2.1', packet_count: HOSTILE }, outbound: { mos: HOSTILE } },
  };
  // Distinct webhook ids: deliveries with one id would (rightly) share an arrow.
  const envelope = (n: number): Record<string, unknown> => ({
    data: { id: `${HOSTILE}${n}`, event_type: HOSTILE, occurred_at: HOSTILE, payload },
    meta: { attempt: 2, delivered_to: HOSTILE },
  });
  const event = (
    s: number,
    name: string,
    leg: string,
    type: 'command' | 'webhook',
    metadata: Record<string, unknown>,
  ): CallEvent => ({
    record_type: 'call_event',
    call_leg_id: leg,
    call_session_id: HOSTILE,
    event_timestamp: at(s),
    name,
    type,
    metadata,
  });
  return [
    event(0, HOSTILE, HOSTILE, 'webhook', envelope(1)),
    event(2, HOSTILE, HOSTILE, 'command', { result: HOSTILE, errors: [{ code: HOSTILE }] }),
    event(3, 'call.answered', `${HOSTILE}2`, 'webhook', { ...envelope(2), delivery: { status: 'failed' } }),
    event(90, 'call.hangup', `${HOSTILE}2`, 'webhook', envelope(3)),
  ];
}

async function openPage(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1300, height: 900 } });
  const page = await context.newPage();
  page.on(
    'dialog',
    (dialog) =>
      void dialog
        .dismiss()
        .then(() => page.evaluate(() => ((window as unknown as { __pwned: string }).__pwned = 'dialog'))),
  );
  await page.goto(`${origin}/panel.html`);
  await page.waitForFunction(() =>
    (window as unknown as { __posted: Array<{ type: string }> }).__posted.some((m) => m.type === 'ready'),
  );
  return page;
}

async function post(page: Page, message: ToWebview): Promise<void> {
  await page.evaluate((m) => window.postMessage(m, '*'), message);
}

test('markup in every field of the events is text in the ladder, its details, the end of call and the exports', async () => {
  const page = await openPage();
  try {
    const events = hostileEvents();
    await post(page, init());
    await post(page, { type: 'status', view: { state: 'alive', fetchedAtMs: Date.now() } });
    await post(page, {
      type: 'events',
      replace: true,
      events: events.map(toEventRow),
      scope: 'session',
      canSwitchScope: false,
    });
    const shown = await waitForPage(
      page,
      (p) => p.view === 'ladder' && (arrowCountOf(p) ?? 0) > 0 && p.arrows.length > 0,
      'the ladder with its arrows',
    );
    assert.equal(arrowCountOf(shown), 4);
    assert.equal(shown.arrows.length, 4, 'all four arrows are on screen');
    const ladderText = (await page.locator('.ladder').textContent()) ?? '';
    assert.ok(ladderText.includes(HOSTILE), 'the markup is shown as text');
    assert.match(ladderText, /error <img/, 'the hostile error code is shown as text');
    assert.ok(((await page.locator('.end-of-call').textContent()) ?? '').includes(`hung up by ${HOSTILE}`));

    // Every arrow's details, its metadata JSON answered as the panel answers.
    await page.locator('.ladder').focus();
    await page.keyboard.press('Home');
    await page.keyboard.press('Enter');
    const answered = new Set<string>();
    for (let i = 0; i < events.length; i++) {
      // Open details follow the focused arrow; each asks for its metadata, answered as the panel does.
      await page.waitForFunction(
        (n) =>
          (window as unknown as { __posted: Array<{ type: string }> }).__posted.filter((m) => m.type === 'metadata')
            .length > n,
        answered.size,
      );
      const keys = await page.evaluate(() =>
        (window as unknown as { __posted: Array<{ type: string; key?: string }> }).__posted
          .filter((m) => m.type === 'metadata')
          .map((m) => m.key ?? ''),
      );
      for (const key of keys.filter((k) => !answered.has(k))) {
        answered.add(key);
        await post(page, {
          type: 'metadata',
          key,
          found: true,
          metadata: events.find((e) => eventKey(e) === key)?.metadata,
        });
      }
      if (i < events.length - 1) await page.keyboard.press('ArrowDown');
    }
    assert.equal(answered.size, events.length, "every arrow's details were opened");
    await page.locator('.ladder-details pre.json').first().waitFor();
    assert.ok(((await page.locator('.ladder-details').textContent()) ?? '').includes(HOSTILE));

    // The exports are built in the page: Mermaid is copied, SVG is sent to be saved.
    await page.locator('[data-action="ladder-export"][data-format="mermaid"][data-how="copy"]').click();
    await page.locator('[data-action="ladder-export"][data-format="svg"]').click();
    const exported = await page.evaluate(() =>
      (window as unknown as { __posted: Array<{ type: string; text?: string }> }).__posted
        .filter((m) => m.type === 'copyText' || m.type === 'saveLadder')
        .map((m) => m.text ?? ''),
    );
    assert.equal(exported.length, 2);
    assert.ok(
      exported[0].startsWith('sequenceDiagram') && !exported[0].includes('<img'),
      'Mermaid labels are entity-coded',
    );
    assert.ok(exported[1].includes('&lt;img') && !exported[1].includes('<img'), 'SVG text is escaped');

    const ran = await page.evaluate(() => ({
      pwned: (window as unknown as { __pwned?: unknown }).__pwned,
      images: document.querySelectorAll('img').length,
      scripts: document.querySelectorAll('script').length,
      handlers: document.querySelectorAll('[onload], [onerror], a[href^="javascript"]').length,
    }));
    assert.deepEqual(ran, { pwned: undefined, images: 0, scripts: 2, handlers: 0 });
  } finally {
    await page.context().close();
  }
});

test('only the arrows on screen are in the DOM, and a live update keeps the scroll position and selection', async () => {
  const page = await openPage();
  try {
    const events: CallEvent[] = [];
    for (let i = 0; i < 3000; i++) {
      events.push({
        record_type: 'call_event',
        call_leg_id: `leg-${i % 4}`,
        call_session_id: 's',
        event_timestamp: at(i * 0.3),
        name: i % 2 ? 'speak' : 'call.speak.ended',
        type: i % 2 ? 'command' : 'webhook',
        metadata: {},
      });
    }
    await post(page, init());
    await post(page, {
      type: 'events',
      replace: true,
      events: events.map(toEventRow),
      scope: 'session',
      canSwitchScope: false,
    });
    await waitForPage(page, (p) => arrowCountOf(p) === 3000 && p.arrows.length > 0, 'a ladder of 3,000 arrows');
    const inDom = await page.locator('.ladder-arrow').count();
    assert.ok(inDom > 10 && inDom < 120, `${inDom} arrows in the DOM`);
    await page.locator('.ladder').evaluate((element) => (element.scrollTop = 40_000));
    await page.locator('.ladder').focus();
    await page.locator('.ladder-arrow').nth(20).click();
    const selectedArrow = (p: PageShown): { position: number; label: string } | undefined =>
      p.arrows.find((arrow) => arrow.selected);
    const before = selectedArrow(
      await waitForPage(page, (p) => selectedArrow(p) !== undefined, 'the clicked arrow selected'),
    );
    const scrollBefore = await page.locator('.ladder').evaluate((element) => element.scrollTop);
    const more = {
      record_type: 'call_event',
      call_leg_id: 'leg-1',
      call_session_id: 's',
      event_timestamp: at(3000 * 0.3),
      name: 'call.hangup',
      type: 'webhook',
      metadata: {},
    } satisfies CallEvent;
    await post(page, {
      type: 'events',
      replace: false,
      events: [toEventRow(more)],
      scope: 'session',
      canSwitchScope: false,
    });
    const updated = await waitForPage(
      page,
      (p) => arrowCountOf(p) === 3001 && p.arrows.length > 0,
      'the new arrow counted',
    );
    assert.deepEqual(selectedArrow(updated), before, 'the same arrow stays selected');
    assert.equal(
      await page.locator('.ladder').evaluate((element) => element.scrollTop),
      scrollBefore,
      'the scroll position is kept',
    );
  } finally {
    await page.context().close();
  }
});
