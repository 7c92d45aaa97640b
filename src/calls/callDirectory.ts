// The one place that knows a call: its status (read from Telnyx, shared and kept for a lifetime that
// depends on the call's state), the connection it was listed under, and its leg and session ids.
// Everything it holds belongs to one account (key and base URL): a new account starts a new
// generation, and nothing learnt under an older one is returned or kept. No 'vscode' here.
import type { CallStatus } from '../telnyx/types';
import type { LegAndSessionIds, KnownCallIds } from './knownIds';
import { statusLifetimeMs } from './lifetime';
import { AbandonedError, systemClock, TtlCache, type Clock } from './ttlCache';

export interface CallDirectoryOptions {
  /** One status request to Telnyx with the current account's client. */
  readStatus(callControlId: string, signal: AbortSignal): Promise<CallStatus>;
  /** Leg and session ids kept across restarts, per account. */
  knownIds?: KnownCallIds;
  clock?: Clock;
  /** Calls whose connection or ids are kept in memory (the least recently learnt go first). */
  maxCalls?: number;
  /** Statuses kept (the oldest go first). */
  maxStatuses?: number;
}

interface CallFacts {
  connectionId?: string;
  legId?: string;
  sessionId?: string;
}

/** `status` of a reader bound to an account, once the directory holds another account's calls. */
export class AccountChangedError extends Error {
  constructor() {
    super('The call directory holds another account now.');
    this.name = 'AccountChangedError';
  }
}

export class CallDirectory {
  private accountValue: string | undefined;
  private generationValue = 0;
  private statuses: TtlCache<string, CallStatus>;
  private readonly facts = new Map<string, CallFacts>();
  /** When each status was read (wall clock): a kept status of a live call is older than the moment it is shown. */
  private readonly readAt = new WeakMap<CallStatus, number>();
  private readonly clockValue: Clock;

  constructor(private readonly options: CallDirectoryOptions) {
    this.clockValue = options.clock ?? systemClock;
    this.statuses = this.newStatusCache();
  }

  /** A fingerprint of the account (key and base URL) what is held belongs to; undefined: none. */
  get account(): string | undefined {
    return this.accountValue;
  }

  /** Changes with every new account. */
  get generation(): number {
    return this.generationValue;
  }

  /**
   * Another account forgets everything held, stops the requests under way (their waiters ask again
   * under the new account) and keeps nothing they return. Returns whether the account changed.
   */
  setAccount(account: string | undefined): boolean {
    if (account === this.accountValue) return false;
    this.accountValue = account;
    this.generationValue++;
    const previous = this.statuses;
    this.statuses = this.newStatusCache();
    this.facts.clear();
    previous.abandon();
    return true;
  }

  /**
   * The call's status: a kept one while its lifetime lasts, else the request already under way for
   * it, else a new one. Aborting `signal` gives up this reader only (WaitCancelledError); the request
   * stops when no reader is left. Rejects with Telnyx's error (kept briefly, see lifetime.ts).
   * With `account`, rejects with AccountChangedError unless the directory holds that account's calls.
   */
  async status(callControlId: string, signal?: AbortSignal, options: { account?: string } = {}): Promise<CallStatus> {
    for (;;) {
      // A reader bound to one account (a call panel) reads elsewhere once the directory holds another's.
      if (options.account !== undefined && options.account !== this.accountValue) throw new AccountChangedError();
      const cache = this.statuses;
      try {
        return await cache.get(
          callControlId,
          (requestSignal) => this.readStatus(cache, callControlId, requestSignal),
          signal,
        );
      } catch (error) {
        // The account changed while this reader waited: ask again under the new one.
        if (error instanceof AbandonedError && cache !== this.statuses) continue;
        throw error;
      }
    }
  }

  /** The wall-clock time (ms) a status this directory returned was read from Telnyx; durations tick from it. */
  readAtOf(status: CallStatus): number | undefined {
    return this.readAt.get(status);
  }

  /** The kept status, when one is fresh (no request is made). */
  peekStatus(callControlId: string): CallStatus | undefined {
    const outcome = this.statuses.peek(callControlId);
    return outcome?.ok ? outcome.value : undefined;
  }

  /** Forgets the kept status of one call: the next read asks Telnyx (a Refresh means now). */
  forgetStatus(callControlId: string): void {
    this.statuses.forget(callControlId);
  }

  /** Forgets kept statuses (the next read asks Telnyx); what is known about connections stays. */
  clearStatuses(): void {
    this.statuses.clear();
  }

  /** The connection a call was listed or seen under, for this account. */
  connectionOf(callControlId: string): string | undefined {
    return this.facts.get(callControlId)?.connectionId;
  }

  /** The tree reports the calls of a page it listed under a connection. */
  noteListed(connectionId: string, calls: Iterable<{ call_control_id: string }>): void {
    for (const call of calls) this.rememberConnection(call.call_control_id, connectionId);
  }

  /** A connection learnt elsewhere (e.g. from a call's events). */
  rememberConnection(callControlId: string, connectionId: string): void {
    this.learn(callControlId, { connectionId });
  }

  forgetConnection(callControlId: string): void {
    const facts = this.facts.get(callControlId);
    if (facts) facts.connectionId = undefined;
  }

  /** Leg and session ids: from a status read or ids remembered under this account. */
  idsOf(callControlId: string): LegAndSessionIds | undefined {
    const facts = this.facts.get(callControlId);
    if (facts?.legId || facts?.sessionId) return { legId: facts.legId, sessionId: facts.sessionId };
    return this.accountValue === undefined ? undefined : this.options.knownIds?.get(this.accountValue, callControlId);
  }

  rememberIds(callControlId: string, ids: LegAndSessionIds): void {
    if (!ids.legId && !ids.sessionId) return;
    this.learn(callControlId, { legId: ids.legId, sessionId: ids.sessionId });
    if (this.accountValue !== undefined) this.options.knownIds?.remember(this.accountValue, callControlId, ids);
  }

  /** Calls whose connection or ids are held (pruned to `maxCalls`). */
  get size(): number {
    return this.facts.size;
  }

  private newStatusCache(): TtlCache<string, CallStatus> {
    return new TtlCache<string, CallStatus>({
      ttlMs: statusLifetimeMs,
      clock: this.clockValue,
      maxEntries: this.options.maxStatuses,
    });
  }

  private async readStatus(
    cache: TtlCache<string, CallStatus>,
    callControlId: string,
    signal: AbortSignal,
  ): Promise<CallStatus> {
    const status = await this.options.readStatus(callControlId, signal);
    this.readAt.set(status, Date.now());
    // Ids of another account's call must not be learnt under this one.
    if (cache === this.statuses)
      this.rememberIds(callControlId, {
        legId: status.call_leg_id || undefined,
        sessionId: status.call_session_id || undefined,
      });
    return status;
  }

  private learn(callControlId: string, learnt: CallFacts): void {
    const previous = this.facts.get(callControlId);
    const next: CallFacts = {
      connectionId: learnt.connectionId ?? previous?.connectionId,
      legId: learnt.legId ?? previous?.legId,
      sessionId: learnt.sessionId ?? previous?.sessionId,
    };
    // Re-inserted so that the Map's order is the order learnt: pruning drops the front.
    this.facts.delete(callControlId);
    this.facts.set(callControlId, next);
    const max = this.options.maxCalls ?? 2_000;
    for (const oldest of this.facts.keys()) {
      if (this.facts.size <= max) break;
      this.facts.delete(oldest);
    }
  }
}
