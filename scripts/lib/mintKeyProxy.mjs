// The browser workbench encrypts SecretStorage with a key it fetches by `POST …/mint-key`. VS Code's
// plain server does not serve that route (code-server's wrapper does), so without this proxy stored
// secrets vanish on reload. Everything else, websockets included, passes through untouched.
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import httpProxy from 'http-proxy';

// The same key on every run, so that secrets stored in a browser profile by one demo run can be read
// by the next one.
const MINT_KEY = createHash('sha256').update('telnyx-calls test mint key').digest();

/** Listens on 127.0.0.1:`port` and forwards to 127.0.0.1:`targetPort`. */
export function startMintKeyProxy({ port, targetPort }) {
  const proxy = httpProxy.createProxyServer({ target: `http://127.0.0.1:${targetPort}`, ws: true, xfwd: false });
  proxy.on('error', (_error, _req, res) => {
    // A socket (websocket upgrade) has no writeHead; an HTTP response does.
    if (res && typeof res.writeHead === 'function' && !res.headersSent) {
      res.writeHead(502, { 'content-type': 'text/plain' });
      res.end('VS Code server not reachable');
    } else if (res && typeof res.destroy === 'function') {
      res.destroy();
    }
  });
  const server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (req.method === 'POST' && path.endsWith('/mint-key')) {
      req.resume();
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': MINT_KEY.length });
      res.end(MINT_KEY);
      return;
    }
    proxy.web(req, res);
  });
  server.on('upgrade', (req, socket, head) => proxy.ws(req, socket, head));
  // closeAllConnections() leaves upgraded (websocket) sockets alone, and server.close() waits for
  // them: a socket the browser left half-open kept a finished test run alive. Track and end them all.
  const sockets = new Set();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      resolve({
        port: typeof address === 'object' && address ? address.port : port,
        close: () =>
          new Promise((done) => {
            server.close(() => done());
            for (const socket of sockets) socket.destroy();
            proxy.close();
          }),
      });
    });
  });
}
