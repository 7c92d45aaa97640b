// Findings of the sessions whose events the extension has read (by a panel), so the tree and the
// hover can mention them without reading anything again. Kept in memory for this window only, per
// account: a session read under one account is never mentioned under another. One instance, made by
// activate() next to the call directory (`services.findings`).
import type { DoctorEvent, Finding } from './types';

const MAX_SESSIONS = 500;

export class KnownFindings {
  private readonly bySession = new Map<string, readonly Finding[]>();

  remember(accountId: string | undefined, events: readonly DoctorEvent[], findings: readonly Finding[]): void {
    for (const session of new Set(events.map((e) => e.call_session_id))) {
      const key = keyOf(accountId, session);
      this.bySession.delete(key);
      this.bySession.set(key, findings);
    }
    while (this.bySession.size > MAX_SESSIONS) this.bySession.delete(this.bySession.keys().next().value as string);
  }

  /** Undefined when no events of the session have been read under that account. */
  ofSession(accountId: string | undefined, sessionId: string): readonly Finding[] | undefined {
    return this.bySession.get(keyOf(accountId, sessionId));
  }
}

function keyOf(accountId: string | undefined, sessionId: string): string {
  return `${accountId ?? ''}|${sessionId}`;
}
