// Benchmark 1: load the event timeline of one 5,000-event session.
// Ours (fetchAllCallEvents: page 1, then pages 2..N with 4 in flight) against the official SDK's
// iterator over the same pages, and against the floor: the rounds of requests our concurrency needs,
// each costing the injected latency.
import { createTelnyxClient } from '../src/telnyx/index';
import { type StartedSimulator, startSimulator } from '../test/simulator/index';
import type { BenchOptions } from './lib/options';
import { type BenchResult, median, round, since } from './lib/report';
import { createSdkClient, sdkVersion } from './lib/sdk';

const EVENTS = 5000;
const CONCURRENCY = 4;

interface Run {
  ms: number;
  requests: number;
  events: number;
}

export async function runTimelineBench(options: BenchOptions): Promise<BenchResult> {
  const { latencyMs, pageSize, runs } = options;
  const key = (e: { event_timestamp: string; name: string; call_leg_id: string }) =>
    `${e.event_timestamp}|${e.name}|${e.call_leg_id}`;

  // A fresh simulator (and fresh clients) per run: the simulator reports a budget of 600 requests a
  // minute in x-ratelimit-*, and our client rightly pauses when it is spent, which would time the
  // budget rather than the paging.
  const onFreshSimulator = async (
    load: (sim: StartedSimulator, sessionId: string) => Promise<string[]>,
  ): Promise<Run> => {
    const sim = await startSimulator({});
    try {
      const { sessionId } = sim.state.addSession({ count: EVENTS, legs: 3 });
      sim.addFault({ latencyMs });
      sim.clearRequests();
      const start = performance.now();
      const keys = await load(sim, sessionId);
      const ms = since(start);
      return { ms, requests: sim.requests.filter((r) => r.endpoint === 'call_events').length, events: keys.length };
    } finally {
      await sim.close();
    }
  };
  const runOurs = () =>
    onFreshSimulator(async (sim, sessionId) => {
      const ours = createTelnyxClient({ apiKey: sim.apiKey, baseUrl: sim.url });
      try {
        const events = await ours.fetchAllCallEvents(
          { applicationSessionId: sessionId },
          { concurrency: CONCURRENCY, pageSize },
        );
        return events.map(key);
      } finally {
        await ours.close();
      }
    });
  const runSdk = () =>
    onFreshSimulator(async (sim, sessionId) => {
      const sdk = createSdkClient(sim.url, sim.apiKey);
      const events: Array<{ event_timestamp: string; name: string; call_leg_id: string }> = [];
      for await (const event of sdk.callEvents.list({
        filter: { application_session_id: sessionId },
        'page[size]': pageSize,
      })) {
        events.push(event);
      }
      return events.map(key);
    });

  // One discarded run each warms the JIT; then alternate so that a burst of load from other
  // processes hits both sides alike.
  await runOurs();
  await runSdk();
  const oursRuns: Run[] = [];
  const sdkRuns: Run[] = [];
  for (let i = 0; i < runs; i++) {
    if (i % 2 === 0) {
      oursRuns.push(await runOurs());
      sdkRuns.push(await runSdk());
    } else {
      sdkRuns.push(await runSdk());
      oursRuns.push(await runOurs());
    }
  }

  const pages = Math.ceil(EVENTS / pageSize);
  const rounds = 1 + Math.ceil((pages - 1) / CONCURRENCY);
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
    oursOrder = (
      await ours.fetchAllCallEvents({ applicationSessionId: sessionId }, { concurrency: CONCURRENCY, pageSize })
    ).map(key);
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

  return {
    name: 'Event timeline load (5,000 events)',
    figures: {
      events: EVENTS,
      pageSize,
      pages,
      concurrency: CONCURRENCY,
      latencyMs,
      sdkVersion: sdkVersion(),
      ours: { medianMs: round(oursMs), runs: oursRuns.map((r) => ({ ...r, ms: round(r.ms) })) },
      sdk: { medianMs: round(sdkMs), runs: sdkRuns.map((r) => ({ ...r, ms: round(r.ms) })) },
      floor: { rounds, ms: floorMs, sequentialMs: sequentialFloorMs },
      ratios: { sdkOverOurs: round(sdkMs / oursMs, 2), oursOverFloor: round(oursMs / floorMs, 2) },
      sameEventsInSameOrder: sameEvents,
    },
    tables: [
      {
        title: `Timeline: ${EVENTS} events, page size ${pageSize} (${pages} pages), ${latencyMs} ms per request, median of ${runs}`,
        columns: ['', 'wall ms (median)', 'min', 'max', 'requests', 'events', 'vs ours'],
        rows: [
          [
            'ours (fetchAllCallEvents, concurrency 4)',
            round(oursMs),
            round(Math.min(...oursRuns.map((r) => r.ms))),
            round(Math.max(...oursRuns.map((r) => r.ms))),
            oursRuns[0].requests,
            oursRuns[0].events,
            '1.00×',
          ],
          [
            `SDK telnyx@${sdkVersion()} (for await callEvents.list)`,
            round(sdkMs),
            round(Math.min(...sdkRuns.map((r) => r.ms))),
            round(Math.max(...sdkRuns.map((r) => r.ms))),
            sdkRuns[0].requests,
            sdkRuns[0].events,
            `${(sdkMs / oursMs).toFixed(2)}×`,
          ],
          [
            `floor (${rounds} rounds × ${latencyMs} ms)`,
            floorMs,
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
            pages,
            EVENTS,
            `${(sequentialFloorMs / oursMs).toFixed(2)}×`,
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
        target: { kind: 'atLeast', limit: 3, text: '≥ 3×' },
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
    ],
    notes: [
      `same ${oursOrder.length} events in the same order from both clients: ${sameEvents ? 'yes' : 'NO'}`,
      `the best ratio concurrency ${CONCURRENCY} allows over a sequential reader ` +
        `is ${(sequentialFloorMs / floorMs).toFixed(2)}× (${pages} pages vs ${rounds} rounds)`,
    ],
  };
}
