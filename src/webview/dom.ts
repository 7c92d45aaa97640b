// The only way this page creates elements: text goes in through textContent and attributes through
// setAttribute, so nothing the API sends is ever parsed as HTML.
import type { PageAction } from './actions';

export interface ElementProps {
  className?: string;
  text?: string;
  title?: string;
  attrs?: Record<string, string | undefined>;
}

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: ElementProps = {},
  ...children: Array<Node | undefined | false>
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (props.className) element.className = props.className;
  if (props.text !== undefined) element.textContent = props.text;
  if (props.title !== undefined) element.title = props.title;
  if (props.attrs) {
    for (const [name, value] of Object.entries(props.attrs)) if (value !== undefined) element.setAttribute(name, value);
  }
  for (const child of children) if (child) element.append(child);
  return element;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

export function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number> = {},
): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attrs)) element.setAttribute(name, String(value));
  return element;
}

/** A codicon glyph; decorative, so hidden from screen readers (the text next to it says the same). */
export function icon(name: string, extraClass = ''): HTMLSpanElement {
  return h('span', {
    className: `codicon codicon-${name}${extraClass ? ` ${extraClass}` : ''}`,
    attrs: { 'aria-hidden': 'true' },
  });
}

export function iconButton(
  iconName: string,
  label: string,
  action: PageAction,
  options: { text?: string; data?: Record<string, string> } = {},
): HTMLButtonElement {
  const attrs: Record<string, string> = { type: 'button', 'aria-label': label, 'data-action': action };
  for (const [name, value] of Object.entries(options.data ?? {})) attrs[`data-${name}`] = value;
  const button = h(
    'button',
    { className: options.text ? 'button' : 'icon-button', title: label, attrs },
    icon(iconName),
  );
  if (options.text) button.append(h('span', { text: options.text }));
  return button;
}

/** Fills `{0}`, `{1}`… in a translated template. */
export function format(template: string, ...args: Array<string | number>): string {
  return template.replace(/\{(\d+)\}/g, (match, index: string) => {
    const value = args[Number(index)];
    return value === undefined ? match : String(value);
  });
}
