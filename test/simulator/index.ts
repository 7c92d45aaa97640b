// startSimulator: a Telnyx API v2 simulator on 127.0.0.1 for tests, benchmarks, the demo and the CLI.
import { CallControl, DEFAULT_CALL_CONTROL_SETTINGS, FAR_END_NUMBERS } from './callControl';
import { createManualClock, realClock } from './clock';
import { applyWebhookSettings } from './control';
import { LiveMode } from './live';
import { REALISTIC_MODES } from './modes';
import { seedAccount } from './seed';
import { Scheduler } from './scheduler';
import { activeCallJson } from './serialize';
import { SimServer } from './server';
import { createWebhookSigner } from './signing';
import { createState } from './state';
import { WebhookSender } from './webhooks';
import { DEMO_API_KEY, type Simulator, type SimulatorOptions } from './types';

export { createManualClock, DEMO_API_KEY, FAR_END_NUMBERS, REALISTIC_MODES };
export type * from './types';

export interface StartedSimulator extends Simulator {
  /** Runs one live-mode step now (advances calls, starts and ends some), live mode or not. */
  tickLive(): void;
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<StartedSimulator> {
  const clock = options.clock ?? realClock;
  const apiKey = options.apiKey ?? DEMO_API_KEY;
  const seed = options.seed ?? 1;
  const { account, facts } = seedAccount(seed, clock, options.busyConnectionCalls ?? 2000, options.connectionCount);
  account.modes = { ...account.modes, ...(options.realistic ? REALISTIC_MODES : {}), ...options.modes };
  const settings = { ...DEFAULT_CALL_CONTROL_SETTINGS, ...options.callControl };
  const scheduler = new Scheduler();
  const signer = createWebhookSigner(seed);
  const webhooks = new WebhookSender(account, signer, settings, scheduler);
  const callControl = new CallControl(account, webhooks, scheduler, settings);
  const server = new SimServer({
    account,
    apiKey,
    logRequests: options.logRequests ?? false,
    callControl,
    control: { account, callControl, webhooks, signer },
  });
  if (options.rateLimit) server.rate.configure(options.rateLimit);
  const port = await server.listen(options.port ?? 0);
  const live = new LiveMode(
    account,
    facts.mainConnectionId,
    facts.busyConnectionId,
    new Set([facts.emptyConnectionId]),
  );
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
    setRateLimit(settings): void {
      server.rate.configure(settings);
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
    webhookPublicKey: signer.publicKeyBase64,
    webhookPublicKeyPem: signer.publicKeyPem,
    setWebhook(connectionId, webhookSettings): void {
      applyWebhookSettings(account, connectionId, webhookSettings);
    },
    setCallControl(changes): void {
      Object.assign(settings, changes);
    },
    ring(connectionId, ringOptions) {
      return activeCallJson(callControl.ring(connectionId, ringOptions), clock.now());
    },
    pickUp(callControlId: string): boolean {
      return callControl.pickUp(callControlId);
    },
    startRinging(connectionId, everyMs, ringOptions) {
      return callControl.startRinging(connectionId, everyMs, ringOptions);
    },
    webhookDeliveries: webhooks.attempts,
    whenWebhooksSettled(): Promise<void> {
      return webhooks.whenSettled();
    },
    close(): Promise<void> {
      live.stop();
      scheduler.close();
      webhooks.close();
      closed ??= server.close();
      return closed;
    },
  };
}
