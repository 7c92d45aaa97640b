// The live tap of this window (src/tap), started and stopped by its commands (src/liveTap). The
// holder is made at activation and costs nothing until a tap starts: the tap's code is loaded then.
// A stopped tap stays here, so what it recorded can be read until the window closes or the next
// start (which carries the record over).
import type { LiveTap, TapRecordEvent } from '../tap/model';

export type LiveTapChange = { kind: 'started' | 'stopped' | 'cleared' } | { kind: 'recorded'; event: TapRecordEvent };

export class LiveTapHolder {
  private tap: LiveTap | undefined;
  private recording: { dispose(): void } | undefined;
  private readonly listeners = new Set<(change: LiveTapChange) => void>();

  /** The running tap, or the last one stopped (its record still readable); undefined before any start. */
  current(): LiveTap | undefined {
    return this.tap;
  }

  isListening(): boolean {
    return this.tap?.status().listening ?? false;
  }

  /** Holds a tap that has just started, in place of the previous one. */
  started(tap: LiveTap): void {
    this.recording?.dispose();
    this.tap = tap;
    this.recording = tap.onDidRecord((event) => this.fire({ kind: 'recorded', event }));
    this.fire({ kind: 'started' });
  }

  /** Stops the running tap (both ports freed); its record stays. */
  async stop(): Promise<void> {
    if (!this.tap?.status().listening) return;
    await this.tap.stop();
    this.fire({ kind: 'stopped' });
  }

  /** Forgets a stopped tap and its record (the user cleared it); false while a tap listens. */
  clear(): boolean {
    if (!this.tap || this.tap.status().listening) return false;
    this.recording?.dispose();
    this.recording = undefined;
    this.tap = undefined;
    this.fire({ kind: 'cleared' });
    return true;
  }

  onDidChange(listener: (change: LiveTapChange) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => void this.listeners.delete(listener) };
  }

  dispose(): void {
    this.recording?.dispose();
    this.listeners.clear();
    void this.tap?.stop();
  }

  private fire(change: LiveTapChange): void {
    for (const listener of [...this.listeners]) listener(change);
  }
}
