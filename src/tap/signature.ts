// Telnyx's webhook signature: Ed25519 over `${telnyx-timestamp}|${signed text}`, where the signed
// text is the raw body (POST) or the query string as sent (GET), checked with the account's public
// key (raw 32 bytes, base64, as TELNYX_PUBLIC_KEY).
import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { SignatureCheck } from './model';

// SPKI header of an Ed25519 public key (RFC 8410): the raw 32 bytes follow it.
const SPKI_ED25519_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/** The key object for a raw 32-byte Ed25519 key in base64, or undefined if it is not one. */
export function ed25519PublicKey(base64: string): KeyObject | undefined {
  const raw = Buffer.from(base64.trim(), 'base64');
  if (raw.length !== 32) return undefined;
  try {
    return createPublicKey({ key: Buffer.concat([SPKI_ED25519_PREFIX, raw]), format: 'der', type: 'spki' });
  } catch {
    return undefined;
  }
}

export function checkSignature(
  headers: IncomingHttpHeaders,
  signedText: Buffer,
  key: KeyObject | undefined,
): SignatureCheck {
  const signature = headers['telnyx-signature-ed25519'];
  const timestamp = headers['telnyx-timestamp'];
  if (typeof signature !== 'string' || typeof timestamp !== 'string' || !signature || !timestamp) return 'missing';
  if (!key) return 'unchecked';
  const bytes = Buffer.from(signature, 'base64');
  if (bytes.length !== 64) return 'invalid';
  const message = Buffer.concat([Buffer.from(`${timestamp}|`, 'utf8'), signedText]);
  try {
    return verify(null, message, key, bytes) ? 'valid' : 'invalid';
  } catch {
    return 'invalid';
  }
}
