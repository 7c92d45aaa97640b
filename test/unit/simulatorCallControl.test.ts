// The simulator speaks Call Control: Dial and the commands answer as Telnyx does (shapes of
// team-telnyx/openapi), legs move through their states, and what happened is what /calls/{id},
// /call_events and active calls say.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ActiveCall, CallEvent, CallStatus } from '../../src/telnyx/types';
import { createManualClock, FAR_END_NUMBERS, startSimulator, type Simulator } from '../simulator/index';
import { cc, createHttp, type ErrorBody } from './simulatorHttp';

const http = createHttp();
after(() => http.close());

type Dialled = {
  data: {
    record_type: string;
    call_control_id: string;
    call_leg_id: string;
    call_session_id: string;
    is_alive: boolean;
    client_state?: string;
  };
};
type Ok = { data: { result: string } };

const WAIT_LIMIT_MS = 10_000;

/** Waits for the simulator's far end (a timer) to do its part; fails with `what` if it never does. */
async function waitFor(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + WAIT_LIMIT_MS;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`still waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const names = (events: CallEvent[]): string[] => events.map((e) => e.name);
const payloadOf = (event: CallEvent | undefined): Record<string, unknown> =>
  (event?.metadata as { payload: Record<string, unknown> }).payload;

describe('simulator Call Control: Dial', () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator({ callControl: { answerDelayMs: 30, mediaMs: 20 } });
  });
  after(() => sim.close());

  const dial = (body: Record<string, unknown>) =>
    http.send<Dialled & ErrorBody>(sim, 'POST', '/calls', {
      connection_id: sim.seed.mainConnectionId,
      from: '+13125550100',
      to: '+13125550142',
      ...body,
    });

  it('answers with the new leg, not alive while it rings; the callee answers and the status, events and active calls follow', async () => {
    sim.setCallControl({ answerDelayMs: 60_000 });
    const answer = await dial({ client_state: Buffer.from('{"test":1}').toString('base64'), timeout_secs: 120 });
    sim.setCallControl({ answerDelayMs: 30 });
    assert.equal(answer.status, 200);
    const call = answer.json.data;
    assert.equal(call.record_type, 'call');
    assert.match(call.call_control_id, /^v3:[A-Za-z0-9_-]{20,}$/);
    assert.match(call.call_leg_id, /^[0-9a-f-]{36}$/);
    assert.match(call.call_session_id, /^[0-9a-f-]{36}$/);
    assert.equal(call.is_alive, false);
    const ringing = await http.get<{ data: CallStatus }>(sim, `/calls/${cc(call.call_control_id)}`);
    assert.equal(ringing.json.data.is_alive, false);
    assert.equal(ringing.json.data.end_time, undefined);
    const active = await http.get<{ data: ActiveCall[] }>(
      sim,
      `/connections/${sim.seed.mainConnectionId}/active_calls?page[limit]=250`,
    );
    assert.ok(
      active.json.data.some((c) => c.call_control_id === call.call_control_id),
      'listed among active calls while ringing',
    );

    assert.equal(sim.pickUp(call.call_control_id), true);
    assert.equal(sim.state.callStatus(call.call_control_id)?.is_alive, true);
    const events = await http.get<{ data: CallEvent[] }>(
      sim,
      `/call_events?filter[leg_id]=${call.call_leg_id}&page[size]=50`,
    );
    assert.deepEqual(names(events.json.data), ['dial', 'call.initiated', 'call.answered']);
    const dialRecord = events.json.data[0].metadata as { command: string; params: Record<string, unknown> };
    assert.equal(dialRecord.params.to, '+13125550142');
    assert.equal(payloadOf(events.json.data[1]).state, 'bridging');
    assert.equal(payloadOf(events.json.data[1]).direction, 'outgoing');
    assert.equal(payloadOf(events.json.data[2]).client_state, Buffer.from('{"test":1}').toString('base64'));
  });

  it('refuses a bad body with 10015 naming the field, and nothing is dialled', async () => {
    const before = sim.state.activeCalls(sim.seed.mainConnectionId).length;
    const missing = await dial({ to: undefined });
    assert.equal(missing.status, 422);
    assert.equal(missing.json.errors[0].code, '10015');
    assert.equal(missing.json.errors[0].source?.pointer, '/to');
    const plainState = await dial({ client_state: '{"agent":"ana"}' });
    assert.equal(plainState.status, 422);
    assert.deepEqual(
      [plainState.json.errors[0].code, plainState.json.errors[0].source?.pointer],
      ['10015', '/client_state'],
    );
    const wrongType = await dial({ timeout_secs: 'soon' });
    assert.equal(wrongType.json.errors[0].source?.pointer, '/timeout_secs');
    const notANumber = await dial({ to: 'my phone' });
    assert.equal(notANumber.json.errors[0].source?.pointer, '/to');
    const noConnection = await dial({ connection_id: '42' });
    assert.equal(noConnection.json.errors[0].source?.pointer, '/connection_id');
    const sipConnection = await dial({ connection_id: sim.seed.noActiveCallsConnectionId });
    assert.equal(sipConnection.json.errors[0].source?.pointer, '/connection_id');
    const notJson = await http.send<ErrorBody>(sim, 'POST', '/calls', '{"to": ');
    assert.equal(notJson.status, 400);
    assert.equal(notJson.json.errors[0].code, '10015');
    const listing = await http.get<ErrorBody>(sim, '/calls', {});
    assert.equal(listing.status, 405);
    assert.equal(sim.state.activeCalls(sim.seed.mainConnectionId).length, before);
  });

  it('dials once for a repeated command_id and answers the repeat with the same call', async () => {
    const before = sim.state.activeCalls(sim.seed.mainConnectionId).length;
    const first = await dial({ command_id: 'dial-once-1' });
    const second = await dial({ command_id: 'dial-once-1' });
    assert.equal(second.status, 200);
    assert.equal(second.json.data.call_control_id, first.json.data.call_control_id);
    assert.equal(sim.state.activeCalls(sim.seed.mainConnectionId).length, before + 1);
  });

  it('plays the far end of known numbers: busy, not found, declines', async () => {
    const cases: Array<[string, string, string]> = [
      [FAR_END_NUMBERS.busy, 'user_busy', '486'],
      [FAR_END_NUMBERS.notFound, 'not_found', '404'],
      [FAR_END_NUMBERS.declines, 'call_rejected', '603'],
    ];
    for (const [to, cause, sip] of cases) {
      const call = (await dial({ to })).json.data;
      await waitFor(() => sim.state.callStatus(call.call_control_id)?.end_time !== undefined, `${to} to end`);
      const hangup = sim.state.events({ legId: call.call_leg_id }).find((e) => e.name === 'call.hangup');
      assert.equal(payloadOf(hangup).hangup_cause, cause);
      assert.equal(payloadOf(hangup).sip_hangup_cause, sip);
      assert.equal(payloadOf(hangup).hangup_source, 'callee');
      assert.ok(!sim.state.events({ legId: call.call_leg_id }).some((e) => e.name === 'call.answered'));
    }
  });

  it("links a dialled leg into another call's session with link_to", async () => {
    const first = (await dial({})).json.data;
    const linked = (await dial({ link_to: first.call_control_id })).json.data;
    assert.equal(linked.call_session_id, first.call_session_id);
    assert.notEqual(linked.call_leg_id, first.call_leg_id);
  });
});

describe('simulator Call Control: commands', () => {
  let sim: Simulator;
  const clock = createManualClock(Date.UTC(2026, 10, 25, 12, 0, 0));
  before(async () => {
    sim = await startSimulator({ clock, callControl: { answerDelayMs: 20, mediaMs: 20 } });
  });
  after(() => sim.close());

  const act = (callControlId: string, command: string, body: Record<string, unknown> | string = {}) =>
    http.send<Ok & ErrorBody>(sim, 'POST', `/calls/${cc(callControlId)}/actions/${command}`, body);
  const ring = (): ActiveCall => sim.ring(sim.seed.mainConnectionId, { from: '+13125550111', to: '+18005550199' });
  const answered = async (): Promise<ActiveCall> => {
    const call = ring();
    assert.equal((await act(call.call_control_id, 'answer')).status, 200);
    return call;
  };
  const events = (call: ActiveCall): CallEvent[] => sim.state.events({ legId: call.call_leg_id });

  it('answers a ringing incoming call: {"data":{"result":"ok"}}, call.answered, alive', async () => {
    const call = ring();
    assert.equal(sim.state.callStatus(call.call_control_id)?.is_alive, true, 'an incoming parked call is alive');
    const answer = await act(call.call_control_id, 'answer');
    assert.equal(answer.status, 200);
    assert.deepEqual(answer.json, { data: { result: 'ok' } });
    assert.deepEqual(names(events(call)), ['call.initiated', 'answer', 'call.answered']);
    assert.equal(payloadOf(events(call)[0]).state, 'parked');
    assert.equal(payloadOf(events(call)[0]).direction, 'incoming');
    const again = await act(call.call_control_id, 'answer');
    assert.equal(again.status, 422);
    assert.equal(again.json.errors[0].code, '10015');
    const refused = events(call).at(-1);
    assert.equal(refused?.name, 'answer', "the refused command is in the call's events");
  });

  it('hangs up: call.hangup with cause, source, SIP code and quality stats; ended status; off the active list', async () => {
    const call = await answered();
    const answer = await act(call.call_control_id, 'hangup', { client_state: Buffer.from('bye').toString('base64') });
    assert.deepEqual(answer.json, { data: { result: 'ok' } });
    const hangup = events(call).find((e) => e.name === 'call.hangup');
    const payload = payloadOf(hangup);
    assert.equal(payload.hangup_cause, 'normal_clearing');
    assert.equal(payload.hangup_source, 'callee');
    assert.equal(payload.sip_hangup_cause, '200');
    assert.equal(payload.client_state, Buffer.from('bye').toString('base64'));
    const stats = payload.call_quality_stats as { inbound: { mos: string } };
    assert.match(stats.inbound.mos, /^\d\.\d\d$/);
    const status = await http.get<{ data: CallStatus }>(sim, `/calls/${cc(call.call_control_id)}`);
    assert.equal(status.json.data.is_alive, false);
    assert.ok(status.json.data.end_time);
    assert.ok(
      !sim.state.activeCalls(sim.seed.mainConnectionId).some((c) => c.call_control_id === call.call_control_id),
    );
  });

  it('answers 90018 to a command after the hangup, and 90015 to an unknown or malformed id', async () => {
    const call = await answered();
    await act(call.call_control_id, 'hangup');
    const late = await act(call.call_control_id, 'hangup');
    assert.equal(late.status, 422);
    assert.equal(late.json.errors[0].code, '90018');
    const speak = await act(call.call_control_id, 'speak', { payload: 'Hello', voice: 'female' });
    assert.equal(speak.json.errors[0].code, '90018');
    const unknown = await act('v3:ThisIsAWellFormedIdOfNoCallAtAll_0000000000000000', 'hangup');
    assert.equal(unknown.status, 422);
    assert.equal(unknown.json.errors[0].code, '90015');
    const malformed = await act('not-a-call', 'hangup');
    assert.equal(malformed.json.errors[0].code, '90015');
    const unknownCommand = await act(call.call_control_id, 'levitate');
    assert.equal(unknownCommand.status, 404);
  });

  it('ignores a repeated command_id within 60 s on the same call (one command, both answered ok), not after', async () => {
    const call = await answered();
    const body = { payload: 'One', voice: 'female', command_id: 'speak-1' };
    assert.equal((await act(call.call_control_id, 'speak', body)).status, 200);
    assert.equal((await act(call.call_control_id, 'speak', body)).status, 200);
    assert.equal(events(call).filter((e) => e.name === 'speak').length, 1);
    const other = await answered();
    assert.equal(
      (await act(other.call_control_id, 'speak', body)).status,
      200,
      'the same command_id on another call is another command',
    );
    assert.equal(events(other).filter((e) => e.name === 'speak').length, 1);
    clock.advance(61_000);
    assert.equal((await act(call.call_control_id, 'speak', body)).status, 200);
    assert.equal(events(call).filter((e) => e.name === 'speak').length, 2);

    const hangupOnce = { command_id: 'hangup-double-click' };
    assert.equal((await act(call.call_control_id, 'hangup', hangupOnce)).status, 200);
    const repeat = await act(call.call_control_id, 'hangup', hangupOnce);
    assert.deepEqual(repeat.json, { data: { result: 'ok' } }, 'a double click is one command, not a 90018');
    assert.equal(events(call).filter((e) => e.name === 'hangup').length, 1);
    assert.equal(events(call).filter((e) => e.name === 'call.hangup').length, 1);
  });

  it('refuses bad command bodies with 10015 and source.pointer', async () => {
    const call = await answered();
    const cases: Array<[string, Record<string, unknown> | string, string]> = [
      ['speak', { voice: 'female' }, '/payload'],
      ['speak', { payload: 'Hi' }, '/voice'],
      ['speak', { payload: 'Hi', voice: 'female', client_state: 'not base64!' }, '/client_state'],
      ['hangup', { client_state: 'eyJhIjoxfQ' }, '/client_state'],
      ['reject', {}, '/cause'],
      ['reject', { cause: 'BECAUSE' }, '/cause'],
      ['bridge', {}, '/call_control_id'],
      ['transfer', {}, '/to'],
      ['playback_start', {}, '/audio_url'],
      ['playback_start', { audio_url: 'https://a.example/x.mp3', loop: 0 }, '/loop'],
      ['gather_using_speak', { payload: 'Press 1', voice: 'female', maximum_digits: 0 }, '/maximum_digits'],
      ['hangup', '[1, 2]', '/'],
    ];
    for (const [command, body, pointer] of cases) {
      const answer = await act(call.call_control_id, command, body);
      assert.equal(answer.json.errors?.[0]?.code, '10015', `${command} ${JSON.stringify(body)}`);
      assert.equal(answer.json.errors[0].source?.pointer, pointer, `${command} ${JSON.stringify(body)}`);
    }
    assert.equal(sim.state.callStatus(call.call_control_id)?.is_alive, true, 'no refused command changed the call');
  });

  it('speaks, plays and gathers only on an answered call, with their webhooks', async () => {
    const parked = ring();
    const early = await act(parked.call_control_id, 'speak', { payload: 'Too early', voice: 'female' });
    assert.equal(early.status, 422);
    const call = await answered();
    await act(call.call_control_id, 'speak', { payload: 'Welcome', voice: 'female', language: 'en-US' });
    await act(call.call_control_id, 'playback_start', { audio_url: 'https://assets.example.com/hold.mp3' });
    await act(call.call_control_id, 'gather_using_speak', {
      payload: 'Press two digits',
      voice: 'female',
      minimum_digits: 2,
      maximum_digits: 2,
      valid_digits: '123',
    });
    await waitFor(
      () =>
        events(call).some((e) => e.name === 'call.gather.ended') &&
        events(call).some((e) => e.name === 'call.playback.ended'),
      'the prompts to end',
    );
    const list = events(call);
    assert.deepEqual(
      names(list).filter(
        (name) => name.startsWith('call.speak') || name.startsWith('call.playback') || name === 'call.gather.ended',
      ),
      ['call.speak.started', 'call.playback.started', 'call.speak.ended', 'call.playback.ended', 'call.gather.ended'],
    );
    assert.equal(payloadOf(list.find((e) => e.name === 'call.speak.ended')).status, 'completed');
    assert.equal(
      payloadOf(list.find((e) => e.name === 'call.playback.started')).media_url,
      'https://assets.example.com/hold.mp3',
    );
    const gathered = payloadOf(list.find((e) => e.name === 'call.gather.ended'));
    assert.match(String(gathered.digits), /^[123]{2}$/);
    assert.equal(gathered.status, 'valid');
  });

  it('ends a prompt as call_hangup when the call hangs up during it', async () => {
    sim.setCallControl({ mediaMs: 60_000 });
    try {
      const call = await answered();
      await act(call.call_control_id, 'speak', { payload: 'A very long message', voice: 'female' });
      await act(call.call_control_id, 'hangup');
      const list = events(call);
      assert.deepEqual(names(list).slice(-3), ['hangup', 'call.speak.ended', 'call.hangup']);
      assert.equal(payloadOf(list.at(-2)).status, 'call_hangup');
    } finally {
      sim.setCallControl({ mediaMs: 20 });
    }
  });

  it('rejects a ringing call with its cause, and only a ringing one', async () => {
    const call = ring();
    await act(call.call_control_id, 'reject', { cause: 'USER_BUSY' });
    const payload = payloadOf(events(call).find((e) => e.name === 'call.hangup'));
    assert.deepEqual(
      [payload.hangup_cause, payload.sip_hangup_cause, payload.hangup_source],
      ['user_busy', '486', 'callee'],
    );
    const up = await answered();
    assert.equal((await act(up.call_control_id, 'reject', { cause: 'CALL_REJECTED' })).status, 422);
  });

  it('bridges two answered legs (call.bridged on both); a hangup takes the other leg down unless it parks', async () => {
    const a = await answered();
    const b = await answered();
    const ringingLeg = ring();
    assert.equal(
      (await act(a.call_control_id, 'bridge', { call_control_id: ringingLeg.call_control_id })).status,
      422,
      'not with an unanswered leg',
    );
    await act(a.call_control_id, 'bridge', { call_control_id: b.call_control_id });
    assert.equal(events(a).at(-1)?.name, 'call.bridged');
    assert.equal(payloadOf(events(b).at(-1)).state, 'bridged');
    await act(b.call_control_id, 'hangup');
    assert.equal(payloadOf(events(a).find((e) => e.name === 'call.hangup')).hangup_cause, 'normal_clearing');
    assert.ok(sim.state.callStatus(a.call_control_id)?.end_time, 'the other leg ended too');

    const c = await answered();
    const d = await answered();
    await act(c.call_control_id, 'bridge', { call_control_id: d.call_control_id, park_after_unbridge: 'self' });
    await act(d.call_control_id, 'hangup');
    assert.equal(sim.state.callStatus(c.call_control_id)?.is_alive, true, 'park_after_unbridge: self keeps the leg up');
    assert.ok(!events(c).some((e) => e.name === 'call.hangup'));
  });

  it('transfers to a new leg in the same session: initiated, answered, bridged', async () => {
    const call = await answered();
    await act(call.call_control_id, 'transfer', { to: '+13125550177' });
    await waitFor(() => events(call).some((e) => e.name === 'call.bridged'), 'the transfer to be bridged');
    const session = sim.state.events({ sessionId: call.call_session_id });
    const newLeg = session.find((e) => e.call_leg_id !== call.call_leg_id);
    assert.ok(newLeg, 'a second leg');
    assert.deepEqual(
      session.filter((e) => e.call_leg_id === newLeg.call_leg_id).map((e) => e.name),
      ['call.initiated', 'call.answered', 'call.bridged'],
    );
    assert.equal(payloadOf(newLeg).to, '+13125550177');
  });

  it('hangs up a dialled leg that still rings as originator_cancel', async () => {
    sim.setCallControl({ answerDelayMs: 60_000 });
    try {
      const dialled = await http.send<Dialled>(sim, 'POST', '/calls', {
        connection_id: sim.seed.mainConnectionId,
        from: '+13125550100',
        to: '+13125550142',
      });
      await act(dialled.json.data.call_control_id, 'hangup');
      const hangup = sim.state.events({ legId: dialled.json.data.call_leg_id }).find((e) => e.name === 'call.hangup');
      assert.deepEqual(
        [payloadOf(hangup).hangup_cause, payloadOf(hangup).sip_hangup_cause, payloadOf(hangup).hangup_source],
        ['originator_cancel', '487', 'caller'],
      );
    } finally {
      sim.setCallControl({ answerDelayMs: 20 });
    }
  });

  it('gives up an unanswered incoming call after the ring timeout (caller, originator_cancel)', async () => {
    sim.setCallControl({ ringTimeoutMs: 20 });
    try {
      const call = ring();
      await waitFor(() => sim.state.callStatus(call.call_control_id)?.end_time !== undefined, 'the caller to give up');
      const payload = payloadOf(events(call).find((e) => e.name === 'call.hangup'));
      assert.deepEqual(
        [payload.hangup_cause, payload.hangup_source, payload.sip_hangup_cause],
        ['originator_cancel', 'caller', 'unspecified'],
      );
    } finally {
      sim.setCallControl({ ringTimeoutMs: 30_000 });
    }
  });

  it('needs the API key', async () => {
    const call = await answered();
    const answer = await http.send<ErrorBody>(
      sim,
      'POST',
      `/calls/${cc(call.call_control_id)}/actions/hangup`,
      {},
      { key: 'KEYWRONG' },
    );
    assert.equal(answer.status, 401);
    assert.equal(sim.state.callStatus(call.call_control_id)?.is_alive, true);
  });
});
