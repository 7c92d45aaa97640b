// The in-host runner's failure path, proven once against a real VS Code: a suite with a failing test
// and a skipped one must make scripts/run-integration.mjs exit non-zero and say why.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { test } from 'node:test';

const root = resolve(__dirname, '..', '..');

function runRunner(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [resolve(root, 'scripts/run-integration.mjs'), ...args], {
      cwd: root,
      env: { ...process.env, TELNYX_TEST_KEEP: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code, output }));
  });
}

test('the in-host runner fails on a failing test and on a test that did not run', { timeout: 300_000 }, async () => {
  // Built by `node esbuild.mjs` (out/harness-fixture): the real suite entry plus a failing fixture.
  const { code, output } = await runRunner(['--no-build', '--suite', 'harness-fixture']);
  assert.equal(code, 1, `runner exit code; output:\n${output}`);
  assert.match(output, /✓ fixture passes inside VS Code/, output);
  assert.match(output, /✗ fixture fails on purpose/, output);
  assert.match(output, /deliberate failure from the harness fixture/, output);
  assert.match(output, /- fixture is skipped, so it never runs \(skipped: counts as not run\)/, output);
  assert.match(output, /ran inside VS Code \d+\.\d+\.\d+/, output);
  assert.match(output, /1 passed, 1 failed, 1 skipped, 3 in the suite/, output);
  assert.match(output, /FAILED: 1 failed; only 2 of the 3 tests the suite holds ran/, output);
});
