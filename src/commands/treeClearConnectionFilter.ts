import * as vscode from 'vscode';
import { registerCommand } from '../services/registrations';
import type { ConnectionsTree } from '../tree/connectionsTree';

export function registerTreeClearConnectionFilter(tree: ConnectionsTree): vscode.Disposable {
  return registerCommand('telnyx.clearConnectionFilter', () => tree.setNameFilter(undefined));
}
