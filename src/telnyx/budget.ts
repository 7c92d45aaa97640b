// One budget per client, shared by the tree, panels and hovers: a bounded number of requests in
// flight and, when Telnyx says the rate limit is spent, a pause that holds every caller until the
// reset instead of letting each one discover the 429 on its own. Waiting callers are served by
// priority, first come first served within one: what the user is looking at right now (a hover, the
// visible panel) must not wait behind the tree's background polling.
import { cancelledError, raceAbort, type Sleep } from './abort';
import type { RequestPriority } from './types';

/** Served in this order when callers wait; `normal` is the default. */
const PRIORITY_ORDER: readonly RequestPriority[] = ['interactive', 'normal', 'background'];

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
  private readonly queues = new Map<RequestPriority, Waiter[]>(PRIORITY_ORDER.map((priority) => [priority, []]));
  private pause: Pause | undefined;

  constructor(
    private readonly maxInFlight: number,
    private readonly sleep: Sleep,
  ) {}

  get active(): number {
    return this.inFlight;
  }

  get queued(): number {
    let count = 0;
    for (const queue of this.queues.values()) count += queue.length;
    return count;
  }

  /** Waits for a slot and for any pause to end; resolves with the function that gives the slot back. */
  async acquire(signal?: AbortSignal, priority: RequestPriority = 'normal'): Promise<() => void> {
    await this.takeSlot(signal, priority);
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

  private takeSlot(signal: AbortSignal | undefined, priority: RequestPriority): Promise<void> {
    if (signal?.aborted) return Promise.reject(cancelledError(signal));
    const queue = this.queues.get(priority) ?? this.queues.get('normal') ?? [];
    if (this.inFlight < this.maxInFlight && this.queued === 0) {
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
        const index = queue.indexOf(waiter);
        if (index >= 0) queue.splice(index, 1);
        reject(cancelledError(signal));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      queue.push(waiter);
    });
  }

  private releaseSlot(): void {
    let next: Waiter | undefined;
    for (const priority of PRIORITY_ORDER) {
      next = this.queues.get(priority)?.shift();
      if (next) break;
    }
    // The slot passes straight to the next waiter, so the count stays the same.
    if (next) next.grant();
    else this.inFlight--;
  }
}
