// Dates in the user's locale and time zone, always with the UTC value at full precision for the
// hover title.
import { formatUtcMicros, parseTimestampMicros } from '../timeline/time';

export class Formatter {
  private readonly timeOfDay: Intl.DateTimeFormat;
  private readonly dateTime: Intl.DateTimeFormat;
  private readonly numbers: Intl.NumberFormat;
  private readonly day: Intl.DateTimeFormat;

  constructor(locale: string) {
    const safeLocale = Intl.DateTimeFormat.supportedLocalesOf([locale]).length ? locale : undefined;
    this.timeOfDay = new Intl.DateTimeFormat(safeLocale, {
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      fractionalSecondDigits: 3,
      hourCycle: 'h23',
    });
    this.dateTime = new Intl.DateTimeFormat(safeLocale, { dateStyle: 'medium', timeStyle: 'medium' });
    this.numbers = new Intl.NumberFormat(safeLocale);
    this.day = new Intl.DateTimeFormat(safeLocale, { month: 'short', day: 'numeric' });
  }

  /** "Dec 1" local; empty when unreadable. */
  localDay(micros: number): string {
    return Number.isFinite(micros) ? this.day.format(new Date(Math.floor(micros / 1000))) : '';
  }

  /** "14:03:07.123" local; empty when unreadable. */
  localTimeOfDay(micros: number): string {
    return Number.isFinite(micros) ? this.timeOfDay.format(new Date(Math.floor(micros / 1000))) : '';
  }

  /** Local date and time of an API timestamp, and its UTC form for the title. */
  localDateTime(timestamp: string | undefined): { text: string; utc: string } | undefined {
    if (!timestamp) return undefined;
    const micros = parseTimestampMicros(timestamp);
    if (Number.isNaN(micros)) return { text: timestamp, utc: timestamp };
    return { text: this.dateTime.format(new Date(Math.floor(micros / 1000))), utc: formatUtcMicros(micros) };
  }

  number(value: number): string {
    return this.numbers.format(value);
  }
}

export { shortId } from '../core/format';
