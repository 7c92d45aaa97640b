// Quick fixes: the real event name or hangup cause for one Telnyx never sends, and for a hard-coded
// API key, an environment read in the file's language or "store it as an account, then replace it".
import * as vscode from 'vscode';
import type { CodeDocuments } from './documents';
import { environmentReadEdits, placeholderEdit, type TextEdit } from './scan/keyFixes';
import type { TextRange } from './scan/keys';
import { syntaxOf } from './scan/languages';
import type { CodeSettings } from './settings';

// Registered at activation by src/code/storeKey.ts (which is not in this bundle).
const STORE_KEY_COMMAND = 'telnyx.code.storeKeyAsAccount';

/** The argument of `telnyx.code.storeKeyAsAccount`: where the key is (never the key itself). */
export interface StoreKeyArgument {
  uri: string;
  start: number;
  end: number;
}

/** What replaces a key once it is kept elsewhere: the environment read, else a `${TELNYX_API_KEY}` reference. */
export function keyReplacementEdits(text: string, key: TextRange, languageId: string): TextEdit[] {
  const syntax = syntaxOf(languageId);
  return (syntax && environmentReadEdits(text, key, syntax)) ?? [placeholderEdit(key)];
}

export function workspaceEditOf(document: vscode.TextDocument, edits: readonly TextEdit[]): vscode.WorkspaceEdit {
  const edit = new vscode.WorkspaceEdit();
  for (const change of edits)
    edit.replace(
      document.uri,
      new vscode.Range(document.positionAt(change.start), document.positionAt(change.end)),
      change.text,
    );
  return edit;
}

const overlaps = (range: vscode.Range, start: vscode.Position, end: vscode.Position): boolean =>
  !(range.end.isBefore(start) || range.start.isAfter(end));

export class CodeActionsProvider implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  constructor(
    private readonly documents: CodeDocuments,
    private readonly settings: () => CodeSettings,
  ) {}

  provideCodeActions(document: vscode.TextDocument, range: vscode.Range | vscode.Selection): vscode.CodeAction[] {
    const settings = this.settings();
    const actions: vscode.CodeAction[] = [];
    if (settings.eventNames) {
      for (const problem of this.documents.analysis(document)?.problems ?? []) {
        const start = document.positionAt(problem.start);
        const end = document.positionAt(problem.end);
        if (!problem.suggestion || !overlaps(range, start, end)) continue;
        const action = new vscode.CodeAction(
          vscode.l10n.t('Change to "{0}"', problem.suggestion),
          vscode.CodeActionKind.QuickFix,
        );
        action.edit = new vscode.WorkspaceEdit();
        action.edit.replace(document.uri, new vscode.Range(start, end), problem.suggestion);
        action.isPreferred = true;
        actions.push(action);
      }
    }
    if (settings.keyCheck) {
      const text = document.getText();
      for (const key of this.documents.keys(document)) {
        const start = document.positionAt(key.start);
        const end = document.positionAt(key.end);
        if (!overlaps(range, start, end)) continue;
        const syntax = syntaxOf(document.languageId);
        const edits = syntax && environmentReadEdits(text, key, syntax);
        if (edits) {
          const action = new vscode.CodeAction(
            vscode.l10n.t('Read the key from the environment (TELNYX_API_KEY)'),
            vscode.CodeActionKind.QuickFix,
          );
          action.edit = workspaceEditOf(document, edits);
          action.isPreferred = true;
          actions.push(action);
        }
        const store = new vscode.CodeAction(
          vscode.l10n.t('Store the key as a Telnyx account, then replace it'),
          vscode.CodeActionKind.QuickFix,
        );
        const argument: StoreKeyArgument = { uri: document.uri.toString(), start: key.start, end: key.end };
        store.command = { command: STORE_KEY_COMMAND, title: store.title, arguments: [argument] };
        actions.push(store);
      }
    }
    return actions;
  }
}
