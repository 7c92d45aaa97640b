// Every open call details panel, new or restored after a reload, keyed by what it shows: opening
// the same call (or the same events query) again reveals the panel that is already there.
import * as vscode from 'vscode';
import type { EventsQuery, Services } from '../services/services';
import type { CallEventsFilter } from '../telnyx/types';
import { CallDetailsPanel, panelKey, panelTitle, VIEW_TYPE, type PanelEnvironment } from './panel';
import type { PanelTarget, TimelineScope, WebviewState } from './protocol';
import { knownCallsOf } from './knownCalls';

export class CallDetailsRegistry implements vscode.Disposable {
  private readonly panels = new Map<string, CallDetailsPanel>();
  private readonly env: PanelEnvironment;

  constructor(services: Services) {
    this.env = {
      services,
      extensionUri: services.context.extensionUri,
      knownCalls: knownCallsOf(services.calls),
    };
  }

  all(): CallDetailsPanel[] {
    return [...this.panels.values()];
  }

  get(target: PanelTarget): CallDetailsPanel | undefined {
    return this.panels.get(panelKey(target));
  }

  open(target: PanelTarget, scope?: TimelineScope): CallDetailsPanel {
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
    const panel = new CallDetailsPanel(webviewPanel, target, this.env, (closed) => {
      for (const [key, value] of this.panels) if (value === closed) this.panels.delete(key);
    });
    this.panels.set(panel.key, panel);
    return panel;
  }

  openEvents(query: EventsQuery): CallDetailsPanel {
    return this.open({ kind: 'events', title: query.title, filter: query.filter, localNotBefore: query.localNotBefore, localNotAfter: query.localNotAfter });
  }

  refreshAll(): void {
    for (const panel of this.panels.values()) void panel.reload();
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
  const optionalString = (value: unknown): string | undefined => (typeof value === 'string' && value ? value : undefined);
  if (target.kind === 'call' && typeof target.callControlId === 'string' && target.callControlId) {
    return {
      kind: 'call',
      callControlId: target.callControlId,
      scope: target.scope === 'leg' ? 'leg' : 'session',
      legId: optionalString(target.legId),
      sessionId: optionalString(target.sessionId),
    };
  }
  if (target.kind === 'events' && isRecord(target.filter) && typeof target.title === 'string') {
    return {
      kind: 'events',
      title: target.title,
      filter: target.filter as CallEventsFilter,
      localNotBefore: optionalString(target.localNotBefore),
      localNotAfter: optionalString(target.localNotAfter),
    };
  }
  return undefined;
}
