// The account a call panel was opened with: it keeps reading with that account's client after the
// user switches, and it uses the shared call directory (status, leg, session, connection) only while
// the directory holds that same account's calls, so that nothing learnt crosses accounts.
import type { Account } from '../accounts/store';
import { AccountChangedError, type CallDirectory } from '../calls/callDirectory';
import { NoApiKeyError } from '../core/errors';
import type { ApiAccess } from '../services/apiAccess';
import type { RawAnswer, TelnyxApi } from '../telnyx/api';
import type { CallStatus } from '../telnyx/types';
import type { LegAndSessionIds } from '../calls/knownIds';

export class PanelAccount {
  /** Key and base URL of the bound account when last read; compared with the directory's. */
  private fingerprint: string | undefined;

  /** `account` undefined: opened with no account; the panel follows whichever is in use. */
  constructor(
    readonly account: Pick<Account, 'id' | 'name'> | undefined,
    private readonly access: Pick<ApiAccess, 'getApi' | 'getApiFor' | 'fingerprintOf' | 'account' | 'onAnswer'>,
    private readonly calls: CallDirectory,
  ) {
    // Opened under the account in use: what the directory holds is taken as this account's until
    // the first read checks it (ids known from earlier are shown at once).
    if (account && access.account()?.id === account.id) this.fingerprint = calls.account;
  }

  getApi(): Promise<TelnyxApi | undefined> {
    return this.account ? this.access.getApiFor(this.account.id) : this.access.getApi();
  }

  /**
   * The answers of this account's client while subscribed: the panel's reads, and those of the
   * directory and the tree through the same client. Undefined for a panel opened with no account.
   */
  onAnswer(listener: (answer: RawAnswer) => void): { dispose(): void } | undefined {
    return this.account ? this.access.onAnswer(this.account.id, listener) : undefined;
  }

  /** Through the directory (a hover and a panel on the same call share one read) while it holds this account. */
  async readStatus(callControlId: string, signal: AbortSignal): Promise<CallStatus> {
    await this.refreshFingerprint();
    if (this.directoryIsMine()) {
      try {
        return await this.calls.status(callControlId, signal, { account: this.fingerprint });
      } catch (error) {
        if (!(error instanceof AccountChangedError)) throw error;
      }
    }
    const api = await this.getApi();
    if (!api) throw new NoApiKeyError();
    return api.getCallStatus(callControlId, { signal });
  }

  readAtOf(status: CallStatus): number | undefined {
    return this.calls.readAtOf(status);
  }

  forgetStatus(callControlId: string): void {
    if (this.directoryIsMine()) this.calls.forgetStatus(callControlId);
  }

  /** Leg and session ids and connections, remembered only under the panel's own account. */
  readonly knownCalls = {
    get: (callControlId: string): LegAndSessionIds | undefined =>
      this.directoryIsMine() ? this.calls.idsOf(callControlId) : undefined,
    remember: (callControlId: string, ids: LegAndSessionIds): void => {
      if (this.directoryIsMine()) this.calls.rememberIds(callControlId, ids);
    },
  };

  readonly connections = {
    connectionOf: (callControlId: string): string | undefined =>
      this.directoryIsMine() ? this.calls.connectionOf(callControlId) : undefined,
    rememberConnection: (callControlId: string, connectionId: string): void => {
      if (this.directoryIsMine()) this.calls.rememberConnection(callControlId, connectionId);
    },
  };

  private directoryIsMine(): boolean {
    if (!this.account) return true;
    return this.fingerprint !== undefined && this.calls.account === this.fingerprint;
  }

  private async refreshFingerprint(): Promise<void> {
    if (!this.account) return;
    this.fingerprint = await this.access.fingerprintOf(this.account.id);
  }
}
