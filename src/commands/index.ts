import * as vscode from 'vscode';
import type { CallDetailsOpener, Services, TreeRevealer } from '../services/services';

export function registerCommands(services: Services, _features: { callDetails: CallDetailsOpener; tree: TreeRevealer }): void {
  services.context.subscriptions.push(vscode.commands.registerCommand('telnyx.showLog', () => services.log.show()));
}
