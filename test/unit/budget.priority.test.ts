// The shared request budget serves waiting callers by priority: a hover (interactive) queued behind
// the tree's background polling is sent before it, against the real simulator through the client.
import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import type { TelnyxApi } from '../../src/telnyx/api';
import { createTelnyxClient } from '../../src/telnyx/index';
import { startSimulator, type StartedSimulator } from '../simulator/index';

describe('request budget priorities against the simulator', () => {
  let sim: StartedSimulator;
  let api: TelnyxApi;

  before(async () => {
    sim = await startSimulator({ seed: 5 });
    // Each answer takes a moment, so the callers below are all queued before the first slot frees.
    sim.addFault({ latencyMs: 30 });
    api = createTelnyxClient({ apiKey: sim.apiKey, baseUrl: sim.url, maxConcurrentRequests: 1 });
  });
  after(async () => {
    await api.close();
    await sim.close();
  });

  it('sends a hover queued after background polls first, then a normal read, then the polls in order', async () => {
    sim.clearRequests();
    const { mainConnectionId, busyConnectionId, emptyConnectionId } = sim.seed;
    const connections = [mainConnectionId, busyConnectionId, emptyConnectionId, mainConnectionId];
    const polls = connections.map((id) => api.listActiveCalls(id, { limit: 1 }, { priority: 'background' }));
    const normal = api.getConnection(connections[0]);
    const hover = api.getCallStatus(sim.seed.aliveCallControlId, { priority: 'interactive' });
    await Promise.all([...polls, normal, hover]);
    assert.equal(sim.requests.length, 6);
    assert.ok(sim.requests.every((r) => r.status === 200));
    const sent = sim.requests.map((r) => r.path);
    assert.deepEqual(sent, [
      // The first poll found the budget free and went at once; the rest waited.
      `/v2/connections/${connections[0]}/active_calls`,
      `/v2/calls/${encodeURIComponent(sim.seed.aliveCallControlId)}`,
      `/v2/connections/${connections[0]}`,
      ...connections.slice(1).map((id) => `/v2/connections/${id}/active_calls`),
    ]);
  });

  it('keeps first come, first served among callers of one priority', async () => {
    sim.clearRequests();
    const ids = sim.state
      .connections()
      .slice(0, 4)
      .map((c) => c.id);
    await Promise.all(ids.map((id) => api.getConnection(id, { priority: 'interactive' })));
    assert.deepEqual(
      sim.requests.map((r) => r.path),
      ids.map((id) => `/v2/connections/${id}`),
    );
  });
});
