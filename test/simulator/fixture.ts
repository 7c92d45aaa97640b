// Serves a call saved with "Telnyx: Save Call as Fixture…": each saved answer at its request path,
// as Telnyx answered it, so the panel shows the same call offline. A request the fixture does not
// hold is answered like Telnyx's 404 (10005). A real HTTP server on 127.0.0.1, as the simulator is.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { parseCallFixture, type CallFixture } from '../../src/calls/fixture';
import { DEMO_API_KEY } from './types';

export interface FixtureServer {
  url: string;
  apiKey: string;
  /** Paths asked for, in order. */
  readonly requests: string[];
  close(): Promise<void>;
}

/** `/v2/call_events?b=2&a=1` and `/v2/call_events?a=1&b=2` are the same request. */
function requestKey(path: string): string {
  const [pathname, query = ''] = path.split('?', 2);
  const pairs = query
    .split('&')
    .filter(Boolean)
    .map((pair) => {
      const [name, value = ''] = pair.split('=', 2);
      return `${decodeURIComponent(name)}=${decodeURIComponent(value.replace(/\+/g, ' '))}`;
    });
  return `${decodeURIComponent(pathname)}?${pairs.sort().join('&')}`;
}

export function readFixtureFile(file: string): CallFixture {
  const parsed = parseCallFixture(readFileSync(file, 'utf8'));
  if ('problem' in parsed) throw new Error(`${file}: ${parsed.problem}`);
  return parsed.fixture;
}

export async function serveFixture(
  fixture: CallFixture,
  options: { port?: number; apiKey?: string } = {},
): Promise<FixtureServer> {
  const apiKey = options.apiKey ?? DEMO_API_KEY;
  const answers = new Map(fixture.answers.map((answer) => [requestKey(answer.path), answer]));
  const requests: string[] = [];
  const server = createServer((req, res) => {
    const path = req.url ?? '/';
    requests.push(path);
    const send = (status: number, body: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json', 'x-request-id': `fixture-${requests.length}` });
      res.end(JSON.stringify(body));
    };
    if (req.headers.authorization !== `Bearer ${apiKey}`) {
      send(401, {
        errors: [
          { code: '10009', title: 'Authentication failed', detail: 'Could not understand the provided credentials.' },
        ],
      });
      return;
    }
    const answer = req.method === 'GET' ? answers.get(requestKey(path)) : undefined;
    if (!answer) {
      send(404, {
        errors: [
          { code: '10005', title: 'Resource not found', detail: 'The fixture holds no answer for this request.' },
        ],
      });
      return;
    }
    send(answer.status, answer.body);
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : 0);
    });
  });
  return {
    url: `http://127.0.0.1:${port}/v2`,
    apiKey,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
