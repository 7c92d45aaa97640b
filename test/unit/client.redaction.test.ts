// The API key must never surface: not in a message, an error's JSON or stack, nor a request log
// entry, even when a server echoes the Authorization header back in every field it can.
import { strict as assert } from 'node:assert';
import type { IncomingMessage } from 'node:http';
import { after, describe, it } from 'node:test';
import { createTelnyxClient } from '../../src/telnyx/index';
import { redactBearerTokens } from '../../src/telnyx/redact';
import type { RequestLogEntry } from '../../src/telnyx/types';
import { failure, sendJson, startServer, type TestServer } from './clientTestServer';

const KEY = 'KEYzq+Redact/Me=0123456789_abcdefXYZ';
const FORMS = [
  KEY,
  encodeURIComponent(KEY),
  Buffer.from(KEY).toString('base64'),
  Buffer.from(KEY).toString('base64url'),
  'Redact/Me=0123456789',
];

const servers: TestServer[] = [];
after(async () => {
  await Promise.all(servers.map((server) => server.close()));
});

function echoes(req: IncomingMessage): string {
  const auth = String(req.headers.authorization);
  return `${auth} ${encodeURIComponent(KEY)} ${Buffer.from(KEY).toString('base64')} ${Buffer.from(KEY).toString('base64url')}`;
}

describe('API key redaction', () => {
  it('no failure kind carries the key in any form', async () => {
    const server = await startServer((req, res) => {
      const path = req.url ?? '';
      const echo = echoes(req);
      const errorBody = {
        errors: [
          { code: `100${echo}`, title: `Title ${echo}`, detail: `Detail ${echo}`, source: { pointer: `/${echo}` } },
        ],
      };
      const headers = { 'x-request-id': `id-${echo}` };
      const status = Number(/\/connections\/(\d{3})$/.exec(path)?.[1] ?? 0);
      if (status) sendJson(res, status, errorBody, headers);
      else if (path.includes('/calls/html')) {
        res.writeHead(200, { 'content-type': 'text/html', ...headers });
        res.end(`<html>${echo}</html>`);
      } else if (path.includes('/calls/shape')) sendJson(res, 200, { data: { oops: echo } }, headers);
      else if (path.includes('/calls/drop')) req.socket.destroy();
      else if (path.includes('/calls/hang')) return;
      else sendJson(res, 400, errorBody, headers);
    });
    servers.push(server);

    const log: RequestLogEntry[] = [];
    const api = createTelnyxClient({
      apiKey: KEY,
      baseUrl: server.url,
      requestTimeoutMs: 300,
      maxAttempts: 2,
      sleep: async () => undefined,
      onRequest: (entry) => log.push(entry),
    });
    const attempts: Array<() => Promise<unknown>> = [
      ...[400, 401, 403, 404, 422, 429, 500, 503].map((status) => () => api.getConnection(String(status))),
      () => api.getCallStatus('html'),
      () => api.getCallStatus('shape'),
      () => api.getCallStatus('drop'),
      () => api.getCallStatus('hang'),
      () => api.getCallStatus('hang', { signal: AbortSignal.timeout(50) }),
      () => api.listCallEvents({ filter: { occurredAt: { gt: KEY, lt: KEY } } }),
      () => api.listCallEvents({ filter: { legId: 'x' } }),
    ];
    const errors = [];
    for (const attempt of attempts) errors.push(await failure(attempt));
    assert.deepEqual([...new Set(errors.map((error) => error.kind))].sort(), [
      'bad_request',
      'cancelled',
      'forbidden',
      'malformed',
      'network',
      'not_found',
      'rate_limited',
      'server',
      'timeout',
      'unauthenticated',
    ]);
    // Construction failures too (bad base URL, bad proxy).
    for (const options of [
      { baseUrl: `http://example.com/${KEY}` },
      { baseUrl: `pasted ${KEY}` },
      { baseUrl: server.url, proxy: { url: `socks5://u:${KEY}@127.0.0.1:1` } },
    ]) {
      try {
        createTelnyxClient({ apiKey: KEY, ...options });
        assert.fail('expected a config error');
      } catch (error) {
        errors.push(error as never);
      }
    }
    await api.close();

    const texts = [
      ...errors.flatMap((error) => [
        String(error),
        (error as Error).stack ?? '',
        JSON.stringify(error),
        (error as Error).message,
      ]),
      ...log.map((entry) => JSON.stringify(entry)),
    ];
    assert.ok(log.length >= attempts.length);
    // The server did echo the key: redaction, not luck, keeps it out.
    assert.ok(
      errors.some(
        (error) => (error as Error).message.includes('[redacted]') || JSON.stringify(error).includes('[redacted]'),
      ),
    );
    for (const text of texts) {
      for (const form of FORMS) assert.ok(!text.includes(form), `found a form of the key in: ${text}`);
    }
  });
});

describe('bearer token redaction in log lines', () => {
  it('masks the token and keeps the character after it', () => {
    assert.equal(redactBearerTokens(`(request id 42, Bearer ${KEY})`), '(request id 42, Bearer [redacted])');
    assert.equal(redactBearerTokens(`"authorization":"Bearer ${KEY}",`), '"authorization":"Bearer [redacted]",');
    assert.equal(redactBearerTokens(`Bearer ${encodeURIComponent(KEY)}; next`), 'Bearer [redacted]; next');
  });
});
