// Shared by the in-host feature tests: the running extension, a simulator wired in as a user would do
// it (user setting + stored key), and polling for what the UI eventually shows.
import * as vscode from 'vscode';
import type { TelnyxCallsExtensionApi } from '../../src/extension';
import { startSimulator } from '../simulator/index';
import type { Simulator, SimulatorOptions } from '../simulator/types';

export const EXTENSION_ID = 'callscope.telnyx-calls';
const SECRET_KEY = 'telnyx.apiKey';

export function getExtension(): vscode.Extension<TelnyxCallsExtensionApi> {
  const extension = vscode.extensions.getExtension<TelnyxCallsExtensionApi>(EXTENSION_ID);
  if (!extension) throw new Error(`Extension ${EXTENSION_ID} is not loaded in this VS Code`);
  return extension;
}

/** Activates the extension (if needed) and returns what activate() returned. */
export async function getExtensionApi(): Promise<TelnyxCallsExtensionApi> {
  const extension = getExtension();
  return extension.isActive ? extension.exports : extension.activate();
}

/**
 * Polls `predicate` every `intervalMs` until it returns a truthy value (returned) or `timeoutMs`
 * passes (throws, naming `what` and the last error the predicate threw).
 */
export async function waitFor<T>(
  predicate: () => T | Promise<T>,
  timeoutMs = 10_000,
  what = 'condition',
  intervalMs = 50,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await predicate();
      if (value) return value as NonNullable<T>;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const detail = lastError instanceof Error ? `; last error: ${lastError.message}` : '';
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${detail}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

export interface SimulatorSession {
  readonly sim: Simulator;
  readonly api: TelnyxCallsExtensionApi;
  /** Clears the key, restores the setting, closes the simulator. Safe to call twice. */
  dispose(): Promise<void>;
}

/**
 * Starts a simulator inside the extension host and points the extension at it the way a user would:
 * `telnyx.apiBaseUrl` in user settings and the key in SecretStorage.
 */
export async function startSimulatorSession(options: SimulatorOptions = {}): Promise<SimulatorSession> {
  const api = await getExtensionApi();
  const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('telnyx');
  const previousBaseUrl = config().inspect<string>('apiBaseUrl')?.globalValue;
  const secrets = api.services.context.secrets;
  const previousKey = await secrets.get(SECRET_KEY);
  const sim = await startSimulator(options);
  let disposed = false;
  const dispose = async (): Promise<void> => {
    if (disposed) return;
    disposed = true;
    if (previousKey === undefined) await api.services.apiAccess.clearKey();
    else await secrets.store(SECRET_KEY, previousKey);
    await config().update('apiBaseUrl', previousBaseUrl, vscode.ConfigurationTarget.Global);
    await sim.close();
  };
  try {
    await config().update('apiBaseUrl', sim.url, vscode.ConfigurationTarget.Global);
    await api.services.apiAccess.storeKey(sim.apiKey);
    await waitFor(
      () => api.services.apiAccess.settings().baseUrl === sim.url,
      10_000,
      `telnyx.apiBaseUrl to become ${sim.url}`,
    );
    await waitFor(
      async () => (await api.services.apiAccess.resolveKey())?.source === 'secret',
      10_000,
      'the stored API key',
    );
  } catch (error) {
    await dispose();
    throw error;
  }
  return { sim, api, dispose };
}

export interface SimulatorFixture {
  /** Available inside tests and hooks after the `before` hook ran. */
  readonly sim: Simulator;
  readonly api: TelnyxCallsExtensionApi;
}

/**
 * Call inside a `describe`: starts a simulator session in `before` and restores everything in `after`.
 *
 *     describe('tree', () => {
 *       const env = useSimulator({ seed: 2 });
 *       it('lists connections', async () => { ... env.sim.seed.mainConnectionId ... });
 *     });
 */
export function useSimulator(options: SimulatorOptions = {}): SimulatorFixture {
  let session: SimulatorSession | undefined;
  before(async function () {
    this.timeout(60_000);
    session = await startSimulatorSession(options);
  });
  after(async () => {
    await session?.dispose();
    session = undefined;
  });
  const current = (): SimulatorSession => {
    if (!session)
      throw new Error('useSimulator(): the simulator is only available inside tests and hooks of its describe');
    return session;
  };
  return {
    get sim() {
      return current().sim;
    },
    get api() {
      return current().api;
    },
  };
}

/**
 * A tree row as VS Code shows it once the pointer rests on it: getTreeItem, then resolveTreeItem
 * with that item (where the Connections view builds its tooltips).
 */
export async function hoveredTreeItem<T>(provider: vscode.TreeDataProvider<T>, node: T): Promise<vscode.TreeItem> {
  const item = await provider.getTreeItem(node);
  const source = new vscode.CancellationTokenSource();
  try {
    return (await provider.resolveTreeItem?.(item, node, source.token)) ?? item;
  } finally {
    source.dispose();
  }
}
