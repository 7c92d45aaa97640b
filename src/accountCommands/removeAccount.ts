import * as vscode from 'vscode';
import type { Services } from '../services/services';
import { accountDescription } from './words';

/**
 * Telnyx: Remove Account…: forgets an account and deletes its key from the secret storage, after a
 * confirmation. TELNYX_API_KEY's account is not offered: it is the environment's.
 */
export function registerRemoveAccount(services: Services): vscode.Disposable {
  const { apiAccess } = services;
  return vscode.commands.registerCommand('telnyx.removeAccount', async (nameOrId?: unknown): Promise<boolean> => {
    const accounts = apiAccess.accounts;
    const removable = accounts.list().filter((account) => account.source === 'secret');
    let chosen =
      typeof nameOrId === 'string'
        ? removable.find((account) => account.id === nameOrId || account.name === nameOrId)
        : undefined;
    if (!chosen) {
      if (removable.length === 0) {
        void vscode.window.showInformationMessage(vscode.l10n.t('No Telnyx account is stored in VS Code.'));
        return false;
      }
      const picked = await vscode.window.showQuickPick(
        removable.map((account) => ({ label: account.name, description: accountDescription(account), account })),
        {
          title: vscode.l10n.t('Telnyx: Remove Account'),
          placeHolder: vscode.l10n.t('The account to forget, with its key'),
        },
      );
      chosen = picked?.account;
    }
    if (!chosen) return false;
    const remove = vscode.l10n.t('Remove');
    const answer = await vscode.window.showWarningMessage(
      vscode.l10n.t('Remove the Telnyx account "{0}"? Its key is deleted from VS Code\'s secret storage.', chosen.name),
      { modal: true },
      remove,
    );
    if (answer !== remove) return false;
    await accounts.remove(chosen.id);
    const next = apiAccess.account();
    void vscode.window.showInformationMessage(
      next
        ? vscode.l10n.t('The account "{0}" was removed. "{1}" is in use now.', chosen.name, next.name)
        : vscode.l10n.t('The account "{0}" was removed.', chosen.name),
    );
    return true;
  });
}
