// Questions about the catalogue: is this an event Telnyx sends, which real name is nearest, what a
// Call Control v1 name is called now.
import { KNOWN_HANGUP_CAUSES } from '../../timeline/endOfCall';
import { CALL_CONTROL_EVENTS, CATALOGUE_SOURCE } from './events';
import type { CatalogueEvent } from './types';

export { CALL_CONTROL_EVENTS, CATALOGUE_SOURCE };
export type { CatalogueEvent } from './types';

let byName: Map<string, CatalogueEvent> | undefined;
let byV1Name: Map<string, string> | undefined;

function index(): Map<string, CatalogueEvent> {
  byName ??= new Map(CALL_CONTROL_EVENTS.map((event) => [event.name, event]));
  return byName;
}

export function eventNamed(name: string): CatalogueEvent | undefined {
  return index().get(name);
}

/** Names that claim to be Call Control events: `call.…`, `conference.…`, `streaming.…`, `siprec.…`. */
const EVENT_LIKE = /^(?:call|conference|streaming|siprec)\.[a-z0-9_.]*$/;
/** Call Control v1 names: the v2 name with `_` for `.` (`call_answered`, `call_playback_ended`). */
const V1_LIKE = /^(?:call|conference)_[a-z0-9_]+$/;

export function looksLikeEventName(value: string): boolean {
  return EVENT_LIKE.test(value);
}

/** The v2 name of a Call Control v1 event name (`call_answered` → `call.answered`); undefined otherwise. */
export function v2NameOf(value: string): string | undefined {
  if (!V1_LIKE.test(value)) return undefined;
  byV1Name ??= new Map(CALL_CONTROL_EVENTS.map((event) => [event.name.replace(/\./g, '_'), event.name]));
  return byV1Name.get(value);
}

/** Levenshtein distance, stopping early once it exceeds `limit`. */
export function editDistance(a: string, b: string, limit = Number.MAX_SAFE_INTEGER): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      rowMin = Math.min(rowMin, current[j]);
    }
    if (rowMin > limit) return limit + 1;
    previous = current;
  }
  return previous[b.length];
}

/**
 * The nearest of `names` when it is near enough to be what was meant: at most half the word changed,
 * or a name of which the value is a whole `_`/`.` part (`busy` → `user_busy`).
 */
export function nearest(value: string, names: readonly string[]): string | undefined {
  const limit = Math.max(2, Math.floor(value.length / 2));
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const name of names) {
    const distance = editDistance(value, name, bestDistance);
    if (distance < bestDistance) {
      best = name;
      bestDistance = distance;
    }
  }
  if (best || value.length < 3) return best;
  const parts = names.filter((name) => name.split(/[_.]/).includes(value));
  return parts.length === 1 ? parts[0] : undefined;
}

let eventNames: string[] | undefined;

export function nearestEventName(value: string): string | undefined {
  eventNames ??= CALL_CONTROL_EVENTS.map((event) => event.name);
  return nearest(value, eventNames);
}

export function nearestHangupCause(value: string): string | undefined {
  return nearest(value, KNOWN_HANGUP_CAUSES);
}
