import * as vscode from 'vscode';
import { registerCommand } from '../services/registrations';
import type { Services } from '../services/services';

export function registerShowLog(services: Services): vscode.Disposable {
  return registerCommand('telnyx.showLog', () => services.log.show());
}
