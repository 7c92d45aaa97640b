// Call Control's other side: Dial, the commands on a live leg, the far end (a callee that answers,
// is busy or does not exist; a caller who gives up), and the webhooks each of these causes. Every
// command and webhook is also recorded on the call, so /calls/{id}, /call_events and active calls
// say what happened here.
//
// Legs move parked (incoming, not answered) or ringing (dialled) → answered → bridged → hangup.
import type { Account } from './account';
import { randomNumber, stateAfter } from './account';
import {
  badField,
  COMMAND_NAMES,
  COMMAND_SHAPES,
  DIAL_SHAPE,
  isDialable,
  parseBody,
  validateBody,
  type Body,
  type CommandName,
} from './commandBodies';
import { invalidCallControlId, resourceNotFound, SimProblem } from './errors';
import type { JsonAnswer } from './handlers';
import { hangupPayload } from './hangups';
import { CALL_CONTROL_ID_SHAPE } from './ids';
import type { SimCall } from './model';
import type { Scheduler } from './scheduler';
import { durationSeconds } from './serialize';
import type { CallControlSettings, RingOptions } from './types';
import type { WebhookSender } from './webhooks';

/** Numbers whose far end misbehaves in a known way (every other number answers). */
export const FAR_END_NUMBERS = {
  /** Busy: call.hangup user_busy (SIP 486). */
  busy: '+15550100486',
  /** Does not exist: call.hangup not_found (SIP 404). */
  notFound: '+15550100404',
  /** Rings until timeout_secs: call.hangup timeout (SIP 408). */
  noAnswer: '+15550100408',
  /** Declines: call.hangup call_rejected (SIP 603). */
  declines: '+15550100603',
} as const;

const COMMAND_ID_WINDOW_MS = 60_000;
const OK: JsonAnswer = { status: 200, body: { data: { result: 'ok' } } };

export const DEFAULT_CALL_CONTROL_SETTINGS: CallControlSettings = {
  answerDelayMs: 800,
  mediaMs: 500,
  webhookRetries: 1,
  webhookRetryDelayMs: 500,
  defaultWebhookTimeoutSeconds: 10,
  ringTimeoutMs: 30_000,
};

const callHasEnded = (): SimProblem =>
  new SimProblem(422, {
    code: '90018',
    title: 'Call has already ended',
    detail: "This call is no longer active and can't receive commands.",
    source: { pointer: '/call_control_id' },
  });

/** A command the leg cannot take in its state (e.g. speak before answer): Telnyx's generic 422. */
const wrongState = (command: string, state: string): SimProblem =>
  new SimProblem(422, {
    code: '10015',
    title: 'Bad Request',
    detail: `${command} cannot be sent to a call that is ${state}.`,
    source: { pointer: '/call_control_id' },
  });

interface Prompt {
  ended: string;
  extra: Record<string, unknown>;
  cancel: () => void;
}

export class CallControl {
  private readonly seenCommandIds = new Map<string, { atMs: number; answer: JsonAnswer }>();
  private readonly prompts = new Map<string, Prompt[]>();
  private readonly farEndTimers = new Map<string, Array<() => void>>();
  private readonly pickUps = new Map<string, () => void>();

  constructor(
    private readonly account: Account,
    private readonly webhooks: WebhookSender,
    private readonly scheduler: Scheduler,
    readonly settings: CallControlSettings,
  ) {}

  // ---- Dial ------------------------------------------------------------------------------------

  dial(rawBody: string): JsonAnswer {
    const body = parseBody(rawBody);
    validateBody(body, DIAL_SHAPE);
    const connectionId = body.connection_id as string;
    const connection = this.account.connection(connectionId);
    if (!connection || connection.kind !== 'call_control_application' || !connection.active) {
      throw badField(
        'connection_id',
        `connection_id ${connectionId} is not an active Call Control Application of this account.`,
      );
    }
    const destinations = Array.isArray(body.to) ? (body.to as string[]) : [body.to as string];
    const undialable = destinations.find((to) => !isDialable(to));
    if (undialable !== undefined)
      throw badField('to', `to must be a +E.164 number or a SIP URI, got ${JSON.stringify(undialable)}.`);
    if (!isDialable(body.from as string)) throw badField('from', 'from must be a +E.164 number or a SIP URI.');
    if (body.audio_url !== undefined && body.media_name !== undefined)
      throw badField('media_name', 'media_name and audio_url cannot be used together.');
    let sessionId: string | undefined;
    if (typeof body.link_to === 'string') {
      const linked = this.account.call(body.link_to);
      if (!linked) throw badField('link_to', 'link_to is not a call_control_id of this account.');
      sessionId = linked.sessionId;
    }
    const repeated = this.repeatedCommand('dial', body);
    if (repeated) return repeated;

    const now = this.account.clock.now();
    const call = this.account.createCall({
      connectionId,
      startMs: now,
      sessionId,
      clientState: (body.client_state as string | undefined) ?? '',
      from: body.from as string,
      to: destinations[0],
      direction: 'outgoing',
      ringing: true,
    });
    if (typeof body.webhook_url === 'string') call.webhookUrl = body.webhook_url;
    if (body.webhook_url_method === 'GET' || body.webhook_url_method === 'POST')
      call.webhookUrlMethod = body.webhook_url_method;
    this.account.addEvent(call, { name: 'dial', type: 'command', extra: { ...body } });
    this.webhook(call, 'call.initiated');
    this.playFarEndOfDialledLeg(call, typeof body.timeout_secs === 'number' ? body.timeout_secs : 30, () =>
      this.webhook(call, 'call.answered'),
    );
    const answer: JsonAnswer = {
      status: 200,
      body: {
        data: {
          record_type: 'call',
          call_control_id: call.callControlId,
          call_leg_id: call.legId,
          call_session_id: call.sessionId,
          // Dialing is asynchronous: a dialled call is never alive in Dial's answer.
          is_alive: false,
          call_duration: durationSeconds(call, now),
          client_state: call.clientState || undefined,
        },
      },
    };
    this.remember('dial', body, answer);
    return answer;
  }

  // ---- Commands ----------------------------------------------------------------------------------

  command(callControlId: string, badEncoding: boolean, name: string, rawBody: string): JsonAnswer {
    if (!(COMMAND_NAMES as readonly string[]).includes(name)) {
      throw resourceNotFound(
        `The command ${name} is not supported by this simulator (it knows ${COMMAND_NAMES.join(', ')}).`,
      );
    }
    const command = name as CommandName;
    if (badEncoding || !CALL_CONTROL_ID_SHAPE.test(callControlId)) throw invalidCallControlId();
    const body = parseBody(rawBody);
    validateBody(body, COMMAND_SHAPES[command]);
    const call = this.account.call(callControlId);
    if (!call) throw invalidCallControlId();
    const repeated = this.repeatedCommand(callControlId, body);
    if (repeated) return repeated;
    try {
      if (call.endMs !== undefined) throw callHasEnded();
      this.run(call, command, body);
    } catch (error) {
      if (error instanceof SimProblem && error.status === 422 && error.error.source?.pointer === '/call_control_id')
        this.recordRefused(call, command, body, error);
      throw error;
    }
    this.remember(callControlId, body, OK);
    return OK;
  }

  private run(call: SimCall, command: CommandName, body: Body): void {
    const state = this.stateOf(call);
    const needsAnswered = (): void => {
      if (state !== 'answered' && state !== 'bridged') throw wrongState(command, state);
    };
    switch (command) {
      case 'answer': {
        if (state !== 'parked' || call.direction !== 'incoming') throw wrongState(command, state);
        this.recordCommand(call, command, body);
        if (typeof body.webhook_url === 'string') call.webhookUrl = body.webhook_url;
        if (body.webhook_url_method === 'GET' || body.webhook_url_method === 'POST')
          call.webhookUrlMethod = body.webhook_url_method;
        this.cancelFarEnd(call);
        this.account.answerCall(call, this.account.clock.now());
        this.webhook(call, 'call.answered');
        this.followRingOptions(call);
        return;
      }
      case 'reject': {
        if (state !== 'parked' || call.direction !== 'incoming') throw wrongState(command, state);
        this.recordCommand(call, command, body);
        this.endLeg(call, body.cause === 'USER_BUSY' ? 'user_busy' : 'call_rejected', 'callee');
        return;
      }
      case 'hangup': {
        this.recordCommand(call, command, body);
        if (state === 'ringing') this.endLeg(call, 'originator_cancel', 'caller');
        else this.endLeg(call, 'normal_clearing', this.ourSide(call));
        return;
      }
      case 'speak': {
        needsAnswered();
        this.recordCommand(call, command, body);
        this.startPrompt(
          call,
          'call.speak.started',
          {},
          'call.speak.ended',
          { status: 'completed' },
          { status: 'call_hangup' },
        );
        return;
      }
      case 'playback_start': {
        needsAnswered();
        const sources = ['audio_url', 'media_name', 'playback_content'].filter((field) => body[field] !== undefined);
        if (sources.length !== 1)
          throw badField(sources[1] ?? 'audio_url', 'Give exactly one of audio_url, media_name and playback_content.');
        this.recordCommand(call, command, body);
        const media: Record<string, unknown> =
          typeof body.audio_url === 'string'
            ? { media_url: body.audio_url }
            : typeof body.media_name === 'string'
              ? { media_name: body.media_name }
              : {};
        const overlay = { ...media, overlay: body.overlay === true };
        this.startPrompt(
          call,
          'call.playback.started',
          overlay,
          'call.playback.ended',
          { ...overlay, status: 'completed' },
          { ...overlay, status: 'call_hangup' },
        );
        return;
      }
      case 'gather_using_speak': {
        needsAnswered();
        this.recordCommand(call, command, body);
        this.startPrompt(
          call,
          undefined,
          {},
          'call.gather.ended',
          { digits: this.pressedDigits(body), status: 'valid' },
          { digits: '', status: 'call_hangup' },
        );
        return;
      }
      case 'bridge': {
        const otherId = body.call_control_id as string;
        const other = this.account.call(otherId);
        if (!other) throw badField('call_control_id', 'call_control_id is not a call of this account.');
        if (other === call) throw badField('call_control_id', 'A call cannot be bridged with itself.');
        if (other.endMs !== undefined)
          throw new SimProblem(422, { ...callHasEnded().error, detail: 'The call to bridge with has already ended.' });
        needsAnswered();
        const otherState = this.stateOf(other);
        if (otherState !== 'answered')
          throw new SimProblem(422, {
            ...wrongState('bridge', otherState).error,
            source: { pointer: '/call_control_id' },
          });
        this.recordCommand(call, command, body);
        call.parkAfterUnbridge = body.park_after_unbridge === 'self';
        this.bridge(call, other);
        return;
      }
      case 'transfer': {
        needsAnswered();
        if (!isDialable(body.to as string)) throw badField('to', 'to must be a +E.164 number or a SIP URI.');
        this.recordCommand(call, command, body);
        this.transfer(call, body);
        return;
      }
    }
  }

  // ---- The ring generator --------------------------------------------------------------------------

  private readonly ringOptions = new Map<string, RingOptions>();

  /** An incoming call on a connection: call.initiated (parked); the caller gives up if nobody answers. */
  ring(connectionId: string, options: RingOptions = {}): SimCall {
    this.checkRingable(connectionId);
    const call = this.account.createCall({
      connectionId,
      startMs: this.account.clock.now(),
      from: options.from ?? randomNumber(this.account.prng),
      to: options.to ?? randomNumber(this.account.prng),
      direction: 'incoming',
    });
    this.ringOptions.set(call.callControlId, options);
    this.webhook(call, 'call.initiated');
    this.farEnd(call, this.settings.ringTimeoutMs, () => {
      if (this.stateOf(call) === 'parked') this.endLeg(call, 'originator_cancel', 'caller', 'unspecified');
    });
    return call;
  }

  /** Calls `ring` every `everyMs` until the returned function is called. */
  startRinging(connectionId: string, everyMs: number, options: RingOptions = {}): () => void {
    this.checkRingable(connectionId);
    let stopped = false;
    let cancel: () => void = () => undefined;
    const next = (): void => {
      if (stopped) return;
      this.ring(connectionId, options);
      cancel = this.scheduler.after(everyMs, next);
    };
    cancel = this.scheduler.after(0, next);
    return () => {
      stopped = true;
      cancel();
    };
  }

  private checkRingable(connectionId: string): void {
    const connection = this.account.connection(connectionId);
    if (!connection) throw new Error(`simulator: no connection ${connectionId}`);
    if (connection.kind !== 'call_control_application' && connection.kind !== 'texml_application') {
      throw new Error(
        `simulator: connection ${connectionId} is a ${connection.kind}; incoming calls ring on Call Control or TeXML applications`,
      );
    }
  }

  private followRingOptions(call: SimCall): void {
    const hangupAfterMs = this.ringOptions.get(call.callControlId)?.hangupAfterMs;
    if (hangupAfterMs === undefined) return;
    this.farEnd(call, hangupAfterMs, () => {
      if (call.endMs === undefined) this.endLeg(call, 'normal_clearing', 'caller', 'unspecified');
    });
  }

  // ---- What happens to legs ------------------------------------------------------------------------

  stateOf(call: SimCall): 'parked' | 'ringing' | 'answered' | 'bridged' | 'hangup' {
    if (call.endMs !== undefined) return 'hangup';
    if (call.ringing) return 'ringing';
    if (call.bridgedWith !== undefined) return 'bridged';
    if (call.answeredMs !== undefined) return 'answered';
    return 'parked';
  }

  /** The side of the leg Telnyx (the application) is on: the callee of an incoming leg, the caller of a dialled one. */
  private ourSide(call: SimCall): 'caller' | 'callee' {
    return call.direction === 'incoming' ? 'callee' : 'caller';
  }

  /** A dialled leg (Dial or a transfer's new leg): the far end answers, is busy, declines or never answers. */
  private playFarEndOfDialledLeg(call: SimCall, timeoutSecs: number, onAnswered: () => void): void {
    this.farEnd(call, timeoutSecs * 1000, () => {
      if (this.stateOf(call) === 'ringing') this.endLeg(call, 'timeout', 'unknown');
    });
    if (call.to === FAR_END_NUMBERS.noAnswer) return;
    const outcome =
      call.to === FAR_END_NUMBERS.busy
        ? 'user_busy'
        : call.to === FAR_END_NUMBERS.notFound
          ? 'not_found'
          : call.to === FAR_END_NUMBERS.declines
            ? 'call_rejected'
            : 'answered';
    const answerNow = (): void => {
      this.pickUps.delete(call.callControlId);
      if (this.stateOf(call) !== 'ringing') return;
      if (outcome !== 'answered') {
        this.endLeg(call, outcome, 'callee');
        return;
      }
      this.cancelFarEnd(call);
      this.account.answerCall(call, this.account.clock.now());
      onAnswered();
    };
    this.pickUps.set(call.callControlId, answerNow);
    if (this.settings.answerDelayMs < timeoutSecs * 1000) this.farEnd(call, this.settings.answerDelayMs, answerNow);
  }

  /** The callee of a ringing dialled leg answers now (or is busy, … as its number says); false if it does not ring. */
  pickUp(callControlId: string): boolean {
    const answerNow = this.pickUps.get(callControlId);
    if (!answerNow) return false;
    answerNow();
    return true;
  }

  private transfer(call: SimCall, body: Body): void {
    const leg = this.account.createCall({
      connectionId: call.connectionId,
      startMs: this.account.clock.now(),
      sessionId: call.sessionId,
      clientState: typeof body.target_leg_client_state === 'string' ? body.target_leg_client_state : call.clientState,
      from: typeof body.from === 'string' ? body.from : call.to,
      to: body.to as string,
      direction: 'outgoing',
      ringing: true,
    });
    if (typeof body.webhook_url === 'string') leg.webhookUrl = body.webhook_url;
    if (body.webhook_url_method === 'GET' || body.webhook_url_method === 'POST')
      leg.webhookUrlMethod = body.webhook_url_method;
    this.webhook(leg, 'call.initiated');
    this.playFarEndOfDialledLeg(leg, typeof body.timeout_secs === 'number' ? body.timeout_secs : 30, () => {
      this.webhook(leg, 'call.answered');
      if (call.endMs === undefined) this.bridge(call, leg);
    });
  }

  private bridge(a: SimCall, b: SimCall): void {
    a.bridgedWith = b.callControlId;
    b.bridgedWith = a.callControlId;
    this.webhook(a, 'call.bridged');
    this.webhook(b, 'call.bridged');
  }

  /** Ends a leg: its prompts end as call_hangup, call.hangup is sent, and a bridged leg follows unless it parks. */
  private endLeg(call: SimCall, cause: string, source: 'caller' | 'callee' | 'unknown', sipCause?: string): void {
    if (call.endMs !== undefined) return;
    this.cancelFarEnd(call);
    for (const prompt of this.prompts.get(call.callControlId) ?? []) {
      prompt.cancel();
      this.webhook(call, prompt.ended, prompt.extra);
    }
    this.prompts.delete(call.callControlId);
    const payload = hangupPayload(call, cause, source);
    if (sipCause !== undefined) payload.sip_hangup_cause = sipCause;
    this.account.endCall(call, this.account.clock.now(), cause);
    this.webhook(call, 'call.hangup', { ...payload, start_time: new Date(call.startMs).toISOString() });
    const partner = call.bridgedWith !== undefined ? this.account.call(call.bridgedWith) : undefined;
    if (partner && partner.endMs === undefined) {
      partner.bridgedWith = undefined;
      if (!partner.parkAfterUnbridge) this.endLeg(partner, 'normal_clearing', this.ourSide(partner));
    }
  }

  private startPrompt(
    call: SimCall,
    started: string | undefined,
    startedExtra: Record<string, unknown>,
    ended: string,
    endedExtra: Record<string, unknown>,
    cutExtra: Record<string, unknown>,
  ): void {
    if (started) this.webhook(call, started, startedExtra);
    const list = this.prompts.get(call.callControlId) ?? [];
    this.prompts.set(call.callControlId, list);
    const prompt: Prompt = { ended, extra: cutExtra, cancel: () => undefined };
    prompt.cancel = this.scheduler.after(this.settings.mediaMs, () => {
      const index = list.indexOf(prompt);
      if (index >= 0) list.splice(index, 1);
      if (call.endMs === undefined) this.webhook(call, ended, endedExtra);
    });
    list.push(prompt);
  }

  /** The digits the far end presses for a gather: the minimum asked for, from the valid digits. */
  private pressedDigits(body: Body): string {
    const valid = typeof body.valid_digits === 'string' && body.valid_digits !== '' ? body.valid_digits : '0123456789';
    const terminating = typeof body.terminating_digit === 'string' ? body.terminating_digit : '#';
    const choices = [...valid].filter((digit) => digit !== terminating);
    const count = typeof body.minimum_digits === 'number' ? body.minimum_digits : 1;
    let digits = '';
    for (let i = 0; i < count; i++) digits += choices.length ? this.account.prng.pick(choices) : '1';
    return digits;
  }

  private farEnd(call: SimCall, ms: number, task: () => void): void {
    const list = this.farEndTimers.get(call.callControlId) ?? [];
    this.farEndTimers.set(call.callControlId, list);
    list.push(this.scheduler.after(ms, task));
  }

  private cancelFarEnd(call: SimCall): void {
    this.pickUps.delete(call.callControlId);
    for (const cancel of this.farEndTimers.get(call.callControlId) ?? []) cancel();
    this.farEndTimers.delete(call.callControlId);
  }

  // ---- Records -----------------------------------------------------------------------------------

  /** A webhook as it happens now: recorded and sent with the client_state in force. */
  private webhook(call: SimCall, name: string, extra: Record<string, unknown> = {}): void {
    this.webhooks.send({
      call,
      name,
      us: this.account.nowUs(),
      extra: { ...extra, client_state: call.clientState },
      callState: stateAfter(name, call),
      webhookId: this.account.newWebhookId(),
    });
  }

  private recordCommand(call: SimCall, command: CommandName, body: Body): void {
    // A command's client_state rides on the webhooks that follow it.
    if (typeof body.client_state === 'string') call.clientState = body.client_state;
    this.account.addEvent(call, { name: command, type: 'command', extra: { ...body } });
  }

  /** A command refused for the call's state is in the call's events too, as failed, with its error. */
  private recordRefused(call: SimCall, command: CommandName, body: Body, problem: SimProblem): void {
    const event = this.account.addEvent(call, {
      name: command,
      type: 'command',
      extra: { ...body },
      customMetadata: {
        command,
        params: { ...body },
        result: problem.body(),
        connection_id: call.connectionId,
        call_control_id: call.callControlId,
      },
    });
    event.failed = true;
  }

  /** The answer already given to the same command_id on the same call within 60 s, if any. */
  private repeatedCommand(scope: string, body: Body): JsonAnswer | undefined {
    if (typeof body.command_id !== 'string') return undefined;
    const seen = this.seenCommandIds.get(`${scope}\n${body.command_id}`);
    if (!seen || this.account.clock.now() - seen.atMs > COMMAND_ID_WINDOW_MS) return undefined;
    return seen.answer;
  }

  private remember(scope: string, body: Body, answer: JsonAnswer): void {
    if (typeof body.command_id !== 'string') return;
    this.seenCommandIds.set(`${scope}\n${body.command_id}`, { atMs: this.account.clock.now(), answer });
  }
}
