import * as vscode from 'vscode';
import type { FailureFix } from '../core/errors';
import { describeFailure, reportActionFirst } from '../text/failure';

export interface RowError {
  /** One line for the row: what to do first, since a narrow side bar cuts the end. */
  message: string;
  /** More for the tooltip: what happened, Telnyx's detail, status and request id. */
  detail: string | undefined;
  /** What fixes it besides Retry. */
  action: FailureFix | undefined;
}

/** The core's report of a failure, laid out for a tree row and its tooltip. */
export function rowError(error: unknown): RowError {
  const report = describeFailure(error, vscode);
  const tooltip = [`${report.message} ${report.action}`, report.detail]
    .filter((part): part is string => !!part)
    .join('\n\n');
  return { message: reportActionFirst(report), detail: tooltip, action: report.fix };
}
