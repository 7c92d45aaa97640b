// Errors are values: every failure of the client is a TelnyxError with a kind and a message a
// person can act on. This file has no runtime dependencies so the extension bundle can use it
// without loading undici.

export type TelnyxErrorKind =
  | 'unauthenticated' // 401 / 10009: the key was rejected
  | 'forbidden' // 403 / 10010: the key may not read this
  | 'not_found' // 404 / 10005
  | 'invalid_connection' // 422 / 10015: not a connection, or one whose type has no active calls
  | 'invalid_call' // 422 / 90015 (and 90018): not a valid call_control_id, or status gone
  | 'bad_request' // other 400 / 422
  | 'rate_limited' // 429 / 10011, after retries
  | 'server' // 5xx after retries
  | 'timeout'
  | 'network' // connection refused, reset, DNS, TLS
  | 'malformed' // a body that is not JSON, or JSON of the wrong shape
  | 'cancelled'
  | 'config'; // e.g. a non-https base URL

export interface TelnyxErrorDetails {
  kind: TelnyxErrorKind;
  message: string;
  status?: number;
  code?: string;
  title?: string;
  detail?: string;
  pointer?: string;
  requestId?: string;
  /** How many times the request was retried before giving up. */
  retries?: number;
  /** Seconds until the rate limit resets, when known. */
  retryAfterSeconds?: number;
}

export class TelnyxError extends Error implements TelnyxErrorDetails {
  readonly kind: TelnyxErrorKind;
  readonly status?: number;
  readonly code?: string;
  readonly title?: string;
  readonly detail?: string;
  readonly pointer?: string;
  readonly requestId?: string;
  readonly retries?: number;
  readonly retryAfterSeconds?: number;

  constructor(details: TelnyxErrorDetails) {
    super(details.message);
    this.name = 'TelnyxError';
    this.kind = details.kind;
    this.status = details.status;
    this.code = details.code;
    this.title = details.title;
    this.detail = details.detail;
    this.pointer = details.pointer;
    this.requestId = details.requestId;
    this.retries = details.retries;
    this.retryAfterSeconds = details.retryAfterSeconds;
  }

  toJSON(): TelnyxErrorDetails {
    return {
      kind: this.kind,
      message: this.message,
      status: this.status,
      code: this.code,
      title: this.title,
      detail: this.detail,
      pointer: this.pointer,
      requestId: this.requestId,
      retries: this.retries,
      retryAfterSeconds: this.retryAfterSeconds,
    };
  }
}

/** Works across bundles (the API bundle and the extension bundle each have their own class). */
export function isTelnyxError(value: unknown): value is TelnyxError {
  return (
    value instanceof Error && value.name === 'TelnyxError' && typeof (value as Partial<TelnyxError>).kind === 'string'
  );
}

/** Telnyx refused a page cursor (expired or unknown): the list must start again from the first page. */
export function isStaleCursorError(value: unknown): boolean {
  if (!isTelnyxError(value) || value.kind !== 'bad_request') return false;
  return /page\[(after|before)\]/.test(value.pointer ?? '') || /\bcursor\b/i.test(value.detail ?? '');
}
