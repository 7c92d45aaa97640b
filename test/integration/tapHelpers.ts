// Shared by the in-host suites of the live tap: free loopback ports for the two taps, and the test
// application placed behind them as a user would (its API URL at the command tap, the connection's
// webhooks at the webhook tap), with the tap's settings written for Start Live Tap… to read.
import { createServer, type Server } from 'node:net';
import * as vscode from 'vscode';
import { startCallApp, type CallApp } from '../app/callApp';
import { freePort } from '../../scripts/lib/proc.mjs';
import type { SimulatorFixture } from './helpers';

export function listenOn(port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

export interface AppBehindTap {
  webhookPort: number;
  apiPort: number;
  app: CallApp;
}

/** Picks the taps' ports, writes them and the public key to the user settings, starts the application behind them. */
export async function appBehindTap(env: SimulatorFixture): Promise<AppBehindTap> {
  const tapConfig = vscode.workspace.getConfiguration('telnyx.tap');
  const webhookPort = await freePort();
  const apiPort = await freePort();
  await tapConfig.update('webhookPort', webhookPort, vscode.ConfigurationTarget.Global);
  await tapConfig.update('apiPort', apiPort, vscode.ConfigurationTarget.Global);
  await tapConfig.update('publicKey', env.sim.webhookPublicKey, vscode.ConfigurationTarget.Global);
  // The application is started with TELNYX_BASE_URL at the command tap, as the product tells users to.
  const app = await startCallApp({
    apiUrl: `http://127.0.0.1:${apiPort}/v2`,
    apiKey: env.sim.apiKey,
    publicKey: env.sim.webhookPublicKey,
  });
  // The "tunnel": the connection's webhooks go to the webhook tap.
  env.sim.setWebhook(env.sim.seed.mainConnectionId, { webhookUrl: `http://127.0.0.1:${webhookPort}/` });
  return { webhookPort, apiPort, app };
}
