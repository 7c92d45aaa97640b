import * as vscode from 'vscode';
import type { CallDetailsOpener, Services, TreeRevealer } from '../services/services';
import { registerClearApiKey } from './clearApiKey';
import { registerCopyAsCurl } from './copyAsCurl';
import { registerCopyText } from './copyText';
import { registerFindConnection } from './findConnection';
import { registerLookUpCall } from './lookUpCall';
import { registerRevealCall } from './revealCall';
import { registerSetApiKey } from './setApiKey';
import { registerShowCallEvents } from './showCallEvents';
import { registerShowLog } from './showLog';

/** Palette commands, key commands and the commands behind hover links. */
export function registerCommands(services: Services, { callDetails, tree }: { callDetails: CallDetailsOpener; tree: TreeRevealer }): void {
  services.context.subscriptions.push(
    registerSetApiKey(services),
    registerClearApiKey(services),
    registerLookUpCall(callDetails),
    registerShowCallEvents(callDetails),
    registerFindConnection(services, tree),
    registerShowLog(services),
    registerCopyText(),
    registerCopyAsCurl(services),
    registerRevealCall(tree),
    warnAboutRefusedBaseUrl(services),
  );
}

/**
 * A refused `telnyx.apiBaseUrl` (not https, not loopback) would otherwise surface only as failed
 * requests: say why, once per change, and where to fix it.
 */
function warnAboutRefusedBaseUrl(services: Services): vscode.Disposable {
  let lastWarned: string | undefined;
  const check = (): void => {
    const problem = services.apiAccess.settings().baseUrlProblem;
    if (problem && problem !== lastWarned) {
      const open = vscode.l10n.t('Open Settings');
      void vscode.window
        .showWarningMessage(vscode.l10n.t('Telnyx: the API base URL is refused, no request is sent. {0}', problem), open)
        .then((choice) => (choice === open ? vscode.commands.executeCommand('workbench.action.openSettings', 'telnyx.apiBaseUrl') : undefined));
    }
    lastWarned = problem;
  };
  check();
  return services.apiAccess.onDidChange(check);
}
