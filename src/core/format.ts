// How ids, durations and times read on every surface (tree, hover, panel, palette, chat). One style
// each, so a call looks the same wherever it shows.
//
// Time rule: an instant from the API is shown in UTC as `YYYY-MM-DD HH:MM:SS UTC` on every surface
// that is plain text (hover, tree tooltips, palette, chat, log), because the extension host's time
// zone is often not the user's (Remote-SSH, WSL, containers). Only the call panel, which runs in the
// user's browser, shows local time, and it always puts this UTC form (at the API's microsecond
// precision, `formatUtcMicros`) in the element's title. Text the API sent that is not a time is
// shown as it came.
//
// No `vscode` and no Node APIs here: the webview bundle uses these too.
import { formatUtcMicros, parseTimestampMicros } from '../timeline/time';

/**
 * An id cut for titles and rows: a `v3:` prefix kept, then the first 8 characters and "…"; ids that
 * would lose only a character or two stay whole. The full id is always in a tooltip or a copy action.
 */
export function shortId(id: string): string {
  const prefix = /^v\d+:/.exec(id)?.[0] ?? '';
  const body = id.slice(prefix.length);
  return body.length > 10 ? `${prefix}${body.slice(0, 8)}…` : id;
}

/** A call duration as a clock: "0:07", "12:34", "1:02:03"; "—" when unknown. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '—';
  // A clock a little ahead of the server's must not show a negative duration.
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h > 0 ? `${h}:${pad2(m)}:${pad2(s % 60)}` : `${m}:${pad2(s % 60)}`;
}

/** "2024-05-01 12:00:03 UTC" from an API timestamp (the API's own text when it does not parse). */
export function formatTimestamp(timestamp: string): string {
  const micros = parseTimestampMicros(timestamp);
  if (Number.isNaN(micros)) return timestamp;
  return formatUtcMicros(micros).replace(/\.\d+ UTC$/, ' UTC');
}

function pad2(value: number): string {
  return String(value).padStart(2, '0');
}
