// The vscode-free core: one short id, one duration style, one time rule, one parser of a call
// command's argument, and one classification of failures with the words every surface shows.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { accountFingerprint } from '../../src/core/account';
import { callIdsFromArgument } from '../../src/core/call';
import { classifyFailure, NoApiKeyError } from '../../src/core/errors';
import { formatDuration, formatTimestamp, shortId } from '../../src/core/format';
import { englishStrings } from '../../src/core/l10n';
import { describeFailure, reportActionFirst, reportSentence } from '../../src/text/failure';
import type { TelnyxApi } from '../../src/telnyx/api';
import { createTelnyxClient, isTelnyxError, TelnyxError } from '../../src/telnyx/index';
import { createManualClock, startSimulator, type StartedSimulator } from '../simulator/index';

const V3 = 'v3:T02llQxIyaRkhfRKxgAP8nY511EhFLizdvdUKJiSw8d6A9BborherQ';
const LEG = 'b0e6224c-c81c-11f0-afbb-02420aef93a0';

async function failureOf(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  assert.fail('expected a failure, but the call succeeded');
}

describe('core: ids, durations and times read the same everywhere', () => {
  it('short ids keep the v3: prefix, then 8 characters and an ellipsis; short ones stay whole', () => {
    assert.equal(shortId(V3), 'v3:T02llQxI…');
    assert.equal(shortId(LEG), 'b0e6224c…');
    assert.equal(shortId('abc123'), 'abc123');
    assert.equal(shortId('0123456789'), '0123456789', 'cutting would hide nothing worth an ellipsis');
  });

  it('durations are a clock, never negative', () => {
    assert.equal(formatDuration(7), '0:07');
    assert.equal(formatDuration(754), '12:34');
    assert.equal(formatDuration(3723), '1:02:03');
    assert.equal(formatDuration(-3), '0:00');
    assert.equal(formatDuration(Number.NaN), '—');
  });

  it('times are UTC to the second (the panel alone shows local time), API text that is not a time as it came', () => {
    assert.equal(formatTimestamp('2019-03-29T11:10:19.127783Z'), '2019-03-29 11:10:19 UTC');
    assert.equal(formatTimestamp('2019-03-29T13:10:19+02:00'), '2019-03-29 11:10:19 UTC');
    assert.equal(formatTimestamp('soon'), 'soon');
  });

  it('a call command takes an id string, a tree row, an object with API names, or a nested call', () => {
    assert.deepEqual(callIdsFromArgument(` ${V3} `), { callControlId: V3 });
    const row = {
      get callControlId() {
        return V3;
      },
      get callLegId() {
        return LEG;
      },
      get callSessionId() {
        return 's-1';
      },
    };
    assert.deepEqual(callIdsFromArgument(row), { callControlId: V3, legId: LEG, sessionId: 's-1' });
    assert.deepEqual(callIdsFromArgument({ call: { call_control_id: V3, call_leg_id: LEG } }), {
      callControlId: V3,
      legId: LEG,
    });
    assert.deepEqual(callIdsFromArgument({ legId: LEG }), { legId: LEG });
    assert.equal(callIdsFromArgument({ other: 1 }), undefined);
    assert.equal(callIdsFromArgument('  '), undefined);
    assert.equal(callIdsFromArgument(42), undefined);
  });

  it('a key fingerprint tells keys apart without being the key', () => {
    assert.notEqual(accountFingerprint('KEY_A', undefined), accountFingerprint('KEY_B', undefined));
    assert.equal(accountFingerprint('KEY_A', undefined), accountFingerprint('KEY_A', undefined));
    assert.ok(!accountFingerprint('KEY_SECRET_123', undefined).includes('KEY_SECRET_123'));
  });
});

describe('core: what the user is told about a failure (against the simulator)', () => {
  let sim: StartedSimulator;
  let api: TelnyxApi;
  const clock = createManualClock(Date.parse('2026-06-01T12:00:00Z'));
  before(async () => {
    sim = await startSimulator({ seed: 3, clock });
    api = createTelnyxClient({ apiKey: sim.apiKey, baseUrl: sim.url, maxAttempts: 2, sleep: async () => {} });
  });
  after(async () => {
    await api.close();
    await sim.close();
  });

  it('an expired call: what happened with its code, then the 10-minute rule once', async () => {
    const call = sim.state.startCall(sim.seed.mainConnectionId);
    sim.state.endCall(call.call_control_id);
    clock.advance(11 * 60_000);
    const error = await failureOf(() => api.getCallStatus(call.call_control_id));
    const report = describeFailure(error, englishStrings, { subject: 'call' });
    assert.equal(report.reason, 'status_gone');
    assert.match(report.message, /^Telnyx no longer has a status for this call \(HTTP 404, 10005\)\.$/);
    const sentence = reportSentence(report);
    assert.equal(sentence.match(/10 minutes/g)?.length, 1, sentence);
    assert.equal(sentence.match(/10005/g)?.length, 1, sentence);
    assert.ok(!/^Telnyx: /.test(sentence));
  });

  it('a rejected key: the same words whichever surface asks, and the fix is Set API Key', async () => {
    const wrong = createTelnyxClient({ apiKey: 'KEY_wrong_0123456789', baseUrl: sim.url, maxAttempts: 1 });
    try {
      const error = await failureOf(() => wrong.getCallStatus(V3));
      const forCall = describeFailure(error, englishStrings, { subject: 'call' });
      const forList = describeFailure(error, englishStrings);
      assert.equal(forCall.message, forList.message);
      assert.match(forList.message, /^Telnyx rejected the API key \(HTTP 401, 10009\)\.$/);
      assert.equal(forList.fix, 'setApiKey');
      assert.ok(!reportSentence(forList).includes('KEY_wrong_0123456789'));
    } finally {
      await wrong.close();
    }
  });

  it('a timeout says what happened once (no doubled "Telnyx:"), and keeps the specifics for the tooltip', async () => {
    sim.addFault({ endpoint: 'call_status', hang: { count: 1, ms: 2_000 } });
    const impatient = createTelnyxClient({
      apiKey: sim.apiKey,
      baseUrl: sim.url,
      maxAttempts: 1,
      requestTimeoutMs: 300,
    });
    const error = await failureOf(() => impatient.getCallStatus(V3)).finally(() => impatient.close());
    assert.ok(isTelnyxError(error) && error.kind === 'timeout');
    const report = describeFailure(error, englishStrings, { subject: 'call' });
    assert.equal(report.message, 'Telnyx did not answer in time.');
    assert.match(report.action, /telnyx\.requestTimeout/);
    assert.match(report.detail ?? '', /within 1 second/, "the client's specifics are in the detail");
    assert.equal(reportSentence(report).match(/Telnyx/g)?.length, 1);
  });

  it("a server error after retries: what happened, Telnyx's side, the retries in the detail", async () => {
    sim.addFault({ endpoint: 'call_status', serverError: { count: 5, status: 503 } });
    const error = await failureOf(() => api.getCallStatus(V3));
    sim.clearFaults();
    const report = describeFailure(error, englishStrings, { subject: 'call' });
    assert.equal(report.reason, 'server');
    assert.match(report.message, /^Telnyx had a server error \(HTTP 503/);
    assert.match(report.detail ?? '', /Tried 1 more times before giving up\./);
  });
});

describe('core: classification without a request', () => {
  it('a refused base URL leads with what to do on a row, with the reason in the tooltip', () => {
    const error = new TelnyxError({
      kind: 'config',
      message: "telnyx.apiBaseUrl must use https (got 'http://example.com/v2').",
    });
    const report = describeFailure(error, englishStrings);
    assert.equal(report.fix, 'openSettings');
    assert.equal(report.setting, 'telnyx.apiBaseUrl');
    const row = reportActionFirst(report);
    assert.ok(row.startsWith("Fix 'telnyx.apiBaseUrl' in Settings."), row);
    assert.match(report.detail ?? '', /must use https/);
  });

  it('a bad proxy setting and an unsendable key each point at their own fix', () => {
    const proxy = classifyFailure(
      new TelnyxError({ kind: 'config', message: 'The proxy setting (http.proxy or https_proxy) is not a URL.' }),
    );
    assert.deepEqual([proxy.reason, proxy.fix, proxy.setting], ['bad_proxy', 'openSettings', 'http.proxy']);
    const key = classifyFailure(
      new TelnyxError({
        kind: 'config',
        message:
          "The Telnyx API key contains spaces or characters that cannot be sent. Run 'Telnyx: Set API Key' and paste it again.",
      }),
    );
    assert.deepEqual([key.reason, key.fix], ['bad_key', 'setApiKey']);
    const plainHttp = classifyFailure(
      new TelnyxError({
        kind: 'config',
        message:
          'Refusing to send the API key to http://example.com: use https (plain http is allowed only for loopback addresses).',
      }),
    );
    assert.deepEqual(
      [plainHttp.reason, plainHttp.setting],
      ['bad_base_url', 'telnyx.apiBaseUrl'],
      'a refused URL that mentions the key is still the URL',
    );
  });

  it('404 is a gone call status only where a call was read; 422 / 90015 on a call always is', () => {
    const notFound = new TelnyxError({ kind: 'not_found', message: 'x', status: 404, code: '10005' });
    assert.equal(classifyFailure(notFound, { subject: 'call' }).reason, 'status_gone');
    assert.equal(classifyFailure(notFound).reason, 'not_found');
    assert.equal(
      classifyFailure(new TelnyxError({ kind: 'invalid_call', message: 'x', status: 422, code: '90015' })).reason,
      'status_gone',
    );
  });

  it('a refused page cursor is told apart from other bad requests', () => {
    const cursor = new TelnyxError({
      kind: 'bad_request',
      message: 'x',
      status: 400,
      code: '10015',
      pointer: 'page[after]',
    });
    assert.equal(classifyFailure(cursor).reason, 'stale_cursor');
    const other = new TelnyxError({
      kind: 'bad_request',
      message: 'Telnyx refused the request for the connection list (400 10015).',
      status: 400,
      code: '10015',
      title: 'Bad Request',
      detail: 'too short',
      pointer: '/filter',
    });
    const report = describeFailure(other, englishStrings);
    assert.equal(report.reason, 'bad_request');
    assert.match(report.detail ?? '', /Telnyx said: Bad Request: too short/);
    assert.match(report.detail ?? '', /Refused: \/filter/);
  });

  it("no key, and a failure that is not Telnyx's, are worded too; redaction reaches every text", () => {
    const noKey = describeFailure(new NoApiKeyError(), englishStrings);
    assert.equal(noKey.kind, 'no_key');
    assert.equal(noKey.fix, 'setApiKey');
    assert.match(reportSentence(noKey), /No Telnyx API key is set\..*'Telnyx: Set API Key'.*TELNYX_API_KEY/);
    const odd = describeFailure(new Error('boom with KEY_SECRET.'), englishStrings, {
      redact: (text) => text.replace('KEY_SECRET', '[key]'),
    });
    assert.equal(odd.message, 'Something went wrong: boom with [key].');
  });
});
