// Serves a call saved with "Telnyx: Save Call as Fixture…": each saved answer at its request path,
// as Telnyx answered it, so the panel shows the same call offline. A `/call_events` read of the call's
// leg or session that the file does not hold verbatim (a live call's panel asks for what is new with
// an `occurred_at` bound of its own) is answered from the events the file holds, filtered and paged as
// Telnyx would. Any other request the fixture does not hold is answered like Telnyx's 404 (10005).
// A real HTTP server on 127.0.0.1, as the simulator is.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { parseCallFixture, type CallFixture } from '../../src/calls/fixture';
import { parseQuery } from './query';
import { parseIsoMicros } from './time';
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

interface HeldEvent {
  call_leg_id?: unknown;
  call_session_id?: unknown;
  event_timestamp?: unknown;
}

const TIME_TESTS: Record<string, (us: number, at: number) => boolean> = {
  eq: (us, at) => us === at,
  gt: (us, at) => us > at,
  gte: (us, at) => us >= at,
  lt: (us, at) => us < at,
  lte: (us, at) => us <= at,
};

/**
 * Every event the fixture's `/call_events` answers hold, once each (the same record read by two
 * requests is one event), in the order they were read.
 */
function heldEvents(fixture: CallFixture): HeldEvent[] {
  const seen = new Set<string>();
  const events: HeldEvent[] = [];
  for (const answer of fixture.answers) {
    if (!answer.path.split('?', 1)[0].endsWith('/call_events')) continue;
    const data = (answer.body as { data?: unknown } | null)?.data;
    if (!Array.isArray(data)) continue;
    for (const event of data) {
      const key = JSON.stringify(event);
      if (seen.has(key)) continue;
      seen.add(key);
      events.push(event as HeldEvent);
    }
  }
  return events;
}

/** A `/call_events` page of a leg or session the fixture holds, or undefined when the request is another kind. */
function eventsPage(events: readonly HeldEvent[], path: string): { data: HeldEvent[]; meta: object } | undefined {
  const [pathname, rawQuery = ''] = path.split('?', 2);
  if (!pathname.endsWith('/call_events')) return undefined;
  const pairs = parseQuery(rawQuery);
  if (!pairs) return undefined;
  const query = new Map(pairs);
  const leg = query.get('filter[leg_id]');
  const session = query.get('filter[application_session_id]');
  const known = new Set(['filter[leg_id]', 'filter[application_session_id]', 'page[number]', 'page[size]']);
  const bounds = [...query.keys()].filter((name) => /^filter\[occurred_at\]\[(eq|gt|gte|lt|lte)\]$/.test(name));
  if ((leg === undefined && session === undefined) || bounds.length > 1) return undefined;
  if ([...query.keys()].some((name) => !known.has(name) && !bounds.includes(name))) return undefined;
  const bound = bounds[0];
  const at = bound === undefined ? undefined : parseIsoMicros(query.get(bound) ?? '');
  if (bound !== undefined && at === undefined) return undefined;
  const test = bound === undefined ? undefined : TIME_TESTS[/\[(\w+)\]$/.exec(bound)?.[1] ?? ''];
  const matching = events.filter((event) => {
    if (leg !== undefined && event.call_leg_id !== leg) return false;
    if (session !== undefined && event.call_session_id !== session) return false;
    if (!test || at === undefined) return true;
    const us = typeof event.event_timestamp === 'string' ? parseIsoMicros(event.event_timestamp) : undefined;
    return us !== undefined && test(us, at);
  });
  const pageNumber = Math.max(1, Number(query.get('page[number]') ?? 1) || 1);
  const pageSize = Math.min(250, Math.max(1, Number(query.get('page[size]') ?? 20) || 20));
  return {
    data: matching.slice((pageNumber - 1) * pageSize, pageNumber * pageSize),
    meta: {
      page_number: pageNumber,
      page_size: pageSize,
      total_pages: Math.ceil(matching.length / pageSize),
      total_results: matching.length,
    },
  };
}

export async function serveFixture(
  fixture: CallFixture,
  options: { port?: number; apiKey?: string } = {},
): Promise<FixtureServer> {
  const apiKey = options.apiKey ?? DEMO_API_KEY;
  const answers = new Map(fixture.answers.map((answer) => [requestKey(answer.path), answer]));
  const events = heldEvents(fixture);
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
    const page = !answer && req.method === 'GET' ? eventsPage(events, path) : undefined;
    if (page) {
      send(200, page);
      return;
    }
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
