// The entry of dist/code.js: registers the code features once a file of one of their languages is
// open (src/code/index.ts decides when). Everything here is in VS Code's hands from then on.
import * as vscode from 'vscode';
import type { SeenEvents } from '../doctor/seenEvents';
import { CodeActionsProvider } from './actions';
import { EventCompletionProvider } from './completion';
import { CodeDiagnostics } from './diagnostics';
import { CodeDocuments } from './documents';
import { EventHoverProvider } from './hover';
import { HandlerLensProvider } from './lenses';
import { CODE_LANGUAGE_IDS } from './scan/languages';
import { readCodeSettings, type CodeSettings } from './settings';

// For the store-key command (src/accountCommands/storeKeyFromCode.ts), which runs in the main bundle.
export { keyReplacementEdits, workspaceEditOf } from './actions';
export { isApiKey } from './scan/keys';

export interface CodeFeatureDeps {
  seenEvents: SeenEvents;
  /** The account in use, whose calls the lenses speak of. */
  accountId: () => string | undefined;
  onDidChangeAccount: vscode.Event<void>;
}

export function startCodeFeatures(deps: CodeFeatureDeps): vscode.Disposable {
  let settings: CodeSettings = readCodeSettings();
  const currentSettings = () => settings;
  const documents = new CodeDocuments();
  const diagnostics = new CodeDiagnostics(documents, currentSettings);
  const lenses = new HandlerLensProvider(documents, currentSettings, deps.seenEvents, deps.accountId);
  const selector: vscode.DocumentSelector = CODE_LANGUAGE_IDS.map((language) => ({ language }));
  const checkAll = () => {
    for (const document of vscode.workspace.textDocuments) diagnostics.check(document);
  };
  const disposables: vscode.Disposable[] = [
    diagnostics,
    lenses,
    vscode.languages.registerCompletionItemProvider(
      selector,
      new EventCompletionProvider(documents, currentSettings),
      '.',
    ),
    vscode.languages.registerHoverProvider(selector, new EventHoverProvider(documents, currentSettings)),
    // Keys are checked in every document, so their quick fixes are offered everywhere too.
    vscode.languages.registerCodeActionsProvider('*', new CodeActionsProvider(documents, currentSettings), {
      providedCodeActionKinds: CodeActionsProvider.kinds,
    }),
    vscode.languages.registerCodeLensProvider(selector, lenses),
    vscode.workspace.onDidOpenTextDocument((document) => diagnostics.check(document)),
    vscode.workspace.onDidChangeTextDocument((event) => {
      if (event.contentChanges.length) diagnostics.edited(event.document);
    }),
    vscode.workspace.onDidCloseTextDocument((document) => {
      diagnostics.closed(document);
      documents.forget(document);
    }),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (!event.affectsConfiguration('telnyx.code')) return;
      settings = readCodeSettings();
      checkAll();
      lenses.refresh();
    }),
    deps.onDidChangeAccount(() => lenses.refresh()),
  ];
  checkAll();
  return vscode.Disposable.from(...disposables);
}
