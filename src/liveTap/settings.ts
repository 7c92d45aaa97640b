// The live tap's settings. Where webhooks are forwarded (`telnyx.tap.appUrl`) is call data leaving
// the window: a workspace may name only a loopback address, another host needs the user's own
// settings (as `telnyx.apiBaseUrl` is read only from them, src/services/settings.ts).
import * as vscode from 'vscode';
import { isLoopbackHost } from '../telnyx/baseUrl';

export const APP_URL_SETTING = 'telnyx.tap.appUrl';
export const WEBHOOK_PORT_SETTING = 'telnyx.tap.webhookPort';
export const API_PORT_SETTING = 'telnyx.tap.apiPort';
const PUBLIC_KEY_SETTING = 'telnyx.tap.publicKey';

export const DEFAULT_APP_URL = 'http://localhost:3000/webhooks';

export interface TapSettings {
  /** The remembered application URL this window may use, if any. */
  appUrl: string | undefined;
  /** A workspace value that was not loopback, ignored. */
  refusedWorkspaceAppUrl: string | undefined;
  /** Whether a workspace value (loopback) is what `appUrl` came from: remembering writes there. */
  appUrlFromWorkspace: boolean;
  webhookPort: number;
  apiPort: number;
  /** The Ed25519 public key (base64): the setting, else TELNYX_PUBLIC_KEY; undefined when neither is usable. */
  publicKey: string | undefined;
  /** The configured key is not 32 bytes of base64: signatures go unchecked, and the user is told. */
  publicKeyProblem: string | undefined;
  appTimeoutMs: number;
}

function isLoopbackUrl(raw: string): boolean {
  try {
    return isLoopbackHost(new URL(raw).hostname.toLowerCase());
  } catch {
    return false;
  }
}

function port(config: vscode.WorkspaceConfiguration, key: string, fallback: number): number {
  const value = config.get<number>(key, fallback);
  return Number.isInteger(value) && value >= 1 && value <= 65535 ? value : fallback;
}

/** An Ed25519 public key as Telnyx's portal shows it and the SDKs read it: 32 raw bytes in base64. */
export function isEd25519PublicKey(value: string): boolean {
  return /^[A-Za-z0-9+/]{42,43}={0,2}$/.test(value) && Buffer.from(value, 'base64').length === 32;
}

export function readTapSettings(env: NodeJS.ProcessEnv = process.env): TapSettings {
  const config = vscode.workspace.getConfiguration('telnyx.tap');
  const inspected = config.inspect<string>('appUrl');
  const workspaceValue = (inspected?.workspaceFolderValue ?? inspected?.workspaceValue)?.trim() || undefined;
  const userValue = inspected?.globalValue?.trim() || undefined;
  const workspaceAllowed = workspaceValue !== undefined && isLoopbackUrl(workspaceValue);

  const configuredKey = config.get<string>('publicKey', '').trim() || env.TELNYX_PUBLIC_KEY?.trim() || undefined;
  const keyUsable = configuredKey !== undefined && isEd25519PublicKey(configuredKey);
  const seconds = config.get<number>('appTimeoutSeconds', 10);

  return {
    appUrl: workspaceAllowed ? workspaceValue : userValue,
    refusedWorkspaceAppUrl: workspaceValue !== undefined && !workspaceAllowed ? workspaceValue : undefined,
    appUrlFromWorkspace: workspaceAllowed,
    webhookPort: port(config, 'webhookPort', 4750),
    apiPort: port(config, 'apiPort', 4751),
    publicKey: keyUsable ? configuredKey : undefined,
    publicKeyProblem:
      configuredKey !== undefined && !keyUsable
        ? vscode.l10n.t(
            'The public key ({0} or TELNYX_PUBLIC_KEY) is not an Ed25519 key (32 bytes in base64): ' +
              'webhook signatures will not be checked.',
            PUBLIC_KEY_SETTING,
          )
        : undefined,
    appTimeoutMs: (Number.isFinite(seconds) ? Math.min(120, Math.max(1, seconds)) : 10) * 1000,
  };
}

/**
 * Remembers the URL the user typed for the next start: in the workspace when the workspace already
 * names the application and the new URL is loopback too, else in the user's settings.
 */
export async function rememberAppUrl(url: string, settings: TapSettings): Promise<void> {
  if (url === settings.appUrl) return;
  const config = vscode.workspace.getConfiguration('telnyx.tap');
  const target =
    settings.appUrlFromWorkspace && isLoopbackUrl(url)
      ? vscode.ConfigurationTarget.Workspace
      : vscode.ConfigurationTarget.Global;
  await config.update('appUrl', url, target);
}

/** An input box's verdict on an application URL; undefined when it can be used. */
export function appUrlProblem(raw: string, webhookPort: number, apiPort: number): string | undefined {
  const text = raw.trim();
  if (!text) return vscode.l10n.t('Enter the URL your application receives webhooks on, e.g. {0}', DEFAULT_APP_URL);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return vscode.l10n.t('Not a URL: write it in full, e.g. {0}', DEFAULT_APP_URL);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return vscode.l10n.t('Use an http:// or https:// URL.');
  if (url.username || url.password) return vscode.l10n.t('The URL must not contain a user name or password.');
  const tapPort = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  if (isLoopbackHost(url.hostname.toLowerCase()) && (tapPort === webhookPort || tapPort === apiPort)) {
    return vscode.l10n.t('Port {0} is the tap itself: give the port your application listens on.', tapPort);
  }
  return undefined;
}
