// Benchmark 1: load the event timeline of one 5,000-event session.
// Ours (fetchAllCallEvents: page 1, then pages 2..N as wide as the rate-limit headers allow) against
// the official SDK's iterator over the same pages, and against the floor: the rounds of requests the
// width seen at the simulator needs, each costing the injected latency. Then the call panel's first
// rows: from opening its session to the first rows it hands the page, against one request.
import { Agent, request } from 'undici';
import { CallSession } from '../src/callDetails/session';
import { createTelnyxClient } from '../src/telnyx/index';
import { startSimulator } from '../test/simulator/index';
import type { BenchOptions } from './lib/options';
import { type BenchResult, median, round, since } from './lib/report';
import { createSdkClient, sdkVersion } from './lib/sdk';
import { forkSimulator, type ServedSession } from './lib/simulatorProcess';

const EVENTS = 5000;
/** The panel's page size (EVENTS_PAGE_SIZE), whatever --page-size says: the first rows are the panel's. */
const PANEL_PAGE_SIZE = 250;

interface Run {
  ms: number;
  requests: number;
  events: number;
  /** The most call_events requests in flight at the simulator at once. */
  width: number;
  /** CPU time of this process during the run: the client's work. */
  cpuMs: number;
  /** CPU time of the simulator's process during the run. */
  simulatorCpuMs: number;
}

export async function runTimelineBench(options: BenchOptions): Promise<BenchResult> {
  const { latencyMs, pageSize, runs } = options;
  const key = (e: { event_timestamp: string; name: string; call_leg_id: string }) =>
    `${e.event_timestamp}|${e.name}|${e.call_leg_id}`;

  // A fresh simulator (and fresh clients) per run: the simulator reports a budget of 600 requests a
  // minute in x-ratelimit-*, and our client rightly pauses when it is spent, which would time the
  // budget rather than the paging. The simulator runs in a process of its own, as Telnyx runs on its
  // own servers: its serialising of 5,000 events is not charged to the client under test.
  const served = forkSimulator();
  const onFreshSimulator = async (load: (sim: ServedSession) => Promise<string[]>): Promise<Run> => {
    const sim = await served.session(EVENTS, 3, latencyMs);
    const cpuBefore = process.cpuUsage();
    const start = performance.now();
    const keys = await load(sim);
    const ms = since(start);
    const cpu = process.cpuUsage(cpuBefore);
    const report = await served.report();
    return {
      ms,
      requests: report.requests,
      events: keys.length,
      width: report.width,
      cpuMs: (cpu.user + cpu.system) / 1000,
      simulatorCpuMs: report.cpuMs,
    };
  };
  const runOurs = () =>
    onFreshSimulator(async (sim) => {
      const ours = createTelnyxClient({ apiKey: sim.apiKey, baseUrl: sim.url });
      try {
        const events = await ours.fetchAllCallEvents({ applicationSessionId: sim.sessionId }, { pageSize });
        return events.map(key);
      } finally {
        await ours.close();
      }
    });
  const runSdk = () =>
    onFreshSimulator(async (sim) => {
      const sdk = createSdkClient(sim.url, sim.apiKey);
      const events: Array<{ event_timestamp: string; name: string; call_leg_id: string }> = [];
      for await (const event of sdk.callEvents.list({
        filter: { application_session_id: sim.sessionId },
        'page[size]': pageSize,
      })) {
        events.push(event);
      }
      return events.map(key);
    });

  // One discarded run each warms the JIT; then alternate so that a burst of load from other
  // processes hits both sides alike.
  const oursRuns: Run[] = [];
  const sdkRuns: Run[] = [];
  try {
    await runOurs();
    await runSdk();
    for (let i = 0; i < runs; i++) {
      if (i % 2 === 0) {
        oursRuns.push(await runOurs());
        sdkRuns.push(await runSdk());
      } else {
        sdkRuns.push(await runSdk());
        oursRuns.push(await runOurs());
      }
    }
  } finally {
    await served.close();
  }

  const pages = Math.ceil(EVENTS / pageSize);
  const width = Math.max(...oursRuns.map((r) => r.width));
  const rounds = 1 + Math.ceil((pages - 1) / Math.max(1, width));
  const floorMs = rounds * latencyMs;
  const sequentialFloorMs = pages * latencyMs;
  const oursMs = median(oursRuns.map((r) => r.ms));
  const sdkMs = median(sdkRuns.map((r) => r.ms));
  // Both clients on one simulator (no latency needed), to compare what they return.
  const check = await startSimulator({});
  let oursOrder: string[];
  const sdkOrder: string[] = [];
  try {
    const { sessionId } = check.state.addSession({ count: EVENTS, legs: 3 });
    const ours = createTelnyxClient({ apiKey: check.apiKey, baseUrl: check.url });
    oursOrder = (await ours.fetchAllCallEvents({ applicationSessionId: sessionId }, { pageSize })).map(key);
    await ours.close();
    const sdk = createSdkClient(check.url, check.apiKey);
    for await (const event of sdk.callEvents.list({
      filter: { application_session_id: sessionId },
      'page[size]': pageSize,
    }))
      sdkOrder.push(key(event));
  } finally {
    await check.close();
  }
  const sameEvents =
    oursOrder.length === EVENTS && oursOrder.length === sdkOrder.length && oursOrder.every((k, i) => k === sdkOrder[i]);
  const firstRows = await firstRowsSamples(latencyMs, runs);
  const firstRowsMs = median(firstRows.panel);
  const oneRequestMs = median(firstRows.oneRequest);

  return {
    name: 'Event timeline load (5,000 events)',
    figures: {
      events: EVENTS,
      pageSize,
      pages,
      widthSeen: width,
      latencyMs,
      sdkVersion: sdkVersion(),
      ours: { medianMs: round(oursMs), runs: oursRuns.map((r) => ({ ...r, ms: round(r.ms) })) },
      sdk: { medianMs: round(sdkMs), runs: sdkRuns.map((r) => ({ ...r, ms: round(r.ms) })) },
      floor: { rounds, ms: floorMs, sequentialMs: sequentialFloorMs },
      ratios: { sdkOverOurs: round(sdkMs / oursMs, 2), oursOverFloor: round(oursMs / floorMs, 2) },
      sameEventsInSameOrder: sameEvents,
      firstRows: {
        pageSize: PANEL_PAGE_SIZE,
        panelMedianMs: round(firstRowsMs),
        oneRequestMedianMs: round(oneRequestMs),
        ratio: round(firstRowsMs / oneRequestMs, 2),
        panel: firstRows.panel.map((ms) => round(ms)),
        oneRequest: firstRows.oneRequest.map((ms) => round(ms)),
      },
    },
    tables: [
      {
        title: `Timeline: ${EVENTS} events, page size ${pageSize} (${pages} pages), ${latencyMs} ms per request, median of ${runs}`,
        columns: ['', 'wall ms (median)', 'min', 'max', 'CPU ms', 'simulator CPU ms', 'requests', 'events', 'vs ours'],
        rows: [
          [
            `ours (fetchAllCallEvents, ${width} in flight at most)`,
            round(oursMs),
            round(Math.min(...oursRuns.map((r) => r.ms))),
            round(Math.max(...oursRuns.map((r) => r.ms))),
            round(median(oursRuns.map((r) => r.cpuMs))),
            round(median(oursRuns.map((r) => r.simulatorCpuMs))),
            oursRuns[0].requests,
            oursRuns[0].events,
            '1.00×',
          ],
          [
            `SDK telnyx@${sdkVersion()} (for await callEvents.list)`,
            round(sdkMs),
            round(Math.min(...sdkRuns.map((r) => r.ms))),
            round(Math.max(...sdkRuns.map((r) => r.ms))),
            round(median(sdkRuns.map((r) => r.cpuMs))),
            round(median(sdkRuns.map((r) => r.simulatorCpuMs))),
            sdkRuns[0].requests,
            sdkRuns[0].events,
            `${(sdkMs / oursMs).toFixed(2)}×`,
          ],
          [
            `floor (${rounds} rounds × ${latencyMs} ms)`,
            floorMs,
            undefined,
            undefined,
            undefined,
            undefined,
            pages,
            EVENTS,
            `${(floorMs / oursMs).toFixed(2)}×`,
          ],
          [
            `sequential floor (${pages} × ${latencyMs} ms)`,
            sequentialFloorMs,
            undefined,
            undefined,
            undefined,
            undefined,
            pages,
            EVENTS,
            `${(sequentialFloorMs / oursMs).toFixed(2)}×`,
          ],
        ],
      },
      {
        title:
          `First rows of the call panel (page size ${PANEL_PAGE_SIZE}, ${latencyMs} ms per request, ` +
          `warm client), median of ${firstRows.panel.length}`,
        columns: ['', 'ms (median)', 'min', 'max', 'vs one request'],
        rows: [
          [
            'panel opened → first rows handed to the page',
            round(firstRowsMs),
            round(Math.min(...firstRows.panel)),
            round(Math.max(...firstRows.panel)),
            `${(firstRowsMs / oneRequestMs).toFixed(2)}×`,
          ],
          [
            'one bare undici request (page 1)',
            round(oneRequestMs),
            round(Math.min(...firstRows.oneRequest)),
            round(Math.max(...firstRows.oneRequest)),
            '1.00×',
          ],
        ],
      },
    ],
    summary: [
      {
        metric: 'timeline: SDK / ours',
        ours: oursMs,
        unit: 'ms',
        baseline: sdkMs,
        baselineLabel: 'SDK',
        judged: sdkMs / oursMs,
        target: { kind: 'atLeast', limit: 4, text: '≥ 4×' },
      },
      {
        metric: 'timeline: ours / floor',
        ours: oursMs,
        unit: 'ms',
        baseline: floorMs,
        baselineLabel: 'floor',
        judged: oursMs / floorMs,
        target: { kind: 'atMost', limit: 1.5, text: '≤ 1.5×' },
      },
      {
        metric: 'timeline: first rows / one request',
        ours: firstRowsMs,
        unit: 'ms',
        baseline: oneRequestMs,
        baselineLabel: 'one request',
        judged: firstRowsMs / oneRequestMs,
        target: { kind: 'atMost', limit: 1.2, text: '≤ 1.2×' },
      },
    ],
    notes: [
      `same ${oursOrder.length} events in the same order from both clients: ${sameEvents ? 'yes' : 'NO'}`,
      `the best ratio ${width} pages in flight allow over a sequential reader ` +
        `is ${(sequentialFloorMs / floorMs).toFixed(2)}× (${pages} pages vs ${rounds} rounds); the width ` +
        `comes from the simulator's x-ratelimit-remaining (600 a minute, a fresh window each run), up to the client's cap`,
      `CPU ms: the client's process during a run; simulator CPU ms: the simulator's own process (as Telnyx's ` +
        `servers are not the client's); when the CPU ms come close to the wall time, the machine's load sets ` +
        `the pace, not the requests`,
      `first rows: the panel's session (status and page 1 asked together, as when the call's leg and ` +
        `session are known, e.g. opened from the tree) until its first 'events' update; the page's own first ` +
        `paint of those rows comes on top (webview benchmark)`,
    ],
  };
}

/**
 * The call panel's first rows: a CallSession (what the panel renders) opened on a call of a 5,000-event
 * session, timed to its first `events` update, against one bare request for the same page 1. Both on
 * warm connections (the extension's client lives on), alternating.
 */
async function firstRowsSamples(latencyMs: number, runs: number): Promise<{ panel: number[]; oneRequest: number[] }> {
  const sim = await startSimulator({});
  const api = createTelnyxClient({ apiKey: sim.apiKey, baseUrl: sim.url });
  const agent = new Agent();
  const samples = { panel: [] as number[], oneRequest: [] as number[] };
  try {
    const { sessionId, legIds, callControlIds } = sim.state.addSession({ count: EVENTS, legs: 3 });
    sim.addFault({ latencyMs });
    const bareUrl =
      `${sim.url}/call_events?filter[application_session_id]=${sessionId}` +
      `&page[number]=1&page[size]=${PANEL_PAGE_SIZE}`;
    const oneRequest = async (): Promise<number> => {
      const start = performance.now();
      const response = await request(bareUrl, {
        dispatcher: agent,
        headers: { authorization: `Bearer ${sim.apiKey}` },
      });
      await response.body.json();
      return since(start);
    };
    const panel = async (): Promise<number> => {
      const session = new CallSession(
        { kind: 'call', callControlId: callControlIds[0], scope: 'session', legId: legIds[0], sessionId },
        {
          getApi: async () => api,
          readStatus: (id, signal) => api.getCallStatus(id, { signal }),
          maxEvents: () => 0,
          words: {
            errorView: (error) => ({ kind: 'unexpected', message: String(error) }),
            noKey: () => ({ kind: 'no_key', message: 'no key' }),
            unknownLeg: () => ({ kind: 'unknown_leg', message: 'unknown leg' }),
            ignoredFilter: (count) => ({ message: `${count} ignored` }),
            stopped: (read, total) => `${read}/${total}`,
          },
        },
      );
      try {
        const start = performance.now();
        let firstRowsAt = 0;
        session.onDidUpdate((update) => {
          if (update.type === 'events' && update.events.length > 0 && !firstRowsAt) firstRowsAt = performance.now();
        });
        await session.reload();
        if (!firstRowsAt) throw new Error('the session showed no rows');
        return firstRowsAt - start;
      } finally {
        session.dispose();
      }
    };
    await oneRequest();
    await panel();
    for (let i = 0; i < Math.max(3, runs); i++) {
      // A fresh window each time, so the budget never pauses the panel's full load.
      sim.setRateLimit({ limit: 600 });
      if (i % 2 === 0) {
        samples.oneRequest.push(await oneRequest());
        samples.panel.push(await panel());
      } else {
        samples.panel.push(await panel());
        samples.oneRequest.push(await oneRequest());
      }
    }
  } finally {
    await api.close();
    await agent.close();
    await sim.close();
  }
  return samples;
}
