import * as vscode from 'vscode';
import type { TelnyxApi } from '../telnyx/api';
import { TelnyxError } from '../telnyx/errors';
import { loadTelnyxModule } from '../telnyxLoader';
import type { Logger } from './logger';
import { affectsTelnyxSettings, readSettings, type TelnyxSettings } from './settings';

const SECRET_KEY = 'telnyx.apiKey';

/** What a client is built from, besides the key: another value needs another client. */
function clientFingerprint(settings: TelnyxSettings): string {
  return JSON.stringify([settings.baseUrl, settings.requestTimeoutMs, settings.proxy]);
}

export type KeySource = 'secret' | 'env' | 'none';

export type SettingName = keyof TelnyxSettings;

/**
 * What changed, strongest first (one event carries the strongest kind):
 * - `account`: another key (or none) or another API address; what a reader shows may belong to
 *   another account, so it reads again. The client was replaced too.
 * - `client`: the same account through a new client (timeout, proxy). Requests in flight on the
 *   old one ended as cancelled: a reader that was loading loads again.
 * - `settings`: only settings the client does not use (page size, refresh interval, hover…).
 * `settings` names every setting whose value changed, whatever the kind.
 */
export type ApiAccessChange =
  | { kind: 'account'; settings: readonly SettingName[] }
  | { kind: 'client'; settings: readonly SettingName[] }
  | { kind: 'settings'; settings: readonly SettingName[] };

/** What `reset` compares; the key is held as the client holds it, never logged or fired. */
interface AccessSnapshot {
  key: string | undefined;
  stored: boolean;
  settings: TelnyxSettings;
}

function changedSettings(before: TelnyxSettings, after: TelnyxSettings): SettingName[] {
  return (Object.keys(after) as SettingName[]).filter((name) => JSON.stringify(before[name]) !== JSON.stringify(after[name]));
}

/**
 * Owns the API key (SecretStorage, or TELNYX_API_KEY as a fallback) and the one TelnyxApi client
 * built from it and the settings. Everything that talks to Telnyx asks this for the client, so they
 * all share one request budget, and all hear `onDidChange` when the key or the settings change.
 */
export class ApiAccess implements vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<ApiAccessChange>();
  /** Fired after the key or a relevant setting changed; a replaced client is already closed. */
  readonly onDidChange = this.changeEmitter.event;
  private readonly disposables: vscode.Disposable[] = [this.changeEmitter];
  private client: { api: TelnyxApi; key: string; settingsFingerprint: string } | undefined;
  private keySourceValue: KeySource = 'none';
  /** What the last change was measured against; the first is read at construction. */
  private seen: Promise<AccessSnapshot>;

  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly log: Logger,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {
    this.disposables.push(
      secrets.onDidChange((event) => {
        if (event.key === SECRET_KEY) void this.reset('API key changed');
      }),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (affectsTelnyxSettings(event)) void this.reset('settings changed');
      }),
    );
    const envKey = this.env.TELNYX_API_KEY?.trim();
    if (envKey) this.log.addSecret(envKey);
    this.seen = this.snapshot().then(async (first) => {
      await this.updateKeyContext(first);
      return first;
    });
  }

  get keySource(): KeySource {
    return this.keySourceValue;
  }

  settings(): TelnyxSettings {
    return readSettings(this.env);
  }

  /** The stored key, else TELNYX_API_KEY. A read: the context keys follow changes, not reads. */
  async resolveKey(): Promise<{ key: string; source: KeySource } | undefined> {
    return (await this.resolveKeyAndStored()).resolved;
  }

  private async resolveKeyAndStored(): Promise<{ resolved: { key: string; source: KeySource } | undefined; stored: boolean }> {
    const stored = (await this.secrets.get(SECRET_KEY))?.trim();
    const envKey = this.env.TELNYX_API_KEY?.trim();
    const resolved = stored
      ? { key: stored, source: 'secret' as const }
      : envKey
        ? { key: envKey, source: 'env' as const }
        : undefined;
    this.keySourceValue = resolved?.source ?? 'none';
    if (resolved) this.log.addSecret(resolved.key);
    return { resolved, stored: !!stored };
  }

  private async snapshot(): Promise<AccessSnapshot> {
    const { resolved, stored } = await this.resolveKeyAndStored();
    return { key: resolved?.key, stored, settings: this.settings() };
  }

  /** The `telnyx.hasApiKey` context keys (the welcome view and menus), set when the key changes. */
  private async updateKeyContext(snapshot: AccessSnapshot): Promise<void> {
    await vscode.commands.executeCommand('setContext', 'telnyx.hasApiKey', snapshot.key !== undefined);
    await vscode.commands.executeCommand('setContext', 'telnyx.hasStoredApiKey', snapshot.stored);
  }

  /**
   * The shared client, or undefined when no key is set. Rejects with a TelnyxError of kind
   * 'config' when the base URL is refused.
   */
  async getApi(): Promise<TelnyxApi | undefined> {
    const resolved = await this.resolveKey();
    if (!resolved) return undefined;
    const settings = this.settings();
    if (!settings.baseUrl) {
      throw new TelnyxError({ kind: 'config', message: settings.baseUrlProblem ?? 'The Telnyx API base URL is not valid.' });
    }
    const fingerprint = clientFingerprint(settings);
    if (this.client && this.client.key === resolved.key && this.client.settingsFingerprint === fingerprint) {
      return this.client.api;
    }
    const previous = this.client;
    this.client = {
      api: this.createClient(resolved.key, settings),
      key: resolved.key,
      settingsFingerprint: fingerprint,
    };
    if (previous) void previous.api.close();
    return this.client.api;
  }

  /** A throw-away client for trying a key before it is stored. */
  createClient(key: string, settings: TelnyxSettings = this.settings()): TelnyxApi {
    if (!settings.baseUrl) {
      throw new TelnyxError({ kind: 'config', message: settings.baseUrlProblem ?? 'The Telnyx API base URL is not valid.' });
    }
    this.log.addSecret(key);
    const { createTelnyxClient } = loadTelnyxModule();
    return createTelnyxClient({
      apiKey: key,
      baseUrl: settings.baseUrl,
      connectTimeoutMs: Math.min(settings.requestTimeoutMs, 10_000),
      requestTimeoutMs: settings.requestTimeoutMs,
      proxy: settings.proxy,
      onRequest: (entry) => {
        const line = `${entry.method} ${entry.path} → ${entry.status ?? entry.error ?? 'no response'} in ${Math.round(entry.durationMs)} ms` +
          (entry.requestId ? ` (request id ${entry.requestId})` : '') +
          (entry.attempt > 1 ? ` [attempt ${entry.attempt}]` : '');
        if (entry.status !== undefined && entry.status < 400) this.log.info(line);
        else this.log.warn(line);
      },
    });
  }

  async storeKey(key: string): Promise<void> {
    this.log.addSecret(key);
    await this.secrets.store(SECRET_KEY, key.trim());
  }

  async clearKey(): Promise<void> {
    await this.secrets.delete(SECRET_KEY);
  }

  /** Changes are measured one after another, each against the state the previous one left. */
  private reset(reason: string): Promise<void> {
    const measured = this.seen.then(async (before) => {
      const now = await this.snapshot();
      await this.fireChange(before, now, reason);
      return now;
    });
    this.seen = measured.catch(() => this.snapshot());
    return measured.then(() => undefined, () => undefined);
  }

  private async fireChange(before: AccessSnapshot, now: AccessSnapshot, reason: string): Promise<void> {
    // A setting the client does not use (page size, refresh interval, hover) keeps it: closing it
    // would fail the requests in flight of readers that have no reason to start over.
    const previous = this.client;
    const clientStale = previous !== undefined && (now.key !== previous.key || clientFingerprint(now.settings) !== previous.settingsFingerprint);
    if (previous && clientStale) {
      if (this.client === previous) this.client = undefined;
      await previous.api.close().catch(() => undefined);
    }
    if (before.key !== now.key || before.stored !== now.stored) await this.updateKeyContext(now);
    const settings = changedSettings(before.settings, now.settings);
    const accountChanged =
      before.key !== now.key || before.settings.baseUrl !== now.settings.baseUrl || before.settings.baseUrlProblem !== now.settings.baseUrlProblem;
    const change: ApiAccessChange = accountChanged
      ? { kind: 'account', settings }
      : clientStale || clientFingerprint(before.settings) !== clientFingerprint(now.settings)
        ? { kind: 'client', settings }
        : { kind: 'settings', settings };
    this.log.info(`Telnyx connection reset: ${reason} (${change.kind}).`);
    this.changeEmitter.fire(change);
  }

  dispose(): void {
    void this.client?.api.close();
    this.client = undefined;
    for (const disposable of this.disposables) disposable.dispose();
  }
}
