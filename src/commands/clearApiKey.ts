import * as vscode from 'vscode';
import type { Services } from '../services/services';

export function registerClearApiKey(services: Services): vscode.Disposable {
  return vscode.commands.registerCommand('telnyx.clearApiKey', async (): Promise<void> => {
    await services.apiAccess.clearKey();
    const next = await services.apiAccess.resolveKey();
    // Not awaited: a notification resolves only when dismissed, and the command must not wait on it.
    void vscode.window.showInformationMessage(
      next?.source === 'env'
        ? vscode.l10n.t('The stored Telnyx API key was removed. TELNYX_API_KEY from the environment is used now.')
        : vscode.l10n.t('The stored Telnyx API key was removed.'),
    );
  });
}
