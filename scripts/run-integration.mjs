#!/usr/bin/env node
// Runs the mocha suite of test/integration inside the extension host of a real VS Code (the cached
// VS Code server, opened in headless Chromium), prints each test, and fails on any failure, on a suite
// that never started, and on fewer tests run than the suite holds.
//
//   node scripts/run-integration.mjs [--grep <pattern>] [--files <glob>] [--no-build]
//                                    [--suite <folder under out/>] [--report <file.json>]
// Logs of a failed run are copied to test-results/in-host/<suite>/ (server.log, browser.log, results.json).
// Env: TELNYX_TEST_KEEP=1 keeps the temporary folders (server data, workspace, logs),
//      TELNYX_TEST_START_TIMEOUT / TELNYX_TEST_TIMEOUT (seconds; defaults 180 / 1200).
import {
  appendFileSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ensureVsCodeServer } from './lib/install.mjs';
import { run } from './lib/proc.mjs';
import { startVsCodeServer } from './lib/server.mjs';
import { openWorkbench } from './lib/workbench.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values: args } = parseArgs({
  options: {
    grep: { type: 'string' },
    files: { type: 'string' },
    'no-build': { type: 'boolean', default: false },
    suite: { type: 'string', default: 'integration' },
    report: { type: 'string' },
  },
});

const EXIT_LINE = /Extension Host Process exited with code: (-?\d+|null)/;
const startTimeoutMs = Number(process.env.TELNYX_TEST_START_TIMEOUT ?? 180) * 1000;
const totalTimeoutMs = Number(process.env.TELNYX_TEST_TIMEOUT ?? 1200) * 1000;
const suiteDir = join(root, 'out', args.suite);
const label = args.suite === 'integration' ? 'in-host' : `in-host (${args.suite})`;
const started = Date.now();

function say(line = '') {
  process.stdout.write(`${line}\n`);
}

function indent(text, prefix) {
  return text
    .split('\n')
    .map((l) => prefix + l)
    .join('\n');
}

function testFilesOnDisk(dir) {
  if (!existsSync(dir)) return [];
  const found = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) found.push(...testFilesOnDisk(path));
    else if (name.endsWith('.test.js')) found.push(path);
  }
  return found;
}

function readResults(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    // Not there yet, or caught mid-write: read again on the next poll.
    return undefined;
  }
}

function printTest(test) {
  const ms = test.durationMs === undefined ? '' : ` (${test.durationMs} ms)`;
  if (test.state === 'passed') say(`  ✓ ${test.fullTitle}${ms}`);
  else if (test.state === 'pending') say(`  - ${test.fullTitle} (skipped: counts as not run)`);
  else {
    say(`  ✗ ${test.fullTitle}${ms}`);
    const stack = test.error?.stack ?? test.error?.message ?? 'no error message';
    say(indent(stack.split('\n').slice(0, 12).join('\n'), '      '));
  }
}

async function main() {
  if (!args['no-build']) {
    say('Building (node esbuild.mjs)…');
    const code = await run(process.execPath, [join(root, 'esbuild.mjs')], { cwd: root });
    if (code !== 0) return { ok: false, reason: `build failed (exit ${code})` };
  }
  await ensureVsCodeServer();
  const entry = join(suiteDir, 'index.js');
  if (!existsSync(entry))
    return { ok: false, reason: `${relative(root, entry)} is missing: is test/integration/index.ts built?` };
  if (testFilesOnDisk(suiteDir).length === 0)
    return { ok: false, reason: `no *.test.js files in ${relative(root, suiteDir)}` };

  const resultsDir = mkdtempSync(join(tmpdir(), 'telnyx-results-'));
  const resultsPath = join(resultsDir, 'results.json');
  const server = await startVsCodeServer({
    // Tests wire the simulator in themselves; a developer's own key or URL must not leak into them.
    env: {
      TELNYX_TEST_RESULTS: resultsPath,
      TELNYX_TEST_GREP: args.grep,
      TELNYX_TEST_FILES: args.files,
      TELNYX_API_KEY: undefined,
      TELNYX_API_BASE_URL: undefined,
    },
  });
  const browserLog = join(server.dirs.tmp, 'browser.log');
  let workbench;
  const cleanup = async (keep) => {
    await workbench?.close();
    await server.stop({ keep });
    if (!keep) rmSync(resultsDir, { recursive: true, force: true });
  };
  process.once('SIGINT', () => void cleanup(false).then(() => process.exit(130)));
  let outcome;
  try {
    say(`VS Code server: ${server.url} (log: ${server.logFile})`);
    workbench = await openWorkbench(server, {
      extensionDevelopmentPath: root,
      extensionTestsPath: entry,
      onConsole: (line) => appendFileSync(browserLog, `${line}\n`),
    });
    outcome = await follow(server, resultsPath);
  } catch (error) {
    outcome = { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
  const keep = process.env.TELNYX_TEST_KEEP === '1';
  // Stopped but kept until the logs are copied: the server log is complete only once it has exited.
  await cleanup(true);
  if (!outcome.ok) {
    say(
      `\nLast lines of the VS Code server log:\n${indent(server.output().trim().split('\n').slice(-25).join('\n'), '  | ')}`,
    );
    // The runner's own test (TELNYX_TEST_KEEP=0) fails on purpose: its logs would only overwrite real ones.
    if (process.env.TELNYX_TEST_KEEP !== '0') {
      const logsDir = join(root, 'test-results', 'in-host', args.suite);
      mkdirSync(logsDir, { recursive: true });
      for (const [from, name] of [
        [server.logFile, 'server.log'],
        [browserLog, 'browser.log'],
        [resultsPath, 'results.json'],
      ]) {
        if (existsSync(from)) copyFileSync(from, join(logsDir, name));
      }
      say(`Logs: ${relative(root, logsDir)}/ (server.log, browser.log, results.json)`);
    }
  }
  if (!keep) {
    rmSync(server.dirs.tmp, { recursive: true, force: true });
    rmSync(resultsDir, { recursive: true, force: true });
  }
  if (keep) say(`Kept for inspection: ${server.dirs.tmp} and ${resultsDir}`);
  return outcome;
}

/** Streams results as the suite writes them; resolves when the extension host has exited or on timeout. */
async function follow(server, resultsPath) {
  let printed = 0;
  let exitCode;
  server.onOutput(() => {
    const match = server.output().match(EXIT_LINE);
    if (match && exitCode === undefined) exitCode = match[1];
  });
  let results;
  let finishedAt;
  for (;;) {
    await new Promise((r) => setTimeout(r, 300));
    results = readResults(resultsPath) ?? results;
    if (results) {
      for (; printed < results.tests.length; printed++) printTest(results.tests[printed]);
    }
    const elapsed = Date.now() - started;
    if (!results && exitCode !== undefined) {
      return { ok: false, reason: `the extension host exited (code ${exitCode}) before the suite started` };
    }
    if (!results && elapsed > startTimeoutMs) {
      return { ok: false, reason: `the suite never started (no results after ${startTimeoutMs / 1000} s)` };
    }
    if (results?.finished) {
      finishedAt ??= Date.now();
      // The host exits right after run() settles; wait a little for its exit line, not forever.
      if (exitCode !== undefined || Date.now() - finishedAt > 15_000) break;
    } else if (results && exitCode !== undefined) {
      return { ok: false, reason: `the extension host exited (code ${exitCode}) before the suite finished`, results };
    }
    if (elapsed > totalTimeoutMs) return { ok: false, reason: `timed out after ${totalTimeoutMs / 1000} s`, results };
  }
  const ran = results.passed + results.failed;
  const problems = [];
  if (results.loadError) problems.push(`the suite failed to load:\n${indent(results.loadError, '    ')}`);
  if (results.failed > 0) problems.push(`${results.failed} failed`);
  if (results.expected === 0 && !results.loadError) problems.push('the suite holds no tests');
  if (ran < results.expected) problems.push(`only ${ran} of the ${results.expected} tests the suite holds ran`);
  if (exitCode !== undefined && exitCode !== '0' && problems.length === 0)
    problems.push(`the extension host exited with code ${exitCode}`);
  return { ok: problems.length === 0, reason: problems.join('; '), results, exitCode };
}

const outcome = await main().catch((error) => ({
  ok: false,
  reason: error instanceof Error ? error.stack : String(error),
}));
const r = outcome.results;
const seconds = ((Date.now() - started) / 1000).toFixed(1);
say('');
if (r) {
  say(
    `${label}: ran inside VS Code ${r.vscodeVersion} ` +
      `(${r.appName}, ${r.appHost}); ${r.files.length} ` +
      `file(s)${r.grep ? `, grep /${r.grep}/` : ''}`,
  );
  say(
    `${label}: ${r.passed} passed, ${r.failed} failed, ${r.pending} skipped, ${r.expected} in the suite (${seconds} s)`,
  );
}
if (!outcome.ok) say(`${label}: FAILED: ${outcome.reason}`);
if (args.report) {
  mkdirSync(dirname(resolve(args.report)), { recursive: true });
  writeFileSync(
    resolve(args.report),
    JSON.stringify(
      {
        ok: outcome.ok,
        reason: outcome.reason,
        passed: r?.passed ?? 0,
        // A suite that did not run to the end counts as one failure at least, so it never reads as green.
        failed: outcome.ok ? 0 : Math.max(1, r ? r.failed + Math.max(0, r.expected - r.passed - r.failed) : 1),
        expected: r?.expected ?? 0,
        vscodeVersion: r?.vscodeVersion,
        seconds: Number(seconds),
      },
      null,
      2,
    ),
  );
}
process.exit(outcome.ok ? 0 : 1);
