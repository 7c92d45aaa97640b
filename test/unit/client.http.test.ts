// The transport against real servers on 127.0.0.1: headers, error kinds and messages, retries,
// rate-limit waits, timeouts, malformed answers and cancellation.
import { strict as assert } from 'node:assert';
import { after, describe, it } from 'node:test';
import { createTelnyxClient } from '../../src/telnyx/index';
import {
  client,
  failure,
  numberedBody,
  SAMPLE_CALL_STATUS,
  SAMPLE_CONNECTION,
  sendJson,
  startServer,
  telnyxError,
  type TestServer,
} from './clientTestServer';

const servers: TestServer[] = [];
after(async () => {
  await Promise.all(servers.map((server) => server.close()));
});
async function serve(handler: Parameters<typeof startServer>[0]): Promise<TestServer> {
  const server = await startServer(handler);
  servers.push(server);
  return server;
}

const CCID = 'v3:MdI91X4lWFEs7IgbBEOT9M4AigoY08M0WWZFISt1Yw2axZ_IiE4pqg==';

describe('client requests', () => {
  it('sends the bearer key, JSON accept and a user agent, under the base path', async () => {
    const server = await serve((_req, res) => sendJson(res, 200, { data: SAMPLE_CALL_STATUS }));
    const { api, log } = client(server.url);
    const status = await api.getCallStatus(CCID);
    assert.equal(status.call_control_id, SAMPLE_CALL_STATUS.call_control_id);
    assert.equal(status.is_alive, true);
    const seen = server.requests[0];
    assert.equal(seen.method, 'GET');
    // ':' and '=' in the id are percent-encoded once in the path.
    assert.equal(seen.path, '/v2/calls/v3%3AMdI91X4lWFEs7IgbBEOT9M4AigoY08M0WWZFISt1Yw2axZ_IiE4pqg%3D%3D');
    assert.equal(seen.headers.authorization, 'Bearer KEYTESTCLIENT');
    assert.equal(seen.headers.accept, 'application/json');
    assert.match(String(seen.headers['user-agent']), /^telnyx-calls-vscode\/\d+\.\d+\.\d+/);
    assert.equal(log.length, 1);
    assert.equal(log[0].path, seen.path);
    assert.equal(log[0].status, 200);
    assert.equal(log[0].attempt, 1);
    await api.close();
  });

  it('logs each attempt with the relative path, status and request id', async () => {
    const server = await serve((_req, res, index) =>
      index === 0
        ? sendJson(res, 503, telnyxError('10001', 'Service unavailable'), { 'x-request-id': 'req-503' })
        : sendJson(res, 200, numberedBody([SAMPLE_CONNECTION], 1, 1, 1), { 'x-telnyx-request-id': 'req-200' }),
    );
    const { api, log } = client(server.url);
    await api.listConnections({ pageNumber: 1, pageSize: 5 });
    assert.deepEqual(
      log.map((entry) => [entry.method, entry.path, entry.status, entry.requestId, entry.attempt]),
      [
        ['GET', '/v2/connections?page[number]=1&page[size]=5', 503, 'req-503', 1],
        ['GET', '/v2/connections?page[number]=1&page[size]=5', 200, 'req-200', 2],
      ],
    );
    assert.ok(log.every((entry) => entry.durationMs >= 0 && !entry.path.includes('127.0.0.1')));
    await api.close();
  });

  it('refuses a non-https base URL that is not loopback, and a missing key, at construction', () => {
    for (const baseUrl of ['http://api.telnyx.com/v2', 'http://10.0.0.5/v2', 'ftp://127.0.0.1/v2', 'not a url']) {
      assert.throws(
        () => createTelnyxClient({ apiKey: 'KEY', baseUrl }),
        (error: unknown) => (error as { kind?: string }).kind === 'config',
        baseUrl,
      );
    }
    assert.throws(() => createTelnyxClient({ apiKey: '  ' }), /Set API Key/);
    assert.throws(
      () => createTelnyxClient({ apiKey: 'KEY WITH SPACE' }),
      (error: unknown) => (error as { kind?: string }).kind === 'config',
    );
    // https anywhere, and http on loopback, are accepted.
    for (const baseUrl of [
      'https://api.telnyx.com/v2',
      'http://127.0.0.1:9/v2',
      'http://localhost:9/v2',
      'http://[::1]:9/v2',
    ]) {
      const api = createTelnyxClient({ apiKey: 'KEY', baseUrl });
      void api.close();
    }
  });
});

describe('client error kinds', () => {
  const cases: Array<{
    name: string;
    status: number;
    body: unknown;
    call: (api: ReturnType<typeof client>['api']) => Promise<unknown>;
    kind: string;
    message: RegExp;
  }> = [
    {
      name: '401 / 10009',
      status: 401,
      body: telnyxError('10009', 'Authentication failed', 'Could not understand the provided credentials.'),
      call: (api) => api.listConnections(),
      kind: 'unauthenticated',
      message: /^Telnyx rejected the API key \(10009\)\. Run 'Telnyx: Set API Key'\.$/,
    },
    {
      name: '403 / 10010',
      status: 403,
      body: telnyxError('10010', 'Not authorized'),
      call: (api) => api.listConnections(),
      kind: 'forbidden',
      message: /may not read connections \(10010\)/,
    },
    {
      name: '422 / 10015 on active calls',
      status: 422,
      body: telnyxError('10015', 'Invalid connection', 'The connection_id is not valid.', '/connection_id'),
      call: (api) => api.listActiveCalls('1293384261075731461'),
      kind: 'invalid_connection',
      message: /not a valid connection, or its type has no active calls \(10015\)/,
    },
    {
      name: '422 / 90015 on call status',
      status: 422,
      body: telnyxError(
        '90015',
        'Invalid Call Control ID',
        'The call_control_id provided was not valid.',
        '/call_control_id',
      ),
      call: (api) => api.getCallStatus(CCID),
      kind: 'invalid_call',
      message:
        /no longer has a status for this call \(90015\): it ended over about 10 minutes ago, or the call_control_id is wrong/,
    },
    {
      name: '404 / 10005 on call status',
      status: 404,
      body: telnyxError('10005', 'Resource not found'),
      call: (api) => api.getCallStatus(CCID),
      kind: 'not_found',
      message:
        /no longer has a status for this call \(10005\): it ended over about 10 minutes ago, or the call_control_id is wrong/,
    },
    {
      name: '400 / 10015 on an active-calls cursor → a bad request about the cursor, not "no active-calls list"',
      status: 400,
      body: {
        errors: [
          {
            code: '10015',
            title: 'Bad Request',
            detail: 'The cursor is invalid or has expired.',
            source: { parameter: 'page[after]' },
          },
        ],
      },
      call: (api) => api.listActiveCalls('1293384261075731461', { after: 'v1:abc' }),
      kind: 'bad_request',
      message:
        /no longer accepts the page cursor of the active calls \(400 10015\); the list has to start again from the first page/,
    },
    {
      name: '422 / 10015 on page[limit] of active calls → bad_request naming the parameter',
      status: 422,
      body: {
        errors: [
          {
            code: '10015',
            title: 'Invalid parameter',
            detail: 'page[limit] must be between 1 and 250.',
            source: { parameter: 'page[limit]' },
          },
        ],
      },
      call: (api) => api.listActiveCalls('1293384261075731461', { limit: 900 }),
      kind: 'bad_request',
      message:
        /the active calls \(422 10015\): Invalid parameter — page\[limit\] must be between 1 and 250\. \(parameter page\[limit\]\)/,
    },
    {
      name: '404 on a connection',
      status: 404,
      body: telnyxError('10005', 'Resource not found'),
      call: (api) => api.getConnection('42'),
      kind: 'not_found',
      message: /Connection not found \(10005\)/,
    },
    {
      name: '400 / 10015 on connections (a bad parameter, not a bad connection)',
      status: 400,
      body: telnyxError(
        '10015',
        'Bad Request',
        'filter[connection_name][contains] must be at least 3 characters',
        '/filter/connection_name/contains',
      ),
      call: (api) => api.listConnections({ nameContains: 'ab' }),
      kind: 'bad_request',
      message:
        /refused the request for the connection list \(400 10015\): Bad Request — filter\[connection_name\]\[contains\] must be at least 3 characters \(field \/filter\/connection_name\/contains\)\./,
    },
  ];
  for (const testCase of cases) {
    it(`${testCase.name} → ${testCase.kind}, not retried`, async () => {
      const server = await serve((_req, res) =>
        sendJson(res, testCase.status, testCase.body, { 'x-request-id': 'rid-1' }),
      );
      const { api } = client(server.url);
      const error = await failure(() => testCase.call(api));
      assert.equal(error.kind, testCase.kind);
      assert.match(error.message, testCase.message);
      assert.equal(error.status, testCase.status);
      assert.equal(error.requestId, 'rid-1');
      assert.equal(error.retries, 0);
      assert.equal(server.requests.length, 1, 'a 4xx other than 429 is not retried');
      assert.ok(!error.message.includes('\n'));
      await api.close();
    });
  }

  it('keeps code, title, detail and source.pointer of the Telnyx error', async () => {
    const server = await serve((_req, res) =>
      sendJson(
        res,
        422,
        telnyxError(
          '90015',
          'Invalid Call Control ID',
          'The call_control_id provided was not valid.',
          '/call_control_id',
        ),
      ),
    );
    const { api } = client(server.url);
    const error = await failure(() => api.getCallStatus(CCID));
    assert.deepEqual(
      [error.code, error.title, error.detail, error.pointer],
      ['90015', 'Invalid Call Control ID', 'The call_control_id provided was not valid.', '/call_control_id'],
    );
    await api.close();
  });

  it('5xx: retried up to maxAttempts with growing jittered backoff, then kind server naming the retries', async () => {
    const server = await serve((_req, res) => sendJson(res, 502, telnyxError('10001', 'Bad gateway')));
    const { api, waits } = client(server.url, { random: () => 1 });
    const error = await failure(() => api.listConnections());
    assert.equal(error.kind, 'server');
    assert.equal(error.retries, 2);
    assert.equal(server.requests.length, 3);
    assert.match(error.message, /Telnyx had a problem answering the connection list \(502 10001\); retried 2 times/);
    assert.deepEqual(waits, [500, 1000]);
    await api.close();
  });

  it('backoff is capped by maxBackoffMs and jittered by random()', async () => {
    const server = await serve((_req, res) => sendJson(res, 500, {}));
    const { api, waits } = client(server.url, { maxAttempts: 6, maxBackoffMs: 3000, random: () => 0 });
    await failure(() => api.listConnections());
    assert.deepEqual(waits, [250, 500, 1000, 1500, 1500]);
    await api.close();
  });

  it('a 5xx followed by success returns the data', async () => {
    const server = await serve((_req, res, index) =>
      index < 2 ? sendJson(res, 504, {}) : sendJson(res, 200, { data: SAMPLE_CONNECTION }),
    );
    const { api } = client(server.url);
    const connection = await api.getConnection(SAMPLE_CONNECTION.id);
    assert.equal(connection.connection_name, 'support-line');
    assert.equal(server.requests.length, 3);
    await api.close();
  });

  it('429 honours x-ratelimit-reset seconds, then succeeds', async () => {
    const server = await serve((_req, res, index) =>
      index === 0
        ? sendJson(res, 429, telnyxError('10011', 'Too many requests'), {
            'x-ratelimit-reset': '7',
            'x-ratelimit-remaining': '0',
          })
        : sendJson(res, 200, numberedBody([], 1, 0, 0)),
    );
    const { api, waits } = client(server.url);
    const page = await api.listConnections();
    assert.deepEqual(page.data, []);
    assert.deepEqual(waits, [7000]);
    await api.close();
  });

  it('429 honours Retry-After in seconds, and prefers the larger of it and x-ratelimit-reset', async () => {
    const server = await serve((_req, res, index) => {
      if (index === 0) sendJson(res, 429, telnyxError('10011', 'Too many requests'), { 'retry-after': '4' });
      else if (index === 1)
        sendJson(res, 429, telnyxError('10011', 'Too many requests'), { 'retry-after': '9', 'x-ratelimit-reset': '2' });
      else if (index === 2)
        sendJson(res, 429, telnyxError('10011', 'Too many requests'), { 'retry-after': '1', 'x-ratelimit-reset': '6' });
      else sendJson(res, 200, numberedBody([], 1, 0, 0));
    });
    const { api, waits } = client(server.url, { maxAttempts: 4 });
    await api.listConnections();
    assert.deepEqual(waits, [4000, 9000, 6000]);
    await api.close();
  });

  it('429 honours Retry-After as an HTTP date', async () => {
    const server = await serve((_req, res, index) =>
      index === 0
        ? sendJson(res, 429, telnyxError('10011', 'Too many requests'), {
            'retry-after': new Date(Date.now() + 20_000).toUTCString(),
          })
        : sendJson(res, 200, numberedBody([], 1, 0, 0)),
    );
    const { api, waits } = client(server.url);
    await api.listConnections();
    assert.equal(waits.length, 1);
    // An HTTP date has one-second resolution.
    assert.ok(waits[0] > 18_000 && waits[0] <= 20_000, `waited ${waits[0]} ms`);
    await api.close();
  });

  it('429 every time: kind rate_limited, retried N times, says when to retry', async () => {
    const server = await serve((_req, res) =>
      sendJson(res, 429, telnyxError('10011', 'Too many requests'), { 'x-ratelimit-reset': '30' }),
    );
    const { api } = client(server.url);
    const error = await failure(() => api.listCallEvents({ filter: { legId: 'leg' } }));
    assert.equal(error.kind, 'rate_limited');
    assert.equal(error.code, '10011');
    assert.equal(error.retries, 2);
    assert.equal(error.retryAfterSeconds, 30);
    assert.equal(server.requests.length, 3);
    assert.match(
      error.message,
      /^Telnyx is rate limiting requests \(10011\); retried 2 times\. Try again in 30 seconds\.$/,
    );
    await api.close();
  });

  it('a rate-limit reset longer than maxRateLimitWaitMs is not waited for', async () => {
    const server = await serve((_req, res) =>
      sendJson(res, 429, telnyxError('10011', 'Too many requests'), { 'x-ratelimit-reset': '600' }),
    );
    const { api, waits } = client(server.url, { maxRateLimitWaitMs: 60_000 });
    const error = await failure(() => api.listConnections());
    assert.equal(error.kind, 'rate_limited');
    assert.equal(error.retries, 0);
    assert.deepEqual(waits, []);
    assert.match(error.message, /Try again in 10 minutes/);
    await api.close();
  });

  it('a dropped connection is retried; drops every time end as kind network naming the host', async () => {
    const flaky = await serve((req, res, index) => {
      if (index === 0) req.socket.destroy();
      else sendJson(res, 200, { data: SAMPLE_CONNECTION });
    });
    const first = client(flaky.url);
    assert.equal((await first.api.getConnection('1')).id, SAMPLE_CONNECTION.id);
    assert.equal(flaky.requests.length, 2);
    await first.api.close();

    const dead = await serve((req) => {
      req.socket.destroy();
    });
    const second = client(dead.url);
    const error = await failure(() => second.api.getConnection('1'));
    assert.equal(error.kind, 'network');
    assert.equal(error.retries, 2);
    assert.equal(dead.requests.length, 3);
    assert.match(
      error.message,
      new RegExp(`^Could not reach 127\\.0\\.0\\.1:${dead.port} \\(.+\\); retried 2 times\\.`),
    );
    await second.api.close();
  });

  it('a refused connection is kind network, not retried', async () => {
    const server = await serve((_req, res) => sendJson(res, 200, {}));
    const url = server.url;
    await server.close();
    servers.splice(servers.indexOf(server), 1);
    const { api } = client(url);
    const error = await failure(() => api.listConnections());
    assert.equal(error.kind, 'network');
    assert.match(error.message, /Could not reach 127\.0\.0\.1:\d+ \(ECONNREFUSED\)/);
    await api.close();
  });
});

describe('client malformed answers', () => {
  it('an HTML body is kind malformed: "not JSON", naming the endpoint', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html><body>Proxy login</body></html>');
    });
    const { api } = client(server.url);
    const error = await failure(() => api.listActiveCalls('1'));
    assert.equal(error.kind, 'malformed');
    assert.match(error.message, /^Telnyx answered with something that is not JSON while reading the active calls/);
    assert.equal(server.requests.length, 1);
    await api.close();
  });

  it('a body cut in the middle is malformed (or a retried drop), never a crash', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"data":[{"id":"1","record_type":"fqdn_conn');
    });
    const { api } = client(server.url);
    const error = await failure(() => api.listConnections());
    assert.equal(error.kind, 'malformed');
    await api.close();
  });

  const shapes: Array<[string, unknown, (api: ReturnType<typeof client>['api']) => Promise<unknown>, RegExp]> = [
    [
      'data not an array',
      { data: { id: 1 }, meta: {} },
      (api) => api.listConnections(),
      /the connection list with an unexpected shape: data is not an array/,
    ],
    [
      'meta with a count of the wrong type',
      { data: [], meta: { page_number: '1' } },
      (api) => api.listConnections(),
      /meta\.page_number is not a whole number/,
    ],
    ['connection without id', { data: { record_type: 'x' } }, (api) => api.getConnection('1'), /data\.id is missing/],
    [
      'call without call_control_id',
      { data: [{ call_leg_id: 'a', call_session_id: 'b' }] },
      (api) => api.listActiveCalls('1'),
      /data\[0\]\.call_control_id/,
    ],
    [
      'status without is_alive',
      { data: { ...SAMPLE_CALL_STATUS, is_alive: 'yes' } },
      (api) => api.getCallStatus(CCID),
      /is_alive/,
    ],
    // An event of an unknown type is kept with a problem (timeline.realistic.test.ts); a non-object is not an event at all.
    [
      'event that is not an object',
      numberedBody(['text'], 1, 1, 1),
      (api) => api.listCallEvents(),
      /data\[0\] is not an object/,
    ],
    ['a JSON string', 'ok', (api) => api.getCallStatus(CCID), /the body is not an object/],
    [
      'cursor meta of the wrong type',
      { data: [], meta: { cursors: { after: 5 } } },
      (api) => api.listActiveCalls('1'),
      /meta\.cursors\.after is not a string/,
    ],
  ];
  for (const [name, body, call, message] of shapes) {
    it(`wrong shape (${name}) is kind malformed with "unexpected shape"`, async () => {
      const server = await serve((_req, res) => sendJson(res, 200, body));
      const { api } = client(server.url);
      const error = await failure(() => call(api));
      assert.equal(error.kind, 'malformed');
      assert.match(error.message, /unexpected shape/);
      assert.match(error.message, message);
      await api.close();
    });
  }

  it('an error status with a non-JSON body still gets its kind from the status', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(401, { 'content-type': 'text/plain' });
      res.end('nope');
    });
    const { api } = client(server.url);
    const error = await failure(() => api.listConnections());
    assert.equal(error.kind, 'unauthenticated');
    assert.match(error.message, /rejected the API key \(401\)/);
    await api.close();
  });
});

describe('client timeouts and cancellation', () => {
  it('no answer within requestTimeoutMs: kind timeout naming the seconds, not retried', async () => {
    const server = await serve(() => undefined);
    const { api } = client(server.url, { requestTimeoutMs: 1000 });
    const started = Date.now();
    const error = await failure(() => api.getCallStatus(CCID));
    assert.equal(error.kind, 'timeout');
    assert.match(error.message, /did not answer a call status within 1 second/);
    assert.equal(server.requests.length, 1);
    assert.ok(Date.now() - started < 5000);
    await api.close();
  });

  it('a body that trickles in slower than the total timeout is a timeout too', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"data":');
      const timer = setInterval(() => res.write(' '), 100);
      res.on('close', () => clearInterval(timer));
    });
    const { api } = client(server.url, { requestTimeoutMs: 600 });
    const error = await failure(() => api.getConnection('1'));
    assert.equal(error.kind, 'timeout');
    await api.close();
  });

  it('aborting the signal rejects at once with kind cancelled, in flight', async () => {
    const server = await serve(() => undefined);
    const { api } = client(server.url);
    const controller = new AbortController();
    const pending = failure(() => api.getCallStatus(CCID, { signal: controller.signal }));
    while (server.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    const abortedAt = Date.now();
    controller.abort();
    const error = await pending;
    assert.equal(error.kind, 'cancelled');
    assert.ok(Date.now() - abortedAt < 500);
    await api.close();
  });

  it('an already aborted signal sends nothing', async () => {
    const server = await serve((_req, res) => sendJson(res, 200, { data: SAMPLE_CONNECTION }));
    const { api } = client(server.url);
    const error = await failure(() => api.getConnection('1', { signal: AbortSignal.abort() }));
    assert.equal(error.kind, 'cancelled');
    assert.equal(server.requests.length, 0);
    await api.close();
  });

  it('aborting during a backoff wait cancels the wait', async () => {
    const server = await serve((_req, res) => sendJson(res, 503, {}));
    // A real wait long enough that only the abort can end it within the test.
    const api = createTelnyxClient({ apiKey: 'KEY', baseUrl: server.url, maxBackoffMs: 60_000, random: () => 1 });
    const controller = new AbortController();
    const pending = failure(() => api.listConnections({}, { signal: controller.signal }));
    while (server.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    await new Promise((resolve) => setTimeout(resolve, 50));
    controller.abort();
    const error = await pending;
    assert.equal(error.kind, 'cancelled');
    assert.equal(server.requests.length, 1);
    await api.close();
  });

  it('close() cancels what is in flight and later calls', async () => {
    const server = await serve(() => undefined);
    const { api } = client(server.url);
    const pending = failure(() => api.listConnections());
    while (server.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    await api.close();
    const error = await pending;
    assert.equal(error.kind, 'cancelled');
    assert.match(error.message, /closed/);
    const later = await failure(() => api.listConnections());
    assert.equal(later.kind, 'cancelled');
  });
});
