// The call doctor: reads a session's events and says, in plain words, what went wrong and how fast the
// application reacted. No 'vscode', no network: the extension, the command and the tests call it alike.
import { englishStrings, type L10nHost } from '../core/l10n';
import { describeBasis, diagnosisBasis } from './basis';
import { badClientState, commandErrors, hangupFindings } from './content';
import { duplicateCommands, failedDeliveries } from './delivery';
import {
  answerOnOutgoingLeg,
  commandsAfterHangup,
  danglingLegs,
  outOfOrderEvents,
  unansweredIncoming,
} from './lifecycle';
import { reactionPairs, reactionStats, slowReactions } from './reactions';
import { buildSession } from './session';
import { signatureFindings, webhookAnswerFailures } from './tapRules';
import { DEFAULTS, type Diagnosis, type DoctorInput, type DoctorOptions, type Finding, type Severity } from './types';

export * from './types';

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export function diagnoseCall(
  input: DoctorInput,
  options: DoctorOptions = {},
  host: L10nHost = englishStrings,
): Diagnosis {
  const budget = (options.reactionBudgetMs ?? DEFAULTS.reactionBudgetMs) * 1000;
  const window = (options.reactionWindowMs ?? DEFAULTS.reactionWindowMs) * 1000;
  const dangling = (options.danglingLegMs ?? DEFAULTS.danglingLegMs) * 1000;
  const duplicateWindow = (options.duplicateWindowMs ?? DEFAULTS.duplicateWindowMs) * 1000;
  const session = buildSession(input.events);
  const nowMicros = options.nowMs !== undefined ? options.nowMs * 1000 : session.lastAt;

  const afterHangup = commandsAfterHangup(session, host);
  const explained = new Set<number>();
  for (const finding of afterHangup) for (const index of finding.eventRefs) explained.add(index);
  const pairs = reactionPairs(session, window);
  const findings: Finding[] = [
    ...afterHangup,
    ...duplicateCommands(session, host, duplicateWindow),
    ...answerOnOutgoingLeg(session, host),
    ...(Number.isNaN(nowMicros) ? [] : danglingLegs(session, host, nowMicros, dangling)),
    ...unansweredIncoming(session, host),
    ...failedDeliveries(session, host, input.connection),
    ...webhookAnswerFailures(session, host, input.connection),
    ...signatureFindings(session, host),
    ...slowReactions(pairs, host, budget),
    ...outOfOrderEvents(session, host),
    ...badClientState(session, host),
    ...hangupFindings(session, host),
    ...commandErrors(session, host, explained),
  ];
  const position = new Map(session.ordered.map((ev, i) => [ev.index, i]));
  const firstAt = (f: Finding): number =>
    Math.min(...f.eventRefs.map((i) => position.get(i) ?? Number.MAX_SAFE_INTEGER), Number.MAX_SAFE_INTEGER);
  const keyed = findings.map((f) => ({ f, at: firstAt(f) }));
  keyed.sort(
    (a, b) =>
      SEVERITY_ORDER[a.f.severity] - SEVERITY_ORDER[b.f.severity] ||
      a.at - b.at ||
      (a.f.id < b.f.id ? -1 : a.f.id > b.f.id ? 1 : 0),
  );
  const basis = diagnosisBasis(session);
  return {
    findings: keyed.map((k) => k.f),
    reactions: { pairs, byWebhook: reactionStats(pairs) },
    basis,
    basisLine: describeBasis(basis, host),
  };
}
