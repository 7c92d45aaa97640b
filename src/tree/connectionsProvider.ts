import * as vscode from 'vscode';
import type { KnownFindings } from '../doctor/known';
import type { ActiveCall, Connection } from '../telnyx/types';
import { rowError } from './errorText';
import { isNoActiveCallsList, NoApiKeyError, type ConnectionsModel, type ModelChange } from './model/connectionsModel';
import type { ListFailure, Loaded, PagedList } from './model/pagedList';
import { CallNode } from './nodes/callNode';
import { ConnectionNode } from './nodes/connectionNode';
import type { LiveTapNode } from './nodes/liveTapNode';
import { LoadMoreNode } from './nodes/loadMoreNode';
import { MessageNode, RetryNode } from './nodes/messageNode';
import type { TreeNode } from './nodes/treeNode';

/**
 * Turns the model into rows. Rows are cached per id so that VS Code keeps expansion and selection,
 * and so that a single row can be re-rendered (a ticking duration) without touching the others.
 * Reading children never waits on the network: a list not yet loaded answers a "Loading…" row
 * and starts the read; the row is replaced when the page arrives.
 */
export class ConnectionsTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<TreeNode | TreeNode[] | undefined>();
  readonly onDidChangeTreeData = this.changeEmitter.event;
  private readonly connectionNodes = new Map<string, ConnectionNode>();
  private readonly callNodes = new Map<string, Map<string, CallNode>>();
  private readonly rootRetry: RetryNode;
  private unsubscribe: () => void = () => undefined;
  /** Connections whose children VS Code asked for and that were not collapsed since. */
  readonly expanded = new Set<string>();
  private onlyWithCallsValue = false;
  private viewVisible = false;
  /** Rows VS Code asked for while the view was hidden: counted once it shows them. */
  private readonly askedWhileHidden = new Set<string>();
  /** The "Live tap" node, above the connections once a tap has run in this window. */
  liveTap: LiveTapNode | undefined;

  constructor(
    private modelValue: ConnectionsModel,
    private readonly onCallsLoaded: (connectionId: string, calls: readonly ActiveCall[]) => void,
    private readonly findingsOf: KnownFindings['ofSession'],
    private readonly now: () => number = Date.now,
  ) {
    this.rootRetry = new RetryNode(undefined, () => this.modelValue.connections.retry());
    this.subscribe();
  }

  get model(): ConnectionsModel {
    return this.modelValue;
  }

  get onlyWithCalls(): boolean {
    return this.onlyWithCallsValue;
  }

  set onlyWithCalls(value: boolean) {
    this.onlyWithCallsValue = value;
    this.changeEmitter.fire(undefined);
  }

  /** True when the connection's count was read and has a call: what "only connections with active calls" shows. */
  hasCalls(connectionId: string): boolean {
    const count = this.modelValue.countOf(connectionId);
    if (count?.kind === 'known' || count?.kind === 'atLeast') return count.total > 0;
    return false;
  }

  /**
   * Swaps in a fresh model (new key, base URL or page size); rows reload as VS Code asks. The old
   * model's rows are forgotten: VS Code may still ask about them, and they name another account's ids.
   */
  replaceModel(model: ConnectionsModel): void {
    this.unsubscribe();
    this.modelValue.dispose();
    this.modelValue = model;
    this.connectionNodes.clear();
    this.callNodes.clear();
    this.askedWhileHidden.clear();
    this.subscribe();
    this.changeEmitter.fire(undefined);
  }

  refreshRoot(): void {
    this.changeEmitter.fire(undefined);
  }

  /** Re-renders the call rows of expanded connections (their durations tick). */
  tickDurations(): number {
    const rows: TreeNode[] = [];
    for (const id of this.expanded) {
      const nodes = this.callNodes.get(id);
      if (nodes) rows.push(...nodes.values());
    }
    if (rows.length) this.changeEmitter.fire(rows);
    return rows.length;
  }

  hasExpandedCalls(): boolean {
    for (const id of this.expanded) if ((this.callNodes.get(id)?.size ?? 0) > 0) return true;
    return false;
  }

  markCollapsed(node: TreeNode): void {
    if (node instanceof ConnectionNode) this.expanded.delete(node.connectionId);
  }

  markExpanded(node: TreeNode): void {
    if (node instanceof ConnectionNode) this.expanded.add(node.connectionId);
  }

  /**
   * Whether the view can be seen. VS Code also asks for a row's item while the view is hidden (to
   * re-render a row whose change it was told of), which shows nothing to anyone.
   */
  setViewVisible(visible: boolean): void {
    this.viewVisible = visible;
    if (!visible) return;
    for (const connectionId of this.askedWhileHidden) this.modelValue.countShown(connectionId);
    this.askedWhileHidden.clear();
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    // A connection row on screen is the only thing that asks for its count (once per Refresh).
    if (node instanceof ConnectionNode && this.isCurrent(node)) {
      if (this.viewVisible) this.modelValue.countShown(node.connectionId);
      else this.askedWhileHidden.add(node.connectionId);
    }
    return node.toTreeItem();
  }

  /** Whether a connection row belongs to the model shown (a row of a replaced model names another account's ids). */
  isCurrent(node: ConnectionNode): boolean {
    return this.connectionNodes.get(node.connectionId) === node;
  }

  /**
   * VS Code calls this when the pointer rests on a row whose tooltip is still undefined, with the
   * item getTreeItem returned; a re-rendered row is resolved again on the next hover. Having this
   * method makes VS Code show no tooltip for a row without one (instead of its label), so every row
   * either sets a tooltip in toTreeItem() or builds one here.
   */
  resolveTreeItem(item: vscode.TreeItem, node: TreeNode): vscode.TreeItem {
    item.tooltip ??= node.tooltip?.();
    return item;
  }

  getParent(node: TreeNode): TreeNode | undefined {
    return node.parent;
  }

  getChildren(node?: TreeNode): TreeNode[] {
    if (!node) return this.withLiveTap(this.rootChildren());
    if (node instanceof ConnectionNode) return this.connectionChildren(node);
    if (node === this.liveTap) return this.liveTap.children();
    return [];
  }

  /**
   * The Live tap node leads once a tap has run; with no API key, a Set API Key row follows it (the
   * welcome view, which offers it otherwise, shows only for an empty tree).
   */
  private withLiveTap(rows: TreeNode[]): TreeNode[] {
    if (!this.liveTap?.shown) return rows;
    const noKey = this.modelValue.connections.failure?.error instanceof NoApiKeyError && rows.length === 0;
    if (!noKey) return [this.liveTap, ...rows];
    return [this.liveTap, this.setKeyRow(undefined)];
  }

  /** Re-renders the Live tap node and its calls (the tap recorded, started or stopped). */
  refreshLiveTap(): void {
    const shown = this.liveTap?.shown ?? false;
    // The node appears with its first tap and goes when its record is cleared: the root changes
    // then; in between only the node does.
    this.changeEmitter.fire(shown && this.liveTapRendered ? this.liveTap : undefined);
    this.liveTapRendered = shown;
  }
  private liveTapRendered = false;

  connectionNode(connection: Connection): ConnectionNode {
    let node = this.connectionNodes.get(connection.id);
    if (!node) {
      node = new ConnectionNode(connection, (id) => this.modelValue.countOf(id));
      this.connectionNodes.set(connection.id, node);
    } else {
      node.connection = connection;
    }
    return node;
  }

  /** The cached row of a loaded call, created if needed. */
  callNode(parent: ConnectionNode, loaded: Loaded<ActiveCall>): CallNode {
    let nodes = this.callNodes.get(parent.connectionId);
    if (!nodes) {
      nodes = new Map();
      this.callNodes.set(parent.connectionId, nodes);
    }
    let node = nodes.get(loaded.item.call_control_id);
    if (!node) {
      node = new CallNode(
        parent,
        loaded,
        (sessionId) => this.findingsOf(this.modelValue.accountId, sessionId),
        this.now,
      );
      nodes.set(loaded.item.call_control_id, node);
    } else {
      node.loaded = loaded;
    }
    return node;
  }

  private rootChildren(): TreeNode[] {
    const list = this.modelValue.connections;
    if (!list.started) {
      void list.ensureStarted();
      return [this.loadingRow(undefined, vscode.l10n.t('Loading connections…'))];
    }
    if (list.busy === 'first') return [this.loadingRow(undefined, vscode.l10n.t('Loading connections…'))];
    const failure = list.failure;
    if (failure && list.pagesLoaded === 0) {
      // The welcome view (Set API Key) shows only for an empty tree.
      if (failure.error instanceof NoApiKeyError) return [];
      return this.failureRows(undefined, failure, this.rootRetry);
    }
    const rows: TreeNode[] = [];
    const connections = list.items;
    const shown = this.onlyWithCallsValue ? connections.filter((c) => this.hasCalls(c.id)) : connections;
    rows.push(...shown.map((connection) => this.connectionNode(connection)));
    if (connections.length === 0) {
      const filter = this.modelValue.nameFilter;
      rows.push(
        this.message(
          undefined,
          'empty',
          filter
            ? vscode.l10n.t('No connection name contains "{0}".', filter)
            : vscode.l10n.t('This account has no connections.'),
          'info',
        ),
      );
    } else if (this.onlyWithCallsValue) {
      const counting = connections.some((c) => this.modelValue.countOf(c.id)?.kind === 'pending');
      if (counting) rows.push(this.loadingRow(undefined, vscode.l10n.t('Counting active calls…'), 'counting'));
      else if (shown.length === 0) {
        rows.push(
          this.message(undefined, 'none-with-calls', vscode.l10n.t('No loaded connection has active calls.'), 'info'),
        );
      }
    }
    if (failure) rows.push(...this.failureRows(undefined, failure, this.rootRetry));
    if (list.busy === 'refresh') rows.unshift(this.loadingRow(undefined, vscode.l10n.t('Refreshing…'), 'refreshing'));
    if (list.hasMore && !failure) rows.push(new LoadMoreNode(undefined, list));
    return rows;
  }

  private connectionChildren(node: ConnectionNode): TreeNode[] {
    if (!this.isCurrent(node)) return [];
    this.expanded.add(node.connectionId);
    const list = this.modelValue.callsOf(node.connectionId);
    if (!list.started) {
      void list.ensureStarted();
      return [this.loadingRow(node, vscode.l10n.t('Loading active calls…'))];
    }
    if (list.busy === 'first') return [this.loadingRow(node, vscode.l10n.t('Loading active calls…'))];
    const failure = list.failure;
    const retry = new RetryNode(node, () => list.retry());
    if (failure && list.pagesLoaded === 0) {
      if (isNoActiveCallsList(failure.error)) {
        return [
          this.message(
            node,
            'no-list',
            vscode.l10n.t('This connection type has no active-calls list.'),
            'info',
            rowError(failure.error).detail,
          ),
        ];
      }
      return this.failureRows(node, failure, retry);
    }
    const rows: TreeNode[] = list.loaded.map((loaded) => this.callNode(node, loaded));
    if (list.restartedFromFirstPage) {
      rows.unshift(
        this.message(
          node,
          'restarted',
          vscode.l10n.t('Telnyx no longer accepted the page cursor, so the list started again from the first page.'),
          'info',
        ),
      );
    }
    if (rows.length === 0 && list.complete)
      rows.push(this.message(node, 'no-calls', vscode.l10n.t('No active calls'), 'info'));
    if (failure) rows.push(...this.failureRows(node, failure, retry));
    if (list.hasMore && !(failure && failure.during === 'more')) rows.push(new LoadMoreNode(node, list));
    return rows;
  }

  private failureRows(parent: ConnectionNode | undefined, failure: ListFailure, retry: RetryNode): TreeNode[] {
    const described = rowError(failure.error);
    const label =
      failure.during === 'refresh' && (parent ? true : this.modelValue.connections.pagesLoaded > 0)
        ? vscode.l10n.t('Refresh failed: {0}', described.message)
        : described.message;
    const rows: TreeNode[] = [
      this.message(
        parent,
        'error',
        label,
        'error',
        described.detail ? `${described.message}\n\n${described.detail}` : described.message,
      ),
    ];
    if (described.action === 'setApiKey') {
      rows.push(this.setKeyRow(parent));
    } else if (described.action === 'openSettings') {
      rows.push(
        this.message(
          parent,
          'settings',
          vscode.l10n.t('Open Settings'),
          'action',
          undefined,
          {
            command: 'workbench.action.openSettings',
            title: vscode.l10n.t('Open Settings'),
            arguments: ['telnyx.apiBaseUrl'],
          },
          'settings-gear',
        ),
      );
    }
    rows.push(retry);
    return rows;
  }

  private loadingRow(parent: TreeNode | undefined, label: string, key = 'loading'): MessageNode {
    return this.message(parent, key, label, 'loading');
  }

  /** The "Set API Key…" row: alone under the Live tap node when there is no key, or under a connection that needs one. */
  private setKeyRow(parent: TreeNode | undefined): MessageNode {
    return this.message(
      parent,
      'set-key',
      vscode.l10n.t('Set API Key…'),
      'action',
      undefined,
      {
        command: 'telnyx.setApiKey',
        title: vscode.l10n.t('Set API Key'),
      },
      'key',
    );
  }

  private message(
    parent: TreeNode | undefined,
    key: string,
    label: string,
    tone: MessageNode['options']['tone'],
    tooltip?: string,
    command?: vscode.Command,
    icon?: string,
  ): MessageNode {
    return new MessageNode(parent, { key, label, tone, tooltip, command, icon });
  }

  private subscribe(): void {
    const model = this.modelValue;
    this.unsubscribe = model.onDidChange((change) => this.onModelChange(model, change));
  }

  private onModelChange(model: ConnectionsModel, change: ModelChange): void {
    if (model !== this.modelValue) return;
    if (change.kind === 'root') {
      this.changeEmitter.fire(undefined);
      return;
    }
    const connection = this.connectionNodes.get(change.connectionId);
    if (change.kind === 'calls') {
      const list = model.existingCallsOf(change.connectionId);
      if (list) this.syncCallNodes(change.connectionId, list);
    }
    if (this.onlyWithCallsValue) this.changeEmitter.fire(undefined);
    else if (connection && model.connections.items.some((c) => c.id === change.connectionId))
      this.changeEmitter.fire(connection);
  }

  /** Drops rows of calls that are gone and tells the call index about the ones loaded. */
  private syncCallNodes(connectionId: string, list: PagedList<ActiveCall>): void {
    const nodes = this.callNodes.get(connectionId);
    if (list.busy !== undefined) return;
    const present = new Set(list.items.map((call) => call.call_control_id));
    if (nodes) for (const id of [...nodes.keys()]) if (!present.has(id)) nodes.delete(id);
    this.onCallsLoaded(connectionId, list.items);
  }

  dispose(): void {
    this.unsubscribe();
    this.modelValue.dispose();
    this.changeEmitter.dispose();
  }
}
