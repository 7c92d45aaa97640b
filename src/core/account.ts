// What identifies the account a reader talks to, without keeping the key. Node-only (node:crypto):
// kept apart from the rest of the core, which the webview bundle also uses.
import { createHash } from 'node:crypto';

/** A digest of the API key, to tell "another key" from "the same key"; empty when there is none. */
export function keyFingerprint(key: string | undefined): string {
  return key ? createHash('sha256').update(key).digest('base64') : '';
}
