// Two Telnyx accounts, each its own simulator with its own key: what follows the account in use (the
// tree, hovers, lookups), what keeps its own (an open call panel), what never crosses (kept statuses,
// "Reveal in tree"), what removing an account leaves behind, and the upgrade from one key.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  ACCOUNTS_STATE,
  ACTIVE_ACCOUNT_STATE,
  AccountStore,
  LEGACY_SECRET,
  secretNameOf,
  type Account,
} from '../../src/accounts/store';
import type { ConnectionNode } from '../../src/tree/nodes/connectionNode';
import type { TreeNode } from '../../src/tree/nodes/treeNode';
import { startSimulator } from '../simulator/index';
import type { Simulator } from '../simulator/types';
import { useSimulator, waitFor } from './helpers';
import { closeAllPanels } from './panelHelpers';

function isConnection(node: TreeNode): node is ConnectionNode {
  return node.kind === 'connection';
}

describe('several accounts', function () {
  this.timeout(120_000);
  const env = useSimulator({ seed: 3 });
  let simB: Simulator;
  let second: Account | undefined;
  const access = () => env.api.services.apiAccess;
  const tree = () => env.api.tree;
  const connectionIds = (): string[] =>
    tree()
      .provider.getChildren()
      .filter(isConnection)
      .map((node) => node.connectionId);
  const idsOf = (sim: Simulator): string[] => sim.state.connections().map((c) => c.id);
  /** Whether each simulator saw only its own key since its requests were last cleared. */
  const onlyOwnKeys = (sim: Simulator): boolean => sim.requests.every((r) => r.authorized);

  let accessInUse: ReturnType<typeof access> | undefined;
  before(async () => {
    accessInUse = access();
    simB = await startSimulator({ seed: 11, apiKey: `KEYB${'1'.repeat(28)}` });
    // The view is shown so that the tree reads, as a person looking at it would see.
    await vscode.commands.executeCommand('telnyx.connections.focus');
  });

  // Runs after useSimulator's own `after`, which restored the first key: undo what this suite added.
  after(async () => {
    if (second) await accessInUse?.accounts.remove(second.id).catch(() => undefined);
    await simB.close();
    // Later suites expect the view hidden (a visible tree reads on every change of account).
    await vscode.commands.executeCommand('workbench.view.explorer');
  });

  it('an added account is used at once: the tree lists its connections and its title names it', async () => {
    await waitFor(
      () => connectionIds().some((id) => idsOf(env.sim).includes(id) && !idsOf(simB).includes(id)),
      20_000,
      "the first account's connections",
    );
    assert.match(String(tree().view.title), /Default/);
    env.sim.clearRequests();
    simB.clearRequests();
    second = await access().accounts.add({ name: 'Second', key: simB.apiKey, baseUrl: simB.url });
    await waitFor(() => /Second/.test(String(tree().view.title)), 10_000, 'the title to name the account');
    assert.equal(
      tree().view.message,
      'Account: Second',
      'the account is named above the rows too, where a narrow side bar does not cut it',
    );
    const shown = await waitFor(
      () => {
        const ids = connectionIds();
        return ids.length > 0 && ids.every((id) => idsOf(simB).includes(id)) ? ids : undefined;
      },
      20_000,
      "the second account's connections",
    );
    // The simulators share their well-known ids (as two seeds of one generator do); the rest differ.
    const onlyA = idsOf(env.sim).filter((id) => !idsOf(simB).includes(id));
    assert.ok(onlyA.length > 0 && shown.every((id) => !onlyA.includes(id)), 'no row of the first account is left');
    assert.ok(
      simB.requests.some((r) => r.endpoint === 'connections'),
      'the second simulator was asked',
    );
    assert.ok(onlyOwnKeys(simB), 'with its own key');
    assert.ok(
      !env.sim.requests.some((r) => r.endpoint === 'connections'),
      'the first simulator was not asked for connections',
    );
  });

  it('hovers and lookups go to the account in use; a call seen under the other account is not revealed', async () => {
    assert.ok(second);
    const callB = simB.state.startCall(simB.seed.mainConnectionId).call_control_id;
    const callA = env.sim.state.startCall(env.sim.seed.mainConnectionId).call_control_id;
    const doc = await vscode.workspace.openTextDocument({
      language: 'log',
      content: `answered ${callB}\nanswered ${callA}`,
    });
    env.sim.clearRequests();
    simB.clearRequests();
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      doc.uri,
      new vscode.Position(0, 12),
    );
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /Alive/, "the second account's call is found");
    assert.ok(
      simB.requests.some((r) => r.endpoint === 'call_status' && decodeURIComponent(r.path).includes(callB)),
      'asked the second simulator',
    );
    assert.ok(onlyOwnKeys(simB));
    assert.equal(
      env.sim.requests.filter((r) => r.endpoint === 'call_status').length,
      0,
      'the first simulator heard nothing',
    );
    // The first account's call is unknown here: the directory never learnt it under this account.
    assert.equal(env.api.services.calls.connectionOf(callA), undefined);
    assert.equal(await vscode.commands.executeCommand<boolean>('telnyx.revealCall', callA), false);
  });

  it('an open call panel keeps the account it was opened with, and says which it is', async () => {
    assert.ok(second);
    const defaultAccount = access().accounts.byName('Default');
    assert.ok(defaultAccount);
    await vscode.commands.executeCommand('telnyx.switchAccount', 'Default');
    await waitFor(
      () => env.api.services.calls.account !== undefined && access().account()?.id === defaultAccount.id,
      10_000,
      'Default in use',
    );
    const callA = env.sim.seed.aliveCallControlId;
    await env.api.callDetails.openCall(callA);
    const panel = await waitFor(() => env.api.callDetails.panelOfCall(callA), 10_000, 'the panel');
    await waitFor(() => panel.state.status.state === 'alive', 15_000, "the call's status in the panel");
    assert.match(panel.title, /Default/, "with two accounts the title names the panel's");
    assert.equal(panel.account, 'Default');

    await vscode.commands.executeCommand('telnyx.switchAccount', 'Second');
    await waitFor(() => access().account()?.name === 'Second', 10_000, 'Second in use');
    env.sim.clearRequests();
    simB.clearRequests();
    await panel.request({ type: 'refresh' });
    assert.equal(panel.state.status.state, 'alive', "still the first account's call");
    assert.equal(panel.account, 'Default', 'it keeps its account');
    assert.match(panel.title, /Default/);
    assert.ok(
      env.sim.requests.some((r) => r.endpoint === 'call_status'),
      'read from the first simulator',
    );
    assert.ok(onlyOwnKeys(env.sim), "with the first account's key");
    assert.equal(
      simB.requests.filter((r) => r.endpoint === 'call_status' || r.endpoint === 'call_events').length,
      0,
      'nothing of it went to the second',
    );
    await closeAllPanels();
  });

  it('a workspace that recommends another account asks once, and switches nothing by itself', async () => {
    assert.ok(second);
    assert.equal(access().account()?.name, 'Second');
    const workspaceState = env.api.services.context.workspaceState;
    const asked = () => workspaceState.get<string>('telnyx.preferredAccountAsked');
    const config = () => vscode.workspace.getConfiguration('telnyx');
    await workspaceState.update('telnyx.preferredAccountAsked', undefined);
    try {
      await config().update('preferredAccount', 'Default', vscode.ConfigurationTarget.Workspace);
      await waitFor(() => asked() === 'Default', 10_000, 'the recommendation to be asked');
      assert.equal(access().account()?.name, 'Second', 'only the person switches');
      // A user-level value is not a recommendation: only the workspace's is read.
      await config().update('preferredAccount', 'Nobody', vscode.ConfigurationTarget.Global);
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal(asked(), 'Default');
    } finally {
      await config().update('preferredAccount', undefined, vscode.ConfigurationTarget.Global);
      await config().update('preferredAccount', undefined, vscode.ConfigurationTarget.Workspace);
      await workspaceState.update('telnyx.preferredAccountAsked', undefined);
      await vscode.commands.executeCommand('notifications.clearAll');
    }
  });

  it('removing an account deletes its key from the secret storage and returns to the other', async () => {
    assert.ok(second);
    const secrets = env.api.services.context.secrets;
    assert.equal(await secrets.get(secretNameOf(second.id)), simB.apiKey);
    await access().accounts.remove(second.id);
    second = undefined;
    assert.equal(await secrets.get(secretNameOf(access().accounts.list()[0]?.id ?? '')), env.sim.apiKey);
    assert.equal(access().accounts.byName('Second'), undefined);
    assert.equal((await secrets.get(`${LEGACY_SECRET}.`)) ?? undefined, undefined);
    await waitFor(() => /Default/.test(String(tree().view.title)), 10_000, 'the title back to Default');
    assert.equal((await access().resolveKey())?.key, env.sim.apiKey);
  });

  it('a stored key of version 0.1 becomes the account "Default" on first start, and reads', async () => {
    const context = env.api.services.context;
    const savedAccounts = context.globalState.get(ACCOUNTS_STATE);
    const savedActive = context.globalState.get(ACTIVE_ACCOUNT_STATE);
    try {
      // What 0.1 left in this VS Code's real stores: one key under telnyx.apiKey, no account list.
      await context.globalState.update(ACCOUNTS_STATE, undefined);
      await context.globalState.update(ACTIVE_ACCOUNT_STATE, undefined);
      await context.secrets.store(LEGACY_SECRET, env.sim.apiKey);
      // What ApiAccess runs at activation, before any key is read.
      assert.equal(await new AccountStore(context.secrets, context.globalState).migrate(), true);
      const access = env.api.services.apiAccess;
      assert.deepEqual(
        access.accounts
          .list()
          .filter((a) => a.source === 'secret')
          .map((a) => a.name),
        ['Default'],
      );
      assert.equal(access.account()?.name, 'Default');
      assert.equal((await access.resolveKey())?.key, env.sim.apiKey);
      assert.equal(await context.secrets.get(LEGACY_SECRET), env.sim.apiKey, 'the key was not moved');
      const api = await access.getApi();
      assert.ok(api);
      env.sim.clearRequests();
      const page = await api.listConnections({ pageSize: 1 });
      assert.equal(page.data.length, 1);
      assert.ok(
        env.sim.requests.every((r) => r.authorized),
        'with the migrated key',
      );
    } finally {
      await context.globalState.update(ACCOUNTS_STATE, savedAccounts);
      await context.globalState.update(ACTIVE_ACCOUNT_STATE, savedActive);
    }
  });
});
