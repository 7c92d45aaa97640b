// The HTTP side: recording, authentication, faults, and writing answers with Telnyx's headers.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Account } from './account';
import type { CallControl } from './callControl';
import { handleControl, type ControlContext } from './control';
import { authenticationFailed, forbidden, rateLimited, resourceNotFound, serverErrorBody, SimProblem } from './errors';
import { FaultRegistry, HTML_ERROR_PAGE, htmlErrorPage, wrongShapeBody, type FaultAction } from './faults';
import { handle, type HandlerContext, type JsonAnswer } from './handlers';
import { parseQuery, Query } from './query';
import { RateWindow } from './ratelimit';
import { matchRoute } from './routes';
import type { RecordedRequest, SimEndpoint } from './types';

export interface ServerOptions {
  account: Account;
  apiKey: string;
  logRequests: boolean;
  callControl: CallControl;
  control: ControlContext;
}

const MAX_BODY_BYTES = 1024 * 1024;

/** The request body as text; undefined when it is over the cap (the rest is drained, not kept). */
function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => resolve(''));
  });
}

export class SimServer {
  readonly requests: RecordedRequest[] = [];
  readonly faults = new FaultRegistry();
  readonly context: HandlerContext;
  private readonly server: Server;
  readonly rate = new RateWindow();
  /** Requests received and not yet answered (the simulator's own control requests aside). */
  private inFlight = 0;
  private readonly timers = new Set<{ timer: NodeJS.Timeout; resolve: () => void }>();
  private closed = false;

  constructor(private readonly options: ServerOptions) {
    this.context = { account: options.account, activeCallsPaging: 'cursor-and-number' };
    this.server = createServer((req, res) => {
      this.onRequest(req, res).catch((error: unknown) => {
        // A bug in the simulator must show up as a 500, never as a hung test.
        if (!res.headersSent) this.send(res, 500, JSON.stringify(serverErrorBody(500)), 'application/json');
        else res.destroy();
        console.error('simulator: request failed', error);
      });
    });
    this.server.keepAliveTimeout = 5_000;
  }

  listen(port: number): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => {
        this.server.off('error', reject);
        const address = this.server.address();
        resolve(typeof address === 'object' && address ? address.port : port);
      });
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const entry of this.timers) {
      clearTimeout(entry.timer);
      entry.resolve();
    }
    this.timers.clear();
    const closing = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closing;
  }

  /** A wait that close() cuts short, so no timer outlives the simulator. */
  private sleep(ms: number): Promise<void> {
    if (ms <= 0 || this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      const entry = {
        timer: setTimeout(() => {
          this.timers.delete(entry);
          resolve();
        }, ms),
        resolve,
      };
      this.timers.add(entry);
    });
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const rawUrl = req.url ?? '/';
    const q = rawUrl.indexOf('?');
    const path = q < 0 ? rawUrl : rawUrl.slice(0, q);
    const rawQuery = q < 0 ? '' : rawUrl.slice(q + 1);
    const pairs = parseQuery(rawQuery);
    const route = matchRoute(path);
    const authorization = req.headers.authorization;
    const authorized = authorization === `Bearer ${this.options.apiKey}`;
    const record: RecordedRequest = {
      method: req.method ?? 'GET',
      path,
      rawQuery,
      query: pairs ?? [],
      endpoint: route?.endpoint,
      status: 0,
      authorized,
      authorization,
      at: this.options.account.clock.now(),
    };
    this.requests.push(record);
    const counted = route?.endpoint !== 'simulator_control';
    let overLimit = false;
    if (counted) {
      const arrival = this.rate.hit();
      overLimit = arrival.over;
      record.rateRemaining = arrival.remaining;
      record.inFlight = ++this.inFlight;
    }
    const started = Date.now();
    const body = await readBody(req);
    if (body) record.body = body;
    const finish = (status: number): void => {
      record.status = status;
      if (counted) this.inFlight--;
      if (this.options.logRequests) {
        // Never the Authorization header: the log may be shared.
        console.log(
          `${record.method} ${path}${rawQuery ? `?${rawQuery}` : ''} -> ${status || 'dropped'} (${Date.now() - started} ms)`,
        );
      }
    };
    const decision = this.faults.decide(route?.endpoint);
    await this.sleep(decision.latencyMs);
    if (decision.action?.kind === 'hang') await this.sleep(decision.action.ms);
    if (this.closed || res.destroyed) return finish(0);
    if (decision.action?.kind === 'drop') {
      req.socket.destroy();
      return finish(0);
    }
    if (overLimit && this.rate.enforce) {
      this.send(res, 429, JSON.stringify(rateLimited()), 'application/json');
      return finish(429);
    }
    if (decision.action?.kind === 'rateLimit') {
      const extra: Record<string, string> = {};
      if (decision.action.retryAfterSeconds !== undefined)
        extra['retry-after'] = String(decision.action.retryAfterSeconds);
      this.send(res, 429, JSON.stringify(rateLimited()), 'application/json', {
        ...extra,
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset': String(decision.action.resetSeconds),
      });
      return finish(429);
    }
    if (decision.action?.kind === 'forbidden') {
      this.send(res, 403, JSON.stringify(forbidden()), 'application/json');
      return finish(403);
    }
    if (decision.action?.kind === 'serverError') {
      const status = decision.action.status;
      if (this.options.account.modes.htmlServerErrors || decision.action.html) {
        this.send(res, status, htmlErrorPage(status), 'text/html');
        return finish(status);
      }
      this.send(res, status, JSON.stringify(serverErrorBody(status)), 'application/json');
      return finish(decision.action.status);
    }

    const answer = this.answer(req, route?.endpoint, route, pairs, authorized, body);
    const status = await this.write(res, answer, route?.endpoint, decision.action, decision.slowBodyMs);
    finish(status);
  }

  private answer(
    req: IncomingMessage,
    endpoint: SimEndpoint | undefined,
    route: ReturnType<typeof matchRoute>,
    pairs: ReturnType<typeof parseQuery>,
    authorized: boolean,
    body: string | undefined,
  ): JsonAnswer {
    try {
      if (!authorized) throw authenticationFailed();
      if (!route || !endpoint) throw resourceNotFound();
      if (body === undefined)
        throw new SimProblem(413, {
          code: '10015',
          title: 'Bad Request',
          detail: 'The request body is larger than 1 MB.',
        });
      if (endpoint === 'simulator_control')
        return handleControl(req.method ?? 'GET', route.controlPath ?? [], body, this.options.control);
      if (endpoint === 'dial' || endpoint === 'call_action') {
        if (req.method !== 'POST') {
          throw new SimProblem(405, {
            code: '10005',
            title: 'Method not allowed',
            detail: `${req.method} is not supported here; Call Control commands are POST.`,
          });
        }
        if (endpoint === 'dial') return this.options.callControl.dial(body);
        return this.options.callControl.command(
          route.param ?? '',
          route.badEncoding === true,
          route.action ?? '',
          body,
        );
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        throw new SimProblem(405, {
          code: '10005',
          title: 'Method not allowed',
          detail: `${req.method} is not supported here.`,
        });
      }
      if (!pairs)
        throw new SimProblem(400, {
          code: '10015',
          title: 'Bad Request',
          detail: 'The query string is not valid percent-encoding.',
        });
      return handle(route, new Query(pairs), this.context);
    } catch (error) {
      if (error instanceof SimProblem) return { status: error.status, body: error.body() };
      throw error;
    }
  }

  private async write(
    res: ServerResponse,
    answer: JsonAnswer,
    endpoint: SimEndpoint | undefined,
    action: FaultAction | undefined,
    slowBodyMs: number,
  ): Promise<number> {
    let status = answer.status;
    let body = JSON.stringify(answer.body);
    let contentType = 'application/json';
    let chunked = false;
    if (action?.kind === 'truncate') {
      status = 200;
      body = body.slice(0, Math.max(1, Math.floor(body.length / 2)));
      chunked = true; // no content-length: the body simply ends early, as when an upstream dies mid-stream
    } else if (action?.kind === 'nonJson') {
      status = 200;
      body = HTML_ERROR_PAGE;
      contentType = 'text/html; charset=utf-8';
    } else if (action?.kind === 'wrongShape') {
      status = 200;
      body = JSON.stringify(wrongShapeBody(endpoint));
    }
    if (slowBodyMs > 0) {
      res.writeHead(status, this.headers(contentType));
      res.flushHeaders();
      const pieces = 10;
      const size = Math.ceil(body.length / pieces);
      for (let i = 0; i < pieces && !res.destroyed && !this.closed; i++) {
        res.write(body.slice(i * size, (i + 1) * size));
        await this.sleep(slowBodyMs / pieces);
      }
      if (!res.destroyed) res.end();
      return status;
    }
    this.send(res, status, body, contentType, {}, chunked);
    return status;
  }

  private headers(contentType: string, extra: Record<string, string> = {}): Record<string, string> {
    const rate = this.rate.peek();
    return {
      'content-type': contentType.includes('charset') ? contentType : `${contentType}; charset=utf-8`,
      [this.options.account.modes.requestIdHeader]: randomUUID(),
      'x-ratelimit-limit': String(rate.limit),
      'x-ratelimit-remaining': String(rate.remaining),
      'x-ratelimit-reset': String(rate.resetSeconds),
      ...extra,
    };
  }

  private send(
    res: ServerResponse,
    status: number,
    body: string,
    contentType: string,
    extra: Record<string, string> = {},
    chunked = false,
  ): void {
    const headers = this.headers(contentType, extra);
    if (!chunked) headers['content-length'] = String(Buffer.byteLength(body));
    res.writeHead(status, headers);
    res.end(res.req.method === 'HEAD' ? undefined : body);
  }
}
