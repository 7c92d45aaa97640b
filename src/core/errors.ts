// The one classification of failures. Every surface (tree rows, the call panel, palette messages,
// hovers, chat tools) gets its words from `describeFailure` (src/text/failure.ts), which words a
// `Failure` from here and nothing else: a 401 therefore reads the same everywhere, and the README's
// troubleshooting table is generated from the same words.
//
// `reason` is finer than the client's kind where the user must be told something different: a call
// whose status is gone (404 / 10005 and 422 / 90015 mean the same there), a refused page cursor,
// which setting stopped a request. No wording here; see src/text/failure.ts.
import { isStaleCursorError, isTelnyxError, type TelnyxError, type TelnyxErrorKind } from '../telnyx/errors';

/** No API key is set (neither stored nor TELNYX_API_KEY): nothing was asked of Telnyx. */
export class NoApiKeyError extends Error {
  constructor() {
    super('No Telnyx API key is set.');
    this.name = 'NoApiKeyError';
  }
}

/** Works across bundles, like isTelnyxError. */
export function isNoApiKeyError(value: unknown): value is NoApiKeyError {
  return value instanceof Error && value.name === 'NoApiKeyError';
}

export type FailureReason =
  | 'no_key'
  | 'unexpected'
  | 'unauthenticated'
  | 'forbidden'
  | 'status_gone' // a call's status: expired (kept ~10 minutes after the call ends) or a wrong id
  | 'not_found'
  | 'no_active_calls_list'
  | 'stale_cursor'
  | 'bad_request'
  | 'rate_limited'
  | 'server'
  | 'timeout'
  | 'network'
  | 'malformed'
  | 'cancelled'
  | 'bad_base_url'
  | 'bad_proxy'
  | 'bad_key';

/** A command that fixes the failure, offered next to Retry. */
export type FailureFix = 'setApiKey' | 'openSettings';

export interface Failure {
  kind: TelnyxErrorKind | 'no_key' | 'unexpected';
  reason: FailureReason;
  /** Telnyx's code, else the HTTP status (e.g. "10005", "503"). */
  code: string | undefined;
  /** " (HTTP 404, 10005)", " (HTTP 503)" or "": how every message names the answer. */
  codeSuffix: string;
  retryAfterSeconds: number | undefined;
  fix: FailureFix | undefined;
  /** The setting `openSettings` should show. */
  setting: string | undefined;
  /** The error itself, for the tooltip's details (Telnyx's words, status, request id). */
  error: TelnyxError | undefined;
  /** The client's own (English) message, when it carries a specific the words leave out (host, seconds, setting value). */
  specifics: string | undefined;
}

export interface ClassifyOptions {
  /**
   * What was being read. `call`: a call's status, where 404 / 10005 and 422 / 90015 mean the same
   * (Telnyx keeps a status only about 10 minutes after the call ends; which it answers is undocumented).
   */
  subject?: 'call';
}

function codeSuffix(error: TelnyxError): string {
  const parts = [error.status ? `HTTP ${error.status}` : undefined, error.code].filter(
    (part): part is string => !!part,
  );
  return parts.length ? ` (${parts.join(', ')})` : '';
}

function reasonOf(error: TelnyxError, options: ClassifyOptions): FailureReason {
  switch (error.kind) {
    case 'invalid_call':
      return 'status_gone';
    case 'not_found':
      return options.subject === 'call' ? 'status_gone' : 'not_found';
    case 'invalid_connection':
      return 'no_active_calls_list';
    case 'config':
      // Config errors carry no field: which setting stopped the request is said in the message only
      // (the client's and ApiAccess's). A refused base URL mentions the key too ("Refusing to send
      // the API key to http://…"), so the key is recognised only by the key's own messages.
      if (/http\.proxy|https_proxy/i.test(error.message)) return 'bad_proxy';
      if (/^(The Telnyx API key|No Telnyx API key)/.test(error.message)) return 'bad_key';
      return 'bad_base_url';
    case 'bad_request':
      return isStaleCursorError(error) ? 'stale_cursor' : 'bad_request';
    default:
      return error.kind;
  }
}

const FIXES: Partial<Record<FailureReason, { fix: FailureFix; setting?: string }>> = {
  no_key: { fix: 'setApiKey' },
  unauthenticated: { fix: 'setApiKey' },
  forbidden: { fix: 'setApiKey' },
  bad_key: { fix: 'setApiKey' },
  bad_base_url: { fix: 'openSettings', setting: 'telnyx.apiBaseUrl' },
  bad_proxy: { fix: 'openSettings', setting: 'http.proxy' },
};

/** Reasons whose words are general: the client's message keeps the specifics for the tooltip. */
const WITH_SPECIFICS = new Set<FailureReason>([
  'timeout',
  'network',
  'malformed',
  'bad_request',
  'bad_base_url',
  'bad_proxy',
  'bad_key',
  'unexpected',
]);

/** A call's status read failed because Telnyx no longer keeps it (or never had it): the `status_gone` reason. */
export function isStatusGone(error: unknown): boolean {
  return isTelnyxError(error) && reasonOf(error, { subject: 'call' }) === 'status_gone';
}

export function classifyFailure(error: unknown, options: ClassifyOptions = {}): Failure {
  if (isNoApiKeyError(error) || !isTelnyxError(error)) {
    const reason: FailureReason = isNoApiKeyError(error) ? 'no_key' : 'unexpected';
    return {
      kind: reason,
      reason,
      code: undefined,
      codeSuffix: '',
      retryAfterSeconds: undefined,
      fix: FIXES[reason]?.fix,
      setting: undefined,
      error: undefined,
      specifics: reason === 'unexpected' ? (error instanceof Error ? error.message : String(error)) : undefined,
    };
  }
  const reason = reasonOf(error, options);
  return {
    kind: error.kind,
    reason,
    code: error.code ?? (error.status !== undefined ? String(error.status) : undefined),
    codeSuffix: codeSuffix(error),
    retryAfterSeconds: error.retryAfterSeconds,
    fix: FIXES[reason]?.fix,
    setting: FIXES[reason]?.setting,
    error,
    specifics: WITH_SPECIFICS.has(reason) ? error.message : undefined,
  };
}
