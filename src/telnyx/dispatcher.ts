// The client's own connection pool. Never the global dispatcher: that one is process-wide and
// shared with every other extension's fetch in the extension host.
import { Agent, ProxyAgent, type Dispatcher } from 'undici';
import { TelnyxError } from './errors';

export interface DispatcherOptions {
  connectTimeoutMs: number;
  /** undici's own header/body timers; the transport's total timer normally fires first. */
  socketTimeoutMs: number;
  connections: number;
  proxy?: { url: string; strictSSL?: boolean };
}

/** A proxy URL may carry credentials: messages show only its scheme, host and port. */
export function describeProxy(raw: string): string {
  try {
    const url = new URL(raw);
    return `${url.protocol}//${url.host}`;
  } catch {
    return 'the configured proxy';
  }
}

export function createDispatcher(options: DispatcherOptions): Dispatcher {
  const common = {
    keepAliveTimeout: 10_000,
    headersTimeout: options.socketTimeoutMs,
    bodyTimeout: options.socketTimeoutMs,
    connections: options.connections,
  };
  if (!options.proxy) {
    return new Agent({ ...common, connect: { timeout: options.connectTimeoutMs } });
  }
  let proxyUrl: URL;
  try {
    proxyUrl = new URL(options.proxy.url.includes('://') ? options.proxy.url : `http://${options.proxy.url}`);
  } catch {
    throw new TelnyxError({ kind: 'config', message: 'The proxy setting (http.proxy or https_proxy) is not a URL.' });
  }
  if (proxyUrl.protocol !== 'http:' && proxyUrl.protocol !== 'https:') {
    throw new TelnyxError({
      kind: 'config',
      message: `The proxy ${describeProxy(proxyUrl.href)} is not supported: use an http:// or https:// proxy.`,
    });
  }
  const rejectUnauthorized = options.proxy.strictSSL !== false;
  // Tunnels with CONNECT (undici's default) for http and https targets alike.
  return new ProxyAgent({
    ...common,
    uri: proxyUrl.href,
    requestTls: { rejectUnauthorized, timeout: options.connectTimeoutMs },
    proxyTls: { rejectUnauthorized, timeout: options.connectTimeoutMs },
  });
}
