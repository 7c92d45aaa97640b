import * as vscode from 'vscode';
import type { Services } from '../services/services';
import { CallHoverProvider } from './provider';

export function registerHover(services: Services): void {
  // Every scheme: files, untitled buffers, output channels, settings, diffs. The provider reads
  // nothing unless the hovered line holds an id. A new key or base URL is the call directory's
  // business (src/calls/account.ts).
  services.context.subscriptions.push(
    vscode.languages.registerHoverProvider({ scheme: '*' }, new CallHoverProvider(services)),
  );
}
