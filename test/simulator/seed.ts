// The reproducible account: the same seed gives the same connections, calls, ids and events.
// The well-known ids in SeedFacts come from a fixed generator, so they are identical for every seed.
import { Account } from './account';
import { advanceConversation, beginConversation } from './conversation';
import { seedDoctorScenarios } from './doctorScenarios';
import { callControlIdFrom, connectionIdFrom, uuidFrom } from './ids';
import type { ConnectionKind, SimCall, SimConnection } from './model';
import { createPrng, type Prng } from './prng';
import { inboundCallScript, pickHangupCause, ringingDialScript, type CallPlan } from './scripts';
import { addSessionBackdated } from './sessions';
import type { SeedFacts, SimClock } from './types';

const FIXED = createPrng(0x7e1e7);
const fixedCcid = (): string => callControlIdFrom(FIXED);
const fixedUuid = (): string => uuidFrom(FIXED);

/** Ids that tests name directly; they never depend on the seed. */
export const SEED_FACTS: SeedFacts = {
  mainConnectionId: '2093184762216330271',
  busyConnectionId: '2093184762216330272',
  emptyConnectionId: '2093184762216330273',
  noActiveCallsConnectionId: '2093184762216330274',
  aliveCallControlId: fixedCcid(),
  ringingCallControlId: fixedCcid(),
  recentlyEndedCallControlId: fixedCcid(),
  goneCallControlId: fixedCcid(),
  bigSessionId: fixedUuid(),
  failedDeliverySessionId: fixedUuid(),
};

const FIXED_LEGS = {
  alive: fixedUuid(),
  aliveSession: fixedUuid(),
  transferLeg: fixedUuid(),
  transferCcid: fixedCcid(),
  ringing: fixedUuid(),
  recentlyEnded: fixedUuid(),
  gone: fixedUuid(),
  failedCcid: fixedCcid(),
  failedLeg: fixedUuid(),
};

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const NAME_PARTS_A = [
  'support',
  'sales',
  'billing',
  'onboarding',
  'retention',
  'dispatch',
  'frontdesk',
  'helpdesk',
  'emea',
  'apac',
  'night',
  'vip',
  'callback',
  'survey',
  'alerts',
];
const NAME_PARTS_B = ['line', 'ivr', 'queue', 'trunk', 'bot', 'router', 'app', 'pbx', 'hotline', 'relay'];
const ANCHORSITES = [
  'Latency',
  'Chicago, IL',
  'Ashburn, VA',
  'San Jose, CA',
  'Amsterdam, Netherlands',
  'Frankfurt, Germany',
];

export interface SeededAccount {
  account: Account;
  facts: SeedFacts;
}

export function seedAccount(
  seed: number,
  clock: SimClock,
  busyConnectionCalls: number,
  connectionCount = 60,
): SeededAccount {
  const prng = createPrng(seed);
  const account = new Account(prng, clock);
  const now = clock.now();
  let order = 0;

  const connection = (
    id: string,
    kind: ConnectionKind,
    name: string | undefined,
    options: Partial<SimConnection> = {},
  ): SimConnection => {
    const created = options.createdMs ?? now - prng.int(2 * DAY, 700 * DAY);
    const hooked = kind === 'call_control_application' || kind === 'texml_application';
    const slug = (name ?? 'app').replace(/[^a-z0-9]+/gi, '-').toLowerCase();
    const c: SimConnection = {
      id,
      kind,
      active: true,
      name,
      createdMs: created,
      updatedMs: created + prng.int(0, Math.max(0, now - created - DAY)),
      anchorsite: prng.pick(ANCHORSITES),
      outboundVoiceProfileId: prng.chance(0.7) ? connectionIdFrom(prng) : undefined,
      fqdn: kind === 'fqdn_connection' ? `${slug}.sip.example.net` : undefined,
      tags: prng.chance(0.4) ? [prng.pick(['prod', 'staging', 'team-voice', 'legacy'])] : [],
      webhookApiVersion: hooked ? '2' : undefined,
      webhookUrl: hooked ? `https://hooks.example.com/telnyx/${slug}` : null,
      webhookFailoverUrl: null,
      webhookUrlMethod: 'POST',
      webhookTimeoutSeconds: null,
      order: order++,
      ...options,
    };
    account.addConnection(c);
    return c;
  };

  const main = connection(SEED_FACTS.mainConnectionId, 'call_control_application', 'support-line', {
    createdMs: now - 400 * DAY,
    webhookUrl: 'https://hooks.example.com/telnyx/support-line',
    webhookFailoverUrl: 'https://backup.example.com/telnyx/support-line',
    webhookApiVersion: '2',
    tags: ['prod', 'support'],
  });
  const busy = connection(SEED_FACTS.busyConnectionId, 'call_control_application', 'outbound-campaign', {
    createdMs: now - 300 * DAY,
    tags: ['prod', 'campaigns'],
  });
  connection(SEED_FACTS.emptyConnectionId, 'texml_application', 'ivr-after-hours', { createdMs: now - 200 * DAY });
  connection(SEED_FACTS.noActiveCallsConnectionId, 'credential_connection', 'office-sip-trunk', {
    createdMs: now - 500 * DAY,
    webhookUrl: null,
    webhookApiVersion: undefined,
  });

  const kinds: ConnectionKind[] = [
    'call_control_application',
    'call_control_application',
    'call_control_application',
    'texml_application',
    'texml_application',
    'credential_connection',
    'ip_connection',
    'fqdn_connection',
  ];
  const others: SimConnection[] = [];
  // Four well-known connections above, the rest generated (60 in all unless asked for more).
  for (let i = 0; i < Math.max(0, connectionCount - 4); i++) {
    const kind = prng.pick(kinds);
    const unnamed = i % 14 === 5;
    const name = unnamed ? undefined : `${prng.pick(NAME_PARTS_A)}-${prng.pick(NAME_PARTS_B)}-${i + 1}`;
    const extra: Partial<SimConnection> = { active: !(i % 7 === 3) };
    if (
      (kind === 'credential_connection' || kind === 'ip_connection' || kind === 'fqdn_connection') &&
      prng.chance(0.35)
    ) {
      extra.webhookUrl = `https://sip-hooks.example.com/${i + 1}`;
      extra.webhookApiVersion = '1';
    }
    if ((kind === 'call_control_application' || kind === 'texml_application') && prng.chance(0.3)) {
      extra.webhookFailoverUrl = `https://backup.example.com/telnyx/${i + 1}`;
    }
    if (kind === 'call_control_application' && prng.chance(0.2)) extra.webhookApiVersion = '1';
    others.push(
      connection(
        String(BigInt(SEED_FACTS.mainConnectionId) + 1000n + BigInt(prng.int(0, 999_999_999))),
        kind,
        name,
        extra,
      ),
    );
  }

  seedMainConnection(account, prng, main, now);
  seedBusyConnection(account, prng, busy, now, busyConnectionCalls);
  for (const other of others) {
    if (!other.active || !account.hasActiveCalls(other) || !prng.chance(0.45)) continue;
    const count = prng.int(1, 4);
    for (let i = 0; i < count; i++) {
      seedAliveCall(
        account,
        prng,
        other,
        now,
        { secondLeg: prng.chance(0.2) ? 'transfer' : undefined, gather: prng.chance(0.5) },
        prng.int(1, 25) * MINUTE,
        {},
      );
    }
  }
  seedDoctorScenarios(account, main, now);
  return { account, facts: SEED_FACTS };
}

function clientStateText(prng: Prng): string {
  const agent = prng.pick(['ana', 'bruno', 'chen', 'dara', 'emeka', 'fatima']);
  const queue = prng.pick(['support', 'billing', 'sales']);
  return Buffer.from(JSON.stringify({ agent, queue }), 'utf8').toString('base64');
}

function seedAliveCall(
  account: Account,
  prng: Prng,
  connection: SimConnection,
  now: number,
  plan: CallPlan,
  ageMs: number,
  ids: {
    callControlId?: string;
    legId?: string;
    sessionId?: string;
    clientState?: string;
    secondLeg?: { callControlId: string; legId: string };
  },
): SimCall {
  const steps = inboundCallScript(prng, { ...plan, hangup: false }, ids.secondLeg ?? {});
  const conversation = beginConversation(
    account,
    connection,
    {
      connectionId: connection.id,
      startMs: now - ageMs,
      callControlId: ids.callControlId,
      legId: ids.legId,
      sessionId: ids.sessionId,
      clientState: ids.clientState ?? clientStateText(prng),
    },
    steps,
  );
  advanceConversation(account, conversation, now, 'scheduled');
  return conversation.legs[0];
}

function seedEndedCall(
  account: Account,
  prng: Prng,
  connection: SimConnection,
  endedAgoMs: number,
  now: number,
  ids: { callControlId?: string; legId?: string },
  plan: CallPlan = {},
): void {
  const steps = inboundCallScript(prng, {
    ...plan,
    hangup: true,
    talkMs: 30_000,
    hangupCause: plan.hangupCause ?? pickHangupCause(prng),
  });
  const length = steps[steps.length - 1].offsetMs;
  const startMs = now - endedAgoMs - length;
  const conversation = beginConversation(
    account,
    connection,
    {
      connectionId: connection.id,
      startMs,
      callControlId: ids.callControlId,
      legId: ids.legId,
      clientState: clientStateText(prng),
    },
    steps,
  );
  advanceConversation(account, conversation, now, 'scheduled');
}

function seedMainConnection(account: Account, prng: Prng, main: SimConnection, now: number): void {
  // Older history first, so that start order (cursor order) follows start time.
  seedEndedCall(account, prng, main, 30 * HOUR, now, {}, { gather: true });
  addSessionBackdated(account, {
    connection: main,
    count: 5000,
    legs: 3,
    sessionId: SEED_FACTS.bigSessionId,
    endMs: now - 2 * HOUR,
  });
  seedEndedCall(
    account,
    prng,
    main,
    15 * MINUTE,
    now,
    { callControlId: SEED_FACTS.goneCallControlId, legId: FIXED_LEGS.gone },
    { gather: true },
  );
  seedEndedCall(
    account,
    prng,
    main,
    3 * MINUTE,
    now,
    { callControlId: SEED_FACTS.recentlyEndedCallControlId, legId: FIXED_LEGS.recentlyEnded },
    { hangupCause: 'normal_clearing' },
  );

  seedAliveCall(account, prng, main, now, { secondLeg: 'transfer', gather: true }, 6 * MINUTE, {
    callControlId: SEED_FACTS.aliveCallControlId,
    legId: FIXED_LEGS.alive,
    sessionId: FIXED_LEGS.aliveSession,
    clientState: Buffer.from(JSON.stringify({ agent: 'ana', queue: 'support' }), 'utf8').toString('base64'),
    secondLeg: { callControlId: FIXED_LEGS.transferCcid, legId: FIXED_LEGS.transferLeg },
  });
  seedAliveCall(
    account,
    prng,
    main,
    now,
    { failingWebhooks: ['call.answered', 'call.speak.ended'], gather: false },
    4 * MINUTE,
    {
      callControlId: FIXED_LEGS.failedCcid,
      legId: FIXED_LEGS.failedLeg,
      sessionId: SEED_FACTS.failedDeliverySessionId,
    },
  );
  seedAliveCall(account, prng, main, now, { secondLeg: 'bridge' }, 3 * MINUTE, {});
  // A binary client_state (not text), and one without any.
  seedAliveCall(account, prng, main, now, {}, 2 * MINUTE, {
    clientState: Buffer.from([0x00, 0xff, 0x10, 0x80, 0x7f, 0xc3, 0x28]).toString('base64'),
  });
  seedAliveCall(account, prng, main, now, { gather: true }, 90_000, { clientState: '' });

  const ringing = beginConversation(
    account,
    main,
    {
      connectionId: main.id,
      startMs: now - 8_000,
      callControlId: SEED_FACTS.ringingCallControlId,
      legId: FIXED_LEGS.ringing,
      direction: 'outgoing',
      ringing: true,
      clientState: clientStateText(prng),
    },
    ringingDialScript(prng),
  );
  advanceConversation(account, ringing, now, 'scheduled');
}

function seedBusyConnection(account: Account, prng: Prng, busy: SimConnection, now: number, count: number): void {
  const starts: number[] = [];
  for (let i = 0; i < count; i++) starts.push(now - prng.int(10_000, 2 * HOUR));
  starts.sort((a, b) => a - b);
  for (const startMs of starts) {
    const call = account.createCall({
      connectionId: busy.id,
      startMs,
      direction: 'outgoing',
      clientState: prng.chance(0.9) ? clientStateText(prng) : '',
    });
    const us = startMs * 1000 + prng.int(0, 999);
    account.addEvent(call, { name: 'dial', type: 'command', us, extra: { to: call.to, from: call.from } });
    account.addEvent(call, {
      name: 'call.initiated',
      type: 'webhook',
      us: us + prng.int(20_000, 200_000),
      callState: 'bridging',
    });
    const answeredUs = us + prng.int(2_000_000, 9_000_000);
    account.answerCall(call, Math.floor(answeredUs / 1000));
    account.addEvent(call, { name: 'call.answered', type: 'webhook', us: answeredUs, callState: 'answered' });
  }
}
