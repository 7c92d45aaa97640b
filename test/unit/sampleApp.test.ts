// The sample application (examples/call-control-app), run as a user runs it (its own Node process,
// the official SDK, only environment variables), against the simulator's Call Control: what it did to
// a call is read back from the simulator's record (/call_events), as Telnyx would keep it.
import assert from 'node:assert/strict';
import { generateKeyPairSync, randomUUID, sign } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Agent, request } from 'undici';
import type { CallEvent } from '../../src/telnyx/types';
import { startSampleApp, type SampleAppProcess } from '../app/sampleAppProcess';
import { startSimulator, type Simulator } from '../simulator/index';
import { createWebhookSigner } from '../simulator/signing';
import { createHttp } from './simulatorHttp';
import { startWebhookReceiver, type WebhookEnvelope, type WebhookReceiver } from './webhookReceiver';

const SEED = 7;
const WAIT_LIMIT_MS = 15_000;
const http = createHttp();
const agent = new Agent({ keepAliveTimeout: 1000 });

async function eventsOfLeg(sim: Simulator, legId: string): Promise<CallEvent[]> {
  const answer = await http.get<{ data: CallEvent[] }>(sim, `/call_events?filter[leg_id]=${legId}&page[size]=250`);
  assert.equal(answer.status, 200);
  return answer.json.data;
}

/** Polls Telnyx's record of the leg until `done` holds; fails naming what was there. */
async function eventsOfLegWhen(
  sim: Simulator,
  legId: string,
  done: (events: CallEvent[]) => boolean,
  what: string,
): Promise<CallEvent[]> {
  const deadline = Date.now() + WAIT_LIMIT_MS;
  for (;;) {
    const events = await eventsOfLeg(sim, legId);
    if (done(events)) return events;
    if (Date.now() > deadline) throw new Error(`still waiting for ${what}; the leg has ${listEvents(events)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const listEvents = (events: CallEvent[]): string => events.map((e) => `${e.type} ${e.name}`).join(', ') || 'nothing';
const commands = (events: CallEvent[]): CallEvent[] => events.filter((e) => e.type === 'command');
const commandParams = (event: CallEvent): Record<string, unknown> =>
  (event.metadata as { params: Record<string, unknown> }).params;
const webhookPayload = (event: CallEvent): Record<string, unknown> =>
  (event.metadata as { payload: Record<string, unknown> }).payload;

/** POSTs a webhook to the app with the given headers; answers its status. */
async function post(url: string, body: string, headers: Record<string, string>): Promise<number> {
  const res = await request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
    dispatcher: agent,
  });
  await res.body.text();
  return res.statusCode;
}

describe('the sample Call Control application against the simulator', () => {
  let sim: Simulator;
  let app: SampleAppProcess;
  before(async () => {
    sim = await startSimulator({ seed: SEED, callControl: { answerDelayMs: 20, mediaMs: 50 } });
    app = await startSampleApp({ baseUrl: sim.url, apiKey: sim.apiKey, publicKey: sim.webhookPublicKey });
  });
  after(async () => {
    await app?.stop();
    await sim?.close();
    await http.close();
    await agent.close();
  });

  it('answers an incoming call, greets, gathers a digit, says which one and hangs up', async () => {
    sim.setWebhook(sim.seed.mainConnectionId, { webhookUrl: app.url, failoverUrl: null, method: 'POST' });
    const call = sim.ring(sim.seed.mainConnectionId);
    const events = await eventsOfLegWhen(
      sim,
      call.call_leg_id,
      (list) => list.some((e) => e.type === 'webhook' && e.name === 'call.hangup'),
      'the call to end',
    );

    assert.deepEqual(
      commands(events).map((e) => e.name),
      ['answer', 'speak', 'gather_using_speak', 'speak', 'hangup'],
      listEvents(events),
    );
    const [, greeting, gather, saidDigit] = commands(events);
    assert.match(String(commandParams(greeting).payload), /Hello/);
    assert.equal(commandParams(gather).maximum_digits, 1);
    const gathered = events.find((e) => e.type === 'webhook' && e.name === 'call.gather.ended');
    const digits = String(webhookPayload(gathered!).digits);
    assert.match(digits, /^\d$/);
    assert.equal(commandParams(saidDigit).payload, `You pressed ${digits}. Goodbye!`);
    const hangup = events.find((e) => e.type === 'webhook' && e.name === 'call.hangup');
    assert.equal(webhookPayload(hangup!).hangup_cause, 'normal_clearing');
    assert.ok(
      commands(events).every((e) => e.metadata.result === 'ok'),
      'Telnyx accepted every command',
    );

    // Each command names the webhook it answers (command_id), so a repeated delivery cannot repeat it.
    const webhookIds = new Set(
      sim.webhookDeliveries.filter((d) => d.callControlId === call.call_control_id).map((d) => d.webhookId),
    );
    for (const command of commands(events)) assert.ok(webhookIds.has(String(commandParams(command).command_id)));

    // One log line per webhook delivered, each naming its event.
    await sim.whenWebhooksSettled();
    const delivered = sim.webhookDeliveries.filter(
      (d) => d.callControlId === call.call_control_id && d.outcome === 'delivered',
    );
    const shortId = call.call_control_id.slice(0, 8);
    await app.waitForLine(new RegExp(`call\\.hangup ${shortId}`), 'the hangup logged');
    const logged = app.lines.filter((line) => line.includes(shortId));
    // Sorted: a line is written once its command is answered, so a quick next webhook may come first.
    assert.deepEqual(
      logged.map((line) => /\d (call\.[a-z.]+) /.exec(line)?.[1]).sort(),
      delivered.map((d) => d.eventType).sort(),
    );
    assert.match(
      logged.find((line) => line.includes('call.initiated'))!,
      /→ answer$/,
    );
  });

  describe('webhooks that did not come from Telnyx, or not as expected', () => {
    let receiver: WebhookReceiver;
    let initiated: { body: string; headers: Record<string, string>; envelope: WebhookEnvelope };
    let legId: string;
    const signer = createWebhookSigner(SEED);
    const signed = (body: string): Record<string, string> => signer.headers(body, Math.floor(Date.now() / 1000));

    before(async () => {
      // The call rings at another URL, so the app sees only what the test sends it.
      receiver = await startWebhookReceiver();
      sim.setWebhook(sim.seed.mainConnectionId, { webhookUrl: receiver.url, failoverUrl: null, method: 'POST' });
      const call = sim.ring(sim.seed.mainConnectionId, { hangupAfterMs: 60_000 });
      legId = call.call_leg_id;
      await receiver.until((list) => list.length > 0, 'call.initiated');
      const first = receiver.received[0];
      initiated = {
        body: first.body,
        headers: {
          'telnyx-signature-ed25519': String(first.headers['telnyx-signature-ed25519']),
          'telnyx-timestamp': String(first.headers['telnyx-timestamp']),
        },
        envelope: first.json!,
      };
    });
    after(() => receiver?.close());

    it('refuses a webhook whose signature does not verify (403) and sends no command; the genuine one is answered', async () => {
      const from = app.lines.length;
      // Another webhook id, so a command sent for a forgery would not be merged with the genuine one's.
      const forgedBody = initiated.body.replace(initiated.envelope.data.id, randomUUID());
      const otherKey = generateKeyPairSync('ed25519').privateKey;
      const timestamp = String(Math.floor(Date.now() / 1000));
      const signedByAnother = sign(null, Buffer.from(`${timestamp}|${forgedBody}`), otherKey).toString('base64');

      assert.equal(
        await post(app.url, forgedBody, { 'telnyx-signature-ed25519': signedByAnother, 'telnyx-timestamp': timestamp }),
        403,
        'signed with another key',
      );
      assert.equal(await post(app.url, forgedBody, initiated.headers), 403, 'the genuine signature on another body');
      assert.equal(await post(app.url, forgedBody, {}), 403, 'no signature at all');
      const stale = String(Math.floor(Date.now() / 1000) - 600);
      assert.equal(
        await post(app.url, forgedBody, signer.headers(forgedBody, Number(stale))),
        403,
        'a genuine signature ten minutes old (a replay)',
      );
      assert.equal(app.lines.slice(from).filter((line) => /refused a webhook: /.test(line)).length, 4);

      assert.equal(await post(app.url, initiated.body, initiated.headers), 200, 'the genuine webhook');
      const events = await eventsOfLegWhen(sim, legId, (list) => commands(list).length > 0, 'the answer');
      assert.deepEqual(
        commands(events).map((e) => [e.name, commandParams(e).command_id]),
        [['answer', initiated.envelope.data.id]],
      );
    });

    it('handles a webhook delivered twice once, and acknowledges events it does not use', async () => {
      const from = app.lines.length;
      const commandsBefore = commands(await eventsOfLeg(sim, legId)).length;
      assert.equal(await post(app.url, initiated.body, signed(initiated.body)), 200);
      await app.waitForLine(/call\.initiated .*: already handled \(a repeated delivery\)$/, 'the repeat', from);

      const unknown = JSON.stringify({
        data: {
          record_type: 'event',
          event_type: 'call.machine.premium.detection.ended',
          id: randomUUID(),
          occurred_at: new Date().toISOString(),
          payload: { ...initiated.envelope.data.payload },
        },
        meta: { attempt: 1, delivered_to: app.url },
      });
      assert.equal(await post(app.url, unknown, signed(unknown)), 200);
      const line = await app.waitForLine(/call\.machine\.premium\.detection\.ended /, 'the unknown event', from);
      assert.doesNotMatch(line, /→/, 'no command for it');
      assert.equal(commands(await eventsOfLeg(sim, legId)).length, commandsBefore);
    });

    it('answers 400 to a signed body that is not JSON, 413 to one over 1 MiB, 405 to GET and 404 elsewhere', async () => {
      const notJson = 'data=call.initiated';
      assert.equal(await post(app.url, notJson, signed(notJson)), 400);
      const huge = JSON.stringify({ data: { padding: 'x'.repeat(1024 * 1024) } });
      assert.equal(await post(app.url, huge, signed(huge)), 413);
      const get = await request(app.url, { method: 'GET', dispatcher: agent });
      await get.body.text();
      assert.equal(get.statusCode, 405);
      assert.equal(get.headers.allow, 'POST');
      assert.equal(await post(app.url.replace(/\/webhooks$/, '/hooks'), '{}', {}), 404);
      // Still serving after all of that.
      assert.equal(await post(app.url, initiated.body, signed(initiated.body)), 200);
    });
  });
});

describe('the sample application started without what it needs', () => {
  it('names the missing variable and does not start', async () => {
    await assert.rejects(
      startSampleApp({ baseUrl: 'http://127.0.0.1:9/v2', apiKey: 'KEY0123', publicKey: '' }),
      /exited \(code 1\)[\s\S]*TELNYX_PUBLIC_KEY is not set/,
    );
  });
});
