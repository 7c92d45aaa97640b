// What an open call panel read of its call, as received, for "Telnyx: Save Call as Fixture…": the
// answers of the client its account shares (the tree, hovers and the status bar read through it too)
// are offered here, and only the call's own are kept: its status, and the `/call_events` pages of its
// leg or session. An unfiltered search of the account's recent events (looking for a call's leg) holds
// other calls and is never kept. Bounded, so that a panel left open on a live call for hours does not
// grow without end. A RawAnswer holds no header, so never the key.
import type { RawAnswer } from '../telnyx/api';

export interface RecorderLimits {
  /** Distinct request paths kept (a path read again keeps only its latest answer). */
  maxAnswers: number;
  /** Records kept across every `/call_events` page. */
  maxEvents: number;
}

/** A little above the timeline's default cap (20,000 events): a full default load always fits. */
const DEFAULT_RECORDER_LIMITS: RecorderLimits = { maxAnswers: 1_000, maxEvents: 25_000 };

/** The ids an answer may name to belong to the call; read at each answer, as the panel learns them. */
export interface RecordedCall {
  callControlId: string;
  legId?: string;
  sessionId?: string;
}

export interface RecordingSummary {
  /** Answers kept, status and event pages together. */
  answers: number;
  /** `/call_events` pages among them. */
  eventPages: number;
  /** Records across those pages. */
  events: number;
  /** Whether the call's status is among them. */
  hasStatus: boolean;
  /** Answers left out because the limits were reached (older refreshes are given up first). */
  notKept: number;
}

interface Kept {
  answer: RawAnswer;
  events: number;
  /** An incremental refresh (`filter[occurred_at]…`): a full load of the same call does not need it. */
  incremental: boolean;
}

/** `/v2/calls/v3%3Aabc` → path `/v2/calls/v3%3Aabc`, query pairs decoded. */
function splitPath(path: string): { pathname: string; query: Map<string, string> } {
  const mark = path.indexOf('?');
  const pathname = mark < 0 ? path : path.slice(0, mark);
  const query = new Map<string, string>();
  if (mark >= 0) {
    for (const pair of path.slice(mark + 1).split('&')) {
      const eq = pair.indexOf('=');
      if (eq <= 0) continue;
      try {
        query.set(decodeURIComponent(pair.slice(0, eq)), decodeURIComponent(pair.slice(eq + 1)));
      } catch {
        // A malformed escape is no filter of ours.
      }
    }
  }
  return { pathname, query };
}

function recordCount(body: unknown): number {
  const data = (body as { data?: unknown } | null)?.data;
  return Array.isArray(data) ? data.length : 0;
}

export class CallAnswerRecorder {
  private readonly kept = new Map<string, Kept>();
  private eventsHeld = 0;
  private notKeptCount = 0;

  constructor(
    /** The call, as the panel knows it now (its leg and session are learnt from its status). */
    private readonly call: () => RecordedCall | undefined,
    private readonly limits: RecorderLimits = DEFAULT_RECORDER_LIMITS,
  ) {}

  /** One answer of the account's client; kept only when it is one of the call's. */
  offer(answer: RawAnswer): void {
    const call = this.call();
    if (!call || answer.status < 200 || answer.status > 299) return;
    const kind = this.kindOf(answer.path, call);
    if (!kind) return;
    const incremental = kind === 'events' && [...splitPath(answer.path).query.keys()].some(isOccurredAt);
    this.keep(answer, kind === 'events' ? recordCount(answer.body) : 0, incremental);
  }

  /** What was kept, oldest first. */
  answers(): RawAnswer[] {
    return [...this.kept.values()].map((kept) => kept.answer);
  }

  summary(): RecordingSummary {
    const pages = [...this.kept.values()].filter((kept) => !this.isStatus(kept.answer.path));
    return {
      answers: this.kept.size,
      eventPages: pages.length,
      events: this.eventsHeld,
      hasStatus: this.kept.size > pages.length,
      notKept: this.notKeptCount,
    };
  }

  /** Forgets everything (the panel's account now reads from another address or with another key). */
  clear(): void {
    this.kept.clear();
    this.eventsHeld = 0;
    this.notKeptCount = 0;
  }

  private kindOf(path: string, call: RecordedCall): 'status' | 'events' | undefined {
    const { pathname, query } = splitPath(path);
    if (pathname.endsWith(`/calls/${encodeURIComponent(call.callControlId)}`) && query.size === 0) return 'status';
    if (!pathname.endsWith('/call_events')) return undefined;
    const leg = query.get('filter[leg_id]');
    const session = query.get('filter[application_session_id]');
    if (leg === undefined && session === undefined) return undefined;
    // Every id the request filters by is the call's: a query that also names another leg is not ours.
    if (leg !== undefined && leg !== call.legId) return undefined;
    if (session !== undefined && session !== call.sessionId) return undefined;
    return 'events';
  }

  private isStatus(path: string): boolean {
    return !splitPath(path).pathname.endsWith('/call_events');
  }

  private keep(answer: RawAnswer, events: number, incremental: boolean): void {
    const previous = this.kept.get(answer.path);
    if (previous) this.drop(answer.path, previous);
    while (this.over(events) && this.dropOldestIncremental()) {
      // Older refreshes make room for what a full load of the call needs.
    }
    if (this.over(events)) {
      this.notKeptCount++;
      return;
    }
    this.kept.set(answer.path, { answer, events, incremental });
    this.eventsHeld += events;
  }

  private over(adding: number): boolean {
    return this.kept.size + 1 > this.limits.maxAnswers || this.eventsHeld + adding > this.limits.maxEvents;
  }

  private dropOldestIncremental(): boolean {
    for (const [path, kept] of this.kept) {
      if (!kept.incremental) continue;
      this.drop(path, kept);
      this.notKeptCount++;
      return true;
    }
    return false;
  }

  private drop(path: string, kept: Kept): void {
    this.kept.delete(path);
    this.eventsHeld -= kept.events;
  }
}

function isOccurredAt(name: string): boolean {
  return name.startsWith('filter[occurred_at]');
}
