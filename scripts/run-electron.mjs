#!/usr/bin/env node
// `npm run test:electron`: the same in-host suite (out/integration/index.js) in desktop VS Code,
// downloaded by @vscode/test-electron. Needs access to Microsoft's update servers (not available on
// our CI machines, which use scripts/run-integration.mjs with the VS Code server instead).
//   npm run test:electron            (env VSCODE_TEST_VERSION: 'stable' by default, or e.g. 1.139.1)
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTests } from '@vscode/test-electron';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const tmp = mkdtempSync(join(tmpdir(), 'telnyx-electron-'));
const resultsPath = join(tmp, 'results.json');
let exitCode = 0;
try {
  await runTests({
    version: process.env.VSCODE_TEST_VERSION ?? 'stable',
    extensionDevelopmentPath: root,
    extensionTestsPath: join(root, 'out', 'integration', 'index.js'),
    launchArgs: [tmp, '--disable-extensions', '--disable-workspace-trust'],
    extensionTestsEnv: { TELNYX_TEST_RESULTS: resultsPath, TELNYX_API_KEY: undefined, TELNYX_API_BASE_URL: undefined },
  });
} catch (error) {
  console.error(`test-electron: ${error instanceof Error ? error.message : error}`);
  exitCode = 1;
}
try {
  const r = JSON.parse(readFileSync(resultsPath, 'utf8'));
  for (const t of r.tests)
    console.log(
      `  ${t.state === 'passed' ? '✓' : t.state === 'failed' ? '✗' : '-'} ${t.fullTitle}${t.error ? `\n      ${t.error.message}` : ''}`,
    );
  console.log(
    `electron: VS Code ${r.vscodeVersion}: ${r.passed} passed, ${r.failed} failed, ${r.expected} in the suite`,
  );
  if (r.failed || r.passed < r.expected) exitCode = 1;
} catch {
  console.error('electron: the suite wrote no results (it never started)');
  exitCode = 1;
}
rmSync(tmp, { recursive: true, force: true });
process.exit(exitCode);
