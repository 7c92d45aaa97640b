// Rules about the order of a call's life: commands after hangup, answer on an outgoing leg, a leg left
// alive, an incoming call never answered, events out of order.
import type { L10nHost } from '../core/l10n';
import { shortId } from '../core/format';
import { DOCS } from './docs';
import { fieldText } from './read';
import {
  isCommand,
  isUnrecognisedCommand,
  isWebhook,
  seconds,
  webhookIdentity,
  type Ev,
  type Session,
} from './session';
import type { Finding } from './types';

const LIFECYCLE_RANK: Record<string, number> = {
  'call.initiated': 0,
  'call.answered': 1,
  'call.bridged': 2,
  'call.hangup': 9,
};
/** Webhooks Telnyx sends after a hangup by design (recordings are saved after the call). */
const AFTER_HANGUP_OK =
  /^(call\.recording\.(saved|error|transcription\.saved)|call\.transcription|call\.conversation\.ended|call\.conversation_insights\.generated|call\.cost)/;
const DELIBERATE_END: ReadonlySet<string> = new Set(['reject', 'hangup']);

export function commandsAfterHangup(session: Session, host: L10nHost): Finding[] {
  const findings: Finding[] = [];
  for (const leg of session.legs) {
    const hangup = leg.hangup;
    if (!hangup) continue;
    const late = leg.events.filter((ev) => isCommand(ev) && ev.at > hangup.at);
    if (!late.length) continue;
    const ended = late.some((ev) => ev.read.errors.some((e) => e.code === '90018'));
    const names = [...new Set(late.map((ev) => ev.event.name))].join(', ');
    const advice = host.l10n.t(
      'Stop sending commands for a call_control_id once its call.hangup webhook arrives, and treat 90018 ' +
        'on a hangup command as success.',
    );
    // The tap saw the hangup reach the application and the command leave it, on one clock: certain.
    const hangupAtMs = hangup.event.tap?.atMs;
    const certain =
      hangupAtMs !== undefined && late.some((ev) => ev.event.tap?.telnyx && ev.event.tap.atMs > hangupAtMs);
    findings.push({
      id: `command-after-hangup:${leg.legId}`,
      rule: 'command-after-hangup',
      severity: ended || certain ? 'error' : 'warning',
      title: certain
        ? host.l10n.t(
            '{0} sent {1} s after leg {2} hung up (seen by the live tap)',
            names,
            seconds(late[0].at - hangup.at),
            shortId(leg.legId),
          )
        : host.l10n.t(
            '{0} sent {1} s after leg {2} hung up',
            names,
            seconds(late[0].at - hangup.at),
            shortId(leg.legId),
          ),
      explanation: certain
        ? host.l10n.t(
            'The live tap saw the call.hangup webhook reach your application, then this command leave it: ' +
              'the leg had already ended, {0}.',
            ended
              ? host.l10n.t('and Telnyx answered 90018 "Call has already ended"')
              : host.l10n.t('whatever Telnyx answered'),
          ) +
          ' ' +
          advice
        : host.l10n.t(
            'The application sent a command to a leg that had already ended, so Telnyx answers it ' +
              'with 90018 "Call has already ended". Stop sending commands for a call_control_id once its ' +
              'call.hangup webhook arrives, and treat 90018 on a hangup command as success.',
          ),
      docsUrl: DOCS.hangupWebhook,
      eventRefs: [hangup.index, ...late.map((ev) => ev.index)],
    });
  }
  return findings;
}

export function answerOnOutgoingLeg(session: Session, host: L10nHost): Finding[] {
  const findings: Finding[] = [];
  for (const leg of session.legs) {
    if (leg.direction !== 'outgoing') continue;
    const answers = leg.events.filter((ev) => isCommand(ev) && ev.action === 'answer');
    if (!answers.length) continue;
    findings.push({
      id: `answer-on-outgoing-leg:${leg.legId}`,
      rule: 'answer-on-outgoing-leg',
      severity: 'warning',
      title: host.l10n.t('answer sent on outgoing leg {0}', shortId(leg.legId)),
      explanation: host.l10n.t(
        'answer is only for incoming calls; an outgoing leg (placed with dial or transfer) is ' +
          'answered by the called party, and call.answered says when. Check the direction field of ' +
          'call.initiated before answering.',
      ),
      docsUrl: DOCS.answerCall,
      eventRefs: answers.map((ev) => ev.index),
    });
  }
  return findings;
}

export function danglingLegs(session: Session, host: L10nHost, nowMicros: number, thresholdMicros: number): Finding[] {
  const ended = session.legs.filter((leg) => leg.hangup);
  if (session.legs.length < 2 || !ended.length) return [];
  const findings: Finding[] = [];
  for (const leg of session.legs) {
    const endAt = leg.hangup ? leg.hangup.at : nowMicros;
    const other = ended
      .filter((o) => o !== leg && (o.hangup as Ev).at < endAt)
      .sort((a, b) => (a.hangup as Ev).at - (b.hangup as Ev).at)[0];
    if (!other) continue;
    const otherHangup = other.hangup as Ev;
    const overMicros = endAt - otherHangup.at;
    if (overMicros <= thresholdMicros) continue;
    findings.push({
      id: `dangling-leg:${leg.legId}`,
      rule: 'dangling-leg',
      severity: 'warning',
      title: leg.hangup
        ? host.l10n.t(
            'Leg {0} stayed up {1} s after leg {2} hung up',
            shortId(leg.legId),
            seconds(overMicros),
            shortId(other.legId),
          )
        : host.l10n.t(
            'Leg {0} is still up {1} s after leg {2} hung up',
            shortId(leg.legId),
            seconds(overMicros),
            shortId(other.legId),
          ),
      explanation: host.l10n.t(
        'When one leg of a session hangs up, the application usually has to end the others ' +
          '(hangup on their call_control_id) or they keep ringing or running, and cost money. Handle ' +
          'call.hangup for every leg of the session.',
      ),
      docsUrl: DOCS.hangupCall,
      eventRefs: leg.hangup
        ? [otherHangup.index, leg.hangup.index]
        : [otherHangup.index, ...leg.events.slice(-1).map((ev) => ev.index)],
    });
  }
  return findings;
}

export function unansweredIncoming(session: Session, host: L10nHost): Finding[] {
  const findings: Finding[] = [];
  for (const leg of session.legs) {
    if (leg.direction !== 'incoming' || !leg.hangup) continue;
    const answered = leg.events.some(
      (ev) => (isCommand(ev) && ev.action === 'answer') || (isWebhook(ev) && ev.event.name === 'call.answered'),
    );
    if (answered) continue;
    if (leg.events.some((ev) => isCommand(ev) && ev.action !== undefined && DELIBERATE_END.has(ev.action))) continue;
    // Rejected by the application (a reject command under a name not recognised still ends so).
    if (fieldText(leg.hangup.read, 'hangup_cause') === 'call_rejected') continue;
    const initiated = leg.events.find((ev) => isWebhook(ev) && ev.event.name === 'call.initiated');
    const unrecognised = [...new Set(leg.events.filter(isUnrecognisedCommand).map((ev) => ev.event.name))];
    const caveat = unrecognised.length
      ? ' ' +
        host.l10n.t(
          'The application also sent {0}, which the call doctor does not recognise as a Call ' +
            'Control command: if it answered or rejected the call, this finding is wrong.',
          unrecognised.join(', '),
        )
      : '';
    findings.push({
      id: `unanswered-incoming-call:${leg.legId}`,
      rule: 'unanswered-incoming-call',
      severity: 'warning',
      title: host.l10n.t('Incoming call on leg {0} ended without being answered', shortId(leg.legId)),
      explanation:
        host.l10n.t(
          'The application never sent answer (nor reject) after call.initiated, so the caller ' +
            'waited until the call ended. Check that your webhook URL receives call.initiated and that ' +
            'the handler answers quickly.',
        ) + caveat,
      docsUrl: DOCS.answerCall,
      eventRefs: [...(initiated ? [initiated.index] : []), leg.hangup.index],
    });
  }
  return findings;
}

export function outOfOrderEvents(session: Session, host: L10nHost): Finding[] {
  const findings: Finding[] = [];
  for (const leg of session.legs) {
    const seen = new Set<string>();
    const disorder: Ev[] = [];
    const afterHangup: Ev[] = [];
    let maxOccurred = '';
    let maxRank = -1;
    for (const ev of leg.events) {
      if (!isWebhook(ev) || ev.read.deliveryFailed) continue;
      const identity = webhookIdentity(ev);
      if (identity !== undefined && seen.has(identity)) continue;
      const rank = LIFECYCLE_RANK[ev.event.name];
      const occurred = ev.read.occurredAt;
      const earlier =
        (occurred !== undefined && maxOccurred !== '' && occurred < maxOccurred) ||
        (rank !== undefined && rank < maxRank);
      if (earlier) disorder.push(ev);
      else if (leg.hangup && leg.hangup !== ev && ev.at > leg.hangup.at && !AFTER_HANGUP_OK.test(ev.event.name))
        afterHangup.push(ev);
      if (occurred !== undefined && occurred > maxOccurred) maxOccurred = occurred;
      if (rank !== undefined && rank > maxRank) maxRank = rank;
      if (identity !== undefined) seen.add(identity);
    }
    if (disorder.length) {
      findings.push({
        id: `out-of-order-events:${leg.legId}`,
        rule: 'out-of-order-events',
        severity: 'info',
        title: host.l10n.t('{0} webhook(s) on leg {1} arrived out of order', disorder.length, shortId(leg.legId)),
        explanation: host.l10n.t(
          "Telnyx does not guarantee the order of webhooks. Decide from each webhook's occurred_at " +
            'and the call state, not from arrival order (for example, ignore a call.initiated that ' +
            'arrives after call.answered).',
        ),
        docsUrl: DOCS.receivingWebhooks,
        eventRefs: disorder.map((ev) => ev.index),
      });
    }
    if (afterHangup.length && leg.hangup) {
      findings.push({
        id: `webhook-after-hangup:${leg.legId}`,
        rule: 'out-of-order-events',
        severity: 'info',
        title: host.l10n.t(
          '{0} webhook(s) for leg {1} arrived after its hangup',
          afterHangup.length,
          shortId(leg.legId),
        ),
        explanation: host.l10n.t(
          'Webhooks can arrive after call.hangup. Handlers must not act on a call that has ended ' +
            '(sending a command would fail with 90018).',
        ),
        docsUrl: DOCS.receivingWebhooks,
        eventRefs: [leg.hangup.index, ...afterHangup.map((ev) => ev.index)],
      });
    }
  }
  return findings;
}
