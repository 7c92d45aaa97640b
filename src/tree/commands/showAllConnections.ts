import * as vscode from 'vscode';
import type { ConnectionsTree } from '../connectionsTree';

export function registerShowAllConnections(tree: ConnectionsTree): vscode.Disposable {
  return vscode.commands.registerCommand('telnyx.showAllConnections', () => tree.setOnlyWithCalls(false));
}
