import * as vscode from 'vscode';
import type { ConnectionsTree } from '../connectionsTree';

export function registerShowOnlyConnectionsWithCalls(tree: ConnectionsTree): vscode.Disposable {
  return vscode.commands.registerCommand('telnyx.showOnlyConnectionsWithCalls', () => tree.setOnlyWithCalls(true));
}
