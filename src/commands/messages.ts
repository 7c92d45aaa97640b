import * as vscode from 'vscode';
import { isTelnyxError } from '../telnyx/errors';
import type { Logger } from '../services/logger';

/**
 * One line a person can act on, for any failure of a Telnyx request. Passed through the log's
 * redaction, so even an unexpected message cannot carry the key to the screen.
 */
export function describeError(error: unknown, log: Logger): string {
  if (isTelnyxError(error)) {
    const code = error.code ? error.code : error.status !== undefined ? `HTTP ${error.status}` : undefined;
    const text = code ? vscode.l10n.t('{0} (Telnyx code {1})', error.message, code) : error.message;
    return log.redact(text);
  }
  return log.redact(error instanceof Error ? error.message : String(error));
}

/** The error's code as Telnyx sent it, else its HTTP status, else its kind. */
export function errorCode(error: unknown): string | undefined {
  if (!isTelnyxError(error)) return undefined;
  return error.code ?? (error.status !== undefined ? String(error.status) : error.kind);
}
