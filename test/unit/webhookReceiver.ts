// A webhook URL for the simulator's tests: a real HTTP server on 127.0.0.1 that keeps every request
// and answers as the test says (a status, or no answer at all).
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';

export interface ReceivedWebhook {
  method: string;
  /** Path and query as received. */
  url: string;
  headers: IncomingHttpHeaders;
  /** The raw body (POST). */
  body: string;
  /** The parsed JSON body (POST), else undefined. */
  json: WebhookEnvelope | undefined;
}

export interface WebhookEnvelope {
  data: { record_type: string; event_type: string; id: string; occurred_at: string; payload: Record<string, unknown> };
  meta: { attempt: number; delivered_to: string };
}

/** What to answer: an HTTP status, or 'hang' (never answer: the simulator's timeout must cut it). */
export type Reply = number | 'hang';

export interface WebhookReceiver {
  readonly url: string;
  readonly received: ReceivedWebhook[];
  /** Answers the next requests with these replies in turn, then 200. */
  replyWith(...replies: Reply[]): void;
  /** Resolves once `predicate` holds for the received list (checked on every arrival). */
  until(predicate: (received: readonly ReceivedWebhook[]) => boolean, what: string): Promise<void>;
  /** The POSTed envelopes of one event type, in arrival order. */
  events(eventType?: string): WebhookEnvelope[];
  close(): Promise<void>;
}

const WAIT_LIMIT_MS = 15_000;

export async function startWebhookReceiver(path = '/telnyx/webhooks'): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const replies: Reply[] = [];
  const hanging = new Set<ServerResponse>();
  const waiters: Array<() => void> = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let json: WebhookEnvelope | undefined;
      try {
        json = body ? (JSON.parse(body) as WebhookEnvelope) : undefined;
      } catch {
        json = undefined;
      }
      received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body, json });
      for (const wake of waiters.splice(0)) wake();
      const reply = replies.shift() ?? 200;
      if (reply === 'hang') {
        hanging.add(res);
        res.on('close', () => hanging.delete(res));
        return;
      }
      res.writeHead(reply, { 'content-type': 'text/plain' });
      res.end(reply < 300 ? 'ok' : 'no');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}${path}`,
    received,
    replyWith(...next: Reply[]): void {
      replies.push(...next);
    },
    async until(predicate, what): Promise<void> {
      const deadline = Date.now() + WAIT_LIMIT_MS;
      while (!predicate(received)) {
        if (Date.now() > deadline)
          throw new Error(
            `webhook receiver: still waiting for ${what}; ` +
              `got ${received.map((r) => r.json?.data.event_type ?? r.method).join(', ') || 'nothing'}`,
          );
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 200).unref();
        });
      }
    },
    events(eventType?: string): WebhookEnvelope[] {
      return received.flatMap((r) =>
        r.json && (eventType === undefined || r.json.data.event_type === eventType) ? [r.json] : [],
      );
    },
    async close(): Promise<void> {
      for (const res of hanging) res.destroy();
      const closing = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closing;
    },
  };
}
