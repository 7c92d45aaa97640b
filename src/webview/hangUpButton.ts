// The toolbar's Hang Up button: shown while the panel's call is live (ringing or answered). It only
// asks; the extension confirms with the user and sends the command.
import type { StatusView, WebviewStrings } from '../callDetails/protocol';
import { iconButton } from './dom';

export class HangUpButton {
  readonly element: HTMLButtonElement;

  constructor(strings: WebviewStrings) {
    this.element = iconButton('debug-disconnect', strings.hangUp, 'hang-up', { text: strings.hangUp });
    this.element.classList.add('hang-up');
    this.element.hidden = true;
  }

  update(view: StatusView): void {
    this.element.hidden = view.state !== 'alive' && view.state !== 'ringing';
  }
}
