// The Findings section at the top of the call panel: what the call doctor found (each finding
// selects its events in the list) and the application's reaction times per webhook.
import type { FindingsView } from '../callDetails/protocol';
import { h, icon, iconButton } from './dom';

const ICONS = { error: 'error', warning: 'warning', info: 'info' } as const;

export class FindingsSection {
  readonly element = h('section', {
    className: 'findings-section',
    attrs: { 'aria-labelledby': 'findings-heading', hidden: '' },
  });

  constructor(private readonly onSelect: (key: string) => void) {}

  update(view: FindingsView): void {
    const list = h('ul', { className: 'findings-list' });
    for (const finding of view.findings) {
      const first = finding.events[0];
      const title = h(
        'button',
        {
          className: `finding-title finding-${finding.severity}`,
          attrs: { type: 'button', 'data-finding': finding.id },
        },
        icon(ICONS[finding.severity]),
        h('span', { text: finding.title }),
      );
      if (first) title.addEventListener('click', () => this.onSelect(first.key));
      const chips = h('span', {
        className: 'finding-events',
        attrs: { role: 'group', 'aria-label': view.eventsLabel },
      });
      for (const ref of finding.events) {
        const chip = h('button', { className: 'finding-event', text: ref.name, attrs: { type: 'button' } });
        chip.addEventListener('click', () => this.onSelect(ref.key));
        chips.append(chip);
      }
      const docs = h('a', { className: 'finding-docs', text: view.docsLabel, attrs: { href: finding.docsUrl } });
      const links = h('div', { className: 'finding-links' }, chips, docs);
      if (finding.hangUp)
        links.append(
          iconButton('debug-disconnect', finding.hangUp, 'hang-up-leg', {
            text: finding.hangUp,
            data: { finding: finding.id },
          }),
        );
      list.append(
        h(
          'li',
          { className: 'finding' },
          title,
          h('p', { className: 'finding-explanation', text: finding.explanation }),
          links,
        ),
      );
    }
    const children: HTMLElement[] = [
      h('h2', { className: 'section-heading', text: view.heading, attrs: { id: 'findings-heading' } }),
    ];
    children.push(view.findings.length ? list : h('p', { className: 'muted', text: view.empty }));
    if (view.reactions.length) {
      const head = h('tr', {}, ...view.columns.map((c) => h('th', { text: c, attrs: { scope: 'col' } })));
      const rows = view.reactions.map((r) =>
        h(
          'tr',
          {},
          h('td', { text: r.webhook }),
          h('td', { text: String(r.count) }),
          h('td', { text: r.p50 }),
          h('td', { text: r.p95 }),
        ),
      );
      // Folds away to give its lines to the findings; stays as the person left it across refreshes.
      const open = this.element.querySelector('details.reactions')?.hasAttribute('open') ?? true;
      children.push(
        h(
          'details',
          { className: 'reactions', attrs: { open: open ? '' : undefined } },
          h('summary', { className: 'subsection-heading', text: view.reactionsHeading }),
          h('table', { className: 'reactions-table' }, h('thead', {}, head), h('tbody', {}, ...rows)),
        ),
      );
    }
    children.push(h('p', { className: 'findings-basis muted', text: view.basis }));
    this.element.replaceChildren(...children);
    this.element.removeAttribute('hidden');
  }
}
