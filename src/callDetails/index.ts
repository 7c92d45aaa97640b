import { keyFingerprint } from '../core/account';
import * as vscode from 'vscode';
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
 * Another key (or none) or another API address changes what every open panel may show: each reads
 * again at once, so a cleared key says so even in a panel that no longer polls. Other settings
 * (timeouts, hover) change nothing shown. The key is compared as a digest, never kept.
 */
function reloadOnAccessChange(services: Services, registry: CallDetailsRegistry): vscode.Disposable {
  const fingerprint = async (): Promise<string> => {
    const resolved = await services.apiAccess.resolveKey();
    const settings = services.apiAccess.settings();
    const key = keyFingerprint(resolved?.key);
    return JSON.stringify([key, settings.baseUrl, settings.baseUrlProblem]);
  };
  const safely = (): Promise<string> => fingerprint().catch(() => '');
  let seen: Promise<string> = safely();
  return services.apiAccess.onDidChange(() => {
    seen = seen.then(async (before) => {
      const now = await safely();
      if (now !== before) registry.refreshAll();
      return now;
    });
  });
}
