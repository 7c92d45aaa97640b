// What the page says about the timeline besides its events: a read that failed (an alert, red, with
// Retry) or a standing fact that is no failure (a quiet status line without Retry, e.g. events of
// other calls left out). Each is redrawn only when its words change, so a screen reader hears it
// once, not again at every refresh.
import type { ErrorView, TimelineNotice, WebviewStrings } from '../callDetails/protocol';
import { h, icon, iconButton } from './dom';

export class TimelineMessages {
  readonly element: HTMLElement;
  private readonly error = h('div', { className: 'banner banner-error', attrs: { role: 'alert' } });
  private readonly notice = h('div', { className: 'timeline-notice muted', attrs: { role: 'status' } });
  private errorShown: string | undefined;
  private noticeShown: string | undefined;
  /** The notice came as an error of kind `ignored_filter` (a session that does not send notices apart). */
  private noticeFromError = false;

  constructor(private readonly strings: WebviewStrings) {
    this.element = h('div', { className: 'timeline-messages' }, this.error, this.notice);
    this.error.hidden = true;
    this.notice.hidden = true;
  }

  showError(error: ErrorView | undefined): void {
    if (error?.kind === 'ignored_filter') {
      this.noticeFromError = true;
      this.showNoticeText(error.message);
      error = undefined;
    } else if (this.noticeFromError) {
      this.noticeFromError = false;
      this.showNoticeText(undefined);
    }
    const text = error ? `${this.strings.timelineErrorPrefix} ${error.message}` : undefined;
    if (text === this.errorShown) return;
    this.errorShown = text;
    this.error.hidden = text === undefined;
    this.error.replaceChildren(
      ...(text === undefined
        ? []
        : [
            icon('error'),
            h('span', { className: 'banner-text', text }),
            iconButton('refresh', this.strings.retry, 'retry', {
              text: this.strings.retry,
              data: { what: 'timeline' },
            }),
          ]),
    );
  }

  showNotice(notice: TimelineNotice | undefined): void {
    this.noticeFromError = false;
    this.showNoticeText(notice?.message);
  }

  private showNoticeText(text: string | undefined): void {
    if (text === this.noticeShown) return;
    this.noticeShown = text;
    this.notice.hidden = text === undefined;
    this.notice.replaceChildren(...(text === undefined ? [] : [icon('info'), h('span', { text })]));
  }
}
