// The call's live status: state (icon + word + colour), duration that ticks while the call is up,
// times in local time with UTC on hover, ids with copy buttons, client_state raw and decoded.
import { decodeClientState } from '../timeline/clientState';
import { visibleText } from '../text/visible';
import { durationSeconds } from '../core/call';
import { formatDuration } from '../core/format';
import type { StatusView, WebviewStrings } from '../callDetails/protocol';
import { format, h, icon, iconButton } from './dom';
import type { Formatter } from './format';

const STATE_ICON: Record<StatusView['state'], string> = {
  loading: 'loading codicon-modifier-spin',
  alive: 'pass-filled',
  ringing: 'bell',
  ended: 'circle-slash',
  gone: 'history',
  error: 'warning',
  unknown: 'question',
};

export class StatusCard {
  readonly element = h('section', { className: 'status-card', attrs: { 'aria-labelledby': 'status-heading' } });
  private view: StatusView | undefined;
  private durationText: HTMLElement | undefined;
  private ticker: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly strings: WebviewStrings,
    private readonly formatter: Formatter,
  ) {}

  stateLabel(state: StatusView['state'] | undefined): string {
    const s = this.strings;
    switch (state) {
      case 'alive':
        return s.stateAlive;
      case 'ringing':
        return s.stateRinging;
      case 'ended':
        return s.stateEnded;
      case 'gone':
        return s.stateGone;
      case 'error':
        return s.stateError;
      case 'loading':
        return s.stateLoading;
      default:
        return s.stateUnknown;
    }
  }

  /** Keeps the last good status on screen when a later read fails. */
  update(view: StatusView): void {
    if (view.state === 'error' && this.view?.status) {
      this.view = { ...this.view, error: view.error };
    } else if (view.state === 'loading' && this.view && this.view.state !== 'loading') {
      return;
    } else {
      this.view = view;
    }
    this.render();
  }

  private render(): void {
    const view = this.view;
    if (!view) return;
    const s = this.strings;
    this.stopTicking();
    const heading = h('h2', { className: 'section-heading', text: s.statusHeading, attrs: { id: 'status-heading' } });
    const badge = h(
      'div',
      { className: `state-badge state-${view.state}`, attrs: { role: 'status', 'aria-live': 'polite' } },
      icon(STATE_ICON[view.state]),
      h('span', { className: 'state-text', text: this.stateLabel(view.state) }),
    );
    const children: HTMLElement[] = [h('div', { className: 'status-header' }, heading, badge)];

    if (view.state === 'gone') {
      children.push(h('p', { className: 'gone-explanation', text: s.goneExplanation }));
    }
    if (view.error && view.state !== 'gone') {
      children.push(
        h(
          'div',
          { className: 'banner banner-error', attrs: { role: 'alert' } },
          icon('error'),
          h('span', { className: 'banner-text', text: `${s.statusErrorPrefix} ${view.error.message}` }),
          iconButton('refresh', s.retry, 'retry', { text: s.retry, data: { what: 'status' } }),
        ),
      );
    }

    const status = view.status;
    if (status) {
      const facts = h('dl', { className: 'facts' });
      this.durationText = h('span', { className: 'duration', text: this.durationNow() });
      this.addFact(facts, s.duration, this.durationText);
      this.addFact(facts, s.started, this.timeElement(status.start_time));
      this.addFact(
        facts,
        s.endedAt,
        status.end_time ? this.timeElement(status.end_time) : h('span', { className: 'muted', text: s.notEnded }),
      );
      this.addFact(facts, 'call_control_id', this.idElement('call_control_id', status.call_control_id), true);
      this.addFact(facts, 'call_leg_id', this.idElement('call_leg_id', status.call_leg_id), true);
      this.addFact(facts, 'call_session_id', this.idElement('call_session_id', status.call_session_id), true);
      this.addClientState(facts, status.client_state);
      children.push(facts);
      if (!status.end_time && (view.state === 'alive' || view.state === 'ringing')) {
        this.ticker = setInterval(() => {
          if (this.durationText) this.durationText.textContent = this.durationNow();
        }, 1000);
      }
    }
    this.element.replaceChildren(...children);
  }

  private addFact(list: HTMLElement, label: string, value: HTMLElement, wide = false): void {
    list.append(h('div', { className: wide ? 'fact wide' : 'fact' }, h('dt', { text: label }), h('dd', {}, value)));
  }

  private timeElement(timestamp: string | undefined): HTMLElement {
    const when = this.formatter.localDateTime(timestamp);
    if (!when) return h('span', { className: 'muted', text: '—' });
    return h('time', { text: when.text, title: when.utc, attrs: { datetime: timestamp } });
  }

  private idElement(label: string, value: string | undefined): HTMLElement {
    if (!value) return h('span', { className: 'muted', text: '—' });
    return h(
      'span',
      { className: 'id-value' },
      h('code', { text: value, title: value }),
      iconButton('copy', format(this.strings.copyNamed, label), 'copy', { data: { text: value, label } }),
    );
  }

  private addClientState(list: HTMLElement, raw: string | undefined): void {
    const s = this.strings;
    const decoded = decodeClientState(raw);
    if (decoded.kind === 'empty') {
      this.addFact(list, s.clientState, h('span', { className: 'muted', text: s.clientStateNone }));
      return;
    }
    const rawLine = h(
      'div',
      { className: 'client-state-line' },
      h('span', { className: 'sub-label', text: s.clientStateRaw }),
      this.idElement('client_state', raw),
    );
    let decodedValue: HTMLElement;
    if (decoded.kind === 'text') {
      const note =
        decoded.note === 'plain'
          ? s.clientStatePlain
          : decoded.note === 'truncated'
            ? s.clientStateTruncated
            : undefined;
      decodedValue = note
        ? h(
            'span',
            {},
            h('code', { className: 'decoded', text: visibleText(decoded.text) }),
            h('span', { className: 'muted client-state-note', text: ` (${note})` }),
          )
        : h('code', { className: 'decoded', text: visibleText(decoded.text) });
    } else if (decoded.kind === 'binary')
      decodedValue = h(
        'span',
        {},
        h('span', { className: 'muted', text: `${format(s.clientStateBinary, decoded.byteLength)} ` }),
        h('code', { text: decoded.hex }),
      );
    else decodedValue = h('span', { className: 'muted', text: s.clientStateInvalid });
    const decodedLine = h(
      'div',
      { className: 'client-state-line' },
      h('span', { className: 'sub-label', text: s.clientStateDecoded }),
      decodedValue,
    );
    this.addFact(list, s.clientState, h('div', {}, rawLine, decodedLine), true);
  }

  /** The core's rule, as the tree and the hover: call_duration as read, ticking since the read while the call is up. */
  private durationNow(): string {
    const view = this.view;
    const status = view?.status;
    if (!view || !status) return '—';
    const seconds = durationSeconds(status, Date.now(), view.fetchedAtMs);
    return seconds === undefined ? '—' : formatDuration(seconds);
  }

  private stopTicking(): void {
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = undefined;
  }

  dispose(): void {
    this.stopTicking();
  }
}
