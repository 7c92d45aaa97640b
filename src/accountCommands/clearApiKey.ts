import * as vscode from 'vscode';
import type { Services } from '../services/services';

/** Telnyx: Clear API Key: the active account's key is deleted, and with it the account. */
export function registerClearApiKey(services: Services): vscode.Disposable {
  return vscode.commands.registerCommand('telnyx.clearApiKey', async (): Promise<void> => {
    const removed = await services.apiAccess.clearKey();
    const next = services.apiAccess.account();
    // Not awaited: a notification resolves only when dismissed, and the command must not wait on it.
    void vscode.window.showInformationMessage(
      removed === undefined
        ? vscode.l10n.t('No stored Telnyx API key is in use: TELNYX_API_KEY comes from the environment.')
        : next?.source === 'env'
          ? vscode.l10n.t(
              'The stored Telnyx API key of "{0}" was removed. TELNYX_API_KEY from the environment is used now.',
              removed,
            )
          : next
            ? vscode.l10n.t(
                'The stored Telnyx API key of "{0}" was removed. The account "{1}" is used now.',
                removed,
                next.name,
              )
            : vscode.l10n.t('The stored Telnyx API key of "{0}" was removed.', removed),
    );
  });
}
