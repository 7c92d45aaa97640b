// What the user does with a running tap: point the tunnel at the webhook tap, start the application
// with TELNYX_BASE_URL at the command tap (the official SDKs read it).
import * as vscode from 'vscode';
import type { LiveTapStatus } from '../tap/model';

export function webhookTapUrl(status: Pick<LiveTapStatus, 'webhookPort'>): string {
  return `http://127.0.0.1:${status.webhookPort}`;
}

export function commandTapBaseUrl(status: Pick<LiveTapStatus, 'apiPort'>): string {
  return `http://127.0.0.1:${status.apiPort}/v2`;
}

export async function copyBaseUrl(status: LiveTapStatus): Promise<void> {
  await vscode.env.clipboard.writeText(`TELNYX_BASE_URL=${commandTapBaseUrl(status)}`);
  vscode.window.setStatusBarMessage(vscode.l10n.t('Copied TELNYX_BASE_URL'), 3000);
}

/** A launch configuration that starts a Node application behind the tap (JSON with comments). */
export function launchConfiguration(status: LiveTapStatus): string {
  const configuration = {
    type: 'node',
    request: 'launch',
    name: 'Application behind the Telnyx live tap',
    program: '${workspaceFolder}/index.js',
    env: { TELNYX_BASE_URL: commandTapBaseUrl(status) },
  };
  return [
    `// ${vscode.l10n.t('Add this configuration to "configurations" in .vscode/launch.json (or only its "env" to yours),')}`,
    `// ${vscode.l10n.t('and set "program" to your application. Commands it sends then pass through the live tap.')}`,
    JSON.stringify(configuration, null, 2),
    '',
  ].join('\n');
}

/**
 * Shown in an untitled document rather than written into launch.json: that file is the user's (comments,
 * configurations of other languages, the program's path we cannot know), so the user copies what fits.
 */
export async function showLaunchConfiguration(status: LiveTapStatus): Promise<vscode.TextDocument> {
  const document = await vscode.workspace.openTextDocument({ language: 'jsonc', content: launchConfiguration(status) });
  await vscode.window.showTextDocument(document, { preview: false });
  return document;
}

/** The message after a start; not awaited (a notification settles only when dismissed). */
export function announceStarted(status: LiveTapStatus): void {
  const copy = vscode.l10n.t('Copy TELNYX_BASE_URL');
  const launch = vscode.l10n.t('Launch Configuration…');
  void vscode.window
    .showInformationMessage(
      vscode.l10n.t(
        'Live tap on. Point your tunnel at {0}: webhooks are forwarded to {1}. ' +
          'Start your application with TELNYX_BASE_URL={2}.',
        webhookTapUrl(status),
        status.appUrl,
        commandTapBaseUrl(status),
      ),
      copy,
      launch,
    )
    .then(async (choice) => {
      if (choice === copy) await copyBaseUrl(status);
      else if (choice === launch) await showLaunchConfiguration(status);
    });
}
