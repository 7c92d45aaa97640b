// The named Telnyx accounts: which exist, which one is in use, and where each key is kept. Names and
// base URLs (never keys) live in user-level state (VS Code's globalState); each key has its own
// SecretStorage entry. TELNYX_API_KEY, when set, is an account of its own that cannot be removed.
// Structural types only, so that no 'vscode' is imported and it is tested in plain Node.
import { checkBaseUrl } from '../telnyx/baseUrl';

export interface SecretStore {
  get(key: string): PromiseLike<string | undefined>;
  store(key: string, value: string): PromiseLike<void>;
  delete(key: string): PromiseLike<void>;
}

/** VS Code's globalState: user-level, never a workspace's. */
export interface UserState {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): PromiseLike<void>;
}

export interface Account {
  /** Stable: the secret's entry and every cache are filed under it; a rename keeps it. */
  readonly id: string;
  readonly name: string;
  /** Its own API address (normalised), else the `telnyx.apiBaseUrl` setting's. */
  readonly baseUrl?: string;
  /** `env`: TELNYX_API_KEY, read from the environment, never stored. */
  readonly source: 'secret' | 'env';
}

interface StoredAccount {
  id: string;
  name: string;
  baseUrl?: string;
}

export const ACCOUNTS_STATE = 'telnyx.accounts';
export const ACTIVE_ACCOUNT_STATE = 'telnyx.activeAccount';
/** The single key of version 0.1 is the account "Default", under the same entry: a downgrade still finds it. */
export const LEGACY_SECRET = 'telnyx.apiKey';
export const DEFAULT_ACCOUNT_ID = 'default';
export const ENV_ACCOUNT_ID = 'env';
export const ENV_ACCOUNT_NAME = 'TELNYX_API_KEY';
const DEFAULT_ACCOUNT_NAME = 'Default';

export function secretNameOf(accountId: string): string {
  return accountId === DEFAULT_ACCOUNT_ID ? LEGACY_SECRET : `${LEGACY_SECRET}.${accountId}`;
}

/** Whether a SecretStorage entry belongs to an account (another window may change it). */
export function isAccountSecret(key: string): boolean {
  return key === LEGACY_SECRET || key.startsWith(`${LEGACY_SECRET}.`);
}

export type NameProblem = 'empty' | 'taken' | 'reserved';

export class AccountStore {
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly secrets: SecretStore,
    private readonly state: UserState,
    private readonly env: NodeJS.ProcessEnv = process.env,
    private readonly newId: () => string = () => Math.random().toString(36).slice(2, 10),
  ) {}

  /** Called after every change this store makes (not for keys changed by another window). */
  onDidChange(listener: () => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /**
   * First start after 0.1: the key stored then becomes the account "Default", without asking and
   * without moving it. Runs once: afterwards the list exists, even empty.
   */
  async migrate(): Promise<boolean> {
    if (this.state.get<StoredAccount[]>(ACCOUNTS_STATE) !== undefined) return false;
    const legacy = (await this.secrets.get(LEGACY_SECRET))?.trim();
    if (this.state.get<StoredAccount[]>(ACCOUNTS_STATE) !== undefined) return false;
    await this.writeList(legacy ? [{ id: DEFAULT_ACCOUNT_ID, name: DEFAULT_ACCOUNT_NAME }] : []);
    if (legacy) await this.state.update(ACTIVE_ACCOUNT_STATE, DEFAULT_ACCOUNT_ID);
    this.changed();
    return legacy !== undefined && legacy !== '';
  }

  /** Stored accounts in the order added, then TELNYX_API_KEY's when set. */
  list(): Account[] {
    const stored: Account[] = this.storedList().map((entry) => ({ ...entry, source: 'secret' as const }));
    if (this.envKey()) stored.push({ id: ENV_ACCOUNT_ID, name: ENV_ACCOUNT_NAME, source: 'env' });
    return stored;
  }

  get(accountId: string): Account | undefined {
    return this.list().find((account) => account.id === accountId);
  }

  byName(name: string): Account | undefined {
    const wanted = name.trim().toLocaleLowerCase();
    return this.list().find((account) => account.name.toLocaleLowerCase() === wanted);
  }

  /** The chosen account; else the first stored one; else TELNYX_API_KEY's; else none. */
  active(): Account | undefined {
    const accounts = this.list();
    const chosen = this.state.get<string>(ACTIVE_ACCOUNT_STATE);
    return accounts.find((account) => account.id === chosen) ?? accounts[0];
  }

  async keyOf(accountId: string): Promise<string | undefined> {
    if (accountId === ENV_ACCOUNT_ID) return this.envKey();
    if (!this.storedList().some((entry) => entry.id === accountId)) return undefined;
    return (await this.secrets.get(secretNameOf(accountId)))?.trim() || undefined;
  }

  checkName(name: string): NameProblem | undefined {
    const trimmed = name.trim();
    if (!trimmed) return 'empty';
    if (trimmed.toLocaleLowerCase() === ENV_ACCOUNT_NAME.toLocaleLowerCase()) return 'reserved';
    if (this.byName(trimmed)) return 'taken';
    return undefined;
  }

  /** Adds an account (its key first, so that a listed account always has one) and makes it active. */
  async add(options: { name: string; key: string; baseUrl?: string }): Promise<Account> {
    return this.addWithId(this.uniqueId(this.storedList()), options);
  }

  private async addWithId(id: string, options: { name: string; key: string; baseUrl?: string }): Promise<Account> {
    const problem = this.checkName(options.name);
    if (problem) throw new Error(`The account name is ${problem}.`);
    const baseUrl = normaliseBaseUrl(options.baseUrl);
    const entry: StoredAccount = { id, name: options.name.trim(), ...(baseUrl ? { baseUrl } : {}) };
    await this.secrets.store(secretNameOf(id), options.key.trim());
    await this.writeList([...this.storedList().filter((existing) => existing.id !== id), entry]);
    await this.state.update(ACTIVE_ACCOUNT_STATE, id);
    this.changed();
    return { ...entry, source: 'secret' };
  }

  /**
   * The key of the active stored account (Telnyx: Set API Key). With none (or only TELNYX_API_KEY's
   * in use) it becomes the account "Default", which is then used: a stored key always came first.
   */
  async storeKeyOfActive(key: string): Promise<Account> {
    const active = this.active();
    if (active?.source === 'secret') {
      await this.secrets.store(secretNameOf(active.id), key.trim());
      this.changed();
      return active;
    }
    const existingDefault = this.byName(DEFAULT_ACCOUNT_NAME);
    if (existingDefault?.source === 'secret') {
      await this.secrets.store(secretNameOf(existingDefault.id), key.trim());
      await this.setActive(existingDefault.id);
      return existingDefault;
    }
    const list = this.storedList();
    // Version 0.1's entry while it is free: a downgrade still finds the key.
    const id = list.some((entry) => entry.id === DEFAULT_ACCOUNT_ID) ? this.uniqueId(list) : DEFAULT_ACCOUNT_ID;
    return this.addWithId(id, { name: DEFAULT_ACCOUNT_NAME, key });
  }

  async setActive(accountId: string): Promise<void> {
    if (!this.get(accountId)) throw new Error('No such account.');
    await this.state.update(ACTIVE_ACCOUNT_STATE, accountId);
    this.changed();
  }

  /** Removes an account and its secret; the next one in the list becomes active if it was. */
  async remove(accountId: string): Promise<void> {
    if (accountId === ENV_ACCOUNT_ID)
      throw new Error('TELNYX_API_KEY is read from the environment and cannot be removed here.');
    const wasActive = this.active()?.id === accountId;
    await this.writeList(this.storedList().filter((entry) => entry.id !== accountId));
    await this.secrets.delete(secretNameOf(accountId));
    if (wasActive) await this.state.update(ACTIVE_ACCOUNT_STATE, this.list()[0]?.id);
    this.changed();
  }

  private storedList(): StoredAccount[] {
    const raw = this.state.get<unknown>(ACCOUNTS_STATE);
    if (!Array.isArray(raw)) return [];
    const seen = new Set<string>();
    const list: StoredAccount[] = [];
    for (const item of raw as unknown[]) {
      if (typeof item !== 'object' || item === null) continue;
      const { id, name, baseUrl } = item as Record<string, unknown>;
      if (
        typeof id !== 'string' ||
        !id ||
        id === ENV_ACCOUNT_ID ||
        typeof name !== 'string' ||
        !name.trim() ||
        seen.has(id)
      )
        continue;
      seen.add(id);
      list.push({ id, name, ...(typeof baseUrl === 'string' && baseUrl ? { baseUrl } : {}) });
    }
    return list;
  }

  private async writeList(list: StoredAccount[]): Promise<void> {
    await this.state.update(ACCOUNTS_STATE, list);
  }

  private uniqueId(list: StoredAccount[]): string {
    for (;;) {
      const id = this.newId();
      if (id !== DEFAULT_ACCOUNT_ID && id !== ENV_ACCOUNT_ID && !list.some((entry) => entry.id === id)) return id;
    }
  }

  private envKey(): string | undefined {
    return this.env.TELNYX_API_KEY?.trim() || undefined;
  }

  private changed(): void {
    for (const listener of [...this.listeners]) listener();
  }
}

/** An account's own base URL follows the setting's rule (https, or http on loopback); empty: none. */
export function normaliseBaseUrl(raw: string | undefined): string | undefined {
  if (!raw?.trim()) return undefined;
  const checked = checkBaseUrl(raw);
  if (!checked.ok) throw new Error(checked.reason);
  return checked.url;
}
