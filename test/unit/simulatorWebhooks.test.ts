// The simulator's webhooks: Telnyx's envelope, Ed25519 signatures, retries, timeouts, the failover
// URL, GET or POST; the control API that sets them; incoming calls; and the test application
// driving calls end to end, all over real HTTP on 127.0.0.1.
import assert from 'node:assert/strict';
import { createPublicKey, verify } from 'node:crypto';
import { after, afterEach, before, describe, it } from 'node:test';
import { freePort } from '../../scripts/lib/proc.mjs';
import type { CallEvent, Connection } from '../../src/telnyx/types';
import { startCallApp, type CallApp } from '../app/callApp';
import { createManualClock, startSimulator, type Simulator } from '../simulator/index';
import { createHttp, type ErrorBody } from './simulatorHttp';
import { startWebhookReceiver, type ReceivedWebhook, type WebhookReceiver } from './webhookReceiver';

const http = createHttp();
after(() => http.close());

const SPKI_ED25519_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/** Verifies as an application does: raw public key (base64), `${timestamp}|${signed text}`. */
function verifies(publicKeyBase64: string, received: ReceivedWebhook, signedText = received.body): boolean {
  const key = createPublicKey({
    key: Buffer.concat([SPKI_ED25519_PREFIX, Buffer.from(publicKeyBase64, 'base64')]),
    format: 'der',
    type: 'spki',
  });
  const signature = Buffer.from(String(received.headers['telnyx-signature-ed25519']), 'base64');
  return verify(null, Buffer.from(`${String(received.headers['telnyx-timestamp'])}|${signedText}`), key, signature);
}

async function freePortUrl(): Promise<string> {
  return `http://127.0.0.1:${await freePort()}/nobody-listens`;
}

const webhookEvents = (sim: Simulator, legId: string, name: string): CallEvent[] =>
  sim.state.events({ legId }).filter((e) => e.type === 'webhook' && e.name === name);

describe('simulator webhooks: envelope and signature', () => {
  const clock = createManualClock(Date.UTC(2026, 10, 25, 12, 0, 0));
  let sim: Simulator;
  let other: Simulator;
  let receiver: WebhookReceiver;
  before(async () => {
    sim = await startSimulator({ clock, modes: { envelopeMetadata: true } });
    other = await startSimulator({ seed: 2 });
    receiver = await startWebhookReceiver();
    sim.setWebhook(sim.seed.mainConnectionId, { webhookUrl: receiver.url, failoverUrl: null });
  });
  after(async () => {
    await Promise.all([sim.close(), other.close(), receiver.close()]);
  });

  it('signs each webhook so that the published public key verifies it, and another key or a changed body does not', async () => {
    const call = sim.ring(sim.seed.mainConnectionId);
    await receiver.until(
      (list) => list.some((r) => r.json?.data.payload.call_control_id === call.call_control_id),
      'call.initiated',
    );
    const delivered = receiver.received.at(-1) as ReceivedWebhook;
    assert.equal(delivered.method, 'POST');
    assert.equal(delivered.headers['content-type'], 'application/json');
    assert.equal(delivered.headers['telnyx-timestamp'], String(Math.floor(clock.now() / 1000)));
    assert.equal(Buffer.from(String(delivered.headers['telnyx-signature-ed25519']), 'base64').length, 64);
    assert.equal(verifies(sim.webhookPublicKey, delivered), true);
    assert.notEqual(other.webhookPublicKey, sim.webhookPublicKey);
    assert.equal(verifies(other.webhookPublicKey, delivered), false, "another account's key does not verify");
    assert.equal(
      verifies(sim.webhookPublicKey, delivered, delivered.body.replace('call.initiated', 'call.answered')),
      false,
      'a changed body does not verify',
    );
    const published = await http.get<{ data: { public_key: string; public_key_pem: string } }>(
      sim,
      '/_simulator/public_key',
    );
    assert.equal(published.json.data.public_key, sim.webhookPublicKey);
    assert.equal(published.json.data.public_key_pem, sim.webhookPublicKeyPem);
    const again = await startSimulator();
    try {
      assert.equal(again.webhookPublicKey, sim.webhookPublicKey, 'the same seed gives the same key pair');
    } finally {
      await again.close();
    }
  });

  it("sends Telnyx's envelope, and /call_events records exactly what was delivered", async () => {
    const call = sim.ring(sim.seed.mainConnectionId, { from: '+13125550111', to: '+18005550199' });
    await receiver.until(
      (list) => list.some((r) => r.json?.data.payload.call_control_id === call.call_control_id),
      'call.initiated',
    );
    await sim.whenWebhooksSettled();
    const envelope = receiver
      .events('call.initiated')
      .find((e) => e.data.payload.call_control_id === call.call_control_id);
    assert.ok(envelope);
    assert.equal(envelope.data.record_type, 'event');
    assert.match(envelope.data.id, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    assert.match(envelope.data.occurred_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    assert.deepEqual(envelope.meta, { attempt: 1, delivered_to: receiver.url });
    const payload = envelope.data.payload;
    assert.equal(payload.call_leg_id, call.call_leg_id);
    assert.equal(payload.call_session_id, call.call_session_id);
    assert.equal(payload.connection_id, sim.seed.mainConnectionId);
    assert.equal(payload.from, '+13125550111');
    assert.equal(payload.to, '+18005550199');
    assert.equal(payload.direction, 'incoming');
    assert.equal(payload.state, 'parked');
    assert.equal(payload.client_state, null);
    const recorded = webhookEvents(sim, call.call_leg_id, 'call.initiated');
    assert.equal(recorded.length, 1);
    assert.deepEqual(recorded[0].metadata, envelope);
  });
});

describe('simulator webhooks: delivery rules', () => {
  let sim: Simulator;
  const receivers: WebhookReceiver[] = [];
  const receiver = async (): Promise<WebhookReceiver> => {
    const started = await startWebhookReceiver();
    receivers.push(started);
    return started;
  };
  before(async () => {
    sim = await startSimulator({ callControl: { webhookRetryDelayMs: 10 } });
  });
  after(async () => {
    await sim.close();
    await Promise.all(receivers.map((r) => r.close()));
  });
  afterEach(() =>
    sim.setWebhook(sim.seed.mainConnectionId, {
      webhookUrl: 'https://hooks.example.com/telnyx/support-line',
      failoverUrl: null,
      method: 'POST',
      timeoutSeconds: null,
    }),
  );

  it('retries a webhook the URL refused, then sends it to the failover URL; every attempt is in /call_events', async () => {
    const primary = await receiver();
    const failover = await receiver();
    primary.replyWith(500, 503);
    sim.setWebhook(sim.seed.mainConnectionId, { webhookUrl: primary.url, failoverUrl: failover.url });
    const call = sim.ring(sim.seed.mainConnectionId);
    await failover.until((list) => list.length === 1, 'the failover delivery');
    await sim.whenWebhooksSettled();
    assert.deepEqual(
      primary.events().map((e) => e.meta),
      [
        { attempt: 1, delivered_to: primary.url },
        { attempt: 2, delivered_to: primary.url },
      ],
    );
    assert.deepEqual(
      failover.events().map((e) => e.meta),
      [{ attempt: 3, delivered_to: failover.url }],
    );
    const ids = new Set([...primary.events(), ...failover.events()].map((e) => e.data.id));
    assert.equal(ids.size, 1, 'one webhook, one id, three deliveries');
    const recorded = webhookEvents(sim, call.call_leg_id, 'call.initiated');
    assert.equal(recorded.length, 3);
    const deliveries = recorded.map(
      (e) =>
        (e.metadata as { delivery: { status: string; attempt: number; response_status: number; url: string } })
          .delivery,
    );
    assert.deepEqual(
      deliveries.map((d) => [d.attempt, d.status, d.response_status, d.url]),
      [
        [1, 'failed', 500, primary.url],
        [2, 'failed', 503, primary.url],
        [3, 'delivered', 200, failover.url],
      ],
    );
    const failed = await http.get<{ data: CallEvent[] }>(
      sim,
      `/call_events?filter[leg_id]=${call.call_leg_id}&filter[failed]=true&page[size]=20`,
    );
    assert.equal(failed.json.data.length, 2);
  });

  it('retries a webhook the URL did not answer within webhook_timeout_seconds', async () => {
    const primary = await receiver();
    const failover = await receiver();
    primary.replyWith('hang');
    sim.setWebhook(sim.seed.mainConnectionId, {
      webhookUrl: primary.url,
      failoverUrl: failover.url,
      timeoutSeconds: 1,
    });
    const call = sim.ring(sim.seed.mainConnectionId);
    await primary.until((list) => list.length === 2, 'the retry');
    await sim.whenWebhooksSettled();
    assert.deepEqual(
      primary.events().map((e) => e.meta.attempt),
      [1, 2],
    );
    assert.equal(failover.received.length, 0, 'the retry was answered: no failover');
    const attempts = sim.webhookDeliveries.filter((d) => d.callControlId === call.call_control_id);
    assert.deepEqual(
      attempts.map((d) => d.outcome),
      ['timeout', 'delivered'],
    );
  });

  it('sends to the failover URL when the URL refuses connections', async () => {
    const failover = await receiver();
    sim.setWebhook(sim.seed.mainConnectionId, { webhookUrl: await freePortUrl(), failoverUrl: failover.url });
    const call = sim.ring(sim.seed.mainConnectionId);
    await failover.until((list) => list.length === 1, 'the failover delivery');
    await sim.whenWebhooksSettled();
    const attempts = sim.webhookDeliveries.filter((d) => d.callControlId === call.call_control_id);
    assert.deepEqual(
      attempts.map((d) => [d.attempt, d.outcome, d.status]),
      [
        [1, 'unreachable', 0],
        [2, 'unreachable', 0],
        [3, 'delivered', 200],
      ],
    );
  });

  it('sends GET with the envelope in the query when webhook_url_method is GET, signed over that query', async () => {
    const primary = await receiver();
    sim.setWebhook(sim.seed.mainConnectionId, { webhookUrl: primary.url, method: 'GET' });
    const call = sim.ring(sim.seed.mainConnectionId);
    await primary.until((list) => list.length === 1, 'the GET webhook');
    const delivered = primary.received[0];
    assert.equal(delivered.method, 'GET');
    assert.equal(delivered.body, '');
    const query = delivered.url.split('?')[1];
    const params = new URLSearchParams(query);
    assert.equal(params.get('data[event_type]'), 'call.initiated');
    assert.equal(params.get('data[payload][call_control_id]'), call.call_control_id);
    assert.equal(params.get('meta[attempt]'), '1');
    assert.equal(verifies(sim.webhookPublicKey, delivered, query), true);
  });

  it("sends a dialled call's webhooks to the webhook_url given to Dial", async () => {
    const connectionHook = await receiver();
    const dialHook = await receiver();
    sim.setWebhook(sim.seed.mainConnectionId, { webhookUrl: connectionHook.url });
    sim.setCallControl({ answerDelayMs: 60_000 });
    try {
      const dialled = await http.send<{ data: { call_control_id: string } }>(sim, 'POST', '/calls', {
        connection_id: sim.seed.mainConnectionId,
        from: '+13125550100',
        to: '+13125550142',
        webhook_url: dialHook.url,
      });
      await dialHook.until((list) => list.length === 1, 'call.initiated at the Dial webhook_url');
      assert.equal(dialHook.events()[0].data.payload.call_control_id, dialled.json.data.call_control_id);
      await sim.whenWebhooksSettled();
      assert.equal(connectionHook.received.length, 0);
    } finally {
      sim.setCallControl({ answerDelayMs: 800 });
    }
  });
});

describe('simulator control API', () => {
  let sim: Simulator;
  let receiver: WebhookReceiver;
  before(async () => {
    sim = await startSimulator();
    receiver = await startWebhookReceiver();
  });
  after(async () => {
    await Promise.all([sim.close(), receiver.close()]);
  });

  it("sets a connection's webhook URL, failover, method and timeout; /v2/connections shows them", async () => {
    const id = sim.seed.emptyConnectionId;
    const set = await http.send<{ data: Record<string, unknown> }>(
      sim,
      'PATCH',
      `/_simulator/connections/${id}/webhook`,
      {
        webhook_url: receiver.url,
        failover_url: 'http://127.0.0.1:9/failover',
        webhook_url_method: 'POST',
        webhook_timeout_seconds: 5,
      },
    );
    assert.equal(set.status, 200);
    assert.deepEqual(set.json.data, {
      connection_id: id,
      webhook_url: receiver.url,
      failover_url: 'http://127.0.0.1:9/failover',
      webhook_url_method: 'POST',
      webhook_timeout_seconds: 5,
    });
    const connection = await http.get<{ data: Connection }>(sim, `/connections/${id}`);
    assert.equal(connection.json.data.webhook_event_url, receiver.url);
    assert.equal(connection.json.data.webhook_event_failover_url, 'http://127.0.0.1:9/failover');
    const wrongMethod = await http.send<ErrorBody>(sim, 'PATCH', `/_simulator/connections/${id}/webhook`, {
      webhook_url_method: 'PUT',
    });
    assert.equal(wrongMethod.status, 422);
    assert.equal(wrongMethod.json.errors[0].source?.pointer, '/webhook_url_method');
    const tooLong = await http.send<ErrorBody>(sim, 'PATCH', `/_simulator/connections/${id}/webhook`, {
      webhook_timeout_seconds: 31,
    });
    assert.equal(tooLong.status, 422);
    const unknown = await http.send<ErrorBody>(sim, 'PATCH', '/_simulator/connections/42/webhook', {
      webhook_url: receiver.url,
    });
    assert.equal(unknown.status, 404);
    const anonymous = await http.send<ErrorBody>(
      sim,
      'PATCH',
      `/_simulator/connections/${id}/webhook`,
      { webhook_url: null },
      { key: null },
    );
    assert.equal(anonymous.status, 401);
    assert.equal(
      sim.state.connections().find((c) => c.id === id)?.webhook_event_url,
      receiver.url,
      'the refused requests changed nothing',
    );
  });

  it('rings a connection, changes the timings, picks up a dialled call and lists the deliveries', async () => {
    sim.setWebhook(sim.seed.mainConnectionId, { webhookUrl: receiver.url });
    const rung = await http.send<{ data: { call_control_id: string; connection_id: string } }>(
      sim,
      'POST',
      '/_simulator/ring',
      { connection_id: sim.seed.mainConnectionId },
    );
    assert.equal(rung.status, 200);
    assert.equal(rung.json.data.connection_id, sim.seed.mainConnectionId);
    await receiver.until(
      (list) => list.some((r) => r.json?.data.payload.call_control_id === rung.json.data.call_control_id),
      'call.initiated',
    );
    const notRingable = await http.send<ErrorBody>(sim, 'POST', '/_simulator/ring', {
      connection_id: sim.seed.noActiveCallsConnectionId,
    });
    assert.equal(notRingable.status, 422);

    const timings = await http.send<{ data: Record<string, number> }>(sim, 'PATCH', '/_simulator/call_control', {
      answer_delay_ms: 600_000,
    });
    assert.equal(timings.json.data.answer_delay_ms, 600_000);
    const dialled = await http.send<{ data: { call_control_id: string } }>(sim, 'POST', '/calls', {
      connection_id: sim.seed.mainConnectionId,
      from: '+13125550100',
      to: '+13125550142',
    });
    assert.equal(sim.state.callStatus(dialled.json.data.call_control_id)?.is_alive, false);
    const picked = await http.send(
      sim,
      'POST',
      `/_simulator/calls/${encodeURIComponent(dialled.json.data.call_control_id)}/pick_up`,
    );
    assert.equal(picked.status, 200);
    assert.equal(sim.state.callStatus(dialled.json.data.call_control_id)?.is_alive, true);
    const again = await http.send(
      sim,
      'POST',
      `/_simulator/calls/${encodeURIComponent(dialled.json.data.call_control_id)}/pick_up`,
    );
    assert.equal(again.status, 404, 'an answered call is not ringing');

    await sim.whenWebhooksSettled();
    const log = await http.get<{ data: Array<{ call_control_id: string; event_type: string; outcome: string }> }>(
      sim,
      '/_simulator/webhook_deliveries',
    );
    assert.ok(
      log.json.data.some(
        (d) =>
          d.call_control_id === rung.json.data.call_control_id &&
          d.event_type === 'call.initiated' &&
          d.outcome === 'delivered',
      ),
    );
  });

  it('rings every N ms until stopped', async () => {
    const hook = await startWebhookReceiver();
    try {
      sim.setWebhook(sim.seed.emptyConnectionId, { webhookUrl: hook.url });
      const stop = sim.startRinging(sim.seed.emptyConnectionId, 20, { from: '+13125550999' });
      await hook.until((list) => list.length >= 3, 'three incoming calls');
      stop();
      const calls = new Set(hook.events('call.initiated').map((e) => e.data.payload.call_control_id));
      assert.ok(calls.size >= 3);
      assert.ok(
        hook.events().every((e) => e.data.payload.from === '+13125550999' && e.data.payload.direction === 'incoming'),
      );
    } finally {
      await hook.close();
    }
  });
});

describe('the test application drives calls end to end', () => {
  let sim: Simulator;
  let app: CallApp;
  before(async () => {
    sim = await startSimulator({ callControl: { answerDelayMs: 20, mediaMs: 20 } });
    app = await startCallApp({ apiUrl: sim.url, apiKey: sim.apiKey, publicKey: sim.webhookPublicKey });
    sim.setWebhook(sim.seed.mainConnectionId, { webhookUrl: app.url });
  });
  after(async () => {
    await app.close();
    await sim.close();
  });

  const order = [
    'call.initiated',
    'answer',
    'call.answered',
    'speak',
    'call.speak.started',
    'call.speak.ended',
    'hangup',
    'call.hangup',
  ];

  it('answers an incoming call, speaks, hangs up; /call_events and the status tell the same story', async () => {
    const call = sim.ring(sim.seed.mainConnectionId);
    await app.until(
      (a) => a.received.some((w) => w.eventType === 'call.hangup' && w.callControlId === call.call_control_id),
      'the hangup',
    );
    await sim.whenWebhooksSettled();
    const events = await http.get<{ data: CallEvent[] }>(
      sim,
      `/call_events?filter[leg_id]=${call.call_leg_id}&page[size]=50`,
    );
    assert.deepEqual(
      events.json.data.map((e) => e.name),
      order,
    );
    assert.equal(app.refused, 0);
    assert.ok(
      app.commands.every((c) => c.status === 200),
      JSON.stringify(app.commands),
    );
    assert.ok(sim.state.callStatus(call.call_control_id)?.end_time);
    const hangup = events.json.data.at(-1)?.metadata as { payload: Record<string, unknown> };
    assert.deepEqual([hangup.payload.hangup_cause, hangup.payload.hangup_source], ['normal_clearing', 'callee']);
  });

  it('follows a dialled call: the callee answers, the application speaks and hangs up', async () => {
    const dialled = await http.send<{ data: { call_control_id: string; call_leg_id: string } }>(sim, 'POST', '/calls', {
      connection_id: sim.seed.mainConnectionId,
      from: '+13125550100',
      to: '+13125550142',
    });
    const id = dialled.json.data.call_control_id;
    await app.until(
      (a) => a.received.some((w) => w.eventType === 'call.hangup' && w.callControlId === id),
      'the hangup',
    );
    await sim.whenWebhooksSettled();
    assert.deepEqual(
      sim.state.events({ legId: dialled.json.data.call_leg_id }).map((e) => e.name),
      [
        'dial',
        'call.initiated',
        'call.answered',
        'speak',
        'call.speak.started',
        'call.speak.ended',
        'hangup',
        'call.hangup',
      ],
    );
  });

  it('can leave the call up after the greeting, for the user to hang up (Hang Up sends one command)', async () => {
    const patient = await startCallApp({
      apiUrl: sim.url,
      apiKey: sim.apiKey,
      publicKey: sim.webhookPublicKey,
      hangUpAfterGreeting: false,
    });
    try {
      sim.setWebhook(sim.seed.emptyConnectionId, { webhookUrl: patient.url });
      const call = sim.ring(sim.seed.emptyConnectionId);
      await patient.until(
        (a) => a.received.some((w) => w.eventType === 'call.speak.ended' && w.callControlId === call.call_control_id),
        'the greeting',
      );
      await sim.whenWebhooksSettled();
      assert.equal(sim.state.callStatus(call.call_control_id)?.is_alive, true, 'still up after the greeting');
      const hangup = await http.send(sim, 'POST', `/calls/${encodeURIComponent(call.call_control_id)}/actions/hangup`, {
        command_id: 'user-hang-up',
      });
      assert.equal(hangup.status, 200);
      await patient.until(
        (a) => a.received.some((w) => w.eventType === 'call.hangup' && w.callControlId === call.call_control_id),
        'call.hangup',
      );
      assert.deepEqual(
        sim.state
          .events({ legId: call.call_leg_id })
          .filter((e) => e.type === 'command')
          .map((e) => e.name),
        ['answer', 'speak', 'hangup'],
      );
    } finally {
      await patient.close();
    }
  });

  it("refuses webhooks signed with another key, and Telnyx's side records them as failed", async () => {
    const stranger = await startSimulator({ seed: 7, callControl: { webhookRetryDelayMs: 10 } });
    try {
      stranger.setWebhook(stranger.seed.mainConnectionId, { webhookUrl: app.url, failoverUrl: null });
      const refusedBefore = app.refused;
      const call = stranger.ring(stranger.seed.mainConnectionId);
      await stranger.whenWebhooksSettled();
      assert.equal(app.refused, refusedBefore + 2, 'the attempt and its retry were refused');
      assert.ok(!app.received.some((w) => w.callControlId === call.call_control_id));
      const attempts = stranger.webhookDeliveries.filter((d) => d.callControlId === call.call_control_id);
      assert.deepEqual(
        attempts.map((d) => [d.status, d.outcome]),
        [
          [401, 'failed'],
          [401, 'failed'],
        ],
      );
    } finally {
      await stranger.close();
    }
  });

  it('sends one command per webhook even when webhooks come twice (command_id from the webhook id)', async () => {
    sim.setModes({ duplicateDeliveries: true });
    try {
      const calls = [0, 1, 2, 3, 4, 5].map(() => sim.ring(sim.seed.mainConnectionId));
      for (const call of calls) {
        await app.until(
          (a) => a.received.some((w) => w.eventType === 'call.hangup' && w.callControlId === call.call_control_id),
          'the hangup',
        );
      }
      await sim.whenWebhooksSettled();
      const repeated = app.received.filter(
        (w) => w.attempt > 1 && calls.some((c) => c.call_control_id === w.callControlId),
      );
      for (const call of calls) {
        const names = sim.state
          .events({ legId: call.call_leg_id })
          .filter((e) => e.type === 'command')
          .map((e) => e.name);
        assert.deepEqual(names, ['answer', 'speak', 'hangup'], `one command each for ${call.call_control_id}`);
      }
      // Six calls of five webhooks at a 20 % duplicate chance: the seed gives some repeats, and the check above held through them.
      assert.ok(repeated.length > 0, 'some webhooks were delivered twice');
    } finally {
      sim.setModes({ duplicateDeliveries: false });
    }
  });
});
