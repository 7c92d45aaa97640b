// The call panel on tapped data: the live tap's entries as timeline events, merged with Telnyx's
// record without showing anything twice, the ladder's labels, and the doctor's rules that only the
// tap can judge. Entries are recorded for real: the simulator rings an application through the tap.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ladderStrings } from '../../src/callDetails/ladderStrings';
import { tappedEvents } from '../../src/callDetails/tappedEvents';
import { englishStrings } from '../../src/core/l10n';
import { diagnoseCall } from '../../src/doctor/index';
import type { TappedCall } from '../../src/tap/model';
import { createTelnyxClient } from '../../src/telnyx/index';
import type { CallEvent } from '../../src/telnyx/types';
import { layoutLadder } from '../../src/timeline/ladder';
import { arrowLabel } from '../../src/timeline/ladderText';
import { buildTimeline, toEventRows, type PanelEvent } from '../../src/timeline/model';
import { mergeTapWithRecord, SAME_WITHIN_MS } from '../../src/timeline/tapMerge';
import { startSimulator } from '../simulator/index';
import { send, startLoop, startTapBefore, untilRecorded } from './tapFixture';

const strings = ladderStrings(englishStrings);

function labels(events: readonly PanelEvent[]): string[] {
  const rows = toEventRows(events);
  const timeline = buildTimeline(rows);
  return layoutLadder(timeline, timeline.entries).arrows.map((arrow) => arrowLabel(arrow, strings));
}

async function recordOf(sim: { apiKey: string; url: string }, sessionId: string): Promise<CallEvent[]> {
  const api = createTelnyxClient({ apiKey: sim.apiKey, baseUrl: sim.url, sleep: async () => undefined });
  try {
    return await api.fetchAllCallEvents({ applicationSessionId: sessionId });
  } finally {
    await api.close?.();
  }
}

test("a tapped call's rows carry the application's and Telnyx's answers; Telnyx's record merges in without a row twice", async () => {
  const loop = await startLoop();
  try {
    const ringing = loop.sim.ring(loop.sim.seed.mainConnectionId);
    await loop.app.until((app) => app.commands.length === 3, 'three commands');
    await loop.app.until((app) => app.received.some((w) => w.eventType === 'call.hangup'), 'the hangup');
    await loop.sim.whenWebhooksSettled();
    const call = loop.tap.call(ringing.call_control_id) as TappedCall;
    const tapped = tappedEvents([call]);

    assert.equal(tapped.length, call.entries.length);
    assert.deepEqual(
      tapped.filter((e) => e.type === 'command').map((e) => e.name),
      ['answer', 'speak', 'hangup'],
    );
    assert.ok(tapped.every((e) => e.seenBy === 'tap' && e.call_leg_id === ringing.call_leg_id));
    const shown = labels(tapped);
    assert.match(shown[0], /^call\.initiated \(200 · \d+ ms\)$/);
    assert.ok(shown.includes('answer (ok)'), shown.join(' | '));
    const reactions = tapped.filter((e) => e.type === 'command').map((e) => e.tap?.reactionMs);
    assert.ok(reactions.every((ms) => typeof ms === 'number' && ms >= 0));

    const record = await recordOf(loop.sim, ringing.call_session_id);
    const merged = mergeTapWithRecord(record, tapped);
    const both = merged.filter((e) => e.seenBy === 'both');
    assert.equal(merged.length, record.length, 'every tapped entry is in the record: nothing is shown twice');
    assert.equal(both.length, tapped.length, 'each tapped entry is one record event');
    for (const event of both) assert.ok(event.tap, `${event.name} keeps what the tap saw`);
    const diagnosis = diagnoseCall({ events: merged });
    assert.deepEqual(
      diagnosis.findings.map((f) => f.rule),
      ['hangup-explained'],
      'a clean call has nothing to report',
    );
    assert.match(diagnosis.basisLine, new RegExp(`${tapped.length} seen by the live tap`));
  } finally {
    await loop.close();
  }
});

test('a command Telnyx refused after the hangup: certain, with the code and its meaning, reported once', async () => {
  const loop = await startLoop();
  try {
    const ringing = loop.sim.ring(loop.sim.seed.mainConnectionId);
    await loop.app.until((app) => app.received.some((w) => w.eventType === 'call.hangup'), 'the hangup');
    await loop.sim.whenWebhooksSettled();
    const late = await send(`${loop.apiUrl}/calls/${encodeURIComponent(ringing.call_control_id)}/actions/speak`, {
      headers: { authorization: `Bearer ${loop.sim.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ payload: 'too late', voice: 'female' }),
    });
    assert.equal(late.status, 422);
    const tapped = tappedEvents([loop.tap.call(ringing.call_control_id) as TappedCall]);
    assert.equal(labels(tapped).at(-1), 'speak (90018 call already ended)');

    const record = await recordOf(loop.sim, ringing.call_session_id);
    for (const events of [tapped, mergeTapWithRecord(record, tapped)]) {
      const findings = diagnoseCall({ events }).findings;
      const afterHangup = findings.filter((f) => f.rule === 'command-after-hangup');
      assert.equal(afterHangup.length, 1);
      assert.equal(afterHangup[0].severity, 'error');
      assert.match(afterHangup[0].title, /speak sent .* after leg .* hung up \(seen by the live tap\)/);
      assert.match(afterHangup[0].explanation, /Telnyx answered 90018/);
      assert.deepEqual(
        findings.filter((f) => f.rule === 'command-error' || f.rule === 'command-refused'),
        [],
        'the refusal is explained by the hangup finding, not repeated',
      );
    }
  } finally {
    await loop.close();
  }
});

test('a refused command not explained by a hangup: the code, its meaning and the fix, from the tap only', async () => {
  const loop = await startLoop({}, { hangUpAfterGreeting: false, greeting: '' });
  try {
    const ringing = loop.sim.ring(loop.sim.seed.mainConnectionId);
    await loop.app.until((app) => app.commands.length >= 1, 'the answer');
    const bad = await send(`${loop.apiUrl}/calls/${encodeURIComponent(ringing.call_control_id)}/actions/speak`, {
      headers: { authorization: `Bearer ${loop.sim.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ voice: 'female' }),
    });
    assert.equal(bad.status, 422);
    const tapped = tappedEvents([loop.tap.call(ringing.call_control_id) as TappedCall]);
    const findings = diagnoseCall({ events: tapped }).findings.filter((f) => f.rule === 'command-refused');
    assert.equal(findings.length, 1);
    assert.match(findings[0].title, /^Telnyx refused speak on leg .*: 10015$/);
    assert.match(findings[0].explanation, /10015 "Bad request".*Seen by the live tap: Telnyx answered 422 in \d+ ms\./);
    assert.equal(labels(tapped).at(-1), 'speak (10015 bad request)');
  } finally {
    await loop.close();
  }
});

/** The simulator as Telnyx, the tap in front of an application of the test's own. */
async function failingApp(
  handle: (req: IncomingMessage, body: Buffer, res: ServerResponse) => void,
  publicKey?: 'right' | 'wrong',
): Promise<{
  ring(): string;
  tapped(): PanelEvent[];
  /** Resolves once Telnyx is done delivering and the tap has every answer of the application. */
  answered(): Promise<void>;
  close(): Promise<void>;
  sim: Awaited<ReturnType<typeof startSimulator>>;
}> {
  const sim = await startSimulator({
    callControl: { answerDelayMs: 20, mediaMs: 20, webhookRetries: 1, webhookRetryDelayMs: 10 },
  });
  const wrongKey = Buffer.alloc(32, 7).toString('base64');
  const key = publicKey === 'right' ? sim.webhookPublicKey : publicKey === 'wrong' ? wrongKey : undefined;
  const setup = await startTapBefore(handle, { apiBaseUrl: sim.url, ...(key ? { publicKey: key } : {}) });
  sim.setWebhook(sim.seed.mainConnectionId, {
    webhookUrl: setup.webhookUrl,
    failoverUrl: null,
    method: 'POST',
    timeoutSeconds: 1,
  });
  let id = '';
  return {
    sim,
    ring() {
      id = sim.ring(sim.seed.mainConnectionId).call_control_id;
      return id;
    },
    tapped: () => tappedEvents(setup.tap.calls().filter((call) => call.callControlId === id)),
    async answered() {
      await sim.whenWebhooksSettled();
      // Telnyx may give up before the application answers: wait for the tap to see every answer.
      await untilRecorded(setup.tap, 'every answer', () =>
        setup.tap.calls().every((call) => call.entries.every((e) => e.kind !== 'webhook' || !e.app.pending)),
      );
    },
    async close() {
      await setup.close();
      await sim.close();
    },
  };
}

test('the application answers 500: the row and arrow say so, and the finding shows the retry that followed', async () => {
  let first = true;
  const env = await failingApp((_req, _body, res) => {
    res.writeHead(first ? 500 : 200).end();
    first = false;
  }, 'right');
  try {
    env.ring();
    await env.answered();
    const tapped = env.tapped();
    const initiated = tapped.filter((e) => e.name === 'call.initiated');
    assert.deepEqual(
      initiated.map((e) => e.tap?.app?.status),
      [500, 200],
      'the delivery and its retry',
    );
    const rows = toEventRows(tapped);
    assert.equal(rows[0].summary.failed, true, 'a 500 is a failed delivery');
    assert.equal(rows[0].summary.deliveryStatus, '500');
    assert.match(labels(tapped)[0], /^call\.initiated \(500 · \d+ ms → 200 · \d+ ms, 2 deliveries\)$/);

    const findings = diagnoseCall({ events: tapped }).findings.filter((f) => f.rule === 'webhook-answer-failed');
    assert.equal(findings.length, 1);
    assert.equal(findings[0].severity, 'warning', 'the retry got through');
    assert.match(findings[0].title, /^call\.initiated on leg .*: your application answered 500$/);
    assert.match(findings[0].explanation, /What followed: attempt 2: 200 in \d+ ms\./);

    const record = await recordOf(env.sim, tapped[0].call_session_id);
    const merged = mergeTapWithRecord(record, tapped);
    assert.equal(merged.length, record.length, 'both deliveries are in the record: neither is shown twice');
    const again = diagnoseCall({ events: merged }).findings;
    assert.equal(again.filter((f) => f.rule === 'webhook-answer-failed').length, 1);
    assert.equal(
      again.filter((f) => f.rule === 'failed-deliveries').length,
      0,
      "the record's inference is not repeated",
    );
  } finally {
    await env.close();
  }
});

test('the application answers too late for webhook_timeout_seconds, or not at all: said with what followed', async () => {
  const env = await failingApp((_req, _body, res) => {
    setTimeout(() => res.writeHead(200).end(), 1_300);
  });
  try {
    env.ring();
    await env.answered();
    const tapped = env.tapped();
    const connection = { id: env.sim.seed.mainConnectionId, webhook_timeout_seconds: 1 };
    const findings = diagnoseCall({ events: tapped, connection }).findings.filter(
      (f) => f.rule === 'webhook-answer-failed',
    );
    assert.ok(findings.length >= 1);
    assert.match(findings[0].title, /your application answered after 1\.\d s, past webhook_timeout_seconds \(1 s\)/);
    assert.equal(findings[0].severity, 'error', 'no delivery got through in time');
    assert.match(findings[0].explanation, /attempt 2: 200 in \d+ ms \(too late\)/);
    const unknownTimeout = diagnoseCall({ events: tapped });
    assert.match(
      unknownTimeout.basisLine,
      /signatures of \d+ tapped webhooks could not be checked without the account's public key/,
    );
    const overtaken = unknownTimeout.findings.filter((f) => f.rule === 'webhook-answer-failed');
    assert.ok(overtaken.length >= 1, 'without the timeout known, the retry that came first says it');
    assert.match(overtaken[0].title, /answered after 1\.\d s, when Telnyx had already sent it again$/);
  } finally {
    await env.close();
  }
});

test('a signature that does not verify, and one that is missing, are findings of their own', async () => {
  const env = await failingApp((_req, _body, res) => res.writeHead(200).end(), 'wrong');
  try {
    env.ring();
    await env.answered();
    const tapped = env.tapped();
    assert.ok(tapped.length > 0 && tapped.every((e) => e.tap?.signature === 'invalid'));
    const findings = diagnoseCall({ events: tapped }).findings.filter((f) => f.rule === 'webhook-signature');
    assert.equal(findings.length, 1);
    assert.equal(findings[0].severity, 'error');
    assert.equal(findings[0].eventRefs.length, tapped.length);

    const missing = tappedEvents([
      {
        callControlId: 'v3:missing',
        firstAtMs: 0,
        lastAtMs: 0,
        ended: false,
        entries: [
          {
            kind: 'webhook',
            seq: 1,
            atMs: Date.parse('2026-12-06T10:00:00Z'),
            method: 'POST',
            path: '/',
            eventType: 'call.initiated',
            body: { data: { event_type: 'call.initiated', id: 'w1', payload: { call_leg_id: 'leg-1' } } },
            signature: 'missing',
            app: { status: 200, ms: 3 },
          },
        ],
      },
    ]);
    const missingFindings = diagnoseCall({ events: missing }).findings.filter((f) => f.rule === 'webhook-signature');
    assert.equal(missingFindings.length, 1);
    assert.equal(missingFindings[0].severity, 'warning');
    assert.match(missingFindings[0].title, /came without a signature/);
  } finally {
    await env.close();
  }
});

test('the merge rule: id and attempt first; without an id, name, leg and time within the window, closest first', async () => {
  const at = (s: number): string => new Date(Date.parse('2026-12-06T10:00:00Z') + s * 1000).toISOString();
  const recordEvent = (name: string, seconds: number, metadata: Record<string, unknown> = {}): CallEvent => ({
    record_type: 'call_event',
    call_leg_id: 'leg-1',
    call_session_id: 's-1',
    event_timestamp: at(seconds),
    name,
    type: name.startsWith('call.') ? 'webhook' : 'command',
    metadata,
  });
  const tappedEvent = (
    name: string,
    seconds: number,
    metadata: Record<string, unknown> = {},
    leg = 'leg-1',
  ): PanelEvent => ({
    ...recordEvent(name, seconds, metadata),
    call_leg_id: leg,
    seenBy: 'tap',
    tap: { seq: Math.round(seconds * 10), atMs: Date.parse(at(seconds)) },
  });
  const envelope = (id: string, attempt?: number): Record<string, unknown> => ({
    data: { id, event_type: 'call.answered' },
    ...(attempt ? { meta: { attempt } } : {}),
  });

  // Same id: the attempt decides; a delivery the record does not have stays, seen by the tap only.
  let merged = mergeTapWithRecord(
    [recordEvent('call.answered', 0, envelope('w', 2))],
    [tappedEvent('call.answered', 0.1, envelope('w', 1)), tappedEvent('call.answered', 3, envelope('w', 2))],
  );
  assert.deepEqual(
    merged.map((e) => [e.seenBy, e.tap?.seq]),
    [
      ['both', 30],
      ['tap', 1],
    ],
  );
  // Another id never matches, however close.
  merged = mergeTapWithRecord(
    [recordEvent('call.answered', 0, envelope('a'))],
    [tappedEvent('call.answered', 0, envelope('b'))],
  );
  assert.deepEqual(
    merged.map((e) => e.seenBy),
    ['record', 'tap'],
  );
  // No id: within the window it matches, at the window's edge too; beyond it, or on another leg, not.
  const edge = SAME_WITHIN_MS / 1000;
  for (const [offset, leg, expected] of [
    [edge, 'leg-1', ['both']],
    [edge + 0.001, 'leg-1', ['record', 'tap']],
    [0, 'leg-2', ['record', 'tap']],
  ] as const) {
    merged = mergeTapWithRecord([recordEvent('call.hangup', 0)], [tappedEvent('call.hangup', offset, {}, leg)]);
    assert.deepEqual(
      merged.map((e) => e.seenBy),
      expected,
      `offset ${offset} s on ${leg}`,
    );
  }
  // Two candidates: the closest wins, and each is taken once.
  merged = mergeTapWithRecord(
    [recordEvent('speak', 0), recordEvent('speak', 1)],
    [tappedEvent('speak', 0.9), tappedEvent('speak', 0.2)],
  );
  assert.deepEqual(
    merged.map((e) => [e.seenBy, e.tap?.seq]),
    [
      ['both', 2],
      ['both', 9],
    ],
  );
  // A command_id both carry wins over time; spellings of the action are one command.
  merged = mergeTapWithRecord(
    [recordEvent('calls.actions.speak', 0, { params: { command_id: 'c2' } })],
    [
      tappedEvent('speak', 0, { params: { command_id: 'c1' } }),
      tappedEvent('speak', 1.5, { params: { command_id: 'c2' } }),
    ],
  );
  assert.deepEqual(
    merged.map((e) => [e.seenBy, e.tap?.seq]),
    [
      ['both', 15],
      ['tap', 0],
    ],
  );
  // Nothing tapped: the record as it is, unmarked.
  assert.deepEqual(
    mergeTapWithRecord([recordEvent('speak', 0)], []).map((e) => e.seenBy),
    [undefined],
  );
});
