import * as vscode from 'vscode';

/** Used by hover links: copies an id and says so in the status bar (no notification to dismiss). */
export function registerCopyText(): vscode.Disposable {
  return vscode.commands.registerCommand('telnyx.copyText', async (text?: unknown): Promise<void> => {
    if (typeof text !== 'string' || !text) return;
    await vscode.env.clipboard.writeText(text);
    vscode.window.setStatusBarMessage(
      vscode.l10n.t('Copied {0}', text.length > 60 ? `${text.slice(0, 60)}…` : text),
      3000,
    );
  });
}
