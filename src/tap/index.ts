// The live tap (bundled apart as dist/tap.js, loaded by src/services/tapLoader.ts when a tap starts):
// two listeners on 127.0.0.1 between Telnyx and the developer's application, forwarding unchanged
// and recording what passed. See docs/live-tap.md.
import { Agent } from 'undici';
import { checkBaseUrl } from '../telnyx/baseUrl';
import { LiveTapStartError, listenOnLoopback, type Listener } from './listener';
import type { LiveTap, LiveTapOptions, LiveTapRecord } from './model';
import { DEFAULT_MAX_CALLS, DEFAULT_MAX_ENTRIES, TapRecord } from './record';
import { ed25519PublicKey } from './signature';
import { commandHandler } from './commandTap';
import { webhookHandler } from './webhookTap';

export { LiveTapStartError } from './listener';

/** Telnyx's default webhook timeout (a connection's `webhook_timeout_seconds`). */
export const DEFAULT_APP_TIMEOUT_MS = 10_000;
const DEFAULT_API_TIMEOUT_MS = 30_000;

/**
 * Starts both listeners and returns the running tap. `carryOver` is the previous tap of the window
 * (stopped): its record continues in this one. Rejects with a `LiveTapStartError` whose `code` says why.
 */
export async function startLiveTap(options: LiveTapOptions, carryOver?: LiveTapRecord): Promise<LiveTap> {
  const appUrl = checkAppUrl(options.appUrl);
  const api = checkBaseUrl(options.apiBaseUrl);
  if (!api.ok) throw new LiveTapStartError('bad_api_base_url', api.reason);
  const publicKey = options.publicKey?.trim() ? ed25519PublicKey(options.publicKey) : undefined;
  if (options.publicKey?.trim() && !publicKey) {
    throw new LiveTapStartError(
      'bad_public_key',
      'The webhook public key must be the 32-byte Ed25519 key in base64, as the Telnyx portal shows it.',
    );
  }

  const record = new TapRecord(
    options.maxCalls ?? DEFAULT_MAX_CALLS,
    options.maxEntries ?? DEFAULT_MAX_ENTRIES,
    carryOver,
  );
  const toApplication = new Agent({ keepAliveTimeout: 4_000 });
  const toTelnyx = new Agent({ keepAliveTimeout: 4_000 });
  const listeners: Listener[] = [];
  const closeAll = async (): Promise<void> => {
    await Promise.allSettled(listeners.map((listener) => listener.close()));
    await Promise.allSettled([toApplication.close(), toTelnyx.close()]);
  };
  try {
    listeners.push(
      await listenOnLoopback(
        options.webhookPort,
        'telnyx.tap.webhookPort',
        webhookHandler({
          appUrl,
          publicKey,
          timeoutMs: options.appTimeoutMs ?? DEFAULT_APP_TIMEOUT_MS,
          dispatcher: toApplication,
          record,
        }),
      ),
    );
    listeners.push(
      await listenOnLoopback(
        options.apiPort,
        'telnyx.tap.apiPort',
        commandHandler({
          apiBaseUrl: api.url,
          timeoutMs: options.apiTimeoutMs ?? DEFAULT_API_TIMEOUT_MS,
          dispatcher: toTelnyx,
          record,
        }),
      ),
    );
  } catch (error) {
    await closeAll();
    throw error;
  }

  const [webhookListener, apiListener] = listeners;
  let listening = true;
  let stopping: Promise<void> | undefined;
  return {
    status: () => ({
      listening,
      appUrl: options.appUrl,
      webhookPort: webhookListener.port,
      apiPort: apiListener.port,
      ...record.counts(),
    }),
    calls: () => record.calls(),
    call: (callControlId) => record.call(callControlId),
    unattached: () => record.unattached(),
    onDidRecord: (listener) => record.onDidRecord(listener),
    stop(): Promise<void> {
      stopping ??= closeAll().then(() => {
        listening = false;
      });
      return stopping;
    },
  };
}

function checkAppUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new LiveTapStartError('bad_app_url', `"${raw}" is not a URL (e.g. http://localhost:3000/webhooks).`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new LiveTapStartError('bad_app_url', `The application's URL must be http or https, not ${url.protocol}.`);
  }
  if (url.username || url.password) {
    throw new LiveTapStartError('bad_app_url', "The application's URL must not contain credentials.");
  }
  return url;
}
