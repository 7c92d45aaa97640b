import * as vscode from 'vscode';
import { registerCommand } from '../services/registrations';
import type { ConnectionsTree } from '../tree/connectionsTree';

export function registerTreeShowAllConnections(tree: ConnectionsTree): vscode.Disposable {
  return registerCommand('telnyx.showAllConnections', () => tree.setOnlyWithCalls(false));
}
