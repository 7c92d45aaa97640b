// Event times are kept as integer microseconds since the epoch (exact in a double until year 2255),
// because Telnyx timestamps carry microseconds and `Date` would drop them.

export function isoMicros(us: number): string {
  const ms = Math.floor(us / 1000);
  const micros = us - ms * 1000;
  const base = new Date(ms).toISOString(); // 2026-11-25T10:00:00.123Z
  return `${base.slice(0, 23)}${String(micros).padStart(3, '0')}Z`;
}

export function isoMillis(ms: number): string {
  return new Date(ms).toISOString();
}

const ISO_SHAPE = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}:\d{2}(?::\d{2})?)(?:\.(\d+))?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** Parses an ISO 8601 time to microseconds, keeping every fractional digit up to the sixth. */
export function parseIsoMicros(text: string): number | undefined {
  const m = ISO_SHAPE.exec(text);
  if (!m) return undefined;
  const [, date, time = '00:00:00', fraction = '', zone = 'Z'] = m;
  const seconds = time.length === 5 ? `${time}:00` : time;
  const wholeMs = Date.parse(`${date}T${seconds}${zone}`);
  if (Number.isNaN(wholeMs)) return undefined;
  const micros = Number(fraction.slice(0, 6).padEnd(6, '0'));
  return wholeMs * 1000 + micros;
}
