// The words of every failure: what the user is told about a `Failure` the core classified
// (src/core/errors.ts). The one place they are written; tree rows, the call panel, palette
// messages, hovers, chat tools and the README's troubleshooting table all render these.
//
// A report has four parts: `message` leads with what happened (and Telnyx's code), `action` says
// what to do, `detail` carries what Telnyx said, the status, code and request id for a tooltip, and
// `fix` names the command that fixes it, if one does. The client's English messages reach only
// `detail`. Runs without VS Code: the host passed in is `vscode` in the extension and
// `englishStrings` in plain Node (tests, the README table).
import { classifyFailure, type ClassifyOptions, type Failure, type FailureFix } from '../core/errors';
import type { L10nHost } from '../core/l10n';

export interface ErrorReport {
  kind: Failure['kind'];
  reason: Failure['reason'];
  /** Telnyx's code, else the HTTP status (e.g. "10005", "503"). */
  code: string | undefined;
  /** What happened, in one short sentence. */
  message: string;
  /** What to do about it. */
  action: string;
  /** Lines for a tooltip: the specifics, Telnyx's own words, status, code, request id, retries. */
  detail: string | undefined;
  fix: FailureFix | undefined;
  setting: string | undefined;
}

export interface DescribeOptions extends ClassifyOptions {
  /** Applied to every text taken from the error, so no message can carry the key to the screen. */
  redact?: (text: string) => string;
  /**
   * The account the read was made under, named when the user has several: a call it has no status
   * for may be another account's, so it reads as "not found under <account>".
   */
  account?: string;
}

function words(
  failure: Failure,
  host: L10nHost,
  redact: (text: string) => string,
  account: string | undefined,
): { message: string; action: string } {
  const c = failure.codeSuffix;
  if (failure.reason === 'status_gone' && account !== undefined) {
    return {
      message: host.l10n.t(
        'Not found under {0}{1}: Telnyx has no status for this call under this account.',
        redact(account),
        c,
      ),
      action: host.l10n.t(
        'The call may belong to another account: Switch Account. Or it ended more than about 10 ' +
          "minutes ago (Telnyx keeps a call's status no longer); its events remain available in the " +
          'call details.',
      ),
    };
  }
  switch (failure.reason) {
    case 'no_key':
      return {
        message: host.l10n.t('No Telnyx API key is set.'),
        action: host.l10n.t("Run 'Telnyx: Set API Key' (or set TELNYX_API_KEY)."),
      };
    case 'unexpected':
      return {
        message: host.l10n.t('Something went wrong: {0}.', redact(failure.specifics ?? '').replace(/[.\s]+$/, '')),
        action: host.l10n.t("Retry; if it persists, see 'Telnyx: Show Log'."),
      };
    case 'unauthenticated':
      return {
        message: host.l10n.t('Telnyx rejected the API key{0}.', c),
        action: host.l10n.t("Run 'Telnyx: Set API Key' with a valid key."),
      };
    case 'forbidden':
      return {
        message: host.l10n.t('This API key may not read this{0}.', c),
        action: host.l10n.t('Use a key of the account (or a role) that can read connections and calls.'),
      };
    case 'status_gone':
      return {
        message: host.l10n.t('Telnyx no longer has a status for this call{0}.', c),
        action: host.l10n.t(
          "Check the id: Telnyx keeps a call's status only about 10 minutes after a call ends. Its " +
            'events remain available in the call details.',
        ),
      };
    case 'not_found':
      return {
        message: host.l10n.t('Telnyx could not find what was asked for{0}.', c),
        action: host.l10n.t("Refresh; if it persists, check 'telnyx.apiBaseUrl'."),
      };
    case 'no_active_calls_list':
      return {
        message: host.l10n.t('This connection type has no active-calls list{0}.', c),
        action: host.l10n.t('Only Call Control, TeXML and SIP connections with webhooks list active calls.'),
      };
    case 'stale_cursor':
      return {
        message: host.l10n.t('Telnyx no longer accepts the page cursor{0}.', c),
        action: host.l10n.t('Refresh to start the list again from the first page.'),
      };
    case 'rate_limited':
      return {
        message: host.l10n.t('Telnyx is limiting the request rate{0}.', c),
        action:
          failure.retryAfterSeconds !== undefined
            ? host.l10n.t(
                'Wait {0} s, then retry; if it persists, raise the refresh interval.',
                Math.max(1, Math.ceil(failure.retryAfterSeconds)),
              )
            : host.l10n.t('Wait a moment, then retry; if it persists, raise the refresh interval.'),
      };
    case 'server':
      return {
        message: host.l10n.t('Telnyx had a server error{0}.', c),
        action: host.l10n.t("It is on Telnyx's side and was retried; retry later."),
      };
    case 'timeout':
      return {
        message: host.l10n.t('Telnyx did not answer in time.'),
        action: host.l10n.t("Check your network or proxy, or raise 'telnyx.requestTimeout'; then retry."),
      };
    case 'network':
      return {
        message: host.l10n.t('Could not reach Telnyx.'),
        action: host.l10n.t('Check your network or proxy settings (http.proxy); then retry.'),
      };
    case 'malformed':
      return {
        message: host.l10n.t('Telnyx sent a response that could not be read{0}.', c),
        action: host.l10n.t("Retry; if it persists, a proxy may be in the way: see 'Telnyx: Show Log'."),
      };
    case 'cancelled':
      return { message: host.l10n.t('The request was cancelled.'), action: host.l10n.t('Retry.') };
    case 'bad_base_url':
      return {
        message: host.l10n.t('The Telnyx API URL is refused; no request is sent.'),
        action: host.l10n.t("Fix 'telnyx.apiBaseUrl' in Settings."),
      };
    case 'bad_proxy':
      return {
        message: host.l10n.t('The proxy setting is not usable; no request is sent.'),
        action: host.l10n.t("Fix 'http.proxy' in Settings."),
      };
    case 'bad_key':
      return {
        message: host.l10n.t('The Telnyx API key cannot be sent.'),
        action: host.l10n.t("Run 'Telnyx: Set API Key' and paste it again."),
      };
    case 'bad_request':
    default:
      return {
        message: host.l10n.t('Telnyx refused the request{0}.', c),
        action: host.l10n.t("See what Telnyx names in the details; 'Telnyx: Show Log' lists the request."),
      };
  }
}

function detailOf(failure: Failure, host: L10nHost, redact: (text: string) => string): string | undefined {
  const error = failure.error;
  const said =
    error && (error.title && error.detail ? `${error.title}: ${error.detail}` : (error.detail ?? error.title));
  const lines = [
    failure.specifics && failure.reason !== 'unexpected' ? redact(failure.specifics) : undefined,
    said ? host.l10n.t('Telnyx said: {0}', redact(said)) : undefined,
    error?.pointer ? host.l10n.t('Refused: {0}', redact(error.pointer)) : undefined,
    error?.status ? host.l10n.t('HTTP status: {0}', error.status) : undefined,
    error?.code ? host.l10n.t('Telnyx code: {0}', error.code) : undefined,
    error?.requestId ? host.l10n.t('Request id: {0}', redact(error.requestId)) : undefined,
    error?.retries ? host.l10n.t('Tried {0} more times before giving up.', error.retries) : undefined,
  ].filter((line): line is string => !!line);
  return lines.length ? lines.join('\n') : undefined;
}

/** A failure in words a person can act on; never the key, never a stack trace. */
export function describeFailure(error: unknown, host: L10nHost, options: DescribeOptions = {}): ErrorReport {
  const redact = options.redact ?? ((text: string) => text);
  const failure = classifyFailure(error, options);
  const { message, action } = words(failure, host, redact, options.account);
  return {
    kind: failure.kind,
    reason: failure.reason,
    code: failure.code,
    message,
    action,
    detail: detailOf(failure, host, redact),
    fix: failure.fix,
    setting: failure.setting,
  };
}

/** What happened, then what to do: the one-line form for the panel, palette and chat. */
export function reportSentence(report: ErrorReport): string {
  return `${report.message} ${report.action}`;
}

/** A failure as one line (what happened, then what to do), for a notification, a picker or a chat tool. */
export function failureSentence(error: unknown, host: L10nHost, options: DescribeOptions = {}): string {
  return reportSentence(describeFailure(error, host, options));
}

/** What to do first, for a narrow row that may be cut: the rest is in its tooltip. */
export function reportActionFirst(report: ErrorReport): string {
  return `${report.action} ${report.message}`;
}
