import * as vscode from 'vscode';
import type { ApiAccessChange } from '../services/apiAccess';
import type { CallDetailsOpener, EventsQuery, Services } from '../services/services';
import { registerOpenCallDetailsCommand } from './openCommand';
import { VIEW_TYPE, type CallDetailsPanel } from './panel';
import { CallDetailsRegistry } from './registry';

/** Reached by in-host tests through `activate()`'s result; nothing in the product uses it. */
export interface CallDetailsTestHooks {
  panels(): CallDetailsPanel[];
  panelForCall(callControlId: string): CallDetailsPanel | undefined;
  /** Replaces the save dialog (tests cannot click one); undefined restores it. */
  setSaveDialog(dialog: ((options: vscode.SaveDialogOptions) => Thenable<vscode.Uri | undefined>) | undefined): void;
}

export interface CallDetailsFeature extends CallDetailsOpener {
  readonly testHooks: CallDetailsTestHooks;
}

export function registerCallDetails(services: Services): CallDetailsFeature {
  const registry = new CallDetailsRegistry(services);
  services.context.subscriptions.push(
    registry,
    vscode.window.registerWebviewPanelSerializer(VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state: unknown) => registry.revive(panel, state),
    }),
    registerOpenCallDetailsCommand(async (call) => {
      registry.open({ kind: 'call', callControlId: call.callControlId, scope: 'session', legId: call.legId, sessionId: call.sessionId });
    }),
    reloadOnAccessChange(services, registry),
    vscode.commands.registerCommand('telnyx.saveCallLadder', () => {
      const panel = registry.all().find((p) => p.webviewPanel.active) ?? registry.all().find((p) => p.webviewPanel.visible);
      if (!panel) {
        void vscode.window.showInformationMessage(vscode.l10n.t('Open the details of a call first: its ladder is what gets saved.'));
        return;
      }
      panel.exportLadder('svg', 'save');
    }),
  );
  return {
    openCall: async (callControlId: string, options?: { scope?: 'session' | 'leg' }) => {
      registry.open({ kind: 'call', callControlId, scope: options?.scope ?? 'session' }, options?.scope);
    },
    openEvents: async (query: EventsQuery) => {
      registry.openEvents(query);
    },
    refreshAll: () => registry.refreshAll(),
    testHooks: {
      panels: () => registry.all(),
      panelForCall: (callControlId) => registry.get({ kind: 'call', callControlId, scope: 'session' }),
      setSaveDialog: (dialog) => {
        registry.saveDialogOverride = dialog;
      },
    },
  };
}

/**
 * Another account, key (or none) or API address changes what the panels of the account in use may
 * show: each reads again at once, so a cleared key says so even in a panel that no longer polls;
 * panels of other accounts keep theirs. A replaced client
 * (timeout, proxy) cut short whatever was loading: those panels load again. Other settings change
 * nothing shown.
 */
function reloadOnAccessChange(services: Services, registry: CallDetailsRegistry): vscode.Disposable {
  return services.apiAccess.onDidChange((change: ApiAccessChange) => {
    if (change.kind === 'account') registry.accountChanged();
    else if (change.kind === 'client') registry.clientReplaced();
  });
}
