import * as vscode from 'vscode';
import { checkBaseUrl, DEFAULT_BASE_URL, isLoopbackHost } from '../telnyx/baseUrl';

export interface TelnyxSettings {
  /** Normalised, or undefined with `baseUrlProblem` set when the configured value is refused. */
  baseUrl: string | undefined;
  baseUrlProblem: string | undefined;
  requestTimeoutMs: number;
  pageSize: number;
  activeCallsRefreshSeconds: number;
  hoverEnabled: boolean;
  /** Events a timeline loads before asking to load the rest (0: no cap). */
  timelineMaxEvents: number;
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
  // An explicit http.proxy user setting applies to every request; a proxy from the environment
  // follows NO_PROXY and leaves loopback (the simulator) alone, as command-line tools do.
  const envProxy = env.HTTPS_PROXY || env.https_proxy || env.HTTP_PROXY || env.http_proxy || '';
  const proxyUrl =
    http.inspect<string>('proxy')?.globalValue ||
    (envProxy && checked.ok && !bypassesEnvironmentProxy(checked.url, env) ? envProxy : '');
  const strictSSL = http.inspect<boolean>('proxyStrictSSL')?.globalValue ?? true;

  return {
    baseUrl: checked.ok ? checked.url : undefined,
    baseUrlProblem: checked.ok ? undefined : checked.reason,
    requestTimeoutMs: clamp(config.get<number>('requestTimeout', 30), 1, 300, 30) * 1000,
    pageSize: Math.round(clamp(config.get<number>('pageSize', 50), 1, 250, 50)),
    activeCallsRefreshSeconds: clamp(config.get<number>('activeCalls.refreshInterval', 10), 0, 86400, 10),
    hoverEnabled: config.get<boolean>('hover.enabled', true),
    timelineMaxEvents: Math.round(clamp(config.get<number>('timeline.maxEvents', 20_000), 0, 10_000_000, 20_000)),
    proxy: proxyUrl ? { url: proxyUrl, strictSSL } : undefined,
  };
}

function bypassesEnvironmentProxy(baseUrl: string, env: NodeJS.ProcessEnv): boolean {
  const host = new URL(baseUrl).hostname.toLowerCase();
  if (isLoopbackHost(host)) return true;
  const noProxy = (env.NO_PROXY ?? env.no_proxy ?? '')
    .split(',')
    .map((entry) => entry.trim().toLowerCase())
    .filter(Boolean);
  return noProxy.some(
    (entry) =>
      entry === '*' || host === entry.replace(/^\./, '') || host.endsWith(entry.startsWith('.') ? entry : `.${entry}`),
  );
}

export function affectsTelnyxSettings(event: vscode.ConfigurationChangeEvent): boolean {
  return (
    event.affectsConfiguration('telnyx') ||
    event.affectsConfiguration('http.proxy') ||
    event.affectsConfiguration('http.proxyStrictSSL')
  );
}
