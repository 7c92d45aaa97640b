// Shared by the in-host suites that open call details panels.
import * as vscode from 'vscode';
import type { CallDetailsPanel } from '../../src/callDetails/panel';
import type { RenderReport } from '../../src/callDetails/protocol';
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
