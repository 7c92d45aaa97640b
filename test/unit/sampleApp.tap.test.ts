// The sample application (examples/call-control-app) behind the live tap, as a user runs it: the
// simulator's webhooks go to the webhook tap, which forwards them to the app; the app is started with
// TELNYX_BASE_URL at the command tap, which forwards its commands to the simulator.
import assert from 'node:assert/strict';
import { generateKeyPairSync, randomUUID, sign } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Agent, request } from 'undici';
import { freePort } from '../../scripts/lib/proc.mjs';
import { startLiveTap } from '../../src/tap/index';
import type { LiveTap, TappedCall, TappedCommand, TappedWebhook } from '../../src/tap/model';
import type { CallEvent } from '../../src/telnyx/types';
import { startSampleApp, type SampleAppProcess } from '../app/sampleAppProcess';
import { startSimulator, type Simulator } from '../simulator/index';
import { createHttp } from './simulatorHttp';

const WAIT_LIMIT_MS = 15_000;
const http = createHttp();
const agent = new Agent({ keepAliveTimeout: 1000 });

async function waitForCall(tap: LiveTap, callControlId: string, done: (call: TappedCall) => boolean, what: string) {
  const deadline = Date.now() + WAIT_LIMIT_MS;
  for (;;) {
    const call = tap.call(callControlId);
    if (call && done(call)) return call;
    if (Date.now() > deadline) {
      const seen = call?.entries.map((e) => (e.kind === 'webhook' ? e.eventType : e.action)).join(', ');
      throw new Error(`still waiting for ${what}; the tap has ${seen ?? 'no such call'}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const webhooksOf = (call: TappedCall): TappedWebhook[] =>
  call.entries.filter((entry): entry is TappedWebhook => entry.kind === 'webhook');
const commandsOf = (call: TappedCall): TappedCommand[] =>
  call.entries.filter((entry): entry is TappedCommand => entry.kind === 'command');
const answered = (entry: TappedWebhook | TappedCommand): boolean =>
  (entry.kind === 'webhook' ? entry.app : entry.telnyx).status !== undefined;

describe('the sample application behind the live tap', () => {
  let sim: Simulator;
  let tap: LiveTap;
  let app: SampleAppProcess;
  before(async () => {
    sim = await startSimulator({ seed: 11, callControl: { answerDelayMs: 20, mediaMs: 50 } });
    const appPort = await freePort();
    tap = await startLiveTap({
      appUrl: `http://127.0.0.1:${appPort}/webhooks`,
      webhookPort: 0,
      apiPort: 0,
      apiBaseUrl: sim.url,
      publicKey: sim.webhookPublicKey,
    });
    const { webhookPort, apiPort } = tap.status();
    app = await startSampleApp({
      baseUrl: `http://127.0.0.1:${apiPort}/v2`,
      apiKey: sim.apiKey,
      publicKey: sim.webhookPublicKey,
      port: appPort,
    });
    sim.setWebhook(sim.seed.mainConnectionId, {
      webhookUrl: `http://127.0.0.1:${webhookPort}/`,
      failoverUrl: null,
      method: 'POST',
    });
  });
  after(async () => {
    await app?.stop();
    await tap?.stop();
    await sim?.close();
    await http.close();
    await agent.close();
  });

  it('follows a call whole: each webhook with the app answer, each command with Telnyx answer and what it reacted to', async () => {
    const ringing = sim.ring(sim.seed.mainConnectionId);
    const id = ringing.call_control_id;
    const call = await waitForCall(
      tap,
      id,
      (c) => c.ended && commandsOf(c).length === 5 && c.entries.every(answered),
      'the call to end with five commands answered',
    );

    const commands = commandsOf(call);
    assert.deepEqual(
      commands.map((c) => c.action),
      ['answer', 'speak', 'gather_using_speak', 'speak', 'hangup'],
    );
    for (const command of commands) {
      assert.equal(command.telnyx.status, 200, `${command.action}: Telnyx's answer`);
      assert.equal(command.callControlId, id);
    }
    const webhooks = webhooksOf(call);
    for (const webhook of webhooks) {
      assert.equal(webhook.signature, 'valid', `${webhook.eventType}: signed by the simulator's key`);
      assert.equal(webhook.app.status, 200, `${webhook.eventType}: the app's answer`);
    }
    const reactedTo = commands.map((c) => webhooks.find((w) => w.seq === c.reactionTo?.seq)?.eventType);
    assert.deepEqual(reactedTo, [
      'call.initiated',
      'call.answered',
      'call.speak.ended',
      'call.gather.ended',
      'call.speak.ended',
    ]);

    // Telnyx's own record has what went through the command tap, and nothing else.
    const events = await http.get<{ data: CallEvent[] }>(
      sim,
      `/call_events?filter[leg_id]=${ringing.call_leg_id}&page[size]=250`,
    );
    assert.deepEqual(
      events.json.data.filter((e) => e.type === 'command').map((e) => e.name),
      commands.map((c) => c.action),
    );
    // The app's Authorization header went to Telnyx, never into the record.
    assert.ok(!JSON.stringify(tap.calls()).includes(sim.apiKey), 'no API key in what the tap recorded');
  });

  it('shows a forged webhook as not signed by Telnyx, refused by the app (403), with no command after it', async () => {
    const ringingElsewhere = sim.ring(sim.seed.busyConnectionId);
    const forged = JSON.stringify({
      data: {
        record_type: 'event',
        event_type: 'call.initiated',
        id: randomUUID(),
        occurred_at: new Date().toISOString(),
        payload: {
          call_control_id: ringingElsewhere.call_control_id,
          call_leg_id: ringingElsewhere.call_leg_id,
          call_session_id: ringingElsewhere.call_session_id,
          direction: 'incoming',
          state: 'parked',
        },
      },
      meta: { attempt: 1 },
    });
    const timestamp = String(Math.floor(Date.now() / 1000));
    const signature = sign(null, Buffer.from(`${timestamp}|${forged}`), generateKeyPairSync('ed25519').privateKey);
    const res = await request(`http://127.0.0.1:${tap.status().webhookPort}/`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'telnyx-signature-ed25519': signature.toString('base64'),
        'telnyx-timestamp': timestamp,
      },
      body: forged,
      dispatcher: agent,
    });
    await res.body.text();
    assert.equal(res.statusCode, 403, "the app's answer, passed back unchanged");

    const call = await waitForCall(
      tap,
      ringingElsewhere.call_control_id,
      (c) => webhooksOf(c).some(answered),
      'the forged webhook',
    );
    const [webhook] = webhooksOf(call);
    assert.equal(webhook.signature, 'invalid');
    assert.equal(webhook.app.status, 403);
    assert.deepEqual(commandsOf(call), []);
    await app.waitForLine(/refused a webhook: Signature verification failed/, 'the refusal in the app log');
  });
});
