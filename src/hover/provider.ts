import * as vscode from 'vscode';
import { isNoApiKeyError } from '../core/errors';
import { isWaitCancelledError } from '../calls/ttlCache';
import type { Services } from '../services/services';
import { errorHover, labelledIdHover, noKeyHover, statusHover } from './content';
import { detectAt } from '../core/ids';

function signalOf(token: vscode.CancellationToken): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  if (token.isCancellationRequested) controller.abort();
  const listener = token.onCancellationRequested(() => controller.abort());
  return { signal: controller.signal, dispose: () => listener.dispose() };
}

/**
 * Hover on call_control_ids (live status) and labelled leg/session UUIDs, in any document. The status
 * and the connection come from the call directory, so they are always the current account's.
 */
export class CallHoverProvider implements vscode.HoverProvider {
  constructor(private readonly services: Services) {}

  async provideHover(
    document: vscode.TextDocument,
    position: vscode.Position,
    token: vscode.CancellationToken,
  ): Promise<vscode.Hover | undefined> {
    if (!this.services.apiAccess.settings().hoverEnabled) return undefined;
    // Only the document's text in memory is read: output channels and untitled files have no file.
    const found = detectAt(document.lineAt(position.line).text, position.character);
    if (!found) return undefined;
    const range = new vscode.Range(position.line, found.start, position.line, found.end);
    if (found.kind !== 'call_control_id') return new vscode.Hover(labelledIdHover(found), range);

    const calls = this.services.calls;
    const cancellation = signalOf(token);
    try {
      const status = await calls.status(found.id, cancellation.signal);
      return new vscode.Hover(
        statusHover(found.id, status, {
          connectionId: calls.connectionOf(found.id),
          nowMs: Date.now(),
          readAtMs: calls.readAtOf(status),
          findings: this.services.findings.ofSession(this.services.apiAccess.account()?.id, status.call_session_id),
        }),
        range,
      );
    } catch (error) {
      if (isWaitCancelledError(error) || token.isCancellationRequested) return undefined;
      if (isNoApiKeyError(error)) return new vscode.Hover(noKeyHover(found.id), range);
      return new vscode.Hover(
        errorHover(found.id, error, (text) => this.services.log.redact(text), this.accountToName()),
        range,
      );
    } finally {
      cancellation.dispose();
    }
  }

  /** The account in use, named once there is more than one to tell apart (as panel titles do). */
  private accountToName(): string | undefined {
    const { apiAccess } = this.services;
    return apiAccess.accounts.list().length > 1 ? apiAccess.account()?.name : undefined;
  }
}
