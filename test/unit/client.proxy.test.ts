// The proxy option, through a real proxy on 127.0.0.1. undici's ProxyAgent tunnels with CONNECT
// (its default `proxyTunnel: true`), for an http:// target as well as an https:// one; this proxy
// also serves absolute-form requests so the test would notice if that ever changed.
import { strict as assert } from 'node:assert';
import { createServer, request as httpRequest, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { after, describe, it } from 'node:test';
import { createTelnyxClient } from '../../src/telnyx/index';
import { client, failure, SAMPLE_CONNECTION, sendJson, startServer, type TestServer } from './clientTestServer';

// Self-signed for IP 127.0.0.1, valid until 2126; used only by this test's https server.
const TLS_KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgt54nqbN1lrYMq5Zi
WlPhgpq2VbiuN4gRukWtKKWNfzWhRANCAATYXwW6h4ViYDveKzwty5z8k7cQakBa
7SKu0eRcvV/GQIwWJXPHH1XBOIJdzi5MhbYLRNyUeSacq2CM/0xOZtHd
-----END PRIVATE KEY-----`;
const TLS_CERT = `-----BEGIN CERTIFICATE-----
MIIBkDCCATagAwIBAgIUHUcds0ummCJw2U1f02zblAshI3owCgYIKoZIzj0EAwIw
FDESMBAGA1UEAwwJMTI3LjAuMC4xMCAXDTI2MTEyNTE1MjM0NFoYDzIxMjYxMTAx
MTUyMzQ0WjAUMRIwEAYDVQQDDAkxMjcuMC4wLjEwWTATBgcqhkjOPQIBBggqhkjO
PQMBBwNCAATYXwW6h4ViYDveKzwty5z8k7cQakBa7SKu0eRcvV/GQIwWJXPHH1XB
OIJdzi5MhbYLRNyUeSacq2CM/0xOZtHdo2QwYjAdBgNVHQ4EFgQUjkuha4DZPzBQ
gDQXT3v6kIlCbxEwHwYDVR0jBBgwFoAUjkuha4DZPzBQgDQXT3v6kIlCbxEwDwYD
VR0TAQH/BAUwAwEB/zAPBgNVHREECDAGhwR/AAABMAoGCCqGSM49BAMCA0gAMEUC
IFCO6q6CI6N87dzwxvRCRKNs/J3TKw6hsh9rOmEf52BFAiEAz29ybKLYSeof1FEF
C5gfe1QI39bzxC21veXX+5mxUbk=
-----END CERTIFICATE-----`;

interface Proxy {
  url: string;
  tunnels: string[];
  forwarded: string[];
  authorizations: Array<string | undefined>;
  close(): Promise<void>;
}

async function startProxy(options: { requireAuth?: string } = {}): Promise<Proxy> {
  const sockets = new Set<Socket>();
  const proxy: Proxy = { url: '', tunnels: [], forwarded: [], authorizations: [], close: async () => undefined };
  const server: Server = createServer((req, res) => {
    // Absolute-form: GET http://127.0.0.1:port/v2/... HTTP/1.1
    proxy.forwarded.push(req.url ?? '');
    const target = new URL(req.url ?? '');
    const upstream = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        path: `${target.pathname}${target.search}`,
        method: req.method,
        headers: req.headers,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  server.on('connect', (req, clientSocket: Socket, head: Buffer) => {
    proxy.tunnels.push(req.url ?? '');
    proxy.authorizations.push(req.headers['proxy-authorization']);
    if (options.requireAuth && req.headers['proxy-authorization'] !== options.requireAuth) {
      clientSocket.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic\r\n\r\n');
      return;
    }
    const [host, port] = (req.url ?? '').split(':');
    const upstream = connect(Number(port), host, () => {
      clientSocket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) upstream.write(head);
      upstream.pipe(clientSocket);
      clientSocket.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('error', () => clientSocket.destroy());
    clientSocket.on('error', () => upstream.destroy());
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy.close = async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return proxy;
}

const cleanups: Array<() => Promise<void>> = [];
after(async () => {
  await Promise.all(cleanups.map((cleanup) => cleanup()));
});

async function target(): Promise<TestServer> {
  const server = await startServer((_req, res) => sendJson(res, 200, { data: SAMPLE_CONNECTION }));
  cleanups.push(() => server.close());
  return server;
}

describe('client through a proxy', () => {
  it('sends requests to an http:// loopback API through the proxy (CONNECT tunnel)', async () => {
    const api = await target();
    const proxy = await startProxy();
    cleanups.push(() => proxy.close());
    const { api: telnyx } = client(api.url, { proxy: { url: proxy.url } });
    const connection = await telnyx.getConnection('77');
    await telnyx.getConnection('78');
    assert.equal(connection.id, SAMPLE_CONNECTION.id);
    // Every connection to the API was a tunnel opened by the proxy (undici may open a second one).
    assert.ok(proxy.tunnels.length >= 1);
    assert.ok(
      proxy.tunnels.every((tunnel) => tunnel === `127.0.0.1:${api.port}`),
      proxy.tunnels.join(),
    );
    assert.deepEqual(proxy.forwarded, []);
    assert.deepEqual(
      api.requests.map((request) => request.path),
      ['/v2/connections/77', '/v2/connections/78'],
    );
    assert.equal(api.requests[0].headers.authorization, 'Bearer KEYTESTCLIENT');
    await telnyx.close();
  });

  it('without the proxy option the proxy is not used', async () => {
    const api = await target();
    const proxy = await startProxy();
    cleanups.push(() => proxy.close());
    const { api: telnyx } = client(api.url);
    await telnyx.getConnection('1');
    assert.deepEqual(proxy.tunnels, []);
    assert.equal(api.requests.length, 1);
    await telnyx.close();
  });

  it('sends proxy credentials from the proxy URL, and never shows them in an error', async () => {
    const api = await target();
    const proxy = await startProxy({ requireAuth: `Basic ${Buffer.from('user:proxy-secret').toString('base64')}` });
    cleanups.push(() => proxy.close());
    const good = client(api.url, { proxy: { url: proxy.url.replace('://', '://user:proxy-secret@') } });
    await good.api.getConnection('1');
    assert.equal(api.requests.length, 1);
    await good.api.close();

    const bad = client(api.url, { proxy: { url: proxy.url.replace('://', '://user:wrong-secret@') } });
    const error = await failure(() => bad.api.getConnection('1'));
    assert.equal(error.kind, 'network');
    assert.match(error.message, /the proxy http:\/\/127\.0\.0\.1:\d+ answered 407/);
    assert.match(error.message, /http\.proxy/);
    assert.ok(!JSON.stringify(error).includes('wrong-secret'));
    assert.equal(api.requests.length, 1);
    await bad.api.close();
  });

  it('strictSSL decides whether a self-signed https API is accepted through the proxy', async () => {
    const server = createHttpsServer({ key: TLS_KEY, cert: TLS_CERT }, (_req, res) =>
      sendJson(res, 200, { data: SAMPLE_CONNECTION }),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(
      () =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    );
    const baseUrl = `https://127.0.0.1:${(server.address() as AddressInfo).port}/v2`;
    const proxy = await startProxy();
    cleanups.push(() => proxy.close());

    const lax = createTelnyxClient({ apiKey: 'KEY', baseUrl, proxy: { url: proxy.url, strictSSL: false } });
    assert.equal((await lax.getConnection('1')).id, SAMPLE_CONNECTION.id);
    await lax.close();

    const strict = createTelnyxClient({
      apiKey: 'KEY',
      baseUrl,
      proxy: { url: proxy.url, strictSSL: true },
      maxAttempts: 1,
    });
    const error = await failure(() => strict.getConnection('1'));
    assert.equal(error.kind, 'network');
    assert.match(error.message, /SELF_SIGNED|CERT/);
    await strict.close();
    assert.ok(proxy.tunnels.length >= 2, 'both clients went through the proxy');
  });

  it('an unusable proxy setting is kind config at construction', () => {
    for (const url of ['socks5://127.0.0.1:1080', 'http://[bad']) {
      assert.throws(
        () => createTelnyxClient({ apiKey: 'KEY', baseUrl: 'http://127.0.0.1:9/v2', proxy: { url } }),
        (error: unknown) => (error as { kind?: string }).kind === 'config',
        url,
      );
    }
  });
});
