import * as vscode from 'vscode';
import type { ConnectionsTree } from '../connectionsTree';
import { ConnectionNode } from '../nodes/connectionNode';

/** The inline Refresh on a connection row: its calls (if loaded) and its count. */
export function registerRefreshConnection(tree: ConnectionsTree): vscode.Disposable {
  return vscode.commands.registerCommand('telnyx.refreshConnection', async (node?: unknown) => {
    // A row of a replaced model (read before a switch of account) names the other account's connection.
    if (node instanceof ConnectionNode && !tree.provider.isCurrent(node)) return;
    const id = typeof node === 'string' ? node : (node as { connectionId?: unknown } | undefined)?.connectionId;
    if (typeof id === 'string') await tree.refreshConnection(id);
  });
}
