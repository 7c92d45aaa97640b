import * as vscode from 'vscode';
import type { CallDetailsOpener } from '../../services/services';
import { shortId } from '../../core/format';
import type { TreeNode } from '../nodes/treeNode';
import { callArgument } from './callArgument';

/** Show Call Events: the timeline of this call's leg (its argument, else the selected row). */
export function registerShowEventsForCall(
  view: vscode.TreeView<TreeNode>,
  callDetails: CallDetailsOpener,
): vscode.Disposable {
  return vscode.commands.registerCommand('telnyx.showEventsForCall', async (given?: unknown) => {
    const call = callArgument(given, view);
    if (call?.legId) {
      await callDetails.openEvents({
        title: vscode.l10n.t('Events of leg {0}', shortId(call.legId)),
        filter: { legId: call.legId },
      });
    } else if (call?.callControlId) {
      await callDetails.openCall(call.callControlId, { scope: 'leg' });
    } else {
      void vscode.window.showWarningMessage(vscode.l10n.t('Select a call in the Connections view first.'));
    }
  });
}
