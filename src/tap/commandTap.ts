// The command tap: the application's API requests (TELNYX_BASE_URL pointed here) are forwarded to
// the account's API base URL with the application's own Authorization header, which is passed
// through and never kept; Telnyx's answer goes back unchanged. Each request is recorded as a command.
import type { ServerResponse } from 'node:http';
import type { Dispatcher } from 'undici';
import { isLoopbackHost } from '../telnyx/baseUrl';
import { elapsedMs, tapNowMs } from './clock';
import { endToEndHeaders, forward, previewOf } from './forward';
import { type Handler, readBody } from './listener';
import type { ForwardFailure, TappedCommand, TelnyxErrorItem } from './model';
import type { CallFacts, TapRecord } from './record';

export interface CommandTapSetup {
  /** The checked API base URL, e.g. `https://api.telnyx.com/v2` (no trailing slash). */
  apiBaseUrl: string;
  timeoutMs: number;
  dispatcher: Dispatcher;
  record: TapRecord;
}

const ACTION_PATH = /^\/v2\/calls\/([^/?]+)\/actions\/([^/?]+)\/?(?:\?|$)/;
const CALL_PATH = /^\/v2\/calls\/([^/?]+)/;
const DIAL_PATH = /^\/v2\/calls\/?(?:\?|$)/;

/** Whether a Host header names this machine (`127.0.0.1:4751`, `localhost`, `[::1]:4751`). */
export function isLoopbackHostHeader(host: string | undefined): boolean {
  if (!host) return false;
  try {
    return isLoopbackHost(new URL(`http://${host}`).hostname);
  } catch {
    return false;
  }
}

const FAILURE_ANSWERS: Record<ForwardFailure, { status: number; title: string; detail: string }> = {
  down: { status: 502, title: 'Telnyx could not be reached', detail: 'The live tap could not connect to the API.' },
  reset: { status: 502, title: 'Connection closed', detail: 'The API closed the connection before answering.' },
  timeout: { status: 504, title: 'No answer in time', detail: "The API did not answer within the live tap's limit." },
  stopped: {
    status: 503,
    title: 'Live tap stopped',
    detail: 'The live tap was stopped while this request was forwarded.',
  },
};

export function commandHandler(setup: CommandTapSetup): Handler {
  return async (req, res, stopSignal) => {
    const atMs = tapNowMs();
    const seq = setup.record.takeSeq();
    const method = req.method ?? 'GET';
    const path = req.url ?? '/';
    const base = { kind: 'command' as const, seq, atMs, method, path };

    if (!isLoopbackHostHeader(req.headers.host)) {
      const host = String(req.headers.host ?? '').slice(0, 200);
      const status = answerError(
        res,
        421,
        'live_tap.host_refused',
        'Not a loopback host',
        `The live tap's command tap accepts requests only for 127.0.0.1, localhost or [::1]; this one was for ` +
          `"${host}". Point tunnels at the webhook tap, never at the command tap.`,
      );
      req.resume();
      setup.record.put({
        ...base,
        telnyx: { status, ms: elapsedMs(atMs) },
        refused: { reason: 'not_loopback_host', host },
      });
      return;
    }
    if (path !== '/v2' && !path.startsWith('/v2/') && !path.startsWith('/v2?')) {
      const status = answerError(
        res,
        404,
        'live_tap.not_v2',
        'Not an API path',
        'The live tap forwards only paths under /v2: start the application with TELNYX_BASE_URL set to the ' +
          "command tap's address followed by /v2.",
      );
      req.resume();
      setup.record.put({ ...base, telnyx: { status, ms: elapsedMs(atMs) }, refused: { reason: 'not_v2' } });
      return;
    }
    const read = await readBody(req, stopSignal);
    if (!read.ok && !read.tooLarge) {
      answerError(res, 503, 'live_tap.stopped', FAILURE_ANSWERS.stopped.title, 'The request broke off before its end.');
      return;
    }
    if (!read.ok) {
      const status = answerError(
        res,
        413,
        'live_tap.too_large',
        'Body too large',
        'The body is over 1 MiB; it was not forwarded.',
      );
      setup.record.put({ ...base, telnyx: { status, ms: elapsedMs(atMs) }, refused: { reason: 'too_large' } });
      return;
    }

    const action = ACTION_PATH.exec(path);
    const isDial = method === 'POST' && DIAL_PATH.test(path);
    const callControlId = decoded((action ?? CALL_PATH.exec(path))?.[1]);
    const call = callControlId ? setup.record.call(callControlId) : undefined;
    const reactedTo = callControlId ? setup.record.latestWebhookBefore(callControlId, atMs) : undefined;
    const command: TappedCommand = {
      ...base,
      action: isDial ? 'dial' : decoded(action?.[2]),
      callControlId: isDial ? undefined : callControlId,
      callLegId: call?.callLegId,
      callSessionId: call?.callSessionId,
      body: jsonOrUndefined(read.body),
      telnyx: { ms: 0, pending: true },
      reactionTo: reactedTo && { seq: reactedTo.seq, ms: Math.round((atMs - reactedTo.atMs) * 100) / 100 },
    };
    setup.record.put(command);

    const result = await forward({
      url: `${setup.apiBaseUrl}${path.slice('/v2'.length)}`,
      method,
      headers: endToEndHeaders(req.headers),
      body: read.body,
      dispatcher: setup.dispatcher,
      timeoutMs: setup.timeoutMs,
      stopSignal,
    });
    if (!result.ok) {
      const failure = FAILURE_ANSWERS[result.failure];
      answerError(res, failure.status, `live_tap.${result.failure}`, failure.title, failure.detail);
      setup.record.put({ ...command, telnyx: { failure: result.failure, ms: elapsedMs(atMs) } });
      return;
    }
    res.writeHead(result.status, result.headers);
    res.end(result.body);
    const telnyx = { status: result.status, ms: elapsedMs(atMs), bodyPreview: previewOf(result.body) };
    const answer = jsonOrUndefined(result.body);
    const errors = result.status >= 300 ? errorsOf(answer) : undefined;
    let facts: CallFacts = {};
    let completed: TappedCommand = { ...command, telnyx, ...(errors ? { errors } : {}) };
    if (isDial && result.status < 300) {
      const dialled = dialledLeg(answer);
      const body = (command.body ?? {}) as Record<string, unknown>;
      facts = {
        callLegId: dialled.callLegId,
        callSessionId: dialled.callSessionId,
        connectionId: textOf(body.connection_id),
        from: textOf(body.from),
        to: textOf(body.to),
      };
      completed = { ...completed, ...dialled };
    }
    setup.record.put(completed, facts);
  };
}

/** Telnyx's error shape (`{"errors": [{code, title, detail}]}`), so the application's SDK reads it as it would Telnyx's. */
function answerError(res: ServerResponse, status: number, code: string, title: string, detail: string): number {
  if (res.headersSent || res.destroyed) return status;
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ errors: [{ code, title, detail }] }));
  return status;
}

function errorsOf(answer: unknown): TelnyxErrorItem[] | undefined {
  const list = (answer as { errors?: unknown } | undefined)?.errors;
  if (!Array.isArray(list)) return undefined;
  return list.map((item: Record<string, unknown> | null) => ({
    code: textOf(item?.code),
    title: textOf(item?.title),
    detail: textOf(item?.detail),
  }));
}

function dialledLeg(answer: unknown): Pick<TappedCommand, 'callControlId' | 'callLegId' | 'callSessionId'> {
  const data = (answer as { data?: Record<string, unknown> } | undefined)?.data;
  return {
    callControlId: textOf(data?.call_control_id),
    callLegId: textOf(data?.call_leg_id),
    callSessionId: textOf(data?.call_session_id),
  };
}

function jsonOrUndefined(body: Buffer): unknown {
  if (body.length === 0) return undefined;
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

function textOf(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : undefined;
}

function decoded(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
