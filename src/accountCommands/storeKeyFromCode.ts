// "Store the key as a Telnyx account, then replace it": the quick fix of a hard-coded API key (src/code) runs the Add
// Account flow with the key found in the file, and once the account is saved puts an environment read in the key's
// place (the code features' rule, from dist/code.js). The key is read from the document here; it never travels in the
// command's argument, and no message names it.
import * as vscode from 'vscode';
import { loadCodeModule } from '../codeLoader';
import type { Services } from '../services/services';
import { addAccount } from './addAccount';
import type { SetApiKeyOutcome } from './keyCheck';

export const STORE_KEY_COMMAND = 'telnyx.code.storeKeyAsAccount';

function keyPlace(argument: unknown): { uri: vscode.Uri; start: number; end: number } | undefined {
  if (typeof argument !== 'object' || argument === null) return undefined;
  const { uri, start, end } = argument as Record<string, unknown>;
  if (typeof uri !== 'string' || !Number.isInteger(start) || !Number.isInteger(end)) return undefined;
  try {
    return { uri: vscode.Uri.parse(uri, true), start: start as number, end: end as number };
  } catch {
    return undefined;
  }
}

export function registerStoreKeyCommand(services: Services): vscode.Disposable {
  return vscode.commands.registerCommand(STORE_KEY_COMMAND, async (argument?: unknown): Promise<SetApiKeyOutcome> => {
    const place = keyPlace(argument);
    const document = place && vscode.workspace.textDocuments.find((d) => d.uri.toString() === place.uri.toString());
    const range =
      document && place && new vscode.Range(document.positionAt(place.start), document.positionAt(place.end));
    const key = document && range ? document.getText(range) : '';
    if (!document || !loadCodeModule().isApiKey(key)) {
      void vscode.window.showWarningMessage(
        vscode.l10n.t('No Telnyx API key is at that place in an open file any more: nothing was stored.'),
      );
      return 'cancelled';
    }
    services.log.addSecret(key);
    return addAccount(services, {
      key,
      afterAdded: async () => {
        // The file may have changed while the key was checked: replace it where it is now.
        const text = document.getText();
        const at = text.indexOf(key);
        if (at === -1) return;
        const code = loadCodeModule();
        const edits = code.keyReplacementEdits(text, { start: at, end: at + key.length }, document.languageId);
        await vscode.workspace.applyEdit(code.workspaceEditOf(document, edits));
      },
    });
  });
}
