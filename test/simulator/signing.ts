// Webhook signatures as Telnyx makes them: Ed25519 over `${telnyx-timestamp}|${raw body}`, the
// signature in `telnyx-signature-ed25519` (base64), the timestamp in Unix seconds. The key pair is
// derived from the seed, so a test (or an application configured once) can keep the public key.
import { createPrivateKey, createPublicKey, sign, type KeyObject } from 'node:crypto';
import { createPrng } from './prng';

// PKCS#8 wrapping of a raw 32-byte Ed25519 seed (RFC 8410): the prefix is constant.
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

export interface WebhookSigner {
  /** The raw 32-byte public key, base64, as Telnyx's portal shows it (TELNYX_PUBLIC_KEY). */
  readonly publicKeyBase64: string;
  /** The same key as PEM (SPKI), for `crypto.createPublicKey`. */
  readonly publicKeyPem: string;
  /** The two headers Telnyx adds to a webhook whose signed text is `body`. */
  headers(body: string, timestampSeconds: number): { 'telnyx-signature-ed25519': string; 'telnyx-timestamp': string };
}

export function createWebhookSigner(seed: number): WebhookSigner {
  // A generator of its own, so that the account's ids do not depend on whether anything was signed.
  const keySeed = createPrng(seed ^ 0x5eed_ed25).bytes(32);
  const privateKey: KeyObject = createPrivateKey({
    key: Buffer.concat([PKCS8_ED25519_PREFIX, keySeed]),
    format: 'der',
    type: 'pkcs8',
  });
  const publicKey = createPublicKey(privateKey);
  const spki = publicKey.export({ format: 'der', type: 'spki' });
  return {
    publicKeyBase64: spki.subarray(spki.length - 32).toString('base64'),
    publicKeyPem: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
    headers(body, timestampSeconds) {
      const timestamp = String(timestampSeconds);
      const signature = sign(null, Buffer.from(`${timestamp}|${body}`, 'utf8'), privateKey).toString('base64');
      return { 'telnyx-signature-ed25519': signature, 'telnyx-timestamp': timestamp };
    },
  };
}
