import * as vscode from 'vscode';
import type { ApiAccess } from '../services/apiAccess';
import type { Services } from '../services/services';
import type { TelnyxApi } from '../telnyx/api';
import { isTelnyxError } from '../telnyx/errors';
import { describeError, errorCode } from './messages';

export type SetApiKeyOutcome = 'accepted' | 'rejected' | 'cancelled';

/** Tries a key with the smallest request there is (one connection) on a throw-away client. */
export async function tryApiKey(apiAccess: ApiAccess, key: string): Promise<{ ok: true } | { ok: false; error: unknown }> {
  let client: TelnyxApi | undefined;
  try {
    client = apiAccess.createClient(key);
    await client.listConnections({ pageSize: 1 });
    return { ok: true };
  } catch (error) {
    return { ok: false, error };
  } finally {
    await client?.close().catch(() => undefined);
  }
}

function validateKeyInput(value: string): vscode.InputBoxValidationMessage | undefined {
  const trimmed = value.trim();
  if (!trimmed) return { message: vscode.l10n.t('Paste your Telnyx API key (Mission Control Portal → API Keys).'), severity: vscode.InputBoxValidationSeverity.Info };
  if (/\s/.test(trimmed)) return { message: vscode.l10n.t('An API key has no spaces or line breaks.'), severity: vscode.InputBoxValidationSeverity.Error };
  if (!trimmed.startsWith('KEY')) {
    return { message: vscode.l10n.t('Telnyx API v2 keys usually start with "KEY". It will be tried before it is saved.'), severity: vscode.InputBoxValidationSeverity.Warning };
  }
  return undefined;
}

export function registerSetApiKey(services: Services): vscode.Disposable {
  const { apiAccess, log } = services;
  const store = async (key: string, message: string): Promise<void> => {
    await apiAccess.storeKey(key);
    // Never awaited: a notification settles only when dismissed, and the command must not wait on it.
    void vscode.window.showInformationMessage(message);
  };

  return vscode.commands.registerCommand('telnyx.setApiKey', async (): Promise<SetApiKeyOutcome> => {
    const entered = await vscode.window.showInputBox({
      title: vscode.l10n.t('Telnyx: Set API Key'),
      prompt: vscode.l10n.t('Your Telnyx API key. It is tried with one request, then kept in VS Code\'s secret storage, never in settings.'),
      placeHolder: 'KEY…',
      password: true,
      ignoreFocusOut: true,
      validateInput: validateKeyInput,
    });
    const key = entered?.trim();
    if (!key || /\s/.test(key)) return 'cancelled';
    log.addSecret(key);

    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Checking the API key with Telnyx…') },
      () => tryApiKey(apiAccess, key),
    );
    if (result.ok) {
      await store(key, vscode.l10n.t('Telnyx accepted the API key. It is saved in VS Code\'s secret storage.'));
      log.info('API key checked and saved.');
      return 'accepted';
    }

    const error = result.error;
    const saveAnyway = vscode.l10n.t('Save Anyway');
    const openSettings = vscode.l10n.t('Open Settings');
    let message: string;
    const actions = [saveAnyway];
    if (isTelnyxError(error) && (error.kind === 'unauthenticated' || error.kind === 'forbidden')) {
      const said = error.detail ?? error.title;
      message = said
        ? vscode.l10n.t('Telnyx did not accept this API key (code {0}: {1}). It was not saved.', errorCode(error) ?? '?', log.redact(said))
        : vscode.l10n.t('Telnyx did not accept this API key (code {0}). It was not saved.', errorCode(error) ?? '?');
    } else if (isTelnyxError(error) && error.kind === 'config') {
      message = vscode.l10n.t('The key was not tried: {0} It was not saved.', describeError(error, log));
      actions.push(openSettings);
    } else {
      message = vscode.l10n.t('Could not check the key with Telnyx: {0} It was not saved.', describeError(error, log));
    }
    log.warn(`API key check failed: ${describeError(error, log)}`);
    // The answer arrives whenever the person clicks; the command has already returned by then.
    void vscode.window.showWarningMessage(message, ...actions).then(async (choice) => {
      if (choice === saveAnyway) await store(key, vscode.l10n.t('The API key is saved in VS Code\'s secret storage without a successful check.'));
      else if (choice === openSettings) await vscode.commands.executeCommand('workbench.action.openSettings', 'telnyx.apiBaseUrl');
    });
    return 'rejected';
  });
}
