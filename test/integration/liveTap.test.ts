// The live tap in VS Code (issue 25): Start Live Tap… from the palette, the simulator ringing the test
// application through the webhook tap while the application's commands go through the command tap,
// and what a user sees of it: the Live tap node and its calls, the status bar, stop and restart on the
// same ports, a port in use, no API key, the export, and a workspace that names a remote application.
import * as assert from 'node:assert/strict';
import { readFile, rm } from 'node:fs/promises';
import type { Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { LiveTapNode, TappedCallNode } from '../../src/tree/nodes/liveTapNode';
import type { TreeNode } from '../../src/tree/nodes/treeNode';
import type { CallApp } from '../app/callApp';
import { getExtensionApi, useSimulator, waitFor } from './helpers';
import { closeAllPanels } from './panelHelpers';
import { answeringPrompts } from './promptHelpers';
import { appBehindTap, listenOn } from './tapHelpers';

type Messages = Record<'showErrorMessage' | 'showWarningMessage' | 'showInformationMessage', unknown>;

/** Runs `run` while recording the notifications it shows (they are still shown, never awaited here). */
async function recordingMessages<T>(run: () => Thenable<T> | Promise<T>): Promise<{ result: T; messages: string[] }> {
  const window = vscode.window as unknown as Messages;
  const original = {
    showErrorMessage: window.showErrorMessage,
    showWarningMessage: window.showWarningMessage,
    showInformationMessage: window.showInformationMessage,
  };
  const messages: string[] = [];
  for (const name of Object.keys(original) as Array<keyof typeof original>) {
    const shown = original[name] as (...args: unknown[]) => Thenable<unknown>;
    window[name] = (message: string, ...rest: unknown[]) => {
      messages.push(message);
      return shown.call(vscode.window, message, ...rest);
    };
  }
  try {
    return { result: await run(), messages };
  } finally {
    Object.assign(window, original);
  }
}

/** A port nothing listens on now (bound on 127.0.0.1, then let go). */

const closeServer = (server: Server): Promise<void> => new Promise((resolve) => server.close(() => resolve()));

describe('Live tap: Start/Stop Live Tap, the Live tap node, the status bar', function () {
  this.timeout(120_000);
  const env = useSimulator({ seed: 25, callControl: { answerDelayMs: 20, mediaMs: 20 } });
  const tapConfig = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('telnyx.tap');
  let webhookPort = 0;
  let apiPort = 0;
  let app: CallApp | undefined;
  const exported = join(tmpdir(), `tapped-call-${process.pid}.json`);

  const tree = () => env.api.tree;
  const liveTapNode = (): LiveTapNode | undefined =>
    tree()
      .provider.getChildren()
      .find((n): n is LiveTapNode => n.kind === 'liveTap');
  const description = (node: TreeNode): string => String(node.toTreeItem().description ?? '');
  const tappedRows = (): TappedCallNode[] =>
    (liveTapNode()?.children() ?? []).filter((n): n is TappedCallNode => n.kind === 'tappedCall');
  /** Waits until the node, as VS Code is told of it, says `pattern`. */
  const nodeSays = (pattern: RegExp, what: string): Promise<LiveTapNode> =>
    waitFor(
      () => {
        const node = liveTapNode();
        return node && pattern.test(description(node)) ? node : undefined;
      },
      15_000,
      `${what} (the node says "${liveTapNode() ? description(liveTapNode() as LiveTapNode) : 'nothing'}")`,
    );
  /** Rings the main connection and waits for the application to hang up the call it answered. */
  const ringAndFinish = async (): Promise<string> => {
    const ringing = env.sim.ring(env.sim.seed.mainConnectionId, { from: '+13125550111', to: '+13125550122' });
    await app?.until(
      (a) => a.commands.some((c) => c.callControlId === ringing.call_control_id && c.command === 'hangup'),
      'the application hung up the call it answered',
    );
    return ringing.call_control_id;
  };
  const start = (answer: string) =>
    answeringPrompts([{ type: answer }], () => vscode.commands.executeCommand('telnyx.startLiveTap'));

  before(async () => {
    ({ webhookPort, apiPort, app } = await appBehindTap(env));
  });
  // Registered after useSimulator's: mocha runs this one once the simulator is closed, so the tap is
  // reached through the extension itself.
  after(async () => {
    // The next suites see a window where no tap ran: no Live tap node above their connections.
    await (await getExtensionApi()).services.liveTap.stop();
    await vscode.commands.executeCommand('telnyx.clearLiveTap');
    await app?.close();
    for (const key of ['webhookPort', 'apiPort', 'publicKey', 'appUrl']) {
      await tapConfig().update(key, undefined, vscode.ConfigurationTarget.Global);
      await tapConfig().update(key, undefined, vscode.ConfigurationTarget.Workspace);
    }
    await rm(exported, { force: true });
    await closeAllPanels();
  });

  it('asks where the application listens (validated, the default offered), remembers it, and starts on both ports', async () => {
    const { result, asked } = await answeringPrompts(
      [
        {
          type: app?.url ?? '',
          refused: ['', 'not a url', 'localhost:3000', 'ftp://127.0.0.1/x', `http://127.0.0.1:${webhookPort}/`],
        },
      ],
      () => vscode.commands.executeCommand<{ listening: boolean } | undefined>('telnyx.startLiveTap'),
    );
    assert.equal(asked[0].value, 'http://localhost:3000/webhooks', 'the usual address is offered first');
    assert.match(asked[0].refusals[0], /Enter the URL/);
    assert.match(asked[0].refusals[1], /Not a URL/);
    assert.match(asked[0].refusals[2], /http:\/\/ or https:\/\//);
    assert.match(asked[0].refusals[3], /http:\/\/ or https:\/\//);
    assert.match(asked[0].refusals[4], /is the tap itself/);
    assert.equal(result?.listening, true);
    assert.equal(tapConfig().inspect<string>('appUrl')?.globalValue, app?.url, 'remembered in the user settings');

    const node = await nodeSays(/^Listening · forwarding to 127\.0\.0\.1:\d+ · 0 calls$/, 'the Live tap node');
    assert.equal(tree().provider.getChildren()[0], node, 'the Live tap node leads the view');
    const item = env.api.liveTap.statusItem();
    assert.equal(item.visible, true);
    assert.equal(item.text, '$(broadcast) Tap · 0 calls');
    assert.match(item.tooltip, new RegExp(`TELNYX_BASE_URL=http://127\\.0\\.0\\.1:${apiPort}/v2`));
  });

  it('says it is on when started again, without asking', async () => {
    const { result, asked } = await answeringPrompts([], () =>
      vscode.commands.executeCommand<{ listening: boolean } | undefined>('telnyx.startLiveTap'),
    );
    assert.deepEqual(asked, []);
    assert.equal(result?.listening, true);
  });

  it(
    'shows a call rung through the tap ' +
      'as it happens: from → to, its state, its last event; the count in node and status bar',
    async () => {
      const id = await ringAndFinish();
      await nodeSays(/ · 1 call$/, 'one tapped call');
      const row = await waitFor(
        () => tappedRows().find((r) => r.callControlId === id && /^ended · /.test(description(r))),
        15_000,
        'the call ended in its row',
      );
      assert.equal(row.toTreeItem().label, '+13125550111 → +13125550122');
      assert.match(description(row), /^ended · call\.hangup$/);
      const tapped = env.api.services.liveTap.current()?.call(id);
      assert.ok(
        tapped?.entries.some((e) => e.kind === 'command' && e.action === 'answer' && e.telnyx.status === 200),
        "the application's answer went through the command tap",
      );
      await waitFor(
        () => env.api.liveTap.statusItem().text === '$(broadcast) Tap · 1 call',
        5_000,
        'the status bar count',
      );

      // Clicking the row opens the usual call panel of that call.
      const command = row.toTreeItem().command;
      assert.equal(command?.command, 'telnyx.openCallDetails');
      await vscode.commands.executeCommand(command.command, ...(command.arguments ?? []));
      await waitFor(() => env.api.callDetails.panelOfCall(id), 10_000, 'the call panel');
    },
  );

  it('shows tapped calls with no API key set (the tap needs none); a Set API Key row follows the node', async () => {
    await env.api.services.apiAccess.clearKey();
    try {
      await waitFor(() => env.api.services.apiAccess.keySource === 'none', 10_000, 'no key');
      const id = await ringAndFinish();
      await nodeSays(/ · 2 calls$/, 'two tapped calls');
      assert.equal(tappedRows()[0].callControlId, id, 'the newest call first');
      // The connections cannot be read without a key: the Live tap node, then a way to set one.
      await waitFor(
        () => {
          const rows = tree().provider.getChildren();
          return rows.length === 2 && rows[0].kind === 'liveTap' && rows[1].toTreeItem().label === 'Set API Key…';
        },
        10_000,
        'the Live tap node and a Set API Key row',
      );
    } finally {
      await env.api.services.apiAccess.storeKey(env.sim.apiKey);
    }
  });

  it('exports a tapped call as JSON: its webhooks and commands, never the application’s key', async () => {
    const call = env.api.services.liveTap.current()?.calls()[0];
    assert.ok(call);
    const written = await vscode.commands.executeCommand<vscode.Uri | undefined>(
      'telnyx.exportTappedCall',
      { callControlId: call.callControlId },
      vscode.Uri.file(exported),
    );
    assert.equal(written?.fsPath, exported);
    const text = await readFile(exported, 'utf8');
    const document = JSON.parse(text) as { call_control_id: string; call: { entries: Array<{ kind: string }> } };
    assert.equal(document.call_control_id, call.callControlId);
    assert.ok(document.call.entries.some((e) => e.kind === 'webhook'));
    assert.ok(document.call.entries.some((e) => e.kind === 'command'));
    assert.ok(!text.includes(env.sim.apiKey), 'the key the application sent is not in the file');
    assert.doesNotMatch(text, /authorization|bearer/i);
  });

  it('the status bar menu copies TELNYX_BASE_URL and shows the Live tap node', async () => {
    await answeringPrompts([{ pick: /Copy TELNYX_BASE_URL/ }], () =>
      vscode.commands.executeCommand('telnyx.showLiveTapMenu'),
    );
    assert.equal(await vscode.env.clipboard.readText(), `TELNYX_BASE_URL=http://127.0.0.1:${apiPort}/v2`);
    await answeringPrompts([{ pick: /Show in Connections View/ }], () =>
      vscode.commands.executeCommand('telnyx.showLiveTapMenu'),
    );
    await waitFor(() => tree().view.selection[0]?.kind === 'liveTap', 10_000, 'the Live tap node selected');
  });

  it('Stop frees both ports; the calls stay, and the status bar item goes', async () => {
    assert.equal(await vscode.commands.executeCommand('telnyx.stopLiveTap'), true);
    // Both ports can be bound again at once.
    const servers = [await listenOn(webhookPort), await listenOn(apiPort)];
    await Promise.all(servers.map(closeServer));
    await nodeSays(/^Stopped · 2 calls$/, 'the stopped node');
    assert.equal(tappedRows().length, 2);
    assert.equal(env.api.liveTap.statusItem().visible, false);
  });

  it('a port in use: a message naming the port and its setting; the recorded calls stay', async () => {
    const squatter = await listenOn(apiPort);
    try {
      const { result, messages } = await recordingMessages(() => start(app?.url ?? ''));
      assert.equal(result.result, undefined, 'not started');
      assert.ok(
        messages.some((m) => m.includes(String(apiPort)) && m.includes('telnyx.tap.apiPort')),
        `a message names port ${apiPort} and telnyx.tap.apiPort: ${messages.join(' | ')}`,
      );
    } finally {
      await closeServer(squatter);
    }
    // The webhook port was let go again when the command port failed.
    await closeServer(await listenOn(webhookPort));
    await nodeSays(/^Stopped · 2 calls$/, 'the record kept');
  });

  it('restarts on the same ports with the remembered address and keeps the calls', async () => {
    const { asked } = await start(app?.url ?? '');
    assert.equal(asked[0].value, app?.url, 'the remembered address is offered');
    await nodeSays(/^Listening · forwarding to 127\.0\.0\.1:\d+ · 2 calls$/, 'the earlier calls carried over');
    await ringAndFinish();
    await nodeSays(/ · 3 calls$/, 'a third call');
    await waitFor(
      () => env.api.liveTap.statusItem().text === '$(broadcast) Tap · 3 calls',
      5_000,
      'the status bar count (re-rendered at most every 150 ms)',
    );
  });

  it('a workspace may name only a loopback application: another host is refused and said', async () => {
    await env.api.services.liveTap.stop();
    await tapConfig().update('appUrl', 'https://hooks.example.com/webhooks', vscode.ConfigurationTarget.Workspace);
    try {
      const { result, messages } = await recordingMessages(() =>
        answeringPrompts([{ cancel: true }], () => vscode.commands.executeCommand('telnyx.startLiveTap')),
      );
      assert.equal(result.asked[0].value, app?.url, "the user's own address is offered, not the workspace's");
      assert.ok(
        messages.some((m) => m.includes('telnyx.tap.appUrl') && m.includes('https://hooks.example.com/webhooks')),
        `the refusal is said: ${messages.join(' | ')}`,
      );
      assert.equal(env.api.services.liveTap.isListening(), false, 'cancelled: nothing started');

      await tapConfig().update('appUrl', 'http://localhost:3999/hooks', vscode.ConfigurationTarget.Workspace);
      const loopback = await answeringPrompts([{ cancel: true }], () =>
        vscode.commands.executeCommand('telnyx.startLiveTap'),
      );
      assert.equal(
        loopback.asked[0].value,
        'http://localhost:3999/hooks',
        "a loopback workspace address is the workspace's to set",
      );
    } finally {
      await tapConfig().update('appUrl', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  it('Clear Live Tap Record forgets the stopped tap: the node goes, the connections stay', async () => {
    await env.api.services.liveTap.stop();
    assert.equal(await vscode.commands.executeCommand('telnyx.clearLiveTap'), true);
    await waitFor(() => liveTapNode() === undefined, 5_000, 'the Live tap node gone');
    assert.equal(env.api.services.liveTap.current(), undefined);
    assert.ok(
      tree()
        .provider.getChildren()
        .some((n) => n.kind === 'connection'),
    );
  });
});
