import * as vscode from 'vscode';
import { NoApiKeyError } from '../core/errors';
import { describeFailure, reportSentence } from '../text/failure';
import type { ErrorView } from './protocol';

export function noKeyError(): ErrorView {
  return errorView(new NoApiKeyError());
}

/**
 * The core's report of a failure as the panel shows it: what happened, then what to do. A panel is
 * about a call, so a missing status reads as one (the 10-minute rule).
 */
export function errorView(error: unknown): ErrorView {
  const report = describeFailure(error, vscode, { subject: 'call' });
  return {
    kind: report.kind,
    ...(report.code !== undefined ? { code: report.code } : {}),
    message: reportSentence(report),
  };
}
