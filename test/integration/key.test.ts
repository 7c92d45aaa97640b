import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import { tryApiKey } from '../../src/accountCommands/keyCheck';
import type { ApiAccessChange } from '../../src/services/apiAccess';
import { isTelnyxError } from '../../src/telnyx/errors';
import { useSimulator, waitFor } from './helpers';

const SECRET_KEY = 'telnyx.apiKey';

function randomKey(): string {
  return `KEY${randomBytes(16).toString('hex').toUpperCase()}_${randomBytes(12).toString('base64url')}`;
}

/** A loopback server that answers nothing useful and counts what reached it. */
async function countingServer(): Promise<{ server: Server; url: string; hits: string[] }> {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    res.writeHead(500).end();
  });
  server.on('connect', (req, socket) => {
    hits.push(`CONNECT ${req.url}`);
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v2`, hits };
}

function filesUnder(root: string): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return;
    }
    for (const name of names) {
      const path = join(dir, name);
      let info;
      try {
        info = statSync(path);
      } catch {
        continue;
      }
      if (info.isDirectory()) walk(path);
      else if (info.isFile() && info.size < 50 * 1024 * 1024) found.push(path);
    }
  };
  walk(root);
  return found;
}

/** The forms a key could take on disk: as typed, base64 (also url-safe), URL-encoded, UTF-16. */
function encodedForms(key: string): Array<{ form: string; bytes: Buffer }> {
  return [
    { form: 'plain', bytes: Buffer.from(key, 'utf8') },
    { form: 'base64', bytes: Buffer.from(Buffer.from(key).toString('base64').replace(/=+$/, ''), 'utf8') },
    { form: 'base64url', bytes: Buffer.from(Buffer.from(key).toString('base64url'), 'utf8') },
    { form: 'url-encoded', bytes: Buffer.from(encodeURIComponent(key), 'utf8') },
    { form: 'utf-16', bytes: Buffer.from(key, 'utf16le') },
  ];
}

/**
 * The temporary root of this VS Code server (user data, server data with logs and storage, the
 * workspace): the nearest folder above the extension's storage that holds a `user-data` folder.
 */
function serverRoot(context: vscode.ExtensionContext): string {
  const fromEnv = process.env.TELNYX_TEST_USER_DATA;
  if (fromEnv) return dirname(fromEnv);
  let dir = context.globalStorageUri.fsPath;
  for (let i = 0; i < 10; i++) {
    if (existsSync(join(dir, 'user-data'))) return dir;
    dir = dirname(dir);
  }
  throw new Error(`No user-data folder above ${context.globalStorageUri.fsPath}`);
}

describe('API key in SecretStorage', () => {
  const simKey = randomKey();
  const env = useSimulator({ seed: 4, apiKey: simKey });
  const access = () => env.api.services.apiAccess;

  it('uses the stored key; a changed key takes effect at once; clearing it leaves no key', async () => {
    const changes: number[] = [];
    const listener = access().onDidChange(() => changes.push(Date.now()));
    try {
      const api = await access().getApi();
      assert.ok(api);
      env.sim.clearRequests();
      await api.listConnections({ pageSize: 1 });
      assert.equal(env.sim.requests.at(-1)?.authorized, true);

      const wrong = randomKey();
      await access().storeKey(wrong);
      await waitFor(() => changes.length >= 1, 5000, 'onDidChange after storing a new key');
      assert.equal(await env.api.services.context.secrets.get(SECRET_KEY), wrong);
      await assert.rejects(
        (async () => (await access().getApi())?.listConnections({ pageSize: 1 }))(),
        (error: unknown) => {
          assert.ok(isTelnyxError(error));
          assert.equal(error.kind, 'unauthenticated');
          assert.ok(!error.message.includes(wrong), 'the message does not carry the key');
          return true;
        },
      );

      await vscode.commands.executeCommand('telnyx.clearApiKey');
      await waitFor(() => changes.length >= 2, 5000, 'onDidChange after clearing');
      assert.equal(await env.api.services.context.secrets.get(SECRET_KEY), undefined);
      assert.equal(await access().getApi(), undefined);
      assert.equal(access().keySource, 'none');
    } finally {
      listener.dispose();
      await access().storeKey(simKey);
    }
    await waitFor(async () => (await access().resolveKey())?.source === 'secret', 5000, 'key restored');
    await (await access().getApi())?.listConnections({ pageSize: 1 });
    assert.equal(env.sim.requests.at(-1)?.authorized, true);
  });

  it('Set API Key tries the key first: accepted, or rejected with the Telnyx code and nothing stored', async () => {
    env.sim.clearRequests();
    assert.deepEqual(await tryApiKey(access(), simKey), { ok: true });
    const request = env.sim.requests.at(-1);
    assert.equal(request?.endpoint, 'connections');
    assert.ok(
      request?.query.some(([name, value]) => name === 'page[size]' && value === '1'),
      'a one-item request',
    );

    const wrong = randomKey();
    const result = await tryApiKey(access(), wrong);
    assert.equal(result.ok, false);
    if (!result.ok) {
      assert.ok(isTelnyxError(result.error));
      assert.equal(result.error.kind, 'unauthenticated');
      assert.equal(result.error.code, '10009');
    }
    // That a refused key is not stored is the command's doing, shown in the UI test
    // (test/e2e/hover.e2e.ts, "Set API Key"): tryApiKey itself never stores anything.
  });

  it('falls back to TELNYX_API_KEY when no key is stored, and a stored key wins over it', async () => {
    const previous = process.env.TELNYX_API_KEY;
    process.env.TELNYX_API_KEY = simKey;
    try {
      await access().clearKey();
      await waitFor(async () => (await access().resolveKey())?.source === 'env', 5000, 'the environment key');
      assert.equal(access().keySource, 'env');
      env.sim.clearRequests();
      await (await access().getApi())?.listConnections({ pageSize: 1 });
      assert.equal(env.sim.requests.at(-1)?.authorized, true);

      await access().storeKey(randomKey());
      await waitFor(async () => (await access().resolveKey())?.source === 'secret', 5000, 'the stored key');
    } finally {
      if (previous === undefined) delete process.env.TELNYX_API_KEY;
      else process.env.TELNYX_API_KEY = previous;
      await access().storeKey(simKey);
      await waitFor(async () => (await access().resolveKey())?.key === simKey, 5000, 'key restored');
    }
  });

  it('a workspace telnyx.apiBaseUrl (and http.proxy) pointing elsewhere gets zero requests', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the test host opened a folder');
    const other = await countingServer();
    const settingsUri = vscode.Uri.joinPath(folder.uri, '.vscode', 'settings.json');
    const config = () => vscode.workspace.getConfiguration('telnyx');
    try {
      await vscode.workspace.fs.writeFile(
        settingsUri,
        Buffer.from(
          JSON.stringify(
            { 'telnyx.apiBaseUrl': other.url, 'http.proxy': other.url.replace('/v2', ''), 'telnyx.pageSize': 7 },
            null,
            2,
          ),
        ),
      );
      // The window-scoped pageSize from the same file proves the file has been read.
      await waitFor(() => config().get<number>('pageSize') === 7, 10_000, 'the workspace settings file to be read');
      assert.equal(access().settings().baseUrl, env.sim.url);
      assert.equal(access().settings().proxy, undefined);

      env.sim.clearRequests();
      const api = await access().getApi();
      await api?.listConnections({ pageSize: 1 });
      const doc = await vscode.workspace.openTextDocument({ content: env.sim.seed.aliveCallControlId });
      // Telnyx: Refresh forgets kept statuses: the hover reads again.
      await vscode.commands.executeCommand('telnyx.refresh');
      await vscode.commands.executeCommand('vscode.executeHoverProvider', doc.uri, new vscode.Position(0, 5));
      await tryApiKey(access(), simKey);
      assert.ok(env.sim.requests.length >= 3, 'requests went to the user-configured simulator');
      assert.deepEqual(other.hits, [], 'nothing reached the workspace-configured server');
    } finally {
      await vscode.workspace.fs.delete(vscode.Uri.joinPath(folder.uri, '.vscode'), { recursive: true });
      await waitFor(() => config().get<number>('pageSize') === 50, 10_000, 'the workspace settings to be gone');
      await new Promise<void>((resolve) => other.server.close(() => resolve()));
    }
  });

  it('refuses a user base URL that is neither https nor loopback, with a clear message and no request', async () => {
    const config = vscode.workspace.getConfiguration('telnyx');
    const before = config.inspect<string>('apiBaseUrl')?.globalValue;
    await config.update('apiBaseUrl', 'http://api.example.com/v2', vscode.ConfigurationTarget.Global);
    try {
      await waitFor(() => access().settings().baseUrlProblem, 5000, 'the setting to be refused');
      assert.match(access().settings().baseUrlProblem ?? '', /https/);
      env.sim.clearRequests();
      await assert.rejects(
        access().getApi(),
        (error: unknown) => isTelnyxError(error) && error.kind === 'config' && /https/.test(error.message),
      );
      const result = await tryApiKey(access(), simKey);
      assert.ok(!result.ok && isTelnyxError(result.error) && result.error.kind === 'config');
      assert.equal(env.sim.requests.length, 0);
    } finally {
      await config.update('apiBaseUrl', before, vscode.ConfigurationTarget.Global);
      await waitFor(() => access().settings().baseUrl === env.sim.url, 5000, 'the simulator URL back');
    }
  });

  it('says what changed: another key is the account, a timeout the client, the hover setting only a setting', async () => {
    const seen: ApiAccessChange[] = [];
    const listener = access().onDidChange((change) => seen.push(change));
    // Changes of an earlier test (its settings restored in a finally) may still arrive: find ours.
    const next = (what: string, accept: (change: ApiAccessChange) => boolean): Promise<ApiAccessChange> =>
      waitFor(
        () => {
          const index = seen.findIndex(accept);
          return index >= 0 ? seen.splice(index, 1)[0] : undefined;
        },
        10_000,
        what,
      );
    const config = vscode.workspace.getConfiguration('telnyx');
    try {
      await config.update('requestTimeout', 7, vscode.ConfigurationTarget.Global);
      assert.deepEqual(await next('the timeout change', (c) => c.settings.includes('requestTimeoutMs')), {
        kind: 'client',
        settings: ['requestTimeoutMs'],
      });
      await config.update('hover.enabled', false, vscode.ConfigurationTarget.Global);
      assert.deepEqual(await next('the hover change', (c) => c.settings.includes('hoverEnabled')), {
        kind: 'settings',
        settings: ['hoverEnabled'],
      });
      const other = randomKey();
      await access().storeKey(other);
      const account = await next('the key change', (c) => c.kind === 'account' && c.settings.length === 0);
      assert.ok(!JSON.stringify(account).includes(other), 'the change does not carry the key');
    } finally {
      listener.dispose();
      await config.update('requestTimeout', undefined, vscode.ConfigurationTarget.Global);
      await config.update('hover.enabled', undefined, vscode.ConfigurationTarget.Global);
      await access().storeKey(simKey);
      await waitFor(async () => (await access().resolveKey())?.key === simKey, 5000, 'key restored');
    }
  });

  it("after 401s, 5xx and timeouts the key is in no log and no file under the server's data folders", async function () {
    this.timeout(90_000);
    const wrong = randomKey();
    const config = vscode.workspace.getConfiguration('telnyx');
    await config.update('requestTimeout', 1, vscode.ConfigurationTarget.Global);
    try {
      await waitFor(() => access().settings().requestTimeoutMs === 1000, 5000, 'a 1 s timeout');
      const id = env.sim.seed.aliveCallControlId;
      const doc = await vscode.workspace.openTextDocument({ language: 'log', content: `call ${id}` });
      const hover = async () => {
        // Telnyx: Refresh forgets kept statuses: the hover reads again.
        await vscode.commands.executeCommand('telnyx.refresh');
        return vscode.commands.executeCommand<vscode.Hover[]>(
          'vscode.executeHoverProvider',
          doc.uri,
          new vscode.Position(0, 8),
        );
      };
      const api = await access().getApi();
      assert.ok(api);

      env.sim.addFault({ serverError: { count: 20, status: 503 } });
      await assert.rejects(
        api.listConnections({ pageSize: 2 }),
        (e: unknown) => isTelnyxError(e) && e.kind === 'server',
      );
      await hover();
      env.sim.clearFaults();
      env.sim.addFault({ hang: { count: 20, ms: 2500 } });
      await assert.rejects(api.getCallStatus(id), (e: unknown) => isTelnyxError(e) && e.kind === 'timeout');
      await hover();
      env.sim.clearFaults();
      await tryApiKey(access(), wrong);
      await access().storeKey(wrong);
      await waitFor(async () => (await access().resolveKey())?.key === wrong, 5000, 'the wrong key stored');
      await hover();
      await (await access().getApi())?.listConnections().catch(() => undefined);
      // Open a call the way a user does, so that a panel (and its state) exists if the feature has one.
      await vscode.commands.executeCommand('telnyx.lookUpCall', id).then(undefined, () => undefined);
      await access().storeKey(simKey);
      await waitFor(async () => (await access().resolveKey())?.key === simKey, 5000, 'key restored');
      await vscode.commands.executeCommand('telnyx.lookUpCall', id).then(undefined, () => undefined);
      assert.ok(
        env.sim.requests.some((r) => r.status === 401),
        'a 401 happened',
      );
      assert.ok(
        env.sim.requests.some((r) => r.status === 503),
        'a 503 happened',
      );

      const root = serverRoot(env.api.services.context);
      // The log must have been written and scanned: it holds the request lines (method, path, status).
      const logLine = /GET \/v2\/connections\?.* → 401/;
      const logFile = await waitFor(
        () => filesUnder(root).find((file) => file.endsWith('.log') && logLine.test(readFileSync(file, 'utf8'))),
        15_000,
        'the Telnyx log file with the 401 request line',
      );
      assert.match(readFileSync(logFile, 'utf8'), /request id|→ 503|→ timeout|→ 200/);

      const files = filesUnder(root);
      assert.ok(files.length > 10, `scanned ${files.length} files under ${root}`);
      const leaks: string[] = [];
      for (const file of files) {
        const content = readFileSync(file);
        for (const key of [simKey, wrong]) {
          for (const { form, bytes } of encodedForms(key)) {
            if (content.includes(bytes)) leaks.push(`${file} (${form}, ${key === simKey ? 'good key' : 'wrong key'})`);
          }
        }
      }
      assert.deepEqual(leaks, []);
    } finally {
      env.sim.clearFaults();
      await config.update('requestTimeout', undefined, vscode.ConfigurationTarget.Global);
      await access().storeKey(simKey);
    }
  });
});
