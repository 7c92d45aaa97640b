// Type, name and failed-only filters, with the counts each choice would give.
import type { FilterCounts, TimelineFilter } from '../timeline/filters';
import { pluralFor } from '../timeline/plural';
import type { WebviewStrings } from '../callDetails/protocol';
import { format, h } from './dom';
import type { Formatter } from './format';

export class FilterBar {
  readonly element: HTMLDivElement;
  private readonly typeSelect: HTMLSelectElement;
  private readonly options: Record<TimelineFilter['type'], HTMLOptionElement>;
  private readonly nameInput: HTMLInputElement;
  private readonly failedCheckbox: HTMLInputElement;
  private readonly failedLabel: HTMLSpanElement;
  private readonly countText: HTMLSpanElement;

  constructor(
    private readonly strings: WebviewStrings,
    private readonly formatter: Formatter,
    private readonly onChange: (filter: TimelineFilter) => void,
  ) {
    const s = strings;
    this.options = {
      all: h('option', { attrs: { value: 'all' } }),
      command: h('option', { attrs: { value: 'command' } }),
      webhook: h('option', { attrs: { value: 'webhook' } }),
    };
    this.typeSelect = h(
      'select',
      { className: 'dropdown', attrs: { id: 'filter-type', 'aria-label': s.filterType } },
      this.options.all,
      this.options.command,
      this.options.webhook,
    );
    this.nameInput = h('input', {
      className: 'text-input',
      attrs: {
        id: 'filter-name',
        type: 'search',
        placeholder: s.filterName,
        'aria-label': s.filterName,
        spellcheck: 'false',
      },
    });
    this.failedCheckbox = h('input', { attrs: { id: 'filter-failed', type: 'checkbox' } });
    this.failedLabel = h('span', {});
    this.countText = h('span', {
      className: 'filter-count muted',
      attrs: { role: 'status', 'aria-live': 'polite', id: 'filter-count' },
    });
    this.element = h(
      'div',
      { className: 'filters', attrs: { role: 'search', 'aria-label': s.filtersLabel } },
      this.typeSelect,
      this.nameInput,
      h('label', { className: 'checkbox', attrs: { for: 'filter-failed' } }, this.failedCheckbox, this.failedLabel),
      this.countText,
    );
    const changed = (): void => this.onChange(this.value);
    this.typeSelect.addEventListener('change', changed);
    this.nameInput.addEventListener('input', changed);
    this.failedCheckbox.addEventListener('change', changed);
  }

  get value(): TimelineFilter {
    const type = this.typeSelect.value;
    return {
      type: type === 'command' || type === 'webhook' ? type : 'all',
      text: this.nameInput.value,
      failedOnly: this.failedCheckbox.checked,
    };
  }

  set value(filter: TimelineFilter) {
    this.typeSelect.value = filter.type;
    this.nameInput.value = filter.text;
    this.failedCheckbox.checked = filter.failedOnly;
  }

  showCounts(counts: FilterCounts): void {
    const s = this.strings;
    const n = (value: number): string => this.formatter.number(value);
    this.options.all.textContent = format(s.typeAll, n(counts.byType.all));
    this.options.command.textContent = format(s.typeCommands, n(counts.byType.command));
    this.options.webhook.textContent = format(s.typeWebhooks, n(counts.byType.webhook));
    this.failedLabel.textContent = format(s.failedOnly, n(counts.failed));
    this.countText.textContent = format(pluralFor(s.showingCounts, counts.total), n(counts.shown), n(counts.total));
  }
}
