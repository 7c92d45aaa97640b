#!/usr/bin/env node
// `npm test`: set-up, then every suite, in order, with nothing skipped. Prints a summary per suite and
// a last line `N passed, N failed` (tests summed over all suites; lint, dead code and typecheck are one test each).
// A suite that crashes, runs zero tests, or skips a test counts as failed.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setup } from './setup.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const work = mkdtempSync(join(tmpdir(), 'telnyx-npm-test-'));
const node = process.execPath;
const bin = (name) => join(root, 'node_modules', '.bin', name);

/** Runs a command with its output passed through; resolves with its exit code. */
function exec(command, args, env = {}) {
  return new Promise((done) => {
    const child = spawn(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
    child.on('error', (error) => {
      console.error(error.message);
      done(127);
    });
    child.on('close', (code, signal) => done(code ?? (signal ? 128 : 1)));
  });
}

/** One pass/fail check (lint, typecheck, build). */
function check(name, command, args) {
  return async () => {
    const code = await exec(command, args);
    return { passed: code === 0 ? 1 : 0, failed: code === 0 ? 0 : 1, note: code === 0 ? '' : `exit ${code}` };
  };
}

/** Counts from the summary of node:test's TAP report (`# pass N` …). */
export function countTap(text) {
  const count = (key) => {
    const matches = [...text.matchAll(new RegExp(`^# ${key} (\\d+)$`, 'gm'))];
    return matches.length ? Number(matches[matches.length - 1][1]) : undefined;
  };
  return {
    pass: count('pass'),
    fail: count('fail'),
    cancelled: count('cancelled'),
    skipped: count('skipped'),
    todo: count('todo'),
  };
}

/** A node:test suite: human-readable spec on the console, TAP in a file for counting. */
function nodeTests(name, dir) {
  return async () => {
    if (!existsSync(join(root, dir))) return { passed: 0, failed: 1, note: `${dir} does not exist (nothing built?)` };
    const tap = join(work, `${name}.tap`);
    const code = await exec(node, [
      '--enable-source-maps',
      '--test',
      '--test-reporter=spec',
      '--test-reporter-destination=stdout',
      '--test-reporter=tap',
      `--test-reporter-destination=${tap}`,
      `${dir}/`,
    ]);
    const c = countTap(existsSync(tap) ? readFileSync(tap, 'utf8') : '');
    if (c.pass === undefined) return { passed: 0, failed: 1, note: `crashed (exit ${code}, no test summary)` };
    const notRun = (c.skipped ?? 0) + (c.todo ?? 0);
    let failed = (c.fail ?? 0) + (c.cancelled ?? 0) + notRun;
    const notes = [];
    if (notRun) notes.push(`${notRun} skipped/todo counted as failed`);
    if (c.pass + failed === 0) {
      failed = 1;
      notes.push('ran zero tests');
    } else if (code !== 0 && failed === 0) {
      failed = 1;
      notes.push(`exit ${code} with no failing test`);
    }
    return { passed: c.pass, failed, note: notes.join('; ') };
  };
}

function inHost() {
  return async () => {
    const report = join(work, 'in-host.json');
    const code = await exec(node, [join(root, 'scripts/run-integration.mjs'), '--no-build', '--report', report]);
    if (!existsSync(report)) return { passed: 0, failed: 1, note: `crashed (exit ${code}, no report)` };
    const r = JSON.parse(readFileSync(report, 'utf8'));
    const failed = code !== 0 ? Math.max(1, r.failed) : r.failed;
    return {
      passed: r.passed,
      failed,
      note: [r.vscodeVersion ? `VS Code ${r.vscodeVersion}` : '', r.ok ? '' : r.reason].filter(Boolean).join('; '),
    };
  };
}

const suites = [
  ['lint', check('lint', bin('eslint'), ['.'])],
  ['dead code', check('dead code', bin('knip'), [])],
  ['typecheck', check('typecheck', bin('tsc'), ['-p', '.', '--noEmit'])],
  ['build', check('build', node, ['esbuild.mjs'])],
  ['unit', nodeTests('unit', 'out/unit')],
  ['contract', nodeTests('contract', 'out/contract')],
  ['harness', nodeTests('harness', 'out/harness')],
  ['in-host', inHost()],
  ['e2e', nodeTests('e2e', 'out/e2e')],
];

const startedAll = Date.now();
try {
  await setup();
} catch (error) {
  console.error(`[setup] ${error.message}`);
  console.log('\n0 passed, 1 failed');
  process.exit(1);
}

const results = [];
let buildFailed = false;
for (const [name, runSuite] of suites) {
  console.log(`\n━━━ ${name} ━━━`);
  const started = Date.now();
  let result;
  if (buildFailed && !['lint', 'dead code', 'typecheck', 'build'].includes(name)) {
    // Running tests from a stale out/ would report on code that is not the code under test.
    result = { passed: 0, failed: 1, note: 'not run: the build failed' };
  } else {
    result = await runSuite().catch((error) => ({ passed: 0, failed: 1, note: `crashed: ${error.message}` }));
  }
  if (name === 'build' && result.failed) buildFailed = true;
  result.seconds = (Date.now() - started) / 1000;
  results.push([name, result]);
}
rmSync(work, { recursive: true, force: true });

console.log('\n━━━ summary ━━━');
let passed = 0;
let failed = 0;
for (const [name, r] of results) {
  passed += r.passed;
  failed += r.failed;
  const mark = r.failed ? '✗' : '✓';
  console.log(
    `${mark} ${name.padEnd(10)} ${String(r.passed).padStart(4)} ` +
      `passed, ${String(r.failed).padStart(3)} failed  ${r.seconds.toFixed(1).padStart(6)} ` +
      `s${r.note ? `  (${r.note})` : ''}`,
  );
}
console.log(`total time ${((Date.now() - startedAll) / 1000).toFixed(1)} s`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
