import * as vscode from 'vscode';
import { describeFailure, reportSentence, type DescribeOptions } from '../text/failure';
import { isTelnyxError } from '../telnyx/errors';
import type { Logger } from '../services/logger';

/**
 * The core's report of a failure as one line for a notification or a picker: what happened, then
 * what to do. Passed through the log's redaction, so even an unexpected message cannot carry the key
 * to the screen.
 */
export function describeError(error: unknown, log: Logger, subject?: DescribeOptions['subject']): string {
  return reportSentence(describeFailure(error, vscode, { subject, redact: (text) => log.redact(text) }));
}

/** The error's code as Telnyx sent it, else its HTTP status, else its kind. */
export function errorCode(error: unknown): string | undefined {
  if (!isTelnyxError(error)) return undefined;
  return error.code ?? (error.status !== undefined ? String(error.status) : error.kind);
}
