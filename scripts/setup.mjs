#!/usr/bin/env node
// Brings what `npm test` and `npm run demo` need on a fresh Debian machine: npm dependencies (when
// missing or stale), Debian's chromium and libkrb5-dev, and the VS Code server in the cache.
// Plain Node with no dependencies, so it runs on a fresh clone before `npm ci`.
//   node scripts/setup.mjs
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureVsCodeServer } from './lib/install.mjs';
import { nestedNpmEnv } from './lib/npmEnv.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const APT_PACKAGES = [
  // The browser the UI tests and in-host tests drive.
  { name: 'chromium', present: () => existsSync('/usr/bin/chromium') },
  // gssapi headers: the VS Code server's `kerberos` module is built from source on install.
  { name: 'libkrb5-dev', present: () => dpkgInstalled('libkrb5-dev') || existsSync('/usr/include/gssapi/gssapi.h') },
];

class SetupError extends Error {}

function has(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

function dpkgInstalled(name) {
  const result = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
  return result.status === 0 && result.stdout.includes('install ok installed');
}

function runOrFail(command, args, what, env = process.env) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env });
  if (result.status !== 0)
    throw new SetupError(`${what} failed (${command} ${args.join(' ')}, exit ${result.status ?? result.signal})`);
}

/**
 * Stale when npm's record of what is installed (node_modules/.package-lock.json) does not list the
 * versions package-lock.json asks for. Content, not mtimes: a lock file touched by git stays fresh.
 */
export function npmDepsProblem() {
  const hidden = join(root, 'node_modules', '.package-lock.json');
  if (!existsSync(hidden)) return 'node_modules is missing';
  const wanted = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')).packages ?? {};
  const installed = JSON.parse(readFileSync(hidden, 'utf8')).packages ?? {};
  for (const [path, info] of Object.entries(wanted)) {
    if (!path.startsWith('node_modules/') || info.link) continue;
    const have = installed[path];
    // Optional packages for other platforms (e.g. esbuild's) are never installed here.
    if (!have) {
      if (info.optional) continue;
      return `${path.slice('node_modules/'.length)} is not installed`;
    }
    if (have.version !== info.version)
      return `${path.slice('node_modules/'.length)} is ${have.version}, package-lock.json wants ${info.version}`;
  }
  return undefined;
}

/** `npm ci` when node_modules does not hold what package-lock.json asks for. */
export function ensureNpmDeps(log = (line) => console.log(`[setup] ${line}`)) {
  const problem = npmDepsProblem();
  if (!problem) return;
  log(`npm dependencies need installing (${problem}): npm ci`);
  const started = Date.now();
  const env = nestedNpmEnv();
  // Other npm runs on the machine take the same lock (team rule); flock is part of Debian's util-linux.
  if (has('flock')) runOrFail('flock', ['/tmp/npm.lock', 'npm', 'ci', '--no-audit', '--no-fund'], 'npm ci', env);
  else runOrFail('npm', ['ci', '--no-audit', '--no-fund'], 'npm ci', env);
  log(`npm ci: done in ${Math.round((Date.now() - started) / 1000)} s`);
}

function ensureAptPackages(log) {
  const missing = APT_PACKAGES.filter((p) => !p.present()).map((p) => p.name);
  if (missing.length === 0) return;
  const install = `apt-get update && apt-get install -y --no-install-recommends ${missing.join(' ')}`;
  if (!has('apt-get')) {
    throw new SetupError(
      `Missing ${missing.join(', ')} and there is no apt-get (a Debian-like system is expected). Install them with your package manager.`,
    );
  }
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const sudo = !isRoot && has('sudo') && spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0;
  if (!isRoot && !sudo) {
    throw new SetupError(
      `Missing Debian package(s): ${missing.join(', ')}. Run as root:\n  sudo sh -c '${install}'\nthen run this command again.`,
    );
  }
  log(`Installing Debian package(s): ${missing.join(', ')}`);
  const prefix = sudo ? ['sudo', '-n'] : [];
  const env = ['env', 'DEBIAN_FRONTEND=noninteractive'];
  const apt = (args) => {
    const [command, ...rest] = [...prefix, ...env, 'apt-get', ...args];
    runOrFail(command, rest, `apt-get ${args[0]}`);
  };
  apt(['update']);
  apt(['install', '-y', '--no-install-recommends', ...missing]);
  const still = APT_PACKAGES.filter((p) => missing.includes(p.name) && !p.present()).map((p) => p.name);
  if (still.length) throw new SetupError(`apt-get install finished, but ${still.join(', ')} is still missing.`);
}

/** Everything, in order; throws SetupError with what to do when something cannot be set up. */
export async function setup({ log = (line) => console.log(`[setup] ${line}`) } = {}) {
  const [major] = process.versions.node.split('.').map(Number);
  if (major < 20) throw new SetupError(`Node ${process.versions.node} is too old: Node 20 or newer is needed.`);
  const started = Date.now();
  log('1/3 npm dependencies');
  ensureNpmDeps(log);
  log('2/3 Debian packages (chromium, libkrb5-dev)');
  ensureAptPackages(log);
  log('3/3 Node 24 and the VS Code server');
  await ensureVsCodeServer({ log });
  log(`set-up complete in ${Math.round((Date.now() - started) / 1000)} s`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    await setup();
    console.log('[setup] ready');
  } catch (error) {
    // Install failures carry the log's last lines in their message; a stack would bury them.
    console.error(`[setup] ${error instanceof Error ? error.message : error}`);
    process.exit(1);
  }
}
