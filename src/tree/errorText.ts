import * as vscode from 'vscode';
import { isTelnyxError } from '../telnyx/errors';
import { NoApiKeyError } from './model/connectionsModel';

export interface ErrorDescription {
  /** One line for the row. */
  message: string;
  /** More for the tooltip: the server's detail, status and request id. */
  detail: string | undefined;
  /** What fixes it besides Retry. */
  action: 'setApiKey' | 'openSettings' | undefined;
}

/** A failure in words a person can act on; never the key, never a stack trace. */
export function describeError(error: unknown): ErrorDescription {
  if (error instanceof NoApiKeyError) {
    return { message: vscode.l10n.t('No Telnyx API key is set.'), detail: undefined, action: 'setApiKey' };
  }
  if (!isTelnyxError(error)) {
    const text = error instanceof Error ? error.message : String(error);
    return { message: vscode.l10n.t('Something went wrong: {0}', text), detail: undefined, action: undefined };
  }
  const code = error.code ? ` (${error.code})` : error.status ? ` (HTTP ${error.status})` : '';
  const detailLines = [
    error.title && error.detail ? `${error.title}: ${error.detail}` : (error.detail ?? error.title),
    error.status ? vscode.l10n.t('HTTP status: {0}', error.status) : undefined,
    error.code ? vscode.l10n.t('Telnyx code: {0}', error.code) : undefined,
    error.requestId ? vscode.l10n.t('Request id: {0}', error.requestId) : undefined,
    error.retries ? vscode.l10n.t('Tried {0} more times before giving up.', error.retries) : undefined,
  ].filter((line): line is string => !!line);
  const detail = detailLines.length ? detailLines.join('\n') : undefined;
  switch (error.kind) {
    case 'unauthenticated':
      return { message: vscode.l10n.t('Telnyx rejected the API key{0}. Set a valid key.', code), detail, action: 'setApiKey' };
    case 'forbidden':
      return { message: vscode.l10n.t('This API key is not allowed to read this{0}.', code), detail, action: 'setApiKey' };
    case 'not_found':
      return { message: vscode.l10n.t('Telnyx does not know this item{0}.', code), detail, action: undefined };
    case 'rate_limited':
      return {
        message: error.retryAfterSeconds !== undefined
          ? vscode.l10n.t('Telnyx is limiting requests{0}. Retry in {1} s.', code, Math.ceil(error.retryAfterSeconds))
          : vscode.l10n.t('Telnyx is limiting requests{0}. Retry in a moment.', code),
        detail,
        action: undefined,
      };
    case 'server':
      return { message: vscode.l10n.t('Telnyx had a server error{0}. Retry later.', code), detail, action: undefined };
    case 'timeout':
      return { message: vscode.l10n.t('Telnyx did not answer in time. Check your network, or raise telnyx.requestTimeout.'), detail, action: undefined };
    case 'network':
      return { message: vscode.l10n.t('Cannot reach Telnyx. Check your network or proxy.'), detail: detail ?? error.message, action: undefined };
    case 'malformed':
      return { message: vscode.l10n.t('Telnyx sent a response that could not be read.'), detail: detail ?? error.message, action: undefined };
    case 'config':
      return { message: vscode.l10n.t('The Telnyx API URL is not usable: {0}', error.message), detail, action: 'openSettings' };
    case 'invalid_connection':
      return { message: vscode.l10n.t('This connection type has no active-calls list.'), detail, action: undefined };
    default:
      return {
        message: vscode.l10n.t('Telnyx answered with an error{0}: {1}', code, error.detail ?? error.title ?? error.message),
        detail,
        action: undefined,
      };
  }
}
