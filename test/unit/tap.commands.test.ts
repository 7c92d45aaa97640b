// The command tap: only loopback Hosts, only /v2, only to the account's API base URL, and the
// application's Authorization header passed through but never kept anywhere.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { startLiveTap } from '../../src/tap/index';
import type { TappedCommand } from '../../src/tap/model';
import { startSimulator } from '../simulator/index';
import { freePort } from '../../scripts/lib/proc.mjs';
import { allEntries, send, startLoop } from './tapFixture';

const SECRET_KEY = 'KEY0199ABCDEF_tapLeakProbe_7f3c9e1d2b4a';

/** The forms a key can take in text (as src/telnyx/redact.ts covers them). */
function keyForms(key: string): string[] {
  return [
    key,
    encodeURIComponent(key),
    Buffer.from(key).toString('base64'),
    Buffer.from(key).toString('base64url'),
    Buffer.from(key).toString('base64').replace(/=+$/, ''),
    Buffer.from(`Bearer ${key}`).toString('base64'),
    key.slice(0, 24),
  ];
}

test('the application Authorization header reaches Telnyx and appears in no record, event or answer of the tap', async () => {
  const loop = await startLoop({}, {}, 'POST', { apiKey: SECRET_KEY });
  try {
    loop.sim.ring(loop.sim.seed.mainConnectionId);
    await loop.app.until((app) => app.received.some((w) => w.eventType === 'call.hangup'), 'the hangup');
    await loop.app.until((app) => app.commands.length === 3, 'three commands');
    assert.deepEqual(
      loop.app.commands.map((c) => c.status),
      [200, 200, 200],
      'Telnyx accepted the key passed through',
    );
    const auth = { authorization: `Bearer ${SECRET_KEY}`, 'content-type': 'application/json' };
    // The error paths too: a refused command, a foreign Host, a path outside /v2, a wrong key.
    const id = loop.app.commands[0].callControlId;
    const refused = await send(`${loop.apiUrl}/calls/${encodeURIComponent(id)}/actions/hangup`, {
      headers: auth,
      body: '{}',
    });
    const foreign = await send(`${loop.apiUrl}/calls`, {
      headers: { ...auth, host: 'tap.example.ngrok.app' },
      body: '{}',
    });
    const outside = await send(loop.apiUrl.replace('/v2', '/calls'), { headers: auth, body: '{}' });
    const wrongKey = await send(`${loop.apiUrl}/calls/${encodeURIComponent(id)}`, {
      method: 'GET',
      headers: { authorization: `Bearer ${SECRET_KEY}x` },
    });
    assert.deepEqual([refused.status, foreign.status, outside.status, wrongKey.status], [422, 421, 404, 401]);
    await loop.sim.whenWebhooksSettled();

    const everything = JSON.stringify({
      calls: loop.tap.calls(),
      unattached: loop.tap.unattached(),
      status: loop.tap.status(),
      events: loop.events,
      answers: [foreign.text, outside.text],
    });
    assert.ok(everything.includes('"kind":"command"'), 'the record holds the commands');
    for (const form of keyForms(SECRET_KEY)) assert.ok(!everything.includes(form), `the record holds no "${form}"`);
    assert.ok(!/authorization/i.test(everything), 'no Authorization header is recorded');
  } finally {
    await loop.close();
  }
});

test('a request whose Host is not a loopback name is refused with a Telnyx-shaped error and never forwarded', async () => {
  const loop = await startLoop();
  try {
    const before = loop.sim.requests.length;
    const port = loop.tap.status().apiPort;
    const hosts = ['attacker.example.com', `tap.ngrok.app:${port}`, '192.168.1.20', ''];
    for (const host of hosts) {
      const answer = await send(`${loop.apiUrl}/calls`, {
        headers: { host, authorization: `Bearer ${loop.sim.apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          connection_id: loop.sim.seed.mainConnectionId,
          to: '+15551230001',
          from: '+15559870002',
        }),
      });
      assert.equal(answer.status, 421, `Host "${host}"`);
      const error = (JSON.parse(answer.text) as { errors: Array<{ code: string; detail: string }> }).errors[0];
      assert.equal(error.code, 'live_tap.host_refused');
      assert.match(error.detail, /loopback|127\.0\.0\.1/);
    }
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, 'localhost']) {
      const answer = await send(`${loop.apiUrl}/calls/v3:unknown`, {
        method: 'GET',
        headers: { host, authorization: `Bearer ${loop.sim.apiKey}` },
      });
      assert.notEqual(answer.status, 421, `Host "${host}" is a loopback name`);
    }
    assert.equal(loop.sim.requests.length - before, 4, 'only the loopback requests reached Telnyx');
    const refused = loop.tap.unattached().filter((e): e is TappedCommand => e.kind === 'command' && !!e.refused);
    assert.deepEqual(
      refused.map((e) => [e.refused?.reason, e.telnyx.status]),
      hosts.map(() => ['not_loopback_host', 421]),
    );
    assert.equal(refused[0].refused?.host, 'attacker.example.com');
    assert.equal(refused[0].body, undefined, 'what came from outside is not kept');
  } finally {
    await loop.close();
  }
});

test('commands go only to the API base URL, which must pass the https/loopback rule', async () => {
  const appUrl = 'http://127.0.0.1:9/webhooks';
  for (const apiBaseUrl of ['http://api.example.com/v2', 'ftp://127.0.0.1/v2', 'not a url']) {
    await assert.rejects(
      startLiveTap({ appUrl, webhookPort: 0, apiPort: 0, apiBaseUrl }),
      (error: Error & { code?: string }) => {
        assert.equal(error.code, 'bad_api_base_url', apiBaseUrl);
        return true;
      },
    );
  }
  await assert.rejects(
    startLiveTap({ appUrl: 'file:///etc/passwd', webhookPort: 0, apiPort: 0, apiBaseUrl: 'https://api.telnyx.com/v2' }),
    { code: 'bad_app_url' },
  );
  await assert.rejects(
    startLiveTap({
      appUrl,
      webhookPort: 0,
      apiPort: 0,
      apiBaseUrl: 'https://api.telnyx.com/v2',
      publicKey: 'c2hvcnQ=',
    }),
    { code: 'bad_public_key' },
  );
});

test('the path under /v2 is mapped onto the base URL with its query, and the answer comes back unchanged', async () => {
  const sim = await startSimulator();
  const tap = await startLiveTap({
    appUrl: 'http://127.0.0.1:9/webhooks',
    webhookPort: 0,
    apiPort: 0,
    apiBaseUrl: sim.url,
  });
  try {
    const direct = await send(`${sim.url}/connections?page[size]=2`, {
      method: 'GET',
      headers: { authorization: `Bearer ${sim.apiKey}` },
    });
    const tapped = await send(`http://127.0.0.1:${tap.status().apiPort}/v2/connections?page[size]=2`, {
      method: 'GET',
      headers: { authorization: `Bearer ${sim.apiKey}` },
    });
    assert.equal(tapped.status, direct.status);
    assert.equal(tapped.text, direct.text);
    const entry = allEntries(tap)[0] as TappedCommand;
    assert.equal(entry.path, '/v2/connections?page[size]=2');
    assert.equal(entry.action, undefined);
    assert.equal(entry.telnyx.status, 200);
    const [first, second] = sim.requests.slice(-2);
    assert.deepEqual([second.path, second.query], [first.path, first.query], 'Telnyx saw the same request');
    assert.equal(second.authorization, `Bearer ${sim.apiKey}`, "the application's own key, passed through");
  } finally {
    await tap.stop();
    await sim.close();
  }
});

test('Telnyx unreachable: the application gets 502 in Telnyx error shape, the command is recorded as not answered', async () => {
  const closedPort = await freePort();
  const tap = await startLiveTap({
    appUrl: 'http://127.0.0.1:9/webhooks',
    webhookPort: 0,
    apiPort: 0,
    apiBaseUrl: `http://127.0.0.1:${closedPort}/v2`,
  });
  try {
    const answer = await send(`http://127.0.0.1:${tap.status().apiPort}/v2/calls/v3:abc/actions/answer`, {
      headers: { authorization: 'Bearer x', 'content-type': 'application/json' },
      body: '{"command_id":"c-1"}',
    });
    assert.equal(answer.status, 502);
    assert.ok((JSON.parse(answer.text) as { errors: unknown[] }).errors.length === 1);
    const command = tap.call('v3:abc')?.entries[0] as TappedCommand;
    assert.equal(command.action, 'answer');
    assert.deepEqual(command.body, { command_id: 'c-1' });
    assert.equal(command.telnyx.failure, 'down');
    assert.equal(command.reactionTo, undefined, 'no webhook came before it');
  } finally {
    await tap.stop();
  }
});

test('Telnyx too slow: the application gets 504 in Telnyx error shape after the limit, the command is recorded as a timeout', async () => {
  const silent = createServer(() => undefined);
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const tap = await startLiveTap({
    appUrl: 'http://127.0.0.1:9/webhooks',
    webhookPort: 0,
    apiPort: 0,
    apiBaseUrl: `http://127.0.0.1:${(silent.address() as AddressInfo).port}/v2`,
    apiTimeoutMs: 300,
  });
  try {
    const answer = await send(`http://127.0.0.1:${tap.status().apiPort}/v2/calls/v3:slow/actions/speak`, {
      headers: { authorization: 'Bearer x', 'content-type': 'application/json' },
      body: '{"payload":"hi","voice":"female"}',
    });
    assert.equal(answer.status, 504);
    assert.equal((JSON.parse(answer.text) as { errors: Array<{ code: string }> }).errors[0].code, 'live_tap.timeout');
    const command = tap.call('v3:slow')?.entries[0] as TappedCommand;
    assert.equal(command.telnyx.failure, 'timeout');
    assert.ok(command.telnyx.ms >= 300);
  } finally {
    await tap.stop();
    silent.closeAllConnections();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
  }
});
