// How fast the application reacted: each command paired with the latest webhook on its leg since the
// previous command (the one it most likely answers), within a window beyond which a command is not a
// reaction but something the application decided later (a hangup after a conversation).
import type { L10nHost } from '../core/l10n';
import { shortId } from '../core/format';
import { DOCS } from './docs';
import { isCommand, seconds, type Session } from './session';
import type { Finding, ReactionPair, ReactionStat } from './types';

export function reactionPairs(session: Session, windowMicros: number): ReactionPair[] {
  const pairs: ReactionPair[] = [];
  for (const leg of session.legs) {
    let pending: (typeof leg.events)[number] | undefined;
    for (const ev of leg.events) {
      if (Number.isNaN(ev.at)) continue;
      if (isCommand(ev)) {
        if (pending && ev.at - pending.at <= windowMicros) {
          pairs.push({
            legId: leg.legId,
            webhook: pending.event.name,
            command: ev.event.name,
            webhookIndex: pending.index,
            commandIndex: ev.index,
            micros: ev.at - pending.at,
          });
        }
        pending = undefined;
      } else if (!ev.read.deliveryFailed) {
        pending = ev;
      }
    }
  }
  return pairs;
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export function reactionStats(pairs: readonly ReactionPair[]): ReactionStat[] {
  const byName = new Map<string, number[]>();
  for (const pair of pairs) {
    const list = byName.get(pair.webhook);
    if (list) list.push(pair.micros);
    else byName.set(pair.webhook, [pair.micros]);
  }
  return [...byName.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([webhook, values]) => {
      values.sort((a, b) => a - b);
      return {
        webhook,
        count: values.length,
        p50Micros: percentile(values, 50),
        p95Micros: percentile(values, 95),
        maxMicros: values[values.length - 1],
      };
    });
}

export function slowReactions(pairs: readonly ReactionPair[], host: L10nHost, budgetMicros: number): Finding[] {
  const slow = pairs
    .filter((p) => p.micros > budgetMicros)
    .sort((a, b) => b.micros - a.micros || a.commandIndex - b.commandIndex);
  if (!slow.length) return [];
  const named = slow
    .slice(0, 3)
    .map((p) => host.l10n.t('{0} → {1} on leg {2}: {3} s', p.webhook, p.command, shortId(p.legId), seconds(p.micros)))
    .join('; ');
  return [
    {
      id: 'slow-reactions',
      rule: 'slow-reactions',
      severity: 'warning',
      title: host.l10n.t(
        '{0} slow reaction(s) over {1} s; slowest {2} s',
        slow.length,
        seconds(budgetMicros),
        seconds(slow[0].micros),
      ),
      explanation:
        host.l10n.t(
          'The application took longer than the budget to answer a webhook with its next command, ' +
            'so callers hear silence. Answer the webhook with 200 at once and do slow work (databases, ' +
            'AI) after. Slowest:',
        ) + ` ${named}.`,
      docsUrl: DOCS.receivingWebhooks,
      eventRefs: slow.slice(0, 3).flatMap((p) => [p.webhookIndex, p.commandIndex]),
    },
  ];
}
