// Opaque active-call cursors. They carry the call's start sequence number, not a list position,
// so a cursor keeps pointing at the same place while other calls start and end. In base64 mode they
// are standard base64 with `+`, `/` and `=` (as real cursors can be), which a client must percent-encode.

const PREFIX = 'v1:';
// Three bytes that encode to "+/8A" or similar: every standard-base64 cursor then has `+` and `/`.
const MARK = Buffer.from([0xfb, 0xff, 0xbf]);

export interface CursorPosition {
  connectionId: string;
  seq: number;
}

export function encodeCursor(position: CursorPosition, style: 'base64url' | 'base64' = 'base64url'): string {
  const text = Buffer.from(`c|${position.seq}|${position.connectionId}`, 'utf8');
  if (style === 'base64url') return PREFIX + text.toString('base64url');
  // Length 3k+1 bytes, so the standard encoding always ends with "==" (a trailing '|' is ignored).
  const padding = Buffer.alloc((((1 - MARK.length - text.length) % 3) + 3) % 3, 0x7c);
  return PREFIX + Buffer.concat([MARK, text, padding]).toString('base64');
}

export function decodeCursor(cursor: string): CursorPosition | undefined {
  if (!cursor.startsWith(PREFIX)) return undefined;
  const body = cursor.slice(PREFIX.length);
  let text: string;
  if (/^[A-Za-z0-9_-]+$/.test(body)) text = Buffer.from(body, 'base64url').toString('utf8');
  else if (/^[A-Za-z0-9+/]+={0,2}$/.test(body)) {
    const bytes = Buffer.from(body, 'base64');
    if (!bytes.subarray(0, MARK.length).equals(MARK)) return undefined;
    text = bytes.subarray(MARK.length).toString('utf8');
  } else return undefined;
  const [tag, seqText, connectionId] = text.split('|');
  if (tag !== 'c' || !seqText || !/^\d+$/.test(seqText) || !connectionId) return undefined;
  return { connectionId, seq: Number(seqText) };
}
