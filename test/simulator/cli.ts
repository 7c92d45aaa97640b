// node out/simulator/cli.js --port 4010 [--live] [--seed N] [--key K] [--latency MS] [--busy-calls N] [--log]
//   [--realistic] and one flag per behaviour of the real API (see MODE_FLAGS and test/simulator/modes.ts)
//   Call Control: [--webhook CONNECTION=URL] [--failover CONNECTION=URL] [--webhook-method CONNECTION=GET|POST]
//   [--webhook-timeout CONNECTION=S] [--ring CONNECTION [--every S] [--talk S]] [--app] [--answer-delay MS] [--media MS]
import { startCallApp } from '../app/callApp';
import { readFixtureFile, serveFixture } from './fixture';
import { startSimulator, type Simulator } from './index';
import type { SimModes } from './modes';
import type { WebhookSettings } from './types';

const MODE_SWITCHES: Record<string, keyof SimModes> = {
  '--duplicates': 'duplicateDeliveries',
  '--late-events': 'lateEvents',
  '--envelope': 'envelopeMetadata',
  '--v1-ids': 'v1Ids',
  '--base64-cursors': 'base64Cursors',
  '--plain-client-state': 'plainClientState',
  '--ignore-unknown-filters': 'ignoreUnknownFilters',
  '--odd-records': 'oddRecords',
  '--html-errors': 'htmlServerErrors',
  '--v1-event-names': 'v1EventNames',
  '--repeating-cursor': 'repeatingCursor',
  '--refuse-session-filter': 'refuseSessionFilter',
  '--no-delivery-fields': 'noDeliveryFields',
  '--empty-metadata': 'emptyMetadata',
  '--pages-without-counts': 'pagesWithoutCounts',
  '--descending-pages': 'descendingPages',
};
const MODE_NUMBERS: Record<string, 'staleCursors' | 'maxPageSize' | 'largeMetadataBytes' | 'shiftingPages'> = {
  '--stale-cursors': 'staleCursors',
  '--max-page-size': 'maxPageSize',
  '--large-metadata': 'largeMetadataBytes',
  '--shifting-pages': 'shiftingPages',
};
const USAGE =
  'Usage: node out/simulator/cli.js [--port 4010] [--live] [--seed N] [--key K] [--latency MS] [--busy-calls N] [--log]\n' +
  '  [--realistic] ' +
  Object.keys(MODE_SWITCHES)
    .map((f) => `[${f}]`)
    .join(' ') +
  '\n  ' +
  Object.keys(MODE_NUMBERS)
    .map((f) => `[${f} N]`)
    .join(' ') +
  ' [--ignore-filter NAME]... [--expired-status 404|90015|90018] [--request-id-header x-request-id|request-id]\n' +
  '  Call Control (CONNECTION: an id, or main, busy, empty):\n' +
  '  [--webhook CONNECTION=URL]... [--failover CONNECTION=URL]... [--webhook-method CONNECTION=GET|POST]...\n' +
  '  [--webhook-timeout CONNECTION=SECONDS]... [--ring CONNECTION] [--every SECONDS] [--talk SECONDS]\n' +
  "  [--app] (a test application on 127.0.0.1 that answers, speaks and hangs up; the main connection's webhooks go to it)\n" +
  '  [--answer-delay MS] [--media MS]\n' +
  '  [--command-spelling bare|dotted|path] [--fixture FILE] (serve a call saved as a fixture instead of the seeded account)';

interface WebhookFlag {
  connection: string;
  settings: WebhookSettings;
}

interface CliOptions {
  /** Serve this saved call instead of the seeded account. */
  fixture: string | undefined;
  port: number;
  live: boolean;
  seed: number;
  key: string | undefined;
  latencyMs: number;
  busyCalls: number | undefined;
  log: boolean;
  realistic: boolean;
  modes: Partial<SimModes>;
  webhooks: WebhookFlag[];
  ring: string | undefined;
  everySeconds: number;
  talkSeconds: number | undefined;
  app: boolean;
  answerDelayMs: number | undefined;
  mediaMs: number | undefined;
}

/** `CONNECTION=VALUE` of the webhook flags. */
function connectionValue(flag: string, text: string | undefined): [string, string] {
  const eq = text?.indexOf('=') ?? -1;
  if (!text || eq <= 0 || eq === text.length - 1)
    throw new Error(`${flag} needs CONNECTION=VALUE, e.g. ${flag} main=http://127.0.0.1:3000/webhooks`);
  return [text.slice(0, eq), text.slice(eq + 1)];
}

function parseArgs(argv: string[]): CliOptions {
  const options: CliOptions = {
    fixture: undefined,
    port: 4010,
    live: false,
    seed: 1,
    key: undefined,
    latencyMs: 0,
    busyCalls: undefined,
    log: false,
    realistic: false,
    modes: {},
    webhooks: [],
    ring: undefined,
    everySeconds: 10,
    talkSeconds: undefined,
    app: false,
    answerDelayMs: undefined,
    mediaMs: undefined,
  };
  const number = (flag: string, value: string | undefined): number => {
    const n = Number(value);
    if (value === undefined || !Number.isInteger(n) || n < 0)
      throw new Error(`${flag} needs a whole number, got ${value ?? 'nothing'}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const modeSwitch = MODE_SWITCHES[arg];
    if (modeSwitch) {
      (options.modes as Record<string, unknown>)[modeSwitch] = true;
      continue;
    }
    const modeNumber = MODE_NUMBERS[arg];
    if (modeNumber) {
      options.modes[modeNumber] = number(arg, argv[++i]);
      continue;
    }
    switch (arg) {
      case '--realistic':
        options.realistic = true;
        break;
      case '--ignore-filter': {
        const name = argv[++i];
        if (!name) throw new Error('--ignore-filter needs a filter name, e.g. filter[leg_id]');
        options.modes.ignoredFilters = [...(options.modes.ignoredFilters ?? []), name];
        break;
      }
      case '--expired-status': {
        const value = argv[++i];
        if (value !== '404' && value !== '90015' && value !== '90018')
          throw new Error('--expired-status needs 404, 90015 or 90018');
        options.modes.expiredStatus = value;
        break;
      }
      case '--command-spelling': {
        const value = argv[++i];
        if (value !== 'bare' && value !== 'dotted' && value !== 'path')
          throw new Error('--command-spelling needs bare, dotted or path');
        options.modes.commandSpelling = value;
        break;
      }
      case '--request-id-header': {
        const value = argv[++i];
        if (value !== 'x-request-id' && value !== 'request-id')
          throw new Error('--request-id-header needs x-request-id or request-id');
        options.modes.requestIdHeader = value;
        break;
      }
      case '--fixture':
        options.fixture = argv[++i];
        if (!options.fixture) throw new Error('--fixture needs a file saved with Telnyx: Save Call as Fixture…');
        break;
      case '--port':
        options.port = number(arg, argv[++i]);
        break;
      case '--live':
        options.live = true;
        break;
      case '--seed':
        options.seed = number(arg, argv[++i]);
        break;
      case '--key':
        options.key = argv[++i];
        if (!options.key) throw new Error('--key needs a value');
        break;
      case '--latency':
        options.latencyMs = number(arg, argv[++i]);
        break;
      case '--busy-calls':
        options.busyCalls = number(arg, argv[++i]);
        break;
      case '--log':
        options.log = true;
        break;
      case '--webhook': {
        const [connection, url] = connectionValue(arg, argv[++i]);
        options.webhooks.push({ connection, settings: { webhookUrl: url } });
        break;
      }
      case '--failover': {
        const [connection, url] = connectionValue(arg, argv[++i]);
        options.webhooks.push({ connection, settings: { failoverUrl: url } });
        break;
      }
      case '--webhook-method': {
        const [connection, method] = connectionValue(arg, argv[++i]);
        if (method !== 'GET' && method !== 'POST')
          throw new Error('--webhook-method needs CONNECTION=GET or CONNECTION=POST');
        options.webhooks.push({ connection, settings: { method } });
        break;
      }
      case '--webhook-timeout': {
        const [connection, seconds] = connectionValue(arg, argv[++i]);
        options.webhooks.push({ connection, settings: { timeoutSeconds: number(arg, seconds) } });
        break;
      }
      case '--ring':
        options.ring = argv[++i];
        if (!options.ring) throw new Error('--ring needs a connection (an id, or main, busy, empty)');
        break;
      case '--every':
        options.everySeconds = number(arg, argv[++i]);
        if (options.everySeconds === 0) throw new Error('--every needs at least 1 second');
        break;
      case '--talk':
        options.talkSeconds = number(arg, argv[++i]);
        break;
      case '--app':
        options.app = true;
        break;
      case '--answer-delay':
        options.answerDelayMs = number(arg, argv[++i]);
        break;
      case '--media':
        options.mediaMs = number(arg, argv[++i]);
        break;
      case '--help':
      case '-h':
        console.log(USAGE);
        process.exit(0);
        break;
      default:
        throw new Error(`unknown option ${arg} (try --help)`);
    }
  }
  return options;
}

async function main(): Promise<void> {
  let options: CliOptions;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`telnyx simulator: ${(error as Error).message}`);
    process.exit(2);
  }
  if (options.fixture) {
    let fixture;
    try {
      fixture = readFixtureFile(options.fixture);
    } catch (error) {
      console.error(`telnyx simulator: ${(error as Error).message}`);
      process.exit(2);
    }
    const served = await serveFixture(fixture, { port: options.port, apiKey: options.key });
    console.log(
      `Telnyx simulator serving the call ${fixture.callControlId} (${fixture.answers.length} answers) on ${served.url}`,
    );
    console.log(`API key: ${served.apiKey}`);
    const stopServing = (): void => {
      void served.close().then(() => process.exit(0));
    };
    process.once('SIGINT', stopServing);
    process.once('SIGTERM', stopServing);
    return;
  }
  const sim = await startSimulator({
    port: options.port,
    live: options.live,
    seed: options.seed,
    apiKey: options.key,
    busyConnectionCalls: options.busyCalls,
    logRequests: options.log,
    realistic: options.realistic,
    modes: options.modes,
    callControl: {
      ...(options.answerDelayMs !== undefined ? { answerDelayMs: options.answerDelayMs } : {}),
      ...(options.mediaMs !== undefined ? { mediaMs: options.mediaMs } : {}),
    },
  });
  const connectionOf = (name: string): string => resolveConnection(sim, name);
  let app: Awaited<ReturnType<typeof startCallApp>> | undefined;
  let stopRinging: (() => void) | undefined;
  try {
    if (options.app) {
      app = await startCallApp({
        apiUrl: sim.url,
        apiKey: sim.apiKey,
        publicKey: sim.webhookPublicKey,
        now: () => sim.clock.now(),
      });
      sim.setWebhook(sim.seed.mainConnectionId, { webhookUrl: app.url });
    }
    for (const flag of options.webhooks) sim.setWebhook(connectionOf(flag.connection), flag.settings);
    if (options.ring) {
      const ringing = connectionOf(options.ring);
      stopRinging = sim.startRinging(ringing, options.everySeconds * 1000, {
        hangupAfterMs: options.talkSeconds === undefined ? undefined : options.talkSeconds * 1000,
      });
    }
  } catch (error) {
    await app?.close();
    await sim.close();
    console.error(`telnyx simulator: ${(error as Error).message.replace(/^simulator: /, '')}`);
    process.exit(2);
  }
  if (options.latencyMs > 0) sim.addFault({ latencyMs: options.latencyMs });
  const on = Object.entries(sim.modes)
    .filter(
      ([, value]) =>
        value !== false &&
        value !== 0 &&
        !(Array.isArray(value) && value.length === 0) &&
        value !== '404' &&
        value !== 'x-request-id' &&
        value !== 'bare',
    )
    .map(([name]) => name);
  console.log(
    `Telnyx simulator listening on ${sim.url}${options.live ? ' (live)' : ''}${on.length ? ` modes: ${on.join(', ')}` : ''}`,
  );
  console.log(`API key: ${sim.apiKey}`);
  console.log(`Main connection: ${sim.seed.mainConnectionId}  busy connection: ${sim.seed.busyConnectionId}`);
  console.log(`Webhook public key (TELNYX_PUBLIC_KEY): ${sim.webhookPublicKey}`);
  console.log(`Control API: ${sim.url.replace(/\/v2$/, '')}/_simulator/ (same key)`);
  if (app) console.log(`Test application: ${app.url} (the main connection's webhooks go to it)`);
  if (options.ring) console.log(`Ringing ${connectionOf(options.ring)} every ${options.everySeconds} s`);
  const stop = (): void => {
    stopRinging?.();
    void (app?.close() ?? Promise.resolve()).then(() => sim.close()).then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

const CONNECTION_NAMES: Record<string, keyof Simulator['seed']> = {
  main: 'mainConnectionId',
  busy: 'busyConnectionId',
  empty: 'emptyConnectionId',
};

function resolveConnection(sim: Simulator, name: string): string {
  const known = CONNECTION_NAMES[name];
  return known ? sim.seed[known] : name;
}

main().catch((error: unknown) => {
  console.error('telnyx simulator: could not start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
