// The simulator's own control API under /_simulator/ (same bearer key as /v2), for tests and tools
// that run the simulator in another process: the webhook public key, where a connection's webhooks
// go, incoming calls, the timings of the far end, and the log of webhook deliveries.
import type { Account } from './account';
import type { CallControl } from './callControl';
import { parseBody } from './commandBodies';
import { resourceNotFound, SimProblem } from './errors';
import type { JsonAnswer } from './handlers';
import { activeCallJson } from './serialize';
import type { WebhookSigner } from './signing';
import type { CallControlSettings, WebhookSettings } from './types';
import type { WebhookSender } from './webhooks';

export interface ControlContext {
  account: Account;
  callControl: CallControl;
  webhooks: WebhookSender;
  signer: WebhookSigner;
}

const badControlField = (field: string, detail: string): SimProblem =>
  new SimProblem(422, { code: '10015', title: 'Bad Request', detail, source: { pointer: `/${field}` } });

/** Sets where a connection's webhooks go; a wrong value is an Error naming the field. */
export function applyWebhookSettings(account: Account, connectionId: string, settings: WebhookSettings): void {
  const connection = account.connection(connectionId);
  if (!connection) throw new Error(`simulator: no connection ${connectionId}`);
  const url = (value: string | null | undefined, field: string): void => {
    if (value === undefined || value === null) return;
    if (!/^https?:\/\/[^\s/]+/i.test(value))
      throw new Error(`simulator: ${field} must be an http(s) URL, got ${JSON.stringify(value)}`);
  };
  url(settings.webhookUrl, 'webhook_url');
  url(settings.failoverUrl, 'failover_url');
  if (settings.method !== undefined && settings.method !== 'POST' && settings.method !== 'GET') {
    throw new Error('simulator: webhook_url_method must be POST or GET');
  }
  const timeout = settings.timeoutSeconds;
  if (timeout !== undefined && timeout !== null && !(Number.isInteger(timeout) && timeout >= 0 && timeout <= 30)) {
    throw new Error('simulator: webhook_timeout_seconds must be a whole number from 0 to 30');
  }
  if (settings.webhookUrl !== undefined) connection.webhookUrl = settings.webhookUrl;
  if (settings.failoverUrl !== undefined) connection.webhookFailoverUrl = settings.failoverUrl;
  if (settings.method !== undefined) connection.webhookUrlMethod = settings.method;
  if (timeout !== undefined) connection.webhookTimeoutSeconds = timeout;
  connection.updatedMs = account.clock.now();
}

function webhookSettingsJson(account: Account, connectionId: string): Record<string, unknown> {
  const connection = account.connection(connectionId);
  if (!connection) throw resourceNotFound(`Connection ${connectionId} was not found.`);
  return {
    connection_id: connection.id,
    webhook_url: connection.webhookUrl,
    failover_url: connection.webhookFailoverUrl,
    webhook_url_method: connection.webhookUrlMethod,
    webhook_timeout_seconds: connection.webhookTimeoutSeconds,
  };
}

const SETTING_FIELDS: Record<string, keyof CallControlSettings> = {
  answer_delay_ms: 'answerDelayMs',
  media_ms: 'mediaMs',
  webhook_retries: 'webhookRetries',
  webhook_retry_delay_ms: 'webhookRetryDelayMs',
  default_webhook_timeout_seconds: 'defaultWebhookTimeoutSeconds',
  ring_timeout_ms: 'ringTimeoutMs',
};

function settingsJson(settings: CallControlSettings): Record<string, number> {
  return Object.fromEntries(Object.entries(SETTING_FIELDS).map(([field, key]) => [field, settings[key]]));
}

export function handleControl(
  method: string,
  path: readonly string[],
  rawBody: string,
  context: ControlContext,
): JsonAnswer {
  const { account, callControl } = context;
  const [first, second, third] = path;
  if (path.length === 1 && first === 'public_key' && method === 'GET') {
    return {
      status: 200,
      body: {
        data: {
          public_key: context.signer.publicKeyBase64,
          public_key_pem: context.signer.publicKeyPem,
          signed_text: '${telnyx-timestamp}|${raw body}',
        },
      },
    };
  }
  if (path.length === 3 && first === 'connections' && third === 'webhook') {
    if (method === 'GET') return { status: 200, body: { data: webhookSettingsJson(account, second) } };
    if (method === 'PATCH' || method === 'POST' || method === 'PUT') {
      if (!account.connection(second)) throw resourceNotFound(`Connection ${second} was not found.`);
      const body = parseBody(rawBody);
      const optionalText = (field: string): string | null | undefined => {
        const value = body[field];
        if (value === undefined || value === null || typeof value === 'string')
          return value as string | null | undefined;
        throw badControlField(field, `${field} must be a string or null.`);
      };
      const timeout = body.webhook_timeout_seconds;
      if (timeout !== undefined && timeout !== null && typeof timeout !== 'number')
        throw badControlField('webhook_timeout_seconds', 'webhook_timeout_seconds must be a number or null.');
      const methodField = body.webhook_url_method;
      if (methodField !== undefined && methodField !== 'POST' && methodField !== 'GET')
        throw badControlField('webhook_url_method', 'webhook_url_method must be POST or GET.');
      try {
        applyWebhookSettings(account, second, {
          webhookUrl: optionalText('webhook_url'),
          failoverUrl: optionalText('failover_url'),
          method: methodField,
          timeoutSeconds: timeout as number | null | undefined,
        });
      } catch (error) {
        if (error instanceof SimProblem) throw error;
        throw new SimProblem(422, {
          code: '10015',
          title: 'Bad Request',
          detail: (error as Error).message.replace(/^simulator: /, ''),
        });
      }
      return { status: 200, body: { data: webhookSettingsJson(account, second) } };
    }
  }
  if (path.length === 1 && first === 'ring' && method === 'POST') {
    const body = parseBody(rawBody);
    const connectionId = body.connection_id;
    if (typeof connectionId !== 'string') throw badControlField('connection_id', 'connection_id is required.');
    const hangupAfterMs = body.hangup_after_ms;
    if (hangupAfterMs !== undefined && !(typeof hangupAfterMs === 'number' && hangupAfterMs >= 0)) {
      throw badControlField('hangup_after_ms', 'hangup_after_ms must be a number of milliseconds.');
    }
    let call;
    try {
      call = callControl.ring(connectionId, {
        from: typeof body.from === 'string' ? body.from : undefined,
        to: typeof body.to === 'string' ? body.to : undefined,
        hangupAfterMs: hangupAfterMs as number | undefined,
      });
    } catch (error) {
      throw badControlField('connection_id', (error as Error).message.replace(/^simulator: /, ''));
    }
    return {
      status: 200,
      body: {
        data: {
          ...activeCallJson(call, account.clock.now()),
          connection_id: connectionId,
          from: call.from,
          to: call.to,
        },
      },
    };
  }
  if (path.length === 3 && first === 'calls' && third === 'pick_up' && method === 'POST') {
    if (!callControl.pickUp(second)) throw resourceNotFound(`No dialled call ${second} is ringing.`);
    return { status: 200, body: { data: { result: 'ok' } } };
  }
  if (path.length === 1 && first === 'call_control') {
    if (method === 'PATCH' || method === 'POST') {
      const body = parseBody(rawBody);
      for (const [field, key] of Object.entries(SETTING_FIELDS)) {
        const value = body[field];
        if (value === undefined) continue;
        if (typeof value !== 'number' || value < 0)
          throw badControlField(field, `${field} must be a number, 0 or more.`);
        callControl.settings[key] = value;
      }
    }
    if (method === 'GET' || method === 'PATCH' || method === 'POST')
      return { status: 200, body: { data: settingsJson(callControl.settings) } };
  }
  if (path.length === 1 && first === 'webhook_deliveries' && method === 'GET') {
    return {
      status: 200,
      body: {
        data: context.webhooks.attempts.map((attempt) => ({
          webhook_id: attempt.webhookId,
          event_type: attempt.eventType,
          call_control_id: attempt.callControlId,
          attempt: attempt.attempt,
          url: attempt.url,
          status: attempt.status,
          outcome: attempt.outcome,
          requested: attempt.requested,
        })),
      },
    };
  }
  throw resourceNotFound(`${method} /_simulator/${path.join('/')} is not part of the simulator's control API.`);
}
