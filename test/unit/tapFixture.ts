// The live tap's tests: the simulator (Telnyx's side) ringing the test application through both taps,
// all real servers on 127.0.0.1.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import { freePort } from '../../scripts/lib/proc.mjs';
import { startCallApp, type CallApp, type CallAppOptions } from '../app/callApp';
import { startSimulator, type SimulatorOptions, type StartedSimulator } from '../simulator/index';
import { startLiveTap } from '../../src/tap/index';
import type { LiveTap, LiveTapOptions, LiveTapRecord, TapEntry, TapRecordEvent } from '../../src/tap/model';

export interface Loop {
  sim: StartedSimulator;
  app: CallApp;
  tap: LiveTap;
  /** Every event the tap fired, in order. */
  events: TapRecordEvent[];
  webhookUrl: string;
  apiUrl: string;
  close(): Promise<void>;
}

/** Simulator → webhook tap → test application → command tap → simulator. */
export async function startLoop(
  tapOptions: Partial<LiveTapOptions> = {},
  appOptions: Partial<CallAppOptions> = {},
  method: 'POST' | 'GET' = 'POST',
  simulatorOptions: SimulatorOptions = {},
): Promise<Loop> {
  const sim = await startSimulator({
    callControl: { answerDelayMs: 20, mediaMs: 20, webhookRetries: 0 },
    ...simulatorOptions,
  });
  const appPort = await freePort();
  const tap = await startLiveTap({
    appUrl: `http://127.0.0.1:${appPort}/webhooks`,
    webhookPort: 0,
    apiPort: 0,
    apiBaseUrl: sim.url,
    publicKey: sim.webhookPublicKey,
    ...tapOptions,
  });
  const events: TapRecordEvent[] = [];
  tap.onDidRecord((event) => events.push(event));
  const { webhookPort, apiPort } = tap.status();
  const apiUrl = `http://127.0.0.1:${apiPort}/v2`;
  const app = await startCallApp({
    apiUrl,
    apiKey: sim.apiKey,
    publicKey: sim.webhookPublicKey,
    port: appPort,
    ...appOptions,
  });
  const webhookUrl = `http://127.0.0.1:${webhookPort}/`;
  sim.setWebhook(sim.seed.mainConnectionId, { webhookUrl, failoverUrl: null, method, timeoutSeconds: 5 });
  return {
    sim,
    app,
    tap,
    events,
    webhookUrl,
    apiUrl,
    async close() {
      await tap.stop();
      await app.close();
      await sim.close();
    },
  };
}

/** A tap in front of an application of the test's own, with no simulator. */
export async function startTapBefore(
  handle: (req: IncomingMessage, body: Buffer, res: ServerResponse) => void,
  tapOptions: Partial<LiveTapOptions> = {},
  carryOver?: LiveTapRecord,
): Promise<{ tap: LiveTap; app: Server; appUrl: string; webhookUrl: string; close(): Promise<void> }> {
  const app = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => handle(req, Buffer.concat(chunks), res));
  });
  await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
  const appUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}/webhooks`;
  const tap = await startLiveTap(
    { appUrl, webhookPort: 0, apiPort: 0, apiBaseUrl: 'http://127.0.0.1:9/v2', ...tapOptions },
    carryOver,
  );
  return {
    tap,
    app,
    appUrl,
    webhookUrl: `http://127.0.0.1:${tap.status().webhookPort}`,
    async close() {
      await tap.stop();
      app.closeAllConnections();
      await new Promise<void>((resolve) => app.close(() => resolve()));
    },
  };
}

export async function send(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<{ status: number; text: string; headers: Record<string, string | string[] | undefined> }> {
  const res = await request(url, {
    method: (options.method ?? 'POST') as 'POST',
    headers: options.headers,
    body: options.body,
  });
  return { status: res.statusCode, text: await res.body.text(), headers: res.headers };
}

/** Every entry the tap holds, in the order they reached it. */
export function allEntries(tap: LiveTap): TapEntry[] {
  return [...tap.calls().flatMap((call) => call.entries), ...tap.unattached()].sort((a, b) => a.seq - b.seq);
}

/** Waits until the tap holds an entry that matches (checked on each record; fails after 15 s). */
export async function untilRecorded(
  tap: LiveTap,
  what: string,
  matches: (entry: TapEntry) => boolean,
): Promise<TapEntry> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const found = allEntries(tap).find(matches);
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`tap: still waiting for ${what}`);
    await new Promise<void>((resolve) => {
      const subscription = tap.onDidRecord(() => {
        subscription.dispose();
        resolve();
      });
      setTimeout(() => {
        subscription.dispose();
        resolve();
      }, 200).unref();
    });
  }
}

let webhookCount = 0;

/** A webhook body as Telnyx sends it (POST), for a call of the test's own. */
export function webhookBody(eventType: string, callControlId: string, payload: Record<string, unknown> = {}): string {
  webhookCount++;
  return JSON.stringify({
    data: {
      record_type: 'event',
      event_type: eventType,
      id: `0ccc7b54-4df3-4bca-a65a-3da1ecc7${String(webhookCount).padStart(4, '0')}`,
      occurred_at: new Date().toISOString(),
      payload: { call_control_id: callControlId, connection_id: '1494404757140276705', ...payload },
    },
    meta: { attempt: 1, delivered_to: 'https://example.com/webhooks' },
  });
}
