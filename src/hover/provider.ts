import * as vscode from 'vscode';
import type { Services } from '../services/services';
import { isTelnyxError } from '../telnyx/errors';
import type { CallStatus } from '../telnyx/types';
import { errorHover, labelledIdHover, noKeyHover, statusHover } from './content';
import { detectAt } from './detect';
import { callState } from './format';
import { TtlCache, WaitCancelledError, type Outcome } from './ttlCache';

/** How long an answer is reused: alive calls change by the second, ended ones barely. */
export const STATUS_TTL_MS = { alive: 2_000, ended: 30_000, gone: 30_000, failed: 2_000 } as const;

class NoApiKeyError extends Error {
  constructor() {
    super('No API key');
    this.name = 'NoApiKeyError';
  }
}

function ttlFor(outcome: Outcome<CallStatus>): number {
  if (outcome.ok) return callState(outcome.value) === 'ended' ? STATUS_TTL_MS.ended : STATUS_TTL_MS.alive;
  const error = outcome.error;
  if (!isTelnyxError(error)) return 0;
  if (error.kind === 'not_found' || error.kind === 'invalid_call') return STATUS_TTL_MS.gone;
  if (error.kind === 'cancelled' || error.kind === 'config') return 0;
  return STATUS_TTL_MS.failed;
}

function signalOf(token: vscode.CancellationToken): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  if (token.isCancellationRequested) controller.abort();
  const listener = token.onCancellationRequested(() => controller.abort());
  return { signal: controller.signal, dispose: () => listener.dispose() };
}

/** Hover on call_control_ids (live status) and labelled leg/session UUIDs, in any document. */
export class CallHoverProvider implements vscode.HoverProvider {
  readonly statuses = new TtlCache<string, CallStatus>({ ttlMs: ttlFor });

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
