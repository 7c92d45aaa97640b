// The call details panel inside VS Code against the simulator: what its CallSession holds and the
// panel posts to the page, what was asked of the API (sim.requests), and what ends up in files and
// the clipboard. What the page draws from those messages is tested in test/e2e.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { ladderSaveOptions, timelineSaveOptions } from '../../src/callDetails/export';
import { REFRESH_OVERLAP_SECONDS } from '../../src/callDetails/session';
import { decodeClientState } from '../../src/timeline/clientState';
import { eventKey, refreshFrom } from '../../src/timeline/model';
import { isTelnyxError } from '../../src/telnyx/errors';
import type { CallEvent } from '../../src/telnyx/types';
import type { FaultSpec, RecordedRequest } from '../simulator/types';
import { useSimulator, waitFor } from './helpers';
import { callDetailsTabs, filterCounts, report, useCallPanels, viewOf } from './panelHelpers';

function eventRequests(requests: readonly RecordedRequest[]): RecordedRequest[] {
  return requests.filter((r) => r.endpoint === 'call_events');
}

function param(request: RecordedRequest, name: string): string | undefined {
  return request.query.find(([key]) => key === name)?.[1];
}

describe('call details panel', function () {
  this.timeout(60_000);
  const env = useSimulator({ seed: 11 });
  const panels = useCallPanels(env);
  const { openCall, paceKeeper } = panels;

  afterEach(() => env.sim.clearFaults());
  /** Status reads of the call, and event reads filtered by any of `ids` (its leg and session). */
  const readsOf = (callControlId: string, ...ids: string[]): RecordedRequest[] =>
    env.sim.requests.filter(
      (r) =>
        (r.endpoint === 'call_status' && decodeURIComponent(r.path).endsWith(`/calls/${callControlId}`)) ||
        (r.endpoint === 'call_events' && r.query.some(([, value]) => ids.includes(value))),
    );

  it('opens a live call: status alive with its ids, the whole session on lanes, one panel per call', async () => {
    const id = env.sim.seed.aliveCallControlId;
    const status = env.sim.state.callStatus(id);
    assert.ok(status && status.is_alive && !status.end_time);
    const sessionEvents = env.sim.state.events({ sessionId: status.call_session_id });
    const legs = new Set(sessionEvents.map((e) => e.call_leg_id));
    assert.ok(legs.size >= 2, 'the seeded live call is in a session with two or more legs');
    env.sim.clearRequests();

    const panel = await openCall(id);
    const shown = await report(
      panel,
      (r) => r.statusState === 'alive' && r.eventCount === sessionEvents.length && r.autoRefresh,
      'status, timeline and auto-refresh',
    );
    assert.equal(shown.scope, 'session');
    assert.equal(shown.laneCount, legs.size);
    assert.equal(shown.status?.call_control_id, id);
    assert.deepEqual(panel.target, {
      kind: 'call',
      callControlId: id,
      scope: 'session',
      legId: status.call_leg_id,
      sessionId: status.call_session_id,
      // Opened under the account in use, which it keeps.
      accountId: env.api.services.apiAccess.account()?.id,
    });
    assert.equal(shown.names.length, sessionEvents.length);
    assert.match(panel.title, /^Call v3:.{8}…$/);
    const first = eventRequests(env.sim.requests)[0];
    assert.equal(param(first, 'filter[application_session_id]'), status.call_session_id);

    // Opening it again (as the tree does, with the node itself) reveals the same panel.
    await vscode.commands.executeCommand('telnyx.openCallDetails', { callControlId: id, label: 'a tree node' });
    await env.api.callDetails.openCall(id);
    assert.equal(callDetailsTabs().length, 1);
    assert.equal(panels.api.openPanels().length, 1);
  });

  it('auto-refresh brings a new event with one occurred_at[gte] request reaching back over the overlap, not all pages again', async () => {
    const id = env.sim.seed.aliveCallControlId;
    const status = env.sim.state.callStatus(id);
    assert.ok(status);
    const panel = await openCall(id);
    const before = await report(panel, (r) => r.eventCount > 0 && r.autoRefresh, 'the first timeline');
    const lastSeen = [...env.sim.state.events({ sessionId: status.call_session_id })]
      .sort((a, b) => a.event_timestamp.localeCompare(b.event_timestamp))
      .pop();
    assert.ok(lastSeen);
    assert.match(lastSeen.event_timestamp, /\.\d{6}Z$/, 'the simulator writes microseconds');
    env.sim.clearRequests();

    const added = env.sim.state.addEvent(id, { name: 'call.dtmf.received', type: 'webhook', metadata: { digit: '7' } });
    const after = await report(
      panel,
      (r) => r.eventCount === before.eventCount + 1,
      'the new event to arrive by itself',
      15_000,
    );
    assert.equal(after.statusState, 'alive');
    const requests = eventRequests(env.sim.requests);
    assert.ok(requests.length >= 1);
    const overlapStart = refreshFrom([lastSeen], REFRESH_OVERLAP_SECONDS * 1_000_000);
    for (const request of requests) {
      assert.equal(
        param(request, 'filter[occurred_at][gte]'),
        overlapStart,
        'the last event seen minus the overlap, at full precision',
      );
      assert.equal(param(request, 'filter[application_session_id]'), status.call_session_id);
      assert.ok(
        !request.query.some(([key]) => key.startsWith('filter[occurred_at]') && key !== 'filter[occurred_at][gte]'),
      );
    }
    assert.ok(
      panel.state.events.some((e) => e.event_timestamp === added.event_timestamp && e.name === 'call.dtmf.received'),
    );
    assert.equal(after.names[after.names.length - 1], 'call.dtmf.received', 'listed last, by its time');
  });

  it('stops auto-refresh when the call ends, after fetching its last events', async () => {
    const afterRefreshes = await paceKeeper();
    const call = env.sim.state.startCall(env.sim.seed.mainConnectionId, {
      clientState: Buffer.from('order=42').toString('base64'),
    });
    env.sim.state.addEvent(call.call_control_id, { name: 'call.initiated', type: 'webhook' });
    const panel = await openCall(call.call_control_id);
    const live = await report(
      panel,
      (r) => r.statusState === 'alive' && r.autoRefresh && r.eventCount >= 1,
      'a live call',
    );
    const decoded = decodeClientState(live.status?.client_state);
    assert.ok(JSON.stringify(decoded).includes('order=42'), 'client_state decodes');
    env.sim.state.endCall(call.call_control_id, 'normal_clearing');
    const ended = await report(
      panel,
      (r) => r.statusState === 'ended' && !r.autoRefresh,
      'the call to be seen ended',
      15_000,
    );
    assert.ok(ended.eventCount > live.eventCount, 'the hangup events arrived before refresh stopped');
    env.sim.clearRequests();
    // One more look at the events a little later (late webhooks), then nothing is polled.
    assert.ok(panel.state.finalRefreshPending, 'a final refresh is scheduled');
    // The pace-keeping panel reads too: count only what names this call.
    const reads = (): RecordedRequest[] => readsOf(call.call_control_id, call.call_leg_id, call.call_session_id);
    await waitFor(
      () => !panel.state.finalRefreshPending && reads().some((r) => r.endpoint === 'call_events'),
      15_000,
      'the final refresh',
    );
    await waitFor(() => (panel.state.autoRefresh ? undefined : true), 5_000, 'no timer left');
    assert.deepEqual(
      reads().filter((r) => r.endpoint === 'call_status'),
      [],
      'the status is not read again',
    );
    assert.equal(reads().filter((r) => r.endpoint === 'call_events').length, 1, 'one request for the final refresh');
    // And then nothing, however long: paced by a live call's panel, which refreshes meanwhile.
    env.sim.clearRequests();
    await afterRefreshes(2, 'two refresh periods');
    assert.deepEqual(reads(), [], 'nothing is polled once the call has ended');
    assert.equal(viewOf(panel).autoRefresh, false);
  });

  it(
    "posts rows without metadata, sends an event's metadata when it is expanded, and learns " +
      "the call's connection from its events",
    async () => {
      // A call the tree has never listed: only its events can say which connection it is on.
      const call = env.sim.state.startCall(env.sim.seed.mainConnectionId);
      const initiated = env.sim.state.addEvent(call.call_control_id, { name: 'call.initiated', type: 'webhook' });
      const calls = env.api.services.calls;
      calls.forgetConnection(call.call_control_id);
      const panel = await openCall(call.call_control_id);
      await report(panel, (r) => r.eventCount >= 1, 'the timeline');
      assert.equal(
        await waitFor(() => calls.connectionOf(call.call_control_id), 5_000, 'the connection learnt from the events'),
        env.sim.seed.mainConnectionId,
        'the hover can offer Reveal in tree',
      );

      const rows = panel.state.rows;
      assert.ok(
        rows.length > 0 && rows.every((row) => !('metadata' in row)),
        'the timeline is posted without metadata',
      );
      const key = `${initiated.event_timestamp}\u0000${initiated.name}\u0000${initiated.call_leg_id}`;
      assert.deepEqual(
        panel.eventByKey(key)?.metadata,
        initiated.metadata,
        "the page gets the event's raw metadata on request",
      );
      assert.equal(panel.eventByKey(`${key}-not-an-event`), undefined);
    },
  );

  it('switches between the whole session and this leg', async () => {
    const id = env.sim.seed.aliveCallControlId;
    const status = env.sim.state.callStatus(id);
    assert.ok(status);
    const legEvents = env.sim.state.events({ legId: status.call_leg_id });
    const sessionEvents = env.sim.state.events({ sessionId: status.call_session_id });
    assert.ok(legEvents.length < sessionEvents.length);
    const panel = await openCall(id);
    await report(panel, (r) => r.eventCount === sessionEvents.length, 'the session timeline');
    env.sim.clearRequests();
    await panel.request({ type: 'setScope', scope: 'leg' });
    const leg = await report(panel, (r) => r.scope === 'leg' && r.eventCount === legEvents.length, 'the leg timeline');
    assert.equal(leg.laneCount, 1);
    assert.equal(param(eventRequests(env.sim.requests)[0], 'filter[leg_id]'), status.call_leg_id);
    await panel.request({ type: 'setScope', scope: 'session' });
    await report(
      panel,
      (r) => r.scope === 'session' && r.eventCount === sessionEvents.length,
      'the session timeline again',
    );
    // Opening with a scope (as "Show Call Events" on a tree node does) switches the open panel.
    await env.api.callDetails.openCall(id, { scope: 'leg' });
    await report(panel, (r) => r.scope === 'leg', 'the leg scope from openCall');
  });

  it('filters by type, name and failed deliveries, with counts', async () => {
    const sessionId = env.sim.seed.failedDeliverySessionId;
    const events = env.sim.state.events({ sessionId });
    const failed = events.filter(
      (e) => (e.metadata as { delivery?: { status?: string } }).delivery?.status === 'failed',
    );
    const commands = events.filter((e) => e.type === 'command');
    assert.ok(failed.length >= 1 && commands.length >= 1);
    const panel = await panels.openEvents({ title: 'Failed deliveries', filter: { applicationSessionId: sessionId } });
    const all = await report(panel, (r) => r.eventCount === events.length, 'the session');
    assert.equal(all.statusState, undefined, 'an events panel has no status card');
    const counts = filterCounts(panel);
    assert.deepEqual(counts.byType, {
      all: events.length,
      command: commands.length,
      webhook: events.length - commands.length,
    });
    assert.equal(counts.failed, failed.length);

    const onlyFailed = filterCounts(panel, { type: 'all', text: '', failedOnly: true });
    assert.equal(onlyFailed.shown, failed.length);
    assert.deepEqual(new Set(onlyFailed.names), new Set(failed.map((e) => e.name)));

    const onlyCommands = filterCounts(panel, { type: 'command', text: '', failedOnly: false });
    assert.equal(onlyCommands.shown, commands.length);

    const word = events[0].name.slice(0, 6).toUpperCase();
    const byName = filterCounts(panel, { type: 'all', text: word, failedOnly: false });
    assert.equal(byName.shown, events.filter((e) => e.name.toLowerCase().includes(word.toLowerCase())).length);
  });

  it('exports the timeline as JSON to a file, offers a save dialog from the page, and copies it', async () => {
    const id = env.sim.seed.aliveCallControlId;
    const panel = await openCall(id);
    const shown = await report(panel, (r) => r.eventCount > 0, 'the timeline');
    const folder = mkdtempSync(join(tmpdir(), 'telnyx-export-'));
    const target = vscode.Uri.file(join(folder, 'timeline.json'));
    await panel.exportTimelineJson(target);
    assert.match(
      viewOf(panel).notice ?? '',
      new RegExp(`^Exported ${shown.eventCount} events to .*timeline\\.json\\.$`),
    );
    const exported = JSON.parse(readFileSync(target.fsPath, 'utf8')) as {
      call_control_id: string;
      event_count: number;
      events: CallEvent[];
    };
    assert.equal(exported.call_control_id, id);
    assert.equal(exported.events.length, shown.eventCount);
    const times = exported.events.map((e) => e.event_timestamp);
    assert.deepEqual(times, [...times].sort(), 'in time order');
    assert.ok(!JSON.stringify(exported).includes(env.sim.apiKey));
    // What the save dialogs offer (the page's Export button, the ladder's Save buttons).
    const offered = timelineSaveOptions(panel.target);
    assert.deepEqual(offered.filters, { JSON: ['json'] });
    assert.match(offered.defaultUri?.path ?? '', /\/call-[A-Za-z0-9_-]+-timeline\.json$/);
    assert.deepEqual(ladderSaveOptions(panel.target, 'svg').filters, { SVG: ['svg'] });
    assert.match(ladderSaveOptions(panel.target, 'svg').defaultUri?.path ?? '', /-ladder\.svg$/);

    await panel.request({ type: 'copyJson' });
    const copied = JSON.parse(await vscode.env.clipboard.readText()) as { events: CallEvent[] };
    assert.equal(copied.events.length, shown.eventCount);
    await panel.request({ type: 'copyText', text: id, label: 'call_control_id' });
    assert.equal(await vscode.env.clipboard.readText(), id);

    // The page's Export button opens the save dialog; cancelling it (Escape) writes nothing and keeps
    // the panel as it was.
    const noticeBefore = viewOf(panel).notice;
    let answered = false;
    const exporting = panel.request({ type: 'exportJson' }).finally(() => (answered = true));
    await waitFor(
      async () => {
        if (!answered) await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
        return answered;
      },
      15_000,
      'the save dialog to be cancelled',
      250,
    );
    await exporting;
    assert.equal(viewOf(panel).eventCount, shown.eventCount);
    assert.equal(viewOf(panel).notice, noticeBefore, 'nothing to say');

    // A write that fails is told on the page, not left as an unhandled rejection: under a file, not a folder.
    await panel.exportTimelineJson(vscode.Uri.file(join(target.fsPath, 'timeline.json')));
    assert.match(viewOf(panel).notice ?? '', /^Could not write .*timeline\.json/);
  });

  it('a recently ended call shows Ended with its end time and does not poll', async () => {
    const afterRefreshes = await paceKeeper();
    const id = env.sim.seed.recentlyEndedCallControlId;
    const ended = env.sim.state.callStatus(id);
    assert.ok(ended);
    const panel = await openCall(id);
    const shown = await report(panel, (r) => r.statusState === 'ended' && r.eventCount > 0, 'an ended call');
    assert.ok(shown.status?.end_time, 'its end time is known');
    env.sim.clearRequests();
    await afterRefreshes(1, 'a refresh period');
    assert.deepEqual(readsOf(id, ended.call_leg_id, ended.call_session_id), [], 'an ended call is not polled');
    assert.equal(viewOf(panel).autoRefresh, false);
  });

  it('changing telnyx.requestTimeout while a panel loads: it loads again through the new client and finishes', async function () {
    this.timeout(90_000);
    const id = env.sim.seed.aliveCallControlId;
    env.sim.clearRequests();
    // The status read is held (longer than the test): only a new request can finish the load.
    env.sim.addFault({ endpoint: 'call_status', hang: { count: 1, ms: 120_000 } });
    const panel = await openCall(id);
    await waitFor(
      () => readsOf(id).some((r) => r.endpoint === 'call_status' && r.status === 0),
      10_000,
      'the held status read',
    );
    assert.equal(viewOf(panel).statusState, 'loading');
    const config = vscode.workspace.getConfiguration('telnyx');
    await config.update('requestTimeout', 100, vscode.ConfigurationTarget.Global);
    try {
      const shown = await report(
        panel,
        (r) => r.statusState === 'alive' && r.eventCount > 0 && r.autoRefresh,
        'the panel to finish loading',
        30_000,
      );
      assert.equal(shown.statusError, undefined);
      assert.equal(
        readsOf(id).filter((r) => r.endpoint === 'call_status').length,
        2,
        'read again once, through the new client',
      );
    } finally {
      await config.update('requestTimeout', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('a hidden panel does not poll; shown again, it catches up at once', async () => {
    const afterRefreshes = await paceKeeper();
    const call = env.sim.state.startCall(env.sim.seed.mainConnectionId);
    const panel = await openCall(call.call_control_id);
    await report(panel, (r) => r.statusState === 'alive' && r.autoRefresh, 'a live call');
    // Another panel in the same group hides it.
    const other = await openCall(env.sim.seed.recentlyEndedCallControlId);
    await waitFor(() => !panel.visible && other.visible, 10_000, 'the first panel hidden');
    assert.equal(panel.state.pace, 'paused');
    env.sim.clearRequests();
    await afterRefreshes(2, 'two refresh periods');
    assert.deepEqual(
      readsOf(call.call_control_id, call.call_leg_id, call.call_session_id),
      [],
      'a hidden panel reads nothing',
    );
    env.sim.state.addEvent(call.call_control_id, { name: 'call.dtmf.received', type: 'webhook' });
    await openCall(call.call_control_id);
    await report(panel, (r) => r.names.includes('call.dtmf.received'), 'the new event as soon as it is shown', 5_000);
    assert.equal(panel.state.pace, vscode.window.state.focused ? 'fast' : 'slow');
  });

  it('a ringing Dial call (is_alive false, no end_time) is Ringing, not ended, and refreshes', async () => {
    const status = env.sim.state.callStatus(env.sim.seed.ringingCallControlId);
    assert.ok(status && !status.is_alive && !status.end_time);
    const panel = await openCall(env.sim.seed.ringingCallControlId);
    // Ringing, and refreshing: not taken for ended although is_alive is false.
    await report(panel, (r) => r.statusState === 'ringing' && r.autoRefresh, 'a ringing call that refreshes');
  });

  it('a call whose status is gone says so and still shows its timeline', async () => {
    const id = env.sim.seed.goneCallControlId;
    assert.equal(env.sim.state.callStatus(id), undefined, 'the simulator no longer has its status');
    const afterRefreshes = await paceKeeper();
    const panel = await openCall(id);
    const shown = await report(
      panel,
      (r) => r.statusState === 'gone' && r.eventCount > 0,
      'gone status and a timeline',
      20_000,
    );
    assert.match(shown.statusError ?? '', /about 10 minutes after a call ends/);
    env.sim.clearRequests();
    await afterRefreshes(1, 'a refresh period');
    const shownIds = panel.state.events.flatMap((e) => [e.call_leg_id, e.call_session_id]);
    assert.deepEqual(readsOf(id, ...shownIds), [], 'a gone call is not polled');
    assert.equal(viewOf(panel).autoRefresh, false);
    const legId = panel.state.events[0].call_leg_id;
    assert.equal(shown.eventCount, env.sim.state.events({ sessionId: panel.state.events[0].call_session_id }).length);
    assert.ok(legId);
  });

  it('an id Telnyx does not know: gone status, and the timeline says why it is empty', async () => {
    const id = 'v3:unknownUnknownUnknownUnknownUnknownUnknown0000';
    const panel = await openCall(id);
    const shown = await report(
      panel,
      (r) => r.statusState === 'gone' && r.timelineError !== undefined,
      'gone status and a timeline message',
      20_000,
    );
    assert.match(shown.timelineError ?? '', /leg and session are unknown/);
  });

  describe('errors appear in the panel with Retry, and the panel keeps what it had', () => {
    const cases: Array<{ name: string; fault: FaultSpec; expect: RegExp; settings?: Record<string, unknown> }> = [
      {
        name: 'rate limit (429)',
        fault: { endpoint: 'call_events', rateLimit: { count: -1, resetSeconds: 1 } },
        expect: /limiting the request rate.*10011/,
      },
      {
        name: 'server error (503)',
        fault: { endpoint: 'call_events', serverError: { count: 100, status: 503 } },
        expect: /server error \(HTTP 503/,
      },
      {
        name: 'dropped connection',
        fault: { endpoint: 'call_events', drop: { count: 100 } },
        expect: /Could not reach Telnyx/,
      },
      {
        name: 'malformed body',
        fault: { endpoint: 'call_events', nonJson: { count: 100 } },
        expect: /could not be read/,
      },
      {
        name: 'timeout',
        fault: { endpoint: 'call_events', hang: { count: 100, ms: 20_000 } },
        expect: /did not answer in time/,
        settings: { requestTimeout: 2 },
      },
    ];
    for (const c of cases) {
      it(`${c.name}: shown in the timeline with Retry; Retry recovers`, async function () {
        this.timeout(90_000);
        const config = vscode.workspace.getConfiguration('telnyx');
        for (const [key, value] of Object.entries(c.settings ?? {}))
          await config.update(key, value, vscode.ConfigurationTarget.Global);
        try {
          const panel = await openCall(env.sim.seed.aliveCallControlId);
          const loaded = await report(panel, (r) => r.eventCount > 0 && r.statusState === 'alive', 'a loaded panel');
          env.sim.addFault(c.fault);
          void panel.request({ type: 'refresh' });
          const failed = await report(panel, (r) => r.timelineError !== undefined, `the ${c.name} error`, 60_000);
          assert.match(failed.timelineError ?? '', c.expect);
          assert.ok(!(failed.timelineError ?? '').includes(env.sim.apiKey));
          assert.equal(failed.eventCount, loaded.eventCount, 'the events already shown stay');
          assert.equal(failed.statusState, 'alive', 'the status card keeps its status');
          env.sim.clearFaults();
          await panel.request({ type: 'retry', what: 'timeline' });
          const recovered = await report(panel, (r) => r.timelineError === undefined, 'recovery after Retry', 30_000);
          assert.equal(recovered.eventCount, loaded.eventCount);
        } finally {
          for (const key of Object.keys(c.settings ?? {}))
            await config.update(key, undefined, vscode.ConfigurationTarget.Global);
        }
      });
    }

    it('a rejected key (401) on a first load: both parts say so, Retry after fixing the key loads everything', async () => {
      const good = env.sim.apiKey;
      await env.api.services.apiAccess.storeKey('KEY-WRONG-0000000000000000000000');
      try {
        await waitFor(
          async () => (await env.api.services.apiAccess.resolveKey())?.key === 'KEY-WRONG-0000000000000000000000',
          5_000,
          'the wrong key',
        );
        const panel = await openCall(env.sim.seed.aliveCallControlId);
        const failed = await report(
          panel,
          (r) => r.statusError !== undefined && r.timelineError !== undefined,
          'the 401 errors',
          20_000,
        );
        assert.match(failed.statusError ?? '', /rejected the API key.*Set API Key/);
        assert.match(failed.timelineError ?? '', /rejected the API key/);
        assert.ok(!JSON.stringify(failed).includes('KEY-WRONG'));
        await env.api.services.apiAccess.storeKey(good);
        await waitFor(async () => (await env.api.services.apiAccess.resolveKey())?.key === good, 5_000, 'the good key');
        await panel.request({ type: 'retry', what: 'status' });
        const recovered = await report(
          panel,
          (r) => r.statusState === 'alive' && r.eventCount > 0 && !r.statusError && !r.timelineError,
          'recovery',
          20_000,
        );
        assert.ok(recovered.eventCount > 0);
      } finally {
        await env.api.services.apiAccess.storeKey(good);
      }
    });

    it('a status read failing (500) keeps the last status and shows Retry', async () => {
      const panel = await openCall(env.sim.seed.aliveCallControlId);
      await report(panel, (r) => r.statusState === 'alive', 'alive');
      env.sim.addFault({ endpoint: 'call_status', serverError: { count: 100, status: 500 } });
      void panel.request({ type: 'refresh' });
      const failed = await report(panel, (r) => r.statusError !== undefined, 'the status error', 30_000);
      assert.equal(failed.statusState, 'alive');
      assert.match(failed.statusError ?? '', /server error \(HTTP 500/);
      env.sim.clearFaults();
      await panel.request({ type: 'retry', what: 'status' });
      await report(panel, (r) => r.statusError === undefined && r.statusState === 'alive', 'recovered status');
    });
  });

  describe('Retry asks Telnyx again, within the lifetime of a failure the call directory keeps', () => {
    const statusReads = (id: string): number => readsOf(id).filter((r) => r.endpoint === 'call_status').length;
    /** What a hover would get now; with the fault still on, a failure either way, and one kept afresh. */
    const directoryAnswer = (id: string): Promise<unknown> =>
      env.api.services.calls.status(id).then(
        () => 'a status',
        (error: unknown) => error,
      );

    it('the status Retry, clicked while a hover would still be told the failure, reads the status and the panel recovers', async () => {
      const call = env.sim.state.startCall(env.sim.seed.mainConnectionId);
      const id = call.call_control_id;
      env.sim.addFault({ endpoint: 'call_status', serverError: { count: -1, status: 500 } });
      const panel = await openCall(id);
      const failed = await report(
        panel,
        (r) => r.statusState === 'error' && r.progress.phase === 'idle',
        'the failed status',
        30_000,
      );
      assert.match(failed.statusError ?? '', /server error \(HTTP 500/);
      assert.equal(failed.autoRefresh, false, 'nothing would read it again by itself');
      assert.ok(isTelnyxError(await directoryAnswer(id)));
      const before = statusReads(id);
      assert.ok(isTelnyxError(await directoryAnswer(id)));
      assert.equal(
        statusReads(id),
        before,
        'the directory keeps the failure: a hover now is answered without a request',
      );
      env.sim.clearFaults();
      await panel.request({ type: 'retry', what: 'status' });
      assert.equal(statusReads(id), before + 1, 'Retry asked Telnyx');
      await report(
        panel,
        (r) => r.statusState === 'alive' && r.statusError === undefined && r.autoRefresh,
        'the recovered status, refreshing',
      );
    });

    it("a status that failed (500) is not worded as gone in the timeline; the timeline's Retry reads the status again", async () => {
      const id = 'v3:unknownStatusFailedUnknownStatusFailedUnknown00';
      env.sim.addFault({ endpoint: 'call_status', serverError: { count: -1, status: 500 } });
      const panel = await openCall(id);
      const failed = await report(
        panel,
        (r) => r.statusState === 'error' && r.timelineError !== undefined && r.progress.phase === 'idle',
        'both parts failed',
        30_000,
      );
      assert.match(failed.timelineError ?? '', /status could not be read/);
      assert.doesNotMatch(failed.timelineError ?? '', /no longer has/);
      assert.ok(isTelnyxError(await directoryAnswer(id)));
      const before = statusReads(id);
      env.sim.clearFaults();
      await panel.request({ type: 'retry', what: 'timeline' });
      assert.equal(statusReads(id), before + 1, 'the status was asked again');
      const now = await report(panel, (r) => r.statusState === 'gone', 'what Telnyx says now');
      assert.match(now.timelineError ?? '', /no longer has this call's status/, 'the words follow what happened now');
    });
  });

  it('an events query applies its local time bounds', async () => {
    const status = env.sim.state.callStatus(env.sim.seed.aliveCallControlId);
    assert.ok(status);
    const events = [...env.sim.state.events({ sessionId: status.call_session_id })].sort((a, b) =>
      a.event_timestamp.localeCompare(b.event_timestamp),
    );
    assert.ok(events.length >= 3);
    const notBefore = events[1].event_timestamp;
    const notAfter = events[events.length - 2].event_timestamp;
    const panel = await panels.openEvents({
      title: 'Bounded',
      filter: { applicationSessionId: status.call_session_id },
      localNotBefore: notBefore,
      localNotAfter: notAfter,
    });
    const shown = await report(panel, (r) => r.eventCount > 0, 'bounded events');
    assert.equal(shown.eventCount, events.length - 2);
    assert.equal(panel.title, 'Bounded');
    assert.deepEqual(panels.api.openPanels(), [panel], 'the one panel open');
  });
});

describe('call details panel: a long timeline', function () {
  this.timeout(60_000);
  // A simulator of its own: 3,000 new events put the other suite's calls out of reach of the search of
  // recent events that finds a call's leg once Telnyx no longer has its status.
  const env = useSimulator({ seed: 11 });
  const panels = useCallPanels(env);

  it('a long timeline reaches the page in parts; an event asked for is selected once the page holds them all', async () => {
    const { sessionId, callControlIds } = env.sim.state.addSession({ count: 3000, legs: 2 });
    const events = env.sim.state.events({ sessionId });
    const last = eventKey(events[events.length - 1]);
    // As a handler lens opens a call on an event: the page is told to select it only once it has every row.
    await panels.api.openCall(callControlIds[0], { selectEvent: last });
    const panel = await waitFor(() => panels.api.panelOfCall(callControlIds[0]), 10_000, 'the panel of the call');
    await waitFor(() => panel.selectedEvent, 30_000, 'the last event to be selected on the page');
    assert.equal(panel.selectedEvent, last);
    assert.equal(panel.state.rows.length, 3000);
  });
});
