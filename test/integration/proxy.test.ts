import * as assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import * as vscode from 'vscode';
import { useSimulator, waitFor } from './helpers';

/** A loopback HTTP proxy that tunnels CONNECT (as undici does) and records every tunnel it opened. */
async function startTunnelProxy(): Promise<{ server: Server; url: string; tunnels: string[] }> {
  const tunnels: string[] = [];
  const server = createServer((_req, res) => res.writeHead(405).end());
  server.on('connect', (req, client, head) => {
    tunnels.push(req.url ?? '');
    const [host, port] = (req.url ?? '').split(':');
    const upstream = connect(Number(port), host ?? '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, tunnels };
}

describe("VS Code's http.proxy", () => {
  const env = useSimulator({ seed: 5 });

  it('carries every Telnyx request when set in user settings (API calls and hovers alike)', async () => {
    const proxy = await startTunnelProxy();
    const http = () => vscode.workspace.getConfiguration('http');
    const before = http().inspect<string>('proxy')?.globalValue;
    try {
      await http().update('proxy', proxy.url, vscode.ConfigurationTarget.Global);
      await waitFor(() => env.api.services.apiAccess.settings().proxy?.url === proxy.url, 10_000, 'the proxy setting');

      const api = await env.api.services.apiAccess.getApi();
      assert.ok(api);
      env.sim.clearRequests();
      const page = await api.listConnections({ pageSize: 1 });
      assert.equal(page.data.length, 1);

      const doc = await vscode.workspace.openTextDocument({ content: `id ${env.sim.seed.aliveCallControlId}` });
      // Telnyx: Refresh forgets kept statuses: the hover reads again.
      await vscode.commands.executeCommand('telnyx.refresh');
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
        'vscode.executeHoverProvider',
        doc.uri,
        new vscode.Position(0, 6),
      );
      assert.ok(
        hovers.some((h) => h.contents.some((c) => typeof c !== 'string' && 'value' in c && /Alive/.test(c.value))),
      );

      assert.ok(proxy.tunnels.length >= 1, 'the proxy opened a tunnel');
      assert.ok(
        proxy.tunnels.every((t) => t === `127.0.0.1:${env.sim.port}`),
        `tunnels: ${proxy.tunnels.join(', ')}`,
      );
      assert.ok(env.sim.requests.length >= 2, 'the simulator answered through the tunnel');
    } finally {
      await http().update('proxy', before, vscode.ConfigurationTarget.Global);
      await waitFor(() => env.api.services.apiAccess.settings().proxy === undefined, 10_000, 'no proxy');
      await new Promise<void>((resolve) => proxy.server.close(() => resolve()));
    }
  });

  it('a proxy that is down gives a clear network error, not a hang', async function () {
    this.timeout(60_000);
    const http = () => vscode.workspace.getConfiguration('http');
    const dead = await startTunnelProxy();
    const url = dead.url;
    await new Promise<void>((resolve) => dead.server.close(() => resolve()));
    try {
      await http().update('proxy', url, vscode.ConfigurationTarget.Global);
      await waitFor(() => env.api.services.apiAccess.settings().proxy?.url === url, 10_000, 'the proxy setting');
      const api = await env.api.services.apiAccess.getApi();
      await assert.rejects(api!.listConnections({ pageSize: 1 }), (error: unknown) => {
        assert.ok(error instanceof Error);
        assert.equal((error as { kind?: string }).kind, 'network');
        return true;
      });
    } finally {
      await http().update('proxy', undefined, vscode.ConfigurationTarget.Global);
      await waitFor(() => env.api.services.apiAccess.settings().proxy === undefined, 10_000, 'no proxy');
    }
  });
});
