// The call doctor against the simulator: each misbehaving session triggers its rule (and no other
// warning), every healthy session of the seeded account gives no warning at all. Events come over
// HTTP through the project's client, as the extension reads them.
import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { diagnoseCall, type Diagnosis, type Finding, type RuleId } from '../../src/doctor/index';
import type { TelnyxApi } from '../../src/telnyx/api';
import { createTelnyxClient } from '../../src/telnyx/index';
import type { CallEvent, Connection } from '../../src/telnyx/types';
import { DOCTOR_SCENARIOS, type DoctorScenario } from '../simulator/doctorScenarios';
import { startSimulator } from '../simulator/index';
import type { Simulator } from '../simulator/types';

let sim: Simulator;
let api: TelnyxApi;
let main: Connection;

before(async () => {
  sim = await startSimulator({ seed: 3, busyConnectionCalls: 60 });
  api = createTelnyxClient({ apiKey: sim.apiKey, baseUrl: sim.url, sleep: async () => undefined });
  main = await api.getConnection(sim.seed.mainConnectionId);
});
after(async () => {
  await api.close();
  await sim.close();
});

async function sessionEvents(sessionId: string): Promise<CallEvent[]> {
  const events = await api.fetchAllCallEvents({ applicationSessionId: sessionId });
  assert.ok(events.length > 0, `session ${sessionId} has events`);
  return events;
}

async function diagnose(
  sessionId: string,
  options: Parameters<typeof diagnoseCall>[1] = {},
): Promise<{ events: CallEvent[]; diagnosis: Diagnosis }> {
  const events = await sessionEvents(sessionId);
  return { events, diagnosis: diagnoseCall({ events, connection: main }, { nowMs: sim.clock.now(), ...options }) };
}

const serious = (d: Diagnosis): Finding[] => d.findings.filter((f) => f.severity !== 'info');
const names = (events: CallEvent[], f: Finding): string[] => f.eventRefs.map((i) => events[i].name);

/** Each scenario, the one rule it must trigger (with severity) and the events that finding names. */
const SCENARIOS: Array<{
  scenario: DoctorScenario;
  rule: RuleId;
  severity: Finding['severity'];
  events: string[];
  title: RegExp;
}> = [
  {
    scenario: 'lateSpeak',
    rule: 'command-after-hangup',
    severity: 'error',
    events: ['call.hangup', 'speak'],
    title: /^speak sent 0\.40 s after leg \w+… hung up$/,
  },
  {
    scenario: 'duplicateCommands',
    rule: 'duplicate-commands',
    severity: 'warning',
    events: ['call.answered', 'speak', 'call.answered', 'speak'],
    title: /speak sent twice .* call\.answered was delivered twice/,
  },
  {
    scenario: 'answerOnOutgoing',
    rule: 'answer-on-outgoing-leg',
    severity: 'warning',
    events: ['answer'],
    title: /^answer sent on outgoing leg/,
  },
  {
    scenario: 'slowHandler',
    rule: 'slow-reactions',
    severity: 'warning',
    events: ['call.initiated', 'answer', 'call.answered', 'speak'],
    title: /^2 slow reaction\(s\) over 1\.00 s; slowest 2\.40 s$/,
  },
  {
    scenario: 'dangling',
    rule: 'dangling-leg',
    severity: 'warning',
    events: ['call.hangup', 'call.bridged'],
    title: /is still up 1\d\d\.\d s after leg/,
  },
  {
    scenario: 'unanswered',
    rule: 'unanswered-incoming-call',
    severity: 'warning',
    events: ['call.initiated', 'call.hangup'],
    title: /ended without being answered/,
  },
  {
    scenario: 'poorQuality',
    rule: 'poor-call-quality',
    severity: 'warning',
    events: ['call.hangup'],
    title: /^Poor audio on leg \w+…: MOS 2\.90, packet loss 6\.0 %$/,
  },
  {
    scenario: 'commandError',
    rule: 'command-error',
    severity: 'error',
    events: ['transfer'],
    title: /^transfer on leg \w+… failed with 10015$/,
  },
];

describe('call doctor: each misbehaviour is found, with nothing else of note', () => {
  for (const { scenario, rule, severity, events: expected, title } of SCENARIOS) {
    it(`${scenario} → ${rule}`, async () => {
      const { events, diagnosis } = await diagnose(DOCTOR_SCENARIOS[scenario]);
      assert.deepEqual(
        serious(diagnosis).map((f) => f.rule),
        [rule],
        JSON.stringify(serious(diagnosis).map((f) => f.title)),
      );
      const finding = serious(diagnosis)[0];
      assert.equal(finding.severity, severity);
      assert.match(finding.title, title);
      assert.deepEqual(names(events, finding), expected);
      assert.match(finding.docsUrl, /^https:\/\/developers\.telnyx\.com\//);
      assert.ok(finding.explanation.length > 40, 'says what to do');
    });
  }

  it('badClientState → one finding per bad value: not base64, newline, cut off', async () => {
    const { events, diagnosis } = await diagnose(DOCTOR_SCENARIOS.badClientState);
    const found = serious(diagnosis);
    assert.ok(found.every((f) => f.rule === 'bad-client-state'));
    assert.deepEqual(found.map((f) => f.title).sort(), [
      'client_state holds a newline',
      'client_state is not valid base64',
      'client_state looks cut off',
    ]);
    const plain = found.find((f) => f.title.includes('base64'));
    assert.ok(
      plain && names(events, plain).every((n) => n.startsWith('call.')),
      'the plain-JSON state rides on every webhook',
    );
    assert.deepEqual(names(events, found.find((f) => f.title.includes('newline')) as Finding), ['gather_using_audio']);
    assert.deepEqual(names(events, found.find((f) => f.title.includes('cut')) as Finding), ['speak']);
  });

  it('outOfOrder → informs about the late webhook and the one after hangup, warns about nothing', async () => {
    const { events, diagnosis } = await diagnose(DOCTOR_SCENARIOS.outOfOrder);
    assert.deepEqual(serious(diagnosis), []);
    const order = diagnosis.findings.filter((f) => f.rule === 'out-of-order-events');
    assert.equal(order.length, 2);
    assert.deepEqual(order.map((f) => names(events, f)).sort(), [
      ['call.hangup', 'call.dtmf.received'],
      ['call.playback.started'],
    ]);
  });

  it('failed deliveries: the webhooks that never got through, and the failover URL', async () => {
    const { events, diagnosis } = await diagnose(sim.seed.failedDeliverySessionId);
    const failed = diagnosis.findings.filter((f) => f.rule === 'failed-deliveries');
    assert.deepEqual(
      failed.map((f) => f.severity),
      failed.map(() => 'error'),
    );
    assert.ok(
      failed.some((f) =>
        /^call\.answered on leg \w+… never reached the application \(2 failed attempts\)$/.test(f.title),
      ),
    );
    assert.ok(failed.every((f) => names(events, f).every((n) => n === names(events, f)[0])));
    assert.match(failed[0].explanation, /HTTP status 503, 500/);
    assert.match(
      failed[0].explanation,
      /failover URL is configured \(https:\/\/backup\.example\.com\/telnyx\/support-line\)/,
    );
    const noFailover = diagnoseCall({
      events,
      connection: { ...main, webhook_event_failover_url: null },
    }).findings.find((f) => f.rule === 'failed-deliveries');
    assert.match(noFailover?.explanation ?? '', /No failover URL is configured/);
  });

  it('a failed delivery: "1 failed attempt", and a status Telnyx did not record is said to be unknown, never "?"', async () => {
    const { events, diagnosis } = await diagnose(sim.seed.failedDeliverySessionId);
    const answered = diagnosis.findings.find(
      (f) => f.rule === 'failed-deliveries' && f.title.startsWith('call.answered'),
    );
    assert.ok(answered && answered.eventRefs.length === 2);
    const [first, second] = answered.eventRefs;
    const withoutStatus = (event: CallEvent): CallEvent => {
      const metadata = JSON.parse(JSON.stringify(event.metadata)) as Record<string, unknown>;
      for (const holder of [metadata, metadata.delivery, metadata.webhook_delivery]) {
        if (holder && typeof holder === 'object')
          for (const key of ['response_status', 'status_code']) delete (holder as Record<string, unknown>)[key];
      }
      return { ...event, metadata };
    };
    const once = events
      .map((event, index) => (index === first ? withoutStatus(event) : event))
      .filter((_, index) => index !== second);
    const found = diagnoseCall({ events: once }).findings.find(
      (f) => f.rule === 'failed-deliveries' && f.title.startsWith('call.answered'),
    );
    assert.ok(found);
    assert.match(found.title, /never reached the application \(1 failed attempt\)$/);
    assert.match(found.explanation, /the HTTP status is not known/);
    assert.doesNotMatch(`${found.title} ${found.explanation}`, /\?/);

    const mixed = events.map((event, index) => (index === second ? withoutStatus(event) : event));
    const partly = diagnoseCall({ events: mixed }).findings.find(
      (f) => f.rule === 'failed-deliveries' && f.title.startsWith('call.answered'),
    );
    assert.match(partly?.explanation ?? '', /HTTP status 503; not known for 1 attempt/);
  });

  it('the 90018 of a late command is explained once, as the late command', async () => {
    const { diagnosis } = await diagnose(DOCTOR_SCENARIOS.lateSpeak);
    assert.equal(diagnosis.findings.filter((f) => f.rule === 'command-error').length, 0);
    assert.match(diagnosis.findings[0].explanation, /90018/);
  });
});

describe('call doctor: healthy sessions', () => {
  it('no warning or error in any healthy session of the seeded account', async () => {
    const unhealthy = new Set<string>([
      ...Object.values(DOCTOR_SCENARIOS),
      sim.seed.failedDeliverySessionId,
      sim.seed.bigSessionId,
    ]);
    const sessions = [...new Set(sim.state.events().map((e) => e.call_session_id))].filter((s) => !unhealthy.has(s));
    assert.ok(sessions.length > 60, `${sessions.length} healthy sessions`);
    const alarms: string[] = [];
    let explained = 0;
    for (let i = 0; i < sessions.length; i += 8) {
      const batch = await Promise.all(sessions.slice(i, i + 8).map((s) => diagnose(s)));
      for (const { diagnosis } of batch) {
        alarms.push(...serious(diagnosis).map((f) => `${f.rule}: ${f.title}`));
        explained += diagnosis.findings.filter((f) => f.rule === 'hangup-explained').length;
      }
    }
    assert.deepEqual(alarms, []);
    assert.ok(explained >= 2, 'ended calls are explained (info)');
  });

  it('explains an ordinary hangup in plain words, with the SIP code and no quality alarm', async () => {
    const status = await api.getCallStatus(sim.seed.recentlyEndedCallControlId);
    const { diagnosis } = await diagnose(status.call_session_id);
    const hangup = diagnosis.findings.find((f) => f.rule === 'hangup-explained');
    assert.ok(hangup);
    assert.equal(hangup.severity, 'info');
    assert.match(hangup.title, /ended: normal_clearing$/);
    assert.equal(
      hangup.explanation,
      'Telnyx reports that the called party hung up. Your application sent hangup on this leg ' +
        'before; Telnyx does not document which side it reports for that. The call ended normally. ' +
        'SIP response 200.',
    );
    assert.equal(diagnosis.findings.filter((f) => f.rule === 'poor-call-quality').length, 0);
  });

  it('reaction times: pairs per webhook with p50/p95, within the budget for a healthy call', async () => {
    const status = await api.getCallStatus(sim.seed.aliveCallControlId);
    const { diagnosis } = await diagnose(status.call_session_id);
    const stats = diagnosis.reactions.byWebhook;
    assert.ok(stats.some((s) => s.webhook === 'call.initiated' && s.count === 1));
    assert.ok(stats.every((s) => s.p50Micros <= s.p95Micros && s.p95Micros <= s.maxMicros && s.maxMicros <= 1_000_000));
    const slow = await diagnose(DOCTOR_SCENARIOS.slowHandler);
    const initiated = slow.diagnosis.reactions.byWebhook.find((s) => s.webhook === 'call.initiated');
    assert.equal(initiated?.p50Micros, 2_400_000 + 333);
    const budget3s = diagnoseCall({ events: slow.events }, { reactionBudgetMs: 3000 });
    assert.equal(budget3s.findings.filter((f) => f.rule === 'slow-reactions').length, 0, 'the budget is a parameter');
  });

  it('a repeated command with the same command_id is not a duplicate (Telnyx ignores it)', async () => {
    const { events } = await diagnose(DOCTOR_SCENARIOS.duplicateCommands);
    const withIds = events.map((e) =>
      e.type === 'command' && e.name === 'speak'
        ? { ...e, metadata: { ...e.metadata, params: { ...(e.metadata.params as object), command_id: 'speak-1' } } }
        : e,
    );
    assert.equal(diagnoseCall({ events: withIds }).findings.filter((f) => f.rule === 'duplicate-commands').length, 0);
  });

  it('the dangling-leg threshold is a parameter', async () => {
    const { diagnosis } = await diagnose(DOCTOR_SCENARIOS.dangling, { danglingLegMs: 10 * 60_000 });
    assert.equal(diagnosis.findings.filter((f) => f.rule === 'dangling-leg').length, 0);
  });
});

describe('call doctor: metadata shapes and stability', () => {
  /** The same events as Telnyx's delivered envelope, or flattened to the payload. */
  function reshape(events: CallEvent[], shape: 'envelope' | 'flat'): CallEvent[] {
    return events.map((e) => {
      if (e.type !== 'webhook') return e;
      const m = e.metadata as { payload: Record<string, unknown>; delivery: Record<string, unknown> };
      const metadata =
        shape === 'envelope'
          ? {
              data: {
                record_type: 'event',
                event_type: e.name,
                occurred_at: m.payload.occurred_at,
                payload: m.payload,
              },
              meta: { attempt: m.delivery.attempt, delivered_to: m.delivery.url },
              delivery: m.delivery,
            }
          : { ...m.payload, delivery: m.delivery };
      return { ...e, metadata };
    });
  }

  for (const scenario of ['duplicateCommands', 'badClientState', 'poorQuality', 'outOfOrder'] as const) {
    it(`${scenario}: the same findings from an envelope or flat metadata`, async () => {
      const { events, diagnosis } = await diagnose(DOCTOR_SCENARIOS[scenario]);
      const ids = diagnosis.findings.map((f) => f.id);
      assert.deepEqual(
        diagnoseCall(
          { events: reshape(events, 'envelope'), connection: main },
          { nowMs: sim.clock.now() },
        ).findings.map((f) => f.id),
        ids,
      );
      assert.deepEqual(
        diagnoseCall({ events: reshape(events, 'flat'), connection: main }, { nowMs: sim.clock.now() }).findings.map(
          (f) => f.id,
        ),
        ids,
      );
    });
  }

  it('is deterministic and does not depend on the order events arrive in', async () => {
    const { events } = await diagnose(DOCTOR_SCENARIOS.lateSpeak);
    const once = diagnoseCall({ events });
    assert.deepEqual(diagnoseCall({ events }), once);
    const reversed = events.slice().reverse();
    const again = diagnoseCall({ events: reversed });
    assert.deepEqual(
      again.findings.map((f) => [f.id, f.title, f.eventRefs.map((i) => reversed[i].name)]),
      once.findings.map((f) => [f.id, f.title, f.eventRefs.map((i) => events[i].name)]),
    );
  });

  it('survives hostile metadata', () => {
    const junk: CallEvent[] = [
      null,
      'x',
      [],
      { payload: 7 },
      { data: { payload: null } },
      { result: { errors: 'nope' } },
    ].map((metadata, i) => ({
      record_type: 'call_event',
      call_leg_id: 'leg',
      call_session_id: 's',
      event_timestamp: i === 2 ? 'not a time' : `2026-01-01T00:00:0${i}.000000Z`,
      name: i % 2 ? 'speak' : 'call.hangup',
      type: i % 2 ? 'command' : 'webhook',
      metadata: metadata as Record<string, unknown>,
    }));
    const d = diagnoseCall({ events: junk });
    assert.ok(Array.isArray(d.findings));
  });
});
