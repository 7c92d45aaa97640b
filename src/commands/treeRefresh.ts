import * as vscode from 'vscode';
import type { ConnectionsTree } from '../tree/connectionsTree';

/** Telnyx: Refresh — the tree and every open call details panel. */
export function registerTreeRefresh(tree: ConnectionsTree): vscode.Disposable {
  return vscode.commands.registerCommand('telnyx.refresh', async () => {
    tree.callDetails.refreshAll();
    await tree.refreshNow();
  });
}
