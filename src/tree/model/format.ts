// Text shown on call rows. Pure functions, no 'vscode'.
import { decodeClientState as decodeClientStateBytes } from '../../timeline/clientState';

/** 0:07, 12:34, 1:02:03 */
export function formatDuration(totalSeconds: number): string {
  const seconds = Math.max(0, Math.floor(totalSeconds));
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** The first characters of an id, enough to tell rows apart; the full id is in the tooltip. */
export function shortenId(id: string, keep = 8): string {
  return id.length > keep + 1 ? `${id.slice(0, keep)}…` : id;
}

/**
 * The decoded client_state when it is printable text on one line, else undefined so the row never
 * shows binary noise or breaks; the tooltip and the call panel show the rest.
 */
export function decodeClientState(clientState: string | null | undefined): string | undefined {
  const decoded = decodeClientStateBytes(clientState);
  if (decoded.kind !== 'text' || !decoded.text.trim()) return undefined;
  return /[\t\n\r\u2028\u2029\ufffd]/.test(decoded.text) ? undefined : decoded.text;
}

/** Long text cut for a row; the tooltip keeps all of it. */
export function truncate(text: string, max = 40): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
