// The page's controller: receives data from the extension, keeps the timeline model and the choices
// of the person (filter, selection, list or ladder), and hands what to show to the page's views
// (toolbar, status card, findings, progress, messages, lanes, filters, list, ladder). Sends back
// only requests.
import type {
  ErrorView,
  FromWebview,
  InitMessage,
  PanelTarget,
  ProgressView,
  TimelineNotice,
  TimelineScope,
  TimelineView,
  ToWebview,
  WebviewState,
  WebviewStrings,
} from '../callDetails/protocol';
import { applyFilter, NO_FILTER, type FilterResult, type TimelineFilter } from '../timeline/filters';
import { buildTimeline, mergeEvents, type EventRow, type Timeline, type TimelineEntry } from '../timeline/model';
import { ladderToMermaid, ladderToSvg } from '../timeline/ladderExport';
import { fill } from '../timeline/ladderText';
import { actionAt } from './actions';
import { h } from './dom';
import { EndOfCallCard } from './endOfCallCard';
import { EventList } from './eventList';
import { FilterBar } from './filterBar';
import { FindingsSection } from './findings';
import { Formatter } from './format';
import { LadderView } from './ladderView';
import { LanesView } from './lanes';
import { LoadProgress } from './loadProgress';
import { Segmented } from './segmented';
import { StatusCard } from './statusCard';
import { TimelineMessages } from './timelineMessages';
import { Toast } from './toast';
import { Toolbar } from './toolbar';

export interface VsCodeApi {
  postMessage(message: FromWebview): void;
  getState(): unknown;
  setState(state: WebviewState): void;
}

interface Ui {
  strings: WebviewStrings;
  toolbar: Toolbar;
  status: StatusCard;
  lanes: LanesView;
  filters: FilterBar;
  list: EventList;
  progress: LoadProgress;
  messages: TimelineMessages;
  toast: Toast;
  ladder: LadderView;
  endOfCall: EndOfCallCard;
  viewToggle: Segmented<TimelineView>;
}

export class App {
  private ui: Ui | undefined;
  private init: InitMessage | undefined;
  private target: PanelTarget | undefined;
  private events: EventRow[] = [];
  private timeline: Timeline<EventRow> = buildTimeline<EventRow>([]);
  private filtered: FilterResult = applyFilter([], NO_FILTER);
  private filter: TimelineFilter = NO_FILTER;
  private scope: TimelineScope = 'session';
  private view: TimelineView = 'list';
  private canSwitchScope = false;
  private progressView: ProgressView = { phase: 'idle' };
  private autoRefresh = false;
  private timelineError: ErrorView | undefined;
  private timelineNotice: TimelineNotice | undefined;
  private readonly saved: WebviewState | undefined;
  /** A timeline arriving in parts: its rows so far (the list shows its first screen, or what it showed before, until the last part). */
  private feed: { id: number; rows: EventRow[]; scope: TimelineScope; canSwitchScope: boolean } | undefined;
  private readonly findings = new FindingsSection((key) => this.receive({ type: 'select', key }));

  constructor(
    private readonly vscode: VsCodeApi,
    private readonly root: HTMLElement,
  ) {
    const saved = vscode.getState();
    this.saved = saved && typeof saved === 'object' && 'target' in saved ? (saved as WebviewState) : undefined;
    window.addEventListener('message', (event: MessageEvent<unknown>) => {
      const data = event.data;
      if (data && typeof data === 'object' && typeof (data as { type?: unknown }).type === 'string')
        this.receive(data as ToWebview);
    });
    root.addEventListener('click', (event) => this.handleAction(event));
    vscode.postMessage({ type: 'ready' });
  }

  receive(message: ToWebview): void {
    if (message.type === 'init') {
      this.start(message);
      return;
    }
    const ui = this.ui;
    if (!ui) return;
    switch (message.type) {
      case 'status':
        ui.status.update(message.view);
        ui.toolbar.showStatus(message.view);
        break;
      case 'events': {
        const { feed, following, scope, canSwitchScope } = message;
        if (feed === undefined || !following) {
          this.feed = undefined;
          this.receiveEvents(message.events, message.replace, scope, canSwitchScope);
          break;
        }
        this.feed = { id: feed, rows: message.events.slice(), scope, canSwitchScope };
        // A timeline on screen (a refresh) stays as it is until every row is in: no jump back to a first screen.
        if (this.events.length > 0 && scope === this.scope) this.post({ type: 'moreEvents', feed });
        else {
          this.receiveEvents(message.events, true, scope, canSwitchScope);
          this.askForMoreAfterPaint(feed);
        }
        break;
      }
      case 'eventsMore':
        this.receivePart(message.feed, message.events, message.following);
        break;
      case 'metadata':
        ui.list.showMetadata(message.key, { found: message.found, value: message.metadata });
        ui.ladder.showMetadata(message.key, { found: message.found, value: message.metadata });
        break;
      case 'progress':
        this.progressView = message.view;
        ui.progress.show(message.view);
        if (message.view.phase === 'idle' && this.timeline.entries.length === 0) this.applyFilter(this.filter, true);
        break;
      case 'timelineError':
        this.timelineError = message.error;
        ui.messages.showError(message.error);
        break;
      case 'timelineNotice':
        this.timelineNotice = message.notice;
        ui.messages.showNotice(message.notice);
        break;
      case 'autoRefresh':
        this.autoRefresh = message.active;
        ui.toolbar.showAutoRefresh(message.active, this.init?.autoRefreshSeconds ?? 0);
        break;
      case 'target':
        this.target = message.target;
        this.canSwitchScope = message.canSwitchScope;
        ui.toolbar.showScope(this.scope, this.canSwitchScope);
        this.persist();
        break;
      case 'notice':
        ui.toast.show(message.text);
        break;
      case 'select':
        ui.list.select(message.key, { scroll: true });
        ui.lanes.select(message.key);
        ui.ladder.select(message.key, true);
        if (message.expand) ui.list.toggle(message.key, true);
        this.persist();
        break;
      case 'findings':
        this.findings.update(message.view);
        break;
      case 'exportLadder':
        this.exportLadder(message.format, message.how);
        break;
    }
  }

  private start(init: InitMessage): void {
    this.init = init;
    this.target = init.target;
    this.scope = init.target.kind === 'call' ? init.target.scope : 'session';
    this.canSwitchScope = init.canSwitchScope;
    const s = init.strings;
    const formatter = new Formatter(init.locale);
    document.documentElement.lang = init.locale;
    document.title = init.title;
    const isCall = init.target.kind === 'call';

    const toolbar = new Toolbar(s, init.title, isCall);
    const status = new StatusCard(s, formatter);
    const list = new EventList(s, formatter, {
      onSelect: (entry) => this.selected(entry, 'list'),
      onExpandedChange: () => this.persist(),
      onCopy: (text, label) => this.post({ type: 'copyText', text, label }),
      onNeedMetadata: (key) => this.post({ type: 'metadata', key }),
    });
    const lanes = new LanesView(s, (entry) => this.selected(entry, 'lanes'));
    const filters = new FilterBar(s, formatter, (filter) => this.applyFilter(filter));
    const ladder = new LadderView(s, s.ladder, formatter, {
      onSelect: (entry) => this.selected(entry, 'ladder'),
      onCopy: (text, label) => this.post({ type: 'copyText', text, label }),
      onNeedMetadata: (key) => this.post({ type: 'metadata', key }),
      onExport: (format, how) => this.exportLadder(format, how),
    });
    const endOfCall = new EndOfCallCard(s.ladder);
    const viewToggle = new Segmented<TimelineView>(
      'view',
      s.ladder.viewLabel,
      { list: s.ladder.viewList, ladder: s.ladder.viewLadder },
      'segmented view-toggle',
    );
    const progress = new LoadProgress(s, formatter);
    const messages = new TimelineMessages(s);
    const toast = new Toast();

    const timelineSection = h(
      'section',
      { className: 'timeline-section', attrs: { 'aria-labelledby': 'timeline-heading' } },
      h(
        'div',
        { className: 'timeline-heading-row' },
        h('h2', { className: 'section-heading', text: s.timelineHeading, attrs: { id: 'timeline-heading' } }),
        viewToggle.element,
      ),
      progress.element,
      messages.element,
      lanes.element,
      filters.element,
      list.element,
      ladder.element,
    );
    // What the call is and what went wrong, side by side above the timeline, which takes the rest.
    const overview = h(
      'div',
      { className: 'overview' },
      this.findings.element,
      isCall ? status.element : undefined,
      isCall ? endOfCall.element : undefined,
    );
    this.ui?.status.dispose();
    this.ui?.lanes.dispose();
    this.root.replaceChildren(toolbar.element, overview, timelineSection, toast.element);
    this.ui = {
      strings: s,
      toolbar,
      status,
      lanes,
      filters,
      list,
      progress,
      messages,
      toast,
      ladder,
      endOfCall,
      viewToggle,
    };

    if (this.saved && sameTarget(this.saved.target, init.target)) {
      this.filter = this.saved.filter ?? NO_FILTER;
      filters.value = this.filter;
      for (const key of this.saved.expandedKeys ?? []) list.expanded.add(key);
      if (this.saved.selectedKey) list.select(this.saved.selectedKey, { scroll: false });
      if (this.saved.view === 'ladder' || this.saved.view === 'list') this.view = this.saved.view;
    }
    this.renderView();
    toolbar.showScope(this.scope, this.canSwitchScope);
    toolbar.showAutoRefresh(this.autoRefresh, init.autoRefreshSeconds);
    progress.show(this.progressView);
    messages.showNotice(this.timelineNotice);
    messages.showError(this.timelineError);
    this.refreshTimeline();
    this.persist();
  }

  private receiveEvents(events: EventRow[], replace: boolean, scope: TimelineScope, canSwitchScope: boolean): void {
    if (replace || scope !== this.scope) this.events = events.slice();
    else this.events = mergeEvents(this.events, events).events;
    this.scope = scope;
    this.canSwitchScope = canSwitchScope;
    if (this.target?.kind === 'call') this.target = { ...this.target, scope };
    this.ui?.toolbar.showScope(scope, canSwitchScope);
    this.refreshTimeline();
    this.persist();
  }

  /**
   * Once the first screen is painted (the task after its frame), the next part; a page that is not
   * drawing (a panel in the background gets no frames) asks anyway after a moment.
   */
  private askForMoreAfterPaint(feed: number): void {
    let asked = false;
    const ask = (): void => {
      if (asked || this.feed?.id !== feed) return;
      asked = true;
      this.post({ type: 'moreEvents', feed });
    };
    requestAnimationFrame(() => setTimeout(ask, 0));
    setTimeout(ask, 250);
  }

  private receivePart(feedId: number, rows: EventRow[], following: number): void {
    const feed = this.feed;
    if (!feed || feed.id !== feedId) return;
    for (const row of rows) feed.rows.push(row);
    if (following > 0) {
      this.post({ type: 'moreEvents', feed: feedId });
      return;
    }
    this.feed = undefined;
    this.receiveEvents(feed.rows, true, feed.scope, feed.canSwitchScope);
  }

  private refreshTimeline(): void {
    const ui = this.ui;
    if (!ui) return;
    this.timeline = buildTimeline(this.events);
    this.applyFilter(this.filter, true);
  }

  private applyFilter(filter: TimelineFilter, dataChanged = false): void {
    const ui = this.ui;
    if (!ui) return;
    this.filter = filter;
    this.filtered = applyFilter(this.timeline.entries, filter);
    const emptyText =
      this.timeline.entries.length === 0
        ? this.progressView.phase === 'loading'
          ? ''
          : ui.strings.noEvents
        : ui.strings.noMatch;
    // While a timeline arrives in parts, rows expanded before (a restored panel) may be in a later part.
    ui.list.setEntries(this.filtered.entries, emptyText, { keepExpanded: this.feed !== undefined });
    ui.lanes.update(this.timeline, this.filtered.entries, ui.list.selected);
    ui.ladder.update(this.timeline, this.filtered.entries, ui.list.selected, emptyText);
    if (ui.ladder.current) ui.endOfCall.update(ui.ladder.current.lifelines);
    ui.filters.showCounts(this.filtered.counts);
    if (!dataChanged) this.persist();
  }

  private selected(entry: TimelineEntry, from: 'list' | 'lanes' | 'ladder'): void {
    const ui = this.ui;
    if (!ui) return;
    if (from === 'lanes') ui.list.select(entry.key, { scroll: true, focus: this.view === 'list' });
    if (from === 'ladder') ui.list.select(entry.key, { scroll: true });
    if (from !== 'ladder') ui.ladder.select(entry.key, from === 'lanes');
    ui.lanes.select(entry.key);
    this.persist();
  }

  private handleAction(event: MouseEvent): void {
    const hit = actionAt(event.target);
    if (!hit || hit.element.closest('.list')) return;
    const button = hit.element;
    switch (hit.action) {
      case 'refresh':
        this.post({ type: 'refresh' });
        break;
      case 'stop':
        this.post({ type: 'stop' });
        break;
      case 'export':
        this.post({ type: 'exportJson' });
        break;
      case 'copy-json':
        this.post({ type: 'copyJson' });
        break;
      case 'hang-up':
        this.post({ type: 'hangUp' });
        break;
      case 'hang-up-leg':
        if (button.dataset.finding) this.post({ type: 'hangUpLeg', findingId: button.dataset.finding });
        break;
      case 'retry':
        this.post({ type: 'retry', what: button.dataset.what === 'status' ? 'status' : 'timeline' });
        break;
      case 'copy':
        this.post({ type: 'copyText', text: button.dataset.text ?? '', label: button.dataset.label ?? '' });
        break;
      case 'view':
        this.view = Segmented.valueOf(button) === 'ladder' ? 'ladder' : 'list';
        this.renderView();
        this.persist();
        break;
      case 'scope': {
        const scope = Segmented.valueOf(button) === 'leg' ? 'leg' : 'session';
        if (scope !== this.scope && this.canSwitchScope) this.post({ type: 'setScope', scope });
        break;
      }
      // Handled by the list and the ladder themselves.
      case 'toggle':
      case 'ladder-export':
        break;
    }
  }

  /** Shows the list or the ladder; both keep the same selection and filter. */
  private renderView(): void {
    const ui = this.ui;
    if (!ui) return;
    const ladder = this.view === 'ladder';
    ui.list.element.hidden = ladder;
    ui.ladder.element.hidden = !ladder;
    ui.viewToggle.show(this.view);
    if (ladder) {
      ui.ladder.select(ui.list.selected, true);
      ui.ladder.refresh();
    } else if (ui.list.selected) ui.list.select(ui.list.selected, { scroll: true });
    else ui.list.refresh();
  }

  private exportLadder(format: 'mermaid' | 'svg', how: 'copy' | 'save'): void {
    const ui = this.ui;
    const ladder = ui?.ladder.current;
    if (!ui || !ladder) return;
    const text =
      format === 'mermaid'
        ? ladderToMermaid(ladder, ui.strings.ladder)
        : ladderToSvg(ladder, ui.strings.ladder, fill(ui.strings.ladder.diagramTitle, this.init?.title ?? ''));
    if (how === 'copy') this.post({ type: 'copyText', text, label: ui.strings.ladder.mermaidName });
    else this.post({ type: 'saveLadder', format, text });
  }

  private persist(): void {
    const ui = this.ui;
    if (!ui || !this.target) return;
    this.vscode.setState({
      target: this.target,
      filter: this.filter,
      selectedKey: ui.list.selected,
      expandedKeys: [...ui.list.expanded],
      view: this.view,
    });
  }

  private post(message: FromWebview): void {
    this.vscode.postMessage(message);
  }
}

function sameTarget(a: PanelTarget, b: PanelTarget): boolean {
  if (a.kind === 'call' && b.kind === 'call') return a.callControlId === b.callControlId;
  if (a.kind === 'events' && b.kind === 'events') return JSON.stringify(a.filter) === JSON.stringify(b.filter);
  return false;
}
