// Webhook delivery as Telnyx does it: the envelope signed with Ed25519, POST (JSON body) or GET
// (the envelope in the query), a retry after a non-2xx answer, a refused connection or no answer
// within webhook_timeout_seconds, then the failover URL. Each attempt is recorded in /call_events.
// Only loopback URLs are requested; any other URL is recorded as delivered without a request,
// as the seeded account's webhooks always were.
import { request } from 'node:http';
import type { Account } from './account';
import type { SimCall, SimEvent } from './model';
import { DUPLICATE_CHANCE, LATE_BY_MS, LATE_CHANCE } from './modes';
import type { Scheduler } from './scheduler';
import { webhookEnvelope } from './serialize';
import type { WebhookSigner } from './signing';
import type { CallControlSettings, WebhookDeliveryAttempt } from './types';

/** One event that Call Control reports: recorded and sent once per delivery attempt. */
export interface WebhookOccurrence {
  call: SimCall;
  name: string;
  /** When it happened (microseconds): the webhook's occurred_at, whenever it is delivered. */
  us: number;
  extra: Record<string, unknown>;
  callState: string;
  webhookId: string;
}

interface Target {
  url: string | null;
  failoverUrl: string | null;
  method: 'POST' | 'GET';
  timeoutSeconds: number;
}

interface AttemptResult {
  ok: boolean;
  status: number;
  outcome: WebhookDeliveryAttempt['outcome'];
  latencyMs: number;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

export function isLoopbackUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' && LOOPBACK_HOSTS.has(parsed.hostname);
  } catch {
    return false;
  }
}

/** `data[payload][to]=…`: the envelope flattened into a query string, for GET webhooks. */
export function envelopeQuery(envelope: Record<string, unknown>): string {
  const pairs: string[] = [];
  const walk = (value: unknown, name: string): void => {
    if (value !== null && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value as Record<string, unknown>))
        walk(inner, name ? `${name}[${key}]` : key);
      return;
    }
    pairs.push(`${encodeURIComponent(name)}=${encodeURIComponent(value === null ? '' : String(value))}`);
  };
  walk(envelope, '');
  return pairs.join('&');
}

/** The occurrence in the shape the serializers read (it is recorded only once an attempt ends). */
function asEvent(occurrence: WebhookOccurrence): SimEvent {
  return {
    us: occurrence.us,
    seq: 0,
    call: occurrence.call,
    name: occurrence.name,
    type: 'webhook',
    failed: false,
    delivery: undefined,
    extra: occurrence.extra,
    callState: occurrence.callState,
    commandResult: undefined,
    customMetadata: undefined,
    webhookId: occurrence.webhookId,
  };
}

export class WebhookSender {
  readonly attempts: WebhookDeliveryAttempt[] = [];
  private pending = 0;
  private settledWaiters: Array<() => void> = [];
  private readonly inFlight = new Set<AbortController>();

  constructor(
    private readonly account: Account,
    private readonly signer: WebhookSigner,
    private readonly settings: CallControlSettings,
    private readonly scheduler: Scheduler,
  ) {}

  /** Sends (and records) a webhook; returns at once, the delivery goes on in the background. */
  send(occurrence: WebhookOccurrence): void {
    const target = this.targetOf(occurrence.call);
    if (!target.url || !isLoopbackUrl(target.url)) {
      this.record(occurrence, 1, target.url ?? undefined, {
        ok: true,
        status: 200,
        outcome: 'delivered',
        latencyMs: this.account.prng.int(18, 320),
      });
      return;
    }
    this.pending++;
    void this.deliver(occurrence, target).finally(() => {
      this.pending--;
      if (this.pending === 0) {
        const waiters = this.settledWaiters;
        this.settledWaiters = [];
        for (const resolve of waiters) resolve();
      }
    });
  }

  /** Resolves when no webhook is being delivered or waiting for a retry. */
  whenSettled(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.settledWaiters.push(resolve));
  }

  close(): void {
    for (const controller of this.inFlight) controller.abort();
    this.inFlight.clear();
  }

  private targetOf(call: SimCall): Target {
    const connection = this.account.connection(call.connectionId);
    return {
      url: call.webhookUrl ?? connection?.webhookUrl ?? null,
      failoverUrl: connection?.webhookFailoverUrl ?? null,
      method: call.webhookUrlMethod ?? connection?.webhookUrlMethod ?? 'POST',
      // 0 and null both leave the timeout to Telnyx (here: the simulator's default).
      timeoutSeconds: connection?.webhookTimeoutSeconds || this.settings.defaultWebhookTimeoutSeconds,
    };
  }

  private async deliver(occurrence: WebhookOccurrence, target: Target): Promise<void> {
    const modes = this.account.modes;
    // Telnyx does not keep webhooks in order: in late mode some leave after the ones that followed them.
    if (modes.lateEvents && this.account.prng.chance(LATE_CHANCE)) await this.scheduler.sleep(LATE_BY_MS);
    let attempt = 0;
    const primaryAttempts = 1 + Math.max(0, this.settings.webhookRetries);
    for (let i = 0; i < primaryAttempts && !this.scheduler.isClosed; i++) {
      if (i > 0) await this.scheduler.sleep(this.settings.webhookRetryDelayMs);
      const result = await this.attempt(occurrence, ++attempt, target.url as string, target);
      if (result.ok) {
        if (modes.duplicateDeliveries && this.account.prng.chance(DUPLICATE_CHANCE)) {
          await this.attempt(occurrence, attempt + 1, target.url as string, target);
        }
        return;
      }
    }
    if (target.failoverUrl && !this.scheduler.isClosed) {
      if (!isLoopbackUrl(target.failoverUrl)) {
        this.record(occurrence, attempt + 1, target.failoverUrl, {
          ok: true,
          status: 200,
          outcome: 'delivered',
          latencyMs: this.account.prng.int(18, 320),
        });
        return;
      }
      await this.scheduler.sleep(this.settings.webhookRetryDelayMs);
      await this.attempt(occurrence, attempt + 1, target.failoverUrl, target);
    }
  }

  private async attempt(
    occurrence: WebhookOccurrence,
    attempt: number,
    url: string,
    target: Target,
  ): Promise<AttemptResult> {
    const envelope = webhookEnvelope(asEvent(occurrence), this.account, attempt, url);
    const timestamp = Math.floor(this.account.clock.now() / 1000);
    // GET carries the envelope in the query, and the signature covers that query as sent.
    const body = target.method === 'GET' ? envelopeQuery(envelope) : JSON.stringify(envelope);
    const requestUrl = target.method === 'GET' ? `${url}${url.includes('?') ? '&' : '?'}${body}` : url;
    const headers: Record<string, string> = {
      ...this.signer.headers(body, timestamp),
      'user-agent': 'telnyx-webhooks (simulator)',
    };
    if (target.method === 'POST') {
      headers['content-type'] = 'application/json';
      headers['content-length'] = String(Buffer.byteLength(body));
    }
    const started = Date.now();
    const result = await this.httpRequest(
      requestUrl,
      target.method,
      headers,
      target.method === 'POST' ? body : undefined,
      target.timeoutSeconds * 1000,
    );
    const latencyMs = Date.now() - started;
    const outcome: AttemptResult = {
      ok: result.status >= 200 && result.status < 300,
      status: result.status,
      outcome:
        result.status >= 200 && result.status < 300
          ? 'delivered'
          : result.timedOut
            ? 'timeout'
            : result.status === 0
              ? 'unreachable'
              : 'failed',
      latencyMs,
    };
    if (!this.scheduler.isClosed) this.record(occurrence, attempt, url, outcome);
    return outcome;
  }

  private record(occurrence: WebhookOccurrence, attempt: number, url: string | undefined, result: AttemptResult): void {
    const delivered = result.outcome === 'delivered';
    this.account.recordDelivery(
      occurrence.call,
      {
        name: occurrence.name,
        type: 'webhook',
        us: occurrence.us,
        extra: occurrence.extra,
        callState: occurrence.callState,
        delivery: {
          status: delivered ? 'delivered' : 'failed',
          attempt,
          responseStatus: result.status,
          latencyMs: result.latencyMs,
          url,
        },
      },
      occurrence.webhookId,
      attempt,
    );
    this.attempts.push({
      webhookId: occurrence.webhookId,
      eventType: occurrence.name,
      callControlId: occurrence.call.callControlId,
      attempt,
      url: url ?? null,
      status: result.status,
      outcome: result.outcome,
      requested: url !== undefined && isLoopbackUrl(url),
    });
  }

  private httpRequest(
    url: string,
    method: 'POST' | 'GET',
    headers: Record<string, string>,
    body: string | undefined,
    timeoutMs: number,
  ): Promise<{ status: number; timedOut: boolean }> {
    return new Promise((resolve) => {
      const controller = new AbortController();
      this.inFlight.add(controller);
      let timedOut = false;
      let settled = false;
      const finish = (status: number): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.inFlight.delete(controller);
        resolve({ status, timedOut });
      };
      const timer = setTimeout(
        () => {
          timedOut = true;
          controller.abort();
          finish(0);
        },
        Math.max(1, timeoutMs),
      );
      try {
        const req = request(url, { method, headers, signal: controller.signal, agent: false }, (res) => {
          res.resume(); // the application's answer body is not needed
          res.on('end', () => finish(res.statusCode ?? 0));
          res.on('error', () => finish(res.statusCode ?? 0));
        });
        req.on('error', () => finish(0));
        req.end(body);
      } catch {
        finish(0);
      }
    });
  }
}
