// Realistic event sequences of a call (commands the application sent, webhooks Telnyx delivered).
// A script is a list of timed steps; seeding replays them back-dated, live mode plays them as time passes.
import type { Account, NewCall } from './account';
import { randomNumber } from './account';
import type { SimCall, SimConnection } from './model';
import { hangupPayload } from './hangups';
import type { Prng } from './prng';

export interface StepContext {
  account: Account;
  conversation: Conversation;
  /** Scheduled time of the step (ms). */
  ms: number;
  /** A timestamp for the next event of this conversation. */
  stamp(): number;
}

export interface Step {
  offsetMs: number;
  run(context: StepContext): void;
}

export interface Conversation {
  connection: SimConnection;
  legs: SimCall[];
  steps: Step[];
  next: number;
  startMs: number;
  lastUs: number;
}

export interface CallPlan {
  /** Second leg by `transfer`, or by `dial` + `bridge`. */
  secondLeg?: 'transfer' | 'bridge';
  gather?: boolean;
  /** Names of webhooks whose delivery fails (twice: primary then failover URL). */
  failingWebhooks?: string[];
  /** Leave out the hangup (the call stays alive). */
  hangup?: boolean;
  hangupCause?: string;
  /** Talk time before hangup, ms. */
  talkMs?: number;
  /** Extra speak rounds (to make long timelines). */
  extraRounds?: number;
}

const GREETINGS = [
  'Thanks for calling. Your call may be recorded.',
  'Welcome to support. Press 1 for billing, 2 for technical help.',
  'Please hold while we connect you to the next available agent.',
  'Your appointment is confirmed for tomorrow at ten.',
];

const HANGUP_CAUSES = [
  'normal_clearing',
  'normal_clearing',
  'normal_clearing',
  'user_busy',
  'originator_cancel',
  'timeout',
  'call_rejected',
];

export function pickHangupCause(prng: Prng): string {
  return prng.pick(HANGUP_CAUSES);
}

class ScriptBuilder {
  readonly steps: Step[] = [];
  private t = 0;

  constructor(
    private readonly prng: Prng,
    private readonly failing: ReadonlySet<string>,
  ) {}

  wait(minMs: number, maxMs: number): this {
    this.t += this.prng.int(minMs, maxMs);
    return this;
  }

  step(run: (context: StepContext) => void): this {
    this.steps.push({ offsetMs: this.t, run });
    return this;
  }

  webhook(
    leg: number,
    name: string,
    extraOrOfCall: Record<string, unknown> | ((call: SimCall) => Record<string, unknown>) = {},
  ): this {
    const fails = this.failing.has(name);
    return this.step((c) => {
      const call = c.conversation.legs[leg];
      if (!call) return;
      const extra = typeof extraOrOfCall === 'function' ? extraOrOfCall(call) : extraOrOfCall;
      if (fails) {
        c.account.addEvent(call, {
          name,
          type: 'webhook',
          us: c.stamp(),
          extra,
          delivery: { status: 'failed', attempt: 1, responseStatus: 503 },
        });
        c.account.addEvent(call, {
          name,
          type: 'webhook',
          us: c.stamp(),
          extra,
          delivery: {
            status: 'failed',
            attempt: 2,
            responseStatus: 500,
            url: c.conversation.connection.webhookFailoverUrl ?? c.conversation.connection.webhookUrl ?? undefined,
          },
        });
      } else {
        c.account.addEvent(call, { name, type: 'webhook', us: c.stamp(), extra });
      }
    });
  }

  command(
    leg: number,
    name: string,
    params: Record<string, unknown> | ((c: StepContext) => Record<string, unknown>) = {},
  ): this {
    return this.step((c) => {
      const call = c.conversation.legs[leg];
      const extra = typeof params === 'function' ? params(c) : params;
      if (call) c.account.addEvent(call, { name, type: 'command', us: c.stamp(), extra });
    });
  }

  answer(leg: number): this {
    return this.step((c) => {
      const call = c.conversation.legs[leg];
      if (call) c.account.answerCall(call, c.ms);
    });
  }

  newLeg(spec: Partial<NewCall>): this {
    return this.step((c) => {
      const first = c.conversation.legs[0];
      const call = c.account.createCall({
        connectionId: c.conversation.connection.id,
        startMs: c.ms,
        sessionId: first?.sessionId,
        clientState: first?.clientState,
        direction: 'outgoing',
        from: first?.to,
        ...spec,
      });
      c.conversation.legs.push(call);
    });
  }

  end(leg: number, cause: string): this {
    return this.step((c) => {
      const call = c.conversation.legs[leg];
      if (call) c.account.endCall(call, c.ms, cause);
    });
  }
}

/** An inbound call answered by the application, with optional IVR, transfer/bridge and hangup. */
export function inboundCallScript(prng: Prng, plan: CallPlan, secondLegSpec: Partial<NewCall> = {}): Step[] {
  const b = new ScriptBuilder(prng, new Set(plan.failingWebhooks ?? []));
  b.webhook(0, 'call.initiated');
  b.wait(150, 900).command(0, 'answer').answer(0);
  b.wait(40, 250).webhook(0, 'call.answered');
  const rounds = 1 + (plan.extraRounds ?? 0);
  for (let i = 0; i < rounds; i++) {
    b.wait(200, 800).command(0, 'speak', { payload: prng.pick(GREETINGS), voice: 'female', language: 'en-US' });
    b.wait(40, 200).webhook(0, 'call.speak.started');
    b.wait(1500, 6000).webhook(0, 'call.speak.ended', { status: 'completed' });
    if (plan.gather || i > 0) {
      b.wait(100, 400).command(0, 'gather_using_audio', {
        audio_url: 'https://assets.example.com/menu.mp3',
        minimum_digits: 1,
        maximum_digits: 1,
        timeout_millis: 8000,
      });
      const digit = String(prng.int(1, 3));
      b.wait(1500, 7000).webhook(0, 'call.dtmf.received', { digit });
      b.wait(20, 120).webhook(0, 'call.gather.ended', { digits: digit, status: 'valid' });
    }
  }
  let legs = 1;
  if (plan.secondLeg === 'transfer') {
    const to = secondLegSpec.to ?? randomNumber(prng);
    b.wait(150, 800).command(0, 'transfer', { to, timeout_secs: 30 });
    b.wait(50, 300)
      .newLeg({ ...secondLegSpec, to })
      .webhook(1, 'call.initiated');
    b.wait(2000, 9000).answer(1).webhook(1, 'call.answered');
    b.wait(20, 150).webhook(0, 'call.bridged').wait(1, 30).webhook(1, 'call.bridged');
    legs = 2;
  } else if (plan.secondLeg === 'bridge') {
    const to = secondLegSpec.to ?? randomNumber(prng);
    b.wait(150, 800).command(0, 'dial', { to, connection_id: 'self' });
    b.wait(50, 300)
      .newLeg({ ...secondLegSpec, to })
      .webhook(1, 'call.initiated');
    b.wait(2000, 9000).answer(1).webhook(1, 'call.answered');
    b.wait(50, 300).command(0, 'bridge', (c) => ({ call_control_id: c.conversation.legs[1]?.callControlId }));
    b.wait(20, 150).webhook(0, 'call.bridged').wait(1, 30).webhook(1, 'call.bridged');
    legs = 2;
  }
  if (plan.hangup !== false) {
    const cause = plan.hangupCause ?? 'normal_clearing';
    b.wait(plan.talkMs ?? 20_000, (plan.talkMs ?? 20_000) + 40_000).command(0, 'hangup');
    for (let leg = 0; leg < legs; leg++) {
      b.wait(10, 120)
        .webhook(leg, 'call.hangup', (call) => hangupPayload(call, cause, leg === 0 ? 'callee' : 'caller'))
        .end(leg, cause);
    }
  }
  return b.steps;
}

/** An outbound call placed with Dial that keeps ringing (is_alive false, no end_time). */
export function ringingDialScript(prng: Prng): Step[] {
  const b = new ScriptBuilder(prng, new Set());
  b.command(0, 'dial', { timeout_secs: 60 });
  b.wait(30, 200).webhook(0, 'call.initiated');
  return b.steps;
}
