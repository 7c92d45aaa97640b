// Leg and session ids of calls seen recently, kept across restarts per account. A call's status (the
// only place that maps a call_control_id to its leg and session) is gone about 10 minutes after it
// ends; remembering the ids keeps its timeline reachable from a restored panel or a later look-up.
// No 'vscode' here: the store is anything with a Memento's get/update (globalState in the product).

/** What is remembered of a call: the leg and session parts of the core's CallIds. */
import type { CallIds } from '../core/call';
export type LegAndSessionIds = Pick<CallIds, 'legId' | 'sessionId'>;

/** The part of a vscode.Memento this needs. */
export interface KeyValueStore {
  get<T>(key: string, defaultValue: T): T;
  update(key: string, value: unknown): PromiseLike<void>;
}

type Remembered = LegAndSessionIds & { at: number };
type ByAccount = Record<string, { at: number; calls: Record<string, Remembered> }>;

const KEY = 'telnyx.calls.knownIdsByAccount';
/** Before ids were kept per account: nobody can tell whose they were, so they are dropped. */
const UNKEYED_KEY = 'telnyx.callDetails.knownCalls';

export interface KnownIdsLimits {
  callsPerAccount: number;
  accounts: number;
}

const DEFAULT_LIMITS: KnownIdsLimits = { callsPerAccount: 300, accounts: 5 };

export class KnownCallIds {
  private readonly limits: KnownIdsLimits;

  constructor(
    private readonly store: KeyValueStore,
    limits: Partial<KnownIdsLimits> = {},
    private readonly now: () => number = Date.now,
  ) {
    this.limits = { ...DEFAULT_LIMITS, ...limits };
    if (store.get<unknown>(UNKEYED_KEY, undefined) !== undefined) void store.update(UNKEYED_KEY, undefined);
  }

  get(account: string, callControlId: string): LegAndSessionIds | undefined {
    const found = this.store.get<ByAccount>(KEY, {})[account]?.calls[callControlId];
    return found ? { legId: found.legId, sessionId: found.sessionId } : undefined;
  }

  remember(account: string, callControlId: string, ids: LegAndSessionIds): void {
    if (!ids.legId && !ids.sessionId) return;
    const all = this.store.get<ByAccount>(KEY, {});
    const previous = all[account]?.calls[callControlId];
    const legId = ids.legId ?? previous?.legId;
    const sessionId = ids.sessionId ?? previous?.sessionId;
    if (previous && previous.legId === legId && previous.sessionId === sessionId) return;
    const at = this.now();
    const calls = newest(
      { ...all[account]?.calls, [callControlId]: { legId, sessionId, at } },
      this.limits.callsPerAccount,
    );
    const accounts = newest({ ...all, [account]: { at, calls } }, this.limits.accounts);
    void this.store.update(KEY, accounts);
  }
}

function newest<T extends { at: number }>(entries: Record<string, T>, limit: number): Record<string, T> {
  const list = Object.entries(entries);
  if (list.length <= limit) return entries;
  list.sort((a, b) => b[1].at - a[1].at);
  return Object.fromEntries(list.slice(0, limit));
}
