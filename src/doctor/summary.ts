// One line about a diagnosis for places with little room (hover, tree tooltip): "2 findings: …".
// Type-only (erased from the build): it lets `l10n-dev export` find the vscode.l10n.t calls below.
import type * as vscode from 'vscode';
/** The API the wording stands for; the host actually passed is an `L10nHost`. */
export type L10nApi = typeof vscode.l10n;
import type { Finding, L10nHost } from './types';

/** Warnings and errors only; undefined when there are none. */
export function summarizeFindings(findings: readonly Finding[], vscode: L10nHost): string | undefined {
  const serious = findings.filter((f) => f.severity !== 'info');
  if (!serious.length) return undefined;
  const titles = serious.slice(0, 2).map((f) => f.title).join('; ');
  const more = serious.length > 2 ? vscode.l10n.t(' (and {0} more)', serious.length - 2) : '';
  return serious.length === 1 ? vscode.l10n.t('1 finding: {0}', titles) : vscode.l10n.t('{0} findings: {1}{2}', serious.length, titles, more);
}
