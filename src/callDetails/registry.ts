// Every open call details panel, new or restored after a reload, keyed by what it shows: opening
// the same call (or the same events query) again reveals the panel that is already there.
import * as vscode from 'vscode';
import type { EventsQuery, Services } from '../services/services';
import type { CallEventsFilter } from '../telnyx/types';
import { accountPanelKey } from './names';
import { CallDetailsPanel, panelTitle, VIEW_TYPE, type PanelEnvironment } from './panel';
import { PanelAccount } from './panelAccount';
import type { PanelTarget, TimelineScope, WebviewState } from './protocol';

export class CallDetailsRegistry implements vscode.Disposable {
  private readonly panels = new Map<string, CallDetailsPanel>();
  private readonly env: PanelEnvironment;

  constructor(services: Services) {
    this.env = {
      services,
      extensionUri: services.context.extensionUri,
    };
  }

  all(): CallDetailsPanel[] {
    return [...this.panels.values()];
  }

  /** The panel of this call (or query) under the target's account, else the account in use. */
  get(target: PanelTarget): CallDetailsPanel | undefined {
    return this.panels.get(accountPanelKey(target.accountId ?? this.env.services.apiAccess.account()?.id, target));
  }

  /** Opens under the account in use; the panel keeps it. */
  open(target: PanelTarget, scope?: TimelineScope): CallDetailsPanel {
    target = { ...target, accountId: target.accountId ?? this.env.services.apiAccess.account()?.id };
    const existing = this.get(target);
    if (existing) {
      existing.reveal(scope);
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(VIEW_TYPE, panelTitle(target), vscode.ViewColumn.Active, {
      enableScripts: true,
      enableFindWidget: true,
      localResourceRoots: [vscode.Uri.joinPath(this.env.extensionUri, 'dist')],
    });
    return this.adopt(panel, target);
  }

  /** A panel VS Code restored after a reload; its page saved what it showed. */
  revive(panel: vscode.WebviewPanel, state: unknown): void {
    const target = targetFromState(state);
    if (!target) {
      panel.dispose();
      return;
    }
    const existing = this.get(target);
    if (existing) {
      // Already opened by something else since the reload: keep one panel per call.
      panel.dispose();
      existing.reveal();
      return;
    }
    this.adopt(panel, target);
  }

  private adopt(webviewPanel: vscode.WebviewPanel, target: PanelTarget): CallDetailsPanel {
    const { apiAccess, calls } = this.env.services;
    // A restored panel whose account was removed since reads with the account in use.
    const account = (target.accountId ? apiAccess.accounts.get(target.accountId) : undefined) ?? apiAccess.account();
    target = { ...target, accountId: account?.id };
    const binding = new PanelAccount(account ? { id: account.id, name: account.name } : undefined, apiAccess, calls);
    const panel = new CallDetailsPanel(webviewPanel, target, binding, this.env, (closed) => {
      for (const [key, value] of this.panels) if (value === closed) this.panels.delete(key);
    });
    this.panels.set(panel.key, panel);
    return panel;
  }

  openEvents(query: EventsQuery): CallDetailsPanel {
    return this.open({
      kind: 'events',
      title: query.title,
      filter: query.filter,
      localNotBefore: query.localNotBefore,
      localNotAfter: query.localNotAfter,
    });
  }

  refreshAll(): void {
    for (const panel of this.panels.values()) void panel.reload();
  }

  /**
   * Another account is in use, or an account was added, removed or given another key: a panel of
   * the account in use (or of none) reads again; one of another account keeps what it shows, unless
   * its own account changed or is gone.
   */
  accountChanged(): void {
    const { accounts } = this.env.services.apiAccess;
    const inUse = this.env.services.apiAccess.account()?.id;
    for (const panel of this.panels.values()) {
      panel.updateTitle();
      const own = panel.account.account?.id;
      if (own === undefined || own === inUse || !accounts.get(own)) {
        // It reads everything again, maybe from another address: what it recorded before is not kept.
        panel.recording?.clear();
        void panel.reload();
      }
    }
  }

  clientReplaced(): void {
    for (const panel of this.panels.values()) void panel.session.clientReplaced();
  }

  dispose(): void {
    for (const panel of [...this.panels.values()]) panel.dispose();
    this.panels.clear();
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** Validates what a restored page saved: it is data from the webview, so trust nothing. */
export function targetFromState(state: unknown): PanelTarget | undefined {
  if (!isRecord(state) || !isRecord((state as Partial<WebviewState>).target)) return undefined;
  const target = (state as { target: Record<string, unknown> }).target;
  const optionalString = (value: unknown): string | undefined =>
    typeof value === 'string' && value ? value : undefined;
  if (target.kind === 'call' && typeof target.callControlId === 'string' && target.callControlId) {
    return {
      kind: 'call',
      callControlId: target.callControlId,
      scope: target.scope === 'leg' ? 'leg' : 'session',
      legId: optionalString(target.legId),
      sessionId: optionalString(target.sessionId),
      accountId: optionalString(target.accountId),
    };
  }
  if (target.kind === 'events' && isRecord(target.filter) && typeof target.title === 'string') {
    return {
      kind: 'events',
      title: target.title,
      filter: target.filter as CallEventsFilter,
      localNotBefore: optionalString(target.localNotBefore),
      localNotAfter: optionalString(target.localNotAfter),
      accountId: optionalString(target.accountId),
    };
  }
  return undefined;
}
