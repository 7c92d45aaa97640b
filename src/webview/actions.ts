// Every `data-action` a button of the page can carry, in one place: the views that draw a button
// and the handlers that read a click agree on these names or fail to compile.
const PAGE_ACTIONS = [
  'refresh',
  'export',
  'copy-json',
  'stop',
  'retry',
  'copy',
  'view',
  'scope',
  'toggle',
  'ladder-export',
  'hang-up',
  'hang-up-leg',
] as const;

export type PageAction = (typeof PAGE_ACTIONS)[number];

/** A CSS selector for the elements that carry `action`. */
export function actionSelector(action: PageAction): string {
  return `[data-action="${action}"]`;
}

/** The nearest element of `target` (or `target` itself) that carries an action, with that action. */
export function actionAt(target: EventTarget | null): { action: PageAction; element: HTMLElement } | undefined {
  const element = target instanceof Element ? target.closest<HTMLElement>('[data-action]') : null;
  const action = element?.dataset.action;
  return element && isPageAction(action) ? { action, element } : undefined;
}

function isPageAction(value: string | undefined): value is PageAction {
  return (PAGE_ACTIONS as readonly string[]).includes(value ?? '');
}
