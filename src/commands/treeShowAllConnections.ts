import * as vscode from 'vscode';
import type { ConnectionsTree } from '../tree/connectionsTree';

export function registerTreeShowAllConnections(tree: ConnectionsTree): vscode.Disposable {
  return vscode.commands.registerCommand('telnyx.showAllConnections', () => tree.setOnlyWithCalls(false));
}
