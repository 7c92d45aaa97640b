// The status bar's decisions without VS Code: the live calls summed from the tree's counts, when the
// failed-deliveries check runs, what it reads from the simulator, and the words and warning shown.
import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { englishStrings } from '../../src/core/l10n';
import {
  CHECK_EVERY_MS,
  FIRST_CHECK_AFTER_MS,
  checkDueInMs,
  checkIsStale,
  type CheckConditions,
} from '../../src/statusBar/checkPolicy';
import {
  FAILED_PAGE_SIZE,
  FAILED_WINDOW_MS,
  readFailedDeliveries,
  type FailedDeliveries,
} from '../../src/statusBar/failedDeliveries';
import { statusBarView, type StatusBarInput } from '../../src/statusBar/presentation';
import type { TelnyxApi } from '../../src/telnyx/api';
import { TelnyxError, isTelnyxError } from '../../src/telnyx/errors';
import { createTelnyxClient } from '../../src/telnyx/index';
import type { CallEvent, RequestOptions } from '../../src/telnyx/types';
import { describeFailure } from '../../src/text/failure';
import type { CountState } from '../../src/tree/model/connectionsModel';
import { NO_LIVE_CALLS_COUNTED, sameLiveCalls, summarizeLiveCalls } from '../../src/tree/model/liveCalls';
import { startSimulator, type StartedSimulator } from '../simulator/index';

const names: Record<string, string> = { c1: 'Main', c2: 'Busy', c3: 'Quiet' };
const nameOf = (id: string): string | undefined => names[id];

describe('status bar: live calls summed from the tree’s counts', () => {
  it('adds the counts read so far and leaves out pending, failed and unsupported ones', () => {
    const counts: Array<[string, CountState]> = [
      ['c1', { kind: 'known', total: 5 }],
      ['c2', { kind: 'known', total: 7 }],
      ['c3', { kind: 'known', total: 0 }],
      ['c4', { kind: 'pending' }],
      ['c5', { kind: 'failed', error: new Error('x') }],
      ['c6', { kind: 'unsupported' }],
    ];
    const summary = summarizeLiveCalls(counts, nameOf);
    assert.equal(summary.total, 12);
    assert.equal(summary.counted, 3);
    assert.equal(summary.atLeast, false);
    assert.deepEqual(
      summary.connections.map((c) => [c.name, c.calls]),
      [
        ['Busy', 7],
        ['Main', 5],
      ],
    );
  });

  it('says "at least" when one count is a lower bound, and names unknown connections by id', () => {
    const summary = summarizeLiveCalls(
      [
        ['c9', { kind: 'atLeast', total: 1 }],
        ['c1', { kind: 'known', total: 2 }],
      ],
      nameOf,
    );
    assert.equal(summary.total, 3);
    assert.equal(summary.atLeast, true);
    assert.deepEqual(
      summary.connections.map((c) => [c.connectionId, c.name, c.atLeast]),
      [
        ['c1', 'Main', false],
        ['c9', undefined, true],
      ],
    );
  });

  it('tells a changed summary from the same one', () => {
    const a = summarizeLiveCalls([['c1', { kind: 'known', total: 2 }]], nameOf);
    assert.ok(sameLiveCalls(a, summarizeLiveCalls([['c1', { kind: 'known', total: 2 }]], nameOf)));
    assert.ok(!sameLiveCalls(a, summarizeLiveCalls([['c1', { kind: 'known', total: 3 }]], nameOf)));
    assert.ok(!sameLiveCalls(a, NO_LIVE_CALLS_COUNTED));
  });
});

describe('status bar: when failed deliveries are checked', () => {
  const started = 1_000_000;
  const base: CheckConditions = {
    now: started,
    startedAt: started,
    windowFocused: true,
    hasKey: true,
    enabled: true,
    lastCheckAt: undefined,
    checking: false,
  };

  it('never at activation: the first check waits a minute', () => {
    assert.equal(checkDueInMs(base), FIRST_CHECK_AFTER_MS);
    assert.equal(checkDueInMs({ ...base, now: started + FIRST_CHECK_AFTER_MS }), 0);
  });

  it('not while the window is in the background, without a key, turned off, or while a check is in flight', () => {
    const later = { ...base, now: started + 10 * 60_000 };
    assert.equal(checkDueInMs({ ...later, enabled: false }), undefined);
    assert.equal(checkDueInMs({ ...later, windowFocused: false }), undefined);
    assert.equal(checkDueInMs({ ...later, hasKey: false }), undefined);
    assert.equal(checkDueInMs({ ...later, checking: true }), undefined);
  });

  it('at most once a minute, and at once on coming back to a window whose last check is older', () => {
    const last = started + 5 * 60_000;
    assert.equal(checkDueInMs({ ...base, now: last + 1_000, lastCheckAt: last }), CHECK_EVERY_MS - 1_000);
    assert.equal(checkDueInMs({ ...base, now: last + 3 * 60_000, lastCheckAt: last }), 0);
    // A simulated hour with the window focused: one check a minute (the first minute left alone).
    let checks = 0;
    let lastCheckAt: number | undefined;
    for (let now = started; now < started + 60 * 60_000; now += 1_000) {
      if (checkDueInMs({ ...base, now, lastCheckAt }) === 0) {
        checks++;
        lastCheckAt = now;
      }
    }
    assert.equal(checks, 59);
  });

  it('the menu reads again only an answer over a minute old', () => {
    assert.ok(checkIsStale(undefined, started));
    assert.ok(!checkIsStale(started, started + CHECK_EVERY_MS - 1));
    assert.ok(checkIsStale(started, started + CHECK_EVERY_MS));
  });
});

describe('status bar: what it shows', () => {
  const input = (over: Partial<StatusBarInput>): StatusBarInput => ({
    account: 'Default',
    liveCalls: NO_LIVE_CALLS_COUNTED,
    checksFailedDeliveries: true,
    failed: undefined,
    checkProblem: undefined,
    connectionName: nameOf,
    ...over,
  });
  const failed = (over: Partial<FailedDeliveries>): FailedDeliveries => ({
    count: 0,
    unconfirmed: 0,
    contradicted: 0,
    more: false,
    since: '2026-12-01T10:00:00.000Z',
    connections: [],
    ...over,
  });

  it('without a key, a hint to set one', () => {
    const view = statusBarView(input({ account: undefined }), englishStrings);
    assert.equal(view.text, '$(key) Telnyx: Set API Key');
    assert.equal(view.warning, false);
  });

  it('the account only, until the tree has counted a connection', () => {
    const view = statusBarView(input({}), englishStrings);
    assert.equal(view.text, '$(call-incoming) Default');
    assert.match(view.tooltip.join('\n'), /No live calls counted yet/);
  });

  it('the live calls counted, and the connections they are on', () => {
    const liveCalls = summarizeLiveCalls(
      [
        ['c1', { kind: 'known', total: 5 }],
        ['c2', { kind: 'known', total: 7 }],
        ['c3', { kind: 'known', total: 0 }],
      ],
      nameOf,
    );
    const view = statusBarView(input({ liveCalls }), englishStrings);
    assert.equal(view.text, '$(call-incoming) Default · 12 live');
    assert.ok(view.tooltip.includes('12 live calls on the 3 connections counted so far.'), view.tooltip.join('\n'));
    assert.ok(view.tooltip.includes('Busy: 7, Main: 5'), view.tooltip.join('\n'));
    const lowerBound = statusBarView(
      input({ liveCalls: summarizeLiveCalls([['c1', { kind: 'atLeast', total: 1 }]], nameOf) }),
      englishStrings,
    );
    assert.equal(lowerBound.text, '$(call-incoming) Default · 1+ live');
  });

  it('warns with the number of failed deliveries, naming their connections (the id when the tree does not know it)', () => {
    const view = statusBarView(
      input({
        failed: failed({
          count: 3,
          connections: [
            { connectionId: 'c1', count: 2 },
            { connectionId: '77', count: 1 },
          ],
        }),
      }),
      englishStrings,
    );
    assert.equal(view.warning, true);
    assert.equal(view.text, '$(call-incoming) Default · $(warning) 3 failed');
    assert.ok(
      view.tooltip.includes('3 webhook deliveries failed in the last 15 minutes, on Main (2), 77 (1).'),
      view.tooltip.join('\n'),
    );
    const many = statusBarView(
      input({
        failed: failed({
          count: FAILED_PAGE_SIZE,
          more: true,
          connections: [{ connectionId: 'c1', count: FAILED_PAGE_SIZE }],
        }),
      }),
      englishStrings,
    );
    assert.match(many.text, /\$\(warning\) 250\+ failed$/);
  });

  it('no warning when none failed; a failed check is told in the tooltip only, keeping the last answer', () => {
    const none = statusBarView(input({ failed: failed({}) }), englishStrings);
    assert.equal(none.warning, false);
    assert.ok(none.tooltip.includes('No webhook delivery failed in the last 15 minutes.'));
    for (const error of [
      new TelnyxError({ kind: 'rate_limited', status: 429, code: '10011', message: 'Too many requests' }),
      new TelnyxError({ kind: 'unauthenticated', status: 401, code: '10009', message: 'Authentication failed' }),
      new TelnyxError({ kind: 'server', status: 503, message: 'Service unavailable' }),
      new TelnyxError({ kind: 'timeout', message: 'No answer' }),
    ]) {
      const report = describeFailure(error, englishStrings);
      const view = statusBarView(input({ checkProblem: report }), englishStrings);
      assert.equal(view.warning, false);
      assert.equal(view.text, '$(call-incoming) Default');
      assert.ok(
        view.tooltip.some(
          (p) => p.startsWith('Could not check for failed webhook deliveries: ') && p.includes(report.message),
        ),
        view.tooltip.join('\n'),
      );
    }
    const stillWarning = statusBarView(
      input({
        failed: failed({ count: 2, connections: [{ connectionId: 'c1', count: 2 }] }),
        checkProblem: { message: 'Telnyx had a server error (HTTP 503).', action: 'Retry later.' },
      }),
      englishStrings,
    );
    assert.equal(stillWarning.warning, true);
  });

  it('says nothing of failed deliveries when the check is turned off', () => {
    const view = statusBarView(
      input({
        checksFailedDeliveries: false,
        failed: failed({ count: 2, connections: [{ connectionId: 'c1', count: 2 }] }),
      }),
      englishStrings,
    );
    assert.equal(view.warning, false);
    assert.equal(view.text, '$(call-incoming) Default');
    assert.ok(!view.tooltip.some((p) => /webhook deliver/.test(p)), view.tooltip.join('\n'));
  });
});

describe('status bar: reading failed deliveries from the simulator', () => {
  let sim: StartedSimulator;
  let client: TelnyxApi;
  before(async () => {
    sim = await startSimulator({ seed: 1 });
    client = createTelnyxClient({ apiKey: sim.apiKey, baseUrl: sim.url, maxBackoffMs: 10, requestTimeoutMs: 5_000 });
  });
  after(async () => {
    await client.close();
    await sim.close();
  });

  const shown = (failed: FailedDeliveries): StatusBarInput => ({
    account: 'Default',
    liveCalls: NO_LIVE_CALLS_COUNTED,
    checksFailedDeliveries: true,
    failed,
    checkProblem: undefined,
    connectionName: nameOf,
  });

  /** Failed webhook deliveries the simulator holds within the window ending at `now`. */
  const failedInWindow = (now: number): CallEvent[] =>
    sim.state.events().filter((event) => {
      const delivery = (event.metadata as { delivery?: { status?: string } }).delivery;
      return (
        event.type === 'webhook' &&
        delivery?.status === 'failed' &&
        Date.parse(event.event_timestamp) >= now - FAILED_WINDOW_MS
      );
    });

  it('counts the seeded failed deliveries of the last 15 minutes, by connection, with one request at background priority', async () => {
    const now = sim.clock.now();
    const expected = failedInWindow(now);
    assert.ok(expected.length > 0, 'the seeded account has failed deliveries within the last 15 minutes');
    const priorities: Array<RequestOptions['priority']> = [];
    const spied: TelnyxApi = {
      ...client,
      listCallEvents: (params, options) => (priorities.push(options?.priority), client.listCallEvents(params, options)),
    };
    sim.clearRequests();
    const result = await readFailedDeliveries(spied, now);
    assert.equal(result.count, expected.length);
    assert.equal(result.more, false);
    assert.deepEqual(result.connections, [{ connectionId: sim.seed.mainConnectionId, count: expected.length }]);
    assert.deepEqual(priorities, ['background']);
    assert.equal(sim.requests.length, 1);
    const query = Object.fromEntries(sim.requests[0].query);
    assert.equal(query['filter[failed]'], 'true');
    assert.equal(query['filter[occurred_at][gte]'], new Date(now - FAILED_WINDOW_MS).toISOString());
    assert.equal(query['page[size]'], String(FAILED_PAGE_SIZE));
    assert.equal(
      sim.requests[0].query.filter(([k]) => k.startsWith('filter[occurred_at]')).length,
      1,
      'one occurred_at bound',
    );
  });

  it('counts a delivery that failed just now, and not one older than the window', async () => {
    const before = (await readFailedDeliveries(client, sim.clock.now())).count;
    sim.state.addEvent(sim.seed.aliveCallControlId, {
      name: 'call.dtmf.received',
      type: 'webhook',
      failed: true,
      attempts: 2,
    });
    sim.state.addEvent(sim.seed.aliveCallControlId, {
      name: 'call.dtmf.received',
      type: 'webhook',
      failed: true,
      lateByMs: FAILED_WINDOW_MS + 60_000,
    });
    const after = await readFailedDeliveries(client, sim.clock.now());
    assert.equal(after.count, before + 2);
  });

  it('says "more" when the page is full', async () => {
    const session = sim.state.addSession({ count: 10, connectionId: sim.seed.mainConnectionId });
    for (let i = 0; i < FAILED_PAGE_SIZE; i++)
      sim.state.addEvent(session.callControlIds[0], { name: 'call.dtmf.received', type: 'webhook', failed: true });
    const result = await readFailedDeliveries(client, sim.clock.now());
    assert.equal(result.count, FAILED_PAGE_SIZE);
    assert.equal(result.more, true);
  });

  it("counts only what the rows can prove: not the rows Telnyx's filter returned whose records say delivered", async () => {
    sim.setModes({ ignoredFilters: ['filter[failed]'] });
    try {
      const now = sim.clock.now();
      const result = await readFailedDeliveries(client, now);
      const page = await client.listCallEvents({
        filter: { failed: true, type: 'webhook', occurredAt: { gte: result.since } },
        pageNumber: 1,
        pageSize: FAILED_PAGE_SIZE,
      });
      const statuses = page.data.map(
        (event) => (event.metadata as { delivery?: { status?: string } }).delivery?.status,
      );
      assert.ok(statuses.includes('delivered'), 'the filter was ignored: delivered rows came back');
      assert.equal(result.count, statuses.filter((status) => status === 'failed').length);
      assert.equal(result.contradicted, statuses.filter((status) => status === 'delivered').length);
      const view = statusBarView(shown({ ...result, count: 0, connections: [] }), englishStrings);
      assert.equal(view.warning, false);
      assert.ok(
        view.tooltip.some((p) =>
          p.startsWith("Telnyx's filter of failed deliveries disagreed with the rows it returned"),
        ),
        view.tooltip.join('\n'),
      );
    } finally {
      sim.setModes({ ignoredFilters: [] });
    }
  });

  it("a row whose record says nothing of its delivery is counted, on Telnyx's word", async () => {
    const now = sim.clock.now();
    const expected = Math.min(failedInWindow(now).length, FAILED_PAGE_SIZE);
    sim.setModes({ envelopeMetadata: true });
    try {
      const result = await readFailedDeliveries(client, now);
      assert.equal(result.count, expected);
      assert.equal(result.unconfirmed, result.count);
      assert.equal(result.contradicted, 0);
      const view = statusBarView(shown(result), englishStrings);
      assert.equal(view.warning, true);
      assert.ok(
        view.tooltip.includes(
          `For ${result.count} of them only Telnyx's filter says so: their records do not say how the delivery went.`,
        ),
        view.tooltip.join('\n'),
      );
    } finally {
      sim.setModes({ envelopeMetadata: false });
    }
  });

  it('rejects with a failure the words can describe (429, 5xx), and gives up on a server that does not answer', async () => {
    sim.addFault({ endpoint: 'call_events', rateLimit: { count: 10, resetSeconds: 0 } });
    await assert.rejects(
      readFailedDeliveries(client, sim.clock.now()),
      (error: unknown) => isTelnyxError(error) && error.kind === 'rate_limited',
    );
    sim.clearFaults();
    sim.addFault({ endpoint: 'call_events', serverError: { count: 10, status: 503 } });
    await assert.rejects(
      readFailedDeliveries(client, sim.clock.now()),
      (error: unknown) => isTelnyxError(error) && error.kind === 'server',
    );
    sim.clearFaults();
    sim.addFault({ endpoint: 'call_events', hang: { count: 1, ms: 30_000 } });
    await assert.rejects(
      readFailedDeliveries(client, sim.clock.now(), undefined, 200),
      (error: unknown) => isTelnyxError(error) && error.kind === 'timeout',
    );
    sim.clearFaults();
  });
});
