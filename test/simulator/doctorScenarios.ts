// A misbehaving application, one session per mistake, for the call doctor (issue 15): each session
// triggers one rule and nothing else of warning severity. Ids and timestamps come from a fixed
// generator and explicit times, never from the account's own generator, so adding these sessions
// leaves every other seeded id as it was.
import type { Account } from './account';
import { hangupPayload, type QualityOverride } from './hangups';
import { callControlIdFrom, uuidFrom } from './ids';
import type { SimCall, SimConnection } from './model';
import { createPrng, type Prng } from './prng';

const FIXED = createPrng(0xd0c7);
const id = (): string => uuidFrom(FIXED);

/** Session ids of the scenarios; the same for every seed. */
export const DOCTOR_SCENARIOS = {
  /** speak sent after the caller hung up; Telnyx answered 90018. */
  lateSpeak: id(),
  /** call.answered delivered twice, speak sent after each delivery. */
  duplicateCommands: id(),
  /** answer sent on a leg the application placed with dial. */
  answerOnOutgoing: id(),
  /** The handler took 2.4 s to answer call.initiated and 1.6 s to react to call.answered. */
  slowHandler: id(),
  /** The caller hung up two minutes ago; the transferred leg is still up. */
  dangling: id(),
  /** client_state: plain JSON (not base64), base64 with a newline, and base64 of JSON cut short. */
  badClientState: id(),
  /** Hangup with MOS 2.9 and 6 % packet loss. */
  poorQuality: id(),
  /** An incoming call that rang until the caller gave up. */
  unanswered: id(),
  /** call.speak.started recorded after call.speak.ended, and a webhook after the hangup. */
  outOfOrder: id(),
  /** transfer refused with 10015 (a bad `to`). */
  commandError: id(),
} as const;

export type DoctorScenario = keyof typeof DOCTOR_SCENARIOS;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const json64 = (value: unknown): string => Buffer.from(JSON.stringify(value), 'utf8').toString('base64');

/** Writes one session with explicit times (ms offsets from its start). */
class SessionWriter {
  readonly legs: SimCall[] = [];

  constructor(
    private readonly account: Account,
    private readonly connection: SimConnection,
    private readonly sessionId: string,
    private readonly startMs: number,
    private readonly ids: Prng,
  ) {}

  leg(direction: 'incoming' | 'outgoing', atMs: number, clientState = json64({ flow: 'doctor-demo' })): SimCall {
    const call = this.account.createCall({
      connectionId: this.connection.id,
      startMs: this.startMs + atMs,
      sessionId: this.sessionId,
      callControlId: callControlIdFrom(this.ids),
      legId: uuidFrom(this.ids),
      clientState,
      from: '+13125550100',
      to: direction === 'incoming' ? '+18005550199' : '+13125550142',
      direction,
    });
    this.legs.push(call);
    return call;
  }

  webhook(
    call: SimCall,
    atMs: number,
    name: string,
    extra: Record<string, unknown> = {},
    delivery: { status?: 'delivered' | 'failed'; attempt?: number; responseStatus?: number } = {},
  ): this {
    this.account.addEvent(call, {
      name,
      type: 'webhook',
      us: (this.startMs + atMs) * 1000 + 123,
      extra,
      delivery: { latencyMs: 45, ...delivery },
    });
    return this;
  }

  command(
    call: SimCall,
    atMs: number,
    name: string,
    params: Record<string, unknown> = {},
    errors?: Array<{ code: string; title: string; detail?: string }>,
  ): this {
    const us = (this.startMs + atMs) * 1000 + 456;
    this.account.addEvent(call, {
      name,
      type: 'command',
      us,
      extra: params,
      customMetadata: errors
        ? {
            command: name,
            params,
            result: { errors },
            connection_id: call.connectionId,
            call_control_id: call.callControlId,
          }
        : undefined,
    });
    return this;
  }

  hangup(call: SimCall, atMs: number, cause: string, source: 'caller' | 'callee', quality?: QualityOverride): this {
    this.webhook(call, atMs, 'call.hangup', hangupPayload(call, cause, source, quality));
    this.account.endCall(call, this.startMs + atMs, cause);
    return this;
  }

  /** call.initiated, answer, call.answered, speak and its webhooks: a healthy start. */
  greet(call: SimCall, fromMs = 0): this {
    this.webhook(call, fromMs, 'call.initiated', { state: 'parked' });
    this.command(call, fromMs + 310, 'answer');
    this.account.answerCall(call, this.startMs + fromMs + 310);
    this.webhook(call, fromMs + 420, 'call.answered');
    this.command(call, fromMs + 650, 'speak', { payload: 'Thanks for calling.', voice: 'female', language: 'en-US' });
    this.webhook(call, fromMs + 720, 'call.speak.started');
    return this.webhook(call, fromMs + 3900, 'call.speak.ended', { status: 'completed' });
  }
}

export function seedDoctorScenarios(account: Account, connection: SimConnection, now: number): void {
  // A fresh generator per seeding: every simulator in a process gets the same leg ids.
  const ids = createPrng(0xd0c8);
  const session = (name: DoctorScenario, agoMs: number): SessionWriter =>
    new SessionWriter(account, connection, DOCTOR_SCENARIOS[name], now - agoMs, ids);

  {
    const s = session('lateSpeak', 5 * HOUR);
    const a = s.leg('incoming', 0);
    s.greet(a).hangup(a, 8_000, 'normal_clearing', 'caller');
    s.command(a, 8_400, 'speak', { payload: 'Are you still there?' }, [
      {
        code: '90018',
        title: 'Call has already ended',
        detail: "This call is no longer active and can't receive commands.",
      },
    ]);
  }
  {
    const s = session('duplicateCommands', 4 * HOUR + 50 * MINUTE);
    const a = s.leg('incoming', 0);
    // The redelivery carries the first delivery's occurred_at (microseconds as the webhook helper stamps them).
    const answeredAt = new Date(now - (4 * HOUR + 50 * MINUTE) + 420).toISOString().replace('Z', '123Z');
    s.webhook(a, 0, 'call.initiated', { state: 'parked' });
    s.command(a, 300, 'answer');
    account.answerCall(a, now - (4 * HOUR + 50 * MINUTE) + 300);
    s.webhook(a, 420, 'call.answered', { occurred_at: answeredAt });
    s.command(a, 640, 'speak', { payload: 'Your order has shipped.' });
    // Telnyx did not get the 200 in time and delivered call.answered again; the application spoke twice.
    s.webhook(a, 2_450, 'call.answered', { occurred_at: answeredAt }, { attempt: 2 });
    s.command(a, 2_700, 'speak', { payload: 'Your order has shipped.' });
    s.webhook(a, 2_760, 'call.speak.started').webhook(a, 6_000, 'call.speak.ended', { status: 'completed' });
    s.command(a, 25_000, 'hangup').hangup(a, 25_080, 'normal_clearing', 'callee');
  }
  {
    const s = session('answerOnOutgoing', 4 * HOUR + 40 * MINUTE);
    const b = s.leg('outgoing', 0);
    s.command(b, 0, 'dial', { to: b.to, from: b.from });
    s.webhook(b, 90, 'call.initiated', { state: 'bridging' });
    s.command(b, 400, 'answer');
    s.webhook(b, 5_200, 'call.answered');
    account.answerCall(b, now - (4 * HOUR + 40 * MINUTE) + 5_200);
    s.command(b, 5_500, 'speak', { payload: 'This is a reminder of your appointment.' });
    s.webhook(b, 5_560, 'call.speak.started').webhook(b, 9_000, 'call.speak.ended', { status: 'completed' });
    s.command(b, 9_300, 'hangup').hangup(b, 9_390, 'normal_clearing', 'caller');
  }
  {
    const s = session('slowHandler', 4 * HOUR + 30 * MINUTE);
    const a = s.leg('incoming', 0);
    const start = now - (4 * HOUR + 30 * MINUTE);
    s.webhook(a, 0, 'call.initiated', { state: 'parked' });
    s.command(a, 2_400, 'answer');
    account.answerCall(a, start + 2_400);
    s.webhook(a, 2_500, 'call.answered');
    s.command(a, 4_100, 'speak', { payload: 'Welcome.' });
    s.webhook(a, 4_160, 'call.speak.started').webhook(a, 6_000, 'call.speak.ended', { status: 'completed' });
    s.command(a, 30_000, 'hangup').hangup(a, 30_090, 'normal_clearing', 'callee');
  }
  {
    const s = session('dangling', 4 * MINUTE);
    const a = s.leg('incoming', 0);
    s.greet(a);
    s.command(a, 4_200, 'transfer', { to: '+13125550142', timeout_secs: 30 });
    const b = s.leg('outgoing', 4_300);
    s.webhook(b, 4_350, 'call.initiated', { state: 'bridging' });
    s.webhook(b, 9_000, 'call.answered');
    account.answerCall(b, now - 4 * MINUTE + 9_000);
    s.webhook(a, 9_080, 'call.bridged').webhook(b, 9_100, 'call.bridged');
    // The customer hangs up; nobody ends the agent's leg.
    s.hangup(a, 2 * MINUTE, 'normal_clearing', 'caller');
  }
  {
    const s = session('badClientState', 4 * HOUR + 20 * MINUTE);
    const a = s.leg('incoming', 0, '{"flow":"ivr"}');
    s.greet(a);
    const wrapped = Buffer.from(`${'{"customer":"ana","note":"'}${'x'.repeat(60)}"}`).toString('base64');
    s.command(a, 4_100, 'gather_using_audio', {
      audio_url: 'https://assets.example.com/menu.mp3',
      client_state: `${wrapped.slice(0, 76)}\n${wrapped.slice(76)}`,
    });
    s.webhook(a, 9_000, 'call.gather.ended', { digits: '1', status: 'valid' });
    s.command(a, 9_300, 'speak', {
      payload: 'One moment.',
      client_state: json64({ customer: 'ana', step: 'confirm' }).slice(0, 20),
    });
    s.webhook(a, 9_360, 'call.speak.started').webhook(a, 11_000, 'call.speak.ended', { status: 'completed' });
    s.command(a, 11_200, 'hangup').hangup(a, 11_290, 'normal_clearing', 'callee');
  }
  {
    const s = session('poorQuality', 4 * HOUR + 10 * MINUTE);
    const a = s.leg('incoming', 0);
    s.greet(a)
      .command(a, 40_000, 'hangup')
      .hangup(a, 40_070, 'normal_clearing', 'callee', { mos: 2.9, lossPercent: 6 });
  }
  {
    const s = session('unanswered', 4 * HOUR);
    const a = s.leg('incoming', 0);
    s.webhook(a, 0, 'call.initiated', { state: 'parked' }).hangup(a, 21_000, 'originator_cancel', 'caller');
  }
  {
    const s = session('outOfOrder', 3 * HOUR + 50 * MINUTE);
    const a = s.leg('incoming', 0);
    const start = now - (3 * HOUR + 50 * MINUTE);
    const at = (ms: number): string => new Date(start + ms).toISOString().replace('Z', '123Z');
    s.webhook(a, 0, 'call.initiated', { state: 'parked' });
    s.command(a, 300, 'answer');
    account.answerCall(a, start + 300);
    s.webhook(a, 400, 'call.answered');
    s.command(a, 600, 'play_audio', { audio_url: 'https://assets.example.com/hold.mp3' });
    s.webhook(a, 3_600, 'call.playback.ended', { status: 'completed' });
    s.webhook(a, 3_650, 'call.playback.started', { occurred_at: at(700) });
    s.command(a, 3_900, 'hangup').hangup(a, 3_990, 'normal_clearing', 'callee');
    s.webhook(a, 4_300, 'call.dtmf.received', { digit: '5' });
  }
  {
    const s = session('commandError', 3 * HOUR + 40 * MINUTE);
    const a = s.leg('incoming', 0);
    s.greet(a);
    s.command(a, 4_200, 'transfer', { to: '12345' }, [
      { code: '10015', title: 'Bad Request', detail: "The 'to' parameter is not a valid phone number." },
    ]);
    s.command(a, 30_000, 'hangup').hangup(a, 30_100, 'normal_clearing', 'callee');
  }
}
