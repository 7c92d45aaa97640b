import * as vscode from 'vscode';
import type { Services } from '../services/services';
import { checkThenSave, validateKeyInput, type SetApiKeyOutcome } from './keyCheck';

export function registerSetApiKey(services: Services): vscode.Disposable {
  const { apiAccess } = services;
  return vscode.commands.registerCommand('telnyx.setApiKey', async (): Promise<SetApiKeyOutcome> => {
    const account = apiAccess.account();
    const entered = await vscode.window.showInputBox({
      title:
        account?.source === 'secret'
          ? vscode.l10n.t('Telnyx: Set API Key of {0}', account.name)
          : vscode.l10n.t('Telnyx: Set API Key'),
      prompt: vscode.l10n.t(
        "Your Telnyx API key. It is tried with one request, then kept in VS Code's secret storage, never in settings.",
      ),
      placeHolder: 'KEY…',
      password: true,
      ignoreFocusOut: true,
      validateInput: validateKeyInput,
    });
    const key = entered?.trim();
    if (!key || /\s/.test(key)) return 'cancelled';
    return checkThenSave(services, key, async (checked) => {
      await apiAccess.storeKey(key);
      // Never awaited: a notification settles only when dismissed, and the command must not wait on it.
      void vscode.window.showInformationMessage(
        checked
          ? vscode.l10n.t("Telnyx accepted the API key. It is saved in VS Code's secret storage.")
          : vscode.l10n.t("The API key is saved in VS Code's secret storage without a successful check."),
      );
    });
  });
}
