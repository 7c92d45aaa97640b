import type * as vscode from 'vscode';

/** Tells rows apart without instanceof (tests load these classes from another bundle). */
export type TreeNodeKind = 'connection' | 'call' | 'loadMore' | 'message' | 'retry' | 'liveTap' | 'tappedCall';

/** Every row of the Connections tree: a stable unique id, a parent for reveal, and its rendering. */
export interface TreeNode {
  readonly kind: TreeNodeKind;
  readonly id: string;
  readonly parent: TreeNode | undefined;
  toTreeItem(): vscode.TreeItem;
  /**
   * A tooltip built only when the pointer rests on the row (the provider's resolveTreeItem), for rows
   * re-rendered often (a call's duration ticks every second) whose toTreeItem() leaves it out.
   */
  tooltip?(): vscode.MarkdownString;
}
