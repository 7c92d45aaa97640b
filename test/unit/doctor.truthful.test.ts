// The call doctor on what a real account may send (issue 27): hangup causes in Telnyx's words,
// metadata that does not say whether a delivery got through (the line under the findings says so, and
// no finding is made up), and command names in every spelling a record may carry. Events come from the
// simulator over HTTP, in the shape each mode gives them.
import { strict as assert } from 'node:assert';
import { after, afterEach, before, describe, it } from 'node:test';
import { diagnosisText } from '../../src/chat/diagnoseCallTool';
import { englishStrings } from '../../src/core/l10n';
import { diagnoseCall, type Diagnosis, type DoctorEvent, type Finding } from '../../src/doctor/index';
import type { TelnyxApi } from '../../src/telnyx/api';
import { createTelnyxClient } from '../../src/telnyx/index';
import type { CallEvent, Connection } from '../../src/telnyx/types';
import { callControlAction } from '../../src/timeline/commands';
import { DOCTOR_SCENARIOS } from '../simulator/doctorScenarios';
import { startSimulator } from '../simulator/index';
import { defaultModes } from '../simulator/modes';
import type { Simulator } from '../simulator/types';

let sim: Simulator;
let api: TelnyxApi;
let main: Connection;

before(async () => {
  sim = await startSimulator({ seed: 3, busyConnectionCalls: 20 });
  api = createTelnyxClient({ apiKey: sim.apiKey, baseUrl: sim.url, sleep: async () => undefined });
  main = await api.getConnection(sim.seed.mainConnectionId);
});
afterEach(() => sim.setModes(defaultModes()));
after(async () => {
  await api.close();
  await sim.close();
});

async function diagnose(sessionId: string): Promise<{ events: CallEvent[]; diagnosis: Diagnosis }> {
  const events = await api.fetchAllCallEvents({ applicationSessionId: sessionId });
  assert.ok(events.length > 0);
  return { events, diagnosis: diagnoseCall({ events, connection: main }, { nowMs: sim.clock.now() }) };
}

const serious = (d: Diagnosis): string[] =>
  d.findings.filter((f) => f.severity !== 'info').map((f) => `${f.rule}: ${f.title}`);
const rules = (d: Diagnosis): string[] => d.findings.map((f) => f.rule);

describe('call doctor: what the diagnosis rests on', () => {
  it('with delivery records, says every delivery result and command result is known', async () => {
    const { events, diagnosis } = await diagnose(sim.seed.failedDeliverySessionId);
    const webhooks = events.filter((e) => e.type === 'webhook').length;
    const commands = events.filter((e) => e.type === 'command').length;
    assert.equal(
      diagnosis.basisLine,
      `${events.length} events read; delivery results known for ${webhooks} of ${webhooks} ` +
        `webhooks; results known for ${commands} of ${commands} commands.`,
    );
    assert.ok(rules(diagnosis).includes('failed-deliveries'));
  });

  it("Telnyx's envelope says nothing of the delivery: failed deliveries cannot be judged, and none is claimed", async () => {
    sim.setModes({ envelopeMetadata: true });
    const { events, diagnosis } = await diagnose(sim.seed.failedDeliverySessionId);
    const webhooks = events.filter((e) => e.type === 'webhook').length;
    assert.match(
      diagnosis.basisLine,
      new RegExp(
        `^${events.length} events read; delivery results known for 0 of ${webhooks} webhooks, so failed deliveries cannot be judged;`,
      ),
    );
    assert.ok(!rules(diagnosis).includes('failed-deliveries'));
  });

  it('every field missing: the line says what could not be seen, and no false finding', async () => {
    sim.setModes({ emptyMetadata: true });
    const healthy = [
      sim.seed.failedDeliverySessionId,
      DOCTOR_SCENARIOS.commandError,
      DOCTOR_SCENARIOS.duplicateCommands,
      DOCTOR_SCENARIOS.badClientState,
      DOCTOR_SCENARIOS.poorQuality,
    ];
    for (const sessionId of healthy) {
      const { events, diagnosis } = await diagnose(sessionId);
      assert.deepEqual(serious(diagnosis), [], sessionId);
      const webhooks = events.filter((e) => e.type === 'webhook').length;
      const commands = events.filter((e) => e.type === 'command').length;
      assert.equal(
        diagnosis.basisLine,
        `${events.length} events read; delivery results known for 0 of ${webhooks} webhooks, so ` +
          `failed deliveries cannot be judged; results known for 0 of ${commands} commands, so a ` +
          `failed command may go unreported.`,
      );
    }
  });

  it('the chat tool returns the same line, and the counts as data', async () => {
    sim.setModes({ noDeliveryFields: true });
    const { events, diagnosis } = await diagnose(sim.seed.failedDeliverySessionId);
    const text = diagnosisText(
      sim.seed.failedDeliverySessionId,
      events,
      diagnosis,
      englishStrings as unknown as Parameters<typeof diagnosisText>[3],
    );
    assert.ok(text.includes(`What the diagnosis rests on: ${diagnosis.basisLine}`));
    assert.match(text, /"webhooks_with_delivery_result":0,/);
  });
});

describe('call doctor: command names in any spelling', () => {
  for (const spelling of ['dotted', 'path'] as const) {
    it(`${spelling} names: the same findings as bare ones, none unrecognised`, async () => {
      const bare = (await diagnose(DOCTOR_SCENARIOS.answerOnOutgoing)).diagnosis;
      sim.setModes({ commandSpelling: spelling });
      const { events, diagnosis } = await diagnose(DOCTOR_SCENARIOS.answerOnOutgoing);
      assert.ok(
        events.some((e) => e.type === 'command' && e.name !== 'answer' && callControlAction(e.name) === 'answer'),
        'the records carry another spelling',
      );
      assert.deepEqual(rules(diagnosis), rules(bare));
      assert.ok(rules(diagnosis).includes('answer-on-outgoing-leg'));
      assert.doesNotMatch(diagnosis.basisLine, /not recognised/);
    });
  }

  it('reads the spellings a record may carry, and nothing else', () => {
    const answers = [
      'answer',
      'call.answer',
      'calls.actions.answer',
      'actions/answer',
      '/v2/calls/v3:abc_DEF-123/actions/answer',
      'https://api.telnyx.com/v2/calls/v3%3Aabc/actions/answer',
      'POST /v2/calls/v3:abc/actions/answer',
    ];
    for (const name of answers) assert.equal(callControlAction(name), 'answer', name);
    assert.equal(callControlAction('gatherUsingSpeak'), 'gather_using_speak');
    assert.equal(callControlAction('playback.start'), 'playback_start');
    assert.equal(callControlAction('/v2/calls'), 'dial');
    for (const name of ['call.answered', 'answer_call', 'accept', '', '/v2/calls/x/actions/'])
      assert.equal(callControlAction(name), undefined, name);
  });
});

// A leg as a person would read it off the panel: incoming, rung, ended.
const LEG = 'b0e6224c-c81c-11f0-afbb-02420aef93a0';
const SESSION = 'c1f7335d-c81c-11f0-afbb-02420aef93a0';
function event(
  type: 'webhook' | 'command',
  name: string,
  second: number,
  metadata: Record<string, unknown> = {},
): DoctorEvent {
  return {
    call_leg_id: LEG,
    call_session_id: SESSION,
    event_timestamp: `2026-06-01T12:00:${String(second).padStart(2, '0')}.000000Z`,
    name,
    type,
    metadata,
  };
}
const initiated = event('webhook', 'call.initiated', 0, { payload: { direction: 'incoming' } });
const hangup = (payload: Record<string, unknown>, second = 9): DoctorEvent =>
  event('webhook', 'call.hangup', second, { payload: { direction: 'incoming', ...payload } });
const finding = (d: Diagnosis, rule: string): Finding | undefined => d.findings.find((f) => f.rule === rule);

describe('call doctor: a call the application rejected', () => {
  it('"never answered" does not fire on a rejected call, whatever the reject command is called', () => {
    for (const name of ['reject', 'call.reject', '/v2/calls/v3:abcdefghijklmnopqrstuv/actions/reject']) {
      const d = diagnoseCall({
        events: [initiated, event('command', name, 1), hangup({ hangup_cause: 'call_rejected' }, 2)],
      });
      assert.equal(finding(d, 'unanswered-incoming-call'), undefined, name);
    }
  });

  it('a hangup with cause call_rejected and a reject under an unknown name: no finding, the name is counted', () => {
    const d = diagnoseCall({
      events: [initiated, event('command', 'decline_call', 1), hangup({ hangup_cause: 'call_rejected' }, 2)],
    });
    assert.equal(finding(d, 'unanswered-incoming-call'), undefined);
    assert.match(d.basisLine, /; 1 commands with a name not recognised as a Call Control command \(decline_call\)\.$/);
  });

  it('an unrecognised command on an unanswered leg is named in the finding, not dropped', () => {
    const d = diagnoseCall({
      events: [initiated, event('command', 'pick_up', 1), hangup({ hangup_cause: 'originator_cancel' })],
    });
    assert.match(
      finding(d, 'unanswered-incoming-call')?.explanation ?? '',
      /The application also sent pick_up, which the call doctor does not recognise/,
    );
  });
});

describe("call doctor: hangup causes in Telnyx's words", () => {
  const explained = (payload: Record<string, unknown>): string =>
    finding(diagnoseCall({ events: [initiated, hangup(payload)] }), 'hangup-explained')?.explanation ?? '';

  it('not_found: the number does not exist or cannot be reached, SIP 404', () => {
    assert.equal(
      explained({ hangup_cause: 'not_found', hangup_source: 'callee', sip_hangup_cause: '404' }),
      'Telnyx reports that the called party hung up. The number does not exist or cannot be reached. SIP response 404.',
    );
  });

  it('sip_hangup_cause unspecified is "no SIP response code"', () => {
    assert.equal(
      explained({ hangup_cause: 'normal_clearing', hangup_source: 'caller', sip_hangup_cause: 'unspecified' }),
      'Telnyx reports that the caller hung up. The call ended normally. No SIP response code.',
    );
  });

  it("a cause outside Telnyx's list is shown as sent", () => {
    assert.equal(
      explained({ hangup_cause: 'unallocated_number', hangup_source: 'unknown' }),
      'Telnyx does not say who hung up. The call ended with cause unallocated_number.',
    );
  });

  it("after the application's own hangup, does not claim which side Telnyx reports", () => {
    const d = diagnoseCall({
      events: [
        initiated,
        event('command', 'answer', 1),
        event('command', 'hangup', 5),
        hangup({ hangup_cause: 'normal_clearing', hangup_source: 'caller' }),
      ],
    });
    assert.match(
      finding(d, 'hangup-explained')?.explanation ?? '',
      /^Telnyx reports that the caller hung up\. Your application sent hangup on this leg before; Telnyx does not document which side it reports for that\./,
    );
  });
});
