import * as vscode from 'vscode';
import type { Services } from '../services/services';
import type { LiveTap, LiveTapOptions, LiveTapStatus } from '../tap/model';
import { announceStarted } from './instructions';
import {
  API_PORT_SETTING,
  APP_URL_SETTING,
  appUrlProblem,
  DEFAULT_APP_URL,
  readTapSettings,
  rememberAppUrl,
  WEBHOOK_PORT_SETTING,
} from './settings';

/** Starts the engine (src/tap, loaded on first use); `previous` is the tap whose record carries over. */
export type StartTap = (options: LiveTapOptions, previous: LiveTap | undefined) => Promise<LiveTap>;

/** The port the engine could not bind, when that is why it failed to start. */
function portInUse(error: unknown, options: LiveTapOptions): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, port } = error as { code?: unknown; port?: unknown };
  if (code !== 'EADDRINUSE' && code !== 'port_in_use') return undefined;
  if (typeof port === 'number') return port;
  const named = /\b(\d{2,5})\b/.exec(String((error as { message?: unknown }).message));
  return named ? Number(named[1]) : options.webhookPort;
}

function openSetting(setting: string): void {
  void vscode.commands.executeCommand('workbench.action.openSettings', setting);
}

/** A failure to start, said with where to fix it; not awaited. */
function sayNotStarted(message: string, setting: string | undefined): void {
  const open = vscode.l10n.t('Open Settings');
  const shown = setting ? vscode.window.showErrorMessage(message, open) : vscode.window.showErrorMessage(message);
  void shown.then((choice) => (choice === open && setting ? openSetting(setting) : undefined));
}

/**
 * Telnyx: Start Live Tap… asks where the application listens, remembers it, starts both listeners
 * and says what to do next. Resolves to the tap's status once listening, undefined otherwise (the
 * reason was said). While a tap is on it says so and changes nothing: "Restart with Other Values…"
 * in the tap's status bar menu is the way to new values.
 */
export async function startLiveTapCommand(
  services: Services,
  startTap: StartTap,
  { restart = false }: { restart?: boolean } = {},
): Promise<LiveTapStatus | undefined> {
  const running = services.liveTap.current();
  if (running?.status().listening && !restart) {
    const status = running.status();
    void vscode.window.showInformationMessage(
      vscode.l10n.t(
        'The live tap is already on: webhooks in at 127.0.0.1:{0}, forwarded to {1}; commands in at 127.0.0.1:{2}. ' +
          'To change them, use "Restart with Other Values…" in its status bar menu.',
        status.webhookPort,
        status.appUrl,
        status.apiPort,
      ),
    );
    return status;
  }

  const settings = readTapSettings();
  if (settings.refusedWorkspaceAppUrl) {
    void vscode.window.showWarningMessage(
      vscode.l10n.t(
        'Telnyx: the workspace setting {0} ({1}) is ignored: a workspace may only forward call data to a ' +
          'loopback address. Set another host in your user settings, or type it here.',
        APP_URL_SETTING,
        settings.refusedWorkspaceAppUrl,
      ),
    );
  }
  const apiSettings = services.apiAccess.settings();
  if (!apiSettings.baseUrl) {
    sayNotStarted(
      vscode.l10n.t(
        'Telnyx: the live tap forwards commands to the API base URL, which is refused: {0}',
        apiSettings.baseUrlProblem ?? '',
      ),
      'telnyx.apiBaseUrl',
    );
    return undefined;
  }

  const typed = await vscode.window.showInputBox({
    title: vscode.l10n.t('Telnyx: Start Live Tap'),
    prompt: vscode.l10n.t(
      'Where does your application listen for webhooks? The tap forwards them there from port {0}.',
      settings.webhookPort,
    ),
    value: settings.appUrl ?? DEFAULT_APP_URL,
    ignoreFocusOut: true,
    validateInput: (value) => appUrlProblem(value, settings.webhookPort, settings.apiPort),
  });
  if (typed === undefined) return undefined;
  const appUrl = typed.trim();
  await rememberAppUrl(appUrl, settings).catch((error: unknown) =>
    services.log.warn(
      `Could not remember ${APP_URL_SETTING}: ${error instanceof Error ? error.message : String(error)}`,
    ),
  );
  if (settings.publicKeyProblem) void vscode.window.showWarningMessage(`Telnyx: ${settings.publicKeyProblem}`);

  const options: LiveTapOptions = {
    appUrl,
    webhookPort: settings.webhookPort,
    apiPort: settings.apiPort,
    apiBaseUrl: apiSettings.baseUrl,
    publicKey: settings.publicKey,
    appTimeoutMs: settings.appTimeoutMs,
  };
  // A restart binds the same ports: the running tap lets go of them first; its record carries over.
  await services.liveTap.stop();
  let tap: LiveTap;
  try {
    tap = await startTap(options, services.liveTap.current());
  } catch (error) {
    const port = portInUse(error, options);
    if (port !== undefined) {
      const setting = port === options.apiPort ? API_PORT_SETTING : WEBHOOK_PORT_SETTING;
      sayNotStarted(
        vscode.l10n.t(
          'Telnyx: port {0} is already in use, so the live tap did not start. Free it, or choose another port in the setting {1}.',
          port,
          setting,
        ),
        setting,
      );
      return undefined;
    }
    const message = error instanceof Error ? error.message : String(error);
    services.log.warn(`The live tap did not start: ${message}`);
    sayNotStarted(vscode.l10n.t('Telnyx: the live tap did not start: {0}', message), undefined);
    return undefined;
  }
  services.liveTap.started(tap);
  services.log.info(
    `Live tap on: webhooks 127.0.0.1:${options.webhookPort} → ${appUrl}; commands 127.0.0.1:${options.apiPort} → ${options.apiBaseUrl}`,
  );
  const status = tap.status();
  announceStarted(status);
  return status;
}
