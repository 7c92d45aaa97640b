// Plays a script's steps: back-dated when seeding (timestamps from the schedule), or "now" in live
// mode so that new events always sort after everything a client has already seen.
import type { Account, NewCall } from './account';
import type { SimConnection } from './model';
import type { Conversation, Step, StepContext } from './scripts';

export function beginConversation(
  account: Account,
  connection: SimConnection,
  first: NewCall,
  steps: Step[],
): Conversation {
  const call = account.createCall(first);
  return { connection, legs: [call], steps, next: 0, startMs: first.startMs, lastUs: 0 };
}

/** Runs the steps due by `untilMs`; returns true once the script is finished. */
export function advanceConversation(
  account: Account,
  conversation: Conversation,
  untilMs: number,
  timing: 'scheduled' | 'now',
): boolean {
  while (conversation.next < conversation.steps.length) {
    const step = conversation.steps[conversation.next];
    const ms = conversation.startMs + step.offsetMs;
    if (ms > untilMs) return false;
    conversation.next++;
    const context: StepContext = {
      account,
      conversation,
      ms: timing === 'now' ? account.clock.now() : ms,
      stamp: () => {
        const us =
          timing === 'now' ? account.nowUs() : Math.max(ms * 1000 + account.prng.int(0, 999), conversation.lastUs + 1);
        conversation.lastUs = us;
        return us;
      },
    };
    step.run(context);
  }
  return true;
}

/** Total scripted length, to back-date a conversation so that it has just reached a point. */
export function scriptLengthMs(steps: readonly Step[]): number {
  return steps.length ? steps[steps.length - 1].offsetMs : 0;
}
