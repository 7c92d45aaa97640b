// Search-as-you-type against the server: waits for a pause in typing, needs a minimum length, and
// aborts the previous request as soon as the query changes. No `vscode` here: unit-tested in Node.

/** Find Connection's pause before it searches (also what its UI test judges typing by). */
export const CONNECTION_SEARCH_DELAY_MS = 300;

export interface LiveSearchOptions {
  delayMs: number;
  minLength: number;
  setTimer?: (callback: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

export type LiveSearchEvent<T> =
  | { state: 'tooShort'; query: string }
  | { state: 'searching'; query: string }
  | { state: 'done'; query: string; result: T }
  | { state: 'failed'; query: string; error: unknown };

export class LiveSearch<T> {
  private timer: unknown;
  private controller: AbortController | undefined;
  private disposed = false;

  constructor(
    private readonly search: (query: string, signal: AbortSignal) => Promise<T>,
    private readonly report: (event: LiveSearchEvent<T>) => void,
    private readonly options: LiveSearchOptions,
  ) {}

  /** Called on every keystroke; only the last query that stays unchanged for `delayMs` is sent. */
  update(rawQuery: string): void {
    if (this.disposed) return;
    const query = rawQuery.trim();
    this.cancelPending();
    if (query.length < this.options.minLength) {
      this.report({ state: 'tooShort', query });
      return;
    }
    this.timer = (this.options.setTimer ?? setTimeout)(() => void this.run(query), this.options.delayMs);
  }

  dispose(): void {
    this.disposed = true;
    this.cancelPending();
  }

  private cancelPending(): void {
    if (this.timer !== undefined)
      (this.options.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>)))(this.timer);
    this.timer = undefined;
    this.controller?.abort();
    this.controller = undefined;
  }

  private async run(query: string): Promise<void> {
    this.timer = undefined;
    const controller = new AbortController();
    this.controller = controller;
    this.report({ state: 'searching', query });
    try {
      const result = await this.search(query, controller.signal);
      if (this.controller === controller && !controller.signal.aborted) this.report({ state: 'done', query, result });
    } catch (error) {
      if (this.controller === controller && !controller.signal.aborted) this.report({ state: 'failed', query, error });
    } finally {
      if (this.controller === controller) this.controller = undefined;
    }
  }
}
