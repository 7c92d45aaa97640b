// Acting on calls (issue 24): Place Test Call… and Hang Up, against the simulator speaking Call
// Control. What a user notices: the prompts and the dialog's words, what reaches Telnyx (nothing on
// cancel, one command on confirm), the panel following the call to its end and saying what Telnyx
// answered, and that nothing a workspace writes can start either action.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { LAST_TO_KEY } from '../../src/actions/placeTestCall';
import { HOVER_COMMANDS } from '../../src/hover/content';
import type { ConnectionsTree } from '../../src/tree/connectionsTree';
import type { CallNode } from '../../src/tree/nodes/callNode';
import { startCallApp, type CallApp } from '../app/callApp';
import { DOCTOR_SCENARIOS } from '../simulator/doctorScenarios';
import type { RecordedRequest } from '../simulator/types';
import { getExtension, useSimulator, waitFor, type SimulatorFixture } from './helpers';
import { report, useCallPanels } from './panelHelpers';
import { answeringPrompts, type PromptAnswer } from './promptHelpers';
import { whenCallSelected } from './treeHelpers';

/** A number the simulator's far end answers (it declines, is busy or rings out only for FAR_END_NUMBERS). */
const ANSWERING_NUMBER = '+13125550199';

const HANGUP_PATH = /^\/v2\/calls\/[^/]+\/actions\/hangup$/;

function posts(env: SimulatorFixture, path: RegExp): RecordedRequest[] {
  return env.sim.requests.filter((r) => r.method === 'POST' && path.test(r.path));
}

function bodyOf(request: RecordedRequest): Record<string, unknown> {
  return JSON.parse(request.body ?? '{}') as Record<string, unknown>;
}

function hangUpsOf(env: SimulatorFixture, callControlId: string): RecordedRequest[] {
  return posts(env, HANGUP_PATH).filter((r) => decodeURIComponent(r.path.split('/')[3]) === callControlId);
}

/** The Connections view, shown and read again so that a call started since is listed. */
async function refreshedTree(env: SimulatorFixture): Promise<ConnectionsTree> {
  const tree = env.api.tree as ConnectionsTree;
  await vscode.commands.executeCommand('telnyx.connections.focus');
  await vscode.commands.executeCommand('telnyx.refresh');
  await tree.whenIdle();
  return tree;
}

/** The call's row in the Connections view, read again so that a call started since is listed. */
async function callRow(env: SimulatorFixture, callControlId: string, connectionId?: string): Promise<CallNode> {
  const tree = await refreshedTree(env);
  // Where a row was listed is what the tree teaches the call directory; a call started a moment ago
  // by the simulator was never listed yet.
  if (connectionId) {
    await env.api.services.calls.status(callControlId);
    env.api.services.calls.rememberConnection(callControlId, connectionId);
  }
  const listed = env.sim.state
    .activeCalls(connectionId ?? env.sim.seed.mainConnectionId)
    .some((c) => c.call_control_id === callControlId);
  assert.ok(
    await tree.revealCall(callControlId),
    `${callControlId} is in the tree (the simulator ${listed ? 'lists' : 'no longer lists'} it)`,
  );
  return whenCallSelected(tree, callControlId);
}

describe('Place Test Call', function () {
  this.timeout(120_000);
  const env = useSimulator({ seed: 24 });
  const panels = useCallPanels(env);
  let app: CallApp | undefined;

  before(async () => {
    // The connection's application: it speaks a greeting once the far end answers, then hangs up.
    app = await startCallApp({ apiUrl: env.sim.url, apiKey: env.sim.apiKey, publicKey: env.sim.webhookPublicKey });
    env.sim.setWebhook(env.sim.seed.mainConnectionId, { webhookUrl: app.url });
    // A greeting long enough to find the call live in the tree (even on a busy machine) before the
    // application ends it.
    env.sim.setCallControl({ mediaMs: 25_000 });
  });
  after(async () => {
    await app?.close();
    await getExtension().exports.services.context.workspaceState.update(LAST_TO_KEY, undefined);
  });

  const connectionName = (): string => {
    const main = env.sim.state.connections().find((c) => c.id === env.sim.seed.mainConnectionId);
    assert.ok(main?.connection_name);
    return main.connection_name;
  };
  const escape = (text: string): RegExp => new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);

  it(
    'asks for the connection, the numbers and a confirmation that names the account and both ' +
      'numbers; cancelling sends nothing',
    async () => {
      env.sim.clearRequests();
      const answers: PromptAnswer[] = [
        { pick: escape(connectionName()) },
        { pick: /^Type a number…$/ },
        { type: '+13125550100', refused: ['312 555 0100'] },
        { type: ANSWERING_NUMBER, refused: ['', 'alice'] },
        { modal: undefined },
      ];
      const { asked } = await answeringPrompts(answers, () => vscode.commands.executeCommand('telnyx.placeTestCall'));
      assert.equal(asked[0].kind, 'pick');
      assert.doesNotMatch(
        asked[0].text,
        /TeXML|credential_connection|ip_connection|fqdn_connection/,
        'only Call Control applications, which Dial takes, are offered',
      );
      assert.match(
        asked[1].text,
        /caller number \(from\).*\| \+1\d{10} /,
        "the account's numbers on the connection are offered",
      );
      assert.match(asked[2].refusals[0], /E\.164 form: a "\+"/);
      assert.match(asked[3].refusals[0], /E\.164/);
      const dialog = asked[4];
      assert.equal(dialog.kind, 'modal');
      assert.match(dialog.text, new RegExp(`from \\+13125550100 to \\${ANSWERING_NUMBER} with account `));
      assert.match(dialog.text, /the phone rings and the call may be charged/);
      assert.deepEqual(posts(env, /^\/v2\/calls$/), [], 'no Dial was sent');
    },
  );

  it(
    'dials once, opens the new call’s panel, which follows it to its end; the tree lists it ' +
      'under its connection; the number is remembered',
    async () => {
      env.sim.clearRequests();
      const before = new Set(env.sim.state.activeCalls(env.sim.seed.mainConnectionId).map((c) => c.call_control_id));
      const { asked: placing } = await answeringPrompts(
        [
          { pick: escape(connectionName()) },
          { pick: /^\+1\d{10}$/ },
          { type: ANSWERING_NUMBER },
          { modal: /^Place Call$/ },
        ],
        () => vscode.commands.executeCommand('telnyx.placeTestCall'),
      );
      const from = /\| (\+1\d{10}) /.exec(placing[1].text)?.[1];
      assert.ok(from, 'a number of the connection was picked');
      const dials = posts(env, /^\/v2\/calls$/);
      assert.equal(dials.length, 1, 'exactly one Dial');
      assert.deepEqual(bodyOf(dials[0]), { connection_id: env.sim.seed.mainConnectionId, to: ANSWERING_NUMBER, from });

      const placed = await waitFor(
        () => panels.api.openPanels().find((p) => p.target.kind === 'call' && !before.has(p.target.callControlId)),
        10_000,
        'the panel of the new call',
      );
      assert.equal(placed.target.kind, 'call');
      const id = placed.target.kind === 'call' ? placed.target.callControlId : '';
      // Read from the tree's model, not as the view's selection of a revealed row: this call ends by
      // itself within seconds, and the row of an ended call leaves the tree (and the selection) at the
      // next poll, sooner than a busy machine reports a selection.
      const tree = await refreshedTree(env);
      const listed = await tree.model.callsOf(env.sim.seed.mainConnectionId).find(id);
      assert.ok(listed, 'listed under its connection');
      await report(placed, (r) => r.statusState === 'alive', 'the call answered', 30_000);

      // The application speaks, then hangs up: the panel follows the call to its end.
      const ended = await report(
        placed,
        (r) => r.statusState === 'ended' && r.names.includes('call.hangup'),
        'the call ended, with its hangup',
        60_000,
      );
      for (const name of [
        'call.initiated',
        'call.answered',
        'speak',
        'call.speak.started',
        'call.speak.ended',
        'hangup',
      ]) {
        assert.ok(ended.names.includes(name), `${name} in ${ended.names.join(', ')}`);
      }
      assert.ok(
        app?.commands.some((c) => c.callControlId === id && c.command === 'hangup' && c.status === 200),
        'the application hung up',
      );

      const { asked } = await answeringPrompts(
        [{ pick: escape(connectionName()) }, { pick: /^\+1\d{10}$/ }, { cancel: true }],
        () => vscode.commands.executeCommand('telnyx.placeTestCall'),
      );
      assert.equal(asked[2].value, ANSWERING_NUMBER, 'the last number called, remembered for this workspace');
    },
  );

  it('takes nothing from its arguments: a task or keybinding cannot choose what is dialled', async () => {
    env.sim.clearRequests();
    const args = {
      connection_id: env.sim.seed.mainConnectionId,
      from: '+13125550100',
      to: ANSWERING_NUMBER,
      confirm: true,
    };
    const { asked } = await answeringPrompts([{ cancel: true }], () =>
      vscode.commands.executeCommand('telnyx.placeTestCall', args),
    );
    assert.equal(asked[0].kind, 'pick', 'it still asks for the connection');
    assert.deepEqual(posts(env, /^\/v2\/calls$/), []);
  });
});

describe('Hang Up', function () {
  this.timeout(90_000);
  const env = useSimulator({ seed: 25 });
  const panels = useCallPanels(env);

  it(
    'from a call row: the dialog names the call and the account; cancel sends nothing; ' +
      'confirm sends exactly one hangup with a command_id',
    async () => {
      const call = env.sim.state.startCall(env.sim.seed.mainConnectionId);
      const row = await callRow(env, call.call_control_id, env.sim.seed.mainConnectionId);
      env.sim.clearRequests();

      const cancelled = await answeringPrompts([{ modal: undefined }], () =>
        vscode.commands.executeCommand('telnyx.hangUpCall', row),
      );
      assert.match(cancelled.asked[0].text, /^Hang up call v3:\S+… of account \S+\?/);
      assert.ok(cancelled.asked[0].text.includes(call.call_control_id), 'the dialog gives the full call_control_id');
      assert.deepEqual(hangUpsOf(env, call.call_control_id), [], 'cancel sends nothing');

      await answeringPrompts([{ modal: /^Hang Up$/ }], () => vscode.commands.executeCommand('telnyx.hangUpCall', row));
      const sent = hangUpsOf(env, call.call_control_id);
      assert.equal(sent.length, 1, 'one command');
      assert.match(String(bodyOf(sent[0]).command_id), /^[0-9a-f-]{36}$/, 'with a command_id');
      await waitFor(
        () => env.sim.state.callStatus(call.call_control_id)?.end_time,
        10_000,
        'the call ended in the simulator',
      );
    },
  );

  it(
    'from the panel: a double click is one dialog and one command; the panel says Telnyx ' +
      'accepted it and shows the call ended',
    async () => {
      const call = env.sim.state.startCall(env.sim.seed.mainConnectionId);
      const panel = await panels.openCall(call.call_control_id);
      await report(panel, (r) => r.statusState === 'alive', 'the live call');
      env.sim.clearRequests();
      const { asked } = await answeringPrompts([{ modal: /^Hang Up$/ }], () =>
        Promise.all([panel.request({ type: 'hangUp' }), panel.request({ type: 'hangUp' })]),
      );
      assert.equal(asked.length, 1, 'one dialog');
      assert.equal(hangUpsOf(env, call.call_control_id).length, 1, 'one command');
      await report(panel, (r) => /accepted the hang-up/.test(r.notice ?? ''), 'the answer on the page');
      await report(panel, (r) => r.statusState === 'ended', 'the call ended');
    },
  );

  it('a call that already ended: the panel says so (90018), not as a failure', async () => {
    const call = env.sim.state.startCall(env.sim.seed.mainConnectionId);
    env.sim.state.endCall(call.call_control_id, 'normal_clearing');
    const panel = await panels.openCall(call.call_control_id);
    await report(panel, (r) => r.statusState === 'ended', 'the ended call');
    await answeringPrompts([{ modal: /^Hang Up$/ }], () => panel.request({ type: 'hangUp' }));
    const shown = await report(panel, (r) => /90018/.test(r.notice ?? ''), 'the answer on the page');
    assert.match(shown.notice ?? '', /had already ended \(90018\): there was nothing to hang up/);
  });

  it('a call Telnyx does not know: the panel says so (90015)', async () => {
    const unknown = 'v3:UnknownCallOfAnotherAccount0000000000000000000000000';
    const panel = await panels.openCall(unknown);
    await report(panel, (r) => r.statusState === 'gone' || r.statusState === 'error', 'the status read');
    await answeringPrompts([{ modal: /^Hang Up$/ }], () => panel.request({ type: 'hangUp' }));
    const shown = await report(panel, (r) => /does not know call/.test(r.notice ?? ''), 'the answer on the page');
    assert.match(shown.notice ?? '', /\(90015\)/);
  });

  it('a key without the permission: the panel says so (10010)', async () => {
    const call = env.sim.state.startCall(env.sim.seed.mainConnectionId);
    const panel = await panels.openCall(call.call_control_id);
    await report(panel, (r) => r.statusState === 'alive', 'the live call');
    env.sim.addFault({ endpoint: 'call_action', forbidden: { count: 1 } });
    try {
      await answeringPrompts([{ modal: /^Hang Up$/ }], () => panel.request({ type: 'hangUp' }));
      const shown = await report(panel, (r) => /10010/.test(r.notice ?? ''), 'the answer on the page');
      assert.match(shown.notice ?? '', /This API key may not control calls \(10010\)/);
      assert.equal(env.sim.state.callStatus(call.call_control_id)?.end_time, undefined, 'the call is still up');
    } finally {
      env.sim.clearFaults();
    }
  });

  it("the doctor's leg-left-up finding hangs up that leg, after the same confirmation", async () => {
    const events = env.sim.state.events({ sessionId: DOCTOR_SCENARIOS.dangling });
    const hungUp = new Set(events.filter((e) => e.name === 'call.hangup').map((e) => e.call_leg_id));
    const alive = events.find((e) => e.type === 'webhook' && !hungUp.has(e.call_leg_id));
    assert.ok(alive);
    const legControlId = (alive.metadata as { payload?: { call_control_id?: string } }).payload?.call_control_id;
    assert.ok(legControlId);
    const panel = await panels.openCall(legControlId);
    await report(panel, (r) => r.eventCount === events.length && r.progress.phase === 'idle', 'the timeline');
    const findingId = `dangling-leg:${alive.call_leg_id}`;
    env.sim.clearRequests();
    const { asked } = await answeringPrompts([{ modal: undefined }], () =>
      panel.request({ type: 'hangUpLeg', findingId }),
    );
    assert.ok(asked[0].text.includes(legControlId), 'the dialog names the leg left up');
    assert.deepEqual(hangUpsOf(env, legControlId), [], 'cancel sends nothing');
    await answeringPrompts([{ modal: /^Hang Up$/ }], () => panel.request({ type: 'hangUpLeg', findingId }));
    assert.equal(hangUpsOf(env, legControlId).length, 1, 'one command, to that leg');
    await report(panel, (r) => /accepted the hang-up/.test(r.notice ?? ''), 'the answer on the page');
  });

  it(
    'cannot be started by a workspace: ids given as arguments are refused without a dialog, ' +
      'and no hover link or chat tool offers it',
    async () => {
      const call = env.sim.state.startCall(env.sim.seed.mainConnectionId);
      env.sim.clearRequests();
      // No prompt is expected: answeringPrompts fails on any dialog.
      await answeringPrompts([], async () => {
        await vscode.commands.executeCommand('telnyx.hangUpCall', call.call_control_id);
        await vscode.commands.executeCommand('telnyx.hangUpCall', {
          callControlId: call.call_control_id,
          call_control_id: call.call_control_id,
        });
        await vscode.commands.executeCommand('telnyx.hangUpCall');
      });
      assert.deepEqual(hangUpsOf(env, call.call_control_id), []);
      assert.ok(
        !(HOVER_COMMANDS as readonly string[]).some((c) => /hangUp|placeTestCall/.test(c)),
        'hover links cannot run them',
      );
      const manifest = getExtension().packageJSON as {
        contributes: {
          languageModelTools: Array<{ name: string }>;
          configuration: { properties: Record<string, unknown> };
        };
        activationEvents: string[];
      };
      assert.ok(
        !manifest.contributes.languageModelTools.some((t) => /hang|dial|call_place/i.test(t.name)),
        'no chat tool acts on calls',
      );
      assert.ok(!manifest.activationEvents.includes('onUri'), 'no URI handler');
      assert.ok(
        !Object.keys(manifest.contributes.configuration.properties).some((k) => /hang|dial|placeTestCall/i.test(k)),
        'no setting starts them',
      );
    },
  );
});
