// Request bodies of Dial and the Call Control commands, checked as Telnyx checks them (the fields of
// team-telnyx/openapi's CallRequest, AnswerRequest, BridgeRequest, SpeakRequest, …): a wrong field is
// 422 / 10015 with `source.pointer` naming it; fields the simulator does not know are ignored.
import { SimProblem } from './errors';

type Rule =
  | {
      kind: 'string';
      required?: boolean;
      maxLength?: number;
      oneOf?: readonly string[];
      base64?: boolean;
      url?: boolean;
    }
  | { kind: 'integer'; required?: boolean; min: number; max: number }
  | { kind: 'boolean' }
  | { kind: 'stringOrList'; required?: boolean }
  | { kind: 'loop' };

type Shape = Record<string, Rule>;

export type CommandName =
  'answer' | 'reject' | 'hangup' | 'speak' | 'playback_start' | 'gather_using_speak' | 'bridge' | 'transfer';
export const COMMAND_NAMES: readonly CommandName[] = [
  'answer',
  'reject',
  'hangup',
  'speak',
  'playback_start',
  'gather_using_speak',
  'bridge',
  'transfer',
];

const COMMON: Shape = {
  client_state: { kind: 'string', base64: true },
  command_id: { kind: 'string' },
};

const WEBHOOK_OVERRIDE: Shape = {
  webhook_url: { kind: 'string', url: true },
  webhook_url_method: { kind: 'string', oneOf: ['POST', 'GET'] },
};

const VOICE: Shape = {
  payload: { kind: 'string', required: true, maxLength: 3000 },
  voice: { kind: 'string', required: true },
  language: { kind: 'string' },
  payload_type: { kind: 'string', oneOf: ['text', 'ssml'] },
  service_level: { kind: 'string', oneOf: ['basic', 'premium'] },
};

export const DIAL_SHAPE: Shape = {
  ...COMMON,
  ...WEBHOOK_OVERRIDE,
  connection_id: { kind: 'string', required: true },
  to: { kind: 'stringOrList', required: true },
  from: { kind: 'string', required: true },
  from_display_name: { kind: 'string', maxLength: 128 },
  timeout_secs: { kind: 'integer', min: 5, max: 120 },
  time_limit_secs: { kind: 'integer', min: 30, max: 14_400 },
  link_to: { kind: 'string' },
  audio_url: { kind: 'string', url: true },
  media_name: { kind: 'string' },
};

export const COMMAND_SHAPES: Record<CommandName, Shape> = {
  answer: { ...COMMON, ...WEBHOOK_OVERRIDE },
  reject: { ...COMMON, cause: { kind: 'string', required: true, oneOf: ['CALL_REJECTED', 'USER_BUSY'] } },
  hangup: { ...COMMON },
  speak: { ...COMMON, ...VOICE, stop: { kind: 'string' } },
  playback_start: {
    ...COMMON,
    audio_url: { kind: 'string', url: true },
    media_name: { kind: 'string' },
    playback_content: { kind: 'string', base64: true },
    audio_type: { kind: 'string', oneOf: ['mp3', 'wav'] },
    loop: { kind: 'loop' },
    overlay: { kind: 'boolean' },
    cache_audio: { kind: 'boolean' },
    stop: { kind: 'string' },
    target_legs: { kind: 'string', oneOf: ['self', 'opposite', 'both'] },
  },
  gather_using_speak: {
    ...COMMON,
    ...VOICE,
    minimum_digits: { kind: 'integer', min: 1, max: 128 },
    maximum_digits: { kind: 'integer', min: 1, max: 128 },
    maximum_tries: { kind: 'integer', min: 1, max: 10 },
    timeout_millis: { kind: 'integer', min: 1, max: 600_000 },
    inter_digit_timeout_millis: { kind: 'integer', min: 1, max: 600_000 },
    terminating_digit: { kind: 'string', maxLength: 1 },
    valid_digits: { kind: 'string' },
    invalid_payload: { kind: 'string', maxLength: 3000 },
  },
  bridge: {
    ...COMMON,
    call_control_id: { kind: 'string', required: true },
    park_after_unbridge: { kind: 'string' },
    queue: { kind: 'string' },
    video_room_id: { kind: 'string' },
  },
  transfer: {
    ...COMMON,
    ...WEBHOOK_OVERRIDE,
    to: { kind: 'string', required: true },
    from: { kind: 'string' },
    from_display_name: { kind: 'string', maxLength: 128 },
    timeout_secs: { kind: 'integer', min: 5, max: 600 },
    time_limit_secs: { kind: 'integer', min: 30, max: 14_400 },
    audio_url: { kind: 'string', url: true },
    target_leg_client_state: { kind: 'string', base64: true },
  },
};

export type Body = Record<string, unknown>;

export function badField(field: string, detail: string): SimProblem {
  return new SimProblem(422, { code: '10015', title: 'Bad Request', detail, source: { pointer: `/${field}` } });
}

/** Standard base64 (what Telnyx's `client_state` must be): padded, no line breaks. */
export function isBase64(text: string): boolean {
  return text.length > 0 && text.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(text);
}

/** Parses a request body: `{}` when empty, or a Telnyx error for text that is not a JSON object. */
export function parseBody(raw: string): Body {
  if (raw.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new SimProblem(400, {
      code: '10015',
      title: 'Bad Request',
      detail: 'The request body is not valid JSON.',
      source: { pointer: '/' },
    });
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new SimProblem(422, {
      code: '10015',
      title: 'Bad Request',
      detail: 'The request body must be a JSON object.',
      source: { pointer: '/' },
    });
  }
  return parsed as Body;
}

export function validateBody(body: Body, shape: Shape): void {
  for (const [field, rule] of Object.entries(shape)) {
    const value = body[field];
    const required = 'required' in rule && rule.required === true;
    if (value === undefined || value === null) {
      if (required) throw badField(field, `${field} is required.`);
      continue;
    }
    switch (rule.kind) {
      case 'string': {
        if (typeof value !== 'string') throw badField(field, `${field} must be a string.`);
        if (required && value.trim() === '') throw badField(field, `${field} must not be blank.`);
        if (rule.maxLength !== undefined && value.length > rule.maxLength)
          throw badField(field, `${field} must be at most ${rule.maxLength} characters.`);
        if (rule.oneOf && !rule.oneOf.includes(value))
          throw badField(field, `${field} must be one of: ${rule.oneOf.join(', ')}.`);
        if (rule.base64 && !isBase64(value)) throw badField(field, `${field} must be a valid Base-64 encoded string.`);
        if (rule.url && !/^https?:\/\/[^\s/]+/i.test(value))
          throw badField(field, `${field} must be a URL with a scheme, such as https.`);
        break;
      }
      case 'integer':
        if (typeof value !== 'number' || !Number.isInteger(value))
          throw badField(field, `${field} must be an integer.`);
        if (value < rule.min || value > rule.max)
          throw badField(field, `${field} must be between ${rule.min} and ${rule.max}.`);
        break;
      case 'boolean':
        if (typeof value !== 'boolean') throw badField(field, `${field} must be true or false.`);
        break;
      case 'stringOrList': {
        const list = Array.isArray(value) ? value : [value];
        if (list.length === 0 || list.some((item) => typeof item !== 'string' || item.trim() === '')) {
          throw badField(field, `${field} must be a number or SIP URI, or a list of them.`);
        }
        break;
      }
      case 'loop':
        if (!(
          value === 'infinity' ||
          (typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 100)
        )) {
          throw badField(field, `${field} must be an integer between 1 and 100, or "infinity".`);
        }
        break;
    }
  }
}

/** A destination Telnyx accepts: +E.164, or a SIP URI. */
export function isDialable(text: string): boolean {
  return /^\+[1-9]\d{6,14}$/.test(text) || /^sips?:[^\s@]+@[^\s@]+$/i.test(text);
}
