// Text shown on call rows. Pure functions, no 'vscode'.

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

const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;

/**
 * client_state is base64 of whatever the app put there. Returns the text when it decodes to
 * printable UTF-8 (no control characters), else undefined so the row never shows binary noise.
 */
export function decodeClientState(clientState: string | null | undefined): string | undefined {
  const raw = clientState?.trim();
  if (!raw || !BASE64.test(raw)) return undefined;
  const bytes = Buffer.from(raw.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  if (bytes.length === 0) return undefined;
  const text = bytes.toString('utf8');
  if (!Buffer.from(text, 'utf8').equals(bytes)) return undefined;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufffd]/.test(text)) return undefined;
  return text.trim() ? text : undefined;
}

/** Long text cut for a row; the tooltip keeps all of it. */
export function truncate(text: string, max = 40): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
