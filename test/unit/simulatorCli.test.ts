// The simulator's CLI (out/simulator/cli.js, built by esbuild.mjs) with its Call Control flags: it
// prints the webhook public key, rings a connection, and its test application drives the calls.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { Agent, request } from 'undici';
import type { CallEvent } from '../../src/telnyx/types';

const CLI = join(__dirname, '..', 'simulator', 'cli.js');
const WAIT_LIMIT_MS = 20_000;
const agent = new Agent({ keepAliveTimeout: 1000 });
after(() => agent.close());

interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function run(args: string[]): Started {
  const child = spawn(process.execPath, [CLI, '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function until<T>(read: () => T | undefined | Promise<T | undefined>, what: string): Promise<T> {
  const deadline = Date.now() + WAIT_LIMIT_MS;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`still waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function getJson<T>(url: string, key: string): Promise<T> {
  const res = await request(url, { headers: { authorization: `Bearer ${key}` }, dispatcher: agent });
  return (await res.body.json()) as T;
}

describe('simulator CLI: Call Control flags', () => {
  it('prints the public key the control API serves, rings the main connection and the test application drives the calls', async () => {
    const cli = run(['--app', '--ring', 'main', '--every', '1', '--answer-delay', '20', '--media', '20']);
    try {
      const printed = await until(() => {
        const text = cli.output();
        const url = /listening on (http:\/\/127\.0\.0\.1:\d+\/v2)/.exec(text)?.[1];
        const key = /API key: (\S+)/.exec(text)?.[1];
        const publicKey = /Webhook public key \(TELNYX_PUBLIC_KEY\): (\S+)/.exec(text)?.[1];
        const main = /Main connection: (\d+)/.exec(text)?.[1];
        return url && key && publicKey && main && /Ringing \d+ every 1 s/.test(text)
          ? { url, key, publicKey, main }
          : undefined;
      }, 'the CLI to start');
      const served = await getJson<{ data: { public_key: string } }>(
        `${printed.url.replace(/\/v2$/, '')}/_simulator/public_key`,
        printed.key,
      );
      assert.equal(served.data.public_key, printed.publicKey);
      const control = printed.url.replace(/\/v2$/, '/_simulator');
      const hungUp = await until(async () => {
        const log = await getJson<{ data: Array<{ call_control_id: string; event_type: string; requested: boolean }> }>(
          `${control}/webhook_deliveries`,
          printed.key,
        );
        return log.data.find((d) => d.event_type === 'call.hangup' && d.requested)?.call_control_id;
      }, 'a call answered, greeted and hung up by the test application');
      const status = await getJson<{ data: { call_leg_id: string; end_time?: string } }>(
        `${printed.url}/calls/${encodeURIComponent(hungUp)}`,
        printed.key,
      );
      assert.ok(status.data.end_time);
      const story = await getJson<{ data: CallEvent[] }>(
        `${printed.url}/call_events?filter[leg_id]=${status.data.call_leg_id}&page[size]=50`,
        printed.key,
      );
      assert.deepEqual(
        story.data.map((e) => e.name),
        [
          'call.initiated',
          'answer',
          'call.answered',
          'speak',
          'call.speak.started',
          'call.speak.ended',
          'hangup',
          'call.hangup',
        ],
      );
    } finally {
      cli.child.kill('SIGTERM');
      assert.equal(await cli.exited, 0);
    }
  });

  it('refuses a connection that cannot ring and a malformed webhook flag, with a message and exit code 2', async () => {
    const unknown = run(['--ring', '42']);
    assert.equal(await unknown.exited, 2);
    assert.match(unknown.output(), /no connection 42/);
    const malformed = run(['--webhook', 'main']);
    assert.equal(await malformed.exited, 2);
    assert.match(malformed.output(), /--webhook needs CONNECTION=VALUE/);
  });
});
