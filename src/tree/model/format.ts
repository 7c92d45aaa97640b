// Text shown on call rows. Pure functions, no 'vscode'.
import { decodeClientState } from '../../timeline/clientState';

// Durations and short ids read the same on every surface: the core's.
export { formatDuration, shortId as shortenId } from '../../core/format';

/**
 * The decoded client_state when it is printable text on one line, else undefined so the row never
 * shows binary noise or breaks; the tooltip and the call panel show the rest.
 */
export function clientStateOnRow(clientState: string | null | undefined): string | undefined {
  const decoded = decodeClientState(clientState);
  if (decoded.kind !== 'text' || !decoded.text.trim()) return undefined;
  return /[\t\n\r\u2028\u2029\ufffd]/.test(decoded.text) ? undefined : decoded.text;
}

/** Long text cut for a row; the tooltip keeps all of it. */
export function truncate(text: string, max = 40): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
