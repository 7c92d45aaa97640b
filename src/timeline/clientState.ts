// client_state is base64 of whatever the application chose to attach: often JSON or a short tag,
// sometimes binary. Show it as text when it is printable UTF-8, else as hex, and never guess more.

export type DecodedClientState =
  | { kind: 'empty' }
  /**
   * `note` says how the text was read when it was not plain base64: `plain` (the client sent the text
   * itself, e.g. JSON from some SDKs) or `truncated` (base64 cut short, e.g. at its first line break).
   */
  | { kind: 'text'; text: string; note?: 'plain' | 'truncated' }
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

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

function utf8(bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * Text that starts like JSON but does not parse: base64 of JSON that was cut short. Only a start
 * JSON would have (`{"`, `[{`, `["`, `[1`): text such as `[x](…)` is whole, just not JSON.
 */
function looksCut(text: string): boolean {
  return /^\s*(\{\s*("|$)|\[\s*([[{"\d-]|$))/.test(text) && !isJson(text);
}

/**
 * Text when the bytes are valid UTF-8 without control characters (tabs and newlines allowed).
 * Clients differ (issue 13): plain JSON is shown as sent, and base64 cut short (at a line break,
 * or mid-character) is decoded as far as it goes, each with a note.
 */
export function decodeClientState(raw: string | null | undefined): DecodedClientState {
  if (raw === undefined || raw === null || raw.trim() === '') return { kind: 'empty' };
  const trimmed = raw.trim();
  // JSON is never valid base64 (braces and quotes are outside its alphabet): the client sent it as is.
  if (/^[[{]/.test(trimmed) && isJson(trimmed)) return { kind: 'text', text: trimmed, note: 'plain' };
  // A line break in base64 means it was wrapped; what came is the first line, or all lines joined.
  const firstLine = trimmed.split(/\r?\n/)[0];
  const wrapped = firstLine.length !== trimmed.length;
  let bytes = decodeBase64(wrapped ? trimmed.replace(/\s+/g, '') : trimmed);
  let cut = false;
  if (!bytes && BASE64_SHAPE.test(firstLine)) {
    const usable = firstLine.replace(/=+$/, '');
    bytes = decodeBase64(usable.slice(0, usable.length - (usable.length % 4)));
    cut = true;
  }
  if (!bytes) return { kind: 'invalid' };
  let text = utf8(bytes);
  // A cut can split a multi-byte character: drop the incomplete tail (at most 3 bytes).
  for (let drop = 1; text === undefined && drop <= 3 && drop < bytes.length; drop++) {
    text = utf8(bytes.subarray(0, bytes.length - drop));
    if (text !== undefined) cut = true;
  }
  if (text !== undefined && !CONTROL.test(text)) {
    return cut || looksCut(text) ? { kind: 'text', text, note: 'truncated' } : { kind: 'text', text };
  }
  return { kind: 'binary', hex: toHex(bytes), byteLength: bytes.length };
}

export function toHex(bytes: Uint8Array): string {
  const parts: string[] = [];
  for (const byte of bytes) parts.push(byte.toString(16).padStart(2, '0'));
  return parts.join(' ');
}
