// Live mode: calls start, play realistic scripts and end while the simulator runs.
import { hangupPayload } from './hangups';
import type { Account } from './account';
import { advanceConversation, beginConversation } from './conversation';
import type { SimConnection } from './model';
import { clientStateAs } from './modes';
import { inboundCallScript, pickHangupCause, type Conversation } from './scripts';

const MAX_LIVE_CONVERSATIONS = 14;

export class LiveMode {
  private readonly conversations: Conversation[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly account: Account,
    private readonly mainConnectionId: string,
    private readonly busyConnectionId: string,
    private readonly quietConnectionIds: ReadonlySet<string>,
  ) {}

  start(tickMs: number): void {
    this.stop();
    this.timer = setInterval(() => this.tick(), tickMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One step of the world: advance running calls, maybe start new ones, churn the busy connection. */
  tick(): void {
    const account = this.account;
    const prng = account.prng;
    const now = account.clock.now();
    for (let i = this.conversations.length - 1; i >= 0; i--) {
      if (advanceConversation(account, this.conversations[i], now, 'now')) this.conversations.splice(i, 1);
    }
    if (this.conversations.length < MAX_LIVE_CONVERSATIONS && prng.chance(0.6)) {
      const connection = this.pickConnection();
      if (connection) {
        const steps = inboundCallScript(prng, {
          secondLeg: prng.chance(0.25) ? prng.pick(['transfer', 'bridge'] as const) : undefined,
          gather: prng.chance(0.5),
          failingWebhooks: prng.chance(0.08) ? ['call.speak.ended'] : [],
          hangup: true,
          hangupCause: pickHangupCause(prng),
          talkMs: prng.int(3_000, 30_000),
        });
        const conversation = beginConversation(
          account,
          connection,
          {
            connectionId: connection.id,
            startMs: now,
            clientState: liveClientState(account, {
              agent: prng.pick(['ana', 'bruno', 'chen']),
              queue: 'support',
              live: true,
            }),
          },
          steps,
        );
        advanceConversation(account, conversation, now, 'now');
        this.conversations.push(conversation);
      }
    }
    this.churnBusyConnection(now);
  }

  private pickConnection(): SimConnection | undefined {
    const account = this.account;
    if (account.prng.chance(0.4)) return account.connection(this.mainConnectionId);
    const candidates = account.connections.filter(
      (c) =>
        c.active &&
        (c.kind === 'call_control_application' || c.kind === 'texml_application') &&
        c.id !== this.busyConnectionId &&
        !this.quietConnectionIds.has(c.id),
    );
    return candidates.length ? account.prng.pick(candidates) : undefined;
  }

  private churnBusyConnection(now: number): void {
    const account = this.account;
    const prng = account.prng;
    const alive = account.aliveCalls(this.busyConnectionId);
    const changes = prng.int(0, 3);
    for (let i = 0; i < changes && alive.length > 0; i++) {
      const call = alive[prng.int(0, alive.length - 1)];
      const cause = pickHangupCause(prng);
      account.addEvent(call, { name: 'call.hangup', type: 'webhook', extra: hangupPayload(call, cause, 'callee') });
      account.endCall(call, now, cause);
    }
    for (let i = 0; i < changes; i++) {
      const call = account.createCall({ connectionId: this.busyConnectionId, startMs: now, direction: 'outgoing' });
      account.addEvent(call, { name: 'dial', type: 'command', extra: { to: call.to, from: call.from } });
      account.addEvent(call, { name: 'call.initiated', type: 'webhook' });
      account.answerCall(call, now);
      account.addEvent(call, { name: 'call.answered', type: 'webhook' });
    }
  }
}

/** base64 JSON as most applications send it; in plainClientState mode also plain JSON or cut base64. */
function liveClientState(account: Account, value: Record<string, unknown>): string {
  if (!account.modes.plainClientState) return clientStateAs('base64', value);
  return clientStateAs(account.prng.pick(['base64', 'plain', 'truncated'] as const), value);
}
