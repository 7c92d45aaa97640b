// The tap's record: entries grouped by call_control_id, bounded (the oldest call goes first), with
// listeners told of every entry on arrival and again when its answer is known.
import type { LiveTapRecord, TapEntry, TapRecordEvent, TappedCall, TappedCommand, TappedWebhook } from './model';

export const DEFAULT_MAX_CALLS = 200;
export const DEFAULT_MAX_ENTRIES = 20_000;

export interface CallFacts {
  callLegId?: string;
  callSessionId?: string;
  connectionId?: string;
  from?: string;
  to?: string;
  ended?: boolean;
}

export class TapRecord {
  private readonly byId = new Map<string, TappedCall>();
  private loose: TapEntry[] = [];
  private entryCount = 0;
  private nextSeq = 1;
  private dropped = 0;
  private droppedLoose = 0;
  private readonly listeners = new Set<(event: TapRecordEvent) => void>();
  /** Where each entry still waiting for its answer was put: a call's entries, or the unattached list. */
  private readonly pendingIn = new Map<number, TapEntry[]>();
  /** Entries the bounds dropped while they waited for their answer: the answer is not recorded either. */
  private readonly forgotten = new Set<number>();

  constructor(
    private readonly maxCalls: number,
    private readonly maxEntries: number,
    carryOver?: LiveTapRecord,
  ) {
    if (!carryOver) return;
    for (const call of carryOver.calls()) {
      const copy = { ...call, entries: call.entries.map(settledAsStopped) };
      this.byId.set(call.callControlId, copy);
      this.entryCount += copy.entries.length;
      for (const entry of copy.entries) this.nextSeq = Math.max(this.nextSeq, entry.seq + 1);
    }
    this.loose = carryOver.unattached().map(settledAsStopped);
    this.entryCount += this.loose.length;
    for (const entry of this.loose) this.nextSeq = Math.max(this.nextSeq, entry.seq + 1);
    const status = carryOver.status();
    this.dropped = status.droppedCalls;
    this.droppedLoose = status.droppedEntries ?? 0;
    this.enforceBounds(undefined);
  }

  takeSeq(): number {
    return this.nextSeq++;
  }

  calls(): readonly TappedCall[] {
    return [...this.byId.values()];
  }

  call(callControlId: string): TappedCall | undefined {
    return this.byId.get(callControlId);
  }

  unattached(): readonly TapEntry[] {
    return [...this.loose];
  }

  counts(): { calls: number; entries: number; droppedCalls: number; droppedEntries: number } {
    return {
      calls: this.byId.size,
      entries: this.entryCount,
      droppedCalls: this.dropped,
      droppedEntries: this.droppedLoose,
    };
  }

  /** The latest webhook on this call that reached the tap at or before `atMs`. */
  latestWebhookBefore(callControlId: string, atMs: number): TappedWebhook | undefined {
    const entries = this.byId.get(callControlId)?.entries ?? [];
    for (let i = entries.length - 1; i >= 0; i--) {
      const entry = entries[i];
      if (entry.kind === 'webhook' && entry.atMs <= atMs) return entry;
    }
    return undefined;
  }

  /** Records a new entry or replaces the one with the same `seq` (its answer now known), and tells the listeners. */
  put(entry: TapEntry, facts: CallFacts = {}): void {
    if (this.forgotten.delete(entry.seq)) return;
    this.removePending(entry.seq);
    let call: TappedCall | undefined;
    if (entry.callControlId) {
      call = this.byId.get(entry.callControlId);
      if (!call) {
        call = {
          callControlId: entry.callControlId,
          firstAtMs: entry.atMs,
          lastAtMs: entry.atMs,
          ended: false,
          entries: [],
        };
        this.byId.set(call.callControlId, call);
      }
      insertInOrder(call.entries, entry);
      call.firstAtMs = Math.min(call.firstAtMs, entry.atMs);
      call.lastAtMs = Math.max(call.lastAtMs, entry.atMs);
      call.callLegId ??= facts.callLegId ?? entry.callLegId;
      call.callSessionId ??= facts.callSessionId ?? entry.callSessionId;
      call.connectionId ??= facts.connectionId;
      call.from ??= facts.from;
      call.to ??= facts.to;
      if (facts.ended) call.ended = true;
    } else {
      insertInOrder(this.loose, entry);
    }
    this.entryCount++;
    if (isPending(entry)) this.pendingIn.set(entry.seq, call ? call.entries : this.loose);
    this.enforceBounds(call);
    this.fire({ entry, call: call && this.byId.get(call.callControlId) });
  }

  onDidRecord(listener: (event: TapRecordEvent) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => void this.listeners.delete(listener) };
  }

  private removePending(seq: number): void {
    const list = this.pendingIn.get(seq);
    if (!list) return;
    this.pendingIn.delete(seq);
    list.splice(lastIndexOfSeq(list, seq), 1);
    this.entryCount--;
  }

  private forget(entries: readonly TapEntry[]): void {
    for (const entry of entries) {
      if (this.pendingIn.delete(entry.seq)) this.forgotten.add(entry.seq);
    }
  }

  private enforceBounds(current: TappedCall | undefined): void {
    while (this.byId.size > this.maxCalls) this.dropOldestCall(current);
    while (this.entryCount > this.maxEntries) {
      const oldestCall = this.byId.values().next().value as TappedCall | undefined;
      const looseIsOlder = this.loose.length > 0 && (!oldestCall || this.loose[0].atMs <= oldestCall.firstAtMs);
      if (looseIsOlder || (this.loose.length > 0 && this.byId.size <= 1)) {
        this.forget(this.loose.splice(0, 1));
        this.entryCount--;
        this.droppedLoose++;
      } else if (this.byId.size > 1 || (oldestCall && oldestCall !== current)) {
        this.dropOldestCall(current);
      } else if (oldestCall && oldestCall.entries.length > 1) {
        this.forget(oldestCall.entries.splice(0, 1));
        this.entryCount--;
        this.droppedLoose++;
      } else {
        return;
      }
    }
  }

  /** Drops the call seen first, unless it is the one being recorded into (then the next oldest). */
  private dropOldestCall(current: TappedCall | undefined): void {
    for (const call of this.byId.values()) {
      if (call === current && this.byId.size > 1) continue;
      this.byId.delete(call.callControlId);
      this.forget(call.entries);
      this.entryCount -= call.entries.length;
      this.dropped++;
      return;
    }
  }

  private fire(event: TapRecordEvent): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch {
        // A listener's failure must not stop the tap from forwarding or recording.
      }
    }
  }
}

function isPending(entry: TapEntry): boolean {
  return (entry.kind === 'webhook' ? entry.app.pending : entry.telnyx.pending) === true;
}

function lastIndexOfSeq(list: TapEntry[], seq: number): number {
  for (let i = list.length - 1; i >= 0; i--) if (list[i].seq === seq) return i;
  return -1;
}

function insertInOrder(list: TapEntry[], entry: TapEntry): void {
  let index = list.length;
  while (index > 0 && list[index - 1].seq > entry.seq) index--;
  list.splice(index, 0, entry);
}

/** An entry still pending when its tap stopped ended there. */
function settledAsStopped(entry: TapEntry): TapEntry {
  if (entry.kind === 'webhook' && entry.app.pending) return { ...entry, app: { ms: entry.app.ms, failure: 'stopped' } };
  if (entry.kind === 'command' && entry.telnyx.pending) {
    const stopped: TappedCommand = { ...entry, telnyx: { ms: entry.telnyx.ms, failure: 'stopped' } };
    return stopped;
  }
  return entry;
}
