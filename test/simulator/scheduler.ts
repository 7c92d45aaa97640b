// Timers of the simulator's Call Control side (a callee answering, a prompt ending, a webhook retry):
// all cancelled by close(), so nothing outlives the simulator.
export class Scheduler {
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly sleepers = new Set<() => void>();
  private closed = false;

  get isClosed(): boolean {
    return this.closed;
  }

  /** Runs `task` after `ms` (real time), unless the simulator closes first. Returns a cancel function. */
  after(ms: number, task: () => void): () => void {
    if (this.closed) return () => undefined;
    const timer = setTimeout(
      () => {
        this.timers.delete(timer);
        if (!this.closed) task();
      },
      Math.max(0, ms),
    );
    this.timers.add(timer);
    return () => {
      clearTimeout(timer);
      this.timers.delete(timer);
    };
  }

  /** A wait that close() cuts short. */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      if (this.closed || ms <= 0) return resolve();
      this.sleepers.add(resolve);
      this.after(ms, () => {
        this.sleepers.delete(resolve);
        resolve();
      });
    });
  }

  close(): void {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const wake of this.sleepers) wake();
    this.sleepers.clear();
  }
}
