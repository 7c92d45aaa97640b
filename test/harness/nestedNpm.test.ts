// The installer's nested npm, started the way a user starts it: from inside `npm run`. The outer npm
// exports its configuration (`npm_config_user_agent` names its Node) and code-server's postinstall
// believed it, refusing to install on a fresh machine. This runs the installer's own `runLogged` with
// its own environment rule under a real `npm run`, with the cached Node 24 first on PATH as the
// installer puts it, and reads what the child npm reports.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';

const root = resolve(__dirname, '..', '..');

test('a nested npm started by the installer under `npm run` reports the Node it runs on, not the outer one', () => {
  const cache = pathToFileURL(join(root, 'scripts/lib/cache.mjs')).href;
  const install = pathToFileURL(join(root, 'scripts/lib/install.mjs')).href;
  const npmEnv = pathToFileURL(join(root, 'scripts/lib/npmEnv.mjs')).href;
  const dir = mkdtempSync(join(tmpdir(), 'telnyx-nested-npm-'));
  const logFile = join(dir, 'child.log');
  // What a package's install script sees of the npm that runs it, as code-server's postinstall reads it.
  const inner = mkdtempSync(join(tmpdir(), 'telnyx-nested-npm-inner-'));
  writeFileSync(
    join(inner, 'package.json'),
    JSON.stringify({ name: 'inner', private: true, scripts: { agent: 'echo "agent $npm_config_user_agent"' } }),
  );
  // The same calls ensureVsCodeServer makes for code-server, with the inner script as the npm command.
  writeFileSync(
    join(dir, 'probe.mjs'),
    `import { delimiter, join } from 'node:path';
import { cachePaths } from ${JSON.stringify(cache)};
import { runLogged } from ${JSON.stringify(install)};
import { nestedNpmEnv } from ${JSON.stringify(npmEnv)};
const paths = cachePaths();
console.log('outer ' + process.env.npm_config_user_agent);
await runLogged('npm', ['run', '--prefix', ${JSON.stringify(inner)}, 'agent'], {
  logFile: ${JSON.stringify(logFile)},
  env: nestedNpmEnv(process.env, { PATH: join(paths.nodeHome, 'bin') + delimiter + process.env.PATH }),
  what: 'probe',
  log: () => {},
});
`,
  );
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: 'probe', private: true, scripts: { probe: 'node probe.mjs' } }),
  );
  const result = spawnSync('npm', ['run', '--silent', 'probe'], { cwd: dir, encoding: 'utf8' });
  assert.equal(result.status, 0, `npm run probe failed:\n${result.stdout}\n${result.stderr}`);
  const outer = result.stdout.match(/^outer (.*)$/m)?.[1] ?? '';
  assert.match(outer, new RegExp(`node/${process.version}\\b`), "the outer npm runs on the test's Node and says so");
  const childAgent = readFileSync(logFile, 'utf8').match(/^agent (.*)$/m)?.[1] ?? '';
  assert.match(childAgent, /node\/v24\./, `the nested npm must see the cached Node 24, saw: ${childAgent}`);
});
