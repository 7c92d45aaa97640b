// A row of buttons of which one is chosen (the timeline's scope, list or ladder), each announced as
// pressed or not. A click carries the view's action and the button's value in `data-value`.
import type { PageAction } from './actions';
import { h } from './dom';

export class Segmented<T extends string> {
  readonly element: HTMLDivElement;
  private readonly buttons: Array<[T, HTMLButtonElement]>;

  constructor(action: PageAction, label: string, choices: Record<T, string>, className = 'segmented') {
    this.buttons = (Object.entries(choices) as Array<[T, string]>).map(([value, text]) => [
      value,
      h('button', {
        className: 'segment',
        text,
        attrs: { type: 'button', 'data-action': action, 'data-value': value },
      }),
    ]);
    this.element = h(
      'div',
      { className, attrs: { role: 'group', 'aria-label': label } },
      ...this.buttons.map(([, button]) => button),
    );
  }

  /** The value a clicked button of this row stands for. */
  static valueOf(button: HTMLElement): string | undefined {
    return button.dataset.value;
  }

  show(current: T, enabled: (value: T) => boolean = () => true): void {
    for (const [value, button] of this.buttons) {
      button.setAttribute('aria-pressed', String(value === current));
      button.classList.toggle('active', value === current);
      button.disabled = !enabled(value);
    }
  }
}
