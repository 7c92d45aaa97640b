// What the call doctor reads and what it says. Plain data: the panel, tree, hover and command show it.
import type { CallEvent, Connection } from '../telnyx/types';
import type { TapFacts } from '../timeline/tapFacts';

export type Severity = 'error' | 'warning' | 'info';

export type RuleId =
  | 'command-after-hangup'
  | 'duplicate-commands'
  | 'answer-on-outgoing-leg'
  | 'dangling-leg'
  | 'unanswered-incoming-call'
  | 'failed-deliveries'
  | 'slow-reactions'
  | 'out-of-order-events'
  | 'bad-client-state'
  | 'hangup-explained'
  | 'poor-call-quality'
  | 'command-error'
  | 'webhook-answer-failed'
  | 'webhook-signature'
  | 'command-refused';

export interface Finding {
  /** Stable across runs on the same events: rule plus what it is about. */
  id: string;
  rule: RuleId;
  severity: Severity;
  title: string;
  /** What happened and what to do about it. */
  explanation: string;
  /** A Telnyx developer documentation page about it. */
  docsUrl: string;
  /** Indexes into the events given to `diagnoseCall`, in time order. */
  eventRefs: number[];
}

/** A webhook and the application's next command on the same leg. */
export interface ReactionPair {
  legId: string;
  webhook: string;
  command: string;
  webhookIndex: number;
  commandIndex: number;
  micros: number;
}

export interface ReactionStat {
  webhook: string;
  count: number;
  p50Micros: number;
  p95Micros: number;
  maxMicros: number;
}

/** What the diagnosis rests on: what the metadata said, and what it did not. */
export interface DiagnosisBasis {
  eventsRead: number;
  webhooks: number;
  /** Webhooks whose metadata says whether the delivery got through. */
  deliveryKnown: number;
  commands: number;
  /** Commands whose metadata says their result (ok, or an error). */
  resultKnown: number;
  /** Command names that are no Call Control action in any spelling known, with how often each was sent. */
  unrecognisedCommands: Array<{ name: string; count: number }>;
  /** Events the live tap saw (its answers are certain). */
  tapped: number;
  /** Tapped webhooks whose signature could not be checked: no public key was configured. */
  signaturesUnchecked: number;
}

export interface Diagnosis {
  findings: Finding[];
  reactions: { pairs: ReactionPair[]; byWebhook: ReactionStat[] };
  basis: DiagnosisBasis;
  /** `basis` in one line of the host's language. */
  basisLine: string;
}

/** The event fields the doctor reads: the timeline's event shape. */
export type DoctorEvent = Pick<CallEvent, 'call_leg_id' | 'call_session_id' | 'event_timestamp' | 'name' | 'type'> & {
  metadata?: unknown;
  /** What the live tap saw of it: the application's or Telnyx's answer, certain where the metadata infers. */
  tap?: TapFacts;
};

export type DoctorConnection = Partial<
  Pick<Connection, 'id' | 'webhook_event_url' | 'webhook_event_failover_url' | 'webhook_timeout_seconds'>
>;

export interface DoctorOptions {
  /** A reaction slower than this is reported (default 1000 ms). */
  reactionBudgetMs?: number;
  /** A command later than this after a webhook is not a reaction to it (default 10 000 ms). */
  reactionWindowMs?: number;
  /** A leg alive this long after another leg of its session hung up is reported (default 30 000 ms). */
  danglingLegMs?: number;
  /** Same command after a redelivered webhook within this time counts as a duplicate (default 60 000 ms). */
  duplicateWindowMs?: number;
  /** Now, for legs still alive (ms since the epoch); default the latest event's time. */
  nowMs?: number;
}

export interface DoctorInput {
  events: readonly DoctorEvent[];
  connection?: DoctorConnection;
}

export const DEFAULTS = {
  reactionBudgetMs: 1000,
  reactionWindowMs: 10_000,
  danglingLegMs: 30_000,
  duplicateWindowMs: 60_000,
} as const;
