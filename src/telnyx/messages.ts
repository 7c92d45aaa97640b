// The one-line, actionable messages of every TelnyxError the client produces.
import type { EndpointInfo } from './endpoints';
import type { TelnyxErrorKind } from './errors';

export interface ApiErrorFacts {
  status: number;
  code: string | undefined;
  title: string | undefined;
  detail: string | undefined;
  pointer: string | undefined;
  endpoint: EndpointInfo;
  retries: number;
  retryAfterSeconds: number | undefined;
}

function retried(retries: number): string {
  if (retries <= 0) return '';
  return retries === 1 ? '; retried once' : `; retried ${retries} times`;
}

function whenToRetry(seconds: number | undefined): string {
  if (seconds === undefined) return 'Try again in a minute.';
  if (seconds <= 1) return 'Try again in a second.';
  if (seconds < 90) return `Try again in ${Math.ceil(seconds)} seconds.`;
  return `Try again in ${Math.ceil(seconds / 60)} minutes.`;
}

function codeOr(code: string | undefined, status: number): string {
  return code ?? String(status);
}

/** A refused page cursor (`page[after]`/`page[before]`, or a detail that says "cursor"). */
export function isCursorProblem(pointer: string | undefined, detail: string | undefined): boolean {
  return /page\[(after|before)\]/.test(pointer ?? '') || /\bcursor\b/i.test(detail ?? '');
}

/**
 * 10015 is Telnyx's generic "Bad Request": a bad cursor or page size carries it too. Only an error
 * that points at the connection, or says the connection has no active calls, means "no list".
 */
function saysNoActiveCallsList(pointer: string | undefined, detail: string | undefined): boolean {
  if (isCursorProblem(pointer, detail) || /^page\[|^\/?page/.test(pointer ?? '')) return false;
  return /connection/i.test(pointer ?? '') || /active[ _-]?calls|connection/i.test(detail ?? '');
}

export function kindOfApiError(
  status: number,
  code: string | undefined,
  endpoint: EndpointInfo,
  source: { pointer?: string; detail?: string } = {},
): TelnyxErrorKind {
  if (code === '10009' || status === 401) return 'unauthenticated';
  if (code === '10010' || status === 403) return 'forbidden';
  if (code === '10011' || status === 429) return 'rate_limited';
  // 90015/90018 are about the call only where a call_control_id was asked for; on a list (e.g. a
  // session filter of /call_events) they are a refused parameter, worded by that parameter.
  if ((code === '90015' || code === '90018') && (endpoint.id === 'call_status' || endpoint.id === 'hangup'))
    return 'invalid_call';
  if (
    code === '10015' &&
    (endpoint.id === 'active_calls' || endpoint.id === 'connection') &&
    saysNoActiveCallsList(source.pointer, source.detail)
  ) {
    return 'invalid_connection';
  }
  if (code === '10005' || status === 404) return 'not_found';
  if (status >= 500) return 'server';
  return 'bad_request';
}

export function apiErrorMessage(kind: TelnyxErrorKind, facts: ApiErrorFacts): string {
  const { status, code, endpoint, retries } = facts;
  switch (kind) {
    case 'unauthenticated':
      return `Telnyx rejected the API key (${codeOr(code, status)}). Run 'Telnyx: Set API Key'.`;
    case 'forbidden':
      return (
        `This API key may not ${endpoint.command ? '' : 'read '}${endpoint.resource} ` +
        `(${codeOr(code, status)}). Check the key's permissions in the Telnyx portal.`
      );
    case 'invalid_connection':
      return (
        `Telnyx says this is not a valid connection, or its type has no active calls ` +
        `(${codeOr(code, status)}). Only Call Control, TeXML and SIP connections with webhooks ` +
        `list active calls.`
      );
    case 'invalid_call':
      if (endpoint.id === 'call_status') return callStatusGoneMessage(codeOr(code, status));
      if (endpoint.id === 'hangup') {
        return code === '90018'
          ? 'This call had already ended (90018): there was nothing to hang up.'
          : `Telnyx does not know this call (${codeOr(code, status)}): the call_control_id is wrong, or the call ended long ago.`;
      }
      return code === '90018'
        ? `This call has already ended (90018). Call status is only kept about 10 minutes after a call ends; its events remain.`
        : `Telnyx says this is not a valid call_control_id (${codeOr(code, status)}). Check the id; ` +
            `call status is only kept about 10 minutes after a call ends.`;
    case 'not_found':
      if (endpoint.id === 'call_status') return callStatusGoneMessage(codeOr(code, status));
      if (endpoint.id === 'hangup')
        return `Telnyx does not know this call (${codeOr(code, status)}): the call_control_id is wrong, or the call ended long ago.`;
      if (endpoint.id === 'connection' || endpoint.id === 'active_calls') {
        return `Connection not found (${codeOr(code, status)}). It may have been deleted; refresh the list.`;
      }
      return `Telnyx could not find ${endpoint.label} (${codeOr(code, status)}). Check the API base URL.`;
    case 'rate_limited':
      return `Telnyx is rate limiting requests (${codeOr(code, status)})${retried(retries)}. ${whenToRetry(facts.retryAfterSeconds)}`;
    case 'server':
      return `Telnyx had a problem answering ${endpoint.label} (${status}${code ? ` ${code}` : ''})${retried(retries)}. Try again later.`;
    default: {
      if (isCursorProblem(facts.pointer, facts.detail)) {
        return (
          `Telnyx no longer accepts the page cursor of ${endpoint.label} ` +
          `(${status}${code ? ` ${code}` : ''}); the list has to start again from the first page.`
        );
      }
      const said = [facts.title, facts.detail].filter((part): part is string => !!part && part.length > 0);
      // Name what Telnyx refused: a query parameter (`page[limit]`) or a field (`/connection_id`).
      const where = facts.pointer ? ` (${facts.pointer.startsWith('/') ? 'field' : 'parameter'} ${facts.pointer})` : '';
      const what = said.length ? `: ${said.join(' — ')}${where}` : where;
      return `Telnyx refused the request for ${endpoint.label} (${status}${code ? ` ${code}` : ''})${what}.`;
    }
  }
}

/**
 * An expired or unknown call reads the same whether Telnyx answers 404 / 10005 or 422 / 90015 / 90018
 * (undocumented which): the status is gone, the events remain.
 */
function callStatusGoneMessage(code: string): string {
  return (
    `Telnyx no longer has a status for this call (${code}): it ended over about 10 minutes ` +
    `ago, or the call_control_id is wrong. Its events remain available.`
  );
}

export function timeoutMessage(endpoint: EndpointInfo, ms: number, phase: 'connect' | 'total', host: string): string {
  const seconds = Math.max(1, Math.round(ms / 1000));
  const unit = seconds === 1 ? 'second' : 'seconds';
  return phase === 'connect'
    ? `Could not connect to ${host} within ${seconds} ${unit}. Check your network or proxy settings.`
    : `Telnyx did not answer ${endpoint.label} within ${seconds} ${unit}. Try again, or raise 'telnyx.requestTimeout'.`;
}

export function networkMessage(host: string, reason: string, retries: number, viaProxy: boolean): string {
  const check = viaProxy ? 'Check the proxy settings (http.proxy).' : 'Check your network connection.';
  return `Could not reach ${host} (${reason})${retried(retries)}. ${check}`;
}

/** A 5xx whose body is an HTML page (an edge proxy's, not Telnyx's API). */
export function htmlServerErrorMessage(endpoint: EndpointInfo, status: number, retries: number): string {
  return (
    `Telnyx's servers failed while answering ${endpoint.label} (HTTP ${status}, an error page ` +
    `instead of an API answer)${retried(retries)}. This is on Telnyx's side; try again later.`
  );
}

export function notJsonMessage(endpoint: EndpointInfo, status: number): string {
  return (
    `Telnyx answered with something that is not JSON while reading ${endpoint.label} ` +
    `(HTTP ${status}). A proxy or captive portal may be in the way.`
  );
}

export function wrongShapeMessage(endpoint: EndpointInfo, problem: string): string {
  return `Telnyx answered ${endpoint.label} with an unexpected shape: ${problem}.`;
}

export const CANCELLED_MESSAGE = 'The request to Telnyx was cancelled.';
export const CLOSED_MESSAGE = 'The Telnyx client was closed (the key or settings changed).';
