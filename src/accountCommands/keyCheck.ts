import * as vscode from 'vscode';
import type { ApiAccess } from '../services/apiAccess';
import type { Services } from '../services/services';
import type { TelnyxApi } from '../telnyx/api';
import { isTelnyxError } from '../telnyx/errors';
import { failureSentence } from '../text/failure';

// The key check both Set API Key and Add Account run: a key is tried with Telnyx before it is kept.

export type SetApiKeyOutcome = 'accepted' | 'rejected' | 'cancelled';

/**
 * Tries a key with the smallest request there is (one connection) on a throw-away client, against
 * the active account's API address or the one given (an account being added).
 */
export async function tryApiKey(
  apiAccess: ApiAccess,
  key: string,
  baseUrl?: string,
): Promise<{ ok: true } | { ok: false; error: unknown }> {
  let client: TelnyxApi | undefined;
  try {
    const settings = apiAccess.settings();
    client = apiAccess.createClient(key, baseUrl ? { ...settings, baseUrl, baseUrlProblem: undefined } : settings);
    await client.listConnections({ pageSize: 1 });
    return { ok: true };
  } catch (error) {
    return { ok: false, error };
  } finally {
    await client?.close().catch(() => undefined);
  }
}

export function validateKeyInput(value: string): vscode.InputBoxValidationMessage | undefined {
  const trimmed = value.trim();
  if (!trimmed)
    return {
      message: vscode.l10n.t('Paste your Telnyx API key (Mission Control Portal → API Keys).'),
      severity: vscode.InputBoxValidationSeverity.Info,
    };
  if (/\s/.test(trimmed))
    return {
      message: vscode.l10n.t('An API key has no spaces or line breaks.'),
      severity: vscode.InputBoxValidationSeverity.Error,
    };
  if (!trimmed.startsWith('KEY')) {
    return {
      message: vscode.l10n.t('Telnyx API v2 keys usually start with "KEY". It will be tried before it is saved.'),
      severity: vscode.InputBoxValidationSeverity.Warning,
    };
  }
  return undefined;
}

/**
 * Tries the key with Telnyx (with progress), then saves it with `save` when accepted; otherwise says
 * why, offering to save it anyway (or to open the settings when the address is refused).
 */
export async function checkThenSave(
  services: Services,
  key: string,
  save: (checked: boolean) => Promise<void>,
  baseUrl?: string,
): Promise<SetApiKeyOutcome> {
  const { apiAccess, log } = services;
  log.addSecret(key);
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Checking the API key with Telnyx…') },
    () => tryApiKey(apiAccess, key, baseUrl),
  );
  if (result.ok) {
    await save(true);
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
      ? vscode.l10n.t(
          'Telnyx did not accept this API key (code {0}: {1}). It was not saved.',
          errorCode(error) ?? '?',
          log.redact(said),
        )
      : vscode.l10n.t('Telnyx did not accept this API key (code {0}). It was not saved.', errorCode(error) ?? '?');
  } else if (isTelnyxError(error) && error.kind === 'config') {
    message = vscode.l10n.t(
      'The key was not tried: {0} It was not saved.',
      failureSentence(error, vscode, { redact: log.redact }),
    );
    actions.push(openSettings);
  } else {
    message = vscode.l10n.t(
      'Could not check the key with Telnyx: {0} It was not saved.',
      failureSentence(error, vscode, { redact: log.redact }),
    );
  }
  log.warn(`API key check failed: ${failureSentence(error, vscode, { redact: log.redact })}`);
  // The answer arrives whenever the person clicks; the command has already returned by then.
  void vscode.window.showWarningMessage(message, ...actions).then(async (choice) => {
    if (choice === saveAnyway) await save(false);
    else if (choice === openSettings)
      await vscode.commands.executeCommand('workbench.action.openSettings', 'telnyx.apiBaseUrl');
  });
  return 'rejected';
}

/** The error's code as Telnyx sent it, else its HTTP status, else its kind. */
function errorCode(error: unknown): string | undefined {
  if (!isTelnyxError(error)) return undefined;
  return error.code ?? (error.status !== undefined ? String(error.status) : error.kind);
}
