// A small cache for "ask the server about this id": at most one request per key at a time, answers
// kept for a time-to-live that depends on the answer, and a request abandoned only when every caller
// waiting on it has gone away. No `vscode` here: it is unit-tested in plain Node with a fake clock.

export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** Rejection of a waiter whose own signal was aborted (the shared request may still be running). */
export class WaitCancelledError extends Error {
  constructor() {
    super('Cancelled');
    this.name = 'WaitCancelledError';
  }
}

/** Rejection of a waiter whose cache was abandoned (a new account): ask the new cache instead. */
export class AbandonedError extends Error {
  constructor() {
    super('Abandoned');
    this.name = 'AbandonedError';
  }
}

/** By name, not `instanceof`: a reader in another bundle has its own copy of the class. */
export function isWaitCancelledError(error: unknown): boolean {
  return error instanceof Error && error.name === 'WaitCancelledError';
}

export type Outcome<V> = { ok: true; value: V } | { ok: false; error: unknown };

interface Flight<V> {
  readonly controller: AbortController;
  readonly settled: Promise<Outcome<V>>;
  waiters: number;
}

export interface TtlCacheOptions<V> {
  /** Milliseconds to keep an outcome; 0 or less: do not keep it. Called once per settled request. */
  ttlMs(outcome: Outcome<V>): number;
  clock?: Clock;
  /** Kept outcomes beyond this many evict the oldest (default 500). */
  maxEntries?: number;
}

export class TtlCache<K, V> {
  private readonly kept = new Map<K, { outcome: Outcome<V>; expiresAt: number }>();
  private readonly inFlight = new Map<K, Flight<V>>();
  private generation = 0;
  private abandoned = false;
  private readonly clock: Clock;

  constructor(private readonly options: TtlCacheOptions<V>) {
    this.clock = options.clock ?? systemClock;
  }

  /**
   * The kept outcome for `key`, else the running request's, else a new `load`. Aborting `signal`
   * rejects this caller with WaitCancelledError; the request itself is aborted only when no caller
   * waits on it any more.
   */
  get(key: K, load: (signal: AbortSignal) => Promise<V>, signal?: AbortSignal): Promise<V> {
    if (this.abandoned) return Promise.reject(new AbandonedError());
    if (signal?.aborted) return Promise.reject(new WaitCancelledError());
    const kept = this.kept.get(key);
    if (kept) {
      if (kept.expiresAt > this.clock.now())
        return kept.outcome.ok ? Promise.resolve(kept.outcome.value) : Promise.reject(kept.outcome.error);
      this.kept.delete(key);
    }
    const flight = this.inFlight.get(key) ?? this.start(key, load);
    return this.wait(key, flight, signal);
  }

  /** Whether an outcome for `key` is kept and fresh (no request would be made). */
  peek(key: K): Outcome<V> | undefined {
    if (this.abandoned) return undefined;
    const kept = this.kept.get(key);
    return kept && kept.expiresAt > this.clock.now() ? kept.outcome : undefined;
  }

  /** Forgets one kept outcome (a request already running still answers its waiters). */
  forget(key: K): void {
    this.kept.delete(key);
  }

  /** Forgets every kept outcome; requests already running finish for their waiters but are not kept. */
  clear(): void {
    this.generation++;
    this.kept.clear();
    this.inFlight.clear();
  }

  /**
   * For good: aborts every running request and rejects its waiters with AbandonedError; later calls
   * reject at once. Used when what the cache holds belongs to an account that is no longer in use.
   */
  abandon(): void {
    this.abandoned = true;
    const flights = [...this.inFlight.values()];
    this.clear();
    for (const flight of flights) flight.controller.abort();
  }

  get size(): number {
    return this.kept.size;
  }

  private start(key: K, load: (signal: AbortSignal) => Promise<V>): Flight<V> {
    const controller = new AbortController();
    const generation = this.generation;
    const run = async (): Promise<Outcome<V>> => {
      try {
        return { ok: true, value: await load(controller.signal) };
      } catch (error) {
        return { ok: false, error };
      }
    };
    const flight: Flight<V> = {
      controller,
      waiters: 0,
      settled: run().then((outcome) => {
        if (this.inFlight.get(key) === flight) this.inFlight.delete(key);
        if (!controller.signal.aborted && generation === this.generation) this.keep(key, outcome);
        return outcome;
      }),
    };
    this.inFlight.set(key, flight);
    return flight;
  }

  private keep(key: K, outcome: Outcome<V>): void {
    const ttl = this.options.ttlMs(outcome);
    if (!(ttl > 0)) return;
    this.kept.delete(key);
    this.kept.set(key, { outcome, expiresAt: this.clock.now() + ttl });
    const max = this.options.maxEntries ?? 500;
    for (const oldest of this.kept.keys()) {
      if (this.kept.size <= max) break;
      this.kept.delete(oldest);
    }
  }

  private wait(key: K, flight: Flight<V>, signal: AbortSignal | undefined): Promise<V> {
    flight.waiters++;
    return new Promise<V>((resolve, reject) => {
      let done = false;
      const leave = (): void => {
        done = true;
        flight.waiters--;
        signal?.removeEventListener('abort', onAbort);
      };
      const onAbort = (): void => {
        if (done) return;
        leave();
        if (flight.waiters === 0) {
          // Nobody else wants this answer: stop the request and let the next caller start afresh.
          if (this.inFlight.get(key) === flight) this.inFlight.delete(key);
          flight.controller.abort();
        }
        reject(new WaitCancelledError());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      void flight.settled.then((outcome) => {
        if (done) return;
        leave();
        if (this.abandoned) reject(new AbandonedError());
        else if (outcome.ok) resolve(outcome.value);
        else reject(outcome.error);
      });
    });
  }
}
