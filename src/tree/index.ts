import * as vscode from 'vscode';
import type { CallDetailsOpener, Services, TreeRevealer } from '../services/services';

// Placeholder until the connections tree issue lands: an empty view showing its welcome text.
export function registerConnectionsTree(services: Services, _callDetails: CallDetailsOpener): TreeRevealer {
  const provider: vscode.TreeDataProvider<never> = { getTreeItem: (e) => e, getChildren: () => [] };
  services.context.subscriptions.push(vscode.window.createTreeView('telnyx.connections', { treeDataProvider: provider }));
  return { revealConnection: async () => false, revealCall: async () => false, refresh: () => undefined };
}
