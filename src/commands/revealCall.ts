import * as vscode from 'vscode';
import type { CallDirectory } from '../calls/callDirectory';
import type { TreeRevealer } from '../services/services';

/** Only a call known under the current account (listed by the tree, or seen by a panel) is revealed. */
export function registerRevealCall(calls: CallDirectory, tree: TreeRevealer): vscode.Disposable {
  return vscode.commands.registerCommand('telnyx.revealCall', async (callControlId?: unknown): Promise<boolean> => {
    if (typeof callControlId !== 'string' || !callControlId) return false;
    const revealed = calls.connectionOf(callControlId) !== undefined && (await tree.revealCall(callControlId));
    if (!revealed) {
      void vscode.window.showInformationMessage(
        vscode.l10n.t(
          'This call is not in the Connections view any more (it may have ended, or its connection is filtered out).',
        ),
      );
    }
    return revealed;
  });
}
