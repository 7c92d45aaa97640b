// What the extension has seen of each webhook, per account: the sessions whose events a call panel
// or the call doctor read (and, later, the live tap), kept in memory for this window only. The
// handler lenses read it; nothing is read from Telnyx for it. A session read under one account is
// never shown under another.
import type { CallEvent } from '../telnyx/types';
import { webhookPayload } from '../timeline/metadata';
import { eventKey } from '../timeline/model';
import { parseTimestampMicros } from '../timeline/time';
import type { Diagnosis, DoctorInput, RuleId } from './types';

/** Who read the session: a call panel, the call doctor (command or chat tool), or the live tap. */
export type SeenSource = 'panel' | 'doctor' | 'tap';

export type SeenEvent = Pick<
  CallEvent,
  'call_leg_id' | 'call_session_id' | 'event_timestamp' | 'name' | 'type' | 'metadata'
>;

/** Where a lens takes a person: the call of the latest such webhook, with that webhook selected. */
export interface SeenCall {
  callControlId: string;
  legId: string;
  sessionId: string;
  /** The webhook's key in the call's timeline (timeline/model `eventKey`). */
  eventKey: string;
  /** Its time, ms since the epoch. */
  atMs: number;
}

export interface SeenFinding {
  rule: RuleId;
  /** The commands the finding names (e.g. `speak` for a command after the hangup). */
  commands: readonly string[];
  /** Sessions with this finding pointing at this webhook. */
  calls: number;
}

export interface SeenEventSummary {
  /** Webhooks of this name in the sessions seen. */
  seen: number;
  /** Of those, the ones that happened in the last hour. */
  lastHour: number;
  /** The application's reaction: webhook → its next command on the same leg (the doctor's pairing). */
  reaction?: { pairs: number; p50Micros: number; p95Micros: number };
  findings: SeenFinding[];
  latest?: SeenCall;
}

interface SessionRecord {
  source: SeenSource;
  /** Per webhook name: times (ms) and the latest one. */
  webhooks: Map<string, { times: number[]; latest: SeenCall | undefined }>;
  reactions: Map<string, number[]>;
  findings: Map<string, Array<{ rule: RuleId; commands: string[] }>>;
}

const MAX_SESSIONS = 500;
const HOUR_MS = 3_600_000;

export class SeenEvents {
  private readonly sessions = new Map<string, SessionRecord>();
  private readonly listeners = new Set<() => void>();

  /** `diagnose`: the call doctor, for a record made without a diagnosis (the extension loads it on first use). */
  constructor(private readonly diagnose: (input: DoctorInput) => Diagnosis) {}

  /**
   * Records what a session's events showed, replacing what was recorded of the same session (a panel
   * reads it again as it grows). `diagnosis`: the call doctor's on exactly these events, when the
   * caller has it; otherwise it is made here.
   */
  record(accountId: string | undefined, events: readonly SeenEvent[], source: SeenSource, diagnosis?: Diagnosis): void {
    if (!events.length) return;
    const found = diagnosis ?? this.diagnose({ events });
    const bySession = new Map<string, number[]>();
    events.forEach((event, index) => {
      const list = bySession.get(event.call_session_id);
      if (list) list.push(index);
      else bySession.set(event.call_session_id, [index]);
    });
    for (const [sessionId, indexes] of bySession) {
      const key = `${accountId ?? ''}|${sessionId}`;
      this.sessions.delete(key);
      this.sessions.set(key, sessionRecord(events, indexes, found, source));
    }
    while (this.sessions.size > MAX_SESSIONS) this.sessions.delete(this.sessions.keys().next().value as string);
    for (const listener of this.listeners) listener();
  }

  /** Undefined when no session of this account held a webhook of this name. */
  summary(accountId: string | undefined, eventName: string, nowMs: number): SeenEventSummary | undefined {
    const prefix = `${accountId ?? ''}|`;
    let seen = 0;
    let lastHour = 0;
    let latest: SeenCall | undefined;
    const reactions: number[] = [];
    const findings = new Map<string, SeenFinding>();
    for (const [key, record] of this.sessions) {
      if (!key.startsWith(prefix)) continue;
      const webhooks = record.webhooks.get(eventName);
      if (!webhooks) continue;
      seen += webhooks.times.length;
      for (const at of webhooks.times) if (at <= nowMs && nowMs - at <= HOUR_MS) lastHour++;
      if (webhooks.latest && (!latest || webhooks.latest.atMs > latest.atMs)) latest = webhooks.latest;
      reactions.push(...(record.reactions.get(eventName) ?? []));
      const counted = new Set<string>();
      for (const finding of record.findings.get(eventName) ?? []) {
        const id = `${finding.rule}|${finding.commands.join(',')}`;
        if (counted.has(id)) continue;
        counted.add(id);
        const entry = findings.get(id);
        if (entry) entry.calls++;
        else findings.set(id, { rule: finding.rule, commands: finding.commands, calls: 1 });
      }
    }
    if (!seen) return undefined;
    reactions.sort((a, b) => a - b);
    return {
      seen,
      lastHour,
      reaction: reactions.length
        ? { pairs: reactions.length, p50Micros: percentile(reactions, 50), p95Micros: percentile(reactions, 95) }
        : undefined,
      findings: [...findings.values()].sort((a, b) => b.calls - a.calls),
      latest,
    };
  }

  onDidChange(listener: () => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => void this.listeners.delete(listener) };
  }

  clear(): void {
    this.sessions.clear();
    for (const listener of this.listeners) listener();
  }
}

/** Nearest-rank, as the doctor's reaction table. */
function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

function sessionRecord(
  events: readonly SeenEvent[],
  indexes: readonly number[],
  diagnosis: Diagnosis,
  source: SeenSource,
): SessionRecord {
  const inSession = new Set(indexes);
  const callControlIdOfLeg = new Map<string, string>();
  for (const index of indexes) {
    const event = events[index];
    const id = webhookPayload(event.metadata)?.call_control_id ?? event.metadata?.call_control_id;
    if (typeof id === 'string' && id && !callControlIdOfLeg.has(event.call_leg_id))
      callControlIdOfLeg.set(event.call_leg_id, id);
  }
  const webhooks: SessionRecord['webhooks'] = new Map();
  for (const index of indexes) {
    const event = events[index];
    if (event.type !== 'webhook') continue;
    const micros = parseTimestampMicros(event.event_timestamp);
    if (Number.isNaN(micros)) continue;
    const atMs = Math.floor(micros / 1000);
    let entry = webhooks.get(event.name);
    if (!entry) webhooks.set(event.name, (entry = { times: [], latest: undefined }));
    entry.times.push(atMs);
    const callControlId = callControlIdOfLeg.get(event.call_leg_id);
    if (callControlId && (!entry.latest || atMs >= entry.latest.atMs)) {
      entry.latest = {
        callControlId,
        legId: event.call_leg_id,
        sessionId: event.call_session_id,
        eventKey: eventKey(event),
        atMs,
      };
    }
  }
  const reactions: SessionRecord['reactions'] = new Map();
  for (const pair of diagnosis.reactions.pairs) {
    if (!inSession.has(pair.webhookIndex)) continue;
    const list = reactions.get(pair.webhook);
    if (list) list.push(pair.micros);
    else reactions.set(pair.webhook, [pair.micros]);
  }
  const findings: SessionRecord['findings'] = new Map();
  // Info findings (the hangup explained) describe every call; only problems point at a handler.
  for (const finding of diagnosis.findings) {
    if (finding.severity === 'info') continue;
    const refs = finding.eventRefs.filter((i) => inSession.has(i) && events[i] !== undefined);
    const commands = [...new Set(refs.filter((i) => events[i].type === 'command').map((i) => events[i].name))];
    for (const name of new Set(refs.filter((i) => events[i].type === 'webhook').map((i) => events[i].name))) {
      const list = findings.get(name);
      if (list) list.push({ rule: finding.rule, commands });
      else findings.set(name, [{ rule: finding.rule, commands }]);
    }
  }
  return { source, webhooks, reactions, findings };
}
