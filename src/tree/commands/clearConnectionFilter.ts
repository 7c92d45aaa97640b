import * as vscode from 'vscode';
import type { ConnectionsTree } from '../connectionsTree';

export function registerClearConnectionFilter(tree: ConnectionsTree): vscode.Disposable {
  return vscode.commands.registerCommand('telnyx.clearConnectionFilter', () => tree.setNameFilter(undefined));
}
