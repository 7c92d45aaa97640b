// Cancellation plumbing: every wait (a request, a backoff, a place in the budget queue) ends at
// once when the caller's signal, or the client's own close, aborts.
import { setMaxListeners } from 'node:events';
import { TelnyxError } from './errors';
import { CANCELLED_MESSAGE } from './messages';

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/** The error a waiter rejects with: the closing client's reason, else a plain cancellation. */
export function cancelledError(signal: AbortSignal | undefined): TelnyxError {
  const reason: unknown = signal?.reason;
  const message = reason instanceof TelnyxError && reason.kind === 'cancelled' ? reason.message : CANCELLED_MESSAGE;
  return new TelnyxError({ kind: 'cancelled', message });
}

export const realSleep: Sleep = (ms, signal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(cancelledError(signal));
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(cancelledError(signal));
    };
    const timer = setTimeout(
      () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      },
      Math.max(0, ms),
    );
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/** Settles with `promise`, or rejects as cancelled the moment `signal` aborts. */
export function raceAbort<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) {
    promise.catch(() => undefined);
    return Promise.reject(cancelledError(signal));
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(cancelledError(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/**
 * A signal that aborts when any source does; `dispose` detaches it from long-lived sources. The linked
 * signal may itself be the source of every page of a wide read (16 in flight), one listener each.
 */
export function linkSignals(...sources: Array<AbortSignal | undefined>): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  const detach: Array<() => void> = [];
  for (const source of sources) {
    if (!source) continue;
    if (source.aborted) {
      controller.abort(source.reason);
      break;
    }
    const onAbort = (): void => controller.abort(source.reason);
    source.addEventListener('abort', onAbort, { once: true });
    detach.push(() => source.removeEventListener('abort', onAbort));
  }
  return { signal: controller.signal, dispose: () => detach.forEach((fn) => fn()) };
}
