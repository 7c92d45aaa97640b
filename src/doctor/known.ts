// Findings of the sessions whose events the extension has read (by a panel), so the tree and the
// hover can mention them without reading anything again. Kept in memory for this window only, per
// account: a session read under one account is never mentioned under another.
import type { DoctorEvent, Finding } from './types';

const MAX_SESSIONS = 500;
const bySession = new Map<string, readonly Finding[]>();
const listeners = new Set<() => void>();

const keyOf = (accountId: string | undefined, sessionId: string): string => `${accountId ?? ''}|${sessionId}`;

export function rememberFindings(accountId: string | undefined, events: readonly DoctorEvent[], findings: readonly Finding[]): void {
  const sessions = new Set(events.map((e) => e.call_session_id));
  if (!sessions.size) return;
  for (const session of sessions) {
    const key = keyOf(accountId, session);
    bySession.delete(key);
    bySession.set(key, findings);
  }
  while (bySession.size > MAX_SESSIONS) bySession.delete(bySession.keys().next().value as string);
  for (const listener of listeners) listener();
}

/** Undefined when no events of the session have been read. */
export function findingsOfSession(accountId: string | undefined, sessionId: string): readonly Finding[] | undefined {
  return bySession.get(keyOf(accountId, sessionId));
}

export function onFindingsChanged(listener: () => void): { dispose(): void } {
  listeners.add(listener);
  return { dispose: () => void listeners.delete(listener) };
}
