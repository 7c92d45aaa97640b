// The helpers other in-host tests stand on: useSimulator must point the running extension at a real
// simulator exactly as a user would, and put everything back afterwards.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { getExtensionApi, useSimulator, waitFor } from './helpers';

const DEFAULT_BASE_URL = 'https://api.telnyx.com/v2';

describe('helpers: useSimulator', () => {
  let urlDuringTests = '';

  describe('while in use', () => {
    const env = useSimulator();

    it('points the extension at the simulator with the stored key', async () => {
      urlDuringTests = env.sim.url;
      assert.equal(vscode.workspace.getConfiguration('telnyx').inspect<string>('apiBaseUrl')?.globalValue, env.sim.url);
      assert.equal(env.api.services.apiAccess.keySource, 'secret');
      const client = await env.api.services.apiAccess.getApi();
      assert.ok(client, 'the extension has a client');
      env.sim.clearRequests();
      const page = await client.listConnections();
      assert.ok(page.data.length > 0, 'the seeded account has connections');
      assert.ok(
        env.sim.requests.length > 0 && env.sim.requests.every((r) => r.authorized),
        'requests reached the simulator with its key',
      );
    });
  });

  describe('afterwards', () => {
    it('has cleared the key, reset the setting and closed the simulator', async () => {
      const api = await getExtensionApi();
      assert.equal(await api.services.context.secrets.get('telnyx.apiKey'), undefined);
      assert.equal(vscode.workspace.getConfiguration('telnyx').inspect<string>('apiBaseUrl')?.globalValue, undefined);
      assert.equal(api.services.apiAccess.settings().baseUrl, DEFAULT_BASE_URL);
      assert.ok(urlDuringTests, 'the first test ran');
      await assert.rejects(fetch(`${urlDuringTests}/connections`), 'the simulator no longer answers');
    });

    it('waitFor returns the first truthy value and names what it waited for on timeout', async () => {
      let calls = 0;
      assert.equal(await waitFor(() => (++calls >= 3 ? 'ready' : undefined), 2000, 'three calls', 10), 'ready');
      await assert.rejects(
        waitFor(() => false, 100, 'something that never happens', 10),
        /Timed out after 100 ms waiting for something that never happens/,
      );
    });
  });
});
