// The webhook tap: what Telnyx (through the developer's tunnel) sends is forwarded unchanged to the
// application, whose answer goes back unchanged; each webhook is recorded with that answer.
import type { KeyObject } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { Dispatcher } from 'undici';
import { elapsedMs, tapNowMs } from './clock';
import { readPostedEnvelope, readQueryEnvelope, type ReadEnvelope } from './envelope';
import { endToEndHeaders, forward, previewOf } from './forward';
import { type Handler, readBody } from './listener';
import type { ForwardFailure, TappedWebhook } from './model';
import type { TapRecord } from './record';
import { checkSignature } from './signature';

export interface WebhookTapSetup {
  appUrl: URL;
  publicKey: KeyObject | undefined;
  timeoutMs: number;
  dispatcher: Dispatcher;
  record: TapRecord;
}

/**
 * Where a request to the tap goes: the tap's `/` is the application's URL itself, and a longer path
 * is appended to the URL's path (`/status` → `http://localhost:3000/webhooks/status`), so one tunnel
 * serves an application with several webhook paths. The query is passed on as received, after the
 * URL's own query if it has one.
 */
export function applicationTarget(appUrl: URL, requestPath: string): string {
  const queryAt = requestPath.indexOf('?');
  const path = queryAt < 0 ? requestPath : requestPath.slice(0, queryAt);
  const query = queryAt < 0 ? '' : requestPath.slice(queryAt + 1);
  const base = appUrl.pathname.replace(/\/+$/, '');
  const joinedPath = path === '/' || path === '' ? appUrl.pathname : `${base}${path.startsWith('/') ? '' : '/'}${path}`;
  const ownQuery = appUrl.search.slice(1);
  const joinedQuery = [ownQuery, query].filter(Boolean).join('&');
  return `${appUrl.origin}${joinedPath}${joinedQuery ? `?${joinedQuery}` : ''}`;
}

const TAP_ANSWERS: Record<ForwardFailure, { status: number; text: string }> = {
  down: { status: 502, text: 'Live tap: your application did not answer (nothing is listening at its URL).' },
  reset: { status: 502, text: 'Live tap: your application closed the connection before answering.' },
  timeout: { status: 504, text: 'Live tap: your application did not answer in time.' },
  stopped: { status: 503, text: 'Live tap: the tap was stopped while this webhook was forwarded.' },
};

export function webhookHandler(setup: WebhookTapSetup): Handler {
  return async (req, res, stopSignal) => {
    const atMs = tapNowMs();
    const seq = setup.record.takeSeq();
    const method = req.method ?? 'GET';
    const path = req.url ?? '/';
    const read = await readBody(req, stopSignal);
    if (!read.ok && !read.tooLarge) {
      // It broke off before its end: nothing to forward; the sender is gone (or the tap is stopping).
      answerPlain(res, 503, TAP_ANSWERS.stopped.text);
      return;
    }
    const base = { kind: 'webhook' as const, seq, atMs, method, path };
    if (!read.ok) {
      const answer = 'Live tap: the body is over 1 MiB; it was not forwarded.';
      answerPlain(res, 413, answer);
      setup.record.put({
        ...base,
        bodyProblem: 'too_large',
        signature: 'unchecked',
        app: { status: 413, ms: elapsedMs(atMs) },
      });
      return;
    }
    // Sent on first: reading the envelope and checking the signature happen while the application works.
    const forwarding = forward({
      url: applicationTarget(setup.appUrl, path),
      method,
      headers: endToEndHeaders(req.headers),
      body: read.body,
      dispatcher: setup.dispatcher,
      timeoutMs: setup.timeoutMs,
      stopSignal,
    });
    const query = path.includes('?') ? path.slice(path.indexOf('?') + 1) : '';
    const signedText = method === 'GET' ? Buffer.from(query, 'utf8') : read.body;
    const envelope: ReadEnvelope = method === 'GET' ? readQueryEnvelope(query) : readPostedEnvelope(read.body);
    const webhook: TappedWebhook = {
      ...base,
      ...envelope.fields,
      signature: checkSignature(req.headers, signedText, setup.publicKey),
      app: { ms: 0, pending: true },
    };
    // Recorded before this turn of the event loop ends, so before any command the application sends in reaction.
    setup.record.put(webhook, envelope.facts);

    const result = await forwarding;
    if (result.ok) {
      res.writeHead(result.status, result.headers);
      res.end(result.body);
      const app = { status: result.status, ms: elapsedMs(atMs), bodyPreview: previewOf(result.body) };
      setup.record.put({ ...webhook, app }, envelope.facts);
    } else {
      answerPlain(res, TAP_ANSWERS[result.failure].status, TAP_ANSWERS[result.failure].text);
      setup.record.put({ ...webhook, app: { failure: result.failure, ms: elapsedMs(atMs) } }, envelope.facts);
    }
  };
}

function answerPlain(res: ServerResponse, status: number, text: string): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(text);
}
