import * as vscode from 'vscode';
import type { Services } from '../services/services';

/**
 * A refused `telnyx.apiBaseUrl` (not https, not loopback) would otherwise surface only as failed
 * requests: say why, once per change, and where to fix it.
 */
export function warnAboutRefusedBaseUrl(services: Services): vscode.Disposable {
  let lastWarned: string | undefined;
  const check = (): void => {
    const problem = services.apiAccess.settings().baseUrlProblem;
    if (problem && problem !== lastWarned) {
      const open = vscode.l10n.t('Open Settings');
      void vscode.window
        .showWarningMessage(
          vscode.l10n.t('Telnyx: the API base URL is refused, no request is sent. {0}', problem),
          open,
        )
        .then((choice) =>
          choice === open
            ? vscode.commands.executeCommand('workbench.action.openSettings', 'telnyx.apiBaseUrl')
            : undefined,
        );
    }
    lastWarned = problem;
  };
  check();
  return services.apiAccess.onDidChange(check);
}
