import * as vscode from 'vscode';
import type { Services } from '../services/services';
import { accountDescription } from './words';

type AccountPick = vscode.QuickPickItem & { accountId?: string; add?: true };

/**
 * Telnyx: Switch Account…: the tree, hovers, lookups and chat tools follow the account chosen;
 * open call panels keep theirs. An argument (an account's name or id) switches without asking.
 */
export function registerSwitchAccount(services: Services): vscode.Disposable {
  const { apiAccess } = services;
  return vscode.commands.registerCommand(
    'telnyx.switchAccount',
    async (nameOrId?: unknown): Promise<string | undefined> => {
      const accounts = apiAccess.accounts;
      if (typeof nameOrId === 'string' && nameOrId) {
        const wanted = accounts.get(nameOrId) ?? accounts.byName(nameOrId);
        if (!wanted) {
          void vscode.window.showWarningMessage(vscode.l10n.t('There is no Telnyx account named "{0}".', nameOrId));
          return undefined;
        }
        await accounts.setActive(wanted.id);
        return wanted.name;
      }
      const active = apiAccess.account();
      const items: AccountPick[] = accounts.list().map((account) => ({
        label: account.id === active?.id ? `$(check) ${account.name}` : account.name,
        description: accountDescription(account),
        detail: account.id === active?.id ? vscode.l10n.t('In use') : undefined,
        accountId: account.id,
      }));
      items.push({ label: `$(add) ${vscode.l10n.t('Add Account…')}`, add: true });
      const picked = await vscode.window.showQuickPick(items, {
        title: vscode.l10n.t('Telnyx: Switch Account'),
        placeHolder: vscode.l10n.t('The account the Connections view, hovers and lookups use'),
      });
      if (!picked) return undefined;
      if (picked.add) {
        await vscode.commands.executeCommand('telnyx.addAccount');
        return apiAccess.account()?.name;
      }
      if (picked.accountId && picked.accountId !== active?.id) await accounts.setActive(picked.accountId);
      return accounts.get(picked.accountId ?? '')?.name;
    },
  );
}
