// Small real HTTP servers on 127.0.0.1 for the client tests that need exact control of an answer
// (a drop, a slow body, a header), plus helpers shared by the client test files.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { TelnyxApi, TelnyxClientOptions } from '../../src/telnyx/api';
import { isTelnyxError, type TelnyxError } from '../../src/telnyx/errors';
import { createTelnyxClient } from '../../src/telnyx/index';
import type { RequestLogEntry } from '../../src/telnyx/types';

export interface SeenRequest {
  method: string;
  /** Path and raw query as received. */
  url: string;
  path: string;
  rawQuery: string;
  headers: IncomingMessage['headers'];
}

export type Handler = (req: IncomingMessage, res: ServerResponse, index: number) => void | Promise<void>;

export interface TestServer {
  /** Base URL including /v2. */
  url: string;
  port: number;
  requests: SeenRequest[];
  /** Most requests the server was answering at the same time. */
  maxInFlight: number;
  close(): Promise<void>;
}

export async function startServer(handler: Handler): Promise<TestServer> {
  const sockets = new Set<Socket>();
  let inFlight = 0;
  const state: TestServer = {
    url: '',
    port: 0,
    requests: [],
    maxInFlight: 0,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server: Server = createServer((req, res) => {
    const url = req.url ?? '';
    const q = url.indexOf('?');
    state.requests.push({
      method: req.method ?? '',
      url,
      path: q < 0 ? url : url.slice(0, q),
      rawQuery: q < 0 ? '' : url.slice(q + 1),
      headers: req.headers,
    });
    inFlight++;
    state.maxInFlight = Math.max(state.maxInFlight, inFlight);
    let counted = true;
    const done = (): void => {
      if (counted) inFlight--;
      counted = false;
    };
    res.on('close', done);
    res.on('finish', done);
    void Promise.resolve(handler(req, res, state.requests.length - 1)).catch(() => res.destroy());
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.port = (server.address() as AddressInfo).port;
  state.url = `http://127.0.0.1:${state.port}/v2`;
  return state;
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

export function telnyxError(code: string, title: string, detail?: string, pointer?: string): unknown {
  return { errors: [{ code, title, ...(detail ? { detail } : {}), ...(pointer ? { source: { pointer } } : {}) }] };
}

export function numberedBody<T>(
  data: T[],
  pageNumber: number,
  totalPages: number,
  totalResults: number,
  pageSize = 20,
): unknown {
  return {
    data,
    meta: { page_number: pageNumber, page_size: pageSize, total_pages: totalPages, total_results: totalResults },
  };
}

export const SAMPLE_CONNECTION = {
  id: '1293384261075731461',
  record_type: 'call_control_application',
  connection_name: 'support-line',
  active: true,
};
export const SAMPLE_CALL_STATUS = {
  record_type: 'call',
  call_session_id: '428c31b6-7af4-4bcb-b68e-5013ef9657c1',
  call_leg_id: '428c31b6-7af4-4bcb-b7f5-5013ef9657c1',
  call_control_id: 'v3:MdI91X4lWFEs7IgbBEOT9M4AigoY08M0WWZFISt1Yw2axZ_IiE4pqg',
  is_alive: true,
  call_duration: 50,
  start_time: '2019-01-23T18:10:02.574Z',
};

export function activeCall(index: number): Record<string, unknown> {
  return {
    record_type: 'call',
    call_session_id: `session-${index}`,
    call_leg_id: `leg-${index}`,
    call_control_id: `v3:call${String(index).padStart(4, '0')}abcdefghijklmnopqrstuvwxyz`,
    client_state: 'aGF2ZSBhIG5pY2UgZGF5ID1d',
    call_duration: index,
  };
}

export function callEvent(index: number): Record<string, unknown> {
  return {
    record_type: 'call_event',
    call_leg_id: 'leg-1',
    call_session_id: 'session-1',
    event_timestamp: `2024-05-01T10:00:${String(index % 60).padStart(2, '0')}.${String(index).padStart(6, '0')}Z`,
    name: `event-${index}`,
    type: index % 2 ? 'webhook' : 'command',
    metadata: { index },
  };
}

/** A sleep that returns at once and remembers what it was asked to wait. */
export function recordingSleep(): { sleep: (ms: number, signal?: AbortSignal) => Promise<void>; waits: number[] } {
  const waits: number[] = [];
  return {
    waits,
    sleep: async (ms, signal) => {
      waits.push(ms);
      if (signal?.aborted) throw new Error('aborted');
    },
  };
}

export interface ClientUnderTest {
  api: TelnyxApi;
  log: RequestLogEntry[];
  waits: number[];
}

export function client(baseUrl: string, options: Partial<TelnyxClientOptions> = {}): ClientUnderTest {
  const log: RequestLogEntry[] = [];
  const { sleep, waits } = recordingSleep();
  const api = createTelnyxClient({
    apiKey: 'KEYTESTCLIENT',
    baseUrl,
    sleep,
    random: () => 0.5,
    onRequest: (entry) => log.push(entry),
    ...options,
  });
  return { api, log, waits };
}

/** Runs `action`, expecting a TelnyxError; returns it. */
export async function failure(action: () => Promise<unknown>): Promise<TelnyxError> {
  try {
    await action();
  } catch (error) {
    if (isTelnyxError(error)) return error;
    throw new Error(`expected a TelnyxError, got ${String(error)}`, { cause: error });
  }
  throw new Error('expected a TelnyxError, but the call succeeded');
}
