// The ladder view: lifelines for your application and each leg, an arrow per command or webhook.
// Virtualised like the list: only the arrows in (and near) the viewport are in the DOM. Text only
// (textContent), and every meaning has words or a shape besides its colour: a webhook is dashed with
// a bell, a command solid with a send icon, a failed delivery broken with a cross and its words.
import type { WebviewStrings } from '../callDetails/protocol';
import { arrowsInWindow, layoutLadder, type Arrow, type Ladder } from '../timeline/ladder';
import {
  announceArrow,
  arrowLabel,
  endOfCallLines,
  gapText,
  ladderSummary,
  lifelineSubtitle,
  lifelineTitle,
  type LadderStrings,
} from '../timeline/ladderText';
import type { Timeline, TimelineEntry } from '../timeline/model';
import { actionSelector } from './actions';
import { h, icon, iconButton } from './dom';
import { EventList } from './eventList';
import type { Formatter } from './format';

const MIN_COLUMN = 170;
const OVERSCAN_ROWS = 8;
/** The sticky lifeline header's height (webview.css `.ladder-header`), known without a layout read. */
const HEADER_HEIGHT = 64;

export interface LadderViewCallbacks {
  onSelect(entry: TimelineEntry): void;
  onCopy(text: string, label: string): void;
  onNeedMetadata(key: string): void;
  onExport(format: 'mermaid' | 'svg', action: 'copy' | 'save'): void;
}

export class LadderView {
  readonly element: HTMLDivElement;
  private readonly header: HTMLDivElement;
  private readonly scroller: HTMLDivElement;
  private readonly canvas: HTMLDivElement;
  private readonly arrowLayer: HTMLDivElement;
  private readonly lifelineLayer: HTMLDivElement;
  private readonly footer: HTMLDivElement;
  private readonly live: HTMLDivElement;
  private readonly emptyMessage: HTMLDivElement;
  private readonly detailBox: HTMLDivElement;
  private readonly details: EventList;
  private ladder: Ladder | undefined;
  private readonly rendered = new Map<number, HTMLElement>();
  private selectedKey: string | undefined;
  private openKey: string | undefined;
  private column = MIN_COLUMN;
  private frame = 0;
  /** The scroller's content box as the resize observer last saw it (0: not seen, or hidden). */
  private observedWidth = 0;
  private observedHeight = 0;
  /** The scroll position as the last scroll event (or our own scrolling) left it. */
  private scrollTopSeen = 0;

  constructor(
    strings: WebviewStrings,
    private readonly ls: LadderStrings,
    formatter: Formatter,
    private readonly callbacks: LadderViewCallbacks,
  ) {
    this.header = h('div', { className: 'ladder-header', attrs: { 'aria-hidden': 'true' } });
    this.lifelineLayer = h('div', { className: 'ladder-lifelines' });
    this.arrowLayer = h('div', { className: 'ladder-arrows' });
    this.footer = h('div', { className: 'ladder-footer' });
    this.canvas = h('div', { className: 'ladder-canvas' }, this.lifelineLayer, this.arrowLayer, this.footer);
    this.scroller = h(
      'div',
      { className: 'ladder', attrs: { role: 'listbox', tabindex: '0', 'aria-label': ls.viewLadder, id: 'ladder' } },
      this.header,
      this.canvas,
    );
    this.live = h('div', {
      className: 'visually-hidden',
      attrs: { 'aria-live': 'polite', role: 'status', id: 'ladder-live' },
    });
    this.emptyMessage = h('div', { className: 'list-empty muted', attrs: { role: 'status' } });
    this.details = new EventList(
      strings,
      formatter,
      {
        onSelect: () => undefined,
        onExpandedChange: () => undefined,
        onCopy: (text, label) => callbacks.onCopy(text, label),
        onNeedMetadata: (key) => callbacks.onNeedMetadata(key),
      },
      'ladder-event-list',
    );
    this.detailBox = h(
      'div',
      { className: 'ladder-details', attrs: { role: 'region', 'aria-label': strings.selectedEvent } },
      this.details.element,
    );
    this.detailBox.hidden = true;
    const exports = h(
      'div',
      { className: 'ladder-exports', attrs: { role: 'group', 'aria-label': ls.viewLadder } },
      iconButton('copy', ls.copyMermaid, 'ladder-export', {
        text: ls.copyMermaid,
        data: { format: 'mermaid', how: 'copy' },
      }),
      iconButton('save', ls.saveMermaid, 'ladder-export', {
        text: ls.saveMermaid,
        data: { format: 'mermaid', how: 'save' },
      }),
      iconButton('file-media', ls.saveSvg, 'ladder-export', { text: ls.saveSvg, data: { format: 'svg', how: 'save' } }),
    );
    this.element = h(
      'div',
      { className: 'ladder-view' },
      exports,
      this.scroller,
      this.emptyMessage,
      this.detailBox,
      this.live,
    );

    exports.addEventListener('click', (event) => {
      const button = (event.target as Element).closest<HTMLElement>(actionSelector('ladder-export'));
      if (!button) return;
      event.stopPropagation();
      callbacks.onExport(
        button.dataset.format === 'svg' ? 'svg' : 'mermaid',
        button.dataset.how === 'save' ? 'save' : 'copy',
      );
    });
    this.scroller.addEventListener(
      'scroll',
      () => {
        this.scrollTopSeen = this.scroller.scrollTop;
        this.schedule();
      },
      { passive: true },
    );
    this.scroller.addEventListener('keydown', (event) => this.handleKey(event));
    this.scroller.addEventListener('click', (event) => {
      const element = (event.target as Element).closest<HTMLElement>('.ladder-arrow');
      const index = element ? Number(element.dataset.index) : NaN;
      if (!this.ladder || Number.isNaN(index)) return;
      this.scroller.focus();
      this.focusArrow(index, { open: true });
    });
    new ResizeObserver((entries) => {
      const box = entries[entries.length - 1].contentRect;
      this.observedWidth = box.width;
      this.observedHeight = box.height;
      this.resize();
    }).observe(this.scroller);
  }

  get current(): Ladder | undefined {
    return this.ladder;
  }

  get selected(): string | undefined {
    return this.selectedKey;
  }

  /** New data or filter: lays out again, keeping the scroll position and the selection. */
  update(
    timeline: Timeline,
    shown: readonly TimelineEntry[],
    selectedKey: string | undefined,
    emptyText: string,
  ): void {
    this.ladder = layoutLadder(timeline, shown);
    this.selectedKey = selectedKey;
    this.emptyMessage.textContent = shown.length ? '' : emptyText;
    this.emptyMessage.hidden = shown.length > 0;
    this.scroller.setAttribute('aria-label', ladderSummary(this.ladder, this.ls));
    this.rendered.clear();
    this.arrowLayer.replaceChildren();
    // While the list is shown the ladder keeps its layout only: `refresh` draws it when it is shown.
    if (!this.element.hidden) this.resize(true);
    if (this.openKey !== undefined) this.showDetails(this.openKey);
  }

  select(key: string | undefined, scroll = false): void {
    this.selectedKey = key;
    const index = this.indexOfKey(key);
    if (index !== undefined && scroll) this.scrollToArrow(index);
    this.markSelection();
  }

  showMetadata(key: string, answer: { found: boolean; value?: unknown }): void {
    this.details.showMetadata(key, answer);
  }

  /** Makes sure the arrows on screen are drawn (after the view is shown again). */
  refresh(): void {
    this.resize(true);
  }

  private indexOfKey(key: string | undefined): number | undefined {
    return key === undefined ? undefined : this.ladder?.arrowOfKey.get(key);
  }

  private resize(force = false): void {
    const ladder = this.ladder;
    if (!ladder) return;
    // With new data the page has just changed: reading the scroller's size or scroll position would
    // force a layout of everything before the arrows are even made. The observer and the scroll
    // events keep them; a clamped scroll position comes back as a scroll event and redraws.
    const seen = this.observedWidth > 0 && this.observedHeight > 0;
    const width = seen ? this.observedWidth : this.scroller.clientWidth || 800;
    const viewport = seen ? { top: this.scrollTopSeen, height: this.observedHeight } : undefined;
    const column = Math.max(MIN_COLUMN, Math.floor(width / ladder.lifelines.length));
    if (column !== this.column || force) {
      this.column = column;
      this.rendered.clear();
      this.arrowLayer.replaceChildren();
      this.drawFrame();
    }
    this.renderNow(viewport);
  }

  private x(lifeline: number): number {
    return lifeline * this.column + this.column / 2;
  }

  /** Headers, lifelines and the end of each leg: one element each, whatever the number of events. */
  private drawFrame(): void {
    const ladder = this.ladder;
    if (!ladder) return;
    const width = this.column * ladder.lifelines.length;
    const footerLines = ladder.lifelines.map((line) =>
      line.kind === 'leg' ? endOfCallLines(line.hangup, this.ls) : { lines: [], poor: false },
    );
    const footerHeight = 24 + 18 * Math.max(1, ...footerLines.map((f) => f.lines.length + 1));
    const height = ladder.height + footerHeight;
    this.canvas.style.width = `${width}px`;
    this.canvas.style.height = `${height}px`;
    this.header.style.width = `${width}px`;
    this.header.replaceChildren(
      ...ladder.lifelines.map((line) => {
        const head = h(
          'div',
          { className: `ladder-head ${line.kind}` },
          h('div', { className: 'ladder-head-title', text: lifelineTitle(line, this.ls) }),
          h('div', {
            className: 'ladder-head-sub',
            text: lifelineSubtitle(line, this.ls),
            title: lifelineSubtitle(line, this.ls),
          }),
          line.legId ? h('div', { className: 'ladder-head-id', text: line.shortLegId, title: line.legId }) : undefined,
        );
        head.style.left = `${line.index * this.column + 4}px`;
        head.style.width = `${this.column - 8}px`;
        return head;
      }),
    );
    this.lifelineLayer.replaceChildren(
      ...ladder.lifelines.map((line) => {
        const element = h('div', { className: 'ladder-lifeline' });
        element.style.left = `${this.x(line.index)}px`;
        element.style.height = `${ladder.height + 12}px`;
        return element;
      }),
    );
    this.footer.style.top = `${ladder.height + 12}px`;
    this.footer.replaceChildren(
      ...ladder.lifelines.map((line, index) => {
        const { lines, poor } = footerLines[index];
        const box = h('div', {
          className: `ladder-end${poor ? ' poor' : ''}`,
          attrs:
            line.kind === 'leg'
              ? { role: 'group', 'aria-label': `${lifelineTitle(line, this.ls)}: ${this.ls.endOfCall}` }
              : { 'aria-hidden': 'true' },
        });
        if (line.kind === 'leg') {
          box.append(h('div', { className: 'ladder-end-title', text: this.ls.endOfCall }));
          lines.forEach((text, i) => {
            const warning = poor && i === lines.length - 1;
            box.append(
              h(
                'div',
                { className: warning ? 'ladder-end-line warning' : 'ladder-end-line', text },
                warning ? icon('warning') : undefined,
              ),
            );
          });
        }
        box.style.left = `${line.index * this.column + 4}px`;
        box.style.width = `${this.column - 8}px`;
        return box;
      }),
    );
  }

  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.renderNow();
    });
  }

  private renderNow(viewport?: { top: number; height: number }): void {
    const ladder = this.ladder;
    if (!ladder) return;
    const top = (viewport?.top ?? this.scroller.scrollTop) - HEADER_HEIGHT;
    const height = (viewport?.height ?? this.scroller.clientHeight) || 400;
    const { start, end } = arrowsInWindow(ladder, top, top + height, OVERSCAN_ROWS);
    for (const [index, element] of this.rendered) {
      if (index < start || index >= end) {
        element.remove();
        this.rendered.delete(index);
      }
    }
    for (let index = start; index < end; index++) {
      if (this.rendered.has(index)) continue;
      const element = this.createArrow(ladder.arrows[index]);
      this.rendered.set(index, element);
      this.arrowLayer.append(element);
    }
    this.markSelection();
  }

  private createArrow(arrow: Arrow): HTMLElement {
    const ladder = this.ladder as Ladder;
    const left = Math.min(this.x(arrow.from), this.x(arrow.to));
    const width = Math.abs(this.x(arrow.to) - this.x(arrow.from));
    const rightward = arrow.to > arrow.from;
    const label = arrowLabel(arrow, this.ls);
    const kindWord = arrow.kind === 'webhook' ? this.ls.webhook : this.ls.command;
    const element = h('div', {
      className: `ladder-arrow ${arrow.kind}${arrow.broken ? ' broken' : ''}${rightward ? ' right' : ' left'}`,
      attrs: {
        role: 'option',
        id: `arrow-${arrow.index}`,
        'data-index': String(arrow.index),
        'data-key': arrow.entry.key,
        'aria-label': announceArrow(arrow, this.ls),
        'aria-posinset': String(arrow.index + 1),
        'aria-setsize': String(ladder.arrows.length),
      },
    });
    element.style.top = `${arrow.y}px`;
    element.style.height = `${ladder.options.rowHeight}px`;
    element.style.left = `${left}px`;
    element.style.width = `${width}px`;
    const gap = gapText(arrow, this.ls);
    if (gap) {
      const gapElement = h('div', { className: `ladder-gap${arrow.breakBefore ? ' break' : ''}`, text: gap });
      gapElement.style.left = `${-left}px`;
      element.append(gapElement);
    }
    element.append(
      h(
        'div',
        { className: 'ladder-label', title: label },
        icon(arrow.kind === 'webhook' ? 'bell' : 'send'),
        h('span', { className: 'visually-hidden', text: `${kindWord} ` }),
        h('span', { className: 'ladder-label-text', text: label }),
      ),
      h('div', { className: 'ladder-line' }),
      arrow.broken
        ? h('span', { className: 'ladder-cross', attrs: { 'aria-hidden': 'true' } }, icon('close'))
        : h(
            'span',
            { className: 'ladder-head-mark', attrs: { 'aria-hidden': 'true' } },
            icon(rightward ? 'triangle-right' : 'triangle-left'),
          ),
    );
    if (arrow.count > 1)
      element.append(
        h('span', { className: 'ladder-count', text: `×${arrow.count}`, attrs: { 'aria-hidden': 'true' } }),
      );
    return element;
  }

  private markSelection(): void {
    const index = this.indexOfKey(this.selectedKey);
    for (const [i, element] of this.rendered) {
      const on = i === index;
      element.classList.toggle('selected', on);
      element.setAttribute('aria-selected', String(on));
    }
    if (index !== undefined && this.rendered.has(index))
      this.scroller.setAttribute('aria-activedescendant', `arrow-${index}`);
    else this.scroller.removeAttribute('aria-activedescendant');
  }

  private scrollToArrow(index: number): void {
    const ladder = this.ladder;
    if (!ladder) return;
    const arrow = ladder.arrows[index];
    const headerHeight = HEADER_HEIGHT;
    const top = arrow.y + headerHeight;
    const bottom = top + ladder.options.rowHeight;
    const view = this.scroller.clientHeight;
    if (arrow.y < this.scroller.scrollTop) this.scroller.scrollTop = Math.max(0, arrow.y - 40);
    else if (bottom > this.scroller.scrollTop + view) this.scroller.scrollTop = bottom - view + 8;
    this.scrollTopSeen = this.scroller.scrollTop;
    this.renderNow();
  }

  private focusArrow(index: number, options: { open?: boolean } = {}): void {
    const ladder = this.ladder;
    if (!ladder || !ladder.arrows.length) return;
    const arrow = ladder.arrows[Math.max(0, Math.min(ladder.arrows.length - 1, index))];
    this.selectedKey = arrow.entry.key;
    this.scrollToArrow(arrow.index);
    this.live.textContent = announceArrow(arrow, this.ls);
    if (options.open) this.showDetails(arrow.entry.key);
    else if (this.openKey !== undefined) this.showDetails(arrow.entry.key);
    this.callbacks.onSelect(arrow.entry);
  }

  /** The same rows and details as the list, for every event of the arrow (redeliveries too). */
  private showDetails(key: string): void {
    const index = this.indexOfKey(key);
    const arrow = index === undefined ? undefined : this.ladder?.arrows[index];
    if (!arrow) {
      this.closeDetails();
      return;
    }
    this.openKey = arrow.entry.key;
    this.detailBox.hidden = false;
    this.details.expanded.clear();
    this.details.expanded.add(arrow.entry.key);
    this.details.setEntries(arrow.entries, '');
    this.details.select(arrow.entry.key, { scroll: false });
  }

  private closeDetails(): void {
    this.openKey = undefined;
    this.detailBox.hidden = true;
  }

  private handleKey(event: KeyboardEvent): void {
    if (event.target !== this.scroller || !this.ladder) return;
    const count = this.ladder.arrows.length;
    if (!count) return;
    const current = this.indexOfKey(this.selectedKey) ?? -1;
    const page = Math.max(1, Math.floor(this.scroller.clientHeight / this.ladder.options.rowHeight) - 2);
    let next: number | undefined;
    switch (event.key) {
      case 'ArrowDown':
      case 'ArrowRight':
        next = current + 1;
        break;
      case 'ArrowUp':
      case 'ArrowLeft':
        next = current < 0 ? 0 : current - 1;
        break;
      case 'PageDown':
        next = current + page;
        break;
      case 'PageUp':
        next = current - page;
        break;
      case 'Home':
        next = 0;
        break;
      case 'End':
        next = count - 1;
        break;
      case 'Enter':
      case ' ':
        event.preventDefault();
        if (current < 0) return;
        if (this.openKey !== undefined && this.indexOfKey(this.openKey) === current) this.closeDetails();
        else this.focusArrow(current, { open: true });
        return;
      case 'Escape':
        if (this.openKey === undefined) return;
        event.preventDefault();
        this.closeDetails();
        return;
      default:
        return;
    }
    event.preventDefault();
    this.focusArrow(Math.max(0, Math.min(count - 1, next)));
  }
}
