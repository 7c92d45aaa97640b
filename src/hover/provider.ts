import * as vscode from 'vscode';
import { NoApiKeyError } from '../core/errors';
import type { Services } from '../services/services';
import type { CallStatus } from '../telnyx/types';
import { errorHover, labelledIdHover, noKeyHover, statusHover } from './content';
import { detectAt } from '../core/ids';
import { statusTtlMs } from './statusTtl';
import { TtlCache, WaitCancelledError } from './ttlCache';


function signalOf(token: vscode.CancellationToken): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  if (token.isCancellationRequested) controller.abort();
  const listener = token.onCancellationRequested(() => controller.abort());
  return { signal: controller.signal, dispose: () => listener.dispose() };
}

/** Hover on call_control_ids (live status) and labelled leg/session UUIDs, in any document. */
export class CallHoverProvider implements vscode.HoverProvider {
  readonly statuses = new TtlCache<string, CallStatus>({ ttlMs: statusTtlMs });

  constructor(private readonly services: Services) {}

  async provideHover(document: vscode.TextDocument, position: vscode.Position, token: vscode.CancellationToken): Promise<vscode.Hover | undefined> {
    if (!this.services.apiAccess.settings().hoverEnabled) return undefined;
    // Only the document's text in memory is read: output channels and untitled files have no file.
    const found = detectAt(document.lineAt(position.line).text, position.character);
    if (!found) return undefined;
    const range = new vscode.Range(position.line, found.start, position.line, found.end);
    if (found.kind !== 'call_control_id') return new vscode.Hover(labelledIdHover(found), range);

    const cancellation = signalOf(token);
    try {
      const status = await this.statuses.get(found.id, (signal) => this.loadStatus(found.id, signal), cancellation.signal);
      return new vscode.Hover(
        statusHover(found.id, status, { connectionId: this.services.callIndex.connectionOf(found.id), nowMs: Date.now() }),
        range,
      );
    } catch (error) {
      if (error instanceof WaitCancelledError || token.isCancellationRequested) return undefined;
      if (error instanceof NoApiKeyError) return new vscode.Hover(noKeyHover(found.id), range);
      return new vscode.Hover(errorHover(found.id, error, (text) => this.services.log.redact(text)), range);
    } finally {
      cancellation.dispose();
    }
  }

  private async loadStatus(callControlId: string, signal: AbortSignal): Promise<CallStatus> {
    const api = await this.services.apiAccess.getApi();
    if (!api) throw new NoApiKeyError();
    return api.getCallStatus(callControlId, { signal });
  }
}
