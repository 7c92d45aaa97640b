import * as vscode from 'vscode';
import { NoApiKeyError } from '../core/errors';
import { describeFailure, reportSentence } from '../text/failure';
import { isTelnyxError } from '../telnyx/errors';
import type { ErrorView } from './protocol';

/** True when a status read failed because Telnyx no longer keeps (or never had) that call's status. */
export function isStatusGone(error: unknown): boolean {
  return isTelnyxError(error) && (error.kind === 'not_found' || error.kind === 'invalid_call');
}

export function noKeyError(): ErrorView {
  return describeError(new NoApiKeyError());
}

/**
 * The core's report of a failure as the panel shows it: what happened, then what to do. A panel is
 * about a call, so a missing status reads as one (the 10-minute rule).
 */
export function describeError(error: unknown): ErrorView {
  const report = describeFailure(error, vscode, { subject: 'call' });
  return { kind: report.kind, ...(report.code !== undefined ? { code: report.code } : {}), message: reportSentence(report) };
}
