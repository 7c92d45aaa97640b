// The words of the ladder (labels, announcements, end of call), shared by the webview and the
// exports. The strings come translated from the extension; this file only fills them in.
import {
  hasSipResponseCode,
  isKnownHangupCause,
  packetLossPercent,
  isPoorQuality,
  LOW_MOS,
  type HangupFacts,
  type KnownHangupCause,
  type QualityDirection,
} from './endOfCall';
import type { Arrow, Ladder, Lifeline } from './ladder';
import { pluralFor, type Plural } from './plural';
import type { TapAnswer } from './tapFacts';
import { formatSpan } from './time';

/** `{0}`-style placeholders. */
export interface LadderStrings {
  viewLabel: string;
  viewList: string;
  viewLadder: string;
  /** "Call ladder: {0} between your application and {1}", with `arrowCount` and `legCount`. */
  ladderLabel: string;
  arrowCount: Plural;
  legCount: Plural;
  application: string;
  legTitle: string;
  route: string;
  directionIncoming: string;
  directionOutgoing: string;
  webhook: string;
  command: string;
  result: string;
  errorCode: string;
  /** The application's answer to a tapped webhook: "{0} · {1} ms" (status, ms). */
  appAnswer: string;
  /** No HTTP answer came back (the application was down, reset, too slow). */
  noAnswer: string;
  /** The request is still being forwarded. */
  waiting: string;
  /** Telnyx accepted a tapped command. */
  telnyxOk: string;
  /** Telnyx refused a tapped command: "{0} {1}" (code, meaning). */
  telnyxRefused: string;
  /** A refusal without a Telnyx error code: "HTTP {0}". */
  httpStatus: string;
  /** Short meanings of Telnyx error codes ("90018": "call already ended"); others show Telnyx's title. */
  errorMeanings: Record<string, string>;
  deliveryFailed: Plural;
  failoverUsed: string;
  failoverNotUsed: string;
  deliveries: string;
  gapLater: string;
  silence: string;
  announceWebhook: string;
  announceCommand: string;
  announceBroken: string;
  endOfCall: string;
  hungUpBy: string;
  sourceCaller: string;
  sourceCallee: string;
  sourceUnknown: string;
  hangupCauses: Record<KnownHangupCause, string>;
  hangupCauseOther: string;
  sipCode: string;
  /** For `sip_hangup_cause: unspecified`. */
  noSipCode: string;
  qualityInbound: string;
  qualityOutbound: string;
  mos: string;
  packets: Plural;
  skipped: string;
  /** Packet loss in percent (`packetLossPercent`). */
  lost: string;
  poorQuality: string;
  noHangup: string;
  copyMermaid: string;
  saveMermaid: string;
  saveSvg: string;
  diagramTitle: string;
  /** What "Copied {0}." names after a copy. */
  mermaidName: string;
}

export function fill(template: string, ...values: Array<string | number>): string {
  return template.replace(/\{(\d+)\}/g, (match, index: string) => {
    const value = values[Number(index)];
    return value === undefined ? match : String(value);
  });
}

export function directionText(direction: string | undefined, s: LadderStrings): string | undefined {
  if (direction === undefined) return undefined;
  if (/^(incoming|inbound)$/i.test(direction)) return s.directionIncoming;
  if (/^(outgoing|outbound)$/i.test(direction)) return s.directionOutgoing;
  return direction;
}

/** "Your application", or "Leg 2" */
export function lifelineTitle(line: Lifeline, s: LadderStrings): string {
  return line.kind === 'application' ? s.application : fill(s.legTitle, line.index);
}

/** "incoming · +1555… → +1666…" (what is known of it). */
export function lifelineSubtitle(line: Lifeline, s: LadderStrings): string {
  if (line.kind === 'application') return '';
  const parts: string[] = [];
  const direction = directionText(line.direction, s);
  if (direction) parts.push(direction);
  if (line.from !== undefined || line.to !== undefined) parts.push(fill(s.route, line.from ?? '?', line.to ?? '?'));
  return parts.join(' · ');
}

/** The name, then the result or error code, the failed delivery and the stack count. */
export function arrowDetail(arrow: Arrow, s: LadderStrings): string {
  const parts: string[] = [];
  if (arrow.appAnswers) parts.push(arrow.appAnswers.map((answer) => appAnswerText(answer, s)).join(' → '));
  if (arrow.telnyxAnswer) parts.push(telnyxAnswerText(arrow.telnyxAnswer, s));
  else if (arrow.errorCode !== undefined) parts.push(fill(s.errorCode, arrow.errorCode));
  else if (arrow.result !== undefined) parts.push(fill(s.result, arrow.result));
  if (arrow.broken) {
    parts.push(fill(pluralFor(s.deliveryFailed, arrow.attempts), arrow.attempts));
    if (arrow.failover !== undefined) parts.push(arrow.failover ? s.failoverUsed : s.failoverNotUsed);
  }
  if (arrow.count > 1) parts.push(fill(s.deliveries, arrow.count));
  return parts.join(', ');
}

/** "200 · 12 ms", "500 · 30 ms", "no answer". */
export function appAnswerText(answer: TapAnswer, s: LadderStrings): string {
  if (answer.pending) return s.waiting;
  return answer.status === undefined ? s.noAnswer : fill(s.appAnswer, answer.status, Math.round(answer.ms));
}

/** "ok", "90018 call already ended", "HTTP 500", "no answer". */
export function telnyxAnswerText(telnyx: NonNullable<Arrow['telnyxAnswer']>, s: LadderStrings): string {
  const { answer, code, title } = telnyx;
  if (answer.pending) return s.waiting;
  if (answer.status === undefined) return s.noAnswer;
  if (answer.status >= 200 && answer.status < 300) return s.telnyxOk;
  if (code === undefined) return fill(s.httpStatus, answer.status);
  return fill(s.telnyxRefused, code, s.errorMeanings[code] ?? title ?? '').trim();
}

export function arrowLabel(arrow: Arrow, s: LadderStrings): string {
  const detail = arrowDetail(arrow, s);
  return detail ? `${arrow.name} (${detail})` : arrow.name;
}

/** The gap label above an arrow: "12.3 s later" or, for a break, "8 min 20 s of silence". */
export function gapText(arrow: Arrow, s: LadderStrings): string | undefined {
  if (arrow.gapBeforeMicros === undefined) return undefined;
  return fill(arrow.breakBefore ? s.silence : s.gapLater, formatSpan(arrow.gapBeforeMicros));
}

/** What a screen reader says for the focused arrow. */
export function announceArrow(arrow: Arrow, s: LadderStrings): string {
  const since = Number.isNaN(arrow.entry.sinceStartMicros) ? '?' : formatSpan(arrow.entry.sinceStartMicros);
  const text = fill(arrow.kind === 'webhook' ? s.announceWebhook : s.announceCommand, arrow.name, arrow.leg, since);
  const detail = arrowDetail(arrow, s);
  return detail ? `${text}; ${detail}` : text;
}

export function hangupSourceText(source: string | undefined, s: LadderStrings): string | undefined {
  if (source === undefined) return undefined;
  if (source === 'caller') return s.sourceCaller;
  if (source === 'callee') return s.sourceCallee;
  if (source === 'unknown') return s.sourceUnknown;
  return source;
}

export function hangupCauseText(cause: string | undefined, s: LadderStrings): string | undefined {
  if (cause === undefined) return undefined;
  return isKnownHangupCause(cause) ? s.hangupCauses[cause] : fill(s.hangupCauseOther, cause);
}

function qualityLine(template: string, q: QualityDirection | undefined, s: LadderStrings): string | undefined {
  if (!q) return undefined;
  const parts: string[] = [];
  if (q.mos !== undefined) parts.push(fill(s.mos, q.mos.toFixed(2)));
  if (q.packetCount !== undefined) parts.push(fill(pluralFor(s.packets, q.packetCount), q.packetCount));
  if (q.skipPacketCount !== undefined) parts.push(fill(s.skipped, q.skipPacketCount));
  const loss = packetLossPercent(q);
  if (loss !== undefined) parts.push(fill(s.lost, loss.toFixed(1)));
  return parts.length ? fill(template, parts.join(', ')) : undefined;
}

/** The end of a leg in a few short lines: who and why, SIP code, quality per direction, warning. */
export function endOfCallLines(hangup: HangupFacts | undefined, s: LadderStrings): { lines: string[]; poor: boolean } {
  if (!hangup) return { lines: [s.noHangup], poor: false };
  const lines: string[] = [];
  const who = hangupSourceText(hangup.source, s);
  const why = hangupCauseText(hangup.cause, s);
  const first = [who ? fill(s.hungUpBy, who) : undefined, why].filter((x): x is string => !!x).join(': ');
  if (first) lines.push(first);
  if (hangup.sipCode !== undefined)
    lines.push(hasSipResponseCode(hangup.sipCode) ? fill(s.sipCode, hangup.sipCode) : s.noSipCode);
  const inbound = qualityLine(s.qualityInbound, hangup.quality?.inbound, s);
  const outbound = qualityLine(s.qualityOutbound, hangup.quality?.outbound, s);
  if (inbound) lines.push(inbound);
  if (outbound) lines.push(outbound);
  const poor = isPoorQuality(hangup);
  if (poor) lines.push(fill(s.poorQuality, LOW_MOS.toFixed(1)));
  return { lines, poor };
}

export function ladderSummary(ladder: Ladder, s: LadderStrings): string {
  const arrows = ladder.arrows.length;
  const legs = ladder.lifelines.length - 1;
  return fill(s.ladderLabel, fill(pluralFor(s.arrowCount, arrows), arrows), fill(pluralFor(s.legCount, legs), legs));
}
