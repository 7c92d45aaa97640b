// The one table of Call Control commands (`POST /v2/calls/{call_control_id}/actions/{action}`, and
// `dial` for `POST /v2/calls`) that the doctor, the ladder and the timeline's filters recognise. The
// `name` of a command record is not documented, so a record may carry a bare action (`answer`), a
// dotted form (`call.answer`, `calls.actions.answer`) or a path (`/v2/calls/v3:…/actions/answer`).
// A name that matches none is shown as sent and counted as unrecognised, never dropped from a rule.

export const CALL_CONTROL_ACTIONS = [
  'dial',
  'answer',
  'reject',
  'hangup',
  'bridge',
  'transfer',
  'refer',
  'enqueue',
  'leave_queue',
  'speak',
  'playback_start',
  'playback_stop',
  'gather',
  'gather_stop',
  'gather_using_audio',
  'gather_using_speak',
  'gather_using_ai',
  'send_dtmf',
  'send_sip_info',
  'record_start',
  'record_stop',
  'record_pause',
  'record_resume',
  'fork_start',
  'fork_stop',
  'streaming_start',
  'streaming_stop',
  'transcription_start',
  'transcription_stop',
  'siprec_start',
  'siprec_stop',
  'suppression_start',
  'suppression_stop',
  'ai_assistant_start',
  'ai_assistant_stop',
  'client_state_update',
  'switch_supervisor_role',
] as const;

export type CallControlAction = (typeof CALL_CONTROL_ACTIONS)[number];

const ACTIONS: ReadonlySet<string> = new Set(CALL_CONTROL_ACTIONS);

/** `/v2/calls/{id}/actions/answer`, `calls/actions/answer`, `actions/answer`, with or without a host. */
const PATH_FORM = /^(?:[a-z]+:\/\/[^/]+)?\/?(?:v2\/)?(?:calls\/(?:[^/]+\/)?)?actions\/([^/?#]+)\/?(?:[?#].*)?$/i;
/** `POST /v2/calls` is a dial. */
const DIAL_PATH = /^(?:[a-z]+:\/\/[^/]+)?\/?(?:v2\/)?calls\/?$/i;
/** `call.answer`, `calls.answer`, `calls.actions.answer`, `actions.answer`. */
const DOTTED_PREFIX = /^(?:calls?\.)?(?:actions\.)?/i;

function snakeCase(text: string): string {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[.\- ]+/g, '_')
    .toLowerCase();
}

/**
 * The Call Control action a command record's name stands for, or undefined when the name is not one
 * of them in any spelling known. Cheap enough to run on every row.
 */
export function callControlAction(name: string): CallControlAction | undefined {
  const trimmed = name.trim().replace(/^(?:POST|post)\s+/, '');
  if (trimmed === '') return undefined;
  if (ACTIONS.has(trimmed)) return trimmed as CallControlAction;
  if (DIAL_PATH.test(trimmed)) return 'dial';
  const path = PATH_FORM.exec(trimmed);
  const candidate = snakeCase(path ? decodeSafely(path[1]) : trimmed.replace(DOTTED_PREFIX, ''));
  return ACTIONS.has(candidate) ? (candidate as CallControlAction) : undefined;
}

function decodeSafely(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

const ACTION_OF_NAME = new Map<string, CallControlAction | null>();
const NAMES_CACHED = 2_000;

/** `callControlAction`, remembered per name: a session repeats a few names thousands of times. */
export function cachedCallControlAction(name: string): CallControlAction | undefined {
  let action = ACTION_OF_NAME.get(name);
  if (action === undefined) {
    if (ACTION_OF_NAME.size >= NAMES_CACHED) ACTION_OF_NAME.clear();
    action = callControlAction(name) ?? null;
    ACTION_OF_NAME.set(name, action);
  }
  return action ?? undefined;
}

/** The name a surface shows for a command: its action when recognised, else the name as sent. */
export function commandDisplayName(name: string): string {
  return cachedCallControlAction(name) ?? name;
}
