import * as vscode from 'vscode';
import type { LiveCallsSummary, Services, TreeRevealer } from '../services/services';
import type { ApiAccessChange } from '../services/apiAccess';
import { ConnectionsTreeProvider } from './connectionsProvider';
import { LiveUpdates } from './liveUpdates';
import { ConnectionsModel, isNoActiveCallsList } from './model/connectionsModel';
import { sameLiveCalls } from './model/liveCalls';
import type { CallNode } from './nodes/callNode';
import type { ConnectionNode } from './nodes/connectionNode';
import { LiveTapNode } from './nodes/liveTapNode';
import type { TreeNode } from './nodes/treeNode';

/** Tapped webhooks can arrive many a second: the Live tap node is re-rendered at most this often. */
const LIVE_TAP_REFRESH_MS = 150;

/** The view of package.json `contributes.views`. */
export const VIEW_ID = 'telnyx.connections';

/**
 * The Connections view: owns the model, the provider, the TreeView and the live timers, and offers
 * the operations the tree commands need. Other features see it only as a TreeRevealer; in-host
 * tests reach the rest through activate()'s `tree`.
 */
export class ConnectionsTree implements TreeRevealer, vscode.Disposable {
  readonly provider: ConnectionsTreeProvider;
  readonly view: vscode.TreeView<TreeNode>;
  readonly live: LiveUpdates;
  private readonly liveCallsEmitter = new vscode.EventEmitter<void>();
  /** Fired when the sum of the counted live calls (or the connections behind it) changed. */
  readonly onDidChangeLiveCalls = this.liveCallsEmitter.event;
  private lastLiveCalls: LiveCallsSummary;
  private readonly disposables: vscode.Disposable[] = [this.liveCallsEmitter];
  private liveTapTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly services: Services) {
    this.provider = new ConnectionsTreeProvider(
      this.createModel(undefined),
      (connectionId, calls) => {
        services.calls.noteListed(connectionId, calls);
      },
      (accountId, sessionId) => services.findings.ofSession(accountId, sessionId),
    );
    this.provider.liveTap = new LiveTapNode(services.liveTap);
    // Creating the view reads nothing: VS Code asks for rows only once the view is shown.
    this.view = vscode.window.createTreeView(VIEW_ID, { treeDataProvider: this.provider, showCollapseAll: true });
    this.provider.setViewVisible(this.view.visible);
    this.lastLiveCalls = this.model.liveCalls();
    this.live = new LiveUpdates(this.view, this.provider, {
      intervalSeconds: () => this.services.apiAccess.settings().activeCallsRefreshSeconds,
      hasKey: () => this.services.apiAccess.keySource !== 'none',
      poll: () => this.pollExpanded(),
    });
    this.disposables.push(
      this.provider,
      this.view,
      this.live,
      this.view.onDidExpandElement((event) => {
        this.provider.markExpanded(event.element);
        this.live.update();
      }),
      this.view.onDidCollapseElement((event) => {
        this.provider.markCollapsed(event.element);
        this.live.update();
      }),
      this.view.onDidChangeVisibility((event) => {
        this.provider.setViewVisible(event.visible);
        this.live.update();
      }),
      this.provider.onDidChangeTreeData(() => {
        this.updateDescription();
        this.live.update();
        this.noteLiveCalls();
      }),
      services.apiAccess.onDidChange((change) => this.onApiChanged(change)),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('telnyx.activeCalls.refreshInterval')) this.live.update();
      }),
      services.liveTap.onDidChange((change) => this.liveTapChanged(change.kind === 'recorded')),
      { dispose: () => clearTimeout(this.liveTapTimer) },
    );
    this.updateDescription();
  }

  get model(): ConnectionsModel {
    return this.provider.model;
  }

  /** The live calls of the connections counted so far, under the current account. */
  liveCalls(): LiveCallsSummary {
    return this.model.liveCalls();
  }

  /** The name of a connection the tree has read, if it has one. */
  connectionName(connectionId: string): string | undefined {
    return this.model.connectionName(connectionId);
  }

  get nameFilter(): string | undefined {
    return this.model.nameFilter;
  }

  get onlyWithCalls(): boolean {
    return this.provider.onlyWithCalls;
  }

  /** Telnyx: Refresh — connection pages shown, counts, and the calls of expanded connections. */
  refresh(): void {
    void this.refreshNow();
  }

  async refreshNow(): Promise<void> {
    this.provider.refreshRoot();
    await this.model.refreshAll(this.visibleExpanded(), { countAll: this.provider.onlyWithCalls });
  }

  async refreshConnection(connectionId: string): Promise<void> {
    await this.model.refreshConnection(connectionId);
  }

  async setNameFilter(filter: string | undefined): Promise<void> {
    this.model.setNameFilter(filter);
    await vscode.commands.executeCommand('setContext', 'telnyx.connectionFilterActive', !!this.model.nameFilter);
    this.updateDescription();
  }

  async setOnlyWithCalls(only: boolean): Promise<void> {
    this.provider.onlyWithCalls = only;
    await vscode.commands.executeCommand('setContext', 'telnyx.onlyConnectionsWithCalls', only);
    if (only) void this.model.refreshCounts();
    this.updateDescription();
  }

  async revealConnection(connectionId: string): Promise<boolean> {
    const node = await this.findConnection(connectionId);
    if (!node) return false;
    return this.revealNode(node);
  }

  async revealCall(callControlId: string): Promise<boolean> {
    const connectionId = this.services.calls.connectionOf(callControlId);
    if (!connectionId) return false;
    const connection = await this.findConnection(connectionId);
    if (!connection) return false;
    const loaded = await this.model.callsOf(connectionId).find(callControlId);
    if (!loaded) return false;
    const node: CallNode = this.provider.callNode(connection, loaded);
    this.provider.markExpanded(connection);
    return this.revealNode(node);
  }

  /** Shows the Live tap node (the status bar's menu); false when no tap has run in this window. */
  async revealLiveTap(): Promise<boolean> {
    const node = this.provider.liveTap;
    if (!node?.shown) return false;
    return this.revealNode(node);
  }

  /** Started and stopped show at once; recorded entries are gathered for a moment. */
  private liveTapChanged(recorded: boolean): void {
    if (!recorded) {
      clearTimeout(this.liveTapTimer);
      this.liveTapTimer = undefined;
      this.provider.refreshLiveTap();
      return;
    }
    this.liveTapTimer ??= setTimeout(() => {
      this.liveTapTimer = undefined;
      this.provider.refreshLiveTap();
    }, LIVE_TAP_REFRESH_MS);
  }

  /**
   * VS Code resolves a revealed row through its parent's children as the workbench last rendered
   * them; a refresh of that parent in flight (a count or a poll landing), or a busy machine where the
   * workbench renders late, can make an attempt miss. Settle and try again, waiting longer each time
   * (about 16 s in all: seen needing more than 8 s at a load of 15 on two cores) before saying it could not be done.
   */
  private async revealNode(node: TreeNode): Promise<boolean> {
    const pauses = [250, 500, 1000, 2000, 4000, 8000];
    for (let attempt = 0; ; attempt++) {
      await this.whenIdle();
      try {
        await this.view.reveal(node, { select: true, focus: true });
        return true;
      } catch (error) {
        if (attempt >= pauses.length) {
          this.services.log.warn(`Could not reveal ${node.id} in the Connections view: ${String(error)}`);
          return false;
        }
        await new Promise((resolve) => setTimeout(resolve, pauses[attempt]));
      }
    }
  }

  /** Settles once every read in flight has (a refresh, a reveal and callers of the extension's API wait on it). */
  whenIdle(): Promise<void> {
    return this.model.whenIdle();
  }

  private async findConnection(connectionId: string): Promise<ConnectionNode | undefined> {
    const connection = (await this.model.connections.find(connectionId))?.item;
    if (!connection) return undefined;
    if (this.provider.onlyWithCalls) {
      await this.model.requestCount(connectionId);
      if (!this.provider.hasCalls(connectionId)) return undefined;
    }
    return this.provider.connectionNode(connection);
  }

  private visibleExpanded(): string[] {
    const loaded = new Set(this.model.connections.items.map((c) => c.id));
    return [...this.provider.expanded].filter((id) => loaded.has(id));
  }

  private async pollExpanded(): Promise<void> {
    const rounds = this.visibleExpanded().map((id) => {
      const list = this.model.existingCallsOf(id);
      if (!list || !list.started || list.busy) return undefined;
      if (list.pagesLoaded === 0 && list.failure && isNoActiveCallsList(list.failure.error)) return undefined;
      return list.refresh();
    });
    await Promise.allSettled(rounds);
  }

  /** A model reads for one account, the one in use at its first read (see model/accountBinding.ts). */
  private createModel(nameFilter: string | undefined): ConnectionsModel {
    const { apiAccess } = this.services;
    return new ConnectionsModel({
      pageSize: apiAccess.settings().pageSize,
      nameFilter,
      clients: { accountInUse: () => apiAccess.accountInUse(), clientOf: (accountId) => apiAccess.clientOf(accountId) },
    });
  }

  /**
   * Another account (key or API address) or another page size: the rows shown may belong to another
   * account or page, so start over (VS Code asks again for what is visible). A new client (timeout,
   * proxy) or any other setting: the rows stay; the next read goes through the new client.
   */
  private onApiChanged(change: ApiAccessChange): void {
    if (change.kind === 'account' || change.settings.includes('pageSize'))
      this.provider.replaceModel(this.createModel(this.model.nameFilter));
    this.updateDescription();
    this.live.update();
  }

  /** Counts land, and a new account starts from none: tell the listeners only when the sum changed. */
  private noteLiveCalls(): void {
    const now = this.model.liveCalls();
    if (sameLiveCalls(now, this.lastLiveCalls)) return;
    this.lastLiveCalls = now;
    this.liveCallsEmitter.fire();
  }

  private updateDescription(): void {
    // The title names the account the rows belong to, first, since a narrow side bar cuts the end ("Production · Connections").
    const account = this.services.apiAccess.account();
    const title = account ? vscode.l10n.t('{0} · Connections', account.name) : vscode.l10n.t('Connections');
    if (this.view.title !== title) this.view.title = title;
    // The title is cut first in a narrow side bar ("Telnyx Calls: Def…"); the message above the rows wraps.
    const message = account ? vscode.l10n.t('Account: {0}', account.name) : undefined;
    if (this.view.message !== message) this.view.message = message;
    const parts: string[] = [];
    const filter = this.model.nameFilter;
    if (filter) parts.push(vscode.l10n.t('name contains "{0}"', filter));
    if (this.provider.onlyWithCalls) parts.push(vscode.l10n.t('with active calls'));
    if (this.services.apiAccess.keySource === 'env') parts.push(vscode.l10n.t('using TELNYX_API_KEY'));
    const description = parts.join(' · ') || undefined;
    if (this.view.description !== description) this.view.description = description;
  }

  dispose(): void {
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
  }
}
