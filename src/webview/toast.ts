// A short message in the page's corner that fades after a few seconds ("Copied …", "Saved …").
import { h } from './dom';

const SHOWN_MS = 4000;

export class Toast {
  readonly element = h('div', { className: 'notice', attrs: { role: 'status', 'aria-live': 'polite' } });
  private timer: ReturnType<typeof setTimeout> | undefined;

  show(text: string): void {
    this.element.textContent = text;
    this.element.classList.add('visible');
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.element.classList.remove('visible');
      this.element.textContent = '';
    }, SHOWN_MS);
  }
}
