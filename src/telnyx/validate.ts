// Checks that an answer has the shape the rest of the extension relies on, so a surprise from the
// server (or from something pretending to be it) becomes one clear 'malformed' error here instead
// of an `undefined` deep inside the tree or the timeline.
import type {
  ActiveCall,
  CallEvent,
  CallStatus,
  Connection,
  CursorPageMeta,
  DialedCall,
  NumberedPageMeta,
  PhoneNumber,
} from './types';

/** Thrown with a short description of what is wrong; the transport turns it into a TelnyxError. */
export class ShapeError extends Error {}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function requireObject(value: unknown, where: string): Json {
  if (!isObject(value)) throw new ShapeError(`${where} is not an object`);
  return value;
}

function requireString(item: Json, field: string, where: string): string {
  const value = item[field];
  if (typeof value !== 'string' || value.length === 0)
    throw new ShapeError(`${where}.${field} is missing or not a string`);
  return value;
}

function optionalString(item: Json, field: string, where: string): string | undefined {
  const value = item[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new ShapeError(`${where}.${field} is not a string`);
  return value;
}

function optionalNumber(item: Json, field: string, where: string): number | undefined {
  const value = item[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new ShapeError(`${where}.${field} is not a number`);
  return value;
}

function optionalCount(item: Json, field: string, where: string): number | undefined {
  const value = item[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0)
    throw new ShapeError(`${where}.${field} is not a whole number`);
  return value;
}

export function dataArray(body: unknown): unknown[] {
  const root = requireObject(body, 'the body');
  if (!Array.isArray(root.data)) throw new ShapeError('data is not an array');
  return root.data;
}

export function dataObject(body: unknown): unknown {
  const root = requireObject(body, 'the body');
  return requireObject(root.data, 'data');
}

/** Every field of numbered pages' meta is optional in the spec; what is present must be a whole number. */
export function numberedMeta(body: unknown): NumberedPageMeta {
  const raw = requireObject(body, 'the body').meta;
  if (raw === undefined || raw === null) return {};
  const meta = requireObject(raw, 'meta');
  const result: NumberedPageMeta = {};
  for (const field of ['page_number', 'page_size', 'total_pages', 'total_results'] as const) {
    const value = optionalCount(meta, field, 'meta');
    if (value !== undefined) result[field] = value;
  }
  return result;
}

/** Cursor meta is thin in the spec: everything optional, but what is present must be typed right. */
export function cursorMeta(body: unknown): CursorPageMeta {
  const raw = requireObject(body, 'the body').meta;
  if (raw === undefined || raw === null) return {};
  const meta = requireObject(raw, 'meta');
  const result: CursorPageMeta = {};
  if (meta.cursors !== undefined && meta.cursors !== null) {
    const cursors = requireObject(meta.cursors, 'meta.cursors');
    result.cursors = {};
    const after = optionalString(cursors, 'after', 'meta.cursors');
    const before = optionalString(cursors, 'before', 'meta.cursors');
    if (after !== undefined) result.cursors.after = after;
    if (before !== undefined) result.cursors.before = before;
  }
  const total = optionalNumber(meta, 'total_items', 'meta');
  if (total !== undefined) result.total_items = total;
  const next = optionalString(meta, 'next', 'meta');
  if (next !== undefined) result.next = next;
  const previous = optionalString(meta, 'previous', 'meta');
  if (previous !== undefined) result.previous = previous;
  return result;
}

export function connection(value: unknown, where = 'data'): Connection {
  const item = requireObject(value, where);
  requireString(item, 'id', where);
  requireString(item, 'record_type', where);
  optionalString(item, 'connection_name', where);
  if (item.active !== undefined && item.active !== null && typeof item.active !== 'boolean') {
    throw new ShapeError(`${where}.active is not a boolean`);
  }
  if (
    item.tags !== undefined &&
    item.tags !== null &&
    !(Array.isArray(item.tags) && item.tags.every((tag) => typeof tag === 'string'))
  ) {
    throw new ShapeError(`${where}.tags is not a list of strings`);
  }
  return item as unknown as Connection;
}

export function activeCall(value: unknown, where = 'data'): ActiveCall {
  const item = requireObject(value, where);
  for (const field of ['call_control_id', 'call_leg_id', 'call_session_id']) requireString(item, field, where);
  const duration = optionalNumber(item, 'call_duration', where);
  // client_state is null on calls that never set one; the tree shows it as "none".
  const clientState = optionalString(item, 'client_state', where) ?? '';
  return { ...item, record_type: 'call', client_state: clientState, call_duration: duration ?? 0 } as ActiveCall;
}

export function callStatus(value: unknown, where = 'data'): CallStatus {
  const item = requireObject(value, where);
  for (const field of ['call_control_id', 'call_leg_id', 'call_session_id']) requireString(item, field, where);
  if (typeof item.is_alive !== 'boolean') throw new ShapeError(`${where}.is_alive is missing or not a boolean`);
  optionalString(item, 'client_state', where);
  optionalString(item, 'start_time', where);
  optionalString(item, 'end_time', where);
  optionalNumber(item, 'call_duration', where);
  const status = { ...item, record_type: 'call' } as Json;
  // Absent and null mean the same ("not ended"); keep only one of them for callers.
  for (const field of ['client_state', 'start_time', 'end_time', 'call_duration']) {
    if (status[field] === null) delete status[field];
  }
  return status as unknown as CallStatus;
}

/**
 * One event, tolerantly (issue 13): a record of an unknown type or with a missing field is kept with
 * a `problem` and its raw JSON, so one odd record does not hide the rest of the timeline. Only a
 * record that is not an object at all is refused.
 */
export function callEventTolerant(value: unknown, where = 'data'): CallEvent {
  try {
    return callEvent(value, where);
  } catch (error) {
    if (!(error instanceof ShapeError)) throw error;
    const item = requireObject(value, where);
    const text = (field: string): string => (typeof item[field] === 'string' ? (item[field] as string) : '');
    return {
      record_type: 'call_event',
      call_leg_id: text('call_leg_id'),
      call_session_id: text('call_session_id'),
      event_timestamp: text('event_timestamp'),
      name: text('name'),
      type: (typeof item.type === 'string' ? item.type : '') as CallEvent['type'],
      metadata: { raw_record: item },
      problem: error.message.replace(`${where}.`, ''),
    };
  }
}

/**
 * An active call, tolerantly: a row without its leg or session id is kept (the call_control_id is
 * what the tree needs) and says what is missing. A row without a call_control_id is still refused.
 */
export function activeCallTolerant(value: unknown, where = 'data'): ActiveCall {
  const item = requireObject(value, where);
  requireString(item, 'call_control_id', where);
  const missing = ['call_leg_id', 'call_session_id'].filter(
    (field) => typeof item[field] !== 'string' || item[field] === '',
  );
  if (missing.length === 0) return activeCall(value, where);
  const checked = activeCall({ ...item, call_leg_id: '-', call_session_id: '-' }, where);
  const text = (field: string): string => (typeof item[field] === 'string' ? (item[field] as string) : '');
  return {
    ...checked,
    call_leg_id: text('call_leg_id'),
    call_session_id: text('call_session_id'),
    problem: `${missing.join(' and ')} missing`,
  };
}

export function callEvent(value: unknown, where = 'data'): CallEvent {
  const item = requireObject(value, where);
  for (const field of ['call_leg_id', 'call_session_id', 'event_timestamp', 'name']) requireString(item, field, where);
  if (item.type !== 'command' && item.type !== 'webhook')
    throw new ShapeError(`${where}.type is not "command" or "webhook"`);
  // metadata is undocumented: keep whatever came, as an object, and let readers go best-effort.
  const metadata =
    item.metadata === undefined || item.metadata === null
      ? {}
      : isObject(item.metadata)
        ? item.metadata
        : { value: item.metadata };
  return { ...item, record_type: 'call_event', metadata } as CallEvent;
}

export function listOf<T>(items: unknown[], check: (value: unknown, where: string) => T): T[] {
  return items.map((item, index) => check(item, `data[${index}]`));
}

export function dialedCall(value: unknown, where = 'data'): DialedCall {
  const item = requireObject(value, where);
  for (const field of ['call_control_id', 'call_leg_id', 'call_session_id']) requireString(item, field, where);
  if (item.is_alive !== undefined && typeof item.is_alive !== 'boolean')
    throw new ShapeError(`${where}.is_alive is not a boolean`);
  optionalString(item, 'client_state', where);
  optionalString(item, 'start_time', where);
  return { ...item, record_type: 'call', is_alive: item.is_alive === true } as DialedCall;
}

export function commandResult(value: unknown, where = 'data'): string {
  return requireString(requireObject(value, where), 'result', where);
}

export function phoneNumber(value: unknown, where = 'data'): PhoneNumber {
  const item = requireObject(value, where);
  requireString(item, 'id', where);
  requireString(item, 'phone_number', where);
  optionalString(item, 'status', where);
  optionalString(item, 'connection_id', where);
  optionalString(item, 'connection_name', where);
  return item as unknown as PhoneNumber;
}
