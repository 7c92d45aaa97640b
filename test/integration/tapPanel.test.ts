// The call panel on a tapped call, inside VS Code: the window's live tap (the real engine, held by
// services.liveTap) between the simulator and an application of the test's own; the panel grows as
// the call happens (pushed: no key, so nothing is read from Telnyx), the application made to fail
// shows its rows and findings, and Telnyx's record, once read, shows nothing twice.
import * as assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import { startLiveTap } from '../../src/tap/index';
import type { LiveTap } from '../../src/tap/model';
import { useSimulator, waitFor } from './helpers';
import { report, useCallPanels } from './panelHelpers';

type Handler = (eventType: string, attempt: number, res: ServerResponse) => void;

/** An application that answers each webhook as the test says (200 unless told otherwise). */
async function startApp(): Promise<{ server: Server; url: string; handle: { current: Handler } }> {
  const handle = { current: ((_type, _attempt, res) => res.writeHead(200).end()) as Handler };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      let envelope: { data?: { event_type?: string }; meta?: { attempt?: number } } = {};
      try {
        envelope = JSON.parse(Buffer.concat(chunks).toString('utf8')) as typeof envelope;
      } catch {
        // not JSON: answered like any other
      }
      handle.current(envelope.data?.event_type ?? '', envelope.meta?.attempt ?? 1, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks`, handle };
}

describe('call panel on a tapped call', function () {
  this.timeout(90_000);
  const env = useSimulator({
    seed: 25,
    callControl: { answerDelayMs: 20, mediaMs: 20, webhookRetries: 1, webhookRetryDelayMs: 10 },
  });
  const panels = useCallPanels(env);
  let app: Awaited<ReturnType<typeof startApp>>;
  let tap: LiveTap;
  let apiUrl: string;
  // Captured in `before`: useSimulator's own `after` (defined first, so run first) ends `env`.
  let holder: typeof env.api.services.liveTap;

  before(async () => {
    app = await startApp();
    tap = await startLiveTap({
      appUrl: app.url,
      webhookPort: 0,
      apiPort: 0,
      apiBaseUrl: env.sim.url,
      publicKey: env.sim.webhookPublicKey,
    });
    holder = env.api.services.liveTap;
    holder.started(tap);
    apiUrl = `http://127.0.0.1:${tap.status().apiPort}/v2`;
    env.sim.setWebhook(env.sim.seed.mainConnectionId, {
      webhookUrl: `http://127.0.0.1:${tap.status().webhookPort}/`,
      failoverUrl: null,
      method: 'POST',
      timeoutSeconds: 1,
    });
  });
  after(async () => {
    // Stopped and forgotten, so later suites sharing the window see no Live tap node.
    await holder.stop();
    holder.clear();
    app.server.closeAllConnections();
    await new Promise<void>((resolve) => app.server.close(() => resolve()));
  });
  afterEach(() => {
    app.handle.current = (_type, _attempt, res) => res.writeHead(200).end();
  });

  /** A command as the application sends it: through the command tap, with its own key. */
  async function command(callControlId: string, action: string, body: object = {}): Promise<number> {
    const res = await request(`${apiUrl}/calls/${encodeURIComponent(callControlId)}/actions/${action}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${env.sim.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    await res.body.text();
    return res.statusCode;
  }

  const tappedNames = (callControlId: string): string[] =>
    (tap.call(callControlId)?.entries ?? []).map((e) =>
      e.kind === 'webhook' ? (e.eventType ?? '') : (e.action ?? ''),
    );

  it('grows as the call happens with no API key: pushed by the tap, nothing read from Telnyx', async () => {
    await env.api.services.apiAccess.clearKey();
    try {
      const id = env.sim.ring(env.sim.seed.mainConnectionId).call_control_id;
      await waitFor(() => tappedNames(id).includes('call.initiated'), 10_000, 'call.initiated at the tap');
      env.sim.clearRequests();
      const panel = await panels.openCall(id);
      const first = await report(
        panel,
        // The application's answer may come after the row: it is pushed into the open panel too.
        (r) => r.rows[0]?.tap?.app?.status !== undefined && r.statusError !== undefined,
        "the tapped row with the application's answer, and the status saying a key is needed",
      );
      assert.match(first.statusError ?? '', /key/i);
      assert.match(first.timelineError ?? '', /key/i, "Telnyx's record needs a key too");
      assert.equal(first.rows[0].name, 'call.initiated');
      assert.equal(first.rows[0].seenBy, 'tap');
      assert.equal(first.rows[0].tap?.app?.status, 200);

      assert.equal(await command(id, 'answer'), 200);
      const grown = await report(
        panel,
        (r) => r.names.includes('answer') && r.names.includes('call.answered'),
        'the command and the webhook it brought, pushed into the open panel',
      );
      assert.deepEqual(grown.names, ['call.initiated', 'answer', 'call.answered']);
      const answer = grown.rows[1];
      assert.equal(answer.tap?.telnyx?.status, 200);
      assert.ok((answer.tap?.reactionMs ?? -1) >= 0, 'the reaction time, measured by the tap');
      assert.equal(grown.autoRefresh, false, 'nothing polls');
      // The application's own command went through the tap to Telnyx; the panel itself read nothing.
      assert.deepEqual(
        env.sim.requests.filter((r) => r.method !== 'POST').map((r) => `${r.method} ${r.path}`),
        [],
        'no read reached Telnyx from the panel: every row was pushed',
      );
      assert.deepEqual(
        env.sim.requests.map((r) => r.endpoint),
        ['call_action'],
        "only the application's answer command reached Telnyx",
      );
      await command(id, 'hangup');
    } finally {
      await env.api.services.apiAccess.storeKey(env.sim.apiKey);
    }
  });

  it('the application made to fail (500, slow, bad signature): its rows and findings; the record then shows nothing twice', async () => {
    app.handle.current = (type, attempt, res) => {
      if (type === 'call.initiated' && attempt === 1) res.writeHead(500).end();
      else if (type === 'call.answered' && attempt === 1) setTimeout(() => res.writeHead(200).end(), 1_300);
      else res.writeHead(200).end();
    };
    const ringing = env.sim.ring(env.sim.seed.mainConnectionId);
    const id = ringing.call_control_id;
    await waitFor(() => tappedNames(id).filter((n) => n === 'call.initiated').length === 2, 10_000, 'the retry');
    const panel = await panels.openCall(id);
    assert.equal(await command(id, 'answer'), 200);
    // A webhook for this call that Telnyx did not sign: it reaches the tap (and the app) all the same.
    const forged = JSON.stringify({
      data: {
        record_type: 'event',
        event_type: 'call.dtmf.received',
        id: 'forged-1',
        occurred_at: new Date().toISOString(),
        payload: { call_control_id: id, call_leg_id: ringing.call_leg_id, call_session_id: ringing.call_session_id },
      },
      meta: { attempt: 1 },
    });
    const forgedAnswer = await request(`http://127.0.0.1:${tap.status().webhookPort}/`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'telnyx-timestamp': String(Math.floor(Date.now() / 1000)),
        'telnyx-signature-ed25519': Buffer.alloc(64, 1).toString('base64'),
      },
      body: forged,
    });
    await forgedAnswer.body.text();
    await waitFor(
      () => tap.call(id)?.entries.filter((e) => e.kind === 'webhook' && e.eventType === 'call.answered').length === 2,
      15_000,
      'call.answered delivered again after the slow answer',
    );
    assert.equal(await command(id, 'hangup'), 200);
    await waitFor(() => tappedNames(id).includes('call.hangup'), 10_000, 'call.hangup at the tap');
    assert.equal(await command(id, 'speak', { payload: 'too late', voice: 'female' }), 422);
    await env.sim.whenWebhooksSettled();

    const rules = (): string[] =>
      (env.api.services.findings.ofSession(panel.target.accountId, ringing.call_session_id) ?? []).map(
        (f) => `${f.rule} ${f.title}`,
      );
    const findings = await waitFor(
      () => {
        const found = rules();
        return found.some((f) => f.includes('when Telnyx had already sent it again')) &&
          found.some((f) => f.startsWith('command-after-hangup'))
          ? found
          : undefined;
      },
      30_000,
      'the findings of the tapped call',
    ).catch((error: Error) => {
      throw new Error(`${error.message}; findings: ${JSON.stringify(rules())}`);
    });
    assert.ok(
      findings.some((f) => /^webhook-answer-failed call\.initiated on leg .*: your application answered 500$/.test(f)),
    );
    assert.ok(
      findings.some((f) =>
        /^webhook-answer-failed call\.answered on leg .* when Telnyx had already sent it again$/.test(f),
      ),
    );
    assert.ok(findings.some((f) => /^webhook-signature The signature of call\.dtmf\.received did not verify$/.test(f)));
    assert.ok(findings.some((f) => /^command-after-hangup speak sent .*\(seen by the live tap\)$/.test(f)));
    assert.ok(
      !findings.some((f) => f.startsWith('failed-deliveries') || f.startsWith('command-error')),
      findings.join('\n'),
    );

    // Telnyx's record, read again as the Refresh button does (the panel's own reads follow its polling
    // pace, slower in an unfocused window), merges in: nothing twice.
    const recorded = env.sim.state.events({ sessionId: ringing.call_session_id });
    await panel.request({ type: 'refresh' });
    const tapped = tap.call(id)?.entries.length ?? 0;
    const shown = await report(
      panel,
      // Every event of the record on a row of its own: a read made before the hangup holds fewer.
      (r) => r.rows.filter((row) => row.seenBy === 'record' || row.seenBy === 'both').length === recorded.length,
      "Telnyx's record merged with the tap's",
      30_000,
    ).catch((error: Error) => {
      // Which rows the record did not reach, and how often the panel read it: what a failure needs.
      const rows = panel.state.rows.map((row) => `${row.name}:${row.seenBy ?? '-'}`).join(', ');
      const reads = env.sim.requests.filter((r) => r.endpoint === 'call_events').length;
      const statusReads = env.sim.requests.filter((r) => r.endpoint === 'call_status').length;
      throw new Error(
        `${error.message.slice(0, 300)}…; rows: ${rows}; ${recorded.length} recorded, ${reads} reads of the ` +
          `events, ${statusReads} of the status`,
      );
    });
    const bySource = (seen: string): number => shown.rows.filter((row) => row.seenBy === seen).length;
    assert.equal(bySource('both') + bySource('tap'), tapped, 'each tapped entry shown once');
    assert.equal(bySource('tap'), 1, 'only the forged webhook is not in Telnyx’s record');
    assert.equal(shown.rows.find((row) => row.seenBy === 'tap')?.name, 'call.dtmf.received');
    const seqs = shown.rows.map((row) => row.tap?.seq).filter((seq) => seq !== undefined);
    assert.equal(new Set(seqs).size, seqs.length, 'no tapped entry on two rows');
  });
});
