// The timeline's loading line: a bar (pages read of pages to read, or moving while that is unknown),
// what is being read in words, and Stop while pages are still coming after the first one.
import type { ProgressView, WebviewStrings } from '../callDetails/protocol';
import { pluralFor } from '../timeline/plural';
import { format, h, iconButton } from './dom';
import type { Formatter } from './format';

export class LoadProgress {
  readonly element: HTMLElement;
  private readonly bar = h('div', { className: 'progress-bar' });
  private readonly text = h('span', { className: 'progress-text muted' });
  private readonly stop: HTMLButtonElement;

  constructor(
    private readonly strings: WebviewStrings,
    private readonly formatter: Formatter,
  ) {
    this.stop = iconButton('debug-stop', strings.stopLoading, 'stop', { text: strings.stopLoading });
    this.element = h(
      'div',
      { className: 'progress', attrs: { role: 'progressbar', 'aria-label': strings.loadingFirst } },
      h('div', { className: 'progress-track' }, this.bar),
      this.text,
      this.stop,
    );
  }

  show(view: ProgressView): void {
    const element = this.element;
    element.hidden = view.phase === 'idle';
    this.text.textContent = this.label(view);
    const p = view.progress;
    const determinate = view.phase === 'loading' && !!p && p.totalPages > 0;
    element.classList.toggle('indeterminate', !determinate);
    this.stop.hidden = !(determinate && p && p.pagesLoaded < p.totalPages);
    if (determinate && p) {
      element.setAttribute('aria-valuemin', '0');
      element.setAttribute('aria-valuemax', String(p.totalPages));
      element.setAttribute('aria-valuenow', String(p.pagesLoaded));
      this.bar.style.width = `${Math.round((100 * p.pagesLoaded) / p.totalPages)}%`;
    } else {
      element.removeAttribute('aria-valuenow');
      this.bar.style.width = '';
    }
    element.setAttribute('aria-valuetext', this.text.textContent);
  }

  private label(view: ProgressView): string {
    const s = this.strings;
    const n = (value: number): string => this.formatter.number(value);
    if (view.phase === 'refreshing') return s.refreshing;
    if (view.phase !== 'loading') return '';
    const p = view.progress;
    return p && p.totalPages > 0
      ? format(
          pluralFor(s.loadingPage, p.totalEvents),
          n(p.pagesLoaded),
          n(p.totalPages),
          n(p.eventsLoaded),
          n(p.totalEvents),
        )
      : s.loadingFirst;
  }
}
