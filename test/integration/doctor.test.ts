import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Diagnosis } from '../../src/doctor/index';
import type { CallEvent } from '../../src/telnyx/types';
import type { ConnectionsTree } from '../../src/tree/connectionsTree';
import { diagnosePanelEvents, findingsViewOf } from '../../src/callDetails/findingsView';
import { DOCTOR_SCENARIOS } from '../simulator/doctorScenarios';
import { hoveredTreeItem, useSimulator, waitFor } from './helpers';
import { findingsOf, report, useCallPanels } from './panelHelpers';
import { whenCallSelected } from './treeHelpers';

describe('call doctor: Telnyx: Diagnose Call…', () => {
  const env = useSimulator({ seed: 4 });

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
  });

  const serious = (d: Diagnosis | undefined): string[] =>
    (d?.findings ?? []).filter((f) => f.severity !== 'info').map((f) => f.rule);

  it('with a session id: reads the session and names the late command', async () => {
    env.sim.clearRequests();
    const diagnosis = await vscode.commands.executeCommand<Diagnosis | undefined>(
      'telnyx.diagnoseCall',
      DOCTOR_SCENARIOS.lateSpeak,
    );
    assert.deepEqual(serious(diagnosis), ['command-after-hangup']);
    assert.match(diagnosis?.findings[0].title ?? '', /^speak sent 0\.40 s after leg \w+… hung up$/);
    assert.ok(
      env.sim.requests.some(
        (r) =>
          r.endpoint === 'call_events' &&
          r.query.some(([k, v]) => k === 'filter[application_session_id]' && v === DOCTOR_SCENARIOS.lateSpeak),
      ),
      'events read by session',
    );
  });

  it('with a leg id: finds the session of the leg, and the leg left up', async () => {
    const events = env.sim.state.events({ sessionId: DOCTOR_SCENARIOS.dangling });
    const hungUp = new Set(events.filter((e) => e.name === 'call.hangup').map((e) => e.call_leg_id));
    const alive = events.find((e) => !hungUp.has(e.call_leg_id));
    assert.ok(alive);
    const diagnosis = await vscode.commands.executeCommand<Diagnosis | undefined>('telnyx.diagnoseCall', {
      legId: alive.call_leg_id,
    });
    assert.deepEqual(serious(diagnosis), ['dangling-leg']);
  });

  it('with a call_control_id of a healthy call: only the hangup, explained in plain words', async () => {
    const diagnosis = await vscode.commands.executeCommand<Diagnosis | undefined>(
      'telnyx.diagnoseCall',
      env.sim.seed.recentlyEndedCallControlId,
    );
    assert.deepEqual(serious(diagnosis), []);
    const hangup = diagnosis?.findings.find((f) => f.rule === 'hangup-explained');
    assert.match(hangup?.explanation ?? '', /The call ended normally\. SIP response 200\./);
    assert.ok((diagnosis?.reactions.byWebhook.length ?? 0) > 0, 'reaction times');
  });

  it('ends with what the diagnosis rests on; with every metadata field missing, that line and no false finding', async () => {
    const full = await vscode.commands.executeCommand<Diagnosis | undefined>(
      'telnyx.diagnoseCall',
      env.sim.seed.failedDeliverySessionId,
    );
    assert.ok(serious(full).includes('failed-deliveries'));
    assert.match(
      full?.basisLine ?? '',
      /^\d+ events read; delivery results known for (\d+) of \1 webhooks; results known for (\d+) of \2 commands\.$/,
    );
    env.sim.setModes({ emptyMetadata: true });
    try {
      const blind = await vscode.commands.executeCommand<Diagnosis | undefined>(
        'telnyx.diagnoseCall',
        env.sim.seed.failedDeliverySessionId,
      );
      assert.deepEqual(serious(blind), []);
      assert.match(
        blind?.basisLine ?? '',
        /^\d+ events read; delivery results known for 0 of \d+ webhooks, so failed deliveries cannot be judged; results known for 0 of \d+ commands, so a failed command may go unreported\.$/,
      );
    } finally {
      env.sim.setModes({ emptyMetadata: false });
    }
  });

  it('follows the reaction budget setting', async () => {
    const config = vscode.workspace.getConfiguration('telnyx');
    const slow = await vscode.commands.executeCommand<Diagnosis | undefined>(
      'telnyx.diagnoseCall',
      DOCTOR_SCENARIOS.slowHandler,
    );
    assert.deepEqual(serious(slow), ['slow-reactions']);
    await config.update('doctor.reactionBudget', 3000, vscode.ConfigurationTarget.Global);
    try {
      const relaxed = await vscode.commands.executeCommand<Diagnosis | undefined>(
        'telnyx.diagnoseCall',
        DOCTOR_SCENARIOS.slowHandler,
      );
      assert.deepEqual(serious(relaxed), []);
    } finally {
      await config.update('doctor.reactionBudget', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});

describe('call doctor: Findings section of the call panel', function () {
  this.timeout(60_000);
  const env = useSimulator({ seed: 4 });
  const { openCall, openEvents } = useCallPanels(env);

  function callControlIdOf(event: CallEvent): string {
    const payload = (event.metadata as { payload?: { call_control_id?: string } }).payload;
    assert.ok(payload?.call_control_id);
    return payload.call_control_id;
  }

  it('puts the findings first, with the reaction-times table', async () => {
    const events = env.sim.state.events({ sessionId: DOCTOR_SCENARIOS.dangling });
    const hungUp = new Set(events.filter((e) => e.name === 'call.hangup').map((e) => e.call_leg_id));
    const alive = events.find((e) => e.type === 'webhook' && !hungUp.has(e.call_leg_id));
    assert.ok(alive);
    const panel = await openCall(callControlIdOf(alive));
    await report(panel, (r) => r.eventCount === events.length && r.progress.phase === 'idle', 'the timeline');
    const shown = findingsOf(panel);
    assert.match(shown.titles[0] ?? '', /^Leg \w+… is still up \d+\.\d s after leg \w+… hung up$/);
    assert.ok(
      shown.titles.some((t) => /ended: normal_clearing$/.test(t)),
      'the hangup explained',
    );
    assert.ok(
      shown.reactionRows.some((row) => /^call\.initiated 1 0\.31 s 0\.31 s$/.test(row)),
      JSON.stringify(shown.reactionRows),
    );
  });

  it("the Findings section ends with what the diagnosis rests on, also when Telnyx's envelope says nothing of deliveries", async () => {
    env.sim.setModes({ envelopeMetadata: true });
    try {
      const call = env.sim.state.startCall(env.sim.seed.mainConnectionId);
      env.sim.state.endCall(call.call_control_id, 'normal_clearing');
      const panel = await openCall(call.call_control_id);
      const view = await report(panel, (r) => r.progress.phase === 'idle' && r.eventCount > 0, 'the timeline');
      const events = panel.state.events;
      const basis = findingsViewOf(diagnosePanelEvents(events), events).basis;
      const webhooks = events.filter((e) => e.type === 'webhook').length;
      assert.ok(
        basis.startsWith(
          `${view.eventCount} events read; delivery results known for 0 of ${webhooks} webhooks, so failed deliveries cannot be judged`,
        ),
        basis,
      );
    } finally {
      env.sim.setModes({ envelopeMetadata: false });
    }
  });

  it('with no events at all, says there was nothing to diagnose (not that it found nothing)', async () => {
    const legId = '00000000-0000-1000-8000-00000000d0c0';
    const panel = await openEvents({ title: 'No events', filter: { legId } });
    const answered = (): boolean =>
      env.sim.requests.some(
        (r) => r.endpoint === 'call_events' && r.status !== 0 && r.query.some(([, value]) => value === legId),
      );
    await waitFor(() => answered() && panel.state.progress.phase === 'idle', 15_000, 'the empty timeline read');
    assert.equal(panel.state.events.length, 0);
    const shown = findingsOf(panel);
    assert.deepEqual(shown.titles, []);
    assert.equal(shown.empty, 'No events to diagnose: the call doctor had nothing to read.');
  });

  it('a healthy call: no warning, only the plain explanation of its hangup', async () => {
    // A call of this simulator, not a seeded one: seeded call_control_ids are the same for every seed,
    // and the panel remembers the session of a call an earlier suite opened (see gaps.test.ts).
    const call = env.sim.state.startCall(env.sim.seed.mainConnectionId);
    env.sim.state.endCall(call.call_control_id, 'normal_clearing');
    const id = call.call_control_id;
    const panel = await openCall(id);
    await report(panel, (r) => r.progress.phase === 'idle' && r.eventCount > 0, 'the timeline');
    assert.deepEqual(
      findingsOf(panel).titles.map((t) => t.replace(/\w+… ended/, 'LEG ended')),
      ['Leg LEG ended: normal_clearing'],
    );
  });

  it('once a panel has read a session, its calls carry the findings: a badge and line in the tree, a line in the hover', async () => {
    const events = env.sim.state.events({ sessionId: DOCTOR_SCENARIOS.dangling });
    const hungUp = new Set(events.filter((e) => e.name === 'call.hangup').map((e) => e.call_leg_id));
    const alive = events.find((e) => e.type === 'webhook' && !hungUp.has(e.call_leg_id));
    assert.ok(alive);
    const id = callControlIdOf(alive);
    const tree = env.api.tree as ConnectionsTree;
    const rowOf = async (callControlId: string): Promise<vscode.TreeItem> => {
      assert.ok(await tree.revealCall(callControlId), `${callControlId} is in the tree`);
      return hoveredTreeItem(tree.provider, await whenCallSelected(tree, callControlId));
    };
    const iconId = (item: vscode.TreeItem): string | undefined => (item.iconPath as { id?: string } | undefined)?.id;
    // Markdown escapes punctuation and keeps a value's words together with &nbsp;: read it as text.
    const asText = (markdown: string): string =>
      markdown.replace(/&nbsp;/g, ' ').replace(/\\([\\`*_{}[\]()#+\-.!|<>~&"':$=])/g, '$1');
    const tooltipOf = (item: vscode.TreeItem): string =>
      asText((item.tooltip as vscode.MarkdownString | undefined)?.value ?? '');
    const hoverOf = async (callControlId: string): Promise<string> => {
      const doc = await vscode.workspace.openTextDocument({
        language: 'log',
        content: `answering call_control_id=${callControlId} now`,
      });
      const at = doc.getText().indexOf(callControlId) + 4;
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
        'vscode.executeHoverProvider',
        doc.uri,
        doc.positionAt(at),
      );
      return asText(
        hovers
          .flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : '')))
          .join('\n'),
      );
    };
    // A healthy call on the same connection: the control, before and after.
    const healthy = env.sim.state.startCall(env.sim.seed.mainConnectionId);
    await vscode.commands.executeCommand('telnyx.connections.focus');

    const panel = await openCall(id);
    await report(panel, (r) => r.eventCount === events.length && r.progress.phase === 'idle', 'the timeline');
    assert.ok(findingsOf(panel).titles.length > 0, 'the findings');
    await vscode.commands.executeCommand('telnyx.refresh');
    await tree.whenIdle();
    const row = await rowOf(id);
    assert.equal(iconId(row), 'warning', 'a warning badge on the call row');
    assert.match(tooltipOf(row), /Call doctor.*finding.*is still up/s);
    assert.match(await hoverOf(id), /1 finding: .*is still up/);

    const control = await rowOf(healthy.call_control_id);
    assert.ok(
      !['warning', 'error'].includes(iconId(control) ?? ''),
      `no badge on a call whose events were not read (icon ${iconId(control)})`,
    );
    assert.doesNotMatch(tooltipOf(control), /Call doctor/);
  });
});
