import type * as vscode from 'vscode';

/** Every row of the Connections tree: a stable unique id, a parent for reveal, and its rendering. */
/** Tells rows apart without instanceof (tests load these classes from another bundle). */
export type TreeNodeKind = 'connection' | 'call' | 'loadMore' | 'message' | 'retry';

export interface TreeNode {
  readonly kind: TreeNodeKind;
  readonly id: string;
  readonly parent: TreeNode | undefined;
  toTreeItem(): vscode.TreeItem;
}
