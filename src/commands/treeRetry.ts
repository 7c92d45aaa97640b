import * as vscode from 'vscode';
import { registerCommand } from '../services/registrations';
import type { RetryNode } from '../tree/nodes/messageNode';

/** The "Retry" row: repeats what failed in its part of the tree only. */
export function registerTreeRetry(): vscode.Disposable {
  return registerCommand('telnyx.retry', async (node?: unknown) => {
    if ((node as Partial<RetryNode> | undefined)?.kind === 'retry') await (node as RetryNode).retry();
  });
}
