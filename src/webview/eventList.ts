// The event list, virtualised: only the rows in (and just around) the viewport exist in the DOM,
// so 10,000 events cost the same to show and scroll as 40. Rows have a fixed height and an expanded
// row a fixed extra height (its JSON scrolls inside), so every position is known without measuring.
import { appAnswerText, telnyxAnswerText } from '../timeline/ladderText';
import type { TimelineEntry } from '../timeline/model';
import { isFailure, type SeenBy, type TapFacts } from '../timeline/tapFacts';
import { formatSpan, formatUtcMicros } from '../timeline/time';
import type { WebviewStrings } from '../callDetails/protocol';
import { visibleText } from '../text/visible';
import { actionSelector, type PageAction } from './actions';
import { format, h, icon, iconButton } from './dom';
import { shortId, type Formatter } from './format';

export const ROW_HEIGHT = 26;
export const DETAIL_HEIGHT = 300;
const OVERSCAN_PX = 300;

export interface EventListCallbacks {
  onSelect(entry: TimelineEntry): void;
  onExpandedChange(): void;
  onCopy(text: string, label: string): void;
  /** An expanded row needs this event's metadata, which stays in the extension until asked for. */
  onNeedMetadata(key: string): void;
}

interface MetadataAnswer {
  found: boolean;
  value?: unknown;
}

export class EventList {
  readonly element: HTMLDivElement;
  private readonly scroller: HTMLDivElement;
  private readonly spacer: HTMLDivElement;
  private readonly emptyMessage: HTMLDivElement;
  private entries: readonly TimelineEntry[] = [];
  private indexOfKey = new Map<string, number>();
  private offsets = new Float64Array(1);
  private readonly rendered = new Map<string, HTMLElement>();
  private selectedKey: string | undefined;
  readonly expanded = new Set<string>();
  /** Metadata received for expanded rows, by key (an event's metadata never changes). */
  private readonly metadata = new Map<string, MetadataAnswer>();
  private readonly requested = new Set<string>();
  private frame = 0;
  private spansDays = false;

  constructor(
    private readonly strings: WebviewStrings,
    private readonly formatter: Formatter,
    private readonly callbacks: EventListCallbacks,
    /** The list's element id; a second list on the page (the ladder's details) needs its own. */
    listId = 'event-list',
  ) {
    const s = strings;
    const header = h(
      'div',
      { className: 'list-header row-grid', attrs: { 'aria-hidden': 'true' } },
      h('span', {}),
      h('span', { className: 'col-time', text: s.colTime }),
      h('span', { className: 'col-since', text: s.colSinceStart }),
      h('span', { className: 'col-gap', text: s.colGap }),
      h('span', { className: 'col-type' }),
      h('span', { className: 'col-name', text: s.colName }),
      h('span', { className: 'col-leg', text: s.colLeg }),
      h('span', { className: 'col-failed' }),
    );
    this.spacer = h('div', { className: 'list-spacer' });
    this.scroller = h(
      'div',
      {
        className: 'list',
        attrs: { role: 'listbox', tabindex: '0', 'aria-label': s.eventsLabel, id: listId },
      },
      this.spacer,
    );
    this.emptyMessage = h('div', { className: 'list-empty muted', attrs: { role: 'status' } });
    this.element = h('div', { className: 'event-list' }, header, this.scroller, this.emptyMessage);

    this.scroller.addEventListener('scroll', () => this.schedule(), { passive: true });
    this.scroller.addEventListener('keydown', (event) => this.handleKey(event));
    this.scroller.addEventListener('click', (event) => this.handleClick(event));
    this.scroller.addEventListener('dblclick', (event) => {
      const entry = this.entryFromEvent(event);
      if (entry && !(event.target as Element).closest('.detail')) this.toggle(entry.key);
    });
    new ResizeObserver(() => this.schedule()).observe(this.scroller);
  }

  setEntries(entries: readonly TimelineEntry[], emptyText: string, options: { keepExpanded?: boolean } = {}): void {
    this.entries = entries;
    // A timeline over more than one (local) day shows the date too, or 00:05 would read as before 23:50.
    const timed = entries.filter((entry) => Number.isFinite(entry.atMicros));
    this.spansDays =
      timed.length > 1 &&
      this.formatter.localDay(timed[0].atMicros) !== this.formatter.localDay(timed[timed.length - 1].atMicros);
    this.element.classList.toggle('spans-days', this.spansDays);
    this.indexOfKey = new Map(entries.map((entry, index) => [entry.key, index]));
    if (!options.keepExpanded)
      for (const key of [...this.expanded]) if (!this.indexOfKey.has(key)) this.expanded.delete(key);
    // New data may hold an event the extension did not have when asked: ask again when shown.
    for (const [key, answer] of this.metadata) if (!answer.found) this.metadata.delete(key);
    this.emptyMessage.textContent = entries.length ? '' : emptyText;
    this.emptyMessage.hidden = entries.length > 0;
    this.scroller.setAttribute('aria-setsize', String(entries.length));
    this.rendered.clear();
    this.spacer.replaceChildren();
    this.layout();
    this.renderNow();
  }

  get selected(): string | undefined {
    return this.selectedKey;
  }

  /** Selects (and scrolls to) an entry; does nothing if it is filtered out. */
  select(key: string | undefined, options: { scroll?: boolean; focus?: boolean } = {}): void {
    this.selectedKey = key;
    const index = key === undefined ? undefined : this.indexOfKey.get(key);
    if (index !== undefined && options.scroll !== false) this.scrollIntoView(index);
    if (index !== undefined) this.scroller.setAttribute('aria-activedescendant', rowId(this.entries[index]));
    else this.scroller.removeAttribute('aria-activedescendant');
    if (options.focus) this.scroller.focus();
    this.renderNow();
  }

  toggle(key: string, open?: boolean): void {
    const shouldOpen = open ?? !this.expanded.has(key);
    if (shouldOpen === this.expanded.has(key)) return;
    if (shouldOpen) this.expanded.add(key);
    else this.expanded.delete(key);
    this.dropRendered(key);
    this.layout();
    const index = this.indexOfKey.get(key);
    if (index !== undefined && shouldOpen) this.scrollIntoView(index, DETAIL_HEIGHT);
    this.renderNow();
    this.callbacks.onExpandedChange();
  }

  /** The extension's answer to `onNeedMetadata`: redraws the row if it is still expanded. */
  showMetadata(key: string, answer: MetadataAnswer): void {
    this.requested.delete(key);
    this.metadata.set(key, answer);
    if (!this.expanded.has(key)) return;
    this.dropRendered(key);
    this.renderNow();
  }

  private dropRendered(key: string): void {
    for (const [renderKey, element] of this.rendered) {
      if (renderKey.startsWith(`${key}\u0001`)) {
        element.remove();
        this.rendered.delete(renderKey);
      }
    }
  }

  private layout(): void {
    const offsets = new Float64Array(this.entries.length + 1);
    for (let i = 0; i < this.entries.length; i++) {
      offsets[i + 1] = offsets[i] + ROW_HEIGHT + (this.expanded.has(this.entries[i].key) ? DETAIL_HEIGHT : 0);
    }
    this.offsets = offsets;
    this.spacer.style.height = `${offsets[this.entries.length]}px`;
  }

  private schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.renderNow();
    });
  }

  /** The first index whose row ends after `y`. */
  private indexAt(y: number): number {
    let lo = 0;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.offsets[mid + 1] <= y) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Draws the rows on screen (after the list is shown again: while hidden it draws nothing). */
  refresh(): void {
    this.renderNow();
  }

  private renderNow(): void {
    // Hidden behind the ladder: rows would be drawn for nothing and their layout read for nothing.
    if (this.element.hidden) return;
    const top = this.scroller.scrollTop;
    const height = this.scroller.clientHeight || 400;
    const first = this.indexAt(Math.max(0, top - OVERSCAN_PX));
    const wanted = new Set<string>();
    for (let i = first; i < this.entries.length && this.offsets[i] < top + height + OVERSCAN_PX; i++) {
      const entry = this.entries[i];
      const open = this.expanded.has(entry.key);
      const renderKey = `${entry.key}\u0001${open ? 1 : 0}`;
      wanted.add(renderKey);
      let row = this.rendered.get(renderKey);
      if (!row) {
        row = this.createRow(entry, open);
        this.rendered.set(renderKey, row);
        this.spacer.append(row);
      }
      row.style.transform = `translateY(${this.offsets[i]}px)`;
      row.dataset.index = String(i);
      row.setAttribute('aria-posinset', String(i + 1));
      row.setAttribute('aria-setsize', String(this.entries.length));
      const isSelected = entry.key === this.selectedKey;
      row.classList.toggle('selected', isSelected);
      row.setAttribute('aria-selected', String(isSelected));
    }
    for (const [renderKey, row] of this.rendered) {
      if (!wanted.has(renderKey)) {
        row.remove();
        this.rendered.delete(renderKey);
      }
    }
  }

  private createRow(entry: TimelineEntry, open: boolean): HTMLElement {
    const s = this.strings;
    const event = entry.event;
    const isWebhook = event.type === 'webhook';
    const typeLabel = isWebhook ? s.typeWebhook : event.type === 'command' ? s.typeCommand : String(event.type);
    const utc = formatUtcMicros(entry.atMicros) || event.event_timestamp;
    const line = h(
      'div',
      { className: 'row-line row-grid' },
      h(
        'span',
        { className: 'col-chevron', attrs: { 'data-action': 'toggle' satisfies PageAction } },
        icon(open ? 'chevron-down' : 'chevron-right'),
      ),
      h('span', { className: 'col-time', text: this.timeText(entry) || event.event_timestamp, title: utc }),
      h('span', {
        className: 'col-since',
        text: Number.isFinite(entry.sinceStartMicros) ? `+${formatSpan(entry.sinceStartMicros)}` : '',
      }),
      h('span', { className: 'col-gap', text: entry.gapMicros === undefined ? '' : `+${formatSpan(entry.gapMicros)}` }),
      h(
        'span',
        { className: `col-type type-${isWebhook ? 'webhook' : 'command'}`, title: typeLabel },
        icon(isWebhook ? 'bell' : 'send'),
        h('span', { className: 'visually-hidden', text: typeLabel }),
      ),
      h(
        'span',
        { className: 'col-name', title: visibleText(event.name) },
        h('span', { text: visibleText(event.name) }),
        ...this.marks(entry),
      ),
      h('span', { className: 'col-leg', text: shortId(event.call_leg_id), title: event.call_leg_id }),
      entry.summary.failed
        ? h(
            'span',
            { className: 'col-failed failed-mark', title: s.failedDelivery },
            icon('error'),
            h('span', { className: 'failed-text', text: s.failedShort }),
          )
        : h('span', { className: 'col-failed' }),
    );
    const row = h(
      'div',
      {
        className: `row${open ? ' expanded' : ''}${entry.summary.failed ? ' failed' : ''}`,
        attrs: { role: 'option', id: rowId(entry), 'aria-expanded': String(open), 'data-key': entry.key },
      },
      line,
    );
    if (open) row.append(this.createDetail(entry));
    return row;
  }

  private timeText(entry: TimelineEntry): string {
    const time = this.formatter.localTimeOfDay(entry.atMicros);
    return this.spansDays && time ? `${this.formatter.localDay(entry.atMicros)} ${time}` : time;
  }

  /** Badges beside the name: a repeated delivery of a webhook, a record that is not a normal event. */
  private marks(entry: TimelineEntry): HTMLElement[] {
    const s = this.strings;
    const marks: HTMLElement[] = [];
    const redelivery = entry.event.redelivery;
    if (redelivery) {
      const attempt = String(redelivery.attempt);
      marks.push(
        h('span', {
          className: 'mark mark-duplicate',
          text: format(s.duplicateDelivery, attempt),
          title: format(s.duplicateDeliveryTitle, attempt),
        }),
      );
    }
    const tap = entry.event.tap;
    const answer = tap?.app ? appAnswerText(tap.app, s.ladder) : tap?.telnyx ? this.telnyxText(tap) : undefined;
    if (answer !== undefined) {
      const bad = tap?.app ? isFailure(tap.app) : isFailure(tap?.telnyx);
      marks.push(h('span', { className: `mark mark-answer${bad ? ' mark-answer-bad' : ''}`, text: answer }));
    }
    if (tap?.signature === 'invalid' || tap?.signature === 'missing')
      marks.push(
        h('span', { className: 'mark mark-odd', text: `${s.signatureLabel}: ${this.signatureText(tap.signature)}` }),
      );
    const seen = this.seenText(entry.event.seenBy);
    if (seen !== undefined)
      marks.push(
        h('span', {
          className: `mark mark-seen seen-${entry.event.seenBy}`,
          text: seen,
          title: format(s.seenTitle, seen),
        }),
      );
    const problem = entry.event.problem;
    if (problem) {
      marks.push(
        h(
          'span',
          { className: 'mark mark-odd', title: format(s.oddRecordTitle, problem) },
          icon('warning'),
          h('span', { text: format(s.oddRecord, problem) }),
        ),
      );
    }
    return marks;
  }

  private seenText(seenBy: SeenBy | undefined): string | undefined {
    const s = this.strings;
    return seenBy === 'tap'
      ? s.seenTap
      : seenBy === 'record'
        ? s.seenRecord
        : seenBy === 'both'
          ? s.seenBoth
          : undefined;
  }

  private telnyxText(tap: TapFacts): string | undefined {
    if (!tap.telnyx) return undefined;
    const refusal = { answer: tap.telnyx, ...(tap.error?.code ? { code: tap.error.code } : {}) };
    return telnyxAnswerText(tap.error?.title ? { ...refusal, title: tap.error.title } : refusal, this.strings.ladder);
  }

  private signatureText(signature: NonNullable<TapFacts['signature']>): string {
    const s = this.strings;
    return signature === 'valid'
      ? s.signatureValid
      : signature === 'invalid'
        ? s.signatureInvalid
        : signature === 'missing'
          ? s.signatureMissing
          : s.signatureUnchecked;
  }

  private createDetail(entry: TimelineEntry): HTMLElement {
    const s = this.strings;
    const summary = entry.summary;
    const facts = h('dl', { className: 'detail-facts' });
    const add = (label: string, value: string | undefined): void => {
      if (value !== undefined && value !== '')
        facts.append(h('div', { className: 'fact' }, h('dt', { text: label }), h('dd', { text: value })));
    };
    add(s.timestampUtc, formatUtcMicros(entry.atMicros) || entry.event.event_timestamp);
    add(s.leg, entry.event.call_leg_id);
    add(s.session, entry.event.call_session_id);
    add(s.from, summary.from);
    add(s.to, summary.to);
    add(s.direction, summary.direction);
    add(s.hangupCause, summary.hangupCause);
    add(
      s.deliveryStatus,
      summary.failed ? `${summary.deliveryStatus ?? ''} (${s.failedDelivery})`.trim() : summary.deliveryStatus,
    );
    const tap = entry.event.tap;
    add(s.seenLabel, this.seenText(entry.event.seenBy));
    if (tap?.app) add(s.appAnswerLabel, appAnswerText(tap.app, s.ladder));
    if (tap?.telnyx) add(s.telnyxAnswerLabel, this.telnyxText(tap));
    if (tap?.reactionMs !== undefined)
      add(s.reactionLabel, format(s.reactionValue, String(Math.round(tap.reactionMs))));
    if (tap?.signature) add(s.signatureLabel, this.signatureText(tap.signature));
    const answer = this.metadata.get(entry.key);
    if (!answer && !this.requested.has(entry.key)) {
      this.requested.add(entry.key);
      this.callbacks.onNeedMetadata(entry.key);
    }
    const json = answer?.found ? (JSON.stringify(answer.value ?? null, null, 2) ?? 'null') : undefined;
    const copy = iconButton('copy', s.copyMetadata, 'copy', { data: { text: json ?? '', label: s.metadata } });
    copy.disabled = json === undefined;
    const pre = h('pre', {
      className: json === undefined ? 'json muted' : 'json',
      text: json ?? (answer ? s.metadataMissing : s.metadataLoading),
      attrs: { tabindex: '0' },
    });
    if (!answer) pre.setAttribute('aria-busy', 'true');
    const detail = h(
      'div',
      { className: 'detail', attrs: { role: 'group', 'aria-label': s.metadata } },
      facts,
      h('div', { className: 'detail-header' }, h('span', { className: 'sub-label', text: s.metadata }), copy),
      pre,
    );
    detail.style.height = `${DETAIL_HEIGHT - 8}px`;
    return detail;
  }

  private scrollIntoView(index: number, extra = 0): void {
    const top = this.offsets[index];
    const bottom = top + ROW_HEIGHT + extra;
    const viewTop = this.scroller.scrollTop;
    const viewHeight = this.scroller.clientHeight;
    if (top < viewTop) this.scroller.scrollTop = top;
    else if (bottom > viewTop + viewHeight) this.scroller.scrollTop = Math.min(top, bottom - viewHeight);
  }

  private entryFromEvent(event: Event): TimelineEntry | undefined {
    const row = (event.target as Element | null)?.closest<HTMLElement>('.row');
    const index = row ? this.indexOfKey.get(row.dataset.key ?? '') : undefined;
    return index === undefined ? undefined : this.entries[index];
  }

  private handleClick(event: MouseEvent): void {
    const target = event.target as Element;
    const button = target.closest<HTMLElement>(actionSelector('copy'));
    if (button) {
      this.callbacks.onCopy(button.dataset.text ?? '', button.dataset.label ?? '');
      return;
    }
    if (target.closest('.detail')) return;
    const entry = this.entryFromEvent(event);
    if (!entry) return;
    this.select(entry.key, { scroll: false, focus: true });
    this.callbacks.onSelect(entry);
    if (target.closest(actionSelector('toggle'))) this.toggle(entry.key);
  }

  private handleKey(event: KeyboardEvent): void {
    if (event.target !== this.scroller) return;
    const count = this.entries.length;
    if (!count) return;
    const current = this.selectedKey === undefined ? -1 : (this.indexOfKey.get(this.selectedKey) ?? -1);
    const page = Math.max(1, Math.floor(this.scroller.clientHeight / ROW_HEIGHT) - 1);
    let next: number | undefined;
    switch (event.key) {
      case 'ArrowDown':
        next = Math.min(count - 1, current + 1);
        break;
      case 'ArrowUp':
        next = Math.max(0, current < 0 ? 0 : current - 1);
        break;
      case 'PageDown':
        next = Math.min(count - 1, current + page);
        break;
      case 'PageUp':
        next = Math.max(0, current - page);
        break;
      case 'Home':
        next = 0;
        break;
      case 'End':
        next = count - 1;
        break;
      case 'ArrowRight':
      case 'ArrowLeft':
      case 'Enter':
      case ' ': {
        if (current < 0) return;
        event.preventDefault();
        const key = this.entries[current].key;
        this.toggle(key, event.key === 'ArrowRight' ? true : event.key === 'ArrowLeft' ? false : undefined);
        return;
      }
      default:
        return;
    }
    event.preventDefault();
    const entry = this.entries[next];
    this.select(entry.key);
    this.callbacks.onSelect(entry);
  }
}

function rowId(entry: TimelineEntry): string {
  return `event-${entry.index}`;
}
