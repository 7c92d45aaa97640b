import type * as vscode from 'vscode';

/**
 * Leg and session ids of calls seen recently. A call's status (the only place that maps a
 * call_control_id to its leg and session) is gone 10 minutes after it ends; remembering the ids
 * keeps its timeline reachable from a restored panel or a later look-up.
 */
export interface CallIds {
  legId?: string;
  sessionId?: string;
}

const KEY = 'telnyx.callDetails.knownCalls';
const LIMIT = 300;

export class KnownCalls {
  constructor(private readonly memento: vscode.Memento) {}

  get(callControlId: string): CallIds | undefined {
    const all = this.memento.get<Record<string, CallIds & { at: number }>>(KEY, {});
    const found = all[callControlId];
    return found ? { legId: found.legId, sessionId: found.sessionId } : undefined;
  }

  remember(callControlId: string, ids: CallIds): void {
    if (!ids.legId && !ids.sessionId) return;
    const all = { ...this.memento.get<Record<string, CallIds & { at: number }>>(KEY, {}) };
    const previous = all[callControlId];
    if (previous && previous.legId === ids.legId && previous.sessionId === ids.sessionId) return;
    all[callControlId] = { legId: ids.legId ?? previous?.legId, sessionId: ids.sessionId ?? previous?.sessionId, at: Date.now() };
    const entries = Object.entries(all);
    if (entries.length > LIMIT) {
      entries.sort((a, b) => b[1].at - a[1].at);
      void this.memento.update(KEY, Object.fromEntries(entries.slice(0, LIMIT)));
    } else {
      void this.memento.update(KEY, all);
    }
  }
}
