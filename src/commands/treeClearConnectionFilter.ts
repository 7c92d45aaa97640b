import * as vscode from 'vscode';
import type { ConnectionsTree } from '../tree/connectionsTree';

export function registerTreeClearConnectionFilter(tree: ConnectionsTree): vscode.Disposable {
  return vscode.commands.registerCommand('telnyx.clearConnectionFilter', () => tree.setNameFilter(undefined));
}
