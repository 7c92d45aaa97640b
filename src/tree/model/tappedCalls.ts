// What a row of the Live tap node says about a tapped call, read from the webhooks the tap saw.
// No vscode: unit-tested in plain Node.
import type { TapEntry, TappedCall } from '../../tap/model';

/** `ringing` also covers an outgoing call being dialled: Call Control sends no ringing webhook for those. */
export type TappedCallState = 'ringing' | 'answered' | 'ended' | 'unknown';

const ANSWERED_EVENTS = new Set(['call.answered', 'call.bridged']);

export function tappedCallState(call: TappedCall): TappedCallState {
  if (call.ended) return 'ended';
  let state: TappedCallState = 'unknown';
  for (const entry of call.entries) {
    if (entry.kind !== 'webhook' || !entry.eventType) continue;
    if (entry.eventType === 'call.hangup') return 'ended';
    if (ANSWERED_EVENTS.has(entry.eventType)) state = 'answered';
    else if (entry.eventType === 'call.initiated' && state === 'unknown') state = 'ringing';
  }
  return state;
}

/** The latest thing the tap saw on the call: a webhook's event type, or a command's action. */
export function lastTappedEvent(call: TappedCall): { kind: TapEntry['kind']; name: string } | undefined {
  for (let i = call.entries.length - 1; i >= 0; i--) {
    const entry = call.entries[i];
    const name = entry.kind === 'webhook' ? entry.eventType : entry.action;
    if (name) return { kind: entry.kind, name };
  }
  return undefined;
}

/** Newest call first; a call is as new as its first entry at the tap. */
export function newestFirst(calls: readonly TappedCall[]): TappedCall[] {
  return [...calls].sort((a, b) => b.firstAtMs - a.firstAtMs);
}

/** "localhost:3000" for `http://localhost:3000/webhooks`: where the row says webhooks go. */
export function appHostOf(appUrl: string): string {
  try {
    return new URL(appUrl).host || appUrl;
  } catch {
    return appUrl;
  }
}
