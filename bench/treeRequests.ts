// Benchmark: requests per minute the Connections tree makes, open on 200 connections (all four pages
// of 50 on screen) with 3 expanded, before (the tree model of BASELINE_COMMIT, bundled from git into a
// temporary folder) and after (this checkout), against the simulator through the real client.
//
// Both sides are driven the same way, as the extension host drives them: VS Code asks for each
// shown row's tree item after every change (the new model counts a row then; the old one counted
// every loaded connection on its own), and the live timer re-reads the expanded connections. The
// minute is simulated: the poll rounds the timer would run in 60 s are run back to back (before:
// every telnyx.activeCalls.refreshInterval while the view is visible, focus or not; after: the
// rules of src/tree/model/pollPolicy.ts), and every request the simulator saw is counted.
//
// Beside the tree (after only: the status bar is new), the status bar's check of failed webhook
// deliveries, through the same client at background priority: as many checks as its timer runs in a
// minute of steady state under src/statusBar/checkPolicy.ts, during the same simulated minute.
import { createTelnyxClient } from '../src/telnyx/index';
import type { TelnyxApi } from '../src/telnyx/api';
import { ConnectionsModel } from '../src/tree/model/connectionsModel';
import { singleAccount } from '../test/unit/singleAccount';
import { pollEveryMs } from '../src/tree/model/pollPolicy';
import { checkDueInMs, FIRST_CHECK_AFTER_MS } from '../src/statusBar/checkPolicy';
import { readFailedDeliveries } from '../src/statusBar/failedDeliveries';
import { startSimulator, type StartedSimulator } from '../test/simulator/index';
import { buildBaseline } from './lib/baselineBuild';
import type { BenchOptions } from './lib/options';
import { type BenchResult, ratioText, type SummaryRow, type Table } from './lib/report';

/** main before issue 13's bounded tree requests. */
export const BASELINE_COMMIT = 'e6fb854';
const CONNECTIONS = 200;
const EXPANDED = 3;
const REFRESH_SECONDS = 10;

/** What both models offer (the old one has no countShown). */
interface PagedLike<T = unknown> {
  readonly items: readonly T[];
  readonly hasMore: boolean;
  readonly started: boolean;
  readonly busy: unknown;
  ensureStarted(): Promise<void>;
  loadNextPage(): Promise<void>;
  refresh(options?: { manual?: boolean }): Promise<unknown>;
}
interface TreeModelLike {
  readonly connections: PagedLike<{ id: string }>;
  callsOf(connectionId: string): PagedLike;
  existingCallsOf(connectionId: string): PagedLike | undefined;
  refreshAll(expanded: Iterable<string>, options?: { countAll?: boolean }): Promise<void>;
  countShown?(connectionId: string): void;
  whenIdle(): Promise<void>;
  dispose(): void;
}
/** A side: its own client (the old one had a first-come, first-served budget) and model. */
type ModelFactory = (
  sim: StartedSimulator,
  pageSize: number,
) => { api: { close(): Promise<void> }; model: TreeModelLike };

interface Scenario {
  name: string;
  viewVisible: boolean;
  windowFocused: boolean;
  /** A Refresh (Telnyx: Refresh, from the view or a call panel) during the minute. */
  refresh: boolean;
}

const SCENARIOS: Scenario[] = [
  { name: 'view visible, window focused', viewVisible: true, windowFocused: true, refresh: false },
  { name: 'view visible, window in the background', viewVisible: true, windowFocused: false, refresh: false },
  { name: 'view hidden', viewVisible: false, windowFocused: true, refresh: false },
  { name: 'view visible, focused, one Refresh', viewVisible: true, windowFocused: true, refresh: true },
  { name: 'view hidden, one Refresh (from a call panel)', viewVisible: false, windowFocused: true, refresh: true },
];

function pollsPerMinute(side: 'before' | 'after', scenario: Scenario): number {
  if (side === 'before') return scenario.viewVisible ? Math.floor(60 / REFRESH_SECONDS) : 0;
  const everyMs = pollEveryMs({ ...scenario, intervalSeconds: REFRESH_SECONDS, expandedCount: EXPANDED, hasKey: true });
  return everyMs === undefined ? 0 : Math.floor(60_000 / everyMs);
}

/**
 * Checks the status bar's timer runs in `minutes` simulated minutes from activation (one-second
 * steps, each check taking no time), by the rules of src/statusBar/checkPolicy.ts.
 */
export function statusBarChecks(windowFocused: boolean, fromMs: number, minutes: number): number {
  const startedAt = 0;
  let lastCheckAt: number | undefined;
  let checks = 0;
  for (let now = startedAt; now < fromMs + minutes * 60_000; now += 1000) {
    if (
      checkDueInMs({ now, startedAt, windowFocused, hasKey: true, enabled: true, lastCheckAt, checking: false }) !== 0
    )
      continue;
    lastCheckAt = now;
    if (now >= fromMs) checks++;
  }
  return checks;
}

/** In a minute of steady state: the average over ten minutes after the first. */
function statusBarChecksPerMinute(windowFocused: boolean): number {
  return Math.round(statusBarChecks(windowFocused, FIRST_CHECK_AFTER_MS, 10) / 10);
}

/** VS Code asking for every shown row's tree item after a change (only while the view is visible). */
function render(model: TreeModelLike, visible: boolean): void {
  if (!visible) return;
  for (const connection of model.connections.items) model.countShown?.(connection.id);
}

async function settle(model: TreeModelLike, visible: boolean): Promise<void> {
  // A row's count landing re-renders it; rendering it again must not ask again.
  for (let i = 0; i < 3; i++) {
    render(model, visible);
    await model.whenIdle();
  }
}

/** The live timer's round, as connectionsTree.ts pollExpanded() runs it on both sides. */
async function pollExpanded(model: TreeModelLike, expanded: string[]): Promise<void> {
  await Promise.allSettled(
    expanded.map((id) => {
      const list = model.existingCallsOf(id);
      if (!list || !list.started || list.busy) return undefined;
      return list.refresh();
    }),
  );
}

interface Measured {
  opening: number;
  /** The tree's requests in the minute. */
  perMinute: number;
  /** The status bar's (after only). */
  statusBarPerMinute: number;
  byEndpoint: Record<string, number>;
}

async function measure(
  createModel: ModelFactory,
  scenario: Scenario,
  side: 'before' | 'after',
  options: BenchOptions,
): Promise<Measured> {
  // A fresh simulator per run: it reports a budget of 600 requests a minute, which the client honours.
  const sim: StartedSimulator = await startSimulator({
    seed: 1,
    connectionCount: CONNECTIONS,
    busyConnectionCalls: 120,
  });
  const { api, model } = createModel(sim, options.pageSize);
  try {
    sim.addFault({ latencyMs: options.latencyMs });
    // Opening: the view is on screen while the user pages to the end and expands three connections.
    await model.connections.ensureStarted();
    await settle(model, true);
    while (model.connections.hasMore) {
      await model.connections.loadNextPage();
      await settle(model, true);
    }
    const withCalls = model.connections.items.map((c) => c.id).filter((id) => sim.state.activeCalls(id).length > 0);
    const expanded = [
      sim.seed.mainConnectionId,
      sim.seed.busyConnectionId,
      ...withCalls.filter((id) => id !== sim.seed.mainConnectionId && id !== sim.seed.busyConnectionId),
    ].slice(0, EXPANDED);
    for (const id of expanded) await model.callsOf(id).ensureStarted();
    await settle(model, true);
    const opening = sim.requests.length;
    sim.clearRequests();

    // The minute: the tree's poll rounds, and the status bar's checks spread among them (same client).
    const polls = pollsPerMinute(side, scenario);
    const checks = side === 'after' ? statusBarChecksPerMinute(scenario.windowFocused) : 0;
    const rounds = Math.max(polls, checks);
    const statusBarChecks: Array<Promise<unknown>> = [];
    for (let round = 0; round < rounds; round++) {
      if (round < checks) {
        // Failures are reported by the status bar's tooltip; here only the request counts.
        statusBarChecks.push(readFailedDeliveries(api as TelnyxApi, sim.clock.now()).catch(() => undefined));
      }
      if (round >= polls) continue;
      if (scenario.refresh && round === Math.floor(polls / 2)) {
        await model.refreshAll(expanded);
        await settle(model, scenario.viewVisible);
      }
      await pollExpanded(model, expanded);
      await settle(model, scenario.viewVisible);
    }
    await Promise.all(statusBarChecks);
    if (scenario.refresh && polls === 0) {
      await model.refreshAll(expanded);
      await settle(model, scenario.viewVisible);
    }
    const byEndpoint: Record<string, number> = {};
    let statusBarPerMinute = 0;
    for (const request of sim.requests) {
      if (
        request.endpoint === 'call_events' &&
        request.query.some(([k, v]) => k === 'filter[failed]' && v === 'true')
      ) {
        statusBarPerMinute++;
        continue;
      }
      const key =
        request.endpoint === 'active_calls' && request.query.some(([k, v]) => k === 'page[limit]' && v === '1')
          ? 'counts'
          : String(request.endpoint);
      byEndpoint[key] = (byEndpoint[key] ?? 0) + 1;
    }
    return { opening, perMinute: sim.requests.length - statusBarPerMinute, statusBarPerMinute, byEndpoint };
  } finally {
    model.dispose();
    await api.close();
    await sim.close();
  }
}

function breakdown(counts: Record<string, number>): string {
  return (
    Object.entries(counts)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ') || 'none'
  );
}

export async function runTreeRequestsBench(options: BenchOptions): Promise<BenchResult> {
  const baseline = await buildBaseline(
    BASELINE_COMMIT,
    "export { ConnectionsModel } from './src/tree/model/connectionsModel';\nexport { createTelnyxClient } from './src/telnyx/index';\n",
  );
  try {
    const old = baseline.module as {
      ConnectionsModel: new (options: { getApi: () => Promise<unknown>; pageSize: number }) => TreeModelLike;
      createTelnyxClient: (options: { apiKey: string; baseUrl: string }) => { close(): Promise<void> };
    };
    const before: ModelFactory = (sim, pageSize) => {
      const api = old.createTelnyxClient({ apiKey: sim.apiKey, baseUrl: sim.url });
      return { api, model: new old.ConnectionsModel({ getApi: async () => api, pageSize }) };
    };
    const after: ModelFactory = (sim, pageSize) => {
      const api: TelnyxApi = createTelnyxClient({ apiKey: sim.apiKey, baseUrl: sim.url });
      return { api, model: new ConnectionsModel({ clients: singleAccount(api), pageSize }) };
    };
    const rows: Table['rows'] = [];
    const statusBarRows: Table['rows'] = [];
    const summary: SummaryRow[] = [];
    const figures: Record<string, unknown> = {
      baselineCommit: baseline.commit,
      connections: CONNECTIONS,
      expanded: EXPANDED,
      refreshSeconds: REFRESH_SECONDS,
    };
    for (const scenario of SCENARIOS) {
      const was = await measure(before, scenario, 'before', options);
      const now = await measure(after, scenario, 'after', options);
      const ratio = was.perMinute > 0 ? now.perMinute / was.perMinute : undefined;
      rows.push([
        scenario.name,
        was.perMinute,
        now.perMinute,
        ratioText(ratio),
        breakdown(was.byEndpoint),
        breakdown(now.byEndpoint),
      ]);
      figures[scenario.name] = { before: was, after: now };
      if (scenario.name !== 'view hidden') {
        summary.push({
          metric: `tree: requests/min, ${CONNECTIONS} connections, ${EXPANDED} expanded, ${scenario.name}`,
          ours: now.perMinute,
          unit: 'req/min',
          baseline: was.perMinute,
          baselineLabel: `before, ${baseline.commit}`,
          judged: ratio,
        });
      }
      if (scenario === SCENARIOS[0]) figures.opening = { before: was.opening, after: now.opening };
      if (
        !scenario.refresh &&
        !statusBarRows.some(
          (row) => row[0] === (scenario.windowFocused ? 'window focused' : 'window in the background'),
        )
      ) {
        const name = scenario.windowFocused ? 'window focused' : 'window in the background';
        statusBarRows.push([name, now.statusBarPerMinute, now.perMinute, `${scenario.name}`]);
        summary.push({
          metric: `status bar: requests/min (failed deliveries, background priority), ${name}`,
          ours: now.statusBarPerMinute,
          unit: 'req/min',
          // Issue 17: "at most a few requests a minute".
          judged: now.statusBarPerMinute,
          target: { kind: 'atMost', limit: 3, text: '≤ 3 req/min' },
          note: `(beside the tree's ${now.perMinute}, ${scenario.name}; none in the first minute after activation)`,
        });
      }
    }
    figures.statusBar = {
      firstMinute: statusBarChecks(true, 0, 1),
      focusedPerMinute: statusBarChecksPerMinute(true),
      backgroundPerMinute: statusBarChecksPerMinute(false),
    };
    const opening = figures.opening as { before: number; after: number };
    return {
      name: 'treeRequests',
      figures,
      tables: [
        {
          title:
            `Requests per minute, tree open on ${CONNECTIONS} connections (page ` +
            `size ${options.pageSize}, all pages on screen), ${EXPANDED} expanded, refresh ` +
            `interval ${REFRESH_SECONDS} s, ${options.latencyMs} ms latency`,
          columns: [
            'minute',
            `before (${baseline.commit})`,
            'after',
            'after/before',
            'before: requests',
            'after: requests',
          ],
          rows,
        },
        {
          title:
            'Status bar requests per minute (the check of failed webhook deliveries: one page, ' +
            "background priority), beside the tree's in the same minute",
          columns: ['window', 'status bar', 'tree (after)', 'tree scenario'],
          rows: statusBarRows,
        },
      ],
      summary,
      notes: [
        `Opening the view, paging to the end and expanding ${EXPANDED}: ${opening.before} ` +
          `requests before, ${opening.after} after (no count, before or after a Refresh, for a ` +
          `connection whose type has no active-calls list).`,
        'The minute is simulated: the poll rounds the live timer would run in 60 s are run back ' +
          'to back; every request the simulator saw is counted.',
        'After: no polling while the view is hidden, once a minute while the window is in the ' +
          'background, counts only for rows shown and once per Refresh.',
        `Status bar (src/statusBar/checkPolicy.ts): ${statusBarChecks(true, 0, 1)} requests in ` +
          `the first minute after activation, then at most one a minute while the window is focused, ` +
          `none in the background; its requests are not in the tree's figures.`,
      ],
    };
  } finally {
    baseline.remove();
  }
}
