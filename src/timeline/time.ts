// Call event timestamps carry microseconds ("2019-03-29T11:10:19.127783Z"); `Date` keeps only
// milliseconds, so ordering and gaps are computed on integer microseconds parsed from the string.

const ISO_SHAPE = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})(?:[.,](\d+))?(Z|[+-]\d{2}:?\d{2})?$/i;

/** Microseconds since the epoch, or NaN when the text is not an ISO 8601 date-time. */
export function parseTimestampMicros(text: string): number {
  const match = ISO_SHAPE.exec(text.trim());
  if (!match) return Number.NaN;
  const [, date, time, fraction = '', zone = 'Z'] = match;
  const normalisedZone =
    zone.toUpperCase() === 'Z' ? 'Z' : zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone;
  const wholeSeconds = Date.parse(`${date}T${time}${normalisedZone}`);
  if (Number.isNaN(wholeSeconds)) return Number.NaN;
  const micros = Number((fraction + '000000').slice(0, 6));
  return wholeSeconds * 1000 + micros;
}

/** A signed span of microseconds in a compact, unit-bearing form: "850 µs", "12.3 ms", "4.207 s", "2 min 05 s", "1 h 02 min". */
export function formatSpan(micros: number): string {
  if (!Number.isFinite(micros)) return '—';
  const sign = micros < 0 ? '−' : '';
  const us = Math.abs(Math.round(micros));
  // Nothing has passed: "0 s" reads as the start, where "0 µs" suggested a measurement.
  if (us === 0) return '0 s';
  if (us < 1000) return `${sign}${us} µs`;
  if (us < 1_000_000) return `${sign}${trimZeros((us / 1000).toFixed(1))} ms`;
  if (us < 60_000_000) return `${sign}${trimZeros((us / 1_000_000).toFixed(3))} s`;
  const totalSeconds = Math.floor(us / 1_000_000);
  if (totalSeconds < 3600) return `${sign}${Math.floor(totalSeconds / 60)} min ${pad2(totalSeconds % 60)} s`;
  return `${sign}${Math.floor(totalSeconds / 3600)} h ${pad2(Math.floor((totalSeconds % 3600) / 60))} min`;
}

/** The UTC form kept at microsecond precision, for hover titles: "2019-03-29 11:10:19.127783 UTC". */
export function formatUtcMicros(micros: number): string {
  if (!Number.isFinite(micros)) return '';
  const ms = Math.floor(micros / 1000);
  const iso = new Date(ms).toISOString(); // 2019-03-29T11:10:19.127Z
  const fraction = String(((micros % 1_000_000) + 1_000_000) % 1_000_000).padStart(6, '0');
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}.${fraction} UTC`;
}

/** ISO 8601 at microsecond precision, for `filter[occurred_at]`: "2019-03-29T11:10:19.127783Z". */
export function formatIsoMicros(micros: number): string {
  if (!Number.isFinite(micros)) return '';
  const iso = new Date(Math.floor(micros / 1000)).toISOString();
  const fraction = String(((micros % 1_000_000) + 1_000_000) % 1_000_000).padStart(6, '0');
  return `${iso.slice(0, 19)}.${fraction}Z`;
}

function pad2(value: number): string {
  return String(value).padStart(2, '0');
}

function trimZeros(text: string): string {
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}
