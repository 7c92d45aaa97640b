// The client's POST paths against the simulator speaking Call Control: the exact body each command
// sends, what comes back, the errors a person is told, and the retry rule (a hangup carries a
// command_id and may be repeated; a Dial is sent once, whatever happens).
import { strict as assert } from 'node:assert';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { TelnyxApi } from '../../src/telnyx/api';
import { createTelnyxClient } from '../../src/telnyx/index';
import { startSimulator, type StartedSimulator } from '../simulator/index';
import type { RecordedRequest } from '../simulator/types';
import { failure } from './clientTestServer';

/** A number the simulator's far end answers (it declines, is busy or rings out only for FAR_END_NUMBERS). */
const ANSWERING_NUMBER = '+13125550199';

let sim: StartedSimulator;
let api: TelnyxApi;

before(async () => {
  sim = await startSimulator({ seed: 24, busyConnectionCalls: 50 });
  api = createTelnyxClient({ apiKey: sim.apiKey, baseUrl: sim.url, sleep: async () => undefined });
});
after(async () => {
  await api.close();
  await sim.close();
});
beforeEach(() => {
  sim.clearRequests();
  sim.clearFaults();
});

const posts = (): RecordedRequest[] => sim.requests.filter((r) => r.method === 'POST');
const body = (request: RecordedRequest): unknown => JSON.parse(request.body ?? 'null');

describe('client commands against the simulator', () => {
  it('Dial: sends connection_id, to and from as JSON, and returns the new leg, which the account then lists', async () => {
    const call = await api.dial({
      connectionId: sim.seed.mainConnectionId,
      to: ANSWERING_NUMBER,
      from: '+13125550100',
    });
    assert.equal(posts().length, 1);
    assert.equal(posts()[0].path, '/v2/calls');
    assert.deepEqual(body(posts()[0]), {
      connection_id: sim.seed.mainConnectionId,
      to: ANSWERING_NUMBER,
      from: '+13125550100',
    });
    assert.match(call.call_control_id, /^v\d+:/);
    assert.match(call.call_leg_id, /^[0-9a-f-]{36}$/);
    assert.match(call.call_session_id, /^[0-9a-f-]{36}$/);
    assert.ok(sim.state.callStatus(call.call_control_id), 'the simulator knows the call');
  });

  it('Dial: a refused body is a bad_request naming the field Telnyx pointed at (10015)', async () => {
    const error = await failure(() =>
      api.dial({ connectionId: sim.seed.mainConnectionId, to: 'not a number', from: '+13125550100' }),
    );
    assert.equal(error.kind, 'bad_request');
    assert.equal(error.code, '10015');
    assert.equal(error.pointer, '/to');
    assert.match(error.message, /Telnyx refused the request for the new call \(Dial\) \(422 10015\).*\(field \/to\)/);
  });

  it('Dial is sent once: a 503 or a dropped connection is not retried (the call may ring already)', async () => {
    sim.addFault({ endpoint: 'dial', serverError: { count: 1, status: 503 } });
    const server = await failure(() =>
      api.dial({ connectionId: sim.seed.mainConnectionId, to: ANSWERING_NUMBER, from: '+13125550100' }),
    );
    assert.equal(server.kind, 'server');
    assert.equal(posts().length, 1, 'one attempt');
    sim.clearRequests();
    sim.addFault({ endpoint: 'dial', drop: { count: 1 } });
    const dropped = await failure(() =>
      api.dial({ connectionId: sim.seed.mainConnectionId, to: ANSWERING_NUMBER, from: '+13125550100' }),
    );
    assert.equal(dropped.kind, 'network');
    assert.equal(posts().length, 1, 'one attempt');
  });

  it('hangup: sends the command_id, answers ok; a second hangup is 90018 "already ended", worded as such', async () => {
    const call = sim.state.startCall(sim.seed.mainConnectionId);
    const result = await api.hangup(call.call_control_id, { commandId: '3b9f4a3e-1c1d-4e8b-9a53-6d0f8e1b2c3d' });
    assert.equal(result.result, 'ok');
    assert.equal(posts().length, 1);
    assert.equal(posts()[0].path, `/v2/calls/${encodeURIComponent(call.call_control_id)}/actions/hangup`);
    assert.deepEqual(body(posts()[0]), { command_id: '3b9f4a3e-1c1d-4e8b-9a53-6d0f8e1b2c3d' });
    await waitUntil(() => sim.state.callStatus(call.call_control_id)?.end_time !== undefined);

    const again = await failure(() =>
      api.hangup(call.call_control_id, { commandId: 'b0d1e7c2-0f4a-4c55-8f0e-2a1c9d3e4f56' }),
    );
    assert.equal(again.kind, 'invalid_call');
    assert.equal(again.code, '90018');
    assert.equal(again.message, 'This call had already ended (90018): there was nothing to hang up.');
  });

  it('hangup of a call Telnyx does not know: 90015, worded as an unknown call', async () => {
    const error = await failure(() =>
      api.hangup('v3:UnknownCallOfAnotherAccount0000000000000000000000000', {
        commandId: 'c1a2b3c4-d5e6-4f70-8a9b-0c1d2e3f4a5b',
      }),
    );
    assert.equal(error.kind, 'invalid_call');
    assert.equal(error.code, '90015');
    assert.match(error.message, /^Telnyx does not know this call \(90015\)/);
  });

  it('hangup with a key that may not control calls: forbidden (10010), not retried', async () => {
    const call = sim.state.startCall(sim.seed.mainConnectionId);
    sim.addFault({ endpoint: 'call_action', forbidden: { count: 1 } });
    const error = await failure(() =>
      api.hangup(call.call_control_id, { commandId: 'd4c3b2a1-0f9e-4d8c-8b7a-695847362514' }),
    );
    assert.equal(error.kind, 'forbidden');
    assert.equal(error.code, '10010');
    assert.equal(
      error.message,
      "This API key may not control calls (10010). Check the key's permissions in the Telnyx portal.",
    );
    assert.equal(posts().length, 1);
  });

  it('hangup is retried after a 503 with the same command_id, and Telnyx acts on it once', async () => {
    const call = sim.state.startCall(sim.seed.mainConnectionId);
    sim.addFault({ endpoint: 'call_action', serverError: { count: 1, status: 503 } });
    const result = await api.hangup(call.call_control_id, { commandId: '9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b' });
    assert.equal(result.result, 'ok');
    assert.equal(posts().length, 2, 'the first answered 503, the second ok');
    assert.deepEqual(posts().map(body), [
      { command_id: '9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b' },
      { command_id: '9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b' },
    ]);
  });

  it('phone numbers: asks by connection (filter[connection_id]) and reads each number', async () => {
    const page = await api.listPhoneNumbers({ connectionId: sim.seed.mainConnectionId, pageSize: 250 });
    const request = sim.requests.find((r) => r.path === '/v2/phone_numbers');
    assert.ok(request);
    assert.equal(request.rawQuery, `page[number]=1&page[size]=250&filter[connection_id]=${sim.seed.mainConnectionId}`);
    assert.ok(page.data.length > 0, 'the main connection has numbers');
    assert.ok(page.data.every((n) => n.connection_id === sim.seed.mainConnectionId && /^\+\d+$/.test(n.phone_number)));
  });
});

async function waitUntil(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
