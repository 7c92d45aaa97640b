// One of the tap's two HTTP listeners: bound to 127.0.0.1 only, and able to stop with every request
// under way ended (each handler is told through the stop signal and answers before the port is freed).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { LiveTapStartProblem } from './model';

export const MAX_BODY_BYTES = 1024 * 1024;
// Past the cap the rest of a body is read and thrown away, so that the sender gets the 413; this much at most.
const MAX_DRAINED_BYTES = 16 * MAX_BODY_BYTES;

/** Why the tap could not start, with a code the surface can word (and `port`/`setting` for a port). */
export class LiveTapStartError extends Error {
  constructor(
    readonly code: LiveTapStartProblem,
    message: string,
    readonly port?: number,
    readonly setting?: string,
  ) {
    super(message);
    this.name = 'LiveTapStartError';
  }
}

export type Handler = (req: IncomingMessage, res: ServerResponse, stopSignal: AbortSignal) => Promise<void>;

export interface Listener {
  readonly port: number;
  close(): Promise<void>;
}

export async function listenOnLoopback(port: number, setting: string, handle: Handler): Promise<Listener> {
  const stopping = new AbortController();
  const underWay = new Set<Promise<void>>();
  const server: Server = createServer((req, res) => {
    const handling = handle(req, res, stopping.signal)
      .catch(() => {
        if (!res.headersSent) res.writeHead(500);
        res.end();
      })
      .finally(() => underWay.delete(handling));
    underWay.add(handling);
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') {
        reject(
          new LiveTapStartError(
            'port_in_use',
            `Port ${port} on 127.0.0.1 is already in use; choose another port in the setting ${setting}.`,
            port,
            setting,
          ),
        );
      } else {
        reject(
          new LiveTapStartError(
            'port_unavailable',
            `Port ${port} on 127.0.0.1 cannot be opened (${error.code ?? error.message}); check the setting ${setting}.`,
            port,
            setting,
          ),
        );
      }
    });
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : port,
    async close(): Promise<void> {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      stopping.abort();
      await Promise.allSettled([...underWay]);
      server.closeAllConnections();
      await closed;
    },
  };
}

export type BodyRead = { ok: true; body: Buffer } | { ok: false; tooLarge: true } | { ok: false; tooLarge: false };

/**
 * The whole body, or that it was over the cap (then read to its end and dropped), or that the request
 * broke off (or the tap stopped while it came in).
 */
export function readBody(req: IncomingMessage, stopSignal: AbortSignal): Promise<BodyRead> {
  return new Promise((resolve) => {
    const brokeOff = (): void => finish({ ok: false, tooLarge: false });
    const finish = (result: BodyRead): void => {
      stopSignal.removeEventListener('abort', brokeOff);
      resolve(result);
    };
    if (stopSignal.aborted) return brokeOff();
    stopSignal.addEventListener('abort', brokeOff, { once: true });
    const declared = Number(req.headers['content-length']);
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = Number.isFinite(declared) && declared > MAX_BODY_BYTES;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooLarge = true;
      if (!tooLarge) chunks.push(chunk);
      else if (size > MAX_DRAINED_BYTES) req.destroy();
    });
    req.on('end', () => finish(tooLarge ? { ok: false, tooLarge: true } : { ok: true, body: Buffer.concat(chunks) }));
    req.on('error', brokeOff);
    req.on('close', () => {
      if (!req.complete) brokeOff();
    });
  });
}
