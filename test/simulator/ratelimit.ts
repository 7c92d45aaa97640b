// The x-ratelimit-* headers Telnyx sends, counted per request as it arrives. Reported; enforced
// (429, code 10011, as Telnyx answers over its limit) only when asked, so that suites making many
// requests to one simulator do not meet a limit they are not about.

const DEFAULT_WINDOW_MS = 60_000;

export interface RateLimitSettings {
  /** Requests a window allows (default 600). */
  limit?: number;
  /** Length of the window in milliseconds (default 60,000). */
  windowMs?: number;
  /** Answer 429 to requests over the limit (default false: only reported). */
  enforce?: boolean;
  /** Requests already counted in the current window (as if another program had spent them). */
  used?: number;
}

export interface RateFigures {
  limit: number;
  remaining: number;
  resetSeconds: number;
}

export class RateWindow {
  private windowStart = Date.now();
  private used = 0;
  private limit = 600;
  private windowMs = DEFAULT_WINDOW_MS;
  enforce = false;

  configure(settings: RateLimitSettings): void {
    if (settings.limit !== undefined) this.limit = Math.max(1, Math.floor(settings.limit));
    if (settings.windowMs !== undefined) this.windowMs = Math.max(1, Math.floor(settings.windowMs));
    if (settings.enforce !== undefined) this.enforce = settings.enforce;
    this.windowStart = Date.now();
    this.used = Math.max(0, Math.floor(settings.used ?? 0));
  }

  /** Counts one arriving request: its figures, and whether it is over the limit. */
  hit(): RateFigures & { over: boolean } {
    this.roll();
    this.used++;
    return { ...this.peek(), over: this.used > this.limit };
  }

  /** The figures now, without counting anything. */
  peek(): RateFigures {
    this.roll();
    const now = Date.now();
    return {
      limit: this.limit,
      remaining: Math.max(0, this.limit - this.used),
      resetSeconds: Math.max(1, Math.ceil((this.windowStart + this.windowMs - now) / 1000)),
    };
  }

  private roll(): void {
    const now = Date.now();
    if (now - this.windowStart >= this.windowMs) {
      this.windowStart = now;
      this.used = 0;
    }
  }
}
