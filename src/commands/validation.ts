// Checks of what a person types into the palette commands besides ids (those are in core/ids). No
// `vscode` here (unit-tested in plain Node): each check returns a problem code, and the command turns
// it into a translated message.
export type PhoneProblem = 'empty' | 'format';

/**
 * A number as Telnyx stores it: E.164 (`+` and 7–15 digits; spaces, dots, dashes and brackets are
 * dropped) or a SIP URI. Returns the normalised value.
 */
export function normalisePhoneNumber(
  value: string,
): { ok: true; value: string } | { ok: false; problem: PhoneProblem } {
  const trimmed = value.trim();
  if (!trimmed) return { ok: false, problem: 'empty' };
  if (/^sips?:[^\s@]+@[^\s@]+$/i.test(trimmed)) return { ok: true, value: trimmed };
  const compact = trimmed.replace(/[\s().-]/g, '');
  if (/^\+[1-9]\d{6,14}$/.test(compact)) return { ok: true, value: compact };
  return { ok: false, problem: 'format' };
}

/** Without a leg or session id, Telnyx searches call events of the last 24 hours only. */
export const EVENT_SEARCH_WINDOW_MS = 24 * 60 * 60 * 1000;

export type TimeWindowProblem = 'empty' | 'unreadable' | 'future' | 'tooOld' | 'order';

export interface TimeWindow {
  /** Sent to the API as the one `occurred_at` bound allowed (`gte`). */
  notBefore: string;
  /** Applied locally, since only one bound may be sent; undefined means up to now. */
  notAfter: string | undefined;
}

/** The last `minutes` minutes, ending now. */
export function lastMinutes(minutes: number, nowMs: number): TimeWindow {
  return { notBefore: new Date(nowMs - minutes * 60_000).toISOString(), notAfter: undefined };
}

/**
 * A custom window typed as `<start>` or `<start> to <end>` (also `..`), each an ISO 8601 date-time
 * such as `2025-05-01T14:00Z` or `2025-05-01 14:00` (local time). The start must lie within the
 * last 24 hours.
 */
export function parseTimeWindow(
  value: string,
  nowMs: number,
): { ok: true; window: TimeWindow } | { ok: false; problem: TimeWindowProblem } {
  const trimmed = value.trim();
  if (!trimmed) return { ok: false, problem: 'empty' };
  const parts = trimmed.split(/\s+to\s+|\s*\.\.\s*|\s+–\s+/i);
  if (parts.length > 2) return { ok: false, problem: 'unreadable' };
  const start = parseMoment(parts[0] ?? '');
  const end = parts[1] !== undefined ? parseMoment(parts[1]) : undefined;
  if (start === undefined || (parts[1] !== undefined && end === undefined)) return { ok: false, problem: 'unreadable' };
  if (start > nowMs) return { ok: false, problem: 'future' };
  if (nowMs - start > EVENT_SEARCH_WINDOW_MS) return { ok: false, problem: 'tooOld' };
  if (end !== undefined && end <= start) return { ok: false, problem: 'order' };
  return {
    ok: true,
    window: {
      notBefore: new Date(start).toISOString(),
      notAfter: end !== undefined && end < nowMs ? new Date(end).toISOString() : undefined,
    },
  };
}

/**
 * The time zone a custom window without an offset is read in: the extension host's, which under
 * Remote-SSH, WSL or a container is often UTC, not the user's. E.g. "Europe/Berlin, UTC+02:00".
 */
export function hostTimeZoneLabel(nowMs: number, timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone): string {
  const minutes = -new Date(nowMs).getTimezoneOffset();
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  const offset = `UTC${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return timeZone ? `${timeZone}, ${offset}` : offset;
}

function parseMoment(text: string): number | undefined {
  const trimmed = text.trim();
  // A date-time is required: `Date.parse` also reads bare numbers and other loose forms.
  if (!/^\d{4}-\d{2}-\d{2}[T ]\d{1,2}:\d{2}/.test(trimmed)) return undefined;
  const parsed = Date.parse(trimmed.replace(' ', 'T'));
  return Number.isNaN(parsed) ? undefined : parsed;
}
