// The code features' footprint at activation: one listener that loads dist/code.js (src/code/features.ts) the first
// time a JavaScript, TypeScript, Python, Go, Ruby, PHP, Java or C# file is open, or a document of another language
// gets a Telnyx API key pasted in.
import * as vscode from 'vscode';
import { loadCodeModule } from '../codeLoader';
import type { Services } from '../services/services';
import { findApiKeys } from './scan/keys';
import { CODE_LANGUAGE_IDS } from './scan/languages';

export function registerCode(services: Services, accountChanged: vscode.Event<void>): void {
  const { context, apiAccess, seenEvents } = services;
  let started = false;
  const start = (): void => {
    if (started) return;
    started = true;
    watcher.dispose();
    context.subscriptions.push(
      loadCodeModule().startCodeFeatures({
        seenEvents,
        accountId: () => apiAccess.account()?.id,
        onDidChangeAccount: accountChanged,
      }),
    );
  };
  const wanted = (document: vscode.TextDocument): boolean =>
    CODE_LANGUAGE_IDS.includes(document.languageId) || findApiKeys(document.getText()).length > 0;
  const watcher = vscode.Disposable.from(
    vscode.workspace.onDidOpenTextDocument((document) => {
      if (wanted(document)) start();
    }),
    vscode.workspace.onDidChangeTextDocument((event) => {
      if (event.contentChanges.some((change) => findApiKeys(change.text).length > 0)) start();
    }),
  );
  context.subscriptions.push(watcher);
  // Documents restored with the window are looked at after activation returns, not during it.
  setTimeout(() => {
    if (!started && vscode.workspace.textDocuments.some(wanted)) start();
  }, 0);
}
