import * as vscode from 'vscode';
import { registerCommand } from '../services/registrations';
import type { ConnectionsTree } from '../tree/connectionsTree';

/** The inline Refresh on a connection row: its calls (if loaded) and its count. */
export function registerTreeRefreshConnection(tree: ConnectionsTree): vscode.Disposable {
  return registerCommand('telnyx.refreshConnection', async (node?: unknown) => {
    const id = typeof node === 'string' ? node : (node as { connectionId?: unknown } | undefined)?.connectionId;
    if (typeof id === 'string') await tree.refreshConnection(id);
  });
}
