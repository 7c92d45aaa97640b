import type * as vscode from 'vscode';

/** Every row of the Connections tree: a stable unique id, a parent for reveal, and its rendering. */
export interface TreeNode {
  readonly id: string;
  readonly parent: TreeNode | undefined;
  toTreeItem(): vscode.TreeItem;
}
