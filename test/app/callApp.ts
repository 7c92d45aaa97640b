// A small Call Control application for tests and the demo: it receives the webhooks of the
// simulator (or of Telnyx) on 127.0.0.1, checks their Ed25519 signature, and drives the call with
// commands: answer an incoming call, speak a greeting once answered, hang up when it has been said.
// Its commands carry a command_id made from the webhook's id, so a webhook delivered twice is still
// one command (Telnyx ignores the repeat).
import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import { Agent, request } from 'undici';

export interface CallAppOptions {
  /** The API's base URL including /v2 (the simulator's `url`). */
  apiUrl: string;
  apiKey: string;
  /** The account's webhook public key: raw Ed25519, base64 (TELNYX_PUBLIC_KEY). */
  publicKey: string;
  /** Answer incoming calls (default true). */
  answerIncoming?: boolean;
  /** Said once a call is answered (default a short greeting); '' says nothing. */
  greeting?: string;
  /** Hang up once the greeting has been said (default true); false leaves the call up. */
  hangUpAfterGreeting?: boolean;
  /** How far telnyx-timestamp may be from now, in seconds (default 300: replays are refused). */
  toleranceSeconds?: number;
  /** The clock the timestamps are checked against (ms); default Date.now. */
  now?: () => number;
  /** Default 0 (a free port); always 127.0.0.1. */
  port?: number;
}

export interface AppWebhook {
  eventType: string;
  webhookId: string;
  callControlId: string;
  attempt: number;
  payload: Record<string, unknown>;
}

export interface AppCommand {
  callControlId: string;
  command: string;
  commandId: string;
  status: number;
  /** The error code when Telnyx refused it (e.g. 90018), else undefined. */
  errorCode: string | undefined;
}

export interface CallApp {
  /** The webhook URL to give the connection. */
  readonly url: string;
  /** Every verified webhook, in arrival order. */
  readonly received: readonly AppWebhook[];
  /** Webhooks refused because their signature or timestamp did not verify. */
  readonly refused: number;
  readonly commands: readonly AppCommand[];
  /** Resolves when `predicate` holds; checked on every webhook and command (fails after 15 s). */
  until(predicate: (app: CallApp) => boolean, what: string): Promise<void>;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 256 * 1024;
const WAIT_LIMIT_MS = 15_000;
// SPKI header of an Ed25519 public key (RFC 8410): the raw 32 bytes follow it.
const SPKI_ED25519_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

function publicKeyFrom(base64: string): KeyObject {
  const raw = Buffer.from(base64, 'base64');
  if (raw.length !== 32) throw new Error('call app: the public key must be 32 bytes of base64 (Ed25519)');
  return createPublicKey({ key: Buffer.concat([SPKI_ED25519_PREFIX, raw]), format: 'der', type: 'spki' });
}

interface Envelope {
  data?: { event_type?: string; id?: string; payload?: Record<string, unknown> };
  meta?: { attempt?: number };
}

export async function startCallApp(options: CallAppOptions): Promise<CallApp> {
  const key = publicKeyFrom(options.publicKey);
  const agent = new Agent({ keepAliveTimeout: 1000 });
  const now = options.now ?? Date.now;
  const tolerance = options.toleranceSeconds ?? 300;
  const greeting = options.greeting ?? 'Hello from the test application. Goodbye.';
  const received: AppWebhook[] = [];
  const commands: AppCommand[] = [];
  const waiters = new Set<() => void>();
  const inFlight = new Set<Promise<void>>();
  let refused = 0;
  let closed = false;
  const wake = (): void => {
    for (const resolve of waiters) resolve();
  };

  const verified = (req: IncomingMessage, signedText: string): boolean => {
    const signature = req.headers['telnyx-signature-ed25519'];
    const timestamp = req.headers['telnyx-timestamp'];
    if (typeof signature !== 'string' || typeof timestamp !== 'string' || !/^\d+$/.test(timestamp)) return false;
    if (Math.abs(now() / 1000 - Number(timestamp)) > tolerance) return false;
    const bytes = Buffer.from(signature, 'base64');
    return bytes.length === 64 && verify(null, Buffer.from(`${timestamp}|${signedText}`, 'utf8'), key, bytes);
  };

  const send = async (
    callControlId: string,
    command: string,
    commandId: string,
    body: Record<string, unknown> = {},
  ): Promise<void> => {
    const res = await request(`${options.apiUrl}/calls/${encodeURIComponent(callControlId)}/actions/${command}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${options.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ...body, command_id: commandId }),
      dispatcher: agent,
    });
    const text = await res.body.text();
    let errorCode: string | undefined;
    if (res.statusCode >= 300) {
      try {
        errorCode = (JSON.parse(text) as { errors?: Array<{ code?: string }> }).errors?.[0]?.code;
      } catch {
        errorCode = undefined;
      }
    }
    commands.push({ callControlId, command, commandId, status: res.statusCode, errorCode });
    wake();
  };

  const act = (webhook: AppWebhook): void => {
    const id = webhook.callControlId;
    const commandId = (what: string): string => `${webhook.webhookId}:${what}`;
    let work: Promise<void> | undefined;
    if (
      webhook.eventType === 'call.initiated' &&
      webhook.payload.direction === 'incoming' &&
      options.answerIncoming !== false
    ) {
      work = send(id, 'answer', commandId('answer'));
    } else if (webhook.eventType === 'call.answered' && greeting !== '') {
      work = send(id, 'speak', commandId('speak'), { payload: greeting, voice: 'female', language: 'en-US' });
    } else if (webhook.eventType === 'call.answered' && options.hangUpAfterGreeting !== false) {
      work = send(id, 'hangup', commandId('hangup'));
    } else if (
      webhook.eventType === 'call.speak.ended' &&
      webhook.payload.status === 'completed' &&
      options.hangUpAfterGreeting !== false
    ) {
      work = send(id, 'hangup', commandId('hangup'));
    }
    if (!work) return;
    const tracked = work.catch(() => undefined).finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const query = (req.url ?? '').split('?')[1] ?? '';
      const signedText = req.method === 'GET' ? query : body;
      if (size > MAX_BODY_BYTES || !verified(req, signedText)) {
        refused++;
        wake();
        res.writeHead(401).end();
        return;
      }
      let envelope: Envelope;
      try {
        envelope = req.method === 'GET' ? envelopeFromQuery(query) : (JSON.parse(body) as Envelope);
      } catch {
        res.writeHead(400).end();
        return;
      }
      res.writeHead(200).end();
      const payload = envelope.data?.payload ?? {};
      const webhook: AppWebhook = {
        eventType: String(envelope.data?.event_type ?? ''),
        webhookId: String(envelope.data?.id ?? ''),
        callControlId: String(payload.call_control_id ?? ''),
        attempt: Number(envelope.meta?.attempt ?? 1),
        payload,
      };
      received.push(webhook);
      wake();
      if (!closed) act(webhook);
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  const app: CallApp = {
    url: `http://127.0.0.1:${port}/webhooks`,
    received,
    get refused() {
      return refused;
    },
    commands,
    async until(predicate, what): Promise<void> {
      const deadline = Date.now() + WAIT_LIMIT_MS;
      while (!predicate(app)) {
        if (Date.now() > deadline) {
          throw new Error(
            `call app: still waiting for ${what}; received ${received.map((w) => w.eventType).join(', ') || 'nothing'}`,
          );
        }
        await new Promise<void>((resolve) => {
          const done = (): void => {
            waiters.delete(done);
            resolve();
          };
          waiters.add(done);
          setTimeout(done, 200).unref();
        });
      }
    },
    async close(): Promise<void> {
      closed = true;
      await Promise.all([...inFlight]);
      const closing = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closing;
      await agent.close();
    },
  };
  return app;
}

/** `data[payload][to]=…` back into the envelope (GET webhooks). */
function envelopeFromQuery(query: string): Envelope {
  const root: Record<string, unknown> = {};
  for (const part of query.split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const name = decodeURIComponent(eq < 0 ? part : part.slice(0, eq));
    const value = decodeURIComponent(eq < 0 ? '' : part.slice(eq + 1));
    const path = name.split(/\[|\]\[|\]/).filter((piece) => piece !== '');
    let node = root;
    for (const piece of path.slice(0, -1)) {
      node[piece] ??= {};
      node = node[piece] as Record<string, unknown>;
    }
    node[path[path.length - 1]] = value;
  }
  const meta = root.meta as { attempt?: string } | undefined;
  return { data: root.data as Envelope['data'], meta: { attempt: Number(meta?.attempt ?? 1) } };
}
