// Bounded tree requests, against the simulator through the real client: counts only for rows the
// tree shows and at most once per Refresh, none for a connection whose type has no list, polls that
// never ask for counts; "no active-calls list" from the type, never from a 10015 alone.
import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import type { TelnyxApi } from '../../src/telnyx/api';
import { createTelnyxClient } from '../../src/telnyx/index';
import { ConnectionsModel, isNoActiveCallsList } from '../../src/tree/model/connectionsModel';
import { singleAccount } from './singleAccount';
import { pollDueOnFocus, pollEveryMs, UNFOCUSED_POLL_SECONDS } from '../../src/tree/model/pollPolicy';
import { startSimulator, type StartedSimulator } from '../simulator/index';
import { sendJson, startServer, type TestServer } from './clientTestServer';

const limitOf = (rawQuery: string): string | null => new URLSearchParams(rawQuery).get('page[limit]');

describe('tree requests against the simulator', () => {
  let sim: StartedSimulator;
  let api: TelnyxApi;
  const models: ConnectionsModel[] = [];
  const model = (pageSize = 100): ConnectionsModel => {
    const created = new ConnectionsModel({ clients: singleAccount(api), pageSize });
    models.push(created);
    return created;
  };
  const countRequests = () => sim.requests.filter((r) => r.endpoint === 'active_calls' && limitOf(r.rawQuery) === '1');

  before(async () => {
    sim = await startSimulator({ seed: 3, busyConnectionCalls: 120 });
    api = createTelnyxClient({ apiKey: sim.apiKey, baseUrl: sim.url });
  });
  after(async () => {
    for (const created of models) created.dispose();
    await api.close();
    await sim.close();
  });

  it('counts a shown row once per Refresh; showing it again, polls and expanding do not ask again', async () => {
    const m = model(20);
    await m.connections.ensureStarted();
    await m.whenIdle();
    sim.clearRequests();
    const shown = m.connections.items.slice(0, 5).map((c) => c.id);
    // Every shown row is asked, a SIP connection without webhooks too: Telnyx's answer says whether it has a list.
    const listed = shown;
    for (let render = 0; render < 3; render++) for (const id of shown) m.countShown(id);
    await m.whenIdle();
    assert.deepEqual(
      countRequests()
        .map((r) => r.path.split('/')[3])
        .sort(),
      [...listed].sort(),
      'one count per shown row, none for the rest of the page',
    );

    // Expanding one: its first page tells its count; polling it re-reads the page, never a count.
    const hasList = (id: string): boolean =>
      sim.state
        .connections()
        .some((s) => s.id === id && !(s.record_type.endsWith('_connection') && !s.webhook_event_url));
    const expanded = listed.find(hasList) as string;
    const calls = m.callsOf(expanded);
    await calls.ensureStarted();
    await calls.refresh();
    await calls.refresh();
    await m.whenIdle();
    for (const id of shown) m.countShown(id);
    await m.whenIdle();
    assert.equal(countRequests().length, listed.length, 'no count after expanding, polling or re-rendering');

    // A Refresh: the rows ask once more as they are shown again; the expanded one gets its count from its list.
    sim.clearRequests();
    await m.refreshAll([expanded]);
    assert.equal(countRequests().length, 0, 'the Refresh itself reads no count');
    for (let render = 0; render < 2; render++) for (const id of shown) m.countShown(id);
    await m.whenIdle();
    assert.deepEqual(
      countRequests()
        .map((r) => r.path.split('/')[3])
        .sort(),
      listed.filter((id) => id !== expanded).sort(),
    );
    const expectedCount = sim.state.activeCalls(expanded).length;
    assert.deepEqual(m.countOf(expanded), { kind: 'known', total: expectedCount });
  });

  it('asks Telnyx once about a SIP connection without webhooks, and reads its 10015 as "no list"', async () => {
    const m = model();
    await m.connections.ensureStarted();
    await m.whenIdle();
    const noList = sim.seed.noActiveCallsConnectionId;
    assert.ok(
      m.connections.items.some((c) => c.id === noList),
      'the SIP connection without webhooks is on the page',
    );
    sim.clearRequests();
    m.countShown(noList);
    await m.whenIdle();
    const calls = m.callsOf(noList);
    await calls.ensureStarted();
    await m.whenIdle();
    assert.deepEqual(
      sim.requests.map((r) => r.endpoint),
      ['active_calls'],
      'asked once; the answer is remembered',
    );
    assert.deepEqual(m.countOf(noList), { kind: 'unsupported' });
    assert.ok(calls.failure && isNoActiveCallsList(calls.failure.error));
  });

  it('a SIP connection without webhooks but with an XML request URL has its list read', async () => {
    const noList = sim.seed.noActiveCallsConnectionId;
    sim.state.setXmlRequestUrl(noList, 'https://app.example.com/texml');
    try {
      const m = model();
      await m.connections.ensureStarted();
      await m.whenIdle();
      m.countShown(noList);
      await m.whenIdle();
      assert.deepEqual(m.countOf(noList), { kind: 'known', total: 0 });
      const calls = m.callsOf(noList);
      await calls.ensureStarted();
      assert.equal(calls.failure, undefined);
    } finally {
      sim.state.setXmlRequestUrl(noList, null);
    }
  });

  it('a connection not loaded: the 10015 is checked against its type before saying "no list"', async () => {
    const m = model();
    sim.clearRequests();
    const calls = m.callsOf(sim.seed.noActiveCallsConnectionId);
    await calls.ensureStarted();
    assert.ok(calls.failure && isNoActiveCallsList(calls.failure.error));
    assert.deepEqual(
      sim.requests.map((r) => r.endpoint),
      ['active_calls', 'connection'],
    );
  });
});

describe('tree requests against a server that answers 10015 for a Call Control app', () => {
  let server: TestServer;
  let api: TelnyxApi;
  before(async () => {
    server = await startServer((req, res) => {
      if (req.url?.startsWith('/v2/connections?')) {
        sendJson(res, 200, {
          data: [
            {
              id: 'cc-1',
              record_type: 'call_control_application',
              connection_name: 'app',
              webhook_event_url: 'https://example.com/hook',
            },
          ],
          meta: { page_number: 1, page_size: 50, total_pages: 1, total_results: 1 },
        });
        return;
      }
      // Telnyx's generic Bad Request, worded about the connection: the type says it has a list.
      sendJson(res, 422, {
        errors: [
          {
            code: '10015',
            title: 'Bad Request',
            detail: 'Invalid connection_id',
            source: { pointer: '/connection_id' },
          },
        ],
      });
    });
    api = createTelnyxClient({ apiKey: 'KEYTEST', baseUrl: server.url, maxAttempts: 1 });
  });
  after(async () => {
    await api.close();
    await server.close();
  });

  it('shows a failure (count unknown), not "no active-calls list"', async () => {
    const m = new ConnectionsModel({ clients: singleAccount(api), pageSize: 50 });
    await m.connections.ensureStarted();
    m.countShown('cc-1');
    const calls = m.callsOf('cc-1');
    await calls.ensureStarted();
    await m.whenIdle();
    assert.equal(m.countOf('cc-1')?.kind, 'failed');
    assert.ok(calls.failure);
    assert.equal(isNoActiveCallsList(calls.failure.error), false);
    m.dispose();
  });
});

describe('poll policy', () => {
  const base = { viewVisible: true, windowFocused: true, intervalSeconds: 10, expandedCount: 3, hasKey: true };
  it('polls at the interval while visible and focused', () => {
    assert.equal(pollEveryMs(base), 10_000);
  });
  it('never while the view is hidden, nothing is expanded, no key, or the interval is 0', () => {
    assert.equal(pollEveryMs({ ...base, viewVisible: false }), undefined);
    assert.equal(pollEveryMs({ ...base, windowFocused: false, viewVisible: false }), undefined);
    assert.equal(pollEveryMs({ ...base, expandedCount: 0 }), undefined);
    assert.equal(pollEveryMs({ ...base, hasKey: false }), undefined);
    assert.equal(pollEveryMs({ ...base, intervalSeconds: 0 }), undefined);
  });
  it('at most once a minute while the window is in the background', () => {
    assert.equal(pollEveryMs({ ...base, windowFocused: false }), UNFOCUSED_POLL_SECONDS * 1000);
    assert.equal(pollEveryMs({ ...base, windowFocused: false, intervalSeconds: 120 }), 120_000);
  });
  it('catches up on focus only when the last poll is older than the interval', () => {
    assert.equal(pollDueOnFocus(undefined, 1000, 10), true);
    assert.equal(pollDueOnFocus(0, 9_999, 10), false);
    assert.equal(pollDueOnFocus(0, 10_000, 10), true);
    assert.equal(pollDueOnFocus(0, 10_000, 0), false);
  });
});
