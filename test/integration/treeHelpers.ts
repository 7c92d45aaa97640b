// Shared by the in-host suites of the Connections tree: the tree starts over at the suite's page size
// with the view hidden and no polling, so that each suite sees exactly what it asks for.
import * as vscode from 'vscode';
import type { ConnectionsTree } from '../../src/tree/connectionsTree';
import type { CallNode } from '../../src/tree/nodes/callNode';
import type { TreeNode } from '../../src/tree/nodes/treeNode';
import { waitFor, type SimulatorFixture } from './helpers';

export async function setTelnyxSetting(name: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('telnyx').update(name, value, vscode.ConfigurationTarget.Global);
}

export interface TreeFixture {
  /** The running extension's Connections tree. */
  tree(): ConnectionsTree;
  /** Shows another view in the sidebar and waits for the Connections view to be hidden. */
  hide(timeoutMs?: number): Promise<void>;
}

/**
 * Call inside a `describe` after `useSimulator`. Before the suite: hides the view (it may be open from
 * an earlier suite and already reading this simulator), turns polling off, starts the tree over at
 * `pageSize` (not the default, which would not start it over), lets what is in flight finish and
 * clears the simulator's requests. After the suite: both settings back to their defaults.
 */
export function useConnectionsTree(env: SimulatorFixture, pageSize: number): TreeFixture {
  // Kept once read: a suite's own `after` hooks run after the simulator's, which ends `env`.
  let treeInUse: ConnectionsTree | undefined;
  const tree = (): ConnectionsTree => (treeInUse ??= env.api.tree);
  const hide = async (timeoutMs = 10_000): Promise<void> => {
    await vscode.commands.executeCommand('workbench.view.explorer');
    await waitFor(() => !tree().view.visible, timeoutMs, 'the view to be hidden');
  };
  before(async () => {
    await hide();
    await setTelnyxSetting('activeCalls.refreshInterval', 0);
    await setTelnyxSetting('pageSize', pageSize);
    await waitFor(() => tree().model.pageSize === pageSize, 10_000, 'the tree to use the new page size');
    await waitFor(() => env.sim.requests.every((r) => r.status !== 0), 10_000, 'requests in flight to finish');
    env.sim.clearRequests();
  });
  after(async () => {
    await setTelnyxSetting('pageSize', undefined);
    await setTelnyxSetting('activeCalls.refreshInterval', undefined);
  });
  return { tree, hide };
}

/** The rows as they are once the reads that asking for them started have finished. */
export async function settledChildren(tree: ConnectionsTree, node?: TreeNode): Promise<TreeNode[]> {
  tree.provider.getChildren(node);
  await tree.whenIdle();
  return tree.provider.getChildren(node);
}

/**
 * The call row the view reports selected, once it does. VS Code reports a revealed row's selection a
 * moment after the reveal, and while it re-reads refreshed rows a selected row it has not read again
 * yet reads as no selection (without a change event); on a busy machine both take seconds.
 */
export function whenCallSelected(tree: ConnectionsTree, callControlId: string, timeoutMs = 30_000): Promise<CallNode> {
  return waitFor(
    () => {
      const node = tree.view.selection[0];
      return node?.kind === 'call' && (node as CallNode).callControlId === callControlId
        ? (node as CallNode)
        : undefined;
    },
    timeoutMs,
    `the call ${callControlId} selected in the tree`,
  );
}
