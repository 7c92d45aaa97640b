// Benchmark 6: the ladder view against the list, 5,000 events on 8 legs, in Debian's Chromium.
// Same page and method as the webview benchmark (the panel's shell, release dist/webview.js, a
// loopback server, an acquireVsCodeApi stand-in). The page's saved state picks the view, so the first
// screen after the `events` message is the ladder (or the list) itself.
// First screen: posting `events` → the end of the frame that shows arrows (rows). Scroll: a viewport
// at a time to the end, one painted frame per step, counting long tasks (> 50 ms).
// Baseline: the same pages on the release webview of another commit (TELNYX_BENCH_LADDER_BASELINE,
// default `main`), built from `git archive` in a temporary folder and sampled in turn with ours, so
// both see the same load; the ratio ours/baseline is what to compare on a busy machine.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { CHROMIUM, launchChromium } from '../scripts/lib/workbench.mjs';
import { renderShell } from '../src/callDetails/html';
import type { InitMessage, PanelTarget, TimelineView, ToWebview, WebviewState } from '../src/callDetails/protocol';
import { webviewStrings } from '../src/callDetails/strings';
import type { CallEvent } from '../src/telnyx/types';
import { toEventRow, type EventRow } from '../src/timeline/model';
import { serveDistFile } from '../test/e2e/distFiles';
import { startSimulator } from '../test/simulator/index';
import type { BenchOptions } from './lib/options';
import { releaseCopy } from './lib/releaseCopy';
import { type BenchResult, median, round } from './lib/report';

const EVENTS = 5_000;
const LEGS = 8;
const TARGET_MS = 300;
const NONCE = 'YmVuY2gtbGFkZGVyLW5vbmNlLTAxMjM=';

function shim(state: WebviewState): string {
  return (
    `
window.__posted = [];
window.__longTasks = [];
// Registered before the page's script: runs first for each message, when the page receives it.
window.addEventListener('message', () => { window.__receivedAt = performance.now(); });
new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__longTasks.push(e.duration); })` +
    `.observe({ type: 'longtask', buffered: true });
const saved = ${JSON.stringify(state)};
window.acquireVsCodeApi = () => ({ postMessage: (m) => window.__posted.push(m), getState: () => saved, setState: () => undefined });
`
  );
}

interface PageWindow {
  __posted: Array<{ type: string }>;
  __longTasks: number[];
  __receivedAt: number;
}

interface Sample {
  firstScreenMs: number;
  /** From the page receiving the message (before its own handler runs) to the painted frame. */
  fromReceiptMs: number;
  inDom: number;
  scroll: {
    steps: number;
    totalMs: number;
    stepMedianMs: number;
    stepMaxMs: number;
    longTasks: number;
    longestTaskMs: number;
    inDomMax: number;
  };
}

const SELECTORS: Record<TimelineView, { item: string; scroller: string }> = {
  ladder: { item: '.ladder-arrow', scroller: '.ladder' },
  list: { item: '.row', scroller: '.list' },
};

async function sample(
  browser: Browser,
  url: string,
  init: InitMessage,
  rows: EventRow[],
  view: TimelineView,
): Promise<Sample> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  try {
    const page = await context.newPage();
    await page.goto(url);
    await page.waitForFunction(() => (window as unknown as PageWindow).__posted.some((m) => m.type === 'ready'));
    await page.evaluate((m) => window.postMessage(m, '*'), init);
    const { item, scroller } = SELECTORS[view];
    const { firstScreenMs, fromReceiptMs } = await page.evaluate(
      async ({ message, item }) => {
        const start = performance.now();
        window.postMessage(message, '*');
        await new Promise<void>((resolve) => {
          const check = () =>
            document.querySelectorAll(item).length > 0 ? setTimeout(resolve, 0) : requestAnimationFrame(check);
          requestAnimationFrame(check);
        });
        const end = performance.now();
        return { firstScreenMs: end - start, fromReceiptMs: end - (window as unknown as PageWindow).__receivedAt };
      },
      {
        message: {
          type: 'events',
          replace: true,
          events: rows,
          scope: 'session',
          canSwitchScope: true,
        } satisfies ToWebview,
        item,
      },
    );
    const inDom = await page.evaluate((selector) => document.querySelectorAll(selector).length, item);
    const scroll = await page.evaluate(
      async ({ item, scroller }) => {
        const w = window as unknown as PageWindow;
        w.__longTasks.length = 0;
        const element = document.querySelector(scroller) as HTMLElement;
        const frame = () => new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
        const steps: number[] = [];
        let inDomMax = 0;
        const start = performance.now();
        while (element.scrollTop + element.clientHeight < element.scrollHeight - 1 && steps.length < 5000) {
          const stepStart = performance.now();
          element.scrollTop += element.clientHeight;
          await frame();
          steps.push(performance.now() - stepStart);
          inDomMax = Math.max(inDomMax, document.querySelectorAll(item).length);
        }
        const totalMs = performance.now() - start;
        steps.sort((a, b) => a - b);
        return {
          steps: steps.length,
          totalMs,
          stepMedianMs: steps[Math.floor(steps.length / 2)] ?? Number.NaN,
          stepMaxMs: steps[steps.length - 1] ?? Number.NaN,
          longTasks: w.__longTasks.length,
          longestTaskMs: Math.max(0, ...w.__longTasks),
          inDomMax,
        };
      },
      { item, scroller },
    );
    return { firstScreenMs, fromReceiptMs, inDom, scroll };
  } finally {
    await context.close();
  }
}

function serve(dist: string, states: Record<TimelineView, WebviewState>): Promise<{ server: Server; origin: string }> {
  let origin = '';
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    const view = path === '/ladder.html' ? 'ladder' : path === '/list.html' ? 'list' : undefined;
    if (view) {
      const shell = renderShell({
        cspSource: origin,
        nonce: NONCE,
        scriptUri: `${origin}/dist/webview.js`,
        styleUri: `${origin}/dist/webview.css`,
        codiconsUri: `${origin}/dist/codicons/codicon.css`,
      });
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end(
        shell.replace('<script nonce=', `<script nonce="${NONCE}">${shim(states[view])}</script>\n<script nonce=`),
      );
      return;
    }
    if (serveDistFile(dist, path, response)) return;
    response.writeHead(404);
    response.end();
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      resolve({ server, origin });
    }),
  );
}

/** The release dist/ of `ref`, or why there is none. */
function baselineDist(ref: string): { dir: string; dist: string } | { error: string } {
  const dir = mkdtempSync(join(tmpdir(), 'telnyx-bench-ladder-baseline-'));
  const archive = spawnSync('sh', ['-c', `git archive "$0" | tar -x -C "$1"`, ref, dir], { encoding: 'utf8' });
  if (archive.status !== 0) return { error: `git archive ${ref}: ${archive.stderr.trim()}` };
  symlinkSync(join(process.cwd(), 'node_modules'), join(dir, 'node_modules'), 'dir');
  const build = spawnSync(process.execPath, ['esbuild.mjs', '--release'], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 300_000,
  });
  const dist = join(dir, 'dist');
  if (build.status !== 0 || !existsSync(join(dist, 'webview.js')))
    return { error: `the release build of ${ref} failed: ${`${build.stdout}${build.stderr}`.slice(-500)}` };
  return { dir, dist };
}

function stats(values: number[], digits = 1): number[] {
  const finite = values.filter((v) => Number.isFinite(v));
  return [round(median(finite), digits), round(Math.min(...finite), digits), round(Math.max(...finite), digits)];
}

export async function runLadderBench(options: BenchOptions): Promise<BenchResult> {
  const runs = Math.max(3, options.runs);
  const dist = join(releaseCopy().dir, 'dist');
  const sim = await startSimulator({});
  let events: CallEvent[];
  try {
    const { sessionId } = sim.state.addSession({ count: EVENTS, legs: LEGS });
    events = sim.state.events({ sessionId });
  } finally {
    await sim.close();
  }
  const rows = events.map(toEventRow);
  const target: PanelTarget = {
    kind: 'call',
    callControlId: 'v3:bench-ladder',
    scope: 'session',
    legId: events[0].call_leg_id,
    sessionId: events[0].call_session_id,
  };
  const init: InitMessage = {
    type: 'init',
    target,
    title: 'Call v3:bench-ladder',
    strings: webviewStrings({ l10n: { t: (m: string) => m } }),
    locale: 'en-US',
    canSwitchScope: true,
    autoRefreshSeconds: 0,
  };
  const states = { ladder: { target, view: 'ladder' }, list: { target, view: 'list' } } satisfies Record<
    TimelineView,
    WebviewState
  >;
  const baselineRef = process.env.TELNYX_BENCH_LADDER_BASELINE ?? 'main';
  const baseline = baselineDist(baselineRef);
  const { server, origin } = await serve(dist, states);
  const base = 'dist' in baseline ? await serve(baseline.dist, states) : undefined;
  const browser = await launchChromium();
  const samples: Record<TimelineView, Sample[]> = { ladder: [], list: [] };
  const baseSamples: Record<TimelineView, Sample[]> = { ladder: [], list: [] };
  try {
    for (const view of ['ladder', 'list'] as const) {
      await sample(browser, `${origin}/${view}.html`, init, rows, view); // warm-up
      if (base) await sample(browser, `${base.origin}/${view}.html`, init, rows, view);
      for (let i = 0; i < runs; i++) {
        samples[view].push(await sample(browser, `${origin}/${view}.html`, init, rows, view));
        if (base) baseSamples[view].push(await sample(browser, `${base.origin}/${view}.html`, init, rows, view));
      }
    }
  } finally {
    await browser.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    if (base) await new Promise<void>((resolve) => base.server.close(() => resolve()));
    if ('dir' in baseline) rmSync(baseline.dir, { recursive: true, force: true });
  }
  const m = (view: TimelineView, pick: (s: Sample) => number) => median(samples[view].map(pick));
  const row = (label: string, pick: (s: Sample) => number, digits = 1): Array<string | number> => [
    label,
    ...stats(samples.ladder.map(pick), digits),
    ...stats(samples.list.map(pick), digits),
  ];
  const ladderFirst = m('ladder', (s) => s.firstScreenMs);
  const bm = (view: TimelineView, pick: (s: Sample) => number) => median(baseSamples[view].map(pick));
  const ladderBase = base ? bm('ladder', (s) => s.firstScreenMs) : undefined;
  const versus = (label: string, view: TimelineView, pick: (s: Sample) => number): Array<string | number> => {
    const ours = m(view, pick);
    const theirs = bm(view, pick);
    return [label, round(ours), round(theirs), round(ours / theirs, 2)];
  };
  return {
    name: `Ladder: ${EVENTS.toLocaleString('en')} events on ${LEGS} legs in Chromium, beside the list`,
    figures: {
      events: EVENTS,
      legs: LEGS,
      browser: CHROMIUM,
      samples,
      baseline: base
        ? { ref: baselineRef, samples: baseSamples }
        : { ref: baselineRef, error: 'error' in baseline ? baseline.error : undefined },
      medians: {
        baselineLadderFirstScreenMs: ladderBase === undefined ? undefined : round(ladderBase),
        baselineListFirstScreenMs: base ? round(bm('list', (s) => s.firstScreenMs)) : undefined,
        ladderFirstScreenMs: round(ladderFirst),
        listFirstScreenMs: round(m('list', (s) => s.firstScreenMs)),
        ladderScrollLongTasks: m('ladder', (s) => s.scroll.longTasks),
        listScrollLongTasks: m('list', (s) => s.scroll.longTasks),
      },
    },
    tables: [
      {
        title: `Ladder vs list, ${EVENTS} events on ${LEGS} legs, release webview.js, 1400×900, median/min/max of ${runs} fresh pages`,
        columns: ['', 'ladder median', 'min', 'max', 'list median', 'min', 'max'],
        rows: [
          row('first screen (events posted → painted frame), ms', (s) => s.firstScreenMs),
          row("  from the page's receipt to the frame, ms", (s) => s.fromReceiptMs),
          row('arrows / rows in the DOM after the first screen', (s) => s.inDom, 0),
          row('scroll to the end: total ms', (s) => s.scroll.totalMs),
          row('  viewport steps', (s) => s.scroll.steps, 0),
          row('  one step, median ms', (s) => s.scroll.stepMedianMs, 2),
          row('  one step, slowest ms', (s) => s.scroll.stepMaxMs, 2),
          row('  long tasks (> 50 ms) while scrolling', (s) => s.scroll.longTasks, 0),
          row('  longest task while scrolling, ms', (s) => s.scroll.longestTaskMs),
          row('  most arrows / rows in the DOM while scrolling', (s) => s.scroll.inDomMax, 0),
        ],
      },
      ...(base
        ? [
            {
              title: `Against ${baselineRef} (its release webview.js, sampled in turn with ours), medians of ${runs}`,
              columns: ['', 'ours', baselineRef, 'ratio'],
              rows: [
                versus('ladder: first screen, ms', 'ladder', (s) => s.firstScreenMs),
                versus("  from the page's receipt, ms", 'ladder', (s) => s.fromReceiptMs),
                versus('list: first screen, ms', 'list', (s) => s.firstScreenMs),
                versus("  from the page's receipt, ms", 'list', (s) => s.fromReceiptMs),
              ],
            },
          ]
        : []),
    ],
    summary: [
      {
        metric: `ladder: first screen, ${EVENTS.toLocaleString('en')} events on ${LEGS} legs`,
        ours: ladderFirst,
        unit: 'ms',
        judged: ladderFirst,
        ...(ladderBase === undefined ? {} : { baseline: ladderBase, baselineLabel: baselineRef }),
        target: { kind: 'atMost', limit: TARGET_MS, text: `< ${TARGET_MS} ms` },
        note: `(list: ${round(m('list', (s) => s.firstScreenMs))} ms)`,
      },
      {
        metric: 'ladder: long tasks while scrolling to the end',
        ours: m('ladder', (s) => s.scroll.longTasks),
        unit: 'tasks',
        judged: m('ladder', (s) => s.scroll.longTasks),
        target: { kind: 'atMost', limit: 0, text: 'none' },
        note: `(list: ${m('list', (s) => s.scroll.longTasks)})`,
      },
    ],
    notes: 'error' in baseline ? [`no baseline: ${baseline.error}`] : [],
  };
}
