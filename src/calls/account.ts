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
  resolveKey(): Promise<{ key: string } | undefined>;
  settings(): { baseUrl: string | undefined };
  getApi(): Promise<Pick<TelnyxApi, 'getCallStatus'> | undefined>;
}


export function createCallDirectory(access: AccountSource, store: KeyValueStore): { directory: CallDirectory; dispose(): void } {
  const directory = new CallDirectory({
    knownIds: new KnownCallIds(store),
    readStatus: async (callControlId, signal) => {
      const api = await access.getApi();
      if (!api) throw new NoApiKeyError();
      return api.getCallStatus(callControlId, { signal });
    },
  });
  let latest = 0;
  const update = async (): Promise<void> => {
    const asked = ++latest;
    const resolved = await access.resolveKey().catch(() => undefined);
    // A slower answer to an earlier change must not undo a later one.
    if (asked !== latest) return;
    directory.setAccount(resolved ? accountFingerprint(resolved.key, access.settings().baseUrl) : undefined);
  };
  // Only another key or base URL is another account; a new client (timeout, proxy) keeps what is known.
  const subscription = access.onDidChange((change) => {
    if (change.kind === 'account') void update();
  });
  void update();
  return { directory, dispose: () => subscription.dispose() };
}
