import * as vscode from 'vscode';
import type { Services } from '../services/services';
import { copyBaseUrl, showLaunchConfiguration } from './instructions';

interface MenuItem extends vscode.QuickPickItem {
  run(): Promise<unknown>;
}

/** The tap's status bar menu: where it is in the view, what the application needs, restart, stop. */
export async function showLiveTapMenu(
  services: Services,
  actions: { restart(): Promise<unknown>; stop(): Promise<unknown>; start(): Promise<unknown> },
): Promise<void> {
  const status = services.liveTap.current()?.status();
  const items: MenuItem[] = [];
  if (status) {
    items.push({
      label: vscode.l10n.t('$(list-tree) Show in Connections View'),
      run: () => Promise.resolve(vscode.commands.executeCommand('telnyx.revealLiveTap')),
    });
  }
  if (status?.listening) {
    items.push(
      {
        label: vscode.l10n.t('$(copy) Copy TELNYX_BASE_URL'),
        description: `http://127.0.0.1:${status.apiPort}/v2`,
        run: () => copyBaseUrl(status),
      },
      { label: vscode.l10n.t('$(debug-configure) Launch Configuration…'), run: () => showLaunchConfiguration(status) },
      { label: vscode.l10n.t('$(debug-restart) Restart with Other Values…'), run: () => actions.restart() },
      { label: vscode.l10n.t('$(debug-stop) Stop Live Tap'), run: () => actions.stop() },
    );
  } else {
    items.push({ label: vscode.l10n.t('$(broadcast) Start Live Tap…'), run: () => actions.start() });
  }
  const picked = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Telnyx Live Tap') });
  await picked?.run();
}
