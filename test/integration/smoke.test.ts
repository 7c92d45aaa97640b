import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as vscode from 'vscode';
import type { CallDetailsApi } from '../../src/callDetails';
import type { TelnyxCallsExtensionApi } from '../../src/extension';
import type { CallStatus } from '../../src/telnyx/types';
import type { ConnectionsTree } from '../../src/tree/connectionsTree';
import type { ConnectionNode } from '../../src/tree/nodes/connectionNode';
import { useSimulator, waitFor } from './helpers';
import { callDetailsTabs, closeAllPanels, report } from './panelHelpers';
import { whenCallSelected } from './treeHelpers';

function getExtension(): vscode.Extension<TelnyxCallsExtensionApi> {
  const extension = vscode.extensions.getExtension<TelnyxCallsExtensionApi>('callscope.telnyx-calls');
  assert.ok(extension, 'callscope.telnyx-calls is loaded');
  return extension;
}

async function getExtensionApi(): Promise<TelnyxCallsExtensionApi> {
  const extension = getExtension();
  return extension.isActive ? extension.exports : extension.activate();
}

interface ContributedCommand {
  command: string;
}

describe('smoke: the extension in a real VS Code', () => {
  it('runs inside VS Code 1.138 or newer', () => {
    console.log(`[smoke] VS Code ${vscode.version}, ${vscode.env.appName}, host ${vscode.env.appHost}`);
    const [major, minor] = vscode.version.split('.').map(Number);
    assert.ok(
      major > 1 || (major === 1 && minor >= 138),
      `VS Code ${vscode.version} is older than engines.vscode ^1.138.0`,
    );
  });

  it('activates and hands its features to tests', async () => {
    const api = await getExtensionApi();
    assert.ok(getExtension().isActive, 'extension is active');
    assert.equal(typeof api.services.apiAccess.resolveKey, 'function');
    assert.equal(typeof api.callDetails.openCall, 'function');
    assert.equal(typeof api.tree.revealConnection, 'function');
  });

  it('registers at activation a handler for every command it declares, and no undeclared telnyx.* command', async () => {
    await getExtensionApi();
    const manifest = getExtension().packageJSON as {
      contributes: { commands: ContributedCommand[]; views: Record<string, Array<{ id: string }>> };
    };
    const declared = manifest.contributes.commands.map((c) => c.command).sort();
    // VS Code adds commands of its own for each contributed view (`telnyx.connections.focus`, …).
    const viewIds = Object.values(manifest.contributes.views)
      .flat()
      .map((v) => `${v.id}.`);
    const registered = (await vscode.commands.getCommands(true)).filter(
      (id) => id.startsWith('telnyx.') && !viewIds.some((prefix) => id.startsWith(prefix)),
    );
    assert.deepEqual(
      declared.filter((id) => !registered.includes(id)),
      [],
      'declared commands without a handler',
    );
    assert.deepEqual(
      registered.filter((id) => !declared.includes(id)).sort(),
      [],
      'handlers of commands package.json does not declare',
    );
  });

  it('registers "Telnyx: Show Log", and it runs', async () => {
    await getExtensionApi();
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('telnyx.showLog'), 'telnyx.showLog is registered');
    await vscode.commands.executeCommand('telnyx.showLog');
  });

  describe('every command it declares, run as a person would, does what it says', () => {
    const env = useSimulator({ seed: 4 });
    const tree = (): ConnectionsTree => env.api.tree;
    const callDetails = (): CallDetailsApi => env.api.callDetails;
    const statusOf = (id: string): CallStatus => {
      const status = env.sim.state.callStatus(id);
      assert.ok(status, `the simulator knows ${id}`);
      return status;
    };
    /** What a call row hands its context-menu commands. */
    const callRowIds = (status: CallStatus): { callControlId: string; callLegId: string; callSessionId: string } => ({
      callControlId: status.call_control_id,
      callLegId: status.call_leg_id,
      callSessionId: status.call_session_id,
    });
    /** The connection's row, once the tree (started over after a key change) shows it; expanded on request. */
    const connectionNode = async (connectionId: string, expand = false): Promise<ConnectionNode> => {
      await vscode.commands.executeCommand('telnyx.connections.focus');
      await waitFor(() => tree().revealConnection(connectionId), 15_000, 'the connection in the tree');
      const node = tree()
        .provider.getChildren()
        .find(
          (n): n is ConnectionNode => n.kind === 'connection' && (n as ConnectionNode).connectionId === connectionId,
        );
      assert.ok(node);
      if (expand) {
        await tree().view.reveal(node, { expand: true, select: false, focus: false });
        await waitFor(
          () => tree().model.existingCallsOf(connectionId)?.started,
          10_000,
          'the calls of the expanded connection',
        );
        await tree().whenIdle();
      }
      return node;
    };
    /** Commands that ask first: started, then dismissed as a person pressing Escape would. */
    const dismissed = async (id: string): Promise<unknown> => {
      let settled = false;
      const running = Promise.resolve(vscode.commands.executeCommand(id)).finally(() => (settled = true));
      await waitFor(
        async () => {
          if (!settled) await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
          return settled;
        },
        15_000,
        `${id} to return once its prompt is dismissed`,
        100,
      );
      return running;
    };

    let treeInUse: ConnectionsTree | undefined;
    before(() => (treeInUse = tree()));
    after(async () => {
      await treeInUse?.setNameFilter(undefined);
      await treeInUse?.setOnlyWithCalls(false);
      await closeAllPanels();
    });

    const cases: Record<string, () => Promise<void>> = {
      'telnyx.setApiKey': async () => {
        assert.equal(await dismissed('telnyx.setApiKey'), 'cancelled');
        assert.equal(
          (await env.api.services.apiAccess.resolveKey())?.key,
          env.sim.apiKey,
          'a dismissed prompt keeps the key',
        );
      },
      'telnyx.clearApiKey': async () => {
        try {
          await vscode.commands.executeCommand('telnyx.clearApiKey');
          assert.equal(await env.api.services.apiAccess.resolveKey(), undefined);
        } finally {
          await env.api.services.apiAccess.storeKey(env.sim.apiKey);
        }
      },
      'telnyx.addAccount': async () => {
        const before = env.api.services.apiAccess.accounts.list().length;
        assert.equal(await dismissed('telnyx.addAccount'), 'cancelled');
        assert.equal(env.api.services.apiAccess.accounts.list().length, before, 'a dismissed prompt adds nothing');
      },
      'telnyx.code.storeKeyAsAccount': async () => {
        const before = env.api.services.apiAccess.accounts.list().length;
        // The quick fix passes where the key is; with no key there, nothing is asked or stored.
        assert.equal(
          await vscode.commands.executeCommand('telnyx.code.storeKeyAsAccount', {
            uri: 'untitled:nothing-here',
            start: 0,
            end: 58,
          }),
          'cancelled',
        );
        assert.equal(env.api.services.apiAccess.accounts.list().length, before);
      },
      'telnyx.switchAccount': async () => {
        const inUse = env.api.services.apiAccess.account()?.id;
        assert.equal(await dismissed('telnyx.switchAccount'), undefined);
        assert.equal(env.api.services.apiAccess.account()?.id, inUse, 'a dismissed picker keeps the account');
      },
      'telnyx.removeAccount': async () => {
        assert.equal(await dismissed('telnyx.removeAccount'), false);
        assert.equal(
          (await env.api.services.apiAccess.resolveKey())?.key,
          env.sim.apiKey,
          'a dismissed picker removes nothing',
        );
      },
      'telnyx.refresh': async () => {
        await connectionNode(env.sim.seed.mainConnectionId);
        env.sim.clearRequests();
        await vscode.commands.executeCommand('telnyx.refresh');
        await tree().whenIdle();
        assert.ok(
          env.sim.requests.some((r) => r.endpoint === 'connections'),
          'the connection pages were read again',
        );
      },
      'telnyx.showLog': async () => {
        await vscode.commands.executeCommand('telnyx.showLog');
      },
      'telnyx.lookUpCall': async () => void (await dismissed('telnyx.lookUpCall')),
      'telnyx.placeTestCall': async () => {
        env.sim.clearRequests();
        await dismissed('telnyx.placeTestCall');
        assert.ok(!env.sim.requests.some((r) => r.method === 'POST'), 'a dismissed picker dials nothing');
      },
      'telnyx.hangUpCall': async () => {
        env.sim.clearRequests();
        // Not a tree row: refused without a dialog, nothing sent (the actions suite covers a row).
        await vscode.commands.executeCommand('telnyx.hangUpCall', env.sim.seed.aliveCallControlId);
        assert.ok(!env.sim.requests.some((r) => r.method === 'POST'), 'an id as argument hangs up nothing');
      },
      'telnyx.showStatusMenu': async () => void (await dismissed('telnyx.showStatusMenu')),
      'telnyx.showCallEvents': async () => void (await dismissed('telnyx.showCallEvents')),
      'telnyx.findConnection': async () => void (await dismissed('telnyx.findConnection')),
      'telnyx.filterConnections': async () => void (await dismissed('telnyx.filterConnections')),
      'telnyx.clearConnectionFilter': async () => {
        await tree().setNameFilter('main');
        await vscode.commands.executeCommand('telnyx.clearConnectionFilter');
        assert.equal(tree().nameFilter, undefined);
      },
      'telnyx.showOnlyConnectionsWithCalls': async () => {
        await vscode.commands.executeCommand('telnyx.showOnlyConnectionsWithCalls');
        assert.equal(tree().onlyWithCalls, true);
      },
      'telnyx.showAllConnections': async () => {
        await tree().setOnlyWithCalls(true);
        await vscode.commands.executeCommand('telnyx.showAllConnections');
        assert.equal(tree().onlyWithCalls, false);
      },
      'telnyx.refreshConnection': async () => {
        const node = await connectionNode(env.sim.seed.mainConnectionId);
        env.sim.clearRequests();
        await vscode.commands.executeCommand('telnyx.refreshConnection', node);
        await tree().whenIdle();
        assert.ok(env.sim.requests.some((r) => r.endpoint === 'active_calls' && r.path.includes(node.connectionId)));
      },
      'telnyx.loadMore': async () => {
        await connectionNode(env.sim.seed.mainConnectionId);
        const before = tree().model.connections.pagesLoaded;
        const more = tree()
          .provider.getChildren()
          .find((n) => n.kind === 'loadMore');
        assert.ok(more, 'a Load more row under the first page of connections');
        await vscode.commands.executeCommand('telnyx.loadMore', more);
        assert.equal(tree().model.connections.pagesLoaded, before + 1);
      },
      'telnyx.retry': async () => {
        const node = await connectionNode(env.sim.seed.mainConnectionId, true);
        env.sim.addFault({ endpoint: 'active_calls', serverError: { count: -1, status: 503 } });
        try {
          await vscode.commands.executeCommand('telnyx.refreshConnection', node);
          await tree().whenIdle();
        } finally {
          env.sim.clearFaults();
        }
        const retry = tree()
          .provider.getChildren(node)
          .find((n) => n.kind === 'retry');
        assert.ok(retry, 'a Retry row after the failure');
        await vscode.commands.executeCommand('telnyx.retry', retry);
        await tree().whenIdle();
        assert.equal(
          tree()
            .provider.getChildren(node)
            .find((n) => n.kind === 'retry'),
          undefined,
          'Retry read again and the error is gone',
        );
      },
      'telnyx.openCallDetails': async () => {
        const id = env.sim.seed.aliveCallControlId;
        await vscode.commands.executeCommand('telnyx.openCallDetails', id);
        const panel = await waitFor(() => callDetails().panelOfCall(id), 10_000, 'the call panel');
        await report(panel, (r) => r.statusState === 'alive', 'the live status');
        // After a reload VS Code restores the panel only if it activates the extension for its view type.
        const activationEvents = getExtension().packageJSON.activationEvents as string[];
        const tab = callDetailsTabs().find((t) => t.label === panel.title);
        assert.ok(tab?.input instanceof vscode.TabInputWebview, 'the panel is a webview tab');
        // The workbench prefixes the extension's view type ("mainThreadWebview-telnyx.callDetails").
        const viewType = /telnyx\.[\w.]+$/.exec(tab.input.viewType)?.[0];
        assert.ok(
          activationEvents.includes(`onWebviewPanel:${viewType}`),
          `onWebviewPanel:${viewType} is an activation event`,
        );
      },
      ...Object.fromEntries(
        (['call_control_id', 'call_leg_id', 'call_session_id'] as const).map((field) => {
          const command = {
            call_control_id: 'telnyx.copyCallControlId',
            call_leg_id: 'telnyx.copyCallLegId',
            call_session_id: 'telnyx.copyCallSessionId',
          }[field];
          return [
            command,
            async (): Promise<void> => {
              const status = statusOf(env.sim.seed.aliveCallControlId);
              await vscode.commands.executeCommand(command, callRowIds(status));
              assert.equal(await vscode.env.clipboard.readText(), status[field]);
            },
          ];
        }),
      ),
      'telnyx.showEventsForCall': async () => {
        const status = statusOf(env.sim.seed.aliveCallControlId);
        await vscode.commands.executeCommand('telnyx.showEventsForCall', callRowIds(status));
        const panel = await waitFor(
          () =>
            callDetails()
              .openPanels()
              .find((p) => p.title.startsWith('Events of leg')),
          10_000,
          'the events panel of the leg',
        );
        const legEvents = env.sim.state.events({ legId: status.call_leg_id });
        const shown = await report(
          panel,
          (r) => r.eventCount === legEvents.length,
          `the leg's ${legEvents.length} events`,
        );
        assert.equal(shown.eventCount, legEvents.length);
        assert.ok(
          panel.state.events.every((e) => e.call_leg_id === status.call_leg_id),
          'only events of that leg',
        );
      },
      'telnyx.diagnoseCall': async () => {
        const status = statusOf(env.sim.seed.aliveCallControlId);
        const diagnosis = await vscode.commands.executeCommand<
          { findings: unknown[]; reactions: { byWebhook: unknown[] } } | undefined
        >('telnyx.diagnoseCall', status.call_session_id);
        assert.ok(diagnosis, 'the session was read and diagnosed');
        assert.ok(diagnosis.reactions.byWebhook.length > 0, 'with the reaction times of its legs');
        await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
      },
      'telnyx.copyText': async () => {
        await vscode.commands.executeCommand('telnyx.copyText', 'copied by the smoke test');
        assert.equal(await vscode.env.clipboard.readText(), 'copied by the smoke test');
      },
      'telnyx.copyAsCurl': async () => {
        const id = env.sim.seed.aliveCallControlId;
        await vscode.commands.executeCommand('telnyx.copyAsCurl', id);
        const copied = await vscode.env.clipboard.readText();
        assert.match(copied, /^curl /);
        assert.ok(
          copied.includes('$TELNYX_API_KEY') && !copied.includes(env.sim.apiKey),
          'the key is read from the environment, never copied',
        );
      },
      'telnyx.saveCallLadder': async () => {
        const id = env.sim.seed.aliveCallControlId;
        await vscode.commands.executeCommand('telnyx.openCallDetails', id);
        const panel = await waitFor(() => callDetails().panelOfCall(id), 10_000, 'the call panel');
        await report(panel, (r) => r.eventCount > 0, 'the timeline');
        const target = vscode.Uri.joinPath(vscode.Uri.file(tmpdir()), `smoke-${Date.now()}-ladder.svg`);
        // The command saves the active panel's ladder, as from the palette with that panel in front;
        // given a file, it saves there without a dialog.
        await waitFor(() => panel.active, 10_000, 'the call panel in front');
        await vscode.commands.executeCommand('telnyx.saveCallLadder', target);
        const saved = await waitFor(
          () => (existsSync(target.fsPath) ? readFileSync(target.fsPath, 'utf8') : undefined),
          15_000,
          'the saved ladder',
        );
        assert.match(saved, /<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
      },
      'telnyx.revealCall': async () => {
        const call = env.sim.state.activeCalls(env.sim.seed.mainConnectionId)[0];
        assert.ok(call);
        assert.equal(await vscode.commands.executeCommand('telnyx.revealCall', call.call_control_id), true);
        await whenCallSelected(tree(), call.call_control_id);
      },
    };

    it('has a case here for every command in package.json', () => {
      const declared = (getExtension().packageJSON.contributes.commands as ContributedCommand[])
        .map((c) => c.command)
        .sort();
      assert.deepEqual(Object.keys(cases).sort(), declared);
    });
    for (const [command, run] of Object.entries(cases)) {
      it(command, async function () {
        this.timeout(60_000);
        await run();
      });
    }
  });

  it('shows its Telnyx view container with the Connections view', async () => {
    await vscode.commands.executeCommand('workbench.view.extension.telnyx');
    // `<view id>.focus` exists only for a contributed view and opens its container.
    await vscode.commands.executeCommand('telnyx.connections.focus');
    const view = (await getExtensionApi()).tree.view;
    await waitFor(() => view.visible, 10_000, 'the Connections view to be visible');
  });
});
