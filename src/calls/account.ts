// Ties a CallDirectory to the account in use: the directory's owner (src/extension.ts) builds it here,
// and this is the one place where a change of key or base URL starts a new generation. Structural
// types only, so that no 'vscode' is imported.
import { accountFingerprint } from '../core/account';
import type { TelnyxApi } from '../telnyx/api';
import { CallDirectory } from './callDirectory';
import { NoApiKeyError } from '../core/errors';
import { KnownCallIds, type KeyValueStore } from './knownIds';

/** What the directory needs of ApiAccess (src/services/apiAccess.ts). */
export interface AccountSource {
  onDidChange(listener: (change: { kind: 'account' | 'client' | 'settings' }) => void): { dispose(): void };
  /** The account in use. */
  account(): { id: string } | undefined;
  /** Its key and base URL. */
  fingerprintOf(accountId: string): Promise<{ key: string; baseUrl: string | undefined } | undefined>;
  getApiFor(accountId: string): Promise<Pick<TelnyxApi, 'getCallStatus'> | undefined>;
}


export function createCallDirectory(access: AccountSource, store: KeyValueStore): { directory: CallDirectory; dispose(): void } {
  /** The account whose calls the directory holds: it reads with that account's client, never the one just switched to. */
  let held: string | undefined;
  const directory = new CallDirectory({
    knownIds: new KnownCallIds(store),
    readStatus: async (callControlId, signal) => {
      const api = held === undefined ? undefined : await access.getApiFor(held);
      if (!api) throw new NoApiKeyError();
      return api.getCallStatus(callControlId, { signal });
    },
  });
  let latest = 0;
  const update = async (): Promise<void> => {
    const asked = ++latest;
    const accountId = access.account()?.id;
    const facts = accountId === undefined ? undefined : await access.fingerprintOf(accountId).catch(() => undefined);
    // A slower answer to an earlier change must not undo a later one.
    if (asked !== latest) return;
    held = facts ? accountId : undefined;
    directory.setAccount(facts ? accountFingerprint(facts.key, facts.baseUrl) : undefined);
  };
  // Only another key or base URL is another account; a new client (timeout, proxy) keeps what is known.
  const subscription = access.onDidChange((change) => {
    if (change.kind === 'account') void update();
  });
  void update();
  return { directory, dispose: () => subscription.dispose() };
}
