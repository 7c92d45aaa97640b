import * as vscode from 'vscode';
import type { Operation } from '../model/pagedList';
import type { TreeNode } from './treeNode';

/** The part of a PagedList this row needs. */
export interface MorePages {
  readonly busy: Operation | undefined;
  readonly items: readonly unknown[];
  readonly total: number | undefined;
  loadNextPage(): Promise<void>;
}

/** The last row of a list with more pages: clicking it appends exactly one page. */
export class LoadMoreNode implements TreeNode {
  readonly kind = 'loadMore';
  readonly id: string;

  constructor(
    readonly parent: TreeNode | undefined,
    private readonly list: MorePages,
  ) {
    this.id = `more/${parent?.id ?? 'root'}`;
  }

  load(): Promise<void> {
    return this.list.loadNextPage();
  }

  toTreeItem(): vscode.TreeItem {
    const loading = this.list.busy === 'more';
    const item = new vscode.TreeItem(loading ? vscode.l10n.t('Loading more…') : vscode.l10n.t('Load more…'));
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon(loading ? 'loading~spin' : 'more');
    item.contextValue = 'telnyx.loadMore';
    if (!loading) item.command = { command: 'telnyx.loadMore', title: vscode.l10n.t('Load More'), arguments: [this] };
    const shown = this.list.items.length;
    const total = this.list.total;
    item.tooltip =
      total !== undefined ? vscode.l10n.t('{0} of {1} shown', shown, total) : vscode.l10n.t('{0} shown', shown);
    return item;
  }
}
