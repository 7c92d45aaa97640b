// Requests to Telnyx: the shared budget, the total timeout, retries with backoff, and the
// translation of every failure into a TelnyxError whose message a person can act on. A GET is
// retried; a POST only when its caller says a repeat is harmless (a command with a command_id).
import { setMaxListeners } from 'node:events';
import type { Dispatcher } from 'undici';
import { cancelledError, linkSignals, raceAbort, type Sleep } from './abort';
import type { RawAnswer } from './api';
import type { RequestBudget } from './budget';
import { describeProxy } from './dispatcher';
import type { EndpointInfo } from './endpoints';
import { TelnyxError, type TelnyxErrorKind } from './errors';
import {
  apiErrorMessage,
  htmlServerErrorMessage,
  CLOSED_MESSAGE,
  kindOfApiError,
  networkMessage,
  notJsonMessage,
  timeoutMessage,
} from './messages';
import { encodeQuery, type QueryPairs } from './query';
import { exhaustedBudgetSeconds, rateLimitWaitSeconds } from './rateLimit';
import { oneLine, type Redactor } from './redact';
import { RemainingRequests } from './remaining';
import type { RequestLogEntry, RequestPriority } from './types';

export interface TransportConfig {
  origin: string;
  basePath: string;
  host: string;
  headers: Record<string, string>;
  requestTimeoutMs: number;
  connectTimeoutMs: number;
  maxAttempts: number;
  maxBackoffMs: number;
  maxRateLimitWaitMs: number;
  proxyUrl: string | undefined;
  onRequest: ((entry: RequestLogEntry) => void) | undefined;
  onAnswer: ((answer: RawAnswer) => void) | undefined;
  sleep: Sleep;
  random: () => number;
  redact: Redactor;
}

type Headers = Record<string, string | string[] | undefined>;

/** One request: its method, its JSON body (POST), and how many attempts it may take. */
interface RequestPlan {
  method: 'GET' | 'POST';
  body?: string;
  maxAttempts: number;
}

/** A POST's answer and the request id Telnyx gave it (for the log and the user). */
export interface PostAnswer {
  body: unknown;
  requestId: string | undefined;
}

/** What one attempt came to. `fail` builds the error once the number of retries is known. */
type Outcome =
  | { type: 'ok'; body: unknown; requestId: string | undefined }
  | { type: 'retry'; rateLimitWaitSeconds?: number; fail: (retries: number, waitSeconds?: number) => TelnyxError }
  | { type: 'fatal'; error: TelnyxError };

const RETRYABLE_STATUS = new Set([429, 500, 502, 503, 504]);
const RETRYABLE_NETWORK = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'UND_ERR_SOCKET']);
const BASE_BACKOFF_MS = 500;

interface ErrorLike {
  code?: unknown;
  message?: unknown;
  cause?: unknown;
}

function errorCode(error: unknown): string | undefined {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current && typeof current === 'object' && !seen.has(current)) {
    seen.add(current);
    const { code, cause } = current as ErrorLike;
    if (typeof code === 'string' && code !== 'UND_ERR_ABORTED') return code;
    current = cause;
  }
  return undefined;
}

function errorText(error: unknown): string {
  const message = (error as ErrorLike | undefined)?.message;
  return typeof message === 'string' ? message : String(error);
}

function headerString(headers: Headers, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

interface TelnyxErrorBody {
  code?: string;
  title?: string;
  detail?: string;
  pointer?: string;
}

function firstApiError(text: string): TelnyxErrorBody {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return {};
  }
  const errors = (parsed as { errors?: unknown } | null)?.errors;
  const first: unknown = Array.isArray(errors) ? errors[0] : undefined;
  if (!first || typeof first !== 'object') return {};
  const item = first as Record<string, unknown>;
  const asText = (value: unknown): string | undefined =>
    typeof value === 'string' && value.length > 0 ? value : typeof value === 'number' ? String(value) : undefined;
  const source = item.source && typeof item.source === 'object' ? (item.source as Record<string, unknown>) : {};
  return {
    code: asText(item.code),
    title: asText(item.title),
    detail: asText(item.detail),
    pointer: asText(source.pointer) ?? asText(source.parameter),
  };
}

export class HttpTransport {
  private readonly closing = new AbortController();
  private readonly remainingByEndpoint = new Map<EndpointInfo['id'], RemainingRequests>();

  constructor(
    private readonly config: TransportConfig,
    private readonly dispatcher: Dispatcher,
    private readonly budget: RequestBudget,
  ) {
    // Every request sent or queued listens to the client's close: one listener each, by design.
    setMaxListeners(0, this.closing.signal);
  }

  /** Requests the endpoint's rate-limit window still allows, less those in flight; undefined while unknown. */
  spareRequests(endpoint: EndpointInfo): number | undefined {
    return this.remainingByEndpoint.get(endpoint.id)?.spare(Date.now());
  }

  private remainingOf(endpoint: EndpointInfo): RemainingRequests {
    let remaining = this.remainingByEndpoint.get(endpoint.id);
    if (!remaining) {
      remaining = new RemainingRequests();
      this.remainingByEndpoint.set(endpoint.id, remaining);
    }
    return remaining;
  }

  /** The relative URL that is requested and logged (no host, so it can be shown and logged). */
  relativeUrl(path: string, query: QueryPairs): string {
    const encoded = encodeQuery(query);
    return `${this.config.basePath}${path}${encoded ? `?${encoded}` : ''}`;
  }

  async getJson(
    endpoint: EndpointInfo,
    path: string,
    query: QueryPairs,
    callerSignal?: AbortSignal,
    priority?: RequestPriority,
  ): Promise<unknown> {
    const answer = await this.send(
      endpoint,
      this.relativeUrl(path, query),
      { method: 'GET', maxAttempts: this.config.maxAttempts },
      callerSignal,
      priority,
    );
    return answer.body;
  }

  /**
   * A JSON POST. `retry`: whether a repeat is harmless (a command carrying a command_id, which Telnyx
   * ignores when repeated within 60 s). Without it the request is sent once: a Dial that may have
   * reached Telnyx must never be sent again, or two calls ring.
   */
  postJson(
    endpoint: EndpointInfo,
    path: string,
    body: Record<string, unknown>,
    options: { retry: boolean; signal?: AbortSignal; priority?: RequestPriority },
  ): Promise<PostAnswer> {
    const plan: RequestPlan = {
      method: 'POST',
      body: JSON.stringify(body),
      maxAttempts: options.retry ? this.config.maxAttempts : 1,
    };
    return this.send(endpoint, this.relativeUrl(path, []), plan, options.signal, options.priority);
  }

  private async send(
    endpoint: EndpointInfo,
    url: string,
    plan: RequestPlan,
    callerSignal: AbortSignal | undefined,
    priority: RequestPriority | undefined,
  ): Promise<PostAnswer> {
    const { signal, dispose } = linkSignals(callerSignal, this.closing.signal);
    try {
      for (let attempt = 1; ; attempt++) {
        const retries = attempt - 1;
        // Counted before the wait for a slot, synchronously: a caller that starts several requests in
        // one go sees each of them taken off what the rate-limit window has left.
        const remaining = this.remainingOf(endpoint);
        remaining.noteSent();
        let release: () => void;
        try {
          release = await this.budget.acquire(signal, priority);
        } catch (error) {
          remaining.noteDone();
          throw error;
        }
        let outcome: Outcome;
        try {
          outcome = await this.attempt(endpoint, url, plan, attempt, signal);
        } finally {
          remaining.noteDone();
          release();
        }
        if (outcome.type === 'ok') {
          // Reads only: a fixture holds what was read of a call, never the answer to a command.
          if (plan.method === 'GET') {
            try {
              this.config.onAnswer?.({ path: url, status: 200, body: outcome.body });
            } catch {
              // A recorder's failure must not fail the read.
            }
          }
          return { body: outcome.body, requestId: outcome.requestId };
        }
        if (outcome.type === 'fatal') {
          // e.g. a 404 after a dropped connection was retried: say how many retries it took.
          if (retries > 0 && outcome.error.kind !== 'cancelled')
            throw new TelnyxError({ ...outcome.error.toJSON(), retries });
          throw outcome.error;
        }

        const waitSeconds = outcome.rateLimitWaitSeconds;
        if (attempt >= plan.maxAttempts) throw outcome.fail(retries, waitSeconds);
        if (waitSeconds !== undefined) {
          const waitMs = Math.ceil(waitSeconds * 1000);
          if (waitMs > this.config.maxRateLimitWaitMs) throw outcome.fail(retries, waitSeconds);
          // Everybody sharing this client waits, not just this caller: the next acquire() holds us.
          this.budget.pauseFor(waitMs);
        } else {
          await raceAbort(this.config.sleep(this.backoffMs(attempt), signal), signal);
        }
      }
    } catch (error) {
      if (error instanceof TelnyxError) throw error;
      // A rejected injected sleep, or anything unexpected: never let a foreign error escape.
      if (signal.aborted) throw cancelledError(signal);
      throw new TelnyxError({ kind: 'network', message: this.config.redact(oneLine(errorText(error))) });
    } finally {
      dispose();
    }
  }

  async close(): Promise<void> {
    if (this.closing.signal.aborted) return;
    this.closing.abort(new TelnyxError({ kind: 'cancelled', message: CLOSED_MESSAGE }));
    this.budget.dispose();
    await this.dispatcher.destroy().catch(() => undefined);
  }

  get closed(): boolean {
    return this.closing.signal.aborted;
  }

  private backoffMs(attempt: number): number {
    const ceiling = Math.min(this.config.maxBackoffMs, BASE_BACKOFF_MS * 2 ** (attempt - 1));
    // Jitter spreads out callers that failed together, so they do not retry together.
    return Math.round(ceiling * (0.5 + 0.5 * this.config.random()));
  }

  private async attempt(
    endpoint: EndpointInfo,
    url: string,
    plan: RequestPlan,
    attempt: number,
    signal: AbortSignal,
  ): Promise<Outcome> {
    const { config } = this;
    const started = performance.now();
    const attemptControl = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      attemptControl.abort();
    }, config.requestTimeoutMs);
    const forwardAbort = (): void => attemptControl.abort();
    signal.addEventListener('abort', forwardAbort, { once: true });
    if (signal.aborted) attemptControl.abort();

    let status: number | undefined;
    let requestId: string | undefined;
    let logError: string | undefined;
    try {
      const exchange = (async () => {
        const response = await this.dispatcher.request({
          origin: config.origin,
          path: url,
          method: plan.method,
          headers: plan.body === undefined ? config.headers : { ...config.headers, 'content-type': 'application/json' },
          ...(plan.body === undefined ? {} : { body: plan.body }),
          signal: attemptControl.signal,
        });
        status = response.statusCode;
        const headers = response.headers as Headers;
        this.remainingOf(endpoint).noteAnswer(headers, Date.now());
        const rawId =
          headerString(headers, 'x-request-id') ??
          headerString(headers, 'request-id') ??
          headerString(headers, 'x-telnyx-request-id');
        requestId = rawId ? config.redact(oneLine(rawId, 100)) : undefined;
        const text = await response.body.text();
        return { statusCode: response.statusCode, headers, text };
      })();
      const { statusCode, headers, text } = await raceAbort(exchange, attemptControl.signal);
      const outcome = this.judgeResponse(endpoint, statusCode, headers, text, requestId);
      if (outcome.type === 'fatal') logError = outcome.error.kind;
      return outcome;
    } catch (error) {
      const outcome = this.judgeFailure(endpoint, error, signal, timedOut, status, requestId);
      logError = outcome.type === 'fatal' ? outcome.error.message : outcome.fail(attempt - 1).message;
      return outcome;
    } finally {
      clearTimeout(timer);
      signal.removeEventListener('abort', forwardAbort);
      this.log({
        method: plan.method,
        path: url,
        status,
        durationMs: performance.now() - started,
        requestId,
        attempt,
        ...(logError !== undefined ? { error: config.redact(logError) } : {}),
      });
    }
  }

  private log(entry: RequestLogEntry): void {
    try {
      this.config.onRequest?.(entry);
    } catch {
      // A failing logger must not turn a good answer into an error.
    }
  }

  private judgeResponse(
    endpoint: EndpointInfo,
    status: number,
    headers: Headers,
    text: string,
    requestId: string | undefined,
  ): Outcome {
    const { config } = this;
    const now = Date.now();
    if (status >= 200 && status < 300) {
      const pauseSeconds = exhaustedBudgetSeconds(headers, now);
      if (pauseSeconds !== undefined) this.budget.pauseFor(Math.min(pauseSeconds * 1000, config.maxRateLimitWaitMs));
      try {
        return { type: 'ok', body: JSON.parse(text) as unknown, requestId };
      } catch {
        return {
          type: 'fatal',
          error: new TelnyxError({
            kind: 'malformed',
            status,
            requestId,
            message: notJsonMessage(endpoint, status),
            retries: 0,
          }),
        };
      }
    }

    const parsed = firstApiError(text);
    const clean = (value: string | undefined, max = 300): string | undefined =>
      value === undefined ? undefined : config.redact(oneLine(value, max));
    const code = clean(parsed.code, 20);
    const title = clean(parsed.title);
    const detail = clean(parsed.detail);
    const pointer = clean(parsed.pointer, 100);
    const kind = kindOfApiError(status, code, endpoint, { pointer, detail });
    const htmlPage = status >= 500 && code === undefined && /^\s*</.test(text);
    const build = (retries: number, retryAfterSeconds?: number): TelnyxError =>
      new TelnyxError({
        kind,
        status,
        code,
        title,
        detail,
        pointer,
        requestId,
        retries,
        ...(retryAfterSeconds !== undefined ? { retryAfterSeconds: Math.ceil(retryAfterSeconds) } : {}),
        message: htmlPage
          ? htmlServerErrorMessage(endpoint, status, retries)
          : apiErrorMessage(kind, { status, code, title, detail, pointer, endpoint, retries, retryAfterSeconds }),
      });
    if (!RETRYABLE_STATUS.has(status)) return { type: 'fatal', error: build(0) };
    if (status === 429) {
      const wait = rateLimitWaitSeconds(headers, now);
      return { type: 'retry', ...(wait !== undefined ? { rateLimitWaitSeconds: wait } : {}), fail: build };
    }
    return { type: 'retry', fail: (retries) => build(retries) };
  }

  private judgeFailure(
    endpoint: EndpointInfo,
    error: unknown,
    signal: AbortSignal,
    timedOut: boolean,
    status: number | undefined,
    requestId: string | undefined,
  ): Exclude<Outcome, { type: 'ok' }> {
    const { config } = this;
    if (signal.aborted) return { type: 'fatal', error: cancelledError(signal) };
    const code = errorCode(error);
    const timeout = (phase: 'connect' | 'total', ms: number): Exclude<Outcome, { type: 'ok' }> => ({
      type: 'fatal',
      error: new TelnyxError({
        kind: 'timeout',
        status,
        requestId,
        retries: 0,
        message: timeoutMessage(endpoint, ms, phase, config.host),
      }),
    });
    if (timedOut || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
      return timeout('total', config.requestTimeoutMs);
    }
    if (code === 'UND_ERR_CONNECT_TIMEOUT') return timeout('connect', config.connectTimeoutMs);

    const text = errorText(error);
    const proxyStatus = /Proxy response \((\d+)\)/.exec(text)?.[1];
    let reason: string;
    if (proxyStatus) reason = `the proxy ${describeProxy(config.proxyUrl ?? '')} answered ${proxyStatus}`;
    else if (code === 'UND_ERR_SOCKET') reason = 'the connection was closed before the answer was complete';
    else if (code) reason = code;
    else reason = oneLine(text, 120);
    const kind: TelnyxErrorKind = 'network';
    const build = (retries: number): TelnyxError =>
      new TelnyxError({
        kind,
        status,
        requestId,
        retries,
        message: config.redact(networkMessage(config.host, reason, retries, config.proxyUrl !== undefined)),
      });
    if (code && RETRYABLE_NETWORK.has(code)) return { type: 'retry', fail: build };
    return { type: 'fatal', error: build(0) };
  }
}
