import * as vscode from 'vscode';
import type { ConnectionsTree } from '../tree/connectionsTree';

export function registerTreeShowOnlyConnectionsWithCalls(tree: ConnectionsTree): vscode.Disposable {
  return vscode.commands.registerCommand('telnyx.showOnlyConnectionsWithCalls', () => tree.setOnlyWithCalls(true));
}
