// Ties a CallDirectory to the account in use: the directory's owner (src/extension.ts) builds it here,
// and this is the one place where a change of key or base URL starts a new generation. Structural
// types only, so that no 'vscode' is imported.
import type { TelnyxApi } from '../telnyx/api';
import { CallDirectory } from './callDirectory';
import { NoApiKeyError } from '../core/errors';
import { KnownCallIds, type KeyValueStore } from './knownIds';

/** What the directory needs of ApiAccess (src/services/apiAccess.ts). */
export interface AccountSource {
  onDidChange(listener: (change: { kind: 'account' | 'client' | 'settings' }) => void): { dispose(): void };
  /** The account in use. */
  account(): { id: string } | undefined;
  /** What its data belongs to (key and base URL, one-way); undefined without a key. */
  fingerprintOf(accountId: string): Promise<string | undefined>;
  getApiFor(accountId: string): Promise<Pick<TelnyxApi, 'getCallStatus'> | undefined>;
}

export function createCallDirectory(
  access: AccountSource,
  store: KeyValueStore,
): { directory: CallDirectory; dispose(): void } {
  /** The account whose calls the directory holds: it reads with that account's client, never the one just switched to. */
  let held: string | undefined;
  const directory = new CallDirectory({
    knownIds: new KnownCallIds(store),
    readStatus: async (callControlId, signal) => {
      // Each read measures the account in use: a key just set is used at once, and a change not
      // announced yet (a setting just written) is taken now rather than read for the old account and
      // abandoned (and read twice) when the announcement comes.
      const now = await factsNow();
      if (now?.fingerprint !== directory.account) {
        // Newer than any measurement still under way, which must not undo it.
        latest++;
        hold(now);
      }
      const api = held === undefined ? undefined : await access.getApiFor(held);
      if (!api) throw new NoApiKeyError();
      return api.getCallStatus(callControlId, { signal });
    },
  });
  type Facts = { accountId: string; fingerprint: string } | undefined;
  const factsNow = async (): Promise<Facts> => {
    const accountId = access.account()?.id;
    const fingerprint =
      accountId === undefined ? undefined : await access.fingerprintOf(accountId).catch(() => undefined);
    return accountId !== undefined && fingerprint !== undefined ? { accountId, fingerprint } : undefined;
  };
  const hold = (facts: Facts): void => {
    held = facts?.accountId;
    directory.setAccount(facts?.fingerprint);
  };
  let latest = 0;
  const update = async (): Promise<void> => {
    const asked = ++latest;
    const now = await factsNow();
    // A slower answer to an earlier change must not undo a later one.
    if (asked === latest) hold(now);
  };
  // Only another key or base URL is another account; a new client (timeout, proxy) keeps what is known.
  const subscription = access.onDidChange((change) => {
    if (change.kind === 'account') void update();
  });
  void update();
  return { directory, dispose: () => subscription.dispose() };
}
