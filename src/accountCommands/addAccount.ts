import * as vscode from 'vscode';
import { checkThenSave, validateKeyInput, type SetApiKeyOutcome } from './keyCheck';
import type { Services } from '../services/services';
import { checkBaseUrl } from '../telnyx/baseUrl';
import { nameProblemText } from './words';

/**
 * Telnyx: Add Account…: a name, a key (tried with Telnyx as Set API Key tries it) and, optionally,
 * an API address of its own. The new account is used at once.
 */
export function registerAddAccount(services: Services): vscode.Disposable {
  return vscode.commands.registerCommand('telnyx.addAccount', (): Promise<SetApiKeyOutcome> => addAccount(services));
}

export interface AddAccountOptions {
  /** A key found elsewhere (a file's hard-coded key): not asked for again. */
  key?: string;
  /** Runs once the account is saved (also when saved later with "Save Anyway"). */
  afterAdded?: (name: string) => Promise<void>;
}

/** The Add Account flow, for the command and for features that bring a key of their own. */
export async function addAccount(services: Services, options: AddAccountOptions = {}): Promise<SetApiKeyOutcome> {
  const { apiAccess } = services;
  const title = vscode.l10n.t('Telnyx: Add Account');
  const name = (
    await vscode.window.showInputBox({
      title,
      prompt: vscode.l10n.t('A name for this account, e.g. "Production" or "Test". Only you see it.'),
      ignoreFocusOut: true,
      validateInput: (value) => nameProblemText(apiAccess.accounts.checkName(value)),
    })
  )?.trim();
  if (!name || apiAccess.accounts.checkName(name)) return 'cancelled';

  const key =
    options.key ??
    (
      await vscode.window.showInputBox({
        title,
        prompt: vscode.l10n.t(
          'The API key of "{0}". It is tried with one request, then kept in VS Code\'s secret storage, never in settings.',
          name,
        ),
        placeHolder: 'KEY…',
        password: true,
        ignoreFocusOut: true,
        validateInput: validateKeyInput,
      })
    )?.trim();
  if (!key || /\s/.test(key)) return 'cancelled';

  const defaultUrl = apiAccess.settingsFor(undefined).baseUrl ?? '';
  const entered = await vscode.window.showInputBox({
    title,
    prompt: vscode.l10n.t(
      'The API address of "{0}". Leave it as it is unless this account is served elsewhere (https only).',
      name,
    ),
    value: defaultUrl,
    ignoreFocusOut: true,
    validateInput: (value) => {
      if (!value.trim()) return undefined;
      const checked = checkBaseUrl(value);
      return checked.ok ? undefined : { message: checked.reason, severity: vscode.InputBoxValidationSeverity.Error };
    },
  });
  if (entered === undefined) return 'cancelled';
  const checked = entered.trim() ? checkBaseUrl(entered) : undefined;
  if (checked && !checked.ok) return 'cancelled';
  // The setting's address is not copied: the account follows the setting until it has its own.
  const baseUrl = checked?.ok && checked.url !== defaultUrl ? checked.url : undefined;

  return checkThenSave(
    services,
    key,
    async (wasChecked) => {
      if (apiAccess.accounts.checkName(name)) return;
      await apiAccess.accounts.add({ name, key, baseUrl });
      void vscode.window.showInformationMessage(
        wasChecked
          ? vscode.l10n.t('Telnyx accepted the key. The account "{0}" is added and in use.', name)
          : vscode.l10n.t('The account "{0}" is added and in use, without a successful check of its key.', name),
      );
      await options.afterAdded?.(name);
    },
    baseUrl,
  );
}
