// The live loop (issue 25): a test call placed from the palette on a connection whose webhooks go to
// the running live tap, the tap forwarding them to the application, whose commands go through the
// command tap. The user follows it live: the call under the Live tap node, and its panel's rows seen
// by the tap growing as the call happens, to the hangup.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { LiveTapNode, TappedCallNode } from '../../src/tree/nodes/liveTapNode';
import type { TelnyxCallsExtensionApi } from '../../src/extension';
import type { CallApp } from '../app/callApp';
import { useSimulator, waitFor } from './helpers';
import { closeAllPanels, report, viewOf, type PanelView } from './panelHelpers';
import { answeringPrompts } from './promptHelpers';
import { appBehindTap } from './tapHelpers';

/** A number the simulator's far end answers. */
const ANSWERING_NUMBER = '+13125550199';

const tappedNames = (view: PanelView): string[] =>
  view.rows.filter((row) => row.seenBy === 'tap' || row.seenBy === 'both').map((row) => row.name);

describe('Live tap: a test call placed from the palette, followed live through the tap', function () {
  this.timeout(150_000);
  const tapConfig = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('telnyx.tap');
  let api: TelnyxCallsExtensionApi | undefined;
  let app: CallApp | undefined;
  // Registered before useSimulator's own hooks, so that it runs while the extension still has the
  // simulator's account: the next suites see a window where no tap ran.
  after(async () => {
    await api?.services.liveTap.stop();
    api?.services.liveTap.clear();
    await app?.close();
    for (const key of ['webhookPort', 'apiPort', 'publicKey', 'appUrl'])
      await tapConfig().update(key, undefined, vscode.ConfigurationTarget.Global);
    await closeAllPanels();
  });
  const env = useSimulator({ seed: 26, callControl: { answerDelayMs: 20 } });

  before(async () => {
    api = env.api;
    ({ app } = await appBehindTap(env));
    // A greeting long enough to see the call's panel before its end, even on a busy machine.
    env.sim.setCallControl({ mediaMs: 6_000 });
    const started = await answeringPrompts([{ type: app.url }], () =>
      vscode.commands.executeCommand<{ listening: boolean } | undefined>('telnyx.startLiveTap'),
    );
    assert.equal(started.result?.listening, true, 'the tap listens');
  });

  it('lists the call under the Live tap node, and its panel shows tapped rows growing to the hangup', async () => {
    const connection = env.sim.state.connections().find((c) => c.id === env.sim.seed.mainConnectionId);
    assert.ok(connection?.connection_name);
    const name = connection.connection_name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    await answeringPrompts(
      [
        { pick: new RegExp(`^${name}$`) },
        { pick: /^\+1\d{10}$/ },
        { type: ANSWERING_NUMBER },
        { modal: /^Place Call$/ },
      ],
      () => vscode.commands.executeCommand('telnyx.placeTestCall'),
    );
    const panel = await waitFor(
      () => env.api.callDetails.openPanels().find((p) => p.target.kind === 'call'),
      10_000,
      'the panel of the new call',
    );
    const id = panel.target.kind === 'call' ? panel.target.callControlId : '';

    const liveTap = (): LiveTapNode | undefined =>
      env.api.tree.provider.getChildren().find((n): n is LiveTapNode => n.kind === 'liveTap');
    await waitFor(
      () =>
        (liveTap()?.children() ?? [])
          .filter((n): n is TappedCallNode => n.kind === 'tappedCall')
          .find((n) => n.callControlId === id),
      15_000,
      'the call under the Live tap node',
    );

    // While the greeting plays: the tap has seen the call start and the application answer it.
    const early = await report(
      panel,
      (view) => tappedNames(view).includes('call.answered') && !tappedNames(view).includes('call.hangup'),
      'tapped rows before the hangup',
      30_000,
    );
    const ended = await report(
      panel,
      (view) => tappedNames(view).includes('call.hangup') && tappedNames(view).includes('hangup'),
      'the hangup seen by the tap',
      60_000,
    );
    const earlyRows = tappedNames(early);
    const endedRows = tappedNames(ended);
    assert.ok(earlyRows.includes('call.initiated'), earlyRows.join(', '));
    assert.ok(endedRows.length > earlyRows.length, `${earlyRows.join(', ')} grew to ${endedRows.join(', ')}`);
    for (const row of ['call.initiated', 'call.answered', 'speak', 'call.speak.started', 'call.speak.ended', 'hangup'])
      assert.ok(endedRows.includes(row), `${row} seen by the tap in ${endedRows.join(', ')}`);
    assert.equal(viewOf(panel).rows.filter((r) => r.name === 'call.hangup').length, 1, 'the hangup is one row');
  });
});
