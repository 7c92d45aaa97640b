import * as vscode from 'vscode';
import type { ConnectionsTree } from '../connectionsTree';

const MIN_LENGTH = 3;

function problemWith(value: string): string | undefined {
  const text = value.trim();
  return text.length > 0 && text.length < MIN_LENGTH
    ? vscode.l10n.t(
        'Type at least {0} characters: Telnyx matches connection names only from {0} characters on.',
        MIN_LENGTH,
      )
    : undefined;
}

/**
 * Filters connections by name on the server (`filter[connection_name][contains]`). An empty entry
 * clears the filter. Takes the text as an argument too, for tests and keybindings.
 */
export function registerFilterConnections(tree: ConnectionsTree): vscode.Disposable {
  return vscode.commands.registerCommand('telnyx.filterConnections', async (given?: unknown) => {
    let text: string | undefined = typeof given === 'string' ? given : undefined;
    if (text === undefined) {
      text = await vscode.window.showInputBox({
        title: vscode.l10n.t('Filter Connections by Name'),
        prompt: vscode.l10n.t(
          'Show connections whose name contains this text (at least {0} characters). Leave empty to show all.',
          MIN_LENGTH,
        ),
        placeHolder: vscode.l10n.t('e.g. support'),
        value: tree.nameFilter ?? '',
        validateInput: problemWith,
      });
      if (text === undefined) return;
    } else {
      const problem = problemWith(text);
      if (problem) {
        void vscode.window.showWarningMessage(problem);
        return;
      }
    }
    await tree.setNameFilter(text.trim() || undefined);
  });
}
