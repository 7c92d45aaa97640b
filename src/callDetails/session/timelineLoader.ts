// A session's timeline: the full load (first page shown at once, the rest with progress, Stop, the
// cap) and the incremental refresh (only what is new, reaching back over an overlap, merged by
// content), with the rows the page gets and the timeline's own failure.
import type { TelnyxApi } from '../../telnyx/api';
import type { CallEvent, CallEventsFilter } from '../../telnyx/types';
import { connectionIdFromEvents } from '../../timeline/connection';
import {
  dedupeEvents,
  keyEvents,
  mergeEvents,
  refreshFrom,
  toEventRows,
  withinBounds,
  type EventRow,
  type PanelEvent,
} from '../../timeline/model';
import { mergeTapWithRecord } from '../../timeline/tapMerge';
import { findCallIdsInRecentEvents } from '../../calls/findLeg';
import type { ErrorView, ProgressView } from '../protocol';
import type { SessionNotices } from './notices';
import type { SessionTarget } from './target';
import type { SessionContext, UnknownLegReason } from './types';

export const EVENTS_PAGE_SIZE = 250;
/**
 * How far back a live refresh re-reads: events are recorded late and out of order, so asking only
 * for what is after the latest one seen would miss them for good. Re-read records merge by content.
 */
export const REFRESH_OVERLAP_SECONDS = 60;

export type LoadMode = 'full' | 'incremental';

export class TimelineLoader {
  /** Telnyx's record as read (what incremental reads merge into). */
  private recordValue: CallEvent[] = [];
  /** The live tap's events of the call, as last pushed. */
  private tappedValue: PanelEvent[] = [];
  /** The two merged: what is shown. */
  private eventsValue: PanelEvent[] = [];
  private rowsValue: EventRow[] = [];
  private eventsByKey: Map<string, PanelEvent> | undefined;
  /** Whether `events` holds a full load of the current scope (incremental refresh builds on it). */
  private completeValue = false;
  private progressValue: ProgressView = { phase: 'idle' };
  private errorValue: ErrorView | undefined;
  private stopRequested = false;
  private capLifted = false;
  private abort: AbortController | undefined;

  constructor(
    private readonly ctx: SessionContext,
    private readonly target: SessionTarget,
    private readonly notices: SessionNotices,
    /** Status and timeline again (the person chose to load past the cap). */
    private readonly reloadAll: () => Promise<void>,
    /** Why the call's leg and session are unknown, when neither the status nor an event names them. */
    private readonly whyLegUnknown: () => UnknownLegReason,
  ) {}

  get events(): PanelEvent[] {
    return this.eventsValue;
  }

  get rows(): EventRow[] {
    return this.rowsValue;
  }

  get complete(): boolean {
    return this.completeValue;
  }

  get progress(): ProgressView {
    return this.progressValue;
  }

  get error(): ErrorView | undefined {
    return this.errorValue;
  }

  /** A load is under way. */
  get loading(): boolean {
    return this.abort !== undefined;
  }

  /** The event behind a row's key, for the page's metadata request. */
  eventByKey(key: string): PanelEvent | undefined {
    if (!this.eventsByKey) {
      const keys = keyEvents(this.eventsValue);
      this.eventsByKey = new Map(this.eventsValue.map((event, index) => [keys[index], event]));
    }
    return this.eventsByKey.get(key);
  }

  /** Forgets what is held (another scope): the next load is a full one. */
  clear(): void {
    this.setRecord([]);
    this.completeValue = false;
  }

  /**
   * The live tap's events of the call changed (pushed, not polled): the page gets only the new rows
   * when the rows shown are unchanged, else all rows again (a tapped entry completed, or merged).
   */
  showTapped(tapped: PanelEvent[]): void {
    this.tappedValue = tapped;
    const before = this.rowsValue;
    this.setRecord(this.recordValue);
    const rows = this.rowsValue;
    const appended = rows.length >= before.length && before.every((row, index) => sameRow(row, rows[index]));
    const view = { scope: this.target.effectiveScope(), canSwitchScope: this.target.canSwitchScope };
    if (appended) this.ctx.emit({ type: 'events', replace: false, events: rows.slice(before.length), ...view });
    else this.ctx.emit({ type: 'events', replace: true, events: rows, ...view });
    this.ctx.emit({ type: 'settled' });
  }

  async load(mode: LoadMode): Promise<void> {
    if (mode === 'incremental' && !this.completeValue) mode = 'full';
    if (mode === 'full') this.abort?.abort();
    else if (this.abort && !this.abort.signal.aborted) return; // a full load is under way
    const abort = new AbortController();
    this.abort = abort;
    const { deps } = this.ctx;
    try {
      const api = await this.ctx.api();
      if (abort.signal.aborted) return;
      if ('error' in api) {
        this.setError(api.error);
        return;
      }
      let filter = this.target.filter();
      const callControlId = this.target.callControlId;
      if (!filter && callControlId !== undefined) {
        this.setProgress({ phase: 'loading' });
        const found = await findCallIdsInRecentEvents(api, callControlId, abort.signal);
        if (abort.signal.aborted) return;
        if (found) this.target.learnIds(found.legId, found.sessionId);
        filter = this.target.filter();
      }
      if (!filter) {
        this.setError(deps.words.unknownLeg(this.whyLegUnknown()));
        return;
      }
      if (mode === 'full') {
        this.stopRequested = false;
        await this.loadAll(api, filter, abort);
      } else {
        await this.loadNew(api, filter, abort);
      }
      // Events of other calls in what was read are a notice beside the list, not a failure of it.
      this.setError(undefined);
      this.notices.publish();
    } catch (error) {
      if (this.ctx.cancelled(abort, error)) return;
      const view = deps.words.errorView(error);
      deps.warn?.(`Call details: timeline failed: ${view.message}`);
      this.setError(view);
    } finally {
      if (this.abort === abort) {
        this.abort = undefined;
        this.setProgress({ phase: 'idle' });
      }
    }
  }

  /** Stops the full load under way; what was read stays on screen. */
  stop(): void {
    if (!this.abort || this.progressValue.phase !== 'loading') return;
    this.stopRequested = true;
    this.abort.abort();
  }

  /** Ends any load for good (the session is disposed). */
  cancel(): void {
    this.abort?.abort();
  }

  private bounded(events: CallEvent[]): CallEvent[] {
    const target = this.target.current;
    return target.kind === 'events' ? withinBounds(events, target.localNotBefore, target.localNotAfter) : events;
  }

  /**
   * The first page is shown as soon as it arrives; the rest follow in the background with a count
   * and a Stop, up to the cap unless the person asks for all.
   */
  private async loadAll(api: TelnyxApi, filter: CallEventsFilter, abort: AbortController): Promise<void> {
    const { deps } = this.ctx;
    this.setProgress({ phase: 'loading' });
    const scope = this.target.effectiveScope();
    const show = (read: CallEvent[]): void => {
      this.setRecord(this.notices.onlyRequested(dedupeEvents(this.bounded(read)), filter, true));
      this.ctx.emit({
        type: 'events',
        replace: true,
        events: this.rowsValue,
        scope,
        canSwitchScope: this.target.canSwitchScope,
      });
    };
    const first = await api.listCallEvents(
      { filter, pageNumber: 1, pageSize: EVENTS_PAGE_SIZE },
      { signal: abort.signal },
    );
    if (abort.signal.aborted || this.ctx.disposed()) return;
    const total = first.meta.total_results;
    const cap = this.capLifted ? 0 : deps.maxEvents();
    // Without counts (optional in the spec), the cap applies and is told once it is reached.
    const capped = cap > 0 && (total === undefined || total > cap);
    if ((first.meta.total_pages ?? 2) > 1) show(first.data);
    const pages = new Map<number, CallEvent[]>([[1, first.data]]);
    let read: CallEvent[];
    try {
      read = await api.fetchAllCallEvents(filter, {
        signal: abort.signal,
        pageSize: EVENTS_PAGE_SIZE,
        firstPage: first,
        maxEvents: capped ? cap : undefined,
        onPage: (pageNumber, events) => pages.set(pageNumber, events),
        onProgress: (progress) => {
          if (!abort.signal.aborted) this.setProgress({ phase: 'loading', progress });
        },
      });
    } catch (error) {
      if (!this.stopRequested || this.ctx.disposed()) throw error;
      read = [...pages.entries()].sort((a, b) => a[0] - b[0]).flatMap(([, events]) => events);
    }
    if (this.ctx.disposed() || (abort.signal.aborted && !this.stopRequested)) return;
    show(read);
    this.completeValue = true;
    // Once, on what was read: diagnosing every page of a large session as it arrives would cost more.
    this.ctx.emit({ type: 'settled' });
    if (this.stopRequested) {
      this.notices.say(deps.words.stopped(read.length, total ?? read.length));
    } else if (capped && (total !== undefined || read.length >= cap) && deps.confirmLoadPastCap) {
      void deps.confirmLoadPastCap(total ?? read.length, read.length).then((loadAll) => {
        if (!loadAll || this.ctx.disposed()) return;
        this.capLifted = true;
        void this.reloadAll();
      });
    }
  }

  /** Only what is new: one bound (Telnyx takes one), at microsecond precision, reaching back over the overlap. */
  private async loadNew(api: TelnyxApi, filter: CallEventsFilter, abort: AbortController): Promise<void> {
    const from = refreshFrom(this.recordValue, REFRESH_OVERLAP_SECONDS * 1_000_000);
    this.setProgress({ phase: 'refreshing' });
    const incoming = await api.fetchAllCallEvents(from ? { ...filter, occurredAt: { gte: from } } : filter, {
      signal: abort.signal,
      pageSize: EVENTS_PAGE_SIZE,
    });
    if (abort.signal.aborted || this.ctx.disposed()) return;
    const merged = mergeEvents(this.recordValue, this.notices.onlyRequested(this.bounded(incoming), filter, false));
    if (merged.added) this.showMerged(merged.events);
  }

  /**
   * After an incremental merge: the page gets only the new rows, unless a new record changed an
   * earlier row (a second delivery marks the first one too); then it gets all rows again.
   */
  private showMerged(record: CallEvent[]): void {
    const previous = this.rowsValue;
    const before = previous.length;
    this.setRecord(record);
    const rows = this.rowsValue;
    const changed = previous.some((row, index) => !sameRow(row, rows[index]));
    const view = { scope: this.target.effectiveScope(), canSwitchScope: this.target.canSwitchScope };
    if (changed) this.ctx.emit({ type: 'events', replace: true, events: rows, ...view });
    else this.ctx.emit({ type: 'events', replace: false, events: rows.slice(before), ...view });
    this.ctx.emit({ type: 'settled' });
  }

  private setProgress(view: ProgressView): void {
    this.progressValue = view;
    this.ctx.emit({ type: 'progress', view });
  }

  private setError(error: ErrorView | undefined): void {
    this.errorValue = error;
    this.ctx.emit({ type: 'timelineError', error });
  }

  /** Telnyx's record as now read; what is shown is it merged with the tap's events. */
  private setRecord(record: CallEvent[]): void {
    this.recordValue = record;
    this.eventsValue = mergeTapWithRecord(record, this.tappedValue);
    this.rowsValue = toEventRows(this.eventsValue);
    this.eventsByKey = undefined;
    this.learnConnection();
  }

  /** Lets the hover offer "Reveal in tree" for this call even when the tree has not listed it. */
  private learnConnection(): void {
    const target = this.target.current;
    const index = this.ctx.deps.connections;
    if (target.kind !== 'call' || !index || index.connectionOf(target.callControlId)) return;
    const connectionId = connectionIdFromEvents(this.eventsValue, {
      callControlId: target.callControlId,
      legId: target.legId,
    });
    if (connectionId) index.rememberConnection(target.callControlId, connectionId);
  }
}

/** A row the page holds needs no update: same key, same redelivery mark, same source and answers. */
function sameRow(a: EventRow, b: EventRow | undefined): boolean {
  return (
    b !== undefined &&
    a.key === b.key &&
    a.redelivery?.attempt === b.redelivery?.attempt &&
    a.seenBy === b.seenBy &&
    JSON.stringify(a.tap) === JSON.stringify(b.tap)
  );
}
