// What is left of Telnyx's rate-limit window for one endpoint (Telnyx's limits are per endpoint), as
// the answers' x-ratelimit-* headers tell it, so a reader of many pages can go as wide as the window
// allows and no wider. The estimate errs low: every request sent and not yet answered is taken off
// the last figure, whether Telnyx had counted it by then or not.
import { parseRateLimitReset } from './rateLimit';

type HeaderValue = string | string[] | undefined;

/** How long a figure is trusted when the answer gave no reset time: the usual window. */
const DEFAULT_WINDOW_MS = 60_000;

function headerNumber(value: HeaderValue): number | undefined {
  const text = (Array.isArray(value) ? value[0] : value)?.trim();
  if (!text || !/^\d+$/.test(text)) return undefined;
  return Number(text);
}

export class RemainingRequests {
  private remaining: number | undefined;
  private limit: number | undefined;
  private resetAt = 0;
  private inFlight = 0;
  /** Requests sent and unanswered when the last figure was read, or sent since: each is taken off it. */
  private uncounted = 0;

  noteSent(): void {
    this.inFlight++;
    this.uncounted++;
  }

  /** An answer (any status) to one of the requests in flight, before `noteDone` for it. */
  noteAnswer(headers: Record<string, HeaderValue>, nowMs: number): void {
    const remaining = headerNumber(headers['x-ratelimit-remaining']);
    if (remaining === undefined) return;
    this.remaining = remaining;
    this.limit = headerNumber(headers['x-ratelimit-limit']) ?? this.limit;
    const resetSeconds = parseRateLimitReset(headers['x-ratelimit-reset'], nowMs);
    this.resetAt = nowMs + (resetSeconds !== undefined ? resetSeconds * 1000 : DEFAULT_WINDOW_MS);
    this.uncounted = Math.max(0, this.inFlight - 1);
  }

  /** The request is over (answered, failed or cancelled). */
  noteDone(): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
  }

  /**
   * Requests that may still be sent in this window, or undefined while no answer has said (or the
   * window has ended and its limit is unknown). After the reset: the limit, less what is in flight.
   */
  spare(nowMs: number): number | undefined {
    if (this.remaining === undefined) return undefined;
    if (nowMs >= this.resetAt) return this.limit === undefined ? undefined : Math.max(0, this.limit - this.inFlight);
    return Math.max(0, this.remaining - this.uncounted);
  }
}
