// The webhook tap between Telnyx and an application that misbehaves: what Telnyx gets back, what the
// application gets, and what is recorded.
import assert from 'node:assert/strict';
import type { IncomingHttpHeaders } from 'node:http';
import { test } from 'node:test';
import type { TappedWebhook } from '../../src/tap/model';
import { createWebhookSigner } from '../simulator/signing';
import { freePort } from '../../scripts/lib/proc.mjs';
import { allEntries, send, startTapBefore, untilRecorded, webhookBody } from './tapFixture';

const signer = createWebhookSigner(7);
const nowSeconds = (): number => Math.floor(Date.now() / 1000);

function signed(body: string): Record<string, string> {
  return { 'content-type': 'application/json', ...signer.headers(body, nowSeconds()) };
}

function onlyWebhook(entries: ReturnType<typeof allEntries>): TappedWebhook {
  assert.equal(entries.length, 1);
  assert.equal(entries[0].kind, 'webhook');
  return entries[0] as TappedWebhook;
}

test('a webhook reaches the application with the same bytes and headers, and its answer comes back unchanged', async () => {
  let got: { method?: string; url?: string; headers: IncomingHttpHeaders; body: Buffer } | undefined;
  const tap = await startTapBefore(
    (req, body, res) => {
      got = { method: req.method, url: req.url, headers: req.headers, body };
      res.writeHead(202, { 'x-app-says': 'thanks', 'content-type': 'text/plain' });
      res.end('queued');
    },
    { publicKey: signer.publicKeyBase64 },
  );
  try {
    // Spacing a re-serialisation would lose: the signature covers these exact bytes.
    const body = webhookBody('call.initiated', 'v3:abc', { from: '+15550001111' }).replace('{', '{  ');
    // Signed once: a second signing in a later second would carry another timestamp and signature.
    const headers = signed(body);
    const answer = await send(`${tap.webhookUrl}/`, { headers: { ...headers, 'x-request-id': 'r-1' }, body });
    assert.equal(answer.status, 202);
    assert.equal(answer.text, 'queued');
    assert.equal(answer.headers['x-app-says'], 'thanks');
    assert.ok(got);
    assert.equal(got.method, 'POST');
    assert.equal(got.url, '/webhooks');
    assert.equal(got.body.toString('utf8'), body);
    assert.equal(got.headers['x-request-id'], 'r-1');
    assert.equal(got.headers['telnyx-signature-ed25519'], headers['telnyx-signature-ed25519']);
    assert.notEqual(got.headers.host, `127.0.0.1:${tap.tap.status().webhookPort}`, "Host is the application's own");

    const webhook = onlyWebhook(allEntries(tap.tap));
    assert.equal(webhook.eventType, 'call.initiated');
    assert.equal(webhook.signature, 'valid');
    assert.deepEqual(
      { status: webhook.app.status, preview: webhook.app.bodyPreview, pending: webhook.app.pending },
      { status: 202, preview: 'queued', pending: undefined },
    );
    assert.equal(tap.tap.call('v3:abc')?.from, '+15550001111');
  } finally {
    await tap.close();
  }
});

test("a path and query after the tap's address are appended to the application's URL", async () => {
  const urls: string[] = [];
  const tap = await startTapBefore((req, _body, res) => {
    urls.push(req.url ?? '');
    res.end();
  });
  try {
    await send(`${tap.webhookUrl}/status?leg=1`, { body: '{}' });
    await send(`${tap.webhookUrl}?leg=2`, { method: 'GET' });
    assert.deepEqual(urls, ['/webhooks/status?leg=1', '/webhooks?leg=2']);
  } finally {
    await tap.close();
  }
});

test('an application that answers 500 gets its 500 passed back to Telnyx and recorded', async () => {
  const tap = await startTapBefore((_req, _body, res) => res.writeHead(500).end('boom'));
  try {
    const body = webhookBody('call.answered', 'v3:five-hundred');
    const answer = await send(tap.webhookUrl, { headers: signed(body), body });
    assert.equal(answer.status, 500);
    assert.equal(answer.text, 'boom');
    const webhook = onlyWebhook(allEntries(tap.tap));
    assert.equal(webhook.app.status, 500);
    assert.equal(webhook.app.failure, undefined);
  } finally {
    await tap.close();
  }
});

test('a slow application is waited for up to the limit, then Telnyx gets 504 and the webhook is recorded as a timeout', async () => {
  const tap = await startTapBefore(() => undefined, { appTimeoutMs: 300 });
  try {
    const body = webhookBody('call.initiated', 'v3:slow');
    const answer = await send(tap.webhookUrl, { headers: signed(body), body });
    assert.equal(answer.status, 504);
    const webhook = onlyWebhook(allEntries(tap.tap));
    assert.equal(webhook.app.failure, 'timeout');
    assert.equal(webhook.app.status, undefined);
    assert.ok(webhook.app.ms >= 300, `recorded after the limit (${webhook.app.ms} ms)`);
  } finally {
    await tap.close();
  }
});

test('an application that is down: Telnyx gets 502 and the webhook is recorded as not answered', async () => {
  const closedPort = await freePort();
  const tap = await startTapBefore(() => undefined, { appUrl: `http://127.0.0.1:${closedPort}/webhooks` });
  try {
    const body = webhookBody('call.initiated', 'v3:down');
    const answer = await send(tap.webhookUrl, { headers: signed(body), body });
    assert.equal(answer.status, 502);
    assert.match(answer.text, /did not answer/);
    assert.equal(onlyWebhook(allEntries(tap.tap)).app.failure, 'down');
  } finally {
    await tap.close();
  }
});

test('an application that resets the connection: Telnyx gets 502 and the webhook is recorded as reset', async () => {
  const tap = await startTapBefore((req) => req.socket.destroy());
  try {
    const body = webhookBody('call.initiated', 'v3:reset');
    const answer = await send(tap.webhookUrl, { headers: signed(body), body });
    assert.equal(answer.status, 502);
    assert.equal(onlyWebhook(allEntries(tap.tap)).app.failure, 'reset');
  } finally {
    await tap.close();
  }
});

test('signatures: a wrong key, a missing signature and no key configured are told apart, and all are forwarded', async () => {
  let forwarded = 0;
  const tap = await startTapBefore(
    (_req, _body, res) => {
      forwarded++;
      res.end();
    },
    { publicKey: signer.publicKeyBase64 },
  );
  const unkeyed = await startTapBefore((_req, _body, res) => res.end());
  try {
    const other = createWebhookSigner(8);
    const forged = webhookBody('call.initiated', 'v3:forged');
    await send(tap.webhookUrl, { headers: { ...other.headers(forged, nowSeconds()) }, body: forged });
    const unsigned = webhookBody('call.initiated', 'v3:unsigned');
    await send(tap.webhookUrl, { body: unsigned });
    const tampered = webhookBody('call.initiated', 'v3:tampered');
    await send(tap.webhookUrl, { headers: signed(tampered), body: tampered.replace('v3:tampered', 'v3:tampereD') });
    assert.equal(forwarded, 3);
    const signatureOf = (id: string): string | undefined => {
      const entry = tap.tap.call(id)?.entries[0];
      return entry?.kind === 'webhook' ? entry.signature : undefined;
    };
    assert.equal(signatureOf('v3:forged'), 'invalid');
    assert.equal(signatureOf('v3:unsigned'), 'missing');
    assert.equal(signatureOf('v3:tampereD'), 'invalid');

    const body = webhookBody('call.initiated', 'v3:unkeyed');
    await send(unkeyed.webhookUrl, { headers: signed(body), body });
    const entry = unkeyed.tap.call('v3:unkeyed')?.entries[0];
    assert.equal(entry?.kind === 'webhook' && entry.signature, 'unchecked');
  } finally {
    await tap.close();
    await unkeyed.close();
  }
});

test('a body that is not JSON, or JSON that is not a webhook, is forwarded anyway and recorded with what is wrong', async () => {
  const bodies: string[] = [];
  const tap = await startTapBefore((_req, body, res) => {
    bodies.push(body.toString('utf8'));
    res.end();
  });
  try {
    await send(tap.webhookUrl, { headers: { 'content-type': 'text/plain' }, body: 'hello <not json>' });
    await send(tap.webhookUrl, { headers: { 'content-type': 'application/json' }, body: '{"ping": true}' });
    assert.deepEqual(bodies, ['hello <not json>', '{"ping": true}']);
    const entries = tap.tap.unattached() as TappedWebhook[];
    assert.deepEqual(
      entries.map((e) => [e.bodyProblem, e.app.status]),
      [
        ['not_json', 200],
        ['not_a_webhook', 200],
      ],
    );
    assert.equal(entries[0].body, undefined);
    assert.deepEqual(entries[1].body, { ping: true });
    assert.equal(tap.tap.calls().length, 0);
  } finally {
    await tap.close();
  }
});

test('a body over 1 MiB is answered 413 and not forwarded; one of exactly 1 MiB is forwarded', async () => {
  const sizes: number[] = [];
  const tap = await startTapBefore((_req, body, res) => {
    sizes.push(body.length);
    res.end();
  });
  try {
    const mib = 1024 * 1024;
    const exact = await send(tap.webhookUrl, { body: Buffer.alloc(mib, 'a') });
    const over = await send(tap.webhookUrl, { body: Buffer.alloc(mib + 1, 'a') });
    assert.equal(exact.status, 200);
    assert.equal(over.status, 413);
    assert.deepEqual(sizes, [mib], 'only the body within the cap reached the application');
    const entries = tap.tap.unattached() as TappedWebhook[];
    assert.deepEqual(
      entries.map((e) => e.bodyProblem),
      ['not_json', 'too_large'],
    );
    assert.equal(entries[1].body, undefined);
    assert.equal(entries[1].app.status, 413);
  } finally {
    await tap.close();
  }
});

test('each webhook is told on arrival (answer pending) and again with its answer', async () => {
  let release: () => void = () => undefined;
  const reachedApp = new Promise<void>((resolve) => {
    release = resolve;
  });
  let answerNow: () => void = () => undefined;
  const tap = await startTapBefore((_req, _body, res) => {
    answerNow = () => res.end('late');
    release();
  });
  try {
    const body = webhookBody('call.initiated', 'v3:told-twice');
    const answered = send(tap.webhookUrl, { headers: signed(body), body });
    const arrived = await untilRecorded(tap.tap, 'the arrival', (e) => e.callControlId === 'v3:told-twice');
    assert.equal(arrived.kind === 'webhook' && arrived.app.pending, true, 'shown while the application thinks');
    await reachedApp;
    answerNow();
    assert.equal((await answered).text, 'late');
    const done = onlyWebhook(allEntries(tap.tap));
    assert.equal(done.seq, arrived.seq);
    assert.equal(done.app.status, 200);
    assert.equal(done.app.pending, undefined);
  } finally {
    await tap.close();
  }
});
