import * as vscode from 'vscode';
import type { ConnectionsTree } from '../connectionsTree';

/** The inline Refresh on a connection row: its calls (if loaded) and its count. */
export function registerRefreshConnection(tree: ConnectionsTree): vscode.Disposable {
  return vscode.commands.registerCommand('telnyx.refreshConnection', async (node?: unknown) => {
    const id = typeof node === 'string' ? node : (node as { connectionId?: unknown } | undefined)?.connectionId;
    if (typeof id === 'string') await tree.refreshConnection(id);
  });
}
