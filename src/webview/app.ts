// The page's controller: receives data from the extension, keeps the timeline model, and wires the
// status card, lanes, filters and list together. Sends back only requests.
import type {
  ErrorView,
  FromWebview,
  InitMessage,
  PanelTarget,
  ProgressView,
  TimelineScope,
  TimelineView,
  ToWebview,
  WebviewState,
  WebviewStrings,
} from '../callDetails/protocol';
import { applyFilter, NO_FILTER, type FilterResult, type TimelineFilter } from '../timeline/filters';
import { buildTimeline, mergeEvents, type EventRow, type Timeline, type TimelineEntry } from '../timeline/model';
import { format, h, icon, iconButton } from './dom';
import { EventList } from './eventList';
import { FilterBar } from './filterBar';
import { FindingsSection } from './findings';
import { Formatter } from './format';
import { LanesView } from './lanes';
import { StatusCard } from './statusCard';
import { ladderToMermaid, ladderToSvg } from '../timeline/ladderExport';
import { fill } from '../timeline/ladderText';
import { EndOfCallCard } from './endOfCallCard';
import { HangUpButton } from './hangUpButton';
import { LadderView } from './ladderView';

export interface VsCodeApi {
  postMessage(message: FromWebview): void;
  getState(): unknown;
  setState(state: WebviewState): void;
}

interface Ui {
  strings: WebviewStrings;
  formatter: Formatter;
  status: StatusCard;
  lanes: LanesView;
  filters: FilterBar;
  list: EventList;
  scopeButtons: Record<TimelineScope, HTMLButtonElement>;
  scopeGroup: HTMLElement;
  progress: HTMLElement;
  progressBar: HTMLElement;
  progressText: HTMLElement;
  stopButton: HTMLButtonElement;
  timelineError: HTMLElement;
  liveIndicator: HTMLElement;
  notice: HTMLElement;
  ladder: LadderView;
  endOfCall: EndOfCallCard;
  viewButtons: Record<TimelineView, HTMLButtonElement>;
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
  private autoRefresh = false;
  private progressView: ProgressView = { phase: 'idle' };
  private timelineErrorView: ErrorView | undefined;
  private noticeTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly saved: WebviewState | undefined;
  private readonly findings = new FindingsSection((key) => this.receive({ type: 'select', key }));
  private hangUpButton: HangUpButton | undefined;

  constructor(
    private readonly vscode: VsCodeApi,
    private readonly root: HTMLElement,
  ) {
    const saved = vscode.getState();
    this.saved = saved && typeof saved === 'object' && 'target' in saved ? (saved as WebviewState) : undefined;
    window.addEventListener('message', (event: MessageEvent<unknown>) => {
      const data = event.data;
      if (data && typeof data === 'object' && typeof (data as { type?: unknown }).type === 'string') this.receive(data as ToWebview);
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
        this.hangUpButton?.update(message.view);
        break;
      case 'events':
        this.receiveEvents(message.events, message.replace, message.scope, message.canSwitchScope);
        break;
      case 'metadata':
        ui.list.showMetadata(message.key, { found: message.found, value: message.metadata });
        ui.ladder.showMetadata(message.key, { found: message.found, value: message.metadata });
        break;
      case 'progress':
        this.progressView = message.view;
        this.renderProgress();
        break;
      case 'timelineError':
        this.timelineErrorView = message.error;
        this.renderTimelineError();
        break;
      case 'autoRefresh':
        this.autoRefresh = message.active;
        this.renderLive();
        break;
      case 'target':
        this.target = message.target;
        this.canSwitchScope = message.canSwitchScope;
        this.renderScope();
        this.persist();
        break;
      case 'notice':
        this.showNotice(message.text);
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
    const viewButtons: Record<TimelineView, HTMLButtonElement> = {
      list: h('button', { className: 'segment', text: s.ladder.viewList, attrs: { type: 'button', 'data-action': 'view', 'data-view': 'list' } }),
      ladder: h('button', { className: 'segment', text: s.ladder.viewLadder, attrs: { type: 'button', 'data-action': 'view', 'data-view': 'ladder' } }),
    };
    const viewGroup = h('div', { className: 'segmented view-toggle', attrs: { role: 'group', 'aria-label': s.ladder.viewLabel } }, viewButtons.list, viewButtons.ladder);

    const scopeButtons: Record<TimelineScope, HTMLButtonElement> = {
      session: h('button', { className: 'segment', text: s.scopeSession, attrs: { type: 'button', 'data-action': 'scope', 'data-scope': 'session' } }),
      leg: h('button', { className: 'segment', text: s.scopeLeg, attrs: { type: 'button', 'data-action': 'scope', 'data-scope': 'leg' } }),
    };
    const scopeGroup = h('div', { className: 'segmented', attrs: { role: 'group', 'aria-label': s.scopeLabel } }, scopeButtons.session, scopeButtons.leg);
    const liveIndicator = h('span', { className: 'live muted', attrs: { role: 'status' } });
    this.hangUpButton = init.target.kind === 'call' ? new HangUpButton(s) : undefined;
    const toolbar = h(
      'header',
      { className: 'toolbar', attrs: { role: 'toolbar', 'aria-label': s.toolbarLabel } },
      h('h1', { className: 'title', text: init.title, title: init.title }),
      scopeGroup,
      h('span', { className: 'toolbar-spacer' }),
      liveIndicator,
      ...(this.hangUpButton ? [this.hangUpButton.element] : []),
      iconButton('refresh', s.refresh, 'refresh'),
      iconButton('save', s.exportJson, 'export'),
      iconButton('copy', s.copyJson, 'copy-json'),
    );

    const progressBar = h('div', { className: 'progress-bar' });
    const progressText = h('span', { className: 'progress-text muted' });
    const stopButton = iconButton('debug-stop', s.stopLoading, 'stop', { text: s.stopLoading });
    const progress = h('div', { className: 'progress', attrs: { role: 'progressbar', 'aria-label': s.loadingFirst } }, h('div', { className: 'progress-track' }, progressBar), progressText, stopButton);
    const timelineError = h('div', { className: 'banner banner-error', attrs: { role: 'alert' } });
    const notice = h('div', { className: 'notice', attrs: { role: 'status', 'aria-live': 'polite' } });
    const timelineSection = h(
      'section',
      { className: 'timeline-section', attrs: { 'aria-labelledby': 'timeline-heading' } },
      h('div', { className: 'timeline-heading-row' }, h('h2', { className: 'section-heading', text: s.timelineHeading, attrs: { id: 'timeline-heading' } }), viewGroup),
      progress,
      timelineError,
      lanes.element,
      filters.element,
      list.element,
      ladder.element,
    );
    const children: HTMLElement[] = [toolbar, this.findings.element];
    if (init.target.kind === 'call') children.push(status.element, endOfCall.element);
    children.push(timelineSection, notice);
    this.ui?.status.dispose();
    this.ui?.lanes.dispose();
    this.root.replaceChildren(...children);
    this.ui = { strings: s, formatter, status, lanes, filters, list, scopeButtons, scopeGroup, progress, progressBar, progressText, stopButton, timelineError, liveIndicator, notice, ladder, endOfCall, viewButtons };

    if (this.saved && sameTarget(this.saved.target, init.target)) {
      this.filter = this.saved.filter ?? NO_FILTER;
      filters.value = this.filter;
      for (const key of this.saved.expandedKeys ?? []) list.expanded.add(key);
      if (this.saved.selectedKey) list.select(this.saved.selectedKey, { scroll: false });
      if (this.saved.view === 'ladder' || this.saved.view === 'list') this.view = this.saved.view;
    }
    this.renderView();
    this.renderScope();
    this.renderProgress();
    this.renderTimelineError();
    this.renderLive();
    this.refreshTimeline();
    this.persist();
  }

  private receiveEvents(events: EventRow[], replace: boolean, scope: TimelineScope, canSwitchScope: boolean): void {
    if (replace || scope !== this.scope) this.events = events.slice();
    else this.events = mergeEvents(this.events, events).events;
    this.scope = scope;
    this.canSwitchScope = canSwitchScope;
    if (this.target?.kind === 'call') this.target = { ...this.target, scope };
    this.renderScope();
    this.refreshTimeline();
    this.persist();
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
    const emptyText = this.timeline.entries.length === 0 ? (this.progressView.phase === 'loading' ? '' : ui.strings.noEvents) : ui.strings.noMatch;
    ui.list.setEntries(this.filtered.entries, emptyText);
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
    const button = (event.target as Element).closest<HTMLElement>('[data-action]');
    if (!button || button.closest('.list')) return;
    switch (button.dataset.action) {
      case 'refresh': this.post({ type: 'refresh' }); break;
      case 'stop': this.post({ type: 'stop' }); break;
      case 'export': this.post({ type: 'exportJson' }); break;
      case 'copy-json': this.post({ type: 'copyJson' }); break;
      case 'hang-up': this.post({ type: 'hangUp' }); break;
      case 'hang-up-leg': if (button.dataset.finding) this.post({ type: 'hangUpLeg', findingId: button.dataset.finding }); break;
      case 'retry': this.post({ type: 'retry', what: button.dataset.what === 'status' ? 'status' : 'timeline' }); break;
      case 'copy': this.post({ type: 'copyText', text: button.dataset.text ?? '', label: button.dataset.label ?? '' }); break;
      case 'view':
        this.view = button.dataset.view === 'ladder' ? 'ladder' : 'list';
        this.renderView();
        this.persist();
        break;
      case 'scope': {
        const scope = button.dataset.scope === 'leg' ? 'leg' : 'session';
        if (scope !== this.scope && this.canSwitchScope) this.post({ type: 'setScope', scope });
        break;
      }
    }
  }

  /** Shows the list or the ladder; both keep the same selection and filter. */
  private renderView(): void {
    const ui = this.ui;
    if (!ui) return;
    const ladder = this.view === 'ladder';
    ui.list.element.hidden = ladder;
    ui.ladder.element.hidden = !ladder;
    for (const view of ['list', 'ladder'] as const) {
      ui.viewButtons[view].setAttribute('aria-pressed', String(view === this.view));
      ui.viewButtons[view].classList.toggle('active', view === this.view);
    }
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
    const text = format === 'mermaid' ? ladderToMermaid(ladder, ui.strings.ladder) : ladderToSvg(ladder, ui.strings.ladder, fill(ui.strings.ladder.diagramTitle, this.init?.title ?? ''));
    if (how === 'copy') this.post({ type: 'copyText', text, label: ui.strings.ladder.mermaidName });
    else this.post({ type: 'saveLadder', format, text });
  }

  private renderScope(): void {
    const ui = this.ui;
    if (!ui) return;
    ui.scopeGroup.hidden = this.target?.kind !== 'call';
    for (const scope of ['session', 'leg'] as const) {
      const button = ui.scopeButtons[scope];
      button.setAttribute('aria-pressed', String(scope === this.scope));
      button.classList.toggle('active', scope === this.scope);
      button.disabled = !this.canSwitchScope && scope !== this.scope;
    }
  }

  private progressLabel(): string {
    const ui = this.ui;
    if (!ui) return '';
    const view = this.progressView;
    const n = (value: number): string => ui.formatter.number(value);
    if (view.phase === 'refreshing') return ui.strings.refreshing;
    if (view.phase !== 'loading') return '';
    const p = view.progress;
    return p && p.totalPages > 0
      ? format(ui.strings.loadingPage, n(p.pagesLoaded), n(p.totalPages), n(p.eventsLoaded), n(p.totalEvents))
      : ui.strings.loadingFirst;
  }

  private renderProgress(): void {
    const ui = this.ui;
    if (!ui) return;
    const view = this.progressView;
    ui.progress.hidden = view.phase === 'idle';
    ui.progressText.textContent = this.progressLabel();
    const p = view.progress;
    const determinate = view.phase === 'loading' && !!p && p.totalPages > 0;
    ui.progress.classList.toggle('indeterminate', !determinate);
    // Stop is offered while pages are still coming after the first one.
    ui.stopButton.hidden = !(determinate && p && p.pagesLoaded < p.totalPages);
    if (determinate && p) {
      ui.progress.setAttribute('aria-valuemin', '0');
      ui.progress.setAttribute('aria-valuemax', String(p.totalPages));
      ui.progress.setAttribute('aria-valuenow', String(p.pagesLoaded));
      ui.progressBar.style.width = `${Math.round((100 * p.pagesLoaded) / p.totalPages)}%`;
    } else {
      ui.progress.removeAttribute('aria-valuenow');
      ui.progressBar.style.width = '';
    }
    ui.progress.setAttribute('aria-valuetext', ui.progressText.textContent);
    if (view.phase === 'idle' && this.timeline.entries.length === 0) this.applyFilter(this.filter, true);
  }

  private renderTimelineError(): void {
    const ui = this.ui;
    if (!ui) return;
    const error = this.timelineErrorView;
    ui.timelineError.hidden = !error;
    if (!error) {
      ui.timelineError.replaceChildren();
      return;
    }
    ui.timelineError.replaceChildren(
      icon('error'),
      h('span', { className: 'banner-text', text: `${ui.strings.timelineErrorPrefix} ${error.message}` }),
      iconButton('refresh', ui.strings.retry, 'retry', { text: ui.strings.retry, data: { what: 'timeline' } }),
    );
  }

  private renderLive(): void {
    const ui = this.ui;
    const init = this.init;
    if (!ui || !init) return;
    const isCall = init.target.kind === 'call';
    ui.liveIndicator.hidden = !isCall;
    ui.liveIndicator.replaceChildren(
      icon(this.autoRefresh ? 'sync' : 'debug-pause'),
      h('span', { className: 'live-text', text: this.autoRefresh ? format(ui.strings.autoRefreshOn, init.autoRefreshSeconds) : ui.strings.autoRefreshOff }),
    );
    ui.liveIndicator.classList.toggle('active', this.autoRefresh);
  }

  private showNotice(text: string): void {
    const ui = this.ui;
    if (!ui) return;
    ui.notice.textContent = text;
    ui.notice.classList.add('visible');
    if (this.noticeTimer) clearTimeout(this.noticeTimer);
    this.noticeTimer = setTimeout(() => {
      ui.notice.classList.remove('visible');
      ui.notice.textContent = '';
    }, 4000);
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
