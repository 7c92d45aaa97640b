// The call details panel inside VS Code against the simulator imitating real Telnyx (issue 13):
// late and duplicate webhooks, a timeline completed after the call ends, odd records, ignored filters.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { CallEvent } from '../../src/telnyx/types';
import { dedupeEvents } from '../../src/timeline/model';
import { defaultModes } from '../simulator/modes';
import { useSimulator, waitFor } from './helpers';
import { report, useCallPanels, viewOf } from './panelHelpers';

describe('call details against realistic Telnyx', function () {
  this.timeout(60_000);
  const env = useSimulator({ seed: 17 });
  const { openCall } = useCallPanels(env);
  afterEach(() => env.sim.setModes(defaultModes()));

  it('a late webhook with an earlier timestamp appears within two refreshes, in time order', async () => {
    const call = env.sim.state.startCall(env.sim.seed.mainConnectionId);
    const panel = await openCall(call.call_control_id);
    const before = await report(
      panel,
      (r) => r.statusState === 'alive' && r.autoRefresh && r.eventCount >= 3,
      'a live call',
    );
    env.sim.state.addEvent(call.call_control_id, { name: 'call.speak.started', type: 'webhook' });
    await report(panel, (r) => r.eventCount === before.eventCount + 1, 'the next event');
    env.sim.state.addEvent(call.call_control_id, {
      name: 'call.machine.detection.ended',
      type: 'webhook',
      lateByMs: 20_000,
    });
    const ticks = { start: env.sim.requests.filter((r) => r.endpoint === 'call_events').length };
    const shown = await report(panel, (r) => r.eventCount === before.eventCount + 2, 'the late event', 15_000);
    const refreshes = env.sim.requests.filter((r) => r.endpoint === 'call_events').length - ticks.start;
    assert.ok(refreshes <= 2, `seen within two refreshes (took ${refreshes})`);
    assert.ok(
      shown.names.indexOf('call.machine.detection.ended') < shown.names.indexOf('call.speak.started'),
      'placed by its timestamp',
    );
  });

  it('the final timeline is complete after the call ends: an event recorded after the hangup still arrives', async () => {
    const call = env.sim.state.startCall(env.sim.seed.mainConnectionId);
    const panel = await openCall(call.call_control_id);
    await report(panel, (r) => r.statusState === 'alive' && r.autoRefresh, 'a live call');
    env.sim.state.endCall(call.call_control_id, 'normal_clearing');
    await report(panel, (r) => r.statusState === 'ended' && !r.autoRefresh, 'the call seen ended', 15_000);
    const count = panel.state.events.length;
    env.sim.state.addEvent(call.call_control_id, { name: 'call.recording.saved', type: 'webhook', lateByMs: 1_000 });
    const final = await report(panel, (r) => r.eventCount === count + 1, 'the event after the hangup', 15_000);
    assert.ok(final.names.includes('call.recording.saved'));
    assert.ok(
      panel.state.events.some((e) => e.name === 'call.recording.saved'),
      'and in the export',
    );
  });

  it('two deliveries of one webhook are both shown; only the repeated one is marked "duplicate delivery (attempt 2)"', async () => {
    env.sim.setModes({ envelopeMetadata: true });
    const call = env.sim.state.startCall(env.sim.seed.mainConnectionId);
    env.sim.state.addEvent(call.call_control_id, { name: 'call.speak.ended', type: 'webhook', attempts: 2 });
    const expected = env.sim.state.events({ sessionId: call.call_session_id }).length;
    const panel = await openCall(call.call_control_id);
    const shown = await report(panel, (r) => r.eventCount === expected, 'every record once', 15_000);
    const marks = shown.rows.filter((row) => row.name === 'call.speak.ended').map((row) => row.redelivery);
    assert.deepEqual(marks, [undefined, { attempt: 2 }], 'the first delivery is not marked a duplicate of itself');
  });

  it('an unknown event type and a nameless record are shown with a warning; the rest renders', async () => {
    const call = env.sim.state.startCall(env.sim.seed.mainConnectionId);
    env.sim.setModes({ oddRecords: true });
    const panel = await openCall(call.call_control_id);
    const shown = await report(
      panel,
      (r) => r.rows.filter((row) => row.problem !== undefined).length === 2,
      'the odd records flagged',
    );
    assert.equal(shown.timelineError, undefined, 'no error for the whole list');
    assert.ok(shown.names.includes('call.answered'));
  });

  it(
    'events of other calls, from a filter Telnyx ignored, are left out with a notice (not an ' +
      'error) whose count does not grow with refreshes',
    async function () {
      this.timeout(150_000);
      const call = env.sim.state.startCall(env.sim.seed.mainConnectionId);
      env.sim.setModes({ ignoredFilters: ['filter[application_session_id]'] });
      // What the panel's read returns (the account's recent events): those of other calls, each once.
      const api = await env.api.services.apiAccess.getApi();
      assert.ok(api);
      const others = (events: readonly CallEvent[]): number =>
        dedupeEvents(events.filter((e) => e.call_session_id !== call.call_session_id)).length;
      const expected = others(
        await api.fetchAllCallEvents({ applicationSessionId: call.call_session_id }, { pageSize: 250 }),
      );
      assert.ok(expected > 0, 'the account has events of other calls');
      env.sim.clearRequests();
      const panel = await openCall(call.call_control_id);
      const shown = await report(
        panel,
        (r) => r.leftOut !== undefined && r.eventCount > 0 && r.progress.phase === 'idle' && r.autoRefresh,
        'the notice',
        30_000,
      );
      assert.equal(shown.timelineError, undefined, 'the read succeeded: no error, no Retry');
      assert.match(
        shown.timelineNotice ?? '',
        new RegExp(`^Telnyx also returned ${expected} events of other calls: it seems to have ignored the filter\\.`),
      );
      assert.equal(shown.leftOut, expected);
      assert.ok(
        panel.state.events.every((e) => e.call_session_id === call.call_session_id),
        'none of them is shown',
      );

      // Each auto-refresh re-reads its overlap window (and Telnyx ignores the filter again): the same
      // events of other calls, still counted once.
      const refreshes = (): number =>
        env.sim.requests.filter(
          (r) =>
            r.endpoint === 'call_events' &&
            r.status !== 0 &&
            r.query.some(([key]) => key === 'filter[occurred_at][gte]') &&
            r.query.some(([, value]) => value === call.call_session_id),
        ).length;
      const settledAfter = (count: number, what: string): Promise<unknown> =>
        waitFor(() => refreshes() >= count && panel.state.progress.phase === 'idle', 90_000, what);
      await settledAfter(2, 'two refreshes');
      assert.equal(viewOf(panel).leftOut, expected, 'the overlap read again is not counted again');
      assert.equal(viewOf(panel).timelineError, undefined);

      // One more event of another call: one more left out.
      env.sim.state.addEvent(env.sim.seed.aliveCallControlId, { name: 'call.dtmf.received', type: 'webhook' });
      const before = refreshes();
      await settledAfter(before + 1, 'a refresh after the new event');
      assert.equal(viewOf(panel).leftOut, expected + 1);
    },
  );

  // How the page writes times that span days is tested on the page (test/e2e/webview.e2e.ts).
  it('an event recorded a day earlier is read on reload and listed first', async () => {
    const call = env.sim.state.startCall(env.sim.seed.mainConnectionId);
    const panel = await openCall(call.call_control_id);
    const sameDay = await report(panel, (r) => r.eventCount >= 3, 'the timeline of one day');
    env.sim.state.addEvent(call.call_control_id, { name: 'call.initiated', type: 'webhook', lateByMs: 26 * 3_600_000 });
    await panel.request({ type: 'refresh' });
    const twoDays = await report(panel, (r) => r.eventCount === sameDay.eventCount + 1, 'the event of the day before');
    const first = twoDays.rows[0];
    assert.equal(first.name, 'call.initiated');
    assert.ok(Date.now() - Date.parse(first.event_timestamp) > 25 * 3_600_000, 'the day before');
  });

  describe('a big session', () => {
    let session: { sessionId: string; callControlIds: string[] };
    before(() => {
      session = env.sim.state.addSession({ count: 3000, legs: 2 });
    });
    afterEach(async () => {
      env.sim.clearFaults();
      await vscode.workspace
        .getConfiguration('telnyx')
        .update('timeline.maxEvents', undefined, vscode.ConfigurationTarget.Global);
    });

    it('shows the first page as soon as it arrives, and Stop keeps what was read', async () => {
      env.sim.addFault({ endpoint: 'call_events', latencyMs: 400 });
      const panel = await openCall(session.callControlIds[0]);
      const early = await report(
        panel,
        (r) => r.eventCount === 250 && r.progress.phase === 'loading' && r.progress.progress !== undefined,
        'the first page while the rest loads',
      );
      assert.equal(early.progress.progress?.totalEvents, 3000);
      await panel.request({ type: 'stop' });
      const stopped = await report(
        panel,
        (r) => r.progress.phase === 'idle' && r.eventCount >= 250,
        'the load stopped',
      );
      assert.ok(stopped.eventCount < 3000, `stopped early (${stopped.eventCount})`);
      assert.match(stopped.notice ?? '', /Stopped after/);
    });

    it('reads no more than telnyx.timeline.maxEvents and keeps the rest for when the user asks', async () => {
      await vscode.workspace
        .getConfiguration('telnyx')
        .update('timeline.maxEvents', 1000, vscode.ConfigurationTarget.Global);
      env.sim.clearRequests();
      const panel = await openCall(session.callControlIds[1]);
      const shown = await report(
        panel,
        (r) => r.eventCount === 1000 && r.progress.phase === 'idle',
        'the first 1,000 events',
      );
      assert.equal(shown.eventCount, 1000);
      const pages = env.sim.requests.filter(
        (r) => r.endpoint === 'call_events' && r.query.some(([k]) => k === 'filter[application_session_id]'),
      );
      assert.equal(pages.length, 4, 'four pages of 250');
    });
  });
});
