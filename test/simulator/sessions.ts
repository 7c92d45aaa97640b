// Sessions with an exact number of events (timeline paging, benchmarks), back-dated to end at `endMs`.
import type { Account } from './account';
import { hangupPayload } from './hangups';
import type { SimCall, SimConnection } from './model';

export interface SessionSpec {
  connection: SimConnection;
  count: number;
  legs: number;
  sessionId?: string;
  endMs: number;
  /** Mean spacing between events (ms). */
  spacingMs?: number;
}

interface Planned {
  leg: number;
  name: string;
  type: 'command' | 'webhook';
  extra?: Record<string, unknown>;
}

const BODY: Array<Omit<Planned, 'leg'>> = [
  {
    name: 'speak',
    type: 'command',
    extra: { payload: 'Please hold, your call is important to us.', voice: 'female', language: 'en-US' },
  },
  { name: 'call.speak.started', type: 'webhook' },
  { name: 'call.speak.ended', type: 'webhook', extra: { status: 'completed' } },
  {
    name: 'gather_using_audio',
    type: 'command',
    extra: { audio_url: 'https://assets.example.com/menu.mp3', maximum_digits: 1 },
  },
  { name: 'call.dtmf.received', type: 'webhook', extra: { digit: '2' } },
  { name: 'call.gather.ended', type: 'webhook', extra: { digits: '2', status: 'valid' } },
];

function plan(count: number, legs: number): Planned[] {
  const head: Planned[] = [];
  const tail: Planned[] = [];
  for (let leg = 0; leg < legs; leg++) {
    head.push({ leg, name: 'call.initiated', type: 'webhook' });
    head.push({ leg, name: leg === 0 ? 'answer' : 'transfer', type: 'command' });
    head.push({ leg, name: 'call.answered', type: 'webhook' });
    if (leg > 0) head.push({ leg, name: 'call.bridged', type: 'webhook' });
  }
  tail.push({ leg: 0, name: 'hangup', type: 'command' });
  for (let leg = 0; leg < legs; leg++) tail.push({ leg, name: 'call.hangup', type: 'webhook' });
  if (count <= head.length + tail.length) return [...head, ...tail].slice(0, count);
  const body: Planned[] = [];
  for (let i = 0; body.length < count - head.length - tail.length; i++) {
    body.push({ leg: Math.floor(i / BODY.length) % legs, ...BODY[i % BODY.length] });
  }
  return [...head, ...body, ...tail];
}

export function addSessionBackdated(
  account: Account,
  spec: SessionSpec,
): { sessionId: string; legIds: string[]; callControlIds: string[] } {
  const prng = account.prng;
  const legsWanted = Math.max(1, spec.legs);
  const planned = plan(spec.count, legsWanted);
  const spacingUs = (spec.spacingMs ?? 120) * 1000;
  const endUs = spec.endMs * 1000;
  let us = endUs - planned.length * spacingUs;
  const legs: SimCall[] = [];
  let sessionId = spec.sessionId;
  let webhooks = 0;
  for (let index = 0; index < planned.length; index++) {
    const item = planned[index];
    us += prng.int(Math.floor(spacingUs / 2), Math.floor((spacingUs * 3) / 2));
    us = Math.min(us, endUs - (planned.length - index));
    let call = legs[item.leg];
    if (!call) {
      call = account.createCall({
        connectionId: spec.connection.id,
        startMs: Math.floor(us / 1000),
        sessionId,
        direction: item.leg === 0 ? 'incoming' : 'outgoing',
        clientState: Buffer.from(JSON.stringify({ session: 'load-test', leg: item.leg }), 'utf8').toString('base64'),
      });
      sessionId = call.sessionId;
      legs[item.leg] = call;
      if (item.leg === 0) account.answerCall(call, Math.floor(us / 1000));
    }
    if (item.name === 'call.answered') account.answerCall(call, Math.floor(us / 1000));
    const failed = item.type === 'webhook' && ++webhooks % 997 === 0;
    account.addEvent(call, {
      name: item.name,
      type: item.type,
      us,
      extra:
        item.name === 'call.hangup'
          ? hangupPayload(call, 'normal_clearing', item.leg === 0 ? 'callee' : 'caller')
          : item.extra,
      delivery: failed ? { status: 'failed', attempt: 1, responseStatus: 502 } : undefined,
      exact: true,
    });
    if (item.name === 'call.hangup') account.endCall(call, Math.floor(us / 1000), 'normal_clearing');
  }
  // Legs that got no hangup event (tiny counts) still end, so the session is not left half alive.
  const created = legs.filter((call): call is SimCall => call !== undefined);
  for (const call of created) account.endCall(call, spec.endMs, 'normal_clearing');
  return {
    sessionId: sessionId ?? '',
    legIds: created.map((c) => c.legId),
    callControlIds: created.map((c) => c.callControlId),
  };
}
