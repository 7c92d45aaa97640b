// Benchmark 3: the hover path without the editor: find the id under the cursor (detect.ts), ask the
// call directory (src/calls/callDirectory.ts), which asks our client for the call's status on a miss, and format
// what the hover shows. Cold = the id's first hover (one request); warm = a hover within the TTL.
import { callState, durationSeconds } from '../src/core/call';
import { formatDuration } from '../src/core/format';
import { detectAt } from '../src/core/ids';
import { clientStateForHover } from '../src/hover/format';
import { CallDirectory } from '../src/calls/callDirectory';
import { STATUS_LIFETIME_MS } from '../src/calls/lifetime';
import { createTelnyxClient } from '../src/telnyx/index';
import { startSimulator } from '../test/simulator/index';
import type { BenchOptions } from './lib/options';
import { type BenchResult, median, round, since } from './lib/report';

const COLD_IDS = 20;
const WARM_HOVERS = 2000;
const REPEATS_PER_ID = 50;
const CONCURRENT_HOVERS = 10;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export async function runHoverBench(options: BenchOptions): Promise<BenchResult> {
  const { latencyMs } = options;
  const sim = await startSimulator({ busyConnectionCalls: 200 });
  const client = createTelnyxClient({ apiKey: sim.apiKey, baseUrl: sim.url });
  // The cache's clock stands still unless moved: "within the TTL" then holds however slow the
  // machine is, and stepping past the TTL needs no waiting.
  let nowMs = Date.now();
  const clock = { now: () => nowMs };
  // The directory's own rule (src/calls/lifetime.ts), the same the hover reads through.
  const policy = { aliveMs: STATUS_LIFETIME_MS.alive, endedMs: STATUS_LIFETIME_MS.ended };
  const directory = new CallDirectory({ readStatus: (id, signal) => client.getCallStatus(id, { signal }), clock });
  try {
    sim.addFault({ latencyMs });
    const statusRequests = () => sim.requests.filter((r) => r.endpoint === 'call_status').length;
    const ids = sim.state.activeCalls(sim.seed.busyConnectionId).map((c) => c.call_control_id);
    const lineFor = (id: string) => `  logger.info({ call_control_id: "${id}", event: "call.answered" });`;

    /** One hover: detection on the line, the cache (and on a miss the API), the shown text. */
    const hover = async (line: string, offset: number): Promise<string | undefined> => {
      const hit = detectAt(line, offset);
      if (!hit || hit.kind !== 'call_control_id') return undefined;
      const status = await directory.status(hit.id);
      const seconds = durationSeconds(status, clock.now());
      const clientState = status.client_state ? clientStateForHover(status.client_state).text : '';
      return `${callState(status)} · ${seconds === undefined ? '' : formatDuration(seconds)} · ${clientState}`;
    };
    const offsetIn = (line: string, id: string) => line.indexOf(id) + 10;

    // Warm the client's connection and the JIT on an id outside the measured sets.
    await hover(lineFor(ids[ids.length - 1]), offsetIn(lineFor(ids[ids.length - 1]), ids[ids.length - 1]));

    sim.clearRequests();
    const cold: number[] = [];
    for (const id of ids.slice(0, COLD_IDS)) {
      const line = lineFor(id);
      const start = performance.now();
      const shown = await hover(line, offsetIn(line, id));
      cold.push(since(start));
      if (!shown) throw new Error(`no hover for ${id}`);
    }
    const coldRequests = statusRequests();

    sim.clearRequests();
    const warm: number[] = [];
    for (let i = 0; i < WARM_HOVERS; i++) {
      const id = ids[i % COLD_IDS];
      const line = lineFor(id);
      const start = performance.now();
      await hover(line, offsetIn(line, id));
      warm.push(since(start));
    }
    const warmRequests = statusRequests();

    // Repeated hovers on a few fresh ids within one TTL, then once more after the TTL.
    const repeatIds = ids.slice(COLD_IDS, COLD_IDS + 5);
    sim.clearRequests();
    for (let i = 0; i < REPEATS_PER_ID; i++) {
      for (const id of repeatIds) await hover(lineFor(id), offsetIn(lineFor(id), id));
    }
    const repeatRequests = statusRequests();
    const aliveTtl = policy.aliveMs;
    nowMs += aliveTtl + 1;
    for (const id of repeatIds) await hover(lineFor(id), offsetIn(lineFor(id), id));
    const afterTtlRequests = statusRequests() - repeatRequests;

    // Hovers that arrive together on a cold id share one request.
    const concurrentId = ids[COLD_IDS + 5];
    sim.clearRequests();
    const concurrentStart = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENT_HOVERS }, () =>
        hover(lineFor(concurrentId), offsetIn(lineFor(concurrentId), concurrentId)),
      ),
    );
    const concurrentMs = since(concurrentStart);
    const concurrentRequests = statusRequests();

    // Detection alone on a long line (a minified JSON log), the cost paid on every mouse move.
    const longLine = `${'{"k":"v","n":12345},'.repeat(20_000)}"call_control_id":"${ids[0]}"${',{"x":1}'.repeat(20_000)}`;
    const detectSamples: number[] = [];
    for (let i = 0; i < 200; i++) {
      const start = performance.now();
      detectAt(longLine, longLine.indexOf(ids[0]) + 5);
      detectSamples.push(since(start));
    }

    const coldMs = median(cold);
    const warmMs = median(warm);
    const warmP95 = percentile(warm, 95);
    const detectMs = median(detectSamples);
    return {
      name: 'Hover (detection + TTL cache + client, against the simulator)',
      figures: {
        latencyMs,
        ttlMs: { alive: policy.aliveMs, ended: policy.endedMs, source: 'STATUS_LIFETIME_MS in src/calls/lifetime.ts' },
        cold: {
          medianMs: round(coldMs, 2),
          p95Ms: round(percentile(cold, 95), 2),
          samples: cold.length,
          requests: coldRequests,
        },
        warm: {
          medianMs: round(warmMs, 4),
          p95Ms: round(warmP95, 4),
          maxMs: round(Math.max(...warm), 3),
          samples: warm.length,
          requests: warmRequests,
        },
        repeated: {
          ids: repeatIds.length,
          hoversPerId: REPEATS_PER_ID,
          requestsWithinTtl: repeatRequests,
          requestsAfterTtl: afterTtlRequests,
        },
        concurrent: { hovers: CONCURRENT_HOVERS, requests: concurrentRequests, ms: round(concurrentMs, 2) },
        detectLongLine: { chars: longLine.length, medianMs: round(detectMs, 4) },
      },
      tables: [
        {
          title: `Hover latency, ${latencyMs} ms per request`,
          columns: ['', 'median ms', 'p95 ms', 'hovers', 'requests'],
          rows: [
            [
              `cold (first hover of ${COLD_IDS} ids)`,
              round(coldMs, 2),
              round(percentile(cold, 95), 2),
              cold.length,
              coldRequests,
            ],
            ['warm (same ids, within TTL)', round(warmMs, 4), round(warmP95, 4), warm.length, warmRequests],
            [
              `${CONCURRENT_HOVERS} hovers at once on a cold id`,
              round(concurrentMs, 2),
              undefined,
              CONCURRENT_HOVERS,
              concurrentRequests,
            ],
            [
              `detection only, ${Math.round(longLine.length / 1000)} k-char line`,
              round(detectMs, 4),
              round(percentile(detectSamples, 95), 4),
              detectSamples.length,
              0,
            ],
          ],
        },
        {
          title: `Requests for repeated hovers (${repeatIds.length} ids × ${REPEATS_PER_ID} hovers; TTL for a live call ${aliveTtl} ms)`,
          columns: ['', 'requests', 'expected'],
          rows: [
            ['within one TTL', repeatRequests, repeatIds.length],
            ['one more hover each after the TTL', afterTtlRequests, repeatIds.length],
          ],
        },
      ],
      summary: [
        {
          metric: 'hover: cold',
          ours: coldMs,
          unit: 'ms',
          baseline: latencyMs,
          baselineLabel: 'one request latency',
          judged: coldMs / latencyMs,
          note: '(no target)',
        },
        {
          metric: 'hover: warm',
          ours: warmMs,
          unit: 'ms',
          judged: warmMs,
          target: { kind: 'atMost', limit: 5, text: '< 5 ms' },
        },
        {
          metric: 'hover: requests per id per TTL',
          ours: (repeatRequests + concurrentRequests) / (repeatIds.length + 1),
          unit: 'requests',
          judged: (repeatRequests + concurrentRequests) / (repeatIds.length + 1),
          target: { kind: 'atMost', limit: 1, text: '1' },
          note:
            `(${repeatRequests} for ${repeatIds.length * REPEATS_PER_ID} hovers ` +
            `on ${repeatIds.length} ids; ${concurrentRequests} for ${CONCURRENT_HOVERS} simultaneous)`,
        },
      ],
      notes: [],
    };
  } finally {
    await client.close();
    await sim.close();
  }
}
