import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import type { EventsQuery } from '../../src/services/services';
import { useSimulator, waitFor } from './helpers';

function filesUnder(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names.flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

function callDetailsTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all
    .flatMap((group) => group.tabs)
    .filter((tab) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.includes('telnyx.callDetails'));
}

describe('palette and hover-link commands', () => {
  const env = useSimulator({ seed: 6 });

  afterEach(async () => {
    for (const tab of callDetailsTabs()) await vscode.window.tabGroups.close(tab);
  });

  it("Look Up Call with an id opens that call's details, which read its status", async () => {
    const id = env.sim.seed.aliveCallControlId;
    env.sim.clearRequests();
    const opened = await vscode.commands.executeCommand<string | undefined>('telnyx.lookUpCall', id);
    assert.equal(opened, id);
    await waitFor(() => callDetailsTabs().length === 1, 10_000, 'a call details tab');
    await waitFor(
      () =>
        env.sim.requests.some(
          (r) => r.endpoint === 'call_status' && decodeURIComponent(r.path).endsWith(`/calls/${id}`),
        ),
      10_000,
      'the panel to read the call status',
    );
  });

  it('Show Call Events with a leg id or a session id opens a timeline of that leg or session', async () => {
    const status = env.sim.state.callStatus(env.sim.seed.aliveCallControlId);
    assert.ok(status);
    env.sim.clearRequests();
    const byLeg = await vscode.commands.executeCommand<EventsQuery | undefined>('telnyx.showCallEvents', {
      legId: status.call_leg_id.toUpperCase(),
    });
    assert.deepEqual(byLeg?.filter, { legId: status.call_leg_id });
    await waitFor(
      () =>
        env.sim.requests.some(
          (r) =>
            r.endpoint === 'call_events' &&
            r.query.some(([k, v]) => k === 'filter[leg_id]' && v === status.call_leg_id),
        ),
      10_000,
      'events requested by leg',
    );
    const bySession = await vscode.commands.executeCommand<EventsQuery | undefined>('telnyx.showCallEvents', {
      sessionId: status.call_session_id,
    });
    assert.deepEqual(bySession?.filter, { applicationSessionId: status.call_session_id });
    await waitFor(
      () =>
        env.sim.requests.some(
          (r) =>
            r.endpoint === 'call_events' &&
            r.query.some(([k, v]) => k === 'filter[application_session_id]' && v === status.call_session_id),
        ),
      10_000,
      'events requested by session',
    );
    await waitFor(() => callDetailsTabs().length === 2, 10_000, 'two timeline tabs');
  });

  it('Copy as cURL gives a command with $TELNYX_API_KEY and the encoded id on the configured URL, never the key', async () => {
    const id = env.sim.seed.aliveCallControlId;
    const curl = await vscode.commands.executeCommand<string | undefined>('telnyx.copyAsCurl', id);
    assert.equal(
      curl,
      `curl -H "Authorization: Bearer $TELNYX_API_KEY" '${env.sim.url}/calls/${encodeURIComponent(id)}'`,
    );
    assert.ok(!curl?.includes(env.sim.apiKey));
    assert.equal(await vscode.commands.executeCommand('telnyx.copyAsCurl', 'not an id'), undefined);
  });

  it('Reveal in tree finds a call whose connection is known, and says so when it is not', async () => {
    const id = env.sim.seed.aliveCallControlId;
    await vscode.commands.executeCommand('telnyx.connections.focus');
    env.api.services.calls.rememberConnection(id, env.sim.seed.mainConnectionId);
    assert.equal(await vscode.commands.executeCommand<boolean>('telnyx.revealCall', id), true);
    assert.equal(await vscode.commands.executeCommand<boolean>('telnyx.revealCall', `v3:${'Z'.repeat(40)}`), false);
    env.api.services.calls.forgetConnection(id);
    // Leave the view as the next suite expects it: collapsed and hidden.
    await vscode.commands
      .executeCommand('workbench.actions.treeView.telnyx.connections.collapseAll')
      .then(undefined, () => undefined);
    await vscode.commands.executeCommand('workbench.action.closeSidebar');
  });

  it('the log records each request with method, path, status, duration and request id', async () => {
    await vscode.commands.executeCommand('telnyx.showLog');
    const api = await env.api.services.apiAccess.getApi();
    await api?.listConnections({ pageSize: 1, nameContains: 'log-marker' });
    // Extension log channels are written next to (or under) the extension's log folder.
    const logsRoot = dirname(env.api.services.context.logUri.fsPath);
    const line = /GET \/v2\/connections\?\S*log-marker\S* → 200 in \d+ ms \(request id [^)]+\)/;
    await waitFor(
      () => filesUnder(logsRoot).some((file) => line.test(readFileSync(file, 'utf8'))),
      15_000,
      `a log line like ${line}`,
    );
  });
});
