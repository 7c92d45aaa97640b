// The whole live loop through both taps: the simulator rings the test application through the
// webhook tap; the application's commands go to the simulator through the command tap.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TappedCommand, TappedWebhook } from '../../src/tap/model';
import { allEntries, send, startLoop } from './tapFixture';

test('an incoming call is recorded whole: webhooks with the app answers, commands with Telnyx answers and reaction times', async () => {
  const loop = await startLoop();
  try {
    const ringing = loop.sim.ring(loop.sim.seed.mainConnectionId, { from: '+15550001111', to: '+15550002222' });
    const id = ringing.call_control_id;
    await loop.app.until((app) => app.received.some((w) => w.eventType === 'call.hangup'), 'the hangup');
    await loop.app.until((app) => app.commands.length === 3, 'three commands');
    await loop.sim.whenWebhooksSettled();

    const call = loop.tap.call(id);
    assert.ok(call, 'the call is in the tap');
    const webhooks = call.entries.filter((e): e is TappedWebhook => e.kind === 'webhook');
    const commands = call.entries.filter((e): e is TappedCommand => e.kind === 'command');
    assert.deepEqual(
      webhooks.map((w) => w.eventType),
      loop.app.received.map((w) => w.eventType),
      'every webhook the application got is recorded, in order',
    );
    assert.deepEqual(
      commands.map((c) => c.action),
      ['answer', 'speak', 'hangup'],
    );
    for (const webhook of webhooks) {
      assert.equal(webhook.app.status, 200, `${webhook.eventType}: the application's answer`);
      assert.equal(webhook.signature, 'valid');
      assert.equal(webhook.method, 'POST');
      assert.ok(webhook.webhookId && webhook.attempt === 1);
      assert.ok(webhook.app.ms >= 0 && !webhook.app.pending);
    }
    for (const command of commands) {
      assert.equal(command.telnyx.status, 200, `${command.action}: Telnyx's answer`);
      assert.match(command.telnyx.bodyPreview ?? '', /"result":\s*"ok"/);
      assert.equal(command.callControlId, id);
      assert.ok(command.reactionTo, `${command.action} reacted to a webhook`);
    }
    const reactedTo = (command: TappedCommand): string | undefined =>
      webhooks.find((w) => w.seq === command.reactionTo?.seq)?.eventType;
    assert.deepEqual(commands.map(reactedTo), ['call.initiated', 'call.answered', 'call.speak.ended']);
    for (const command of commands) {
      const webhook = webhooks.find((w) => w.seq === command.reactionTo?.seq)!;
      assert.equal(command.reactionTo!.ms, Math.round((command.atMs - webhook.atMs) * 100) / 100);
      assert.ok(command.reactionTo!.ms >= 0);
    }
    assert.equal(call.ended, true, 'call.hangup ends the call');
    assert.equal(call.connectionId, loop.sim.seed.mainConnectionId);
    assert.equal(call.from, '+15550001111');
    assert.equal(call.to, '+15550002222');
    assert.equal(call.callLegId, ringing.call_leg_id);
    assert.equal(call.callSessionId, ringing.call_session_id);
    assert.deepEqual(loop.tap.unattached(), []);

    // Each entry was told twice: on arrival (answer pending) and with its answer, same seq.
    const told = loop.events.filter((e) => e.entry.seq === webhooks[0].seq);
    assert.deepEqual(
      told.map((e) => e.entry.kind === 'webhook' && e.entry.app.pending === true),
      [true, false],
    );
    assert.equal(loop.tap.status().entries, call.entries.length);
  } finally {
    await loop.close();
  }
});

test('a call the application dials is recorded under the ids Telnyx answered, with the webhooks that follow', async () => {
  const loop = await startLoop({}, { greeting: '' });
  try {
    const dial = await send(`${loop.apiUrl}/calls`, {
      headers: { authorization: `Bearer ${loop.sim.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ connection_id: loop.sim.seed.mainConnectionId, to: '+15551230001', from: '+15559870002' }),
    });
    assert.equal(dial.status, 200);
    const id = (JSON.parse(dial.text) as { data: { call_control_id: string } }).data.call_control_id;
    await loop.app.until((app) => app.received.some((w) => w.eventType === 'call.hangup'), 'the hangup');
    await loop.sim.whenWebhooksSettled();
    const call = loop.tap.call(id);
    assert.ok(call);
    assert.equal(call.entries[0].kind, 'command');
    assert.equal((call.entries[0] as TappedCommand).action, 'dial');
    assert.equal(call.to, '+15551230001');
    assert.equal(call.from, '+15559870002');
    assert.ok(call.entries.some((e) => e.kind === 'webhook' && e.eventType === 'call.answered'));
    assert.ok(call.entries.some((e) => e.kind === 'command' && e.action === 'hangup'));
  } finally {
    await loop.close();
  }
});

test('GET webhooks are forwarded as GET with their query, checked over the query, and read from it', async () => {
  const loop = await startLoop({}, {}, 'GET');
  try {
    const ringing = loop.sim.ring(loop.sim.seed.mainConnectionId, { to: '+15550002222' });
    await loop.app.until((app) => app.received.some((w) => w.eventType === 'call.hangup'), 'the hangup');
    await loop.sim.whenWebhooksSettled();
    assert.equal(loop.app.refused, 0, 'the application verified every signature: the query arrived unchanged');
    const webhooks = allEntries(loop.tap).filter((e): e is TappedWebhook => e.kind === 'webhook');
    assert.ok(webhooks.length >= 4);
    for (const webhook of webhooks) {
      assert.equal(webhook.method, 'GET');
      assert.equal(webhook.signature, 'valid');
      assert.equal(webhook.app.status, 200);
      assert.equal(webhook.callControlId, ringing.call_control_id);
      assert.match(webhook.path, /^\/\?data%5B|^\/\?data\[/);
    }
    assert.equal(loop.tap.call(ringing.call_control_id)?.to, '+15550002222', 'a + in the number survives the query');
    assert.equal(loop.tap.call(ringing.call_control_id)?.ended, true);
  } finally {
    await loop.close();
  }
});

test("a command Telnyx refuses is recorded with its errors, and the application gets Telnyx's answer unchanged", async () => {
  const loop = await startLoop();
  try {
    const ringing = loop.sim.ring(loop.sim.seed.mainConnectionId);
    await loop.app.until((app) => app.received.some((w) => w.eventType === 'call.hangup'), 'the hangup');
    await loop.sim.whenWebhooksSettled();
    const late = await send(`${loop.apiUrl}/calls/${encodeURIComponent(ringing.call_control_id)}/actions/hangup`, {
      headers: { authorization: `Bearer ${loop.sim.apiKey}`, 'content-type': 'application/json' },
      body: '{}',
    });
    assert.equal(late.status, 422);
    assert.equal((JSON.parse(late.text) as { errors: Array<{ code: string }> }).errors[0].code, '90018');
    const call = loop.tap.call(ringing.call_control_id)!;
    const last = call.entries[call.entries.length - 1] as TappedCommand;
    assert.equal(last.kind, 'command');
    assert.equal(last.telnyx.status, 422);
    assert.equal(last.errors?.[0].code, '90018');
    assert.equal(last.reactionTo?.seq, call.entries.filter((e) => e.kind === 'webhook').pop()?.seq);
  } finally {
    await loop.close();
  }
});
