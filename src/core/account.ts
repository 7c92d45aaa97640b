// What identifies the account a reader talks to, without keeping the key. Node-only (node:crypto):
// kept apart from the rest of the core, which the webview bundle also uses.
import { createHash } from 'node:crypto';

/** Names an account (key + base URL) without revealing its key: a truncated SHA-256, also stored in globalState. */
export function accountFingerprint(key: string, baseUrl: string | undefined): string {
  return createHash('sha256')
    .update(JSON.stringify([baseUrl ?? '', key]))
    .digest('hex')
    .slice(0, 32);
}
