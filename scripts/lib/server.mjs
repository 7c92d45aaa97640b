// Starts VS Code's own server (from the cache) on 127.0.0.1 behind the /mint-key proxy, with fresh
// user-data, server-data, extensions and workspace folders under one temporary folder.
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cachePaths } from './cache.mjs';
import { startMintKeyProxy } from './mintKeyProxy.mjs';
import { freePort, killGroup, spawnGroup } from './proc.mjs';

const READY = /Extension host agent listening on (\d+)/;

/** The server's folders: the same for the server and for installing an extension into it. */
function dataDirArgs(dirs) {
  return ['--user-data-dir', dirs.userData, '--server-data-dir', dirs.serverData, '--extensions-dir', dirs.extensions];
}

function serverArgs(paths, dirs, port) {
  return [
    paths.serverMain,
    '--host',
    '127.0.0.1',
    '--port',
    String(port),
    '--without-connection-token',
    '--accept-server-license-terms',
    '--disable-workspace-trust',
    // Makes the web workbench honour extensionDevelopmentPath / extensionTestsPath in its URL.
    '--enable-smoke-test-driver',
    ...dataDirArgs(dirs),
  ];
}

function installVsix(paths, dirs, vsix, env) {
  return new Promise((resolve, reject) => {
    const args = [paths.serverMain, '--accept-server-license-terms', ...dataDirArgs(dirs), '--install-extension', vsix];
    const child = spawn(paths.node, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`Installing ${vsix} failed (exit ${code}):\n${output}`)),
    );
  });
}

/**
 * @param {object} [options]
 * @param {number} [options.port] public port (the proxy's); default a free one
 * @param {Record<string, unknown>} [options.userSettings] written to <user-data>/User/settings.json
 * @param {Record<string, string | undefined>} [options.env] added to the server's environment (reaches the extension host)
 * @param {string} [options.extensionsDir] default a fresh folder
 * @param {string} [options.installVsix] a .vsix installed before the server starts
 * @param {boolean} [options.keep] keep the temporary folder (also env TELNYX_TEST_KEEP=1)
 * @param {number} [options.startTimeoutMs] default 90 s
 */
export async function startVsCodeServer(options = {}) {
  const paths = cachePaths();
  const keep = options.keep ?? process.env.TELNYX_TEST_KEEP === '1';
  const tmp = mkdtempSync(join(tmpdir(), 'telnyx-vscode-'));
  const dirs = {
    tmp,
    userData: join(tmp, 'user-data'),
    serverData: join(tmp, 'server-data'),
    extensions: options.extensionsDir ?? join(tmp, 'extensions'),
    workspace: join(tmp, 'workspace'),
  };
  for (const dir of [dirs.userData, dirs.serverData, dirs.extensions, dirs.workspace])
    mkdirSync(dir, { recursive: true });
  mkdirSync(join(dirs.userData, 'User'), { recursive: true });
  writeFileSync(join(dirs.userData, 'User', 'settings.json'), JSON.stringify(options.userSettings ?? {}, null, 2));

  const env = { ...process.env, ...options.env };
  for (const [name, value] of Object.entries(env)) if (value === undefined) delete env[name];
  if (options.installVsix) await installVsix(paths, dirs, options.installVsix, env);

  const serverPort = await freePort();
  const logFile = join(tmp, 'server.log');
  const logStream = createWriteStream(logFile);
  const child = spawnGroup(paths.node, serverArgs(paths, dirs, serverPort), { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const listeners = new Set();
  const onData = (chunk) => {
    const text = chunk.toString();
    logStream.write(text);
    output += text;
    if (output.length > 4_000_000) output = output.slice(-2_000_000);
    for (const listener of listeners) listener(text);
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exited = new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));

  /** Resolves with the match once `pattern` appears in the server output (also if it already has). */
  function waitForOutput(pattern, timeoutMs) {
    return new Promise((resolve, reject) => {
      const already = output.match(pattern);
      if (already) return resolve(already);
      let seen = '';
      const timer = setTimeout(() => {
        listeners.delete(listener);
        reject(
          new Error(`Timed out after ${timeoutMs} ms waiting for ${pattern} in the VS Code server output (${logFile})`),
        );
      }, timeoutMs);
      const listener = (text) => {
        seen += text;
        const match = seen.match(pattern);
        if (match) {
          clearTimeout(timer);
          listeners.delete(listener);
          resolve(match);
        }
      };
      listeners.add(listener);
    });
  }

  let proxy;
  /** Ends the server's process group and the proxy; removes the temporary folder unless kept. */
  const stop = async ({ keep: keepNow = keep } = {}) => {
    listeners.clear();
    await killGroup(child);
    await proxy?.close();
    await new Promise((resolve) => logStream.end(resolve));
    if (!keepNow) rmSync(tmp, { recursive: true, force: true });
  };
  try {
    await Promise.race([
      waitForOutput(READY, options.startTimeoutMs ?? 90_000),
      exited.then(({ code }) => {
        throw new Error(`The VS Code server exited (code ${code}) before it was ready:\n${output.slice(-3000)}`);
      }),
    ]);
    proxy = await startMintKeyProxy({ port: options.port ?? (await freePort()), targetPort: serverPort });
  } catch (error) {
    await stop();
    throw error;
  }
  const url = `http://127.0.0.1:${proxy.port}`;
  return {
    url,
    authority: `127.0.0.1:${proxy.port}`,
    serverUrl: `http://127.0.0.1:${serverPort}`,
    pid: child.pid,
    dirs,
    logFile,
    output: () => output,
    onOutput: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    waitForOutput,
    exited,
    stop,
  };
}

/**
 * The workbench URL that opens `folder` with the extension under development (and, optionally, a
 * test module run in the extension host). Development paths are vscode-remote URIs whose authority
 * must be the host:port the page is opened with.
 */
export function workbenchUrl(server, { folder, extensionDevelopmentPath, extensionTestsPath } = {}) {
  const remote = (path) => `vscode-remote://${server.authority}${path}`;
  const payload = [];
  if (extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', remote(extensionDevelopmentPath)]);
  if (extensionTestsPath) payload.push(['extensionTestsPath', remote(extensionTestsPath)]);
  const query = [`folder=${encodeURIComponent(folder ?? server.dirs.workspace)}`];
  if (payload.length) query.push(`payload=${encodeURIComponent(JSON.stringify(payload))}`);
  return `${server.url}/?${query.join('&')}`;
}
