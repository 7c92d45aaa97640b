// Facts about one call that every surface derives the same way: its state, its duration, the ids a
// command was given. No `vscode` here: unit-tested in plain Node.
import type { CallStatus } from '../telnyx/types';

export type CallState = 'alive' | 'ringing' | 'ended';

/** `is_alive` is false while a dialled call rings, so only `end_time` says a call has ended. */
export function callState(status: Pick<CallStatus, 'is_alive' | 'end_time'>): CallState {
  if (status.end_time) return 'ended';
  return status.is_alive ? 'alive' : 'ringing';
}

/** What a duration is computed from: any call as Telnyx lists or reads it. */
export interface DurationFacts {
  call_duration?: number;
  start_time?: string;
  end_time?: string | null;
}

/**
 * Seconds a call has lasted, the one rule of the tree, the hover, the panel and the chat: Telnyx's
 * `call_duration` as read, plus the whole seconds since that read while the call is up (`readAtMs`,
 * the clock time of the read; now when unknown); without `call_duration`, from `start_time` to
 * `end_time` (or now). Whole seconds, rounded down, so that two surfaces never differ by a rounding.
 */
export function durationSeconds(status: DurationFacts, nowMs: number, readAtMs: number = nowMs): number | undefined {
  if (typeof status.call_duration === 'number' && Number.isFinite(status.call_duration)) {
    const running = status.end_time ? 0 : Math.max(0, Math.floor((nowMs - readAtMs) / 1000));
    return Math.floor(status.call_duration) + running;
  }
  const start = status.start_time ? Date.parse(status.start_time) : NaN;
  if (Number.isNaN(start)) return undefined;
  const end = status.end_time ? Date.parse(status.end_time) : nowMs;
  return Number.isNaN(end) ? undefined : Math.max(0, Math.floor((end - start) / 1000));
}

/** The ids of one call, as far as they are known. */
export interface CallIds {
  callControlId?: string;
  legId?: string;
  sessionId?: string;
}

function stringProp(value: object, names: readonly string[]): string | undefined {
  for (const name of names) {
    const found = (value as Record<string, unknown>)[name];
    if (typeof found === 'string' && found.trim()) return found.trim();
  }
  return undefined;
}

/**
 * A call command's argument: a call_control_id string, or any object with the ids under their
 * camelCase, short or API names (tree rows pass themselves, hovers and other commands pass objects,
 * a status passes `call_leg_id`…; an object may also carry the API's call under `call`). Undefined
 * when it names no id at all.
 */
export function callIdsFromArgument(argument: unknown): CallIds | undefined {
  if (typeof argument === 'string') return argument.trim() ? { callControlId: argument.trim() } : undefined;
  if (typeof argument !== 'object' || argument === null) return undefined;
  const nested = (argument as { call?: unknown }).call;
  const from = typeof nested === 'object' && nested !== null ? nested : argument;
  const ids: CallIds = {};
  const callControlId =
    stringProp(argument, ['callControlId', 'call_control_id']) ??
    stringProp(from, ['call_control_id', 'callControlId']);
  const legId =
    stringProp(argument, ['callLegId', 'legId', 'call_leg_id']) ?? stringProp(from, ['call_leg_id', 'callLegId']);
  const sessionId =
    stringProp(argument, ['callSessionId', 'sessionId', 'call_session_id']) ??
    stringProp(from, ['call_session_id', 'callSessionId']);
  if (callControlId) ids.callControlId = callControlId;
  if (legId) ids.legId = legId;
  if (sessionId) ids.sessionId = sessionId;
  return callControlId || legId || sessionId ? ids : undefined;
}

/**
 * A cURL command that reads the call's status, with the key left to the shell's $TELNYX_API_KEY:
 * the real key never enters the clipboard.
 */
export function curlForCallStatus(baseUrl: string, callControlId: string): string {
  const url = `${baseUrl.replace(/\/+$/, '')}/calls/${encodeURIComponent(callControlId)}`;
  return `curl -H "Authorization: Bearer $TELNYX_API_KEY" '${url.replace(/'/g, '%27')}'`;
}
