// The Connections tree inside a real VS Code against the simulator: what the view shows and asks for.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { CallNode } from '../../src/tree/nodes/callNode';
import type { ConnectionNode } from '../../src/tree/nodes/connectionNode';
import type { LoadMoreNode } from '../../src/tree/nodes/loadMoreNode';
import type { MessageNode, RetryNode } from '../../src/tree/nodes/messageNode';
import type { TreeNode } from '../../src/tree/nodes/treeNode';
import type { RecordedRequest } from '../simulator/types';
import { hoveredTreeItem, useSimulator, waitFor } from './helpers';
import { closeAllPanels, startPaceKeeper } from './panelHelpers';
import { setTelnyxSetting, settledChildren, useConnectionsTree, whenCallSelected } from './treeHelpers';

// Small enough that the seeded 60 connections span two pages, large enough to stay well under the
// simulator's reported rate limit (600 a minute), which the client honours by pausing. Not the
// default (50): setting the default again would not start the tree over.
const PAGE_SIZE = 40;

/** Rows are told apart by kind: the extension's classes come from another bundle than this test. */
function isKind<T extends TreeNode>(kind: TreeNode['kind']): (node: TreeNode) => node is T {
  return (node): node is T => node.kind === kind;
}

function label(node: TreeNode): string {
  const value = node.toTreeItem().label;
  return typeof value === 'string' ? value : (value?.label ?? '');
}

function query(request: RecordedRequest, name: string): string | undefined {
  return request.query.find(([key]) => key === name)?.[1];
}

/** Markdown escapes punctuation: compare with the escaping undone. */
function plain(markdown: string): string {
  return markdown.replace(/\\([\\`*_{}[\]()#+\-.!|<>~&"':$=])/g, '$1');
}

describe('Connections tree', function () {
  this.timeout(60_000);
  const env = useSimulator({ seed: 3, busyConnectionCalls: 1050 });
  const { tree, hide } = useConnectionsTree(env, PAGE_SIZE);
  const connectionRequests = (): RecordedRequest[] => env.sim.requests.filter((r) => r.endpoint === 'connections');
  const callPageRequests = (connectionId: string): RecordedRequest[] =>
    env.sim.requests.filter(
      (r) => r.endpoint === 'active_calls' && r.path.includes(connectionId) && query(r, 'page[limit]') !== '1',
    );

  /** Expands a connection in the real view and waits for its first page. */
  async function expand(connectionId: string): Promise<ConnectionNode> {
    assert.ok(await tree().revealConnection(connectionId), `connection ${connectionId} is in the tree`);
    const node = connectionRow(connectionId);
    assert.ok(node);
    // VS Code finds a revealed row through its parent's children as the workbench last rendered them;
    // on a busy machine a row just added may not be there yet ("Data tree node not found"): try again.
    await waitFor(
      () => Promise.resolve(tree().view.reveal(node, { expand: true, select: false, focus: false })).then(() => true),
      30_000,
      `the workbench to show ${connectionId}`,
      250,
    );
    await waitFor(
      () => tree().model.existingCallsOf(connectionId)?.started,
      30_000,
      'the calls of the expanded connection to load',
    );
    await tree().whenIdle();
    return node;
  }

  const connectionRow = (connectionId: string): ConnectionNode | undefined =>
    tree()
      .provider.getChildren()
      .filter(isKind<ConnectionNode>('connection'))
      .find((n) => n.connectionId === connectionId);
  const callsShown = (node: ConnectionNode): CallNode[] =>
    tree().provider.getChildren(node).filter(isKind<CallNode>('call'));
  const loadMoreOf = (node?: TreeNode): LoadMoreNode | undefined =>
    tree().provider.getChildren(node).find(isKind<LoadMoreNode>('loadMore'));
  const messages = (node?: TreeNode): string[] =>
    tree()
      .provider.getChildren(node)
      .filter((n) => n.kind === 'message')
      .map(label);
  const retryOf = (node?: TreeNode): RetryNode | undefined =>
    tree().provider.getChildren(node).find(isKind<RetryNode>('retry'));

  after(async () => {
    await tree().setNameFilter(undefined);
    await tree().setOnlyWithCalls(false);
  });

  it('loads only the first page of connections when the view opens, and no calls', async () => {
    await vscode.commands.executeCommand('telnyx.connections.focus');
    await waitFor(() => tree().model.connections.pagesLoaded === 1, 10_000, 'the first page of connections');
    await tree().whenIdle();
    const rows = tree().provider.getChildren();
    const connections = rows.filter(isKind<ConnectionNode>('connection'));
    assert.equal(connections.length, PAGE_SIZE);
    assert.ok(rows[rows.length - 1].kind === 'loadMore', 'the last row is "Load more…"');
    assert.equal(label(rows[rows.length - 1]), 'Load more…');
    const pages = connectionRequests();
    assert.equal(pages.length, 1, pages.map((r) => `${r.rawQuery} authorized=${r.authorized}`).join('\n'));
    assert.equal(query(pages[0], 'page[number]'), '1');
    assert.equal(query(pages[0], 'page[size]'), String(PAGE_SIZE));
    assert.equal(query(pages[0], 'sort'), 'connection_name');
    // Only the page[limit]=1 count requests, one per loaded connection; no page of calls.
    const activeCalls = env.sim.requests.filter((r) => r.endpoint === 'active_calls');
    assert.ok(
      activeCalls.every((r) => query(r, 'page[limit]') === '1'),
      'no call pages before a connection is expanded',
    );
    assert.ok(activeCalls.length <= PAGE_SIZE);
    // Each row names the connection, its type and, once counted, its active calls.
    const main = connections.find(
      (n) => n.connection.connection_name && env.sim.state.activeCalls(n.connectionId).length > 1,
    );
    assert.ok(main, 'a named connection with calls is on the first page');
    // A row's count is read once VS Code has shown the row (not when its page arrives).
    await waitFor(() => tree().model.countOf(main.connectionId)?.kind === 'known', 15_000, 'the count of a shown row');
    const item = await hoveredTreeItem(tree().provider, main);
    assert.equal(item.label, main.connection.connection_name);
    const count = env.sim.state.activeCalls(main.connectionId).length;
    assert.match(String(item.description), new RegExp(`${main.connection.record_type} · ${count} active calls`));
    assert.equal(item.contextValue, 'telnyx.connection');
    const tooltip = plain((item.tooltip as vscode.MarkdownString).value);
    assert.match(tooltip, /Webhook URL/);
    assert.match(tooltip, /Failover URL/);
    assert.match(tooltip, /Webhook API version/);
    assert.ok(tooltip.includes(main.connectionId));
  });

  it('"Load more" appends exactly one page, also when clicked twice quickly', async () => {
    env.sim.clearRequests();
    const more = loadMoreOf();
    assert.ok(more);
    await Promise.all([
      vscode.commands.executeCommand('telnyx.loadMore', more),
      vscode.commands.executeCommand('telnyx.loadMore', more),
    ]);
    await tree().whenIdle();
    const pages = connectionRequests();
    assert.equal(pages.length, 1, 'one page request for two clicks');
    assert.equal(query(pages[0], 'page[number]'), '2');
    const connections = tree()
      .provider.getChildren()
      .filter((n) => n.kind === 'connection');
    assert.equal(connections.length, Math.min(2 * PAGE_SIZE, env.sim.state.connections().length));
    assert.equal(new Set(connections.map((n) => n.id)).size, connections.length, 'row ids are unique');
  });

  it('expands a connection to one page of calls with readable rows and a Load more row', async () => {
    env.sim.clearRequests();
    const node = await expand(env.sim.seed.busyConnectionId);
    const calls = callsShown(node);
    assert.equal(calls.length, PAGE_SIZE);
    assert.equal(callPageRequests(env.sim.seed.busyConnectionId).length, 1);
    assert.ok(loadMoreOf(node));
    const item = tree().provider.getTreeItem(calls[0]);
    assert.equal(item.contextValue, 'telnyx.call');
    assert.match(String(item.label), /^(\d+:)?\d+:\d\d$/);
    assert.match(String(item.description), /leg [0-9a-f]{8}…/);
    assert.deepEqual(item.command?.arguments, [calls[0].callControlId]);
    assert.equal(item.command?.command, 'telnyx.openCallDetails');
    // The row is re-rendered every second while its duration ticks; its tooltip is built only on hover.
    assert.equal(item.tooltip, undefined, 'no tooltip built with the row');
    const hovered = await hoveredTreeItem(tree().provider, calls[0]);
    const tooltip = plain((hovered.tooltip as vscode.MarkdownString).value);
    for (const id of [calls[0].callControlId, calls[0].callLegId, calls[0].callSessionId])
      assert.ok(tooltip.includes(id), `tooltip has ${id}`);
    assert.match(tooltip, /Duration:\W+(\d+:)?\d+:\d\d/);
    // Expanding again reads nothing new.
    env.sim.clearRequests();
    tree().provider.getChildren(node);
    await tree().whenIdle();
    assert.equal(callPageRequests(env.sim.seed.busyConnectionId).length, 0);
    // Every loaded call is known to the call directory (for Reveal in tree).
    assert.equal(env.api.services.calls.connectionOf(calls[5].callControlId), env.sim.seed.busyConnectionId);
  });

  it('pages 1,050 calls while calls start and end: each call alive throughout appears exactly once', async () => {
    const busy = env.sim.seed.busyConnectionId;
    const node = await expand(busy);
    const atStart = new Set(env.sim.state.activeCalls(busy).map((c) => c.call_control_id));
    assert.ok(atStart.size >= 1000);
    const ended = new Set<string>();
    let clicks = 0;
    for (let more = loadMoreOf(node); more; more = loadMoreOf(node)) {
      const alive = env.sim.state.activeCalls(busy);
      for (const index of [2, Math.floor(alive.length / 2)]) {
        const id = alive[index]?.call_control_id;
        if (id && !ended.has(id)) {
          env.sim.state.endCall(id);
          ended.add(id);
        }
      }
      env.sim.state.startCall(busy);
      await vscode.commands.executeCommand('telnyx.loadMore', more);
      await tree().whenIdle();
      clicks++;
      assert.ok(clicks < 200, 'paging ends');
    }
    const shown = callsShown(node).map((n) => n.callControlId);
    assert.equal(new Set(shown).size, shown.length, 'no call shown twice');
    const shownSet = new Set(shown);
    const lost = [...atStart].filter((id) => !ended.has(id) && !shownSet.has(id));
    assert.deepEqual(lost, []);
    assert.ok(shown.length >= atStart.size - ended.size, `${shown.length} rows`);
    assert.ok(clicks >= 1050 / PAGE_SIZE - 2, `${clicks} pages loaded`);
  });

  it('refresh keeps the loaded pages in sync and the rows (and expansion) in place', async () => {
    const main = env.sim.seed.mainConnectionId;
    const node = await expand(main);
    const before = callsShown(node);
    assert.ok(before.length >= 2);
    const gone = before[0].callControlId;
    const kept = before[1];
    env.sim.state.endCall(gone);
    const fresh = env.sim.state.startCall(main, { clientState: Buffer.from('refresh test').toString('base64') });
    await vscode.commands.executeCommand('telnyx.refreshConnection', node);
    await tree().whenIdle();
    const after = callsShown(node);
    const ids = after.map((n) => n.callControlId);
    assert.ok(!ids.includes(gone), 'the ended call vanished');
    assert.ok(ids.includes(fresh.call_control_id), 'the new call appeared');
    assert.match(
      String(after.find((n) => n.callControlId === fresh.call_control_id)?.toTreeItem().description),
      /^refresh test · leg /,
    );
    assert.equal(
      after.find((n) => n.callControlId === kept.callControlId),
      kept,
      'the same row object, so the same id',
    );
    assert.ok(tree().provider.expanded.has(main), 'still expanded');
    assert.match(
      String(node.toTreeItem().description),
      new RegExp(`${env.sim.state.activeCalls(main).length} active calls`),
    );
  });

  it('the view Refresh re-reads what is shown and refreshes call details panels', async () => {
    env.sim.clearRequests();
    await vscode.commands.executeCommand('telnyx.refresh');
    await tree().whenIdle();
    const pages = connectionRequests().map((r) => query(r, 'page[number]'));
    const loaded = tree().model.connections.pagesLoaded;
    assert.deepEqual(
      pages,
      Array.from({ length: loaded }, (_, i) => String(i + 1)),
      'the loaded connection pages, nothing more',
    );
    assert.ok(callPageRequests(env.sim.seed.mainConnectionId).length >= 1);
  });

  it('shows "No active calls" and the no-list case in plain words', async () => {
    const empty = await expand(env.sim.seed.emptyConnectionId);
    assert.deepEqual(tree().provider.getChildren(empty).map(label), ['No active calls']);
    const noList = await expand(env.sim.seed.noActiveCallsConnectionId);
    const rows = tree().provider.getChildren(noList);
    assert.deepEqual(rows.map(label), ['This connection type has no active-calls list.']);
    assert.equal(retryOf(noList), undefined, 'not an error: nothing to retry');
  });

  it('reveals a call by its call_control_id', async () => {
    const main = env.sim.seed.mainConnectionId;
    const node = await expand(main);
    const id = env.sim.state.startCall(main).call_control_id;
    await vscode.commands.executeCommand('telnyx.refreshConnection', node);
    await tree().whenIdle();
    assert.equal(env.api.services.calls.connectionOf(id), main);
    assert.equal(await tree().revealCall(id), true);
    assert.equal((await whenCallSelected(tree(), id)).callControlId, id);
    assert.equal(await tree().revealCall('v3:unknown-call-control-id-000000000000'), false);
  });

  it('copies the ids of a call row', async () => {
    const node = tree()
      .provider.getChildren(await expand(env.sim.seed.mainConnectionId))
      .find(isKind<CallNode>('call'));
    assert.ok(node);
    await vscode.commands.executeCommand('telnyx.copyCallLegId', node);
    assert.equal(await vscode.env.clipboard.readText(), node.callLegId);
    await vscode.commands.executeCommand('telnyx.copyCallSessionId', node);
    assert.equal(await vscode.env.clipboard.readText(), node.callSessionId);
    await vscode.commands.executeCommand('telnyx.copyCallControlId', node);
    assert.equal(await vscode.env.clipboard.readText(), node.callControlId);
  });

  describe('errors appear as rows and recover with Retry', () => {
    afterEach(() => env.sim.clearFaults());

    const cases: Array<{ name: string; fault: Parameters<typeof env.sim.addFault>[0]; message: RegExp }> = [
      // A narrow side bar cuts a long row: each leads with what to do (after "Refresh failed:"), then what happened.
      {
        name: 'server error, with its Telnyx code',
        fault: { endpoint: 'active_calls', serverError: { count: -1, status: 503 } },
        message: /^(Refresh failed: )?It is on Telnyx's side.*server error \(HTTP 503, \w+\)/,
      },
      {
        name: 'rate limited',
        fault: { endpoint: 'active_calls', rateLimit: { count: -1, resetSeconds: 1 } },
        message: /^(Refresh failed: )?Wait .*limiting the request rate \(HTTP 429, 10011\)/,
      },
      {
        name: 'network down',
        fault: { endpoint: 'active_calls', drop: { count: -1 } },
        message: /^(Refresh failed: )?Check your network or proxy settings.*Could not reach Telnyx/,
      },
      {
        name: 'malformed body',
        fault: { endpoint: 'active_calls', nonJson: { count: -1 } },
        message: /^(Refresh failed: )?Retry; if it persists.*could not be read/,
      },
      {
        name: 'timeout',
        fault: { endpoint: 'active_calls', hang: { count: -1, ms: 4_000 } },
        message:
          /^(Refresh failed: )?Check your network or proxy, or raise 'telnyx\.requestTimeout'.*did not answer in time/,
      },
    ];
    for (const { name, fault, message } of cases) {
      it(`${name}: on one connection only`, async () => {
        const main = env.sim.seed.mainConnectionId;
        if (fault.hang) {
          await setTelnyxSetting('requestTimeout', 1);
          await waitFor(
            () => env.api.services.apiAccess.settings().requestTimeoutMs === 1000,
            10_000,
            'the 1 s timeout',
          );
          await tree().whenIdle();
        }
        const node = await expand(main);
        env.sim.addFault(fault);
        await vscode.commands.executeCommand('telnyx.refreshConnection', node);
        await tree().whenIdle();
        const shown = messages(node);
        assert.ok(
          shown.some((text) => message.test(text)),
          `rows say what happened: ${shown.join(' | ')}`,
        );
        assert.ok(callsShown(node).length > 0, 'the calls already shown stay');
        const retry = retryOf(node);
        assert.ok(retry, 'a Retry row');
        // Another connection is untouched.
        assert.equal(retryOf(connectionRow(env.sim.seed.busyConnectionId)), undefined);
        env.sim.clearFaults();
        if (fault.hang) await setTelnyxSetting('requestTimeout', undefined);
        await vscode.commands.executeCommand('telnyx.retry', retry);
        await tree().whenIdle();
        assert.deepEqual(messages(node), []);
        assert.ok(callsShown(node).length > 0);
      });
    }

    it('a failing first page of connections: error row, Retry row, then the connections', async () => {
      await tree().setNameFilter('line');
      env.sim.addFault({ endpoint: 'connections', serverError: { count: 3, status: 500 } });
      await settledChildren(tree());
      assert.ok(
        messages().some((text) => /server error/.test(text)),
        messages().join(' | '),
      );
      const retry = retryOf();
      assert.ok(retry);
      env.sim.clearFaults();
      await vscode.commands.executeCommand('telnyx.retry', retry);
      await tree().whenIdle();
      const connections = tree().provider.getChildren().filter(isKind<ConnectionNode>('connection'));
      assert.ok(connections.length > 0);
      assert.ok(connections.every((n) => (n.connection.connection_name ?? '').includes('line')));
      assert.match(String(tree().view.description), /name contains "line"/);
      await vscode.commands.executeCommand('telnyx.clearConnectionFilter');
      assert.equal(tree().view.description, undefined);
    });

    it('a refused API URL: the row leads with where to fix it, the tooltip says why, Open Settings is offered', async () => {
      await settledChildren(tree());
      const config = vscode.workspace.getConfiguration('telnyx');
      await config.update('apiBaseUrl', 'http://example.com/v2', vscode.ConfigurationTarget.Global);
      try {
        await waitFor(
          () =>
            messages().some((text) =>
              /^(Refresh failed: )?Fix 'telnyx\.apiBaseUrl' in Settings\. The Telnyx API URL is refused/.test(text),
            ),
          15_000,
          'the refused-URL row',
        ).catch((error: Error) => {
          throw new Error(`${error.message}; rows: ${tree().provider.getChildren().map(label).join(' | ')}`);
        });
        const row = tree()
          .provider.getChildren()
          .find((n): n is MessageNode => n.kind === 'message' && /apiBaseUrl/.test(label(n)));
        assert.match(row?.options.tooltip ?? '', /http:\/\/example\.com/, 'the tooltip names the refused value');
        assert.ok(tree().provider.getChildren().map(label).includes('Open Settings'));
      } finally {
        await config.update('apiBaseUrl', env.sim.url, vscode.ConfigurationTarget.Global);
      }
      await waitFor(
        () =>
          messages().length === 0 &&
          tree()
            .provider.getChildren()
            .some((n) => n.kind === 'connection'),
        15_000,
        'the connections again',
      );
    });

    it('the key rejected: says so, offers Set API Key, and recovers when the key is fixed', async () => {
      await settledChildren(tree());
      await env.api.services.apiAccess.storeKey('KEYWRONG00000000000000000000000000');
      await waitFor(() => messages().some((text) => /rejected the API key/.test(text)), 15_000, 'the rejected-key row');
      const rows = tree().provider.getChildren().map(label);
      assert.ok(rows.includes('Set API Key…'), rows.join(' | '));
      assert.ok(retryOf());
      await env.api.services.apiAccess.storeKey(env.sim.apiKey);
      await waitFor(
        () =>
          messages().length === 0 &&
          tree()
            .provider.getChildren()
            .some((n) => n.kind === 'connection'),
        15_000,
        'the connections again',
      );
    });
  });

  it('"only connections with active calls" hides the others, and the view says so', async () => {
    await settledChildren(tree());
    await vscode.commands.executeCommand('telnyx.showOnlyConnectionsWithCalls');
    await tree().whenIdle();
    const shown = tree().provider.getChildren().filter(isKind<ConnectionNode>('connection'));
    assert.ok(shown.length > 0);
    assert.ok(
      shown.every((n) => env.sim.state.activeCalls(n.connectionId).length > 0),
      'only connections with calls',
    );
    const loaded = tree().model.connections.items.filter((c) => env.sim.state.activeCalls(c.id).length > 0);
    assert.equal(shown.length, loaded.length, 'every loaded connection with calls is shown');
    assert.match(String(tree().view.description), /with active calls/);
    assert.equal(await tree().revealConnection(shown[0].connectionId), true, 'a shown connection is revealed');
    const quiet = tree().model.connections.items.find((c) => env.sim.state.activeCalls(c.id).length === 0);
    assert.ok(quiet, 'a loaded connection without calls');
    assert.equal(await tree().revealConnection(quiet.id), false, 'a hidden connection is not revealed');
    await vscode.commands.executeCommand('telnyx.showAllConnections');
    assert.equal(
      tree()
        .provider.getChildren()
        .filter((n) => n.kind === 'connection').length,
      tree().model.connections.items.length,
    );
  });

  it('without a key the tree is empty, so the welcome view with "Set API Key" shows', async () => {
    await settledChildren(tree());
    await env.api.services.apiAccess.clearKey();
    await waitFor(() => env.api.services.apiAccess.keySource === 'none', 10_000, 'the key to be gone');
    await waitFor(async () => (await settledChildren(tree())).length === 0, 10_000, 'an empty tree');
    assert.equal(tree().live.isPolling, false);
    await env.api.services.apiAccess.storeKey(env.sim.apiKey);
    await waitFor(
      async () => (await settledChildren(tree())).some((n) => n.kind === 'connection'),
      15_000,
      'the connections again',
    );
  });

  describe('live updates', () => {
    after(() => setTelnyxSetting('activeCalls.refreshInterval', 0));

    it('refreshes expanded connections while the view is visible, and stops when it is hidden', async function () {
      this.timeout(180_000);
      const main = env.sim.seed.mainConnectionId;
      await vscode.commands.executeCommand('telnyx.connections.focus');
      const node = await expand(main);
      await setTelnyxSetting('activeCalls.refreshInterval', 1);
      await waitFor(() => tree().live.isPolling, 30_000, 'polling to start');
      const fresh = env.sim.state.startCall(main);
      await waitFor(
        () => callsShown(node).some((n) => n.callControlId === fresh.call_control_id),
        30_000,
        'a new call to appear without a click',
      );
      env.sim.state.endCall(fresh.call_control_id);
      await waitFor(
        () => !callsShown(node).some((n) => n.callControlId === fresh.call_control_id),
        30_000,
        'the ended call to vanish',
      );

      // Durations tick: call rows are re-rendered on their own.
      let ticked = 0;
      const listener = tree().provider.onDidChangeTreeData((changed) => {
        if (Array.isArray(changed) && changed.some((n) => n.kind === 'call')) ticked++;
      });
      await waitFor(() => ticked > 0, 30_000, 'call rows to re-render');
      listener.dispose();

      // A live call's panel refreshes every 5 s: one of its refreshes spans several 1-s tree polls.
      const afterRefreshes = await startPaceKeeper(env.sim, env.api.callDetails);
      try {
        await hide(30_000);
        assert.equal(tree().live.isPolling, false);
        assert.equal(tree().live.isTicking, false);
        // A poll in flight when the view was hidden may still land; the fault tests above left
        // dropped requests (status 0) in sim.requests, so ask the tree, not the simulator.
        await tree().whenIdle();
        env.sim.clearRequests();
        await afterRefreshes(1, 'several tree poll periods');
        assert.equal(
          env.sim.requests.filter((r) => r.endpoint === 'active_calls').length,
          0,
          'no requests while hidden',
        );
      } finally {
        await closeAllPanels();
      }

      await vscode.commands.executeCommand('telnyx.connections.focus');
      await waitFor(() => callPageRequests(main).length > 0, 30_000, 'polling to resume when shown again');
    });
  });
});
