import type * as vscode from 'vscode';
import type { TreeNode } from '../nodes/treeNode';

export interface CallIds {
  callControlId?: string;
  callLegId?: string;
  callSessionId?: string;
}

/** A call command's target: its argument (a call row or any object with the ids), else the selected row. */
export function callArgument(given: unknown, view: vscode.TreeView<TreeNode>): CallIds | undefined {
  const candidate = given ?? view.selection[0];
  if (typeof candidate === 'string') return { callControlId: candidate };
  if (candidate && typeof candidate === 'object' && 'callControlId' in candidate) return candidate as CallIds;
  return undefined;
}
