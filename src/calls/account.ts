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
  /** The latest change being measured: a read waits for it, so that a key just set is used at once. */
  let settling: Promise<void> = Promise.resolve();
  const directory = new CallDirectory({
    knownIds: new KnownCallIds(store),
    readStatus: async (callControlId, signal) => {
      await settling;
      // A change not announced yet (a setting just written): measure it now rather than read for the
      // old account and be abandoned (and read twice) when the announcement comes.
      if ((await fingerprintNow()) !== directory.account) {
        settling = update();
        await settling;
      }
      const api = held === undefined ? undefined : await access.getApiFor(held);
      if (!api) throw new NoApiKeyError();
      return api.getCallStatus(callControlId, { signal });
    },
  });
  const factsNow = async (): Promise<{ accountId: string; fingerprint: string } | undefined> => {
    const accountId = access.account()?.id;
    const facts = accountId === undefined ? undefined : await access.fingerprintOf(accountId).catch(() => undefined);
    return facts && accountId !== undefined ? { accountId, fingerprint: accountFingerprint(facts.key, facts.baseUrl) } : undefined;
  };
  const fingerprintNow = async (): Promise<string | undefined> => (await factsNow())?.fingerprint;
  let latest = 0;
  const update = async (): Promise<void> => {
    const asked = ++latest;
    const now = await factsNow();
    // A slower answer to an earlier change must not undo a later one.
    if (asked !== latest) return;
    held = now?.accountId;
    directory.setAccount(now?.fingerprint);
  };
  // Only another key or base URL is another account; a new client (timeout, proxy) keeps what is known.
  const subscription = access.onDidChange((change) => {
    if (change.kind === 'account') settling = update();
  });
  settling = update();
  return { directory, dispose: () => subscription.dispose() };
}
