import * as vscode from 'vscode';
import type { EventsQuery, Services } from '../services/services';
import { checkIsStale } from './checkPolicy';
import { showStatusMenu } from './menu';
import { SHOW_STATUS_MENU_COMMAND, TelnyxStatusBar, type StatusBarSources } from './statusBar';

export type { StatusBarSources } from './statusBar';

/** What the status bar needs from the rest of the extension (wired in src/extension.ts). */
export interface StatusBarDeps extends StatusBarSources {
  /** Opens a timeline panel for the failed deliveries (src/callDetails). */
  openEvents(query: EventsQuery): Promise<void>;
}

export type StatusBarFeature = Pick<
  TelnyxStatusBar,
  'shown' | 'view' | 'failedDeliveries' | 'lastCheckStartedAt' | 'checkFailedDeliveries'
>;

/**
 * The status bar item and its menu (`telnyx.showStatusMenu`). Sends no request at activation: the
 * first check of failed deliveries waits a minute (src/statusBar/checkPolicy.ts).
 */
export function registerStatusBar(services: Services, deps: StatusBarDeps): StatusBarFeature {
  const statusBar = new TelnyxStatusBar(services, deps);
  services.context.subscriptions.push(
    statusBar,
    vscode.commands.registerCommand(SHOW_STATUS_MENU_COMMAND, async () => {
      const hasKey = deps.accountName() !== undefined;
      // The menu is looked at now: an answer over a minute old is read again for the next look.
      if (hasKey && checkIsStale(statusBar.lastCheckStartedAt, Date.now())) void statusBar.checkFailedDeliveries();
      await showStatusMenu(
        { hasKey, failed: statusBar.failedDeliveries },
        (query) => deps.openEvents(query),
        services.log,
      );
    }),
  );
  return statusBar;
}
