// Shared by the in-host suites that open call details panels.
import * as vscode from 'vscode';
import type { CallDetailsPanel } from '../../src/callDetails/panel';
import type { RenderReport } from '../../src/callDetails/protocol';
import type { Simulator } from '../simulator/types';
import { waitFor } from './helpers';

export function callDetailsTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all
    .flatMap((group) => group.tabs)
    .filter((tab) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.includes('telnyx.callDetails'));
}

export async function closeAllPanels(): Promise<void> {
  for (const tab of callDetailsTabs()) await vscode.window.tabGroups.close(tab);
  await waitFor(() => callDetailsTabs().length === 0, 5_000, 'call details tabs to close');
}

/** The page's latest report once it satisfies `accept`. */
export async function report(panel: CallDetailsPanel, accept: (r: RenderReport) => boolean, what: string, timeoutMs = 15_000): Promise<RenderReport> {
  try {
    return await waitFor(() => (panel.lastReport && accept(panel.lastReport) ? panel.lastReport : undefined), timeoutMs, what);
  } catch (error) {
    throw new Error(`${(error as Error).message}; last report: ${JSON.stringify(panel.lastReport)?.slice(0, 1500)}`, { cause: error });
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
  openCall: (callControlId: string) => Promise<unknown>,
  panelForCall: (callControlId: string) => CallDetailsPanel | undefined,
): Promise<(cycles: number, what: string) => Promise<void>> {
  const call = sim.state.startCall(sim.seed.mainConnectionId);
  const id = call.call_control_id;
  const statusReadsOf = (): number => sim.requests.filter((r) => r.endpoint === 'call_status' && decodeURIComponent(r.path).endsWith(`/calls/${id}`)).length;
  await openCall(id);
  const panel = await waitFor(() => panelForCall(id), 10_000, 'the pace-keeping panel');
  // Panels refresh only while visible: keep this one in a group of its own, and open the panels
  // under test in the first group.
  panel.webviewPanel.reveal(undefined, false);
  await vscode.commands.executeCommand('workbench.action.moveEditorToNextGroup');
  await waitFor(() => panel.webviewPanel.viewColumn !== vscode.ViewColumn.One, 10_000, 'the pace-keeping panel in a group of its own');
  await vscode.commands.executeCommand('workbench.action.focusFirstEditorGroup');
  await report(panel, (r) => r.statusState === 'alive' && r.autoRefresh, 'the pace-keeping panel to refresh by itself');
  return async (cycles, what) => {
    // Counted from now: sim.requests may have been cleared since the last call.
    const start = statusReadsOf();
    if (!panel.webviewPanel.visible) throw new Error('the pace-keeping panel was hidden: it would never refresh');
    await waitFor(() => statusReadsOf() >= start + cycles, 60_000, `${cycles} auto-refreshes of a live call's panel (${what})`);
  };
}
