// Runs the sample application (examples/call-control-app) as a user would, in a Node process of its
// own, and reads what it logs. Nothing in the sample knows it is tested: it gets only its environment.
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

/** The sample's entry point, from a test bundle in out/<suite>/. */
export const SAMPLE_APP_ENTRY = resolve(__dirname, '../../examples/call-control-app/server.js');

export interface SampleAppEnv {
  /** TELNYX_BASE_URL: the API (or the command tap) including /v2. */
  baseUrl: string;
  apiKey: string;
  /** TELNYX_PUBLIC_KEY: raw Ed25519, base64. */
  publicKey: string;
  /** PORT; default 0 (a free port, which its first log line names). */
  port?: number;
}

export interface SampleAppProcess {
  /** Where it listens for webhooks, from its first log line. */
  readonly url: string;
  /** Every line it wrote (stdout and stderr), in order. */
  readonly lines: readonly string[];
  /** Resolves with the first line (from `from` on) that matches; fails after 15 s naming what it saw. */
  waitForLine(pattern: RegExp, what: string, from?: number): Promise<string>;
  stop(): Promise<void>;
}

const WAIT_LIMIT_MS = 15_000;

export async function startSampleApp(env: SampleAppEnv): Promise<SampleAppProcess> {
  // Only what the sample reads: never the outer TELNYX_* variables of whoever runs the tests.
  const child = spawn(process.execPath, [SAMPLE_APP_ENTRY], {
    env: {
      PATH: process.env.PATH ?? '',
      PORT: String(env.port ?? 0),
      TELNYX_BASE_URL: env.baseUrl,
      TELNYX_API_KEY: env.apiKey,
      TELNYX_PUBLIC_KEY: env.publicKey,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const waiters = new Set<() => void>();
  let exited: string | undefined;
  const collect = (stream: NodeJS.ReadableStream | null): void => {
    let partial = '';
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => {
      const parts = (partial + chunk).split('\n');
      partial = parts.pop() ?? '';
      lines.push(...parts);
      for (const wake of waiters) wake();
    });
  };
  collect(child.stdout);
  collect(child.stderr);
  const exit = new Promise<void>((resolveExit) =>
    child.once('close', (code, signal) => {
      exited = `the sample app exited (${signal ?? `code ${code}`})`;
      for (const wake of waiters) wake();
      resolveExit();
    }),
  );

  const waitForLine = async (pattern: RegExp, what: string, from = 0): Promise<string> => {
    const deadline = Date.now() + WAIT_LIMIT_MS;
    for (;;) {
      const line = lines.slice(from).find((candidate) => pattern.test(candidate));
      if (line !== undefined) return line;
      if (exited || Date.now() > deadline) {
        throw new Error(
          `sample app: no line for ${what}${exited ? `: ${exited}` : ''}; it wrote:\n${lines.join('\n') || '(nothing)'}`,
        );
      }
      await new Promise<void>((wake) => {
        const done = (): void => {
          waiters.delete(done);
          wake();
        };
        waiters.add(done);
        setTimeout(done, 200).unref();
      });
    }
  };

  const stop = async (): Promise<void> => {
    if (!exited) child.kill('SIGTERM');
    await exit;
  };

  try {
    const listening = await waitForLine(/Listening for Telnyx webhooks on (http:\/\/\S+)/, 'listening');
    const url = /(http:\/\/\S+)/.exec(listening)?.[1] ?? '';
    return { url, lines, waitForLine, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
