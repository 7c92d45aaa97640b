// The one classification of failures into what the user is told. Every surface (tree rows, the call
// panel, palette messages, hovers, chat tools) renders an ErrorReport and adds nothing of its own
// but layout: a 401 therefore reads the same everywhere, and the README's troubleshooting table is
// generated from these same words (see troubleshooting.ts).
//
// A report has four parts: `message` leads with what happened (and Telnyx's code), `action` says
// what to do, `detail` carries what Telnyx said, the status, code and request id for a tooltip, and
// `fix` names the command that fixes it, if one does. Wording goes through the host's `l10n.t`
// (`vscode` in the extension), never the API client's English, which only reaches `detail`.
import { isStaleCursorError, isTelnyxError, type TelnyxError, type TelnyxErrorKind } from '../telnyx/errors';
import type { L10nHost } from './l10n';

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

export type ErrorReportKind = TelnyxErrorKind | 'no_key' | 'unexpected';

/** A command that fixes the failure, offered next to Retry. */
export type ErrorFix = 'setApiKey' | 'openSettings';

export interface ErrorReport {
  kind: ErrorReportKind;
  /** Telnyx's code, else the HTTP status (e.g. "10005", "503"). */
  code: string | undefined;
  /** What happened, in one short sentence. */
  message: string;
  /** What to do about it. */
  action: string;
  /** Lines for a tooltip: Telnyx's own words, status, code, request id, retries. */
  detail: string | undefined;
  fix: ErrorFix | undefined;
  /** The setting `openSettings` should show. */
  setting?: string;
}

export interface DescribeOptions {
  /**
   * What was being read. `call`: a call's status, where 404 / 10005 and 422 / 90015 mean the same
   * (Telnyx keeps a status only about 10 minutes after the call ends; which it answers is undocumented).
   */
  subject?: 'call';
  /** Applied to every text taken from the error, so no message can carry the key to the screen. */
  redact?: (text: string) => string;
}

/** " (HTTP 404, 10005)", " (HTTP 503)", "" */
function codeSuffix(error: TelnyxError): string {
  const parts = [error.status ? `HTTP ${error.status}` : undefined, error.code].filter((part): part is string => !!part);
  return parts.length ? ` (${parts.join(', ')})` : '';
}

function detailOf(host: L10nHost, error: TelnyxError, redact: (text: string) => string, includeMessage: boolean): string | undefined {
  const said = error.title && error.detail ? `${error.title}: ${error.detail}` : (error.detail ?? error.title);
  const lines = [
    includeMessage ? redact(error.message) : undefined,
    said ? host.l10n.t('Telnyx said: {0}', redact(said)) : undefined,
    error.pointer ? host.l10n.t('Refused: {0}', redact(error.pointer)) : undefined,
    error.status ? host.l10n.t('HTTP status: {0}', error.status) : undefined,
    error.code ? host.l10n.t('Telnyx code: {0}', error.code) : undefined,
    error.requestId ? host.l10n.t('Request id: {0}', redact(error.requestId)) : undefined,
    error.retries ? host.l10n.t('Tried {0} more times before giving up.', error.retries) : undefined,
  ].filter((line): line is string => !!line);
  return lines.length ? lines.join('\n') : undefined;
}

/** A failure in words a person can act on; never the key, never a stack trace. */
export function describeFailure(error: unknown, host: L10nHost, options: DescribeOptions = {}): ErrorReport {
  const redact = options.redact ?? ((text: string) => text);
  if (isNoApiKeyError(error)) {
    return {
      kind: 'no_key',
      code: undefined,
      message: host.l10n.t('No Telnyx API key is set.'),
      action: host.l10n.t("Run 'Telnyx: Set API Key' (or set TELNYX_API_KEY)."),
      detail: undefined,
      fix: 'setApiKey',
    };
  }
  if (!isTelnyxError(error)) {
    const text = redact(error instanceof Error ? error.message : String(error));
    return {
      kind: 'unexpected',
      code: undefined,
      message: host.l10n.t('Something went wrong: {0}', text.replace(/[.\s]+$/, '')) + '.',
      action: host.l10n.t("Retry; if it persists, see 'Telnyx: Show Log'."),
      detail: undefined,
      fix: undefined,
    };
  }
  const c = codeSuffix(error);
  const report = (message: string, action: string, more: Partial<Pick<ErrorReport, 'fix' | 'setting'>> & { withMessage?: boolean } = {}): ErrorReport => ({
    kind: error.kind,
    code: error.code ?? (error.status !== undefined ? String(error.status) : undefined),
    message,
    action,
    detail: detailOf(host, error, redact, more.withMessage ?? false),
    fix: more.fix,
    ...(more.setting ? { setting: more.setting } : {}),
  });
  const statusGone = (): ErrorReport =>
    report(
      host.l10n.t('Telnyx no longer has a status for this call{0}.', c),
      host.l10n.t("Check the id: Telnyx keeps a call's status only about 10 minutes after a call ends. Its events remain available in the call details."),
    );
  switch (error.kind) {
    case 'unauthenticated':
      return report(host.l10n.t('Telnyx rejected the API key{0}.', c), host.l10n.t("Run 'Telnyx: Set API Key' with a valid key."), { fix: 'setApiKey' });
    case 'forbidden':
      return report(host.l10n.t('This API key may not read this{0}.', c), host.l10n.t('Use a key of the account (or a role) that can read connections and calls.'), { fix: 'setApiKey' });
    case 'invalid_call':
      return statusGone();
    case 'not_found':
      if (options.subject === 'call') return statusGone();
      return report(host.l10n.t('Telnyx could not find what was asked for{0}.', c), host.l10n.t("Refresh; if it persists, check 'telnyx.apiBaseUrl'."));
    case 'invalid_connection':
      return report(host.l10n.t('This connection type has no active-calls list{0}.', c), host.l10n.t('Only Call Control, TeXML and SIP connections with webhooks list active calls.'));
    case 'rate_limited':
      return report(
        host.l10n.t('Telnyx is limiting the request rate{0}.', c),
        error.retryAfterSeconds !== undefined
          ? host.l10n.t('Wait {0} s, then retry; if it persists, raise the refresh interval.', Math.max(1, Math.ceil(error.retryAfterSeconds)))
          : host.l10n.t('Wait a moment, then retry; if it persists, raise the refresh interval.'),
      );
    case 'server':
      return report(host.l10n.t('Telnyx had a server error{0}.', c), host.l10n.t("It is on Telnyx's side and was retried; retry later."));
    case 'timeout':
      return report(host.l10n.t('Telnyx did not answer in time.'), host.l10n.t("Check your network or proxy, or raise 'telnyx.requestTimeout'; then retry."), { withMessage: true });
    case 'network':
      return report(host.l10n.t('Could not reach Telnyx.'), host.l10n.t('Check your network or proxy settings (http.proxy); then retry.'), { withMessage: true });
    case 'malformed':
      return report(host.l10n.t('Telnyx sent a response that could not be read{0}.', c), host.l10n.t("Retry; if it persists, a proxy may be in the way: see 'Telnyx: Show Log'."), { withMessage: true });
    case 'cancelled':
      return report(host.l10n.t('The request was cancelled.'), host.l10n.t('Retry.'));
    case 'config':
      return describeConfigError(error, host, report);
    case 'bad_request':
    default:
      if (isStaleCursorError(error)) {
        return report(host.l10n.t('Telnyx no longer accepts the page cursor{0}.', c), host.l10n.t('Refresh to start the list again from the first page.'));
      }
      return report(host.l10n.t('Telnyx refused the request{0}.', c), host.l10n.t("Check what Telnyx names in the details; 'Telnyx: Show Log' lists the request."), { withMessage: true });
  }
}

/**
 * A setting that stops every request before it is sent. The client says which in its message only
 * (config errors carry no field), so it is read from there: the proxy, the key, else the base URL.
 */
function describeConfigError(
  error: TelnyxError,
  host: L10nHost,
  report: (message: string, action: string, more?: Partial<Pick<ErrorReport, 'fix' | 'setting'>> & { withMessage?: boolean }) => ErrorReport,
): ErrorReport {
  if (/proxy/i.test(error.message)) {
    return report(host.l10n.t('The proxy setting is not usable; no request is sent.'), host.l10n.t("Fix 'http.proxy' in Settings."), { fix: 'openSettings', setting: 'http.proxy', withMessage: true });
  }
  if (/API key/i.test(error.message)) {
    return report(host.l10n.t('The Telnyx API key cannot be sent.'), host.l10n.t("Run 'Telnyx: Set API Key' and paste it again."), { fix: 'setApiKey', withMessage: true });
  }
  return report(host.l10n.t('The Telnyx API URL is refused; no request is sent.'), host.l10n.t("Fix 'telnyx.apiBaseUrl' in Settings."), { fix: 'openSettings', setting: 'telnyx.apiBaseUrl', withMessage: true });
}

/** What happened, then what to do: the one-line form for the panel, palette and chat. */
export function reportSentence(report: ErrorReport): string {
  return `${report.message} ${report.action}`;
}

/** What to do first, for a narrow row that may be cut: the rest is in its tooltip. */
export function reportActionFirst(report: ErrorReport): string {
  return `${report.action} ${report.message}`;
}
