import * as vscode from 'vscode';
import { isTelnyxError, type TelnyxError } from '../telnyx/errors';
import type { ErrorView } from './protocol';

/** True when a status read failed because Telnyx no longer keeps (or never had) that call's status. */
export function isStatusGone(error: unknown): boolean {
  return isTelnyxError(error) && (error.kind === 'not_found' || error.kind === 'invalid_call');
}

export function noKeyError(): ErrorView {
  return {
    kind: 'no_key',
    message: vscode.l10n.t("No Telnyx API key is set. Run 'Telnyx: Set API Key' (or set TELNYX_API_KEY), then Retry."),
  };
}

function codeSuffix(error: TelnyxError): string {
  const parts = [error.status ? `HTTP ${error.status}` : undefined, error.code].filter(Boolean);
  return parts.length ? ` (${parts.join(', ')})` : '';
}

/** A message a person can act on; never includes the key (the client's messages never carry it). */
export function describeError(error: unknown): ErrorView {
  if (!isTelnyxError(error)) {
    const message = error instanceof Error ? error.message : String(error);
    return { kind: 'unexpected', message: vscode.l10n.t('Something went wrong: {0}. Retry; if it persists, see Telnyx: Show Log.', message) };
  }
  const suffix = codeSuffix(error);
  const detail = error.detail || error.title;
  const view = (message: string): ErrorView => ({ kind: error.kind, code: error.code ?? (error.status ? String(error.status) : undefined), message });
  switch (error.kind) {
    case 'unauthenticated':
      return view(vscode.l10n.t("Telnyx rejected the API key{0}. Run 'Telnyx: Set API Key' with a valid key, then Retry.", suffix));
    case 'forbidden':
      return view(vscode.l10n.t('This API key may not read this{0}. Use a key of the account that owns the call.', suffix));
    case 'not_found':
      return view(vscode.l10n.t('Telnyx does not know this{0}. Check the id; a call status is kept only about 10 minutes after the call ends.', suffix));
    case 'invalid_call':
      return view(vscode.l10n.t('Telnyx says this is not a valid call_control_id, or its status is gone{0}.', suffix));
    case 'invalid_connection':
    case 'bad_request':
      // The client's message names the request that failed and the parameter Telnyx named.
      return view(error.message || vscode.l10n.t('Telnyx refused the request{0}: {1}', suffix, detail ?? ''));
    case 'rate_limited':
      return view(
        error.retryAfterSeconds
          ? vscode.l10n.t('Telnyx is limiting the request rate{0}. Wait {1} s, then Retry.', suffix, String(Math.ceil(error.retryAfterSeconds)))
          : vscode.l10n.t('Telnyx is limiting the request rate{0}. Wait a moment, then Retry.', suffix),
      );
    case 'server':
      return view(vscode.l10n.t('Telnyx had a server error{0}. Retry in a moment.', suffix));
    case 'timeout':
      return view(vscode.l10n.t('Telnyx did not answer in time. Check your network (or raise telnyx.requestTimeout), then Retry.'));
    case 'network':
      return view(vscode.l10n.t('Could not reach Telnyx: {0}. Check your network or proxy, then Retry.', error.message));
    case 'malformed':
      return view(vscode.l10n.t('Telnyx sent a response that could not be read{0}. Retry; if it persists, see Telnyx: Show Log.', suffix));
    case 'cancelled':
      return view(vscode.l10n.t('The request was cancelled.'));
    case 'config':
      return view(error.message);
    default:
      return view(error.message);
  }
}
