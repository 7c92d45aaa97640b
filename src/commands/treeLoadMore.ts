import * as vscode from 'vscode';
import { registerCommand } from '../services/registrations';
import type { LoadMoreNode } from '../tree/nodes/loadMoreNode';

/** The "Load more…" row: appends one page (a second click while it loads does nothing more). */
export function registerTreeLoadMore(): vscode.Disposable {
  return registerCommand('telnyx.loadMore', async (node?: unknown) => {
    if ((node as Partial<LoadMoreNode> | undefined)?.kind === 'loadMore') await (node as LoadMoreNode).load();
  });
}
