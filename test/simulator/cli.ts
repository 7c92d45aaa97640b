// node out/simulator/cli.js --port 4010 [--live] [--seed N] [--key K] [--latency MS] [--busy-calls N] [--log]
import { startSimulator } from './index';

interface CliOptions {
  port: number;
  live: boolean;
  seed: number;
  key: string | undefined;
  latencyMs: number;
  busyCalls: number | undefined;
  log: boolean;
}

function parseArgs(argv: string[]): CliOptions {
  const options: CliOptions = { port: 4010, live: false, seed: 1, key: undefined, latencyMs: 0, busyCalls: undefined, log: false };
  const number = (flag: string, value: string | undefined): number => {
    const n = Number(value);
    if (value === undefined || !Number.isInteger(n) || n < 0) throw new Error(`${flag} needs a whole number, got ${value ?? 'nothing'}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    switch (arg) {
      case '--port': options.port = number(arg, argv[++i]); break;
      case '--live': options.live = true; break;
      case '--seed': options.seed = number(arg, argv[++i]); break;
      case '--key': options.key = argv[++i]; if (!options.key) throw new Error('--key needs a value'); break;
      case '--latency': options.latencyMs = number(arg, argv[++i]); break;
      case '--busy-calls': options.busyCalls = number(arg, argv[++i]); break;
      case '--log': options.log = true; break;
      case '--help':
      case '-h':
        console.log('Usage: node out/simulator/cli.js [--port 4010] [--live] [--seed N] [--key K] [--latency MS] [--busy-calls N] [--log]');
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
  const sim = await startSimulator({
    port: options.port,
    live: options.live,
    seed: options.seed,
    apiKey: options.key,
    busyConnectionCalls: options.busyCalls,
    logRequests: options.log,
  });
  if (options.latencyMs > 0) sim.addFault({ latencyMs: options.latencyMs });
  console.log(`Telnyx simulator listening on ${sim.url}${options.live ? ' (live)' : ''}`);
  console.log(`API key: ${sim.apiKey}`);
  console.log(`Main connection: ${sim.seed.mainConnectionId}  busy connection: ${sim.seed.busyConnectionId}`);
  const stop = (): void => {
    void sim.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error('telnyx simulator: could not start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
