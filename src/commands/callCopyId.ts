import * as vscode from 'vscode';
import { registerCommand } from '../services/registrations';
import type { ConnectionsTree } from '../tree/connectionsTree';
import { callArgument } from './callArgument';

/** Copy call_control_id / call_leg_id / call_session_id of a call row. */
export function registerCallCopyId(tree: ConnectionsTree, command: string, field: 'callControlId' | 'callLegId' | 'callSessionId', name: string): vscode.Disposable {
  const key = field === 'callLegId' ? 'legId' : field === 'callSessionId' ? 'sessionId' : 'callControlId';
  return registerCommand(command, async (given?: unknown) => {
    const value = callArgument(given, tree.view)?.[key];
    if (!value) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Select a call in the Connections view first.'));
      return;
    }
    await vscode.env.clipboard.writeText(value);
    vscode.window.setStatusBarMessage(vscode.l10n.t('Copied {0}', name), 3000);
  });
}
