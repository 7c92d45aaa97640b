import * as vscode from 'vscode';
import { registerCommand } from '../services/registrations';
import { shortId } from '../core/format';
import type { ConnectionsTree } from '../tree/connectionsTree';
import { callArgument } from './callArgument';

/** Show Call Events: the timeline of this call's leg. */
export function registerCallShowEvents(tree: ConnectionsTree): vscode.Disposable {
  return registerCommand('telnyx.showEventsForCall', async (given?: unknown) => {
    const call = callArgument(given, tree.view);
    if (call?.legId) {
      await tree.callDetails.openEvents({
        title: vscode.l10n.t('Events of leg {0}', shortId(call.legId)),
        filter: { legId: call.legId },
      });
    } else if (call?.callControlId) {
      await tree.callDetails.openCall(call.callControlId, { scope: 'leg' });
    } else {
      void vscode.window.showWarningMessage(vscode.l10n.t('Select a call in the Connections view first.'));
    }
  });
}
