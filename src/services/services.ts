import type * as vscode from 'vscode';
import type { CallDirectory } from '../calls/callDirectory';
import type { SeenEvents } from '../doctor/seenEvents';
import type { KnownFindings } from '../doctor/known';
import type { ApiAccess } from './apiAccess';
import type { LiveTapHolder } from './liveTap';
import type { Logger } from './logger';

/** What every feature gets at registration. Features talk to each other through commands. */
export interface Services {
  readonly context: vscode.ExtensionContext;
  readonly log: Logger;
  readonly apiAccess: ApiAccess;
  /** The one call store: status, connection, leg and session of calls, per account (src/calls). */
  readonly calls: CallDirectory;
  /** The call doctor's findings of the sessions a panel has read, per account, for the tree and the hover. */
  readonly findings: KnownFindings;
  /** What the extension has seen of each webhook, per account: sessions read by panels, the doctor (and a live tap). */
  readonly seenEvents: SeenEvents;

  /** The live tap of this window (src/tap, started by src/liveTap): running, stopped with its record, or none yet. */
  readonly liveTap: LiveTapHolder;

  /** Hangs up a call after the user confirms (src/actions): the tree, the call panel and its findings use it. */
  readonly hangUps: CallHangUps;
}

/** Which call to hang up: its call_control_id, found by the extension (a tree row, a panel), never typed in. */
export interface HangUpRequest {
  callControlId: string;
  /** The panel's own account; undefined: the account in use. */
  accountId?: string;
}

/** What Telnyx answered, already worded. `hung_up` and `already_ended` (90018) are not failures. */
export interface HangUpOutcome {
  kind: 'hung_up' | 'already_ended' | 'unknown_call' | 'forbidden' | 'failed';
  message: string;
  requestId?: string;
}

export interface CallHangUps {
  /**
   * Asks for a modal confirmation naming the call and the account, then sends one hangup command.
   * Undefined when the user cancelled (nothing was sent). A second request for the same call while
   * one is under way gets the same answer, without a second dialog or command.
   */
  hangUp(request: HangUpRequest): Promise<HangUpOutcome | undefined>;
}

/** Opens call details webviews (src/callDetails). */
export interface CallDetailsOpener {
  /**
   * Opens (or reveals) the panel of one call; `scope` picks the initial timeline filter, `selectEvent`
   * (an event's key, timeline/model `eventKey`) the event selected once the timeline holds it.
   */
  openCall(callControlId: string, options?: { scope?: 'session' | 'leg'; selectEvent?: string }): Promise<void>;
  /** Opens a timeline panel for events found by a query that is not tied to one call_control_id. */
  openEvents(query: EventsQuery): Promise<void>;
  /** Re-reads status and timeline of every open panel (the `Telnyx: Refresh` command). */
  refreshAll(): void;
}

export interface EventsQuery {
  /** Panel title, e.g. "Events of leg 428c31b6…". */
  title: string;
  filter: import('../telnyx/types').CallEventsFilter;
  /** Bounds applied locally, because the API takes only one occurred_at bound. ISO 8601. */
  localNotBefore?: string;
  localNotAfter?: string;
}

/** Lets other features show things in the Connections tree (src/tree). */
export interface TreeRevealer {
  /** Loads pages as needed to find the connection; false if it is not in the account (or filtered out). */
  revealConnection(connectionId: string): Promise<boolean>;
  /** Reveals a call when its connection is known under the current account (CallDirectory); false otherwise. */
  revealCall(callControlId: string): Promise<boolean>;
  /** Re-reads the tree (the `Telnyx: Refresh` command). */
  refresh(): void;
}

/** The live calls the Connections tree has counted (src/tree/model/liveCalls.ts), for the status bar. */
export interface ConnectionLiveCalls {
  connectionId: string;
  /** The connection's name when the tree has loaded it. */
  name: string | undefined;
  calls: number;
  /** The count is a lower bound (a page without total_items). */
  atLeast: boolean;
}

export interface LiveCallsSummary {
  /** Sum of the counts read so far. */
  total: number;
  /** At least one count is a lower bound: `total` is too. */
  atLeast: boolean;
  /** Connections whose count has been read (with or without calls). */
  counted: number;
  /** Connections with at least one live call, most calls first. */
  connections: ConnectionLiveCalls[];
}
