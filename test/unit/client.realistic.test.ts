// The client against the simulator imitating real Telnyx (issue 13): errors read by what failed.
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import type { TelnyxApi } from '../../src/telnyx/api';
import { createTelnyxClient, isTelnyxError, type TelnyxError } from '../../src/telnyx/index';
import { isStaleCursorError } from '../../src/telnyx/errors';
import { createManualClock, startSimulator, type StartedSimulator } from '../simulator/index';
import { defaultModes } from '../simulator/modes';

async function failure(run: () => Promise<unknown>): Promise<TelnyxError> {
  try {
    await run();
  } catch (error) {
    assert.ok(isTelnyxError(error), `not a TelnyxError: ${String(error)}`);
    return error;
  }
  assert.fail('expected a TelnyxError, but the call succeeded');
}

describe('client against the realistic simulator', () => {
  let sim: StartedSimulator;
  let api: TelnyxApi;
  const clock = createManualClock(Date.parse('2026-06-01T12:00:00Z'));
  before(async () => {
    sim = await startSimulator({ seed: 9, busyConnectionCalls: 30, clock });
    api = createTelnyxClient({ apiKey: sim.apiKey, baseUrl: sim.url, maxAttempts: 2, sleep: async () => {} });
  });
  afterEach(() => {
    sim.setModes(defaultModes());
    sim.clearFaults();
  });
  after(async () => {
    await api.close();
    await sim.close();
  });

  it('an expired call reads the same whether Telnyx answers 404 / 10005, 422 / 90015 or 422 / 90018', async () => {
    const call = sim.state.startCall(sim.seed.mainConnectionId);
    sim.state.endCall(call.call_control_id);
    clock.advance(11 * 60_000);
    const messages: string[] = [];
    for (const mode of ['404', '90015', '90018'] as const) {
      sim.setModes({ expiredStatus: mode });
      const error = await failure(() => api.getCallStatus(call.call_control_id));
      assert.ok(error.kind === 'not_found' || error.kind === 'invalid_call', error.kind);
      messages.push(error.message.replace(/\((10005|90015|90018)\)/, '(code)'));
    }
    assert.equal(new Set(messages).size, 1, messages.join('\n'));
    assert.match(messages[0], /no longer has a status for this call/);
  });

  it('an HTML 502/503 page from the edge is a clear server error after retries', async () => {
    sim.setModes({ htmlServerErrors: true });
    for (const status of [502, 503]) {
      sim.addFault({ endpoint: 'connections', serverError: { count: 2, status } });
      const error = await failure(() => api.listConnections());
      assert.equal(error.kind, 'server');
      assert.equal(error.status, status);
      assert.match(
        error.message,
        new RegExp(
          `Telnyx's servers failed while answering the connection list \\(HTTP ${status}, an error ` +
            `page instead of an API answer\\); retried once`,
        ),
      );
      assert.doesNotMatch(error.message, /<|nginx|not JSON|proxy or captive/);
      sim.clearFaults();
    }
  });

  it('finds the request id under request-id as well as x-request-id', async () => {
    for (const header of ['request-id', 'x-request-id'] as const) {
      sim.setModes({ requestIdHeader: header });
      const error = await failure(() => api.getConnection('1'));
      assert.match(error.requestId ?? '', /^[0-9a-f-]{36}$/, header);
    }
  });

  it('a refused cursor is a bad request about the cursor, never "no active-calls list"', async () => {
    const first = await api.listActiveCalls(sim.seed.busyConnectionId, { limit: 5 });
    sim.setModes({ staleCursors: 1 });
    const error = await failure(() =>
      api.listActiveCalls(sim.seed.busyConnectionId, { limit: 5, after: first.nextCursor }),
    );
    assert.equal(error.kind, 'bad_request');
    assert.equal(error.code, '10015');
    assert.ok(isStaleCursorError(error));
    assert.match(error.message, /no longer accepts the page cursor of the active calls/);
    const noList = await failure(() => api.listActiveCalls(sim.seed.noActiveCallsConnectionId));
    assert.equal(noList.kind, 'invalid_connection', 'the connection type still says so');
    assert.ok(!isStaleCursorError(noList));
  });

  it('a generic 10015 on a page size names the parameter and is not about the connection', async () => {
    const error = await failure(() => api.listActiveCalls(sim.seed.busyConnectionId, { limit: 900 }));
    assert.equal(error.kind, 'bad_request');
    assert.match(error.message, /\(parameter page\[limit\]\)/);
  });

  it('a refused session filter on /call_events is worded by that request and parameter, not as a bad call_control_id', async () => {
    sim.setModes({ refuseSessionFilter: true });
    const error = await failure(() =>
      api.listCallEvents({ filter: { applicationSessionId: '1b2c3d4e-0000-1000-8000-000000000002' } }),
    );
    assert.equal(error.kind, 'bad_request');
    assert.match(
      error.message,
      /^Telnyx refused the request for the call events \(422 90015\).*\(parameter filter\[application_session_id\]\)/,
    );
    assert.doesNotMatch(error.message, /call_control_id/);
  });

  it('page sizes clamped below what was asked still read every event', async () => {
    sim.setModes({ maxPageSize: 40 });
    const expected = sim.state.events({ sessionId: sim.seed.failedDeliverySessionId }).length;
    const events = await api.fetchAllCallEvents(
      { applicationSessionId: sim.seed.failedDeliverySessionId },
      { pageSize: 250 },
    );
    assert.equal(events.length, expected);
  });

  it('v1-style event names and large metadata are read like any other event', async () => {
    sim.setModes({ v1EventNames: true, largeMetadataBytes: 300_000 });
    const call = sim.state.startCall(sim.seed.mainConnectionId);
    const events = await api.fetchAllCallEvents({ legId: call.call_leg_id });
    assert.ok(events.some((event) => event.name === 'call_answered'));
    assert.ok(events.every((event) => !event.problem));
  });
});
