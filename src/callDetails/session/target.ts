// What a session shows: a call (its leg and session once known, and which of the two the timeline
// covers) or an events query, and the events filter that follows from it.
import type { CallEventsFilter } from '../../telnyx/types';
import type { PanelTarget, TimelineScope } from '../protocol';
import type { CallSessionDeps, SessionUpdate } from './types';

/** The filter of the timeline's reads; undefined: a call whose leg and session are both unknown. */
export function scopeFilterOf(target: PanelTarget): CallEventsFilter | undefined {
  if (target.kind === 'events') return target.filter;
  if (target.scope === 'leg')
    return target.legId
      ? { legId: target.legId }
      : target.sessionId
        ? { applicationSessionId: target.sessionId }
        : undefined;
  return target.sessionId
    ? { applicationSessionId: target.sessionId }
    : target.legId
      ? { legId: target.legId }
      : undefined;
}

/** Only a call whose leg and session are both known can show either. */
export function canSwitchScopeOf(target: PanelTarget): boolean {
  return target.kind === 'call' && !!target.legId && !!target.sessionId;
}

export class SessionTarget {
  private value: PanelTarget;

  constructor(
    target: PanelTarget,
    private readonly knownCalls: CallSessionDeps['knownCalls'],
    private readonly emit: (update: SessionUpdate) => void,
  ) {
    if (target.kind === 'call') {
      const known = knownCalls?.get(target.callControlId);
      target = { ...target, legId: target.legId ?? known?.legId, sessionId: target.sessionId ?? known?.sessionId };
    }
    this.value = target;
  }

  get current(): PanelTarget {
    return this.value;
  }

  /** The call's id; undefined for an events query. */
  get callControlId(): string | undefined {
    return this.value.kind === 'call' ? this.value.callControlId : undefined;
  }

  get scope(): TimelineScope {
    return this.value.kind === 'call' ? this.value.scope : 'session';
  }

  get canSwitchScope(): boolean {
    return canSwitchScopeOf(this.value);
  }

  filter(): CallEventsFilter | undefined {
    return scopeFilterOf(this.value);
  }

  /** The scope actually shown: a call whose session is unknown shows its leg, and the reverse. */
  effectiveScope(): TimelineScope {
    return this.filter()?.legId ? 'leg' : 'session';
  }

  /** Ids learnt (from a status or from events): kept, remembered for the account, told to the page when new. */
  learnIds(legId: string | undefined, sessionId: string | undefined): void {
    if (this.value.kind !== 'call') return;
    const before = this.value;
    this.value = { ...before, legId: legId || before.legId, sessionId: sessionId || before.sessionId };
    if (this.value.legId !== before.legId || this.value.sessionId !== before.sessionId) {
      this.emit({ type: 'target', target: this.value, canSwitchScope: this.canSwitchScope });
    }
    this.knownCalls?.remember(this.value.callControlId, { legId: this.value.legId, sessionId: this.value.sessionId });
  }

  /** False when there is nothing to switch (an events query, or the scope shown). */
  setScope(scope: TimelineScope): boolean {
    if (this.value.kind !== 'call' || this.value.scope === scope) return false;
    this.value = { ...this.value, scope };
    return true;
  }
}
