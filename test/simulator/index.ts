// startSimulator: a Telnyx API v2 simulator on 127.0.0.1 for tests, benchmarks, the demo and the CLI.
import { createManualClock, realClock } from './clock';
import { LiveMode } from './live';
import { REALISTIC_MODES } from './modes';
import { seedAccount } from './seed';
import { SimServer } from './server';
import { createState } from './state';
import { DEMO_API_KEY, type Simulator, type SimulatorOptions } from './types';

export { createManualClock, DEMO_API_KEY, REALISTIC_MODES };
export type * from './types';

export interface StartedSimulator extends Simulator {
  /** Runs one live-mode step now (advances calls, starts and ends some), live mode or not. */
  tickLive(): void;
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<StartedSimulator> {
  const clock = options.clock ?? realClock;
  const apiKey = options.apiKey ?? DEMO_API_KEY;
  const { account, facts } = seedAccount(options.seed ?? 1, clock, options.busyConnectionCalls ?? 2000, options.connectionCount);
  account.modes = { ...account.modes, ...(options.realistic ? REALISTIC_MODES : {}), ...options.modes };
  const server = new SimServer({ account, apiKey, logRequests: options.logRequests ?? false });
  const port = await server.listen(options.port ?? 0);
  const live = new LiveMode(account, facts.mainConnectionId, facts.busyConnectionId, new Set([facts.emptyConnectionId]));
  if (options.live) live.start(options.liveTickMs ?? 1000);
  const state = createState(account, facts.mainConnectionId);
  let closed: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}/v2`,
    port,
    apiKey,
    seed: facts,
    state,
    clock,
    requests: server.requests,
    clearRequests(): void {
      server.requests.length = 0;
    },
    addFault(fault): void {
      server.faults.add(fault);
    },
    clearFaults(): void {
      server.faults.clear();
    },
    setActiveCallsPaging(mode): void {
      server.context.activeCallsPaging = mode;
    },
    get modes() {
      return account.modes;
    },
    setModes(modes): void {
      Object.assign(account.modes, modes);
    },
    tickLive(): void {
      live.tick();
    },
    close(): Promise<void> {
      live.stop();
      closed ??= server.close();
      return closed;
    },
  };
}
