// The x-ratelimit-* headers Telnyx sends. Reported, not enforced: rate limiting is a fault to inject.

const WINDOW_MS = 60_000;

export class RateWindow {
  private windowStart = Date.now();
  private used = 0;

  constructor(readonly limit = 600) {}

  /** Counts one request and returns the headers to send with it. */
  hit(): { limit: number; remaining: number; resetSeconds: number } {
    const now = Date.now();
    if (now - this.windowStart >= WINDOW_MS) {
      this.windowStart = now;
      this.used = 0;
    }
    this.used++;
    return {
      limit: this.limit,
      remaining: Math.max(0, this.limit - this.used),
      resetSeconds: Math.max(1, Math.ceil((this.windowStart + WINDOW_MS - now) / 1000)),
    };
  }
}
