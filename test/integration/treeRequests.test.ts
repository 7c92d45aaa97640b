// What the Connections tree asks the simulator for inside a real VS Code: counts only for the rows
// the view has shown, once per Refresh (none for a Refresh while the view is hidden); polling only
// of the expanded connections, only while the view is visible.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ConnectionNode } from '../../src/tree/nodes/connectionNode';
import type { TreeNode } from '../../src/tree/nodes/treeNode';
import type { RecordedRequest } from '../simulator/types';
import { useSimulator, waitFor } from './helpers';
import { closeAllPanels, startPaceKeeper } from './panelHelpers';
import { setTelnyxSetting, useConnectionsTree } from './treeHelpers';

// 60 seeded connections over two pages; not the default, so setting it starts the tree over.
const PAGE_SIZE = 35;

const isConnection = (node: TreeNode): node is ConnectionNode => node.kind === 'connection';
const limitOf = (request: RecordedRequest): string | undefined =>
  request.query.find(([key]) => key === 'page[limit]')?.[1];
const connectionOf = (request: RecordedRequest): string => decodeURIComponent(request.path.split('/')[3] ?? '');

describe('Connections tree requests', function () {
  this.timeout(120_000);
  const env = useSimulator({ seed: 3, busyConnectionCalls: 200 });
  const { tree, hide } = useConnectionsTree(env, PAGE_SIZE);
  const countRequests = (): RecordedRequest[] =>
    env.sim.requests.filter((r) => r.endpoint === 'active_calls' && limitOf(r) === '1');
  const pollRequests = (): RecordedRequest[] =>
    env.sim.requests.filter((r) => r.endpoint === 'active_calls' && limitOf(r) !== '1');
  /**
   * Connections of the loaded pages. Each is counted, SIP connections without a webhook URL too: they may
   * still have a list (an XML request URL is not in the list item), so Telnyx's answer decides.
   */
  const listedLoaded = (): string[] => tree().model.connections.items.map((c) => c.id);
  const countsPer = (): Map<string, number> => {
    const seen = new Map<string, number>();
    for (const request of countRequests()) seen.set(connectionOf(request), (seen.get(connectionOf(request)) ?? 0) + 1);
    return seen;
  };

  it('counts each shown row once, again once per Refresh, and none while the view is hidden', async () => {
    await vscode.commands.executeCommand('telnyx.connections.focus');
    await waitFor(() => tree().model.connections.pagesLoaded === 1, 15_000, 'the first page of connections');
    const firstPage = listedLoaded();
    await waitFor(
      () => firstPage.every((id) => countsPer().get(id) === 1),
      15_000,
      'a count for each row of the first page',
    );
    await tree().whenIdle();
    assert.deepEqual([...countsPer().keys()].sort(), [...firstPage].sort(), 'counts for the rows shown, each once');

    // "Load more": the new rows are counted; the rows already counted are rendered again, not re-counted.
    const loadMore = tree()
      .provider.getChildren()
      .find((n) => n.kind === 'loadMore');
    assert.ok(loadMore, 'a second page to load');
    await tree().model.connections.loadNextPage();
    const bothPages = listedLoaded();
    assert.ok(bothPages.length > firstPage.length);
    await waitFor(
      () => bothPages.every((id) => countsPer().get(id) === 1),
      15_000,
      'a count for each row of the second page',
    );
    await tree().whenIdle();
    assert.ok(
      [...countsPer().values()].every((n) => n === 1),
      'no row counted twice',
    );

    // Refresh while visible: each row's count is read once more as the view shows it again.
    await vscode.commands.executeCommand('telnyx.refresh');
    await waitFor(
      () => bothPages.every((id) => countsPer().get(id) === 2),
      15_000,
      'a second count for each row after Refresh',
    );
    await tree().whenIdle();
    assert.ok(
      [...countsPer().values()].every((n) => n === 2),
      'one count per row per Refresh',
    );

    // Refresh while hidden (e.g. from a call panel): connection pages are re-read, counts wait for the view.
    await hide();
    await tree().whenIdle();
    env.sim.clearRequests();
    await vscode.commands.executeCommand('telnyx.refresh');
    await waitFor(
      () => env.sim.requests.filter((r) => r.endpoint === 'connections').length >= 2,
      15_000,
      'the connection pages re-read',
    );
    await tree().whenIdle();
    assert.equal(countRequests().length, 0, 'no count while the view is hidden');

    await vscode.commands.executeCommand('telnyx.connections.focus');
    await waitFor(
      () => bothPages.every((id) => countsPer().get(id) === 1),
      15_000,
      'the counts once the view shows the rows again',
    );
    await tree().whenIdle();
    assert.ok([...countsPer().values()].every((n) => n === 1));
  });

  it('polls only the three expanded connections while the view is visible, and nothing while hidden', async function () {
    this.timeout(240_000);
    const { mainConnectionId, busyConnectionId } = env.sim.seed;
    const third = tree().model.connections.items.find(
      (c) => c.id !== mainConnectionId && c.id !== busyConnectionId && env.sim.state.activeCalls(c.id).length > 0,
    );
    assert.ok(third, 'a third connection with calls is loaded');
    const expanded = [mainConnectionId, busyConnectionId, third.id];
    await vscode.commands.executeCommand('telnyx.connections.focus');
    for (const id of expanded) {
      const node = tree()
        .provider.getChildren()
        .filter(isConnection)
        .find((n) => n.connectionId === id);
      assert.ok(node, `connection ${id} is shown`);
      await waitFor(
        () => Promise.resolve(tree().view.reveal(node, { expand: true, select: false, focus: false })).then(() => true),
        30_000,
        `the workbench to expand ${id}`,
        250,
      );
      await waitFor(() => tree().model.existingCallsOf(id)?.pagesLoaded, 30_000, `the calls of ${id}`);
    }
    await tree().whenIdle();
    env.sim.clearRequests();
    await setTelnyxSetting('activeCalls.refreshInterval', 1);
    await waitFor(() => tree().live.isPolling, 30_000, 'polling to start');
    const focused = vscode.window.state.focused;
    // At least two rounds of each expanded connection (once a minute if the window is in the background).
    await waitFor(
      () => expanded.every((id) => pollRequests().filter((r) => connectionOf(r) === id).length >= 2),
      focused ? 60_000 : 180_000,
      `two polls of each expanded connection (window focused: ${focused})`,
    );
    assert.deepEqual(
      [...new Set(pollRequests().map(connectionOf))].sort(),
      [...expanded].sort(),
      'only expanded connections are polled',
    );
    assert.equal(countRequests().length, 0, 'polling reads no count');
    assert.ok(
      pollRequests().every((r) => !r.query.some(([key]) => key === 'page[after]')),
      'each poll re-reads the one page shown',
    );

    const afterRefreshes = await startPaceKeeper(env.sim, env.api.callDetails);
    try {
      await hide();
      assert.equal(tree().live.isPolling, false);
      await tree().whenIdle();
      env.sim.clearRequests();
      // A live call's panel refreshes every 5 s: two of its refreshes span many 1-s poll periods.
      await afterRefreshes(2, 'many tree poll periods');
      assert.equal(
        env.sim.requests.filter((r) => r.endpoint === 'active_calls' || r.endpoint === 'connections').length,
        0,
        'nothing while hidden',
      );
    } finally {
      await closeAllPanels();
      await setTelnyxSetting('activeCalls.refreshInterval', 0);
    }
  });
});
