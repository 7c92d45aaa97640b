import * as vscode from 'vscode';
import type { LoadMoreNode } from '../nodes/loadMoreNode';

/** The "Load more…" row: appends one page (a second click while it loads does nothing more). */
export function registerLoadMore(): vscode.Disposable {
  return vscode.commands.registerCommand('telnyx.loadMore', async (node?: unknown) => {
    if ((node as Partial<LoadMoreNode> | undefined)?.kind === 'loadMore') await (node as LoadMoreNode).load();
  });
}
