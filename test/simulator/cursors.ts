// Opaque active-call cursors. They carry the call's start sequence number, not a list position,
// so a cursor keeps pointing at the same place while other calls start and end.

const PREFIX = 'v1:';

export interface CursorPosition {
  connectionId: string;
  seq: number;
}

export function encodeCursor(position: CursorPosition): string {
  return PREFIX + Buffer.from(`c|${position.seq}|${position.connectionId}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): CursorPosition | undefined {
  if (!cursor.startsWith(PREFIX)) return undefined;
  const body = cursor.slice(PREFIX.length);
  if (!/^[A-Za-z0-9_-]+$/.test(body)) return undefined;
  const [tag, seqText, connectionId] = Buffer.from(body, 'base64url').toString('utf8').split('|');
  if (tag !== 'c' || !seqText || !/^\d+$/.test(seqText) || !connectionId) return undefined;
  return { connectionId, seq: Number(seqText) };
}
