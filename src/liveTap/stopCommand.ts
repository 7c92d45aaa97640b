import * as vscode from 'vscode';
import type { Services } from '../services/services';

/** Telnyx: Stop Live Tap frees both ports; what the tap recorded stays in the Connections view. */
export async function stopLiveTapCommand(services: Services): Promise<boolean> {
  const tap = services.liveTap.current();
  if (!tap?.status().listening) {
    void vscode.window.showInformationMessage(vscode.l10n.t('The live tap is not on.'));
    return false;
  }
  await services.liveTap.stop();
  const status = tap.status();
  services.log.info(`Live tap stopped: ports ${status.webhookPort} and ${status.apiPort} freed`);
  void vscode.window.showInformationMessage(
    status.calls === 1
      ? vscode.l10n.t(
          'Live tap stopped: ports {0} and {1} are free. The call it recorded stays in the Connections view until the window closes.',
          status.webhookPort,
          status.apiPort,
        )
      : vscode.l10n.t(
          'Live tap stopped: ports {0} and {1} are free. The {2} calls it recorded stay in the Connections view until the window closes.',
          status.webhookPort,
          status.apiPort,
          status.calls,
        ),
  );
  return true;
}
