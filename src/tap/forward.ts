// Sends one request on, unchanged, with undici, and brings back the whole answer or why there was
// none. Shared by both taps; each owns its Agent (never undici's process-wide global dispatcher).
import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';
import { type Dispatcher, errors as undiciErrors, request } from 'undici';
import type { ForwardFailure } from './model';

// RFC 9110 §7.6.1: these describe one connection, not the message; undici also refuses to send some of them.
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'expect',
]);

/** The message's own headers: hop-by-hop ones (and those the Connection header names) and Host left out. */
export function endToEndHeaders(headers: IncomingHttpHeaders): Record<string, string | string[]> {
  const named = new Set(
    String(headers.connection ?? '')
      .split(',')
      .map((name) => name.trim().toLowerCase())
      .filter(Boolean),
  );
  const kept: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || name === 'host' || HOP_BY_HOP.has(name) || named.has(name)) continue;
    kept[name] = value;
  }
  return kept;
}

export type ForwardResult =
  { ok: true; status: number; headers: OutgoingHttpHeaders; body: Buffer } | { ok: false; failure: ForwardFailure };

export interface ForwardRequest {
  url: string;
  method: string;
  headers: Record<string, string | string[]>;
  body: Buffer;
  dispatcher: Dispatcher;
  timeoutMs: number;
  /** Aborted when the tap stops. */
  stopSignal: AbortSignal;
}

export async function forward(req: ForwardRequest): Promise<ForwardResult> {
  // One controller per request, told by the tap's stop signal and by its own timer. Not
  // AbortSignal.any over the long-lived stop signal: its dependants accumulate (nodejs/node#55351).
  const abort = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    abort.abort();
  }, req.timeoutMs);
  const onStop = (): void => abort.abort();
  req.stopSignal.addEventListener('abort', onStop, { once: true });
  try {
    if (req.stopSignal.aborted) return { ok: false, failure: 'stopped' };
    const answer = await request(req.url, {
      method: req.method as Dispatcher.HttpMethod,
      headers: req.headers,
      body: req.method === 'GET' || req.method === 'HEAD' ? undefined : req.body,
      dispatcher: req.dispatcher,
      signal: abort.signal,
      // The tap's own limit (timeoutMs) governs; undici's defaults (300 s) would never be reached first.
      headersTimeout: 0,
      bodyTimeout: 0,
    });
    const body = Buffer.from(await answer.body.arrayBuffer());
    const headers = endToEndHeaders(answer.headers as IncomingHttpHeaders);
    return { ok: true, status: answer.statusCode, headers, body };
  } catch (error) {
    if (req.stopSignal.aborted) return { ok: false, failure: 'stopped' };
    if (timedOut) return { ok: false, failure: 'timeout' };
    return { ok: false, failure: failureOf(error) };
  } finally {
    clearTimeout(timer);
    req.stopSignal.removeEventListener('abort', onStop);
  }
}

const NOTHING_LISTENS = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
]);

function failureOf(error: unknown): ForwardFailure {
  const code = errorCode(error) ?? errorCode((error as { cause?: unknown })?.cause);
  if (code && NOTHING_LISTENS.has(code)) return 'down';
  if (error instanceof undiciErrors.ConnectTimeoutError) return 'down';
  return 'reset';
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** The first KiB of an answer, as text. */
export function previewOf(body: Buffer): string | undefined {
  if (body.length === 0) return undefined;
  return body.subarray(0, 1024).toString('utf8');
}
