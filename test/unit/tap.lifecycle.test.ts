// The tap's life: its ports (in use, freed on stop), a stop with requests under way, a restart that
// keeps the record, and the bounds of the record.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { test } from 'node:test';
import { startLiveTap } from '../../src/tap/index';
import type { LiveTapOptions, TappedWebhook } from '../../src/tap/model';
import { freePort } from '../../scripts/lib/proc.mjs';
import { allEntries, send, startTapBefore, untilRecorded, webhookBody } from './tapFixture';

async function occupy(): Promise<{ port: number; release(): Promise<void> }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    release: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function canListenOn(port: number): Promise<boolean> {
  const server = createServer();
  const ok = await new Promise<boolean>((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => resolve(true));
  });
  if (ok) await new Promise<void>((resolve) => server.close(() => resolve()));
  return ok;
}

const base = (webhookPort: number, apiPort: number): LiveTapOptions => ({
  appUrl: 'http://127.0.0.1:9/webhooks',
  webhookPort,
  apiPort,
  apiBaseUrl: 'https://api.telnyx.com/v2',
});

test('a port already in use rejects the start with an error naming the port and its setting, and holds no port', async () => {
  const taken = await occupy();
  const free = await freePort();
  try {
    await assert.rejects(startLiveTap(base(taken.port, free)), (error: Error & Record<string, unknown>) => {
      assert.equal(error.code, 'port_in_use');
      assert.equal(error.port, taken.port);
      assert.equal(error.setting, 'telnyx.tap.webhookPort');
      assert.ok(error.message.includes(String(taken.port)) && error.message.includes('telnyx.tap.webhookPort'));
      return true;
    });
    await assert.rejects(startLiveTap(base(free, taken.port)), (error: Error & Record<string, unknown>) => {
      assert.equal(error.code, 'port_in_use');
      assert.equal(error.setting, 'telnyx.tap.apiPort');
      return true;
    });
    assert.ok(await canListenOn(free), 'the webhook port opened before the failure was freed');
  } finally {
    await taken.release();
  }
});

test('both listeners answer on 127.0.0.1 only, not on the other addresses of the machine', async () => {
  const tap = await startLiveTap(base(0, 0));
  const elsewhere = [
    '127.0.0.2',
    ...Object.values(networkInterfaces())
      .flat()
      .filter((i) => i && !i.internal && i.family === 'IPv4')
      .map((i) => i!.address),
  ];
  try {
    for (const port of [tap.status().webhookPort, tap.status().apiPort]) {
      assert.equal(await connects('127.0.0.1', port), true);
      for (const address of elsewhere) assert.equal(await connects(address, port), false, `${address}:${port}`);
    }
  } finally {
    await tap.stop();
  }
});

function connects(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

test('stop mid-request: the request is ended and recorded as stopped, both ports are freed, nothing recorded is lost', async () => {
  const tap = await startTapBefore(() => undefined, { appTimeoutMs: 60_000 });
  const { webhookPort, apiPort } = tap.tap.status();
  try {
    const first = webhookBody('call.initiated', 'v3:before');
    // The application never answers this one either; it is stopped with the rest.
    const earlier = send(tap.webhookUrl, { body: first }).catch((error: Error) => error);
    await untilRecorded(tap.tap, 'the first webhook', (e) => e.callControlId === 'v3:before');
    const body = webhookBody('call.answered', 'v3:stopped');
    const hanging = send(tap.webhookUrl, { body }).catch((error: Error) => error);
    await untilRecorded(tap.tap, 'the webhook under way', (e) => e.callControlId === 'v3:stopped');
    await tap.tap.stop();
    const answer = await hanging;
    assert.ok(!(answer instanceof Error), 'the sender got an answer');
    assert.equal(answer.status, 503);
    assert.ok(!((await earlier) instanceof Error));
    assert.equal(tap.tap.status().listening, false);
    const stopped = tap.tap.call('v3:stopped')?.entries[0] as TappedWebhook;
    assert.equal(stopped.app.failure, 'stopped');
    assert.equal(stopped.app.pending, undefined);
    assert.equal((tap.tap.call('v3:before')?.entries[0] as TappedWebhook).app.failure, 'stopped');
    assert.ok(await canListenOn(webhookPort), 'the webhook port is free');
    assert.ok(await canListenOn(apiPort), 'the command port is free');
  } finally {
    await tap.close();
  }
});

test('stop and restart on the same ports keeps the record and continues it', async () => {
  const first = await startTapBefore((_req, _body, res) => res.end());
  const { webhookPort, apiPort } = first.tap.status();
  await send(first.webhookUrl, { body: webhookBody('call.initiated', 'v3:kept') });
  await send(first.webhookUrl, { body: 'not json' });
  await first.tap.stop();
  const second = await startTapBefore((_req, _body, res) => res.end(), { webhookPort, apiPort }, first.tap);
  try {
    assert.deepEqual([second.tap.status().webhookPort, second.tap.status().apiPort], [webhookPort, apiPort]);
    assert.equal(second.tap.status().listening, true);
    await send(second.webhookUrl, { body: webhookBody('call.answered', 'v3:kept') });
    await send(second.webhookUrl, { body: webhookBody('call.hangup', 'v3:kept') });
    const call = second.tap.call('v3:kept');
    assert.deepEqual(
      call?.entries.map((e) => (e as TappedWebhook).eventType),
      ['call.initiated', 'call.answered', 'call.hangup'],
    );
    assert.equal(call?.ended, true);
    assert.equal(second.tap.unattached().length, 1, 'the body that was not a webhook is kept too');
    const seqs = allEntries(second.tap).map((e) => e.seq);
    assert.deepEqual(seqs, [...new Set(seqs)], 'sequence numbers stay unique across the restart');
    assert.equal(second.tap.status().entries, 4);
    assert.equal(first.tap.call('v3:kept')?.entries.length, 1, 'the stopped tap still reads as it was');
  } finally {
    await second.close();
    await first.close();
  }
});

test('bounds: past the last N calls the oldest call goes first and is counted', async () => {
  const tap = await startTapBefore((_req, _body, res) => res.end(), { maxCalls: 3, maxEntries: 1000 });
  try {
    for (let call = 1; call <= 5; call++) {
      await send(tap.webhookUrl, { body: webhookBody('call.initiated', `v3:call-${call}`) });
      await send(tap.webhookUrl, { body: webhookBody('call.answered', `v3:call-${call}`) });
    }
    assert.deepEqual(
      tap.tap.calls().map((c) => c.callControlId),
      ['v3:call-3', 'v3:call-4', 'v3:call-5'],
    );
    assert.equal(tap.tap.status().droppedCalls, 2);
    assert.equal(tap.tap.status().entries, 6);
  } finally {
    await tap.close();
  }
});

test('bounds: past the entry limit the oldest call goes first, never the one being recorded', async () => {
  const tap = await startTapBefore((_req, _body, res) => res.end(), { maxCalls: 100, maxEntries: 5 });
  try {
    for (const event of ['call.initiated', 'call.answered', 'call.speak.started'])
      await send(tap.webhookUrl, { body: webhookBody(event, 'v3:old') });
    for (const event of ['call.initiated', 'call.answered', 'call.speak.started'])
      await send(tap.webhookUrl, { body: webhookBody(event, 'v3:new') });
    assert.deepEqual(
      tap.tap.calls().map((c) => c.callControlId),
      ['v3:new'],
    );
    assert.equal(tap.tap.status().droppedCalls, 1);
    for (let i = 0; i < 4; i++) await send(tap.webhookUrl, { body: webhookBody('call.dtmf.received', 'v3:new') });
    const call = tap.tap.call('v3:new');
    assert.equal(call?.entries.length, 5, 'a single call over the limit keeps its latest entries');
    assert.equal((call?.entries[4] as TappedWebhook).eventType, 'call.dtmf.received');
    assert.equal(tap.tap.status().droppedEntries, 2);
  } finally {
    await tap.close();
  }
});

test('bounds: a call dropped while its webhook waits for the application stays dropped when the answer comes', async () => {
  let answerHeld: (() => void) | undefined;
  let heldArrived: () => void = () => undefined;
  const heldReachedApp = new Promise<void>((resolve) => (heldArrived = resolve));
  const tap = await startTapBefore(
    (req, _body, res) => {
      if (req.headers['x-hold'] !== 'yes') return void res.end();
      answerHeld = () => res.end('late');
      heldArrived();
    },
    { maxCalls: 1 },
  );
  try {
    const held = send(tap.webhookUrl, { headers: { 'x-hold': 'yes' }, body: webhookBody('call.initiated', 'v3:held') });
    await untilRecorded(tap.tap, 'the held webhook', (e) => e.callControlId === 'v3:held');
    await send(tap.webhookUrl, { body: webhookBody('call.initiated', 'v3:newer') });
    assert.deepEqual(
      tap.tap.calls().map((c) => c.callControlId),
      ['v3:newer'],
    );
    await heldReachedApp;
    answerHeld?.();
    assert.equal((await held).text, 'late', 'the application still got it and Telnyx its answer');
    assert.deepEqual(
      tap.tap.calls().map((c) => c.callControlId),
      ['v3:newer'],
    );
    assert.equal(tap.tap.status().entries, allEntries(tap.tap).length);
    assert.equal(tap.tap.status().droppedCalls, 1);
  } finally {
    await tap.close();
  }
});
