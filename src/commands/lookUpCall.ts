import * as vscode from 'vscode';
import { checkCallControlId, detectAt, isCallControlId, type CallControlIdProblem } from '../core/ids';
import type { CallDetailsOpener } from '../services/services';

export function callControlIdProblemMessage(problem: CallControlIdProblem): string {
  switch (problem) {
    case 'empty':
      return vscode.l10n.t(
        'Enter a call_control_id, such as v3:T02llQxIyaRkhfRKxgAP8nY511EhFLizdvdUKJiSw8d6A9BborherQ',
      );
    case 'spaces':
      return vscode.l10n.t('A call_control_id has no spaces.');
    case 'prefix':
      return vscode.l10n.t('A call_control_id starts with a version such as "v2:" or "v3:".');
    case 'characters':
      return vscode.l10n.t('After "v2:"/"v3:" a call_control_id has only letters, digits, "-", "_" and "=".');
    case 'short':
      return vscode.l10n.t('This is too short for a call_control_id (at least 20 characters after the prefix).');
  }
}

/** The id under the cursor or in the selection, else the clipboard's, when it looks like one. */
async function suggestedCallControlId(): Promise<string | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (editor) {
    const selected = editor.document.getText(editor.selection).trim();
    if (isCallControlId(selected)) return selected;
    const position = editor.selection.active;
    const underCursor = detectAt(editor.document.lineAt(position.line).text, position.character);
    if (underCursor?.kind === 'call_control_id') return underCursor.id;
  }
  // In a browser workbench, reading the clipboard asks the browser for permission, and without it
  // VS Code shows "Unable to read from the browser's clipboard…": only pre-fill where it is silent.
  if (!clipboardReadableSilently()) return undefined;
  const clipboard = (await readClipboardQuickly()).trim();
  return isCallControlId(clipboard) ? clipboard : undefined;
}

export function clipboardReadableSilently(uiKind: vscode.UIKind = vscode.env.uiKind): boolean {
  return uiKind === vscode.UIKind.Desktop;
}

const CLIPBOARD_WAIT_MS = 300;

/**
 * In a browser workbench without clipboard permission, readText() never settles; the input box
 * must open anyway, so the clipboard gets a moment and is then ignored.
 */
function readClipboardQuickly(): Promise<string> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(''), CLIPBOARD_WAIT_MS);
    vscode.env.clipboard.readText().then(
      (text) => {
        clearTimeout(timer);
        resolve(text);
      },
      () => {
        clearTimeout(timer);
        resolve('');
      },
    );
  });
}

export function registerLookUpCall(callDetails: CallDetailsOpener): vscode.Disposable {
  return vscode.commands.registerCommand('telnyx.lookUpCall', async (given?: unknown): Promise<string | undefined> => {
    let id = typeof given === 'string' && !checkCallControlId(given) ? given.trim() : undefined;
    if (!id) {
      const suggestion = await suggestedCallControlId();
      const entered = await vscode.window.showInputBox({
        title: vscode.l10n.t('Telnyx: Look Up Call'),
        prompt: vscode.l10n.t(
          'The call_control_id of a call (from your logs or webhooks). Its status is kept about 10 minutes after the call ends.',
        ),
        placeHolder: 'v3:…',
        value: suggestion,
        ignoreFocusOut: true,
        validateInput: (value) => {
          const problem = checkCallControlId(value);
          return problem ? callControlIdProblemMessage(problem) : undefined;
        },
      });
      if (entered === undefined || checkCallControlId(entered)) return undefined;
      id = entered.trim();
    }
    await callDetails.openCall(id);
    return id;
  });
}
