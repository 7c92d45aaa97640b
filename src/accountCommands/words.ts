import * as vscode from 'vscode';
import type { Account, NameProblem } from '../accounts/store';

export function nameProblemText(problem: NameProblem | undefined): vscode.InputBoxValidationMessage | undefined {
  switch (problem) {
    case 'empty':
      return { message: vscode.l10n.t('Give the account a name.'), severity: vscode.InputBoxValidationSeverity.Info };
    case 'taken':
      return {
        message: vscode.l10n.t('An account has this name already.'),
        severity: vscode.InputBoxValidationSeverity.Error,
      };
    case 'reserved':
      return {
        message: vscode.l10n.t('TELNYX_API_KEY names the key from the environment; choose another name.'),
        severity: vscode.InputBoxValidationSeverity.Error,
      };
    default:
      return undefined;
  }
}

/** Where an account's key and address come from, for a picker's description. */
export function accountDescription(account: Account): string {
  if (account.source === 'env') return vscode.l10n.t('from the environment');
  return account.baseUrl ? new URL(account.baseUrl).host : '';
}
