import * as vscode from 'vscode';
import type { ApiAccessChange } from '../services/apiAccess';
import type { Services, EventsQuery } from '../services/services';
import type { CallDetailsApi, OpenCallPanel } from './api';
import { fileArgument } from './export';
import { registerOpenCallDetailsCommand } from './openCommand';
import { VIEW_TYPE, type CallDetailsPanel } from './panel';
import { CallDetailsRegistry } from './registry';
import { registerSaveCallAsFixtureCommand } from './saveFixtureCommand';

export type { CallDetailsApi } from './api';

export function registerCallDetails(services: Services): CallDetailsApi {
  const registry = new CallDetailsRegistry(services);
  const openPanelOf = openPanelView();
  services.context.subscriptions.push(
    registry,
    vscode.window.registerWebviewPanelSerializer(VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state: unknown) => registry.revive(panel, state),
    }),
    registerOpenCallDetailsCommand(async (call) => {
      const panel = registry.open({
        kind: 'call',
        callControlId: call.callControlId,
        scope: 'session',
        legId: call.legId,
        sessionId: call.sessionId,
      });
      if (call.selectEvent) panel.selectEvent(call.selectEvent);
    }),
    reloadOnAccessChange(services, registry),
    registerSaveCallAsFixtureCommand(registry, services),
    // `file` (optional): where to save, without a dialog (automation, a keybinding's args).
    vscode.commands.registerCommand('telnyx.saveCallLadder', (file?: unknown) => {
      const panel =
        registry.all().find((p) => p.webviewPanel.active) ?? registry.all().find((p) => p.webviewPanel.visible);
      if (!panel) {
        void vscode.window.showInformationMessage(
          vscode.l10n.t('Open the details of a call first: its ladder is what gets saved.'),
        );
        return;
      }
      panel.exportLadder('svg', 'save', fileArgument(file));
    }),
  );
  return {
    openCall: async (callControlId: string, options?: { scope?: 'session' | 'leg'; selectEvent?: string }) => {
      const panel = registry.open({ kind: 'call', callControlId, scope: options?.scope ?? 'session' }, options?.scope);
      if (options?.selectEvent) panel.selectEvent(options.selectEvent);
    },
    openEvents: async (query: EventsQuery) => {
      registry.openEvents(query);
    },
    refreshAll: () => registry.refreshAll(),
    openPanels: () => registry.all().map(openPanelOf),
    panelOfCall: (callControlId) => {
      const panel = registry.get({ kind: 'call', callControlId, scope: 'session' });
      return panel && openPanelOf(panel);
    },
  };
}

/** What the API shows of a panel (one object per panel, so that two reads compare equal). */
function openPanelView(): (panel: CallDetailsPanel) => OpenCallPanel {
  const views = new WeakMap<CallDetailsPanel, OpenCallPanel>();
  return (panel) => {
    let view = views.get(panel);
    if (!view) {
      const webviewPanel = panel.webviewPanel;
      view = {
        get target() {
          return panel.session.state.target;
        },
        get title() {
          return webviewPanel.title;
        },
        get account() {
          return panel.account.account?.name;
        },
        get visible() {
          return webviewPanel.visible;
        },
        get active() {
          return webviewPanel.active;
        },
        get viewColumn() {
          return webviewPanel.viewColumn;
        },
        get state() {
          return panel.session.state;
        },
        get selectedEvent() {
          return panel.selectedEvent;
        },
        eventByKey: (key) => panel.session.eventByKey(key),
        request: (request) => panel.receive(request),
        exportTimelineJson: (file) => panel.exportTimelineJson(file),
      };
      views.set(panel, view);
    }
    return view;
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
