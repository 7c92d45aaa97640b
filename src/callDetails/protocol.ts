// Messages between the call details panel (extension host) and its webview. Types only: both
// bundles import this file, and neither may pull code from the other.
import type { TimelineFilter } from '../timeline/filters';
import type { LadderStrings } from '../timeline/ladderText';
import type { Plural } from '../timeline/plural';
import type { EventRow } from '../timeline/model';
import type { CallEventsFilter, CallStatus, TimelineProgress } from '../telnyx/types';

export type TimelineScope = 'session' | 'leg';

/** What a panel shows; also what the webview keeps in its state so a restored panel can reopen it. */
/** `accountId`: the account the panel was opened with (saved with the page, so a reload keeps it). */
export type PanelTarget =
  | {
      kind: 'call';
      callControlId: string;
      scope: TimelineScope;
      legId?: string;
      sessionId?: string;
      accountId?: string;
    }
  | {
      kind: 'events';
      title: string;
      filter: CallEventsFilter;
      localNotBefore?: string;
      localNotAfter?: string;
      accountId?: string;
    };

/** A failure, already worded for a person by the extension (the webview has no l10n). */
export interface ErrorView {
  message: string;
  /** e.g. "404", "10005". */
  code?: string;
  kind: string;
}

/**
 * A standing fact about the timeline shown that is not a failure: nothing to retry, said quietly
 * (not an alert). `ignored_filter`: Telnyx returned events of other calls (a filter it ignored);
 * `count` distinct events were left out.
 */
export interface TimelineNotice {
  kind: 'ignored_filter';
  count: number;
  /** Already worded (and translated) by the extension. */
  message: string;
}

export type StatusState = 'loading' | 'alive' | 'ringing' | 'ended' | 'gone' | 'error' | 'unknown';

export interface StatusView {
  state: StatusState;
  status?: CallStatus;
  /** Date.now() when the status was read, to tick the duration when start_time is missing. */
  fetchedAtMs: number;
  error?: ErrorView;
}

export interface ProgressView {
  phase: 'idle' | 'loading' | 'refreshing';
  progress?: TimelineProgress;
}

export interface InitMessage {
  type: 'init';
  target: PanelTarget;
  title: string;
  strings: WebviewStrings;
  /** BCP 47 tag of VS Code's display language, for dates and numbers. */
  locale: string;
  canSwitchScope: boolean;
  autoRefreshSeconds: number;
}

export type ToWebview =
  | InitMessage
  | { type: 'status'; view: StatusView }
  /**
   * `replace`: the full timeline of `scope`; otherwise only new events to merge. Rows without their
   * metadata (10,000 events are ~7 MB with it): the page asks for one event's with `metadata`.
   * `following`: a long timeline comes as its first screen here, then `following` more rows in
   * `eventsMore` parts of feed `feed`, each asked for by the page (`moreEvents`) once it has drawn.
   */
  | {
      type: 'events';
      replace: boolean;
      events: EventRow[];
      scope: TimelineScope;
      canSwitchScope: boolean;
      feed?: number;
      following?: number;
    }
  /** The next rows of feed `feed` (after those already sent), and how many still follow. */
  | { type: 'eventsMore'; feed: number; events: EventRow[]; following: number }
  /** The raw metadata of one event, answering the page's `metadata` request; `found` false when the extension no longer holds it. */
  | { type: 'metadata'; key: string; found: boolean; metadata?: unknown }
  /** Does what the ladder's export buttons do (the page builds the text: it knows the filter); from `telnyx.saveCallLadder`. */
  | { type: 'exportLadder'; format: 'mermaid' | 'svg'; how: 'copy' | 'save' }
  | { type: 'progress'; view: ProgressView }
  | { type: 'timelineError'; error: ErrorView | undefined }
  /** Replaces the timeline's standing notice; undefined: none. Never an error, never with Retry. */
  | { type: 'timelineNotice'; notice: TimelineNotice | undefined }
  | { type: 'autoRefresh'; active: boolean }
  /** The target as now known (e.g. its leg and session learnt from the status), for the page to save. */
  | { type: 'target'; target: PanelTarget; canSwitchScope: boolean }
  | { type: 'notice'; text: string }
  /** Selects (and scrolls to) an event, e.g. from a Findings link on the page. */
  | { type: 'select'; key: string; expand?: boolean }
  /** What the call doctor found in the events shown, with its own translated labels. */
  | { type: 'findings'; view: FindingsView };

/** One finding of the call doctor, pointing at events by their keys (see `eventKey`). */
export interface FindingView {
  id: string;
  severity: 'error' | 'warning' | 'info';
  title: string;
  explanation: string;
  docsUrl: string;
  events: Array<{ key: string; name: string }>;
  /** The label of a "Hang up this leg" button, on a leg that is still up; the extension knows which leg. */
  hangUp?: string;
}

export interface FindingsView {
  heading: string;
  empty: string;
  docsLabel: string;
  eventsLabel: string;
  reactionsHeading: string;
  /** Webhook, pairs, p50, p95. */
  columns: [string, string, string, string];
  findings: FindingView[];
  reactions: Array<{ webhook: string; count: number; p50: string; p95: string }>;
  /** What the diagnosis rests on, in one line (events read, what the metadata did not say). */
  basis: string;
}

export type TimelineView = 'list' | 'ladder';

export type FromWebview =
  | { type: 'ready' }
  | { type: 'retry'; what: 'status' | 'timeline' }
  | { type: 'refresh' }
  /** Stop the timeline load under way and keep the events read so far. */
  | { type: 'stop' }
  | { type: 'setScope'; scope: TimelineScope }
  | { type: 'exportJson' }
  | { type: 'copyJson' }
  | { type: 'copyText'; text: string; label: string }
  /** The metadata of the event with this key (see `eventKey`), for its expanded row. */
  | { type: 'metadata'; key: string }
  /** The next part of a timeline that comes in parts (`events` with `following`). */
  | { type: 'moreEvents'; feed: number }
  /** The ladder as Mermaid or SVG text, built by the page (it knows the filter), to save to a file. */
  | { type: 'saveLadder'; format: 'mermaid' | 'svg'; text: string }
  /** Hang up the panel's call (after a confirmation in the extension). */
  | { type: 'hangUp' }
  /** Hang up the leg a finding says was left up; the extension finds the leg from its own events. */
  | { type: 'hangUpLeg'; findingId: string };

/** Persisted with the webview's setState; `target` is what the serializer reopens. */
export interface WebviewState {
  target: PanelTarget;
  filter?: TimelineFilter;
  selectedKey?: string;
  expandedKeys?: string[];
  view?: TimelineView;
}

/** Every string the page shows, translated by the extension. `{0}`-style placeholders. */
export interface WebviewStrings {
  toolbarLabel: string;
  refresh: string;
  hangUp: string;
  exportJson: string;
  copyJson: string;
  scopeLabel: string;
  scopeSession: string;
  scopeLeg: string;
  statusHeading: string;
  stateLoading: string;
  stateAlive: string;
  stateRinging: string;
  stateEnded: string;
  stateGone: string;
  stateError: string;
  stateUnknown: string;
  duration: string;
  started: string;
  endedAt: string;
  notEnded: string;
  clientState: string;
  clientStateRaw: string;
  clientStateDecoded: string;
  clientStateNone: string;
  clientStateInvalid: string;
  clientStateBinary: string;
  copy: string;
  copyNamed: string;
  goneExplanation: string;
  retry: string;
  statusErrorPrefix: string;
  timelineErrorPrefix: string;
  timelineHeading: string;
  lanesLabel: string;
  /** By the lane's event count. */
  laneLabel: Plural;
  moreLegs: Plural;
  filtersLabel: string;
  filterType: string;
  typeAll: string;
  typeCommands: string;
  typeWebhooks: string;
  filterName: string;
  failedOnly: string;
  /** By the total count. */
  showingCounts: Plural;
  /** By the total count of events. */
  loadingPage: Plural;
  loadingFirst: string;
  refreshing: string;
  noEvents: string;
  noMatch: string;
  colTime: string;
  colSinceStart: string;
  colGap: string;
  colName: string;
  colLeg: string;
  typeCommand: string;
  typeWebhook: string;
  failedDelivery: string;
  failedShort: string;
  metadata: string;
  copyMetadata: string;
  metadataLoading: string;
  metadataMissing: string;
  from: string;
  to: string;
  direction: string;
  hangupCause: string;
  deliveryStatus: string;
  timestampUtc: string;
  leg: string;
  session: string;
  autoRefreshOn: string;
  autoRefreshOff: string;
  eventsLabel: string;
  selectedEvent: string;
  duplicateDelivery: string;
  duplicateDeliveryTitle: string;
  oddRecord: string;
  oddRecordTitle: string;
  stopLoading: string;
  /** Where a row was seen (the live tap, Telnyx's record, both), its badge and its title. */
  seenTap: string;
  seenRecord: string;
  seenBoth: string;
  seenTitle: string;
  seenLabel: string;
  appAnswerLabel: string;
  telnyxAnswerLabel: string;
  reactionLabel: string;
  reactionValue: string;
  signatureLabel: string;
  signatureValid: string;
  signatureInvalid: string;
  signatureMissing: string;
  signatureUnchecked: string;
  clientStatePlain: string;
  clientStateTruncated: string;
  ladder: LadderStrings;
}
