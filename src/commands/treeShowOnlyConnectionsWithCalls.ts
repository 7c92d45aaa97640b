import * as vscode from 'vscode';
import { registerCommand } from '../services/registrations';
import type { ConnectionsTree } from '../tree/connectionsTree';

export function registerTreeShowOnlyConnectionsWithCalls(tree: ConnectionsTree): vscode.Disposable {
  return registerCommand('telnyx.showOnlyConnectionsWithCalls', () => tree.setOnlyWithCalls(true));
}
