import * as vscode from 'vscode';
import { AccountStore, isAccountSecret, type Account, type UserState } from '../accounts/store';
import { accountFingerprint } from '../core/account';
import type { RawAnswer, TelnyxApi } from '../telnyx/api';
import { checkBaseUrl } from '../telnyx/baseUrl';
import { TelnyxError } from '../telnyx/errors';
import { loadTelnyxModule } from './telnyxLoader';
import type { Logger } from './logger';
import { affectsTelnyxSettings, readSettings, type TelnyxSettings } from './settings';

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
  accountId: string | undefined;
  key: string | undefined;
  stored: boolean;
  settings: TelnyxSettings;
}

function changedSettings(before: TelnyxSettings, after: TelnyxSettings): SettingName[] {
  return (Object.keys(after) as SettingName[]).filter(
    (name) => JSON.stringify(before[name]) !== JSON.stringify(after[name]),
  );
}

interface ClientEntry {
  api: TelnyxApi;
  key: string;
  settingsFingerprint: string;
  /** What the client reads: its account's key and base URL, one-way (`core/account.ts`). */
  accountFingerprint: string;
}

/** One account's client, with what it reads (key and base URL, one-way): both taken at once. */
export interface AccountClient {
  api: TelnyxApi;
  fingerprint: string;
}

/**
 * Owns the accounts (src/accounts/store.ts: each key in SecretStorage, TELNYX_API_KEY as one of
 * them) and one TelnyxApi client per account in use, built from its key, its base URL and the
 * settings. Everything that talks to Telnyx asks this for the active account's client, so they all
 * share one request budget and all hear `onDidChange` when the account, its key or the settings
 * change; a call panel keeps the account it was opened with (`getApiFor`).
 */
export class ApiAccess implements vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<ApiAccessChange>();
  /** Fired after the key or a relevant setting changed; a replaced client is already closed. */
  readonly onDidChange = this.changeEmitter.event;
  private readonly disposables: vscode.Disposable[] = [this.changeEmitter];
  /** Per account id; the active account's is the shared client. */
  private readonly clients = new Map<string, ClientEntry>();
  /** Per account id: who listens to its client's answers (open call panels recording their call). */
  private readonly answerListeners = new Map<string, Set<(answer: RawAnswer) => void>>();
  private keySourceValue: KeySource = 'none';
  readonly accounts: AccountStore;
  /** The 0.1 key becomes the account "Default" before anything reads a key. */
  private readonly migrated: Promise<void>;
  /** What the last change was measured against; the first is read at construction. */
  private seen: Promise<AccessSnapshot>;
  /**
   * Settles once the first state is read (the 0.1 key migrated, the active account's key read, the
   * `telnyx.hasApiKey` context keys set); rejects if the secret storage could not be read.
   */
  readonly ready: Promise<void>;

  constructor(
    secrets: vscode.SecretStorage,
    state: UserState,
    private readonly log: Logger,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {
    this.accounts = new AccountStore(secrets, state, env);
    const accountsChanged = this.accounts.onDidChange(() => void this.reset('account changed'));
    this.disposables.push(
      { dispose: () => accountsChanged.dispose() },
      secrets.onDidChange((event) => {
        if (isAccountSecret(event.key)) void this.reset('API key changed');
      }),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (affectsTelnyxSettings(event)) void this.reset('settings changed');
      }),
    );
    const envKey = this.env.TELNYX_API_KEY?.trim();
    if (envKey) this.log.addSecret(envKey);
    this.migrated = this.accounts.migrate().then(
      (migrated) => {
        if (migrated) this.log.info('The stored API key is now the account "Default".');
      },
      (error: unknown) =>
        this.log.warn(`Could not read the accounts: ${error instanceof Error ? error.message : String(error)}`),
    );
    this.seen = this.snapshot().then(async (first) => {
      await this.updateKeyContext(first);
      return first;
    });
    this.ready = this.seen.then(() => undefined);
  }

  get keySource(): KeySource {
    return this.keySourceValue;
  }

  /** The account in use (the tree, hovers, lookups, chat tools follow it). */
  account(): Account | undefined {
    return this.accounts.active();
  }

  /** The account in use once the accounts are read (a 0.1 key is the account "Default" by then). */
  async accountInUse(): Promise<Account | undefined> {
    await this.migrated;
    return this.accounts.active();
  }

  /** The settings, with the active account's own base URL when it has one. */
  settings(): TelnyxSettings {
    return this.settingsFor(this.accounts.active());
  }

  /** An account's own base URL follows the setting's rules (user level, https); else the setting's. */
  settingsFor(account: Account | undefined): TelnyxSettings {
    const settings = readSettings(this.env);
    if (!account?.baseUrl) return settings;
    const checked = checkBaseUrl(account.baseUrl);
    return checked.ok
      ? { ...settings, baseUrl: checked.url, baseUrlProblem: undefined }
      : { ...settings, baseUrl: undefined, baseUrlProblem: checked.reason };
  }

  /** The active account's key. A read: the context keys follow changes, not reads. */
  async resolveKey(): Promise<{ key: string; source: KeySource } | undefined> {
    return (await this.resolveKeyAndStored()).resolved;
  }

  private async resolveKeyAndStored(): Promise<{
    resolved: { key: string; source: KeySource } | undefined;
    stored: boolean;
    accountId: string | undefined;
  }> {
    await this.migrated;
    const account = this.accounts.active();
    const key = account ? await this.accounts.keyOf(account.id) : undefined;
    const resolved = account && key ? { key, source: account.source } : undefined;
    this.keySourceValue = resolved?.source ?? 'none';
    if (resolved) this.log.addSecret(resolved.key);
    return { resolved, stored: resolved?.source === 'secret', accountId: account?.id };
  }

  private async snapshot(): Promise<AccessSnapshot> {
    const { resolved, stored, accountId } = await this.resolveKeyAndStored();
    return { accountId, key: resolved?.key, stored, settings: this.settings() };
  }

  /**
   * Names what an account's data belongs to (its key and base URL, one-way: `core/account.ts`), for
   * caches; undefined when the account is gone or has no key.
   */
  async fingerprintOf(accountId: string): Promise<string | undefined> {
    await this.migrated;
    const account = this.accounts.get(accountId);
    const key = account ? await this.accounts.keyOf(account.id) : undefined;
    return account && key ? accountFingerprint(key, this.settingsFor(account).baseUrl) : undefined;
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
    await this.migrated;
    const account = this.accounts.active();
    return account ? this.getApiFor(account.id) : undefined;
  }

  /**
   * The client of one account (a call panel keeps the account it was opened with), or undefined
   * when that account is gone or has no key. Rejects like `getApi` on a refused base URL.
   */
  async getApiFor(accountId: string): Promise<TelnyxApi | undefined> {
    return (await this.clientOf(accountId))?.api;
  }

  /**
   * Like `getApiFor`, with the fingerprint of what the client reads: a reader that keeps one
   * account (the Connections tree's model) tells by it that the account's key or API address changed.
   */
  async clientOf(accountId: string): Promise<AccountClient | undefined> {
    await this.migrated;
    const account = this.accounts.get(accountId);
    const key = account ? await this.accounts.keyOf(accountId) : undefined;
    if (!account || !key) return undefined;
    this.log.addSecret(key);
    const settings = this.settingsFor(account);
    if (!settings.baseUrl) {
      throw new TelnyxError({
        kind: 'config',
        message: settings.baseUrlProblem ?? 'The Telnyx API base URL is not valid.',
      });
    }
    const fingerprint = clientFingerprint(settings);
    const current = this.clients.get(accountId);
    if (current && current.key === key && current.settingsFingerprint === fingerprint) {
      return { api: current.api, fingerprint: current.accountFingerprint };
    }
    const entry: ClientEntry = {
      api: this.createClient(key, settings, (answer) => this.tellAnswer(accountId, answer)),
      key,
      settingsFingerprint: fingerprint,
      accountFingerprint: accountFingerprint(key, settings.baseUrl),
    };
    this.clients.set(accountId, entry);
    if (current) void current.api.close();
    return { api: entry.api, fingerprint: entry.accountFingerprint };
  }

  /**
   * Every successful read of one account's client, as received (`RawAnswer`: path, status, parsed
   * body, never a header), while the listener is subscribed. A call panel records its call's with it.
   */
  onAnswer(accountId: string, listener: (answer: RawAnswer) => void): vscode.Disposable {
    let listeners = this.answerListeners.get(accountId);
    if (!listeners) this.answerListeners.set(accountId, (listeners = new Set()));
    listeners.add(listener);
    return new vscode.Disposable(() => {
      listeners.delete(listener);
      if (listeners.size === 0 && this.answerListeners.get(accountId) === listeners)
        this.answerListeners.delete(accountId);
    });
  }

  private tellAnswer(accountId: string, answer: RawAnswer): void {
    const listeners = this.answerListeners.get(accountId);
    if (listeners) for (const listener of [...listeners]) listener(answer);
  }

  /** A throw-away client for trying a key before it is stored (`onAnswer`: an account's own client). */
  createClient(
    key: string,
    settings: TelnyxSettings = this.settings(),
    onAnswer?: (answer: RawAnswer) => void,
  ): TelnyxApi {
    if (!settings.baseUrl) {
      throw new TelnyxError({
        kind: 'config',
        message: settings.baseUrlProblem ?? 'The Telnyx API base URL is not valid.',
      });
    }
    this.log.addSecret(key);
    const { createTelnyxClient } = loadTelnyxModule();
    return createTelnyxClient({
      apiKey: key,
      baseUrl: settings.baseUrl,
      connectTimeoutMs: Math.min(settings.requestTimeoutMs, 10_000),
      requestTimeoutMs: settings.requestTimeoutMs,
      proxy: settings.proxy,
      onAnswer,
      onRequest: (entry) => {
        const line =
          `${entry.method} ${entry.path} → ${entry.status ?? entry.error ?? 'no response'} in ${Math.round(entry.durationMs)} ms` +
          (entry.requestId ? ` (request id ${entry.requestId})` : '') +
          (entry.attempt > 1 ? ` [attempt ${entry.attempt}]` : '');
        if (entry.status !== undefined && entry.status < 400) this.log.info(line);
        else this.log.warn(line);
      },
    });
  }

  /** Telnyx: Set API Key: the active stored account's key (the account "Default" when there is none). */
  async storeKey(key: string): Promise<Account> {
    this.log.addSecret(key);
    await this.migrated;
    return this.accounts.storeKeyOfActive(key);
  }

  /** Telnyx: Clear API Key: removes the active stored account and its key; returns its name. */
  async clearKey(): Promise<string | undefined> {
    await this.migrated;
    const active = this.accounts.active();
    if (active?.source !== 'secret') return undefined;
    await this.accounts.remove(active.id);
    return active.name;
  }

  /** Changes are measured one after another, each against the state the previous one left. */
  private reset(reason: string): Promise<void> {
    const measured = this.seen.then(async (before) => {
      const now = await this.snapshot();
      await this.fireChange(before, now, reason);
      return now;
    });
    this.seen = measured.catch(() => this.snapshot());
    return measured.then(
      () => undefined,
      () => undefined,
    );
  }

  private async fireChange(before: AccessSnapshot, now: AccessSnapshot, reason: string): Promise<void> {
    // A setting the client does not use (page size, refresh interval, hover) keeps it: closing it
    // would fail the requests in flight of readers that have no reason to start over.
    const previous = now.accountId === undefined ? undefined : this.clients.get(now.accountId);
    const clientStale =
      previous !== undefined &&
      (now.key !== previous.key || clientFingerprint(now.settings) !== previous.settingsFingerprint);
    if (previous && clientStale && now.accountId !== undefined) {
      if (this.clients.get(now.accountId) === previous) this.clients.delete(now.accountId);
      await previous.api.close().catch(() => undefined);
    }
    await this.closeClientsOfRemovedAccounts();
    if (before.key !== now.key || before.stored !== now.stored) await this.updateKeyContext(now);
    const settings = changedSettings(before.settings, now.settings);
    const accountChanged =
      before.accountId !== now.accountId ||
      before.key !== now.key ||
      before.settings.baseUrl !== now.settings.baseUrl ||
      before.settings.baseUrlProblem !== now.settings.baseUrlProblem;
    const change: ApiAccessChange = accountChanged
      ? { kind: 'account', settings }
      : clientStale || clientFingerprint(before.settings) !== clientFingerprint(now.settings)
        ? { kind: 'client', settings }
        : { kind: 'settings', settings };
    this.log.info(`Telnyx connection reset: ${reason} (${change.kind}).`);
    this.changeEmitter.fire(change);
  }

  private async closeClientsOfRemovedAccounts(): Promise<void> {
    for (const [accountId, entry] of [...this.clients]) {
      if (this.accounts.get(accountId)) continue;
      this.clients.delete(accountId);
      await entry.api.close().catch(() => undefined);
    }
  }

  dispose(): void {
    for (const entry of this.clients.values()) void entry.api.close();
    this.clients.clear();
    this.answerListeners.clear();
    for (const disposable of this.disposables) disposable.dispose();
  }
}
