import * as vscode from 'vscode';
import type { Services } from '../services/services';
import { exportTappedCallCommand } from './exportCommand';
import { showLiveTapMenu } from './menu';
import { startLiveTapCommand, type StartTap } from './startCommand';
import { LiveTapStatusItem, SHOW_LIVE_TAP_MENU_COMMAND, type LiveTapItemShown } from './statusItem';
import { stopLiveTapCommand } from './stopCommand';

export type { StartTap } from './startCommand';

/** What the extension's API offers of the live tap's surface (in-host tests read the item through it). */
export interface LiveTapFeature {
  statusItem(): LiveTapItemShown;
}

/**
 * The live tap in VS Code: Start/Stop Live Tap, Export Tapped Call, the status bar item and its
 * menu. The tap (src/tap, dist/tap.js) is loaded by `startTap` on the first start, never at
 * activation; the Connections view shows what it records (src/tree, through `services.liveTap`).
 */
export function registerLiveTap(services: Services, startTap: StartTap): LiveTapFeature {
  const item = new LiveTapStatusItem(services.liveTap);
  const start = () => startLiveTapCommand(services, startTap);
  const restart = () => startLiveTapCommand(services, startTap, { restart: true });
  const stop = () => stopLiveTapCommand(services);
  services.context.subscriptions.push(
    item,
    // The Connections view's title shows Start or Stop Live Tap by it.
    services.liveTap.onDidChange((change) => {
      if (change.kind !== 'recorded')
        void vscode.commands.executeCommand('setContext', 'telnyx.liveTapListening', services.liveTap.isListening());
    }),
    vscode.commands.registerCommand('telnyx.startLiveTap', start),
    vscode.commands.registerCommand('telnyx.stopLiveTap', stop),
    vscode.commands.registerCommand('telnyx.exportTappedCall', (given?: unknown, target?: vscode.Uri) =>
      exportTappedCallCommand(services, given, target),
    ),
    vscode.commands.registerCommand(SHOW_LIVE_TAP_MENU_COMMAND, () =>
      showLiveTapMenu(services, { start, restart, stop }),
    ),
  );
  return { statusItem: () => item.shown() };
}
