// Entry of the in-host suite: VS Code loads this module (extensionTestsPath) in its extension host and
// awaits run(). It runs every `*.test.js` next to it with mocha and writes the results to a JSON file
// that the runner (scripts/run-integration.mjs) reads, because the server log alone cannot say how many
// tests there were and which failed. The same entry works under @vscode/test-electron.
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import Mocha from 'mocha';
import * as vscode from 'vscode';

export interface TestResult {
  title: string;
  fullTitle: string;
  file: string | undefined;
  state: 'passed' | 'failed' | 'pending';
  durationMs: number | undefined;
  error?: { message: string; stack?: string };
}

export interface SuiteResults {
  vscodeVersion: string;
  appName: string;
  appHost: string;
  files: string[];
  grep: string | undefined;
  /** Tests the loaded files hold (after --grep); fewer passed+failed than this is a failure. */
  expected: number;
  passed: number;
  failed: number;
  pending: number;
  finished: boolean;
  loadError?: string;
  tests: TestResult[];
}

/** Test files under `dir`, as paths relative to it with forward slashes. */
function findTestFiles(dir: string): string[] {
  const found: string[] = [];
  const walk = (current: string): void => {
    for (const name of readdirSync(current).sort()) {
      const path = join(current, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.test.js')) found.push(relative(dir, path).split(sep).join('/'));
    }
  };
  walk(dir);
  return found;
}

/** `*` within a path segment, `**` across segments, `?` one character; matched against the relative path. */
export function globToRegExp(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') {
      source += '.*';
      i++;
      if (glob[i + 1] === '/') i++;
    } else if (c === '*') source += '[^/]*';
    else if (c === '?') source += '[^/]';
    else source += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

/** Accepts `tree.test.ts`, `test/integration/tree*.ts`, `out/integration/**\/*.test.js`, comma-separated. */
export function fileFilter(patterns: string | undefined): (file: string) => boolean {
  if (!patterns?.trim()) return () => true;
  const regexps = patterns
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => globToRegExp(p.replace(/^(\.\/)?(test|out)\/integration\//, '').replace(/\.ts$/, '.js')));
  return (file) => regexps.some((re) => re.test(file) || re.test(file.split('/').pop() ?? file));
}

function errorOf(err: unknown): { message: string; stack?: string } {
  if (err instanceof Error) return { message: err.message, stack: err.stack };
  return { message: String(err) };
}

export async function run(): Promise<void> {
  const dir = __dirname;
  const resultsPath = process.env.TELNYX_TEST_RESULTS || join(dir, 'results.json');
  const grep = process.env.TELNYX_TEST_GREP || undefined;
  const files = findTestFiles(dir).filter(fileFilter(process.env.TELNYX_TEST_FILES));
  const results: SuiteResults = {
    vscodeVersion: vscode.version,
    appName: vscode.env.appName,
    appHost: vscode.env.appHost,
    files,
    grep,
    expected: 0,
    passed: 0,
    failed: 0,
    pending: 0,
    finished: false,
    tests: [],
  };
  const save = (): void => writeFileSync(resultsPath, JSON.stringify(results, null, 2));
  console.log(`[telnyx tests] VS Code ${vscode.version} (${vscode.env.appHost}); ${files.length} test file(s)`);

  // The status bar checks failed webhook deliveries once a minute on its own (a call_events request
  // that suites counting requests would see): off for the run; test/integration/statusBar.test.ts
  // turns it on for itself.
  await vscode.workspace
    .getConfiguration('telnyx')
    .update('statusBar.failedDeliveries', false, vscode.ConfigurationTarget.Global);
  const mocha = new Mocha({ ui: 'bdd', timeout: 30_000, color: false, reporter: 'spec' });
  if (grep) mocha.grep(grep);
  for (const file of files) mocha.addFile(join(dir, file));

  return new Promise<void>((resolve, reject) => {
    let runner: Mocha.Runner;
    try {
      runner = mocha.run((failures) => {
        results.finished = true;
        save();
        const ran = results.passed + results.failed;
        if (failures > 0 || results.failed > 0) reject(new Error(`${results.failed} test(s) failed`));
        else if (ran < results.expected) reject(new Error(`Only ${ran} of ${results.expected} tests ran`));
        else resolve();
      });
    } catch (err) {
      // A test file that does not load (syntax error, a throwing import) is a failed suite, not an empty one.
      results.loadError = errorOf(err).stack ?? errorOf(err).message;
      results.finished = true;
      save();
      reject(err);
      return;
    }
    results.expected = runner.total;
    save();
    const record = (test: Mocha.Runnable, state: TestResult['state'], err?: unknown): void => {
      results.tests.push({
        title: test.title,
        fullTitle: test.fullTitle(),
        file: test.file ? relative(dir, test.file) : undefined,
        state,
        durationMs: test.duration,
        ...(err === undefined ? {} : { error: errorOf(err) }),
      });
      save();
    };
    runner.on('pass', (test) => {
      results.passed++;
      record(test, 'passed');
    });
    runner.on('fail', (test, err) => {
      // Also called for failing hooks; those count as failures too (their tests never ran).
      results.failed++;
      record(test, 'failed', err);
    });
    runner.on('pending', (test) => {
      results.pending++;
      record(test, 'pending');
    });
  });
}
