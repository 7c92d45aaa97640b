import * as vscode from 'vscode';
import type { CallHangUps } from '../../services/services';
import { CallNode } from '../nodes/callNode';

/**
 * Hang Up on a call row's context menu. Only a row of this tree is accepted: a keybinding, task or
 * link passes JSON, never a row, so nothing a workspace writes can name a call to hang up.
 */
export function registerHangUpCall(hangUps: CallHangUps): vscode.Disposable {
  return vscode.commands.registerCommand('telnyx.hangUpCall', async (given?: unknown) => {
    if (!(given instanceof CallNode)) {
      void vscode.window.showWarningMessage(
        vscode.l10n.t(
          'Hang Up works on a live call: right-click its row in the Connections view, or use the button of its call panel.',
        ),
      );
      return;
    }
    const outcome = await hangUps.hangUp({ callControlId: given.callControlId });
    if (!outcome) return;
    const show =
      outcome.kind === 'hung_up' || outcome.kind === 'already_ended'
        ? vscode.window.showInformationMessage
        : vscode.window.showWarningMessage;
    void show(outcome.message);
  });
}
