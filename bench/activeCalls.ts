// Benchmark 2: the active calls of a connection with 10,000 calls.
// Cursor pages cannot be fetched in parallel, so the limits are one request (first page) and the
// sequential floor (pages × latency). The SDK pages active calls by page[number] and reads
// meta.page_number / meta.total_pages, which a cursor page does not carry: each walk of the SDK is
// bounded, and what it did is reported (items, distinct calls, requests), on the default simulator
// (answers page[number] too) and on a cursor-only one (as the API documents).
import { Agent, request } from 'undici';
import { createTelnyxClient } from '../src/telnyx/index';
import { type StartedSimulator, startSimulator } from '../test/simulator/index';
import type { BenchOptions } from './lib/options';
import { type BenchResult, median, round, since } from './lib/report';
import { createSdkClient, sdkVersion } from './lib/sdk';

const CALLS = 10_000;
const FIRST_PAGE_SAMPLES = 9;
/** Each SDK walk is stopped after this long or this many items. */
const SDK_TIME_BOUND_MS = 10_000;
const SDK_ITEM_BOUND = 3 * CALLS;

type Paging = 'cursor-and-number' | 'cursor-only';

interface Walk {
  allMs: number;
  items: number;
  unique: number;
  requests: number;
  /** Why the walk ended: the iterator finished, or one of our bounds stopped it. */
  ended: 'iterator finished' | 'time bound' | 'item bound';
  /** Distinct page[number] / page[after] values sent. */
  distinctPageParams: number;
}

/** A fresh simulator per walk: it reports a budget of 600 requests a minute (x-ratelimit-*) and our
 * client rightly pauses when it is spent, which would time the budget rather than the paging. */
async function onFreshSimulator(
  latencyMs: number,
  paging: Paging,
  walk: (sim: StartedSimulator) => Promise<Omit<Walk, 'requests' | 'distinctPageParams'>>,
): Promise<Walk> {
  const sim = await startSimulator({ busyConnectionCalls: CALLS });
  try {
    sim.addFault({ latencyMs });
    sim.setActiveCallsPaging(paging);
    sim.clearRequests();
    const result = await walk(sim);
    const requests = sim.requests.filter((r) => r.endpoint === 'active_calls');
    const pageParams = requests.map((r) =>
      r.query
        .filter(([k]) => k === 'page[number]' || k === 'page[after]')
        .map(([k, v]) => `${k}=${v}`)
        .join('&'),
    );
    return { ...result, requests: requests.length, distinctPageParams: new Set(pageParams).size };
  } finally {
    await sim.close();
  }
}

function walkOurs(latencyMs: number, pageSize: number, paging: Paging): Promise<Walk> {
  return onFreshSimulator(latencyMs, paging, async (sim) => {
    const ours = createTelnyxClient({ apiKey: sim.apiKey, baseUrl: sim.url });
    try {
      const ids = new Set<string>();
      let items = 0;
      const start = performance.now();
      for await (const page of ours.iterateActiveCalls(sim.seed.busyConnectionId, { limit: pageSize })) {
        for (const call of page) ids.add(call.call_control_id);
        items += page.length;
      }
      return { allMs: since(start), items, unique: ids.size, ended: 'iterator finished' };
    } finally {
      await ours.close();
    }
  });
}

function walkSdk(latencyMs: number, pageSize: number, paging: Paging): Promise<Walk> {
  return onFreshSimulator(latencyMs, paging, async (sim) => {
    const sdk = createSdkClient(sim.url, sim.apiKey);
    const ids = new Set<string>();
    let items = 0;
    let ended: Walk['ended'] = 'iterator finished';
    const start = performance.now();
    for await (const call of sdk.connections.listActiveCalls(sim.seed.busyConnectionId, { 'page[size]': pageSize })) {
      ids.add(call.call_control_id);
      items++;
      if (items >= SDK_ITEM_BOUND) {
        ended = 'item bound';
        break;
      }
      if (since(start) >= SDK_TIME_BOUND_MS) {
        ended = 'time bound';
        break;
      }
    }
    return { allMs: since(start), items, unique: ids.size, ended };
  });
}

/** Time to the first page on warm clients (as in the extension, whose client lives on), against one
 * bare undici request for the same page on a warm connection. */
async function firstPageSamples(
  latencyMs: number,
  pageSize: number,
): Promise<{ ours: number[]; sdk: number[]; bare: number[] }> {
  const sim = await startSimulator({ busyConnectionCalls: CALLS });
  const ours = createTelnyxClient({ apiKey: sim.apiKey, baseUrl: sim.url });
  const sdk = createSdkClient(sim.url, sim.apiKey);
  const agent = new Agent();
  const connectionId = sim.seed.busyConnectionId;
  const bareUrl = `${sim.url}/connections/${encodeURIComponent(connectionId)}/active_calls?page[limit]=${pageSize}`;
  const samples = { ours: [] as number[], sdk: [] as number[], bare: [] as number[] };
  try {
    sim.addFault({ latencyMs });
    const oursFirst = async () => {
      const start = performance.now();
      for await (const page of ours.iterateActiveCalls(connectionId, { limit: pageSize })) {
        if (page.length !== pageSize) throw new Error(`ours: first page has ${page.length} calls`);
        break;
      }
      return since(start);
    };
    const sdkFirst = async () => {
      const start = performance.now();
      for await (const call of sdk.connections.listActiveCalls(connectionId, { 'page[size]': pageSize })) {
        if (!call.call_control_id) throw new Error('SDK: a call without call_control_id');
        break;
      }
      return since(start);
    };
    const bare = async () => {
      const start = performance.now();
      const response = await request(bareUrl, {
        dispatcher: agent,
        headers: { authorization: `Bearer ${sim.apiKey}` },
      });
      await response.body.json();
      return since(start);
    };
    // Warm-up: connections open, JIT warm.
    await ours.listConnections();
    await sdk.connections.list();
    await bare();
    await oursFirst();
    await sdkFirst();
    for (let i = 0; i < FIRST_PAGE_SAMPLES; i++) {
      samples.ours.push(await oursFirst());
      samples.sdk.push(await sdkFirst());
      samples.bare.push(await bare());
    }
    return samples;
  } finally {
    await ours.close();
    await agent.close();
    await sim.close();
  }
}

function describeSdk(walk: Walk): string {
  if (walk.ended === 'iterator finished') {
    return walk.unique === CALLS
      ? `finished with all ${CALLS} calls`
      : `stopped by itself with ${walk.unique} of ${CALLS} calls`;
  }
  return (
    `never finished: stopped by our ${walk.ended} after ${walk.items} items, ${walk.unique} ` +
    `distinct of ${CALLS}, ${walk.requests} requests over ${walk.distinctPageParams} distinct ` +
    `page params (re-reads the same page)`
  );
}

export async function runActiveCallsBench(options: BenchOptions): Promise<BenchResult> {
  const { latencyMs, pageSize } = options;
  const runs = Math.min(options.runs, 3);

  const first = await firstPageSamples(latencyMs, pageSize);
  await walkOurs(latencyMs, pageSize, 'cursor-and-number'); // warm-up
  const oursWalks: Walk[] = [];
  for (let i = 0; i < runs; i++) oursWalks.push(await walkOurs(latencyMs, pageSize, 'cursor-and-number'));
  const oursCursorOnly = await walkOurs(latencyMs, pageSize, 'cursor-only');
  const sdkDefault = await walkSdk(latencyMs, pageSize, 'cursor-and-number');
  const sdkCursorOnly = await walkSdk(latencyMs, pageSize, 'cursor-only');

  const pages = Math.ceil(CALLS / pageSize);
  const floorMs = pages * latencyMs;
  const oneRequestMs = median(first.bare);
  const oursFirst = median(first.ours);
  const sdkFirst = median(first.sdk);
  const oursAll = median(oursWalks.map((w) => w.allMs));
  const last = oursWalks[oursWalks.length - 1];
  const describe = (w: Walk) => ({ ...w, allMs: round(w.allMs), duplicates: w.items - w.unique });
  const r1 = (xs: number[]) => xs.map((x) => round(x));
  const walkRow = (label: string, w: Walk) => [
    label,
    round(w.allMs),
    w.requests,
    w.items,
    w.unique,
    w.items - w.unique,
    w.distinctPageParams,
    w.ended,
  ];

  return {
    name: `Active calls (${CALLS.toLocaleString('en')} calls on one connection)`,
    figures: {
      calls: CALLS,
      pageSize,
      pages,
      latencyMs,
      sdkVersion: sdkVersion(),
      firstPage: {
        oursMedianMs: round(oursFirst),
        sdkMedianMs: round(sdkFirst),
        oneBareRequestMedianMs: round(oneRequestMs),
        samples: { ours: r1(first.ours), sdk: r1(first.sdk), bare: r1(first.bare) },
      },
      sequentialFloorMs: floorMs,
      ours: { allMedianMs: round(oursAll), walks: oursWalks.map(describe), cursorOnly: describe(oursCursorOnly) },
      sdk: {
        bounds: { ms: SDK_TIME_BOUND_MS, items: SDK_ITEM_BOUND },
        defaultServer: { ...describe(sdkDefault), behaviour: describeSdk(sdkDefault) },
        cursorOnlyServer: { ...describe(sdkCursorOnly), behaviour: describeSdk(sdkCursorOnly) },
      },
    },
    tables: [
      {
        title:
          `Active calls, first page (page size ${pageSize}, ${latencyMs} ms per request, warm ` +
          `clients, median of ${FIRST_PAGE_SAMPLES})`,
        columns: ['', 'first page ms', 'vs one request'],
        rows: [
          ['ours (iterateActiveCalls)', round(oursFirst), `${(oursFirst / oneRequestMs).toFixed(2)}×`],
          [
            `SDK telnyx@${sdkVersion()} (for await listActiveCalls)`,
            round(sdkFirst),
            `${(sdkFirst / oneRequestMs).toFixed(2)}×`,
          ],
          ['one bare undici request', round(oneRequestMs), '1.00×'],
          ['latency alone', latencyMs, `${(latencyMs / oneRequestMs).toFixed(2)}×`],
        ],
      },
      {
        title:
          `Active calls, all pages: ${CALLS} calls, ${pages} pages of ${pageSize}; ours median ` +
          `of ${runs}, SDK bounded at ${SDK_TIME_BOUND_MS / 1000} s or ${SDK_ITEM_BOUND} items`,
        columns: ['', 'ms', 'requests', 'items', 'distinct', 'duplicates', 'distinct page params', 'ended'],
        rows: [
          [`ours (default server, median of ${runs})`, round(oursAll), ...walkRow('', last).slice(2)],
          walkRow('ours (cursor-only server)', oursCursorOnly),
          walkRow('SDK (default server)', sdkDefault),
          walkRow('SDK (cursor-only server)', sdkCursorOnly),
          [`sequential floor (${pages} × ${latencyMs} ms)`, floorMs, pages, CALLS, CALLS, 0, pages, undefined],
        ],
      },
    ],
    summary: [
      {
        metric: 'active calls: first page / one request',
        ours: oursFirst,
        unit: 'ms',
        baseline: oneRequestMs,
        baselineLabel: 'one request',
        judged: oursFirst / oneRequestMs,
        target: { kind: 'atMost', limit: 1.2, text: '≤ 1.2×' },
      },
      {
        metric: 'active calls: all pages / sequential floor',
        ours: oursAll,
        unit: 'ms',
        baseline: floorMs,
        baselineLabel: 'floor',
        judged: oursAll / floorMs,
        target: { kind: 'atMost', limit: 1.2, text: '≤ 1.2×' },
      },
      {
        metric: 'active calls: distinct calls, default server',
        ours: last.unique,
        unit: 'calls',
        baseline: sdkDefault.unique,
        baselineLabel: `SDK, ${sdkDefault.ended}`,
        judged: last.unique,
        target: { kind: 'atLeast', limit: CALLS, text: `all ${CALLS}` },
      },
      {
        metric: 'active calls: distinct calls, cursor-only server',
        ours: oursCursorOnly.unique,
        unit: 'calls',
        baseline: sdkCursorOnly.unique,
        baselineLabel: `SDK, ${sdkCursorOnly.ended}`,
        judged: oursCursorOnly.unique,
        target: { kind: 'atLeast', limit: CALLS, text: `all ${CALLS}` },
      },
    ],
    notes: [
      `SDK, default simulator (answers page[number] but, like the API, sends cursor meta ` +
        `without page_number/total_pages): ${describeSdk(sdkDefault)}`,
      `SDK, cursor-only simulator: ${describeSdk(sdkCursorOnly)}`,
      'The SDK reads meta.page_number (absent: 1) and meta.total_pages (absent: never reached), so it asks for page[number]=2 forever.',
    ],
  };
}
