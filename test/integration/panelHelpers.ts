// Shared by the in-host suites that open call details panels. They reach the panels through the
// extension's API (callDetails.openPanels(), panelOfCall(): README, "Extension API") and observe
// what each holds: the state the panel renders and posts to the page (what the page draws from those
// messages is the UI tests' part: test/e2e).
import * as vscode from 'vscode';
import type { CallDetailsApi, OpenCallPanel } from '../../src/callDetails/api';
import { diagnosePanelEvents, findingsViewOf } from '../../src/callDetails/findingsView';
import type { ProgressView, StatusState, TimelineScope } from '../../src/callDetails/protocol';
import type { EventsQuery } from '../../src/services/services';
import { applyFilter, NO_FILTER, type FilterCounts, type TimelineFilter } from '../../src/timeline/filters';
import { buildTimeline, type EventRow } from '../../src/timeline/model';
import { layoutLadder } from '../../src/timeline/ladder';
import type { CallStatus } from '../../src/telnyx/types';
import type { Simulator } from '../simulator/types';
import { waitFor, type SimulatorFixture } from './helpers';

export function callDetailsTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all
    .flatMap((group) => group.tabs)
    .filter((tab) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.includes('telnyx.callDetails'));
}

export async function closeAllPanels(): Promise<void> {
  for (const tab of callDetailsTabs()) await vscode.window.tabGroups.close(tab);
  await waitFor(() => callDetailsTabs().length === 0, 5_000, 'call details tabs to close');
}

/** What a panel holds and tells its page, in the terms the page shows it. */
export interface PanelView {
  /** undefined for an events panel (no status card). */
  statusState: StatusState | undefined;
  status: CallStatus | undefined;
  statusError: string | undefined;
  timelineError: string | undefined;
  /** The timeline's standing notice (events of other calls left out), and its count. */
  timelineNotice: string | undefined;
  leftOut: number | undefined;
  scope: TimelineScope;
  eventCount: number;
  /** Rows in time order, as the page lists them (and their lanes). */
  rows: EventRow[];
  names: string[];
  laneCount: number;
  autoRefresh: boolean;
  progress: ProgressView;
  notice: string | undefined;
}

export function viewOf(panel: OpenCallPanel): PanelView {
  const state = panel.state;
  const timeline = buildTimeline([...state.rows]);
  const rows = timeline.entries.map((entry) => entry.event);
  return {
    statusState: state.target.kind === 'call' ? state.status.state : undefined,
    status: state.status.status,
    statusError: state.status.error?.message,
    timelineError: state.timelineError?.message,
    timelineNotice: state.timelineNotice?.message,
    leftOut: state.timelineNotice?.count,
    scope: state.scope,
    eventCount: state.events.length,
    rows,
    names: rows.map((row) => row.name),
    laneCount: timeline.lanes.length,
    autoRefresh: state.autoRefresh,
    progress: state.progress,
    notice: state.notice,
  };
}

/** The counts the page's filter bar shows for `filter` over what the panel holds. */
export function filterCounts(
  panel: OpenCallPanel,
  filter: TimelineFilter = NO_FILTER,
): FilterCounts & { names: string[] } {
  const result = applyFilter(buildTimeline([...panel.state.rows]).entries, filter);
  return { ...result.counts, names: result.entries.map((entry) => entry.event.name) };
}

/**
 * The Findings section the panel posts for what it holds (the same call doctor, the same labels); `empty`: its words
 * when there is no finding.
 */
export function findingsOf(panel: OpenCallPanel): { titles: string[]; reactionRows: string[]; empty: string } {
  const events = panel.state.events;
  const view = findingsViewOf(diagnosePanelEvents(events), events);
  return {
    titles: view.findings.map((f) => f.title),
    reactionRows: view.reactions.map((r) => `${r.webhook} ${r.count} ${r.p50} ${r.p95}`),
    empty: view.empty,
  };
}

/** How many arrows the ladder draws for what the panel holds (the page's own layout, retries stacked). */
export function ladderArrowsOf(panel: OpenCallPanel): number {
  const timeline = buildTimeline([...panel.state.rows]);
  return layoutLadder(timeline, timeline.entries).arrows.length;
}

/** The panel's view once it satisfies `accept`. */
export async function report(
  panel: OpenCallPanel,
  accept: (r: PanelView) => boolean,
  what: string,
  timeoutMs = 15_000,
): Promise<PanelView> {
  try {
    return await waitFor(
      () => {
        const view = viewOf(panel);
        return accept(view) ? view : undefined;
      },
      timeoutMs,
      what,
    );
  } catch (error) {
    const { rows: _rows, ...last } = viewOf(panel);
    throw new Error(`${(error as Error).message}; last view: ${JSON.stringify(last)?.slice(0, 1500)}`, {
      cause: error,
    });
  }
}

/**
 * A clock that runs at the product's own pace, for checks that something did NOT happen: opens the
 * panel of a live call of `sim` beside whatever is under test and returns a function that resolves
 * once that panel has read its call's status `cycles` more times. Its auto-refresh timer is the same
 * one the panel under test would use, so under load both are late together, where a fixed sleep
 * would be too short or needlessly long.
 */
export async function startPaceKeeper(
  sim: Simulator,
  callDetails: CallDetailsApi,
): Promise<(cycles: number, what: string) => Promise<void>> {
  const call = sim.state.startCall(sim.seed.mainConnectionId);
  const id = call.call_control_id;
  const statusReadsOf = (): number =>
    sim.requests.filter((r) => r.endpoint === 'call_status' && decodeURIComponent(r.path).endsWith(`/calls/${id}`))
      .length;
  // Panels refresh only while visible: keep this one in a group of its own (a new group to the right,
  // opened before the panel, which opens in the active group), and the panels under test in the first.
  await vscode.commands.executeCommand('workbench.action.focusFirstEditorGroup');
  await vscode.commands.executeCommand('workbench.action.newGroupRight');
  await callDetails.openCall(id);
  const panel = await waitFor(() => callDetails.panelOfCall(id), 10_000, 'the pace-keeping panel');
  await waitFor(
    () => panel.viewColumn !== undefined && panel.viewColumn !== vscode.ViewColumn.One,
    10_000,
    'the pace-keeping panel in a group of its own',
  );
  await vscode.commands.executeCommand('workbench.action.focusFirstEditorGroup');
  await report(panel, (r) => r.statusState === 'alive' && r.autoRefresh, 'the pace-keeping panel to refresh by itself');
  return async (cycles, what) => {
    // Counted from now: sim.requests may have been cleared since the last call.
    const start = statusReadsOf();
    if (!panel.visible) {
      // Another panel was opened in its group (the active group moved): show it again in its own.
      await callDetails.openCall(id);
      await waitFor(() => panel.visible, 10_000, 'the pace-keeping panel shown again');
      await vscode.commands.executeCommand('workbench.action.focusFirstEditorGroup');
    }
    await waitFor(
      () => statusReadsOf() >= start + cycles,
      60_000,
      `${cycles} auto-refreshes of a live call's panel (${what})`,
    );
  };
}

/** What a suite that opens call details panels uses; see `useCallPanels`. */
export interface CallPanels {
  /** The extension's call details API. */
  readonly api: CallDetailsApi;
  /** Opens (or reveals) the panel of a call and returns it once it is open. */
  openCall(callControlId: string, scope?: 'session' | 'leg'): Promise<OpenCallPanel>;
  /** Opens (or reveals) the panel of an events query and returns it once it is open (by its title). */
  openEvents(query: EventsQuery): Promise<OpenCallPanel>;
  /** The open panel with this title, once there is one (opened by a command, say). */
  panelTitled(title: string): Promise<OpenCallPanel>;
  /** A pace keeper (`startPaceKeeper`) on this suite's simulator. */
  paceKeeper(): ReturnType<typeof startPaceKeeper>;
}

/**
 * Call inside a `describe` after `useSimulator`: opens panels through the extension's API, and
 * closes every call details panel after each test.
 */
export function useCallPanels(env: SimulatorFixture): CallPanels {
  afterEach(() => closeAllPanels());
  const api = (): CallDetailsApi => env.api.callDetails;
  const panelTitled = (title: string): Promise<OpenCallPanel> =>
    waitFor(
      () =>
        api()
          .openPanels()
          .find((p) => p.title === title),
      10_000,
      `the panel "${title}"`,
    );
  return {
    get api() {
      return api();
    },
    async openCall(callControlId, scope) {
      await api().openCall(callControlId, scope ? { scope } : undefined);
      return waitFor(() => api().panelOfCall(callControlId), 10_000, 'the panel of the call');
    },
    async openEvents(query) {
      await api().openEvents(query);
      return panelTitled(query.title);
    },
    panelTitled,
    paceKeeper: () => startPaceKeeper(env.sim, api()),
  };
}
