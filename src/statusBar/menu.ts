import * as vscode from 'vscode';
import { formatTimestamp } from '../core/format';
import type { EventsQuery } from '../services/services';
import type { Logger } from '../services/logger';
import type { FailedDeliveries } from './failedDeliveries';

/** The command of named accounts (registered by src/accounts when it exists). */
export const SWITCH_ACCOUNT_COMMAND = 'telnyx.switchAccount';

export interface StatusMenuState {
  hasKey: boolean;
  failed: FailedDeliveries | undefined;
}

interface MenuItem extends vscode.QuickPickItem {
  run(): Thenable<unknown>;
}

/** The timeline of the failed deliveries counted: the same filter and window as the check. */
export function failedDeliveriesQuery(failed: FailedDeliveries): EventsQuery {
  return {
    title: vscode.l10n.t('Failed webhook deliveries since {0}', formatTimestamp(failed.since)),
    filter: { failed: true, type: 'webhook', occurredAt: { gte: failed.since } },
  };
}

/** What clicking the status bar item offers. */
export async function showStatusMenu(
  state: StatusMenuState,
  openEvents: (query: EventsQuery) => Promise<void>,
  log: Logger,
): Promise<void> {
  const items: MenuItem[] = [];
  if (!state.hasKey) {
    items.push({
      label: `$(key) ${vscode.l10n.t('Set API Key…')}`,
      run: () => vscode.commands.executeCommand('telnyx.setApiKey'),
    });
  }
  items.push({
    label: `$(list-tree) ${vscode.l10n.t('Open the Telnyx view')}`,
    run: () => vscode.commands.executeCommand('telnyx.connections.focus'),
  });
  const failed = state.failed;
  if (failed && failed.count > 0) {
    items.push({
      label: `$(warning) ${vscode.l10n.t('Show failed deliveries (last 15 minutes)')}`,
      description: failed.more ? vscode.l10n.t('{0}+ failed', failed.count) : vscode.l10n.t('{0} failed', failed.count),
      run: () => openEvents(failedDeliveriesQuery(failed)),
    });
  }
  items.push({
    label: `$(account) ${vscode.l10n.t('Switch account…')}`,
    run: () => vscode.commands.executeCommand(SWITCH_ACCOUNT_COMMAND),
  });
  const picked = await vscode.window.showQuickPick(items, { placeHolder: vscode.l10n.t('Telnyx Calls') });
  if (!picked) return;
  try {
    await picked.run();
  } catch (error) {
    log.warn(`${picked.label}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
