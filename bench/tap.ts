// Benchmark 9: the live tap (src/tap/). What it adds to each forwarded request, measured side by side
// with the same request sent direct (1,000 each, interleaved, one run), and a steady load of signed
// webhooks (200 a second for 30 s) through it: nothing lost, memory (after a full garbage collection) at
// the start, each quarter and the end.
// `--quick`: 200 requests each and 5 s of load, for trying.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Agent, request } from 'undici';
import { startLiveTap } from '../src/tap/index';
import type { LiveTap } from '../src/tap/model';
import { createWebhookSigner } from '../test/simulator/signing';
import type { BenchOptions } from './lib/options';
import { type BenchResult, round, type SummaryRow } from './lib/report';

const LOAD_RATE_PER_S = 200;
const WEBHOOKS_PER_CALL = 8;

export interface Endpoint {
  server: Server;
  url: string;
  received: number;
}

/** A minimal HTTP server on 127.0.0.1 that reads each body and answers at once: the application, or Telnyx. */
export async function startEndpoint(answer: (req: IncomingMessage, res: ServerResponse) => void): Promise<Endpoint> {
  const endpoint: Endpoint = { server: createServer(), url: '', received: 0 };
  endpoint.server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    req.on('end', () => {
      endpoint.received++;
      answer(req, res);
    });
  });
  await new Promise<void>((resolve) => endpoint.server.listen(0, '127.0.0.1', resolve));
  endpoint.url = `http://127.0.0.1:${(endpoint.server.address() as AddressInfo).port}`;
  return endpoint;
}

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export function webhookEnvelope(eventType: string, callControlId: string, n: number): string {
  return JSON.stringify({
    data: {
      record_type: 'event',
      event_type: eventType,
      id: `5a1e1a0e-0000-4000-8000-${String(n).padStart(12, '0')}`,
      occurred_at: new Date().toISOString(),
      payload: {
        call_control_id: callControlId,
        call_leg_id: `leg-${callControlId}`,
        call_session_id: `session-${callControlId}`,
        connection_id: '1494404757140276705',
        from: '+15550001111',
        to: '+15550002222',
        direction: 'incoming',
        state: 'parked',
        client_state: null,
      },
    },
    meta: { attempt: 1, delivered_to: 'https://example.com/webhooks' },
  });
}

async function timed(agent: Agent, url: string, headers: Record<string, string>, body: string): Promise<number> {
  const start = performance.now();
  const res = await request(url, { method: 'POST', headers, body, dispatcher: agent });
  await res.body.dump();
  const ms = performance.now() - start;
  if (res.statusCode >= 300) throw new Error(`${url}: ${res.statusCode}`);
  return ms;
}

interface LatencyRow {
  what: string;
  direct: { p50: number; p99: number };
  tapped: { p50: number; p99: number };
  added: { p50: number; p99: number };
}

/**
 * `count` requests direct and `count` through the tap, alternating, after a warm-up of 200 of each
 * (fewer left the tap's code and undici's connections still warming: the first few hundred were
 * several times slower than the rest).
 */
async function measureAdded(
  what: string,
  count: number,
  direct: (i: number) => Promise<number>,
  tapped: (i: number) => Promise<number>,
): Promise<LatencyRow> {
  for (let i = 0; i < 200; i++) {
    await direct(i);
    await tapped(i);
  }
  const directMs: number[] = [];
  const tappedMs: number[] = [];
  for (let i = 0; i < count; i++) {
    directMs.push(await direct(i));
    tappedMs.push(await tapped(i));
  }
  directMs.sort((a, b) => a - b);
  tappedMs.sort((a, b) => a - b);
  const d = { p50: percentile(directMs, 50), p99: percentile(directMs, 99) };
  const t = { p50: percentile(tappedMs, 50), p99: percentile(tappedMs, 99) };
  return { what, direct: d, tapped: t, added: { p50: t.p50 - d.p50, p99: t.p99 - d.p99 } };
}

// Memory is read after a full collection, so that the figures show what is held, not garbage not yet collected.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

function memoryMb(): { heapMb: number; rssMb: number } {
  collectGarbage();
  const usage = process.memoryUsage();
  return { heapMb: round(usage.heapUsed / 1048576, 1), rssMb: round(usage.rss / 1048576, 1) };
}

export async function runTapBench(options: BenchOptions): Promise<BenchResult> {
  const quick = options.quick === true;
  const requests = quick ? 200 : 1000;
  const loadSeconds = quick ? 5 : 30;
  const signer = createWebhookSigner(1);
  const app = await startEndpoint((_req, res) => res.writeHead(200).end());
  const telnyx = await startEndpoint((_req, res) =>
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"data":{"result":"ok"}}'),
  );
  const tap: LiveTap = await startLiveTap({
    appUrl: `${app.url}/webhooks`,
    webhookPort: 0,
    apiPort: 0,
    apiBaseUrl: `${telnyx.url}/v2`,
    publicKey: signer.publicKeyBase64,
  });
  const agent = new Agent({ keepAliveTimeout: 10_000, connections: 64 });
  const webhookTap = `http://127.0.0.1:${tap.status().webhookPort}`;
  const commandTap = `http://127.0.0.1:${tap.status().apiPort}/v2`;
  try {
    const webhookHeaders = (body: string): Record<string, string> => ({
      'content-type': 'application/json',
      ...signer.headers(body, Math.floor(Date.now() / 1000)),
    });
    const commandHeaders = { authorization: 'Bearer KEYbench', 'content-type': 'application/json' };
    const webhookOf = (i: number): string => webhookEnvelope('call.initiated', `v3:bench-latency-${i % 150}`, i);
    const commandBody = (i: number): string => JSON.stringify({ command_id: `bench-${i}` });
    const commandPath = (i: number): string =>
      `/calls/${encodeURIComponent(`v3:bench-latency-${i % 150}`)}/actions/answer`;

    const webhooks = await measureAdded(
      'webhook (signed POST, 200 from the application)',
      requests,
      (i) => timed(agent, `${app.url}/webhooks`, webhookHeaders(webhookOf(i)), webhookOf(i)),
      (i) => timed(agent, `${webhookTap}/`, webhookHeaders(webhookOf(i)), webhookOf(i)),
    );
    const commands = await measureAdded(
      'command (POST …/actions/answer, 200 from Telnyx)',
      requests,
      (i) => timed(agent, `${telnyx.url}/v2${commandPath(i)}`, commandHeaders, commandBody(i)),
      (i) => timed(agent, `${commandTap}${commandPath(i)}`, commandHeaders, commandBody(i)),
    );
    for (const row of [webhooks, commands])
      console.log(
        `tap: ${row.what}: added p50 ${round(row.added.p50, 3)} ms, p99 ${round(row.added.p99, 3)} ms ` +
          `(direct ${round(row.direct.p50, 3)} / ${round(row.direct.p99, 3)}, ` +
          `tapped ${round(row.tapped.p50, 3)} / ${round(row.tapped.p99, 3)})`,
      );

    // The steady load: a new call every WEBHOOKS_PER_CALL webhooks, paced by the clock, not by the answers.
    const load = await steadyLoad(tap, agent, webhookTap, signer, loadSeconds, app);
    console.log(
      `tap: ${load.sent} webhooks in ${loadSeconds} s at ${LOAD_RATE_PER_S}/s: ${load.answered200} answered 200, ` +
        `${load.reachedApp} reached the application, ${load.completedEvents} recorded with their answer, ` +
        `lost ${load.lost}; heap ${load.memory.map((m) => m.heapMb).join(' → ')} MB, rss ${load.memory.map((m) => m.rssMb).join(' → ')} MB`,
    );

    const latencyRows = (row: LatencyRow, kind: string): SummaryRow[] => [
      {
        metric: `tap: added latency per ${kind}, p50`,
        ours: row.added.p50,
        unit: 'ms',
        baseline: row.direct.p50,
        baselineLabel: 'direct',
        judged: row.added.p50,
        target: { kind: 'atMost', limit: 2, text: '< 2 ms' },
      },
      {
        metric: `tap: added latency per ${kind}, p99`,
        ours: row.added.p99,
        unit: 'ms',
        baseline: row.direct.p99,
        baselineLabel: 'direct',
        judged: row.added.p99,
        target: { kind: 'atMost', limit: 10, text: '< 10 ms' },
      },
    ];
    return {
      name: 'tap',
      figures: { quick, requests, loadSeconds, webhooks, commands, load },
      tables: [
        {
          title: `Live tap: ${requests} requests each, direct and through the tap, interleaved (ms)`,
          columns: ['', 'direct p50', 'direct p99', 'tapped p50', 'tapped p99', 'added p50', 'added p99'],
          rows: [webhooks, commands].map((row) => [
            row.what,
            round(row.direct.p50, 3),
            round(row.direct.p99, 3),
            round(row.tapped.p50, 3),
            round(row.tapped.p99, 3),
            round(row.added.p50, 3),
            round(row.added.p99, 3),
          ]),
        },
        {
          title: `Live tap: ${LOAD_RATE_PER_S} webhooks/s for ${loadSeconds} s (${WEBHOOKS_PER_CALL} per call)`,
          columns: ['', 'sent', '200', 'at app', 'recorded', 'lost', 'calls kept', 'dropped calls', 'late sends'],
          rows: [
            [
              'through the tap',
              load.sent,
              load.answered200,
              load.reachedApp,
              load.completedEvents,
              load.lost,
              load.callsKept,
              load.droppedCalls,
              load.lateSends,
            ],
          ],
        },
        {
          title: 'Live tap: memory of this process during the load (MB)',
          columns: ['', 'heap', 'rss', 'entries held'],
          rows: load.memory.map((m) => [m.at, m.heapMb, m.rssMb, m.entries]),
        },
      ],
      summary: [
        ...latencyRows(webhooks, 'webhook'),
        ...latencyRows(commands, 'command'),
        {
          metric: `tap: ${LOAD_RATE_PER_S} webhooks/s for ${loadSeconds} s, lost`,
          ours: load.lost,
          unit: 'webhooks',
          judged: load.lost,
          target: { kind: 'atMost', limit: 0, text: 'none' },
          note: `heap ${load.memory[0].heapMb} → ${load.memory[load.memory.length - 1].heapMb} MB`,
        },
      ],
      notes: [
        'Both sides talk to minimal local servers (an application that answers 200, an API that answers ok), so that ' +
          'the difference is the tap alone: its signature check, recording and second hop.',
        quick ? 'Quick run (--quick): fewer requests and a shorter load than the full benchmark.' : '',
      ].filter(Boolean),
    };
  } finally {
    await tap.stop();
    await agent.close();
    for (const endpoint of [app, telnyx]) {
      endpoint.server.closeAllConnections();
      await new Promise<void>((resolve) => endpoint.server.close(() => resolve()));
    }
  }
}

interface LoadFigures {
  sent: number;
  answered200: number;
  reachedApp: number;
  completedEvents: number;
  lost: number;
  callsKept: number;
  droppedCalls: number;
  /** Sends that left more than 50 ms after their slot (the sender, not the tap, fell behind). */
  lateSends: number;
  memory: Array<{ at: string; heapMb: number; rssMb: number; entries: number }>;
}

async function steadyLoad(
  tap: LiveTap,
  agent: Agent,
  webhookTap: string,
  signer: ReturnType<typeof createWebhookSigner>,
  seconds: number,
  app: Endpoint,
): Promise<LoadFigures> {
  const total = LOAD_RATE_PER_S * seconds;
  const events = ['call.initiated', 'call.answered', 'call.speak.started', 'call.speak.ended'];
  let completedEvents = 0;
  const subscription = tap.onDidRecord((event) => {
    if (event.entry.kind === 'webhook' && !event.entry.app.pending) completedEvents++;
  });
  const reachedBefore = app.received;
  const memory: LoadFigures['memory'] = [];
  const snapshot = (at: string): void => {
    memory.push({ at, ...memoryMb(), entries: tap.status().entries });
  };
  snapshot('start');
  let answered200 = 0;
  let lateSends = 0;
  const sends: Array<Promise<void>> = [];
  const start = performance.now();
  for (let i = 0; i < total; i++) {
    const slot = start + (i * 1000) / LOAD_RATE_PER_S;
    const wait = slot - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    else if (wait < -50) lateSends++;
    if (i > 0 && i % Math.floor(total / 4) === 0) snapshot(`${Math.round((i / total) * seconds)} s`);
    const call = Math.floor(i / WEBHOOKS_PER_CALL);
    const eventType = i % WEBHOOKS_PER_CALL === WEBHOOKS_PER_CALL - 1 ? 'call.hangup' : events[i % events.length];
    const body = webhookEnvelope(eventType, `v3:bench-load-${call}`, 100_000 + i);
    sends.push(
      request(`${webhookTap}/`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...signer.headers(body, Math.floor(Date.now() / 1000)) },
        body,
        dispatcher: agent,
      }).then(async (res) => {
        await res.body.dump();
        if (res.statusCode === 200) answered200++;
      }),
    );
  }
  await Promise.allSettled(sends);
  snapshot('end');
  subscription.dispose();
  const status = tap.status();
  return {
    sent: total,
    answered200,
    reachedApp: app.received - reachedBefore,
    completedEvents,
    lost: total - Math.min(answered200, app.received - reachedBefore, completedEvents),
    callsKept: status.calls,
    droppedCalls: status.droppedCalls,
    lateSends,
    memory,
  };
}
