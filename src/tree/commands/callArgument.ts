import type * as vscode from 'vscode';
import { callIdsFromArgument, type CallIds } from '../../core/call';
import type { TreeNode } from '../nodes/treeNode';

/** A call command's target: its argument (a call row or any object with the ids), else the selected row. */
export function callArgument(given: unknown, view: vscode.TreeView<TreeNode>): CallIds | undefined {
  return callIdsFromArgument(given ?? view.selection[0]);
}
