// Runs inside the VS Code extension host as the `extensionTestsPath` module (see activation.ts).
// It activates the extension itself, timing what VS Code does (load dist/extension.js, call
// activate()), idles so that any request started by activation would reach the simulator, then opens
// the Telnyx view (which should be the first thing to talk to the API) and writes what it saw to the
// file named by TELNYX_BENCH_PROBE_OUT.
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';

const EXTENSION_ID = 'callscope.telnyx-calls';
const IDLE_MS = 3000;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function run(): Promise<void> {
  const out = process.env.TELNYX_BENCH_PROBE_OUT;
  const record: Record<string, unknown> = { probeStartedAt: Date.now() };
  try {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    if (!extension) throw new Error(`${EXTENSION_ID} is not loaded in this host`);
    record.activeBeforeProbe = extension.isActive;
    const main = join(extension.extensionPath, 'dist', 'extension.js');
    record.mainWasLoaded = require.cache[main] !== undefined;

    const activateStart = performance.now();
    await extension.activate();
    record.activateTotalMs = performance.now() - activateStart;
    record.activatedAt = Date.now();

    // The module's own cost, apart from activate(): a copy under another name, so Node evaluates it
    // afresh (the original is cached now). V8 may reuse some compiled code, so this is a lower bound.
    const copy = join(extension.extensionPath, 'dist', `extension.probe-${process.pid}.js`);
    copyFileSync(main, copy);
    const requireStart = performance.now();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const loaded = require(copy) as { activate?: unknown };
    record.requireCopyMs = performance.now() - requireStart;
    record.exportsActivate = typeof loaded.activate === 'function';
    const api = extension.exports as Record<string, unknown> | undefined;
    record.exportsKeys = api ? Object.keys(api) : [];

    await sleep(IDLE_MS);
    record.viewOpenAt = Date.now();
    await vscode.commands.executeCommand('workbench.view.extension.telnyx');
    await sleep(IDLE_MS);
    record.doneAt = Date.now();
  } catch (error) {
    record.error = error instanceof Error ? (error.stack ?? error.message) : String(error);
  }
  if (out) writeFileSync(out, JSON.stringify(record, null, 2));
}
