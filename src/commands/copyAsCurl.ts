import * as vscode from 'vscode';
import { curlForCallStatus } from '../core/call';
import type { Services } from '../services/services';
import { checkCallControlId } from '../core/ids';

/** Copies a cURL command for the call's status that reads the key from $TELNYX_API_KEY, never ours. */
export function registerCopyAsCurl(services: Services): vscode.Disposable {
  return vscode.commands.registerCommand(
    'telnyx.copyAsCurl',
    async (callControlId?: unknown): Promise<string | undefined> => {
      if (typeof callControlId !== 'string' || checkCallControlId(callControlId)) return undefined;
      const settings = services.apiAccess.settings();
      if (!settings.baseUrl) {
        void vscode.window.showErrorMessage(
          settings.baseUrlProblem ?? vscode.l10n.t('The Telnyx API base URL is not valid.'),
        );
        return undefined;
      }
      const command = curlForCallStatus(settings.baseUrl, callControlId.trim());
      await vscode.env.clipboard.writeText(command);
      vscode.window.setStatusBarMessage(
        vscode.l10n.t('Copied a cURL command (it reads the key from $TELNYX_API_KEY)'),
        4000,
      );
      return command;
    },
  );
}
