import * as vscode from 'vscode';
import type { Services } from '../services/services';

export function registerShowLog(services: Services): vscode.Disposable {
  return vscode.commands.registerCommand('telnyx.showLog', () => services.log.show());
}
