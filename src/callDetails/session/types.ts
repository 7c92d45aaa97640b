// The call session's contract with its host (the panel) and with the parts it is built from: what
// it is given, what it says, what it holds. Types only.
import type { TelnyxApi } from '../../telnyx/api';
import type { CallStatus } from '../../telnyx/types';
import type { EventRow, PanelEvent } from '../../timeline/model';
import type { LegAndSessionIds } from '../../calls/knownIds';
import type { ErrorView, PanelTarget, ProgressView, StatusView, TimelineNotice, TimelineScope } from '../protocol';

/**
 * Why a call's leg and session are unknown (no recent event names the call either): its status is
 * gone, its status could not be read, or its status names neither.
 */
export type UnknownLegReason = 'status_gone' | 'status_failed' | 'not_named';

/** What the session says to a person, worded (and translated) by its host. */
export interface CallSessionWords {
  errorView(error: unknown): ErrorView;
  noKey(): ErrorView;
  /** Neither the status nor a recent event names the call's leg and session; `reason` says why. */
  unknownLeg(reason: UnknownLegReason): ErrorView;
  /** Telnyx returned `count` distinct events of other calls (a filter it ignored): a notice, not a failure. */
  ignoredFilter(count: number): { message: string };
  stopped(read: number, total: number): string;
}

export interface CallSessionDeps {
  /** The client for event reads; undefined when no key is set; rejects when the base URL is refused. */
  getApi(): Promise<TelnyxApi | undefined>;
  /**
   * One call's status, read for the same account as `getApi`'s client; the host decides where it
   * comes from (the client, or the shared call store).
   */
  readStatus(callControlId: string, signal: AbortSignal): Promise<CallStatus>;
  /** When a status it returned was read from Telnyx (ms), if it may be older than now (a shared store). */
  readAtOf?(status: CallStatus): number | undefined;
  /** A reload (Refresh, another account) reads the status anew, not a kept one. */
  forgetStatus?(callControlId: string): void;
  /** Leg and session ids remembered across reloads. */
  knownCalls?: {
    get(callControlId: string): LegAndSessionIds | undefined;
    remember(callControlId: string, ids: LegAndSessionIds): void;
  };
  /** Where a call's connection is learnt from its events (for "Reveal in tree"). */
  connections?: {
    connectionOf(callControlId: string): string | undefined;
    rememberConnection(callControlId: string, connectionId: string): void;
  };
  /** Events a timeline loads before asking (0: no cap). */
  maxEvents(): number;
  /** Asked once a capped load finished; true loads the whole timeline. */
  confirmLoadPastCap?(total: number, shown: number): Promise<boolean>;
  words: CallSessionWords;
  warn?(message: string): void;
  /** What the window's live tap recorded of the call, pushed as it grows; absent without a tap. */
  tapped?: TappedSource;
}

/** The live tap's record of a call, as events (src/tap/events.ts), and word of each new entry. */
export interface TappedSource {
  /** The call's tapped events (its session's, for `scope: 'session'`), and the ids the tap learnt. */
  read(target: { callControlId: string; sessionId?: string; scope: TimelineScope }): {
    events: PanelEvent[];
    legId?: string;
    sessionId?: string;
  };
  /** Called with the call_control_id and session of each entry recorded; returns the unsubscribe. */
  onDidRecord(listener: (call: { callControlId?: string; sessionId?: string }) => void): () => void;
}

/** Everything the page is told, in the page's own message shapes (see protocol.ts). */
export type SessionUpdate =
  | { type: 'status'; view: StatusView }
  | { type: 'events'; replace: boolean; events: EventRow[]; scope: TimelineScope; canSwitchScope: boolean }
  /** The events changed in a way worth diagnosing again (a load finished, a refresh merged). */
  | { type: 'settled' }
  | { type: 'progress'; view: ProgressView }
  | { type: 'timelineError'; error: ErrorView | undefined }
  | { type: 'timelineNotice'; notice: TimelineNotice | undefined }
  | { type: 'autoRefresh'; active: boolean }
  | { type: 'target'; target: PanelTarget; canSwitchScope: boolean }
  | { type: 'notice'; text: string };

/** How often a live call is polled: the host sets it from visibility and window focus. */
export type PollPace = 'fast' | 'slow' | 'paused';

export interface CallSessionState {
  readonly target: PanelTarget;
  readonly status: StatusView;
  /** Telnyx's record merged with the live tap's (see src/tap/merge.ts). */
  readonly events: readonly PanelEvent[];
  /** `events` as the page gets them (no metadata). */
  readonly rows: readonly EventRow[];
  readonly progress: ProgressView;
  readonly timelineError: ErrorView | undefined;
  /** A standing fact about the timeline shown that is not a failure (events of other calls left out). */
  readonly timelineNotice: TimelineNotice | undefined;
  /** The call is live and its panel keeps it current. */
  readonly autoRefresh: boolean;
  readonly pace: PollPace;
  /** One more read of the timeline is due after the call ended. */
  readonly finalRefreshPending: boolean;
  readonly scope: TimelineScope;
  readonly canSwitchScope: boolean;
  /** The last short message for the person (stopped, copied, exported). */
  readonly notice: string | undefined;
}

/** What every part of a session shares: its host's deps, one way to tell the page, the client. */
export interface SessionContext {
  readonly deps: CallSessionDeps;
  /** Tells the listeners; nothing once the session is disposed. */
  emit(update: SessionUpdate): void;
  disposed(): boolean;
  /** The client for a read, or why there is none, worded. */
  api(): Promise<TelnyxApi | { error: ErrorView }>;
  /**
   * Whether a failed read is a cancellation, which is never shown: the session's own (its signal
   * aborted, or disposed), or a client closed under it (then whatever was loading loads again on
   * `clientReplaced`).
   */
  cancelled(abort: AbortController, error: unknown): boolean;
}
