// How a panel is keyed and named; no VS Code here.
import type { PanelTarget } from './protocol';

/** One panel per call, or per events query. */
export function panelKey(target: PanelTarget): string {
  return target.kind === 'call'
    ? `call:${target.callControlId}`
    : `events:${JSON.stringify([target.filter, target.localNotBefore ?? null, target.localNotAfter ?? null])}`;
}

/** One panel per call (or query) and account: the same call id under another account is another call. */
export function accountPanelKey(accountId: string | undefined, target: PanelTarget): string {
  return `${accountId ?? ''}|${panelKey(target)}`;
}

/** A call's id in a title: the one short style of every surface. */
export { shortId as shortCallId } from '../core/format';
