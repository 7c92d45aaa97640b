// Two accounts on two simulators, switched back and forth while the Connections tree is busy (rows
// being counted, expanded connections polled every second, every answer slowed down): each request
// either simulator got carried its own key and named only connections of its own account. A switch
// is announced a moment after it happens; what the tree reads in that moment, and what VS Code asks
// about the rows it still shows, must not mix the accounts.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Account } from '../../src/accounts/store';
import type { ConnectionNode } from '../../src/tree/nodes/connectionNode';
import type { TreeNode } from '../../src/tree/nodes/treeNode';
import { startSimulator } from '../simulator/index';
import type { Simulator } from '../simulator/types';
import { useSimulator, waitFor } from './helpers';
import { setTelnyxSetting, useConnectionsTree } from './treeHelpers';

const isConnection = (node: TreeNode): node is ConnectionNode => node.kind === 'connection';
/** The connection a request names (`/v2/connections/<id>` and below), if any. */
const connectionNamed = (path: string): string | undefined => {
  const match = /^\/v2\/connections\/([^/]+)/.exec(path);
  return match ? decodeURIComponent(match[1]) : undefined;
};

describe('switching accounts back and forth', function () {
  this.timeout(300_000);
  const env = useSimulator({ seed: 3, busyConnectionCalls: 120 });
  // Not the default page size, so the tree starts over: more rows to count, a "Load more".
  const { tree, hide } = useConnectionsTree(env, 20);
  let simB: Simulator;
  let second: Account | undefined;
  const access = () => env.api.services.apiAccess;
  let accessInUse: ReturnType<typeof access> | undefined;

  /** Every request `sim` got since it was cleared was sent with its key and named only its connections. */
  const checkRequests = (sim: Simulator, name: string): number => {
    const own = new Set(sim.state.connections().map((c) => c.id));
    for (const request of sim.requests) {
      const where = `${name}: ${request.method} ${request.path} → ${request.status}`;
      assert.ok(request.authorized, `${where} was sent with another account's key`);
      const named = connectionNamed(request.path);
      if (named !== undefined) assert.ok(own.has(named), `${where} names a connection of the other account`);
    }
    return sim.requests.length;
  };
  const shownIds = (): string[] =>
    tree()
      .provider.getChildren()
      .filter(isConnection)
      .map((node) => node.connectionId);
  const showsAccount = (sim: Simulator): boolean => {
    const own = new Set(sim.state.connections().map((c) => c.id));
    const ids = shownIds();
    return ids.length > 0 && ids.every((id) => own.has(id));
  };

  before(async () => {
    accessInUse = access();
    simB = await startSimulator({ seed: 11, apiKey: `KEYB${'1'.repeat(28)}`, busyConnectionCalls: 120 });
    // Every answer takes a while, so that reads are under way whenever the account changes.
    for (const sim of [env.sim, simB]) sim.addFault({ latencyMs: 120 });
  });

  after(async () => {
    if (second) await accessInUse?.accounts.remove(second.id).catch(() => undefined);
    await simB.close();
    await vscode.commands.executeCommand('workbench.view.explorer');
  });

  it("each request goes to the account it belongs to, with that account's key, through Add Account and ten switches", async () => {
    const { mainConnectionId, busyConnectionId } = env.sim.seed;
    await vscode.commands.executeCommand('telnyx.connections.focus');
    await waitFor(() => showsAccount(env.sim), 30_000, "the first account's connections");
    // Both accounts have these two (well-known ids): expanded, they are polled under either account.
    const connections = tree().model.connections;
    while (connections.hasMore && ![mainConnectionId, busyConnectionId].every((id) => shownIds().includes(id)))
      await connections.loadNextPage();
    for (const id of [mainConnectionId, busyConnectionId]) {
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
    }
    await setTelnyxSetting('activeCalls.refreshInterval', 1);
    try {
      await switchBackAndForth();
    } finally {
      await setTelnyxSetting('activeCalls.refreshInterval', 0);
      // The simulator's own clean-up clears the key of the account in use: the first one.
      await vscode.commands.executeCommand('telnyx.switchAccount', 'Default');
    }
  });

  async function switchBackAndForth(): Promise<void> {
    // Add Account while the first account's rows are being counted: the new one is used at once.
    second = await access().accounts.add({ name: 'Second', key: simB.apiKey, baseUrl: simB.url });
    await waitFor(() => showsAccount(simB), 30_000, "the second account's connections");

    const names = ['Default', 'Second'];
    for (let round = 0; round < 10; round++) {
      const name = names[round % 2];
      await vscode.commands.executeCommand('telnyx.switchAccount', name);
      await waitFor(() => access().account()?.name === name, 10_000, `${name} in use`);
      // Some switches come while the rows of the account before are still arriving, some once they are shown.
      if (round % 3 === 2) {
        const sim = round % 2 === 0 ? env.sim : simB;
        await waitFor(() => showsAccount(sim), 30_000, `the rows of ${name}`);
        // Shown rows are counted a moment later: let counts, too, be under way amid the switches.
        await waitFor(() => countRequested(sim), 30_000, `a count of ${name}'s rows`);
      } else await new Promise((resolve) => setTimeout(resolve, 40 * round));
    }
    await waitFor(() => showsAccount(simB), 30_000, 'the rows of Second, in use last');
    await waitFor(() => countRequested(simB), 30_000, "a count of Second's rows");
    await hide();
    await tree().whenIdle();

    const askedA = checkRequests(env.sim, 'first simulator');
    const askedB = checkRequests(simB, 'second simulator');
    assert.ok(askedA > 0 && askedB > 0, 'both accounts were read');
    for (const sim of [env.sim, simB]) assert.ok(countRequested(sim), 'rows were counted');
  }

  function countRequested(sim: Simulator): boolean {
    return sim.requests.some(
      (r) => r.endpoint === 'active_calls' && r.query.some(([key, value]) => key === 'page[limit]' && value === '1'),
    );
  }
});
