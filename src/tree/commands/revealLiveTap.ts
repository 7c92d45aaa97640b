import * as vscode from 'vscode';
import type { ConnectionsTree } from '../connectionsTree';

/** Telnyx: Show Live Tap — the Live tap node in the Connections view (the tap's status bar menu offers it). */
export function registerRevealLiveTap(tree: ConnectionsTree): vscode.Disposable {
  return vscode.commands.registerCommand('telnyx.revealLiveTap', async () => {
    await vscode.commands.executeCommand('telnyx.connections.focus');
    const shown = await tree.revealLiveTap();
    if (!shown)
      void vscode.window.showInformationMessage(
        vscode.l10n.t('No live tap has run in this window. Run "Telnyx: Start Live Tap…".'),
      );
    return shown;
  });
}
