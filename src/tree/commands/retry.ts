import * as vscode from 'vscode';
import type { RetryNode } from '../nodes/messageNode';

/** The "Retry" row: repeats what failed in its part of the tree only. */
export function registerRetry(): vscode.Disposable {
  return vscode.commands.registerCommand('telnyx.retry', async (node?: unknown) => {
    if ((node as Partial<RetryNode> | undefined)?.kind === 'retry') await (node as RetryNode).retry();
  });
}
