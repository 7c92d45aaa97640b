// "End of call" beside the status: for each leg that has its call.hangup webhook, who hung up, why,
// the SIP code and the call quality, with a warning (icon and words) when the MOS is poor.
import type { Lifeline } from '../timeline/ladder';
import { endOfCallLines, lifelineTitle, type LadderStrings } from '../timeline/ladderText';
import { h, icon } from './dom';

export class EndOfCallCard {
  readonly element: HTMLElement;

  constructor(private readonly s: LadderStrings) {
    this.element = h('section', { className: 'end-of-call', attrs: { 'aria-label': s.endOfCall } });
    this.element.hidden = true;
  }

  update(lifelines: readonly Lifeline[]): void {
    const legs = lifelines.filter((line) => line.kind === 'leg' && line.hangup);
    this.element.hidden = legs.length === 0;
    if (!legs.length) {
      this.element.replaceChildren();
      return;
    }
    this.element.replaceChildren(
      h('h2', { className: 'section-heading', text: this.s.endOfCall }),
      ...legs.map((line) => {
        const { lines, poor } = endOfCallLines(line.hangup, this.s);
        const title = line.shortLegId
          ? `${lifelineTitle(line, this.s)} (${line.shortLegId})`
          : lifelineTitle(line, this.s);
        return h(
          'div',
          { className: `end-of-call-leg${poor ? ' poor' : ''}` },
          h('span', { className: 'end-of-call-title', text: title, title: line.legId }),
          ...lines.map((text, i) => {
            const warning = poor && i === lines.length - 1;
            return h(
              'span',
              { className: warning ? 'end-of-call-line warning' : 'end-of-call-line', text },
              warning ? icon('warning') : undefined,
            );
          }),
        );
      }),
    );
  }
}
