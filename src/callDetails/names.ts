// How a panel is keyed and named; no VS Code here.
import type { PanelTarget } from './protocol';

/** One panel per call, or per events query. */
export function panelKey(target: PanelTarget): string {
  return target.kind === 'call'
    ? `call:${target.callControlId}`
    : `events:${JSON.stringify([target.filter, target.localNotBefore ?? null, target.localNotAfter ?? null])}`;
}

export function shortCallId(callControlId: string): string {
  const body = callControlId.replace(/^v\d+:/, '');
  return body.length > 10 ? `${callControlId.slice(0, callControlId.length - body.length)}${body.slice(0, 8)}…` : callControlId;
}
