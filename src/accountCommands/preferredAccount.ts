import * as vscode from 'vscode';
import type { Services } from '../services/services';

const ASKED_STATE = 'telnyx.preferredAccountAsked';

/**
 * A workspace may recommend an account by name (`telnyx.preferredAccount`, read at workspace level
 * only: a name, never a key or an address). Switching to it is asked once per workspace and name.
 */
export function registerPreferredAccount(services: Services, ready: Promise<unknown>): vscode.Disposable {
  const { apiAccess, context } = services;
  let asking = false;
  const check = async (): Promise<void> => {
    await ready;
    const inspected = vscode.workspace.getConfiguration('telnyx').inspect<string>('preferredAccount');
    const name = (inspected?.workspaceFolderValue ?? inspected?.workspaceValue)?.trim();
    if (!name || asking || context.workspaceState.get<string>(ASKED_STATE) === name) return;
    const account = apiAccess.accounts.byName(name);
    if (account && apiAccess.account()?.id === account.id) return;
    asking = true;
    try {
      await context.workspaceState.update(ASKED_STATE, name);
      if (account) {
        const use = vscode.l10n.t('Switch to "{0}"', account.name);
        const choice = await vscode.window.showInformationMessage(
          vscode.l10n.t(
            'This workspace recommends the Telnyx account "{0}"; "{1}" is in use.',
            account.name,
            apiAccess.account()?.name ?? vscode.l10n.t('none'),
          ),
          use,
        );
        if (choice === use) await apiAccess.accounts.setActive(account.id);
      } else {
        const add = vscode.l10n.t('Add Account…');
        const choice = await vscode.window.showInformationMessage(
          vscode.l10n.t('This workspace recommends a Telnyx account named "{0}", which VS Code does not have.', name),
          add,
        );
        if (choice === add) await vscode.commands.executeCommand('telnyx.addAccount');
      }
    } finally {
      asking = false;
    }
  };
  const run = (): void => {
    check().catch((error: unknown) =>
      services.log.warn(`Preferred account: ${error instanceof Error ? error.message : String(error)}`),
    );
  };
  run();
  return vscode.workspace.onDidChangeConfiguration((event) => {
    if (event.affectsConfiguration('telnyx.preferredAccount')) run();
  });
}
