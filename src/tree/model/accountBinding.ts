// The one account a Connections model reads for. Ids the model learns (connections, calls) belong to
// that account, so every later read must go to it, never to the account switched to meanwhile: a
// switch is announced a moment after it happens, and until then the old model is still asked for rows.
// No 'vscode' here (src/services/apiAccess.ts provides AccountClients).
import { NoApiKeyError } from '../../core/errors';
import type { TelnyxApi } from '../../telnyx/api';

/** What the binding needs of ApiAccess. */
export interface AccountClients {
  /** The account in use, once the accounts are read. */
  accountInUse(): Promise<{ id: string } | undefined>;
  /** One account's client and what it reads (key and base URL, one-way); undefined without a key. */
  clientOf(accountId: string): Promise<{ api: TelnyxApi; fingerprint: string } | undefined>;
}

/** The bound account is gone, or reads another key or API address: nothing more is read for it. */
export class AccountOutdatedError extends Error {
  constructor() {
    super('The account these rows were read for has changed.');
    this.name = 'AccountOutdatedError';
  }
}

interface Bound {
  accountId: string;
  fingerprint: string;
}

/**
 * Takes the account in use at the first read (not at creation: the accounts may not be read yet) and
 * keeps it: every later read gets that account's client, or AccountOutdatedError once the account is
 * removed or its key or API address changed.
 */
export class AccountBinding {
  private bound: Bound | undefined;
  private binding: Promise<{ api: TelnyxApi; bound: Bound }> | undefined;

  constructor(private readonly clients: AccountClients) {}

  /** The bound account's id; undefined before the first read. */
  get accountId(): string | undefined {
    return this.bound?.accountId;
  }

  /** The bound account's client. Rejects with NoApiKeyError when there is no account to bind. */
  async api(): Promise<TelnyxApi> {
    if (!this.bound) {
      // Reads that start together bind together: first reads on either side of a switch bind one account.
      this.binding ??= this.bind().finally(() => {
        this.binding = undefined;
      });
      const first = await this.binding;
      this.bound ??= first.bound;
      if (this.bound === first.bound) return first.api;
    }
    const { accountId, fingerprint } = this.bound;
    const client = await this.clients.clientOf(accountId);
    if (!client || client.fingerprint !== fingerprint) throw new AccountOutdatedError();
    return client.api;
  }

  private async bind(): Promise<{ api: TelnyxApi; bound: Bound }> {
    const account = await this.clients.accountInUse();
    const client = account && (await this.clients.clientOf(account.id));
    if (!account || !client) throw new NoApiKeyError();
    return { api: client.api, bound: { accountId: account.id, fingerprint: client.fingerprint } };
  }
}
