import * as vscode from 'vscode';
import type { TreeNode } from '../nodes/treeNode';
import type { CallIds } from '../../core/call';
import { callArgument } from './callArgument';

/** Copy call_control_id / call_leg_id / call_session_id of a call row (its argument, else the selected row). */
export function registerCopyCallId(
  view: vscode.TreeView<TreeNode>,
  command: string,
  field: keyof CallIds,
  name: string,
): vscode.Disposable {
  return vscode.commands.registerCommand(command, async (given?: unknown) => {
    const value = callArgument(given, view)?.[field];
    if (!value) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Select a call in the Connections view first.'));
      return;
    }
    await vscode.env.clipboard.writeText(value);
    vscode.window.setStatusBarMessage(vscode.l10n.t('Copied {0}', name), 3000);
  });
}
