// The page's top line: its title, the timeline's scope (a call's panel only), whether it refreshes
// by itself, and the buttons that act on the whole timeline (refresh, export, copy).
import type { StatusView, TimelineScope, WebviewStrings } from '../callDetails/protocol';
import { format, h, icon, iconButton } from './dom';
import { HangUpButton } from './hangUpButton';
import { Segmented } from './segmented';

export class Toolbar {
  readonly element: HTMLElement;
  private readonly scope: Segmented<TimelineScope>;
  private readonly live: HTMLElement;
  private readonly hangUp: HangUpButton | undefined;

  constructor(
    private readonly strings: WebviewStrings,
    title: string,
    private readonly isCall: boolean,
  ) {
    const s = strings;
    this.scope = new Segmented<TimelineScope>('scope', s.scopeLabel, { session: s.scopeSession, leg: s.scopeLeg });
    this.scope.element.hidden = !isCall;
    this.live = h('span', { className: 'live muted', attrs: { role: 'status' } });
    this.live.hidden = !isCall;
    this.hangUp = isCall ? new HangUpButton(s) : undefined;
    this.element = h(
      'header',
      { className: 'toolbar', attrs: { role: 'toolbar', 'aria-label': s.toolbarLabel } },
      h('h1', { className: 'title', text: title, title }),
      this.scope.element,
      h('span', { className: 'toolbar-spacer' }),
      this.live,
      ...(this.hangUp ? [this.hangUp.element] : []),
      iconButton('refresh', s.refresh, 'refresh'),
      iconButton('save', s.exportJson, 'export'),
      iconButton('copy', s.copyJson, 'copy-json'),
    );
  }

  /** The scope shown; the other one can be chosen only when the leg and session are known. */
  showScope(scope: TimelineScope, canSwitch: boolean): void {
    this.scope.show(scope, (value) => canSwitch || value === scope);
  }

  /** Hang Up is offered while the call is live. */
  showStatus(view: StatusView): void {
    this.hangUp?.update(view);
  }

  showAutoRefresh(active: boolean, everySeconds: number): void {
    if (!this.isCall) return;
    this.live.replaceChildren(
      icon(active ? 'sync' : 'debug-pause'),
      h('span', {
        className: 'live-text',
        text: active ? format(this.strings.autoRefreshOn, everySeconds) : this.strings.autoRefreshOff,
      }),
    );
    this.live.classList.toggle('active', active);
  }
}
