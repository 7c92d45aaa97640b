import * as vscode from 'vscode';
import { checkBaseUrl, DEFAULT_BASE_URL } from '../telnyx/baseUrl';

export interface TelnyxSettings {
  /** Normalised, or undefined with `baseUrlProblem` set when the configured value is refused. */
  baseUrl: string | undefined;
  baseUrlProblem: string | undefined;
  requestTimeoutMs: number;
  pageSize: number;
  activeCallsRefreshSeconds: number;
  hoverEnabled: boolean;
  proxy: { url: string; strictSSL: boolean } | undefined;
}

function clamp(value: number, min: number, max: number, fallback: number): number {
  return Number.isFinite(value) ? Math.min(max, Math.max(min, value)) : fallback;
}

/**
 * Where the key goes is read only from user settings or the environment: a workspace value of
 * `telnyx.apiBaseUrl` (or of the proxy) is ignored even if VS Code were to offer it.
 */
export function readSettings(env: NodeJS.ProcessEnv = process.env): TelnyxSettings {
  const config = vscode.workspace.getConfiguration('telnyx');
  const fromEnv = env.TELNYX_API_BASE_URL?.trim();
  const configured = fromEnv || config.inspect<string>('apiBaseUrl')?.globalValue || DEFAULT_BASE_URL;
  const checked = checkBaseUrl(configured);

  const http = vscode.workspace.getConfiguration('http');
  const proxyUrl =
    http.inspect<string>('proxy')?.globalValue ||
    env.HTTPS_PROXY || env.https_proxy || env.HTTP_PROXY || env.http_proxy || '';
  const strictSSL = http.inspect<boolean>('proxyStrictSSL')?.globalValue ?? true;

  return {
    baseUrl: checked.ok ? checked.url : undefined,
    baseUrlProblem: checked.ok ? undefined : checked.reason,
    requestTimeoutMs: clamp(config.get<number>('requestTimeout', 30), 1, 300, 30) * 1000,
    pageSize: Math.round(clamp(config.get<number>('pageSize', 50), 1, 250, 50)),
    activeCallsRefreshSeconds: clamp(config.get<number>('activeCalls.refreshInterval', 10), 0, 86400, 10),
    hoverEnabled: config.get<boolean>('hover.enabled', true),
    proxy: proxyUrl ? { url: proxyUrl, strictSSL } : undefined,
  };
}

export function affectsTelnyxSettings(event: vscode.ConfigurationChangeEvent): boolean {
  return (
    event.affectsConfiguration('telnyx') ||
    event.affectsConfiguration('http.proxy') ||
    event.affectsConfiguration('http.proxyStrictSSL')
  );
}
