// Installs Node 24 and the VS Code server (code-server's build of VS Code) into the cache, once.
// Plain Node with no dependencies: it runs before `npm ci` on a fresh clone.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { cachePaths, NODE_PACKAGE, VSCODE_SERVER_PACKAGE } from './cache.mjs';
import { nestedNpmEnv } from './npmEnv.mjs';

/** The last `count` non-empty lines of a log file, for a failure message. */
export function logTail(logFile, count = 20) {
  if (!existsSync(logFile)) return '';
  const lines = readFileSync(logFile, 'utf8')
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '');
  return lines.slice(-count).join('\n');
}

const PROGRESS_EVERY_MS = 15_000;

/**
 * Runs a command with its output in `logFile`; every 15 s says how long it has run and the log's
 * latest line, so a person watching a 5-minute install sees it move. Rejects with the log's tail.
 */
export function runLogged(command, args, { logFile, env, what, log }) {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const fd = openSync(logFile, 'a');
    writeFileSync(fd, `\n$ ${command} ${args.join(' ')}\n`);
    const child = spawn(command, args, { stdio: ['ignore', fd, fd], env });
    const elapsed = () => `${Math.round((Date.now() - started) / 1000)} s`;
    const ticker = setInterval(() => {
      // The latest line that says something: compiler diagnostics continue on indented lines.
      const latest =
        logTail(logFile, 20)
          .split('\n')
          .reverse()
          .find((line) => /^[^\s|]/.test(line) && /[a-z]{3}/i.test(line))
          ?.slice(0, 120) ?? '';
      log(`  … ${what}: ${elapsed()}${latest ? ` (${latest})` : ''}`);
    }, PROGRESS_EVERY_MS);
    const finish = () => {
      clearInterval(ticker);
      closeSync(fd);
    };
    child.on('error', (error) => {
      finish();
      reject(error);
    });
    child.on('close', (code) => {
      finish();
      if (code === 0) {
        log(`  ${what}: done in ${elapsed()}`);
        resolve();
        return;
      }
      const tail = logTail(logFile);
      reject(new Error(`${what} failed (exit code ${code}) after ${elapsed()}. Last lines of ${logFile}:\n${tail}`));
    });
  });
}

function pidAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A lock file holding the installer's pid, so two runs on the machine do not install at once. */
async function withInstallLock(root, log, body) {
  const lockFile = join(root, 'install.lock');
  for (let waitedMs = 0; ; waitedMs += 2000) {
    try {
      const fd = openSync(lockFile, 'wx');
      writeFileSync(fd, String(process.pid));
      closeSync(fd);
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      const holder = Number(readFileSync(lockFile, 'utf8').trim());
      if (!holder || !pidAlive(holder)) {
        rmSync(lockFile, { force: true });
        continue;
      }
      if (waitedMs === 0) log(`Waiting for another install (pid ${holder}) to finish…`);
      await new Promise((r) => setTimeout(r, 2000));
    }
  }
  try {
    return await body();
  } finally {
    rmSync(lockFile, { force: true });
  }
}

/**
 * Makes sure `<cache>/vscode/.../server-main.js` exists, installing Node 24 and code-server the first
 * time (about 5 minutes: VS Code's native modules are built). Returns the cache paths.
 */
export async function ensureVsCodeServer({ env = process.env, log = (line) => console.log(line) } = {}) {
  const paths = cachePaths(env);
  if (existsSync(paths.serverMain) && existsSync(paths.node)) return paths;
  mkdirSync(paths.logs, { recursive: true });
  return withInstallLock(paths.root, log, async () => {
    if (existsSync(paths.serverMain) && existsSync(paths.node)) return paths;
    if (!existsSync(paths.node)) {
      const logFile = join(paths.logs, 'node24.log');
      log(`Installing ${NODE_PACKAGE} into ${paths.node24Prefix} (log: ${logFile})…`);
      await runLogged('npm', ['install', '--no-audit', '--no-fund', '--prefix', paths.node24Prefix, NODE_PACKAGE], {
        logFile,
        env: nestedNpmEnv(env),
        what: `npm install ${NODE_PACKAGE}`,
        log,
      });
      if (!existsSync(paths.node))
        throw new Error(`${NODE_PACKAGE} installed, but ${paths.node} is missing; see ${logFile}`);
    }
    if (!existsSync(paths.serverMain)) {
      const logFile = join(paths.logs, 'vscode.log');
      log(
        `Installing the VS Code server (${VSCODE_SERVER_PACKAGE}) into ${paths.vscodePrefix}; about 5 minutes (log: ${logFile})…`,
      );
      // Its postinstall builds native modules against Node 24's headers (kerberos needs libkrb5-dev).
      await runLogged(
        'npm',
        [
          'install',
          '--no-audit',
          '--no-fund',
          '--prefix',
          paths.vscodePrefix,
          '--foreground-scripts',
          `--nodedir=${paths.nodeHome}`,
          VSCODE_SERVER_PACKAGE,
        ],
        {
          logFile,
          // The outer npm's variables would tell code-server's postinstall it runs on the outer Node.
          env: nestedNpmEnv(env, { PATH: `${join(paths.nodeHome, 'bin')}${delimiter}${env.PATH ?? ''}` }),
          what: `npm install ${VSCODE_SERVER_PACKAGE}`,
          log,
        },
      );
      if (!existsSync(paths.serverMain))
        throw new Error(`${VSCODE_SERVER_PACKAGE} installed, but ${paths.serverMain} is missing; see ${logFile}`);
    }
    log('VS Code server installed.');
    return paths;
  });
}

/** The VS Code version of the cached server, e.g. "1.139.1". */
export function installedVsCodeVersion(env = process.env) {
  return JSON.parse(readFileSync(cachePaths(env).vscodePackageJson, 'utf8')).version;
}
