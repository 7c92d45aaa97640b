// One budget per client, shared by the tree, panels and hovers: a bounded number of requests in
// flight (first come, first served) and, when Telnyx says the rate limit is spent, a pause that
// holds every caller until the reset instead of letting each one discover the 429 on its own.
import { cancelledError, raceAbort, type Sleep } from './abort';

interface Pause {
  until: number;
  gate: Promise<void>;
  stop: AbortController;
}

interface Waiter {
  grant: () => void;
}

export class RequestBudget {
  private inFlight = 0;
  private readonly queue: Waiter[] = [];
  private pause: Pause | undefined;

  constructor(
    private readonly maxInFlight: number,
    private readonly sleep: Sleep,
  ) {}

  get active(): number {
    return this.inFlight;
  }

  get queued(): number {
    return this.queue.length;
  }

  /** Waits for a slot and for any pause to end; resolves with the function that gives the slot back. */
  async acquire(signal?: AbortSignal): Promise<() => void> {
    await this.takeSlot(signal);
    let released = false;
    const release = (): void => {
      if (released) return;
      released = true;
      this.releaseSlot();
    };
    try {
      while (this.pause) await raceAbort(this.pause.gate, signal);
    } catch (error) {
      release();
      throw error;
    }
    return release;
  }

  /** Everybody waits `ms` before their next request; a longer pause already running is kept. */
  pauseFor(ms: number): void {
    if (ms <= 0) return;
    const until = Date.now() + ms;
    if (this.pause && this.pause.until >= until) return;
    const stop = new AbortController();
    const gate: Promise<void> = this.sleep(ms, stop.signal)
      .catch(() => undefined)
      .then(() => {
        if (this.pause?.gate === gate) this.pause = undefined;
      });
    this.pause = { until, gate, stop };
  }

  /** Ends any pause (the client is closing; its callers are being cancelled anyway). */
  dispose(): void {
    const pause = this.pause;
    this.pause = undefined;
    pause?.stop.abort();
  }

  private takeSlot(signal: AbortSignal | undefined): Promise<void> {
    if (signal?.aborted) return Promise.reject(cancelledError(signal));
    if (this.inFlight < this.maxInFlight && this.queue.length === 0) {
      this.inFlight++;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        grant: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = (): void => {
        const index = this.queue.indexOf(waiter);
        if (index >= 0) this.queue.splice(index, 1);
        reject(cancelledError(signal));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.queue.push(waiter);
    });
  }

  private releaseSlot(): void {
    const next = this.queue.shift();
    // The slot passes straight to the next waiter, so the count stays the same.
    if (next) next.grant();
    else this.inFlight--;
  }
}
