import * as vscode from 'vscode';
import { registerCommand } from '../services/registrations';
import type { ConnectionsTree } from '../tree/connectionsTree';

/** Telnyx: Refresh — the tree and every open call details panel. */
export function registerTreeRefresh(tree: ConnectionsTree): vscode.Disposable {
  return registerCommand('telnyx.refresh', async () => {
    tree.callDetails.refreshAll();
    await tree.refreshNow();
  });
}
