// client_state is base64 of whatever the application chose to attach: often JSON or a short tag,
// sometimes binary. Show it as text when it is printable UTF-8, else as hex, and never guess more.

export type DecodedClientState =
  | { kind: 'empty' }
  | { kind: 'text'; text: string }
  | { kind: 'binary'; hex: string; byteLength: number }
  | { kind: 'invalid' };

const BASE64_SHAPE = /^(?:[A-Za-z0-9+/]|[A-Za-z0-9_-])*={0,2}$/;
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Standard or URL-safe base64, padded or not; undefined when the text is not base64. */
export function decodeBase64(input: string): Uint8Array | undefined {
  const text = input.trim();
  if (!BASE64_SHAPE.test(text)) return undefined;
  const body = text.replace(/=+$/, '').replace(/-/g, '+').replace(/_/g, '/');
  if (body.length % 4 === 1) return undefined;
  const bytes = new Uint8Array(Math.floor((body.length * 3) / 4));
  let buffer = 0;
  let bits = 0;
  let out = 0;
  for (const char of body) {
    buffer = (buffer << 6) | ALPHABET.indexOf(char);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes[out++] = (buffer >> bits) & 0xff;
    }
  }
  return bytes.subarray(0, out);
}

/** Text when the bytes are valid UTF-8 without control characters (tabs and newlines allowed). */
export function decodeClientState(raw: string | null | undefined): DecodedClientState {
  if (raw === undefined || raw === null || raw.trim() === '') return { kind: 'empty' };
  const bytes = decodeBase64(raw);
  if (!bytes) return { kind: 'invalid' };
  let text: string | undefined;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    text = undefined;
  }
  // eslint-disable-next-line no-control-regex
  if (text !== undefined && !/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/.test(text)) {
    return { kind: 'text', text };
  }
  return { kind: 'binary', hex: toHex(bytes), byteLength: bytes.length };
}

export function toHex(bytes: Uint8Array): string {
  const parts: string[] = [];
  for (const byte of bytes) parts.push(byte.toString(16).padStart(2, '0'));
  return parts.join(' ');
}
