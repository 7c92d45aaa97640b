// How a leg ended, from its `call.hangup` webhook: who hung up, why, the SIP code and the call
// quality per direction. Numbers arrive as strings ("4.50"); only the metrics Telnyx measured exist.
import { isJsonObject, textOf, webhookPayload } from './webhookEnvelope';

export interface QualityDirection {
  mos?: number;
  packetCount?: number;
  skipPacketCount?: number;
  jitterPacketCount?: number;
  jitterMaxVariance?: number;
}

export interface HangupFacts {
  /** `caller`, `callee`, `unknown`, or whatever Telnyx sends. */
  source?: string;
  cause?: string;
  sipCode?: string;
  endTime?: string;
  quality?: { inbound?: QualityDirection; outbound?: QualityDirection };
}

/** Below this mean opinion score a call sounded poor to most people. */
export const LOW_MOS = 3.5;

/**
 * The values of `hangup_cause` Telnyx sends (its spec, `CallHangup.payload`), each with plain words
 * (`LadderStrings.hangupCauses`, the doctor's sentence). Any other value is shown as sent.
 */
export const KNOWN_HANGUP_CAUSES = [
  'call_rejected',
  'normal_clearing',
  'originator_cancel',
  'timeout',
  'time_limit',
  'user_busy',
  'not_found',
  'no_answer',
  'unspecified',
] as const;

export type KnownHangupCause = (typeof KNOWN_HANGUP_CAUSES)[number];

export function isKnownHangupCause(cause: string | undefined): cause is KnownHangupCause {
  return cause !== undefined && (KNOWN_HANGUP_CAUSES as readonly string[]).includes(cause);
}

function metric(value: unknown): number | undefined {
  const text = textOf(value);
  if (text === undefined) return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
}

function direction(value: unknown): QualityDirection | undefined {
  if (!isJsonObject(value)) return undefined;
  const out: QualityDirection = {};
  const fields: Array<[keyof QualityDirection, string]> = [
    ['mos', 'mos'],
    ['packetCount', 'packet_count'],
    ['skipPacketCount', 'skip_packet_count'],
    ['jitterPacketCount', 'jitter_packet_count'],
    ['jitterMaxVariance', 'jitter_max_variance'],
  ];
  for (const [key, name] of fields) {
    const n = metric(value[name]);
    if (n !== undefined) out[key] = n;
  }
  return Object.keys(out).length ? out : undefined;
}

/** The hangup facts of a `call.hangup` event's metadata; undefined when it carries none. */
export function hangupFacts(metadata: unknown): HangupFacts | undefined {
  const payload = webhookPayload(metadata);
  if (!payload) return undefined;
  const facts: HangupFacts = {};
  const source = textOf(payload.hangup_source);
  const cause = textOf(payload.hangup_cause);
  const sipCode = textOf(payload.sip_hangup_cause);
  const endTime = textOf(payload.end_time);
  if (source !== undefined) facts.source = source;
  if (cause !== undefined) facts.cause = cause;
  if (sipCode !== undefined) facts.sipCode = sipCode;
  if (endTime !== undefined) facts.endTime = endTime;
  const stats = payload.call_quality_stats;
  if (isJsonObject(stats)) {
    const inbound = direction(stats.inbound);
    const outbound = direction(stats.outbound);
    if (inbound || outbound) facts.quality = { ...(inbound ? { inbound } : {}), ...(outbound ? { outbound } : {}) };
  }
  return Object.keys(facts).length ? facts : undefined;
}

/**
 * Packet loss of one direction, the one way every surface computes it: skipped packets over all the
 * packets of that direction, `100 × skip_packet_count / (packet_count + skip_packet_count)` (Telnyx's
 * `packet_count` counts the packets that arrived, `skip_packet_count` those that did not).
 * Undefined unless both counts are there and there were packets.
 */
export function packetLossPercent(q: QualityDirection | undefined): number | undefined {
  if (q?.packetCount === undefined || q.skipPacketCount === undefined) return undefined;
  const all = q.packetCount + q.skipPacketCount;
  return all > 0 ? (100 * q.skipPacketCount) / all : undefined;
}

/** The direction that lost the largest share of its packets, with both counts. */
export function worstPacketLoss(
  facts: HangupFacts | undefined,
): { percent: number; skipped: number; packets: number } | undefined {
  let worst: { percent: number; skipped: number; packets: number } | undefined;
  for (const q of [facts?.quality?.inbound, facts?.quality?.outbound]) {
    const percent = packetLossPercent(q);
    if (percent === undefined || q?.packetCount === undefined || q.skipPacketCount === undefined) continue;
    if (!worst || percent > worst.percent) worst = { percent, skipped: q.skipPacketCount, packets: q.packetCount };
  }
  return worst;
}

/** The lowest MOS measured in either direction. */
export function lowestMos(facts: HangupFacts | undefined): number | undefined {
  const values = [facts?.quality?.inbound?.mos, facts?.quality?.outbound?.mos].filter(
    (v): v is number => v !== undefined,
  );
  return values.length ? Math.min(...values) : undefined;
}

export function isPoorQuality(facts: HangupFacts | undefined): boolean {
  const mos = lowestMos(facts);
  return mos !== undefined && mos < LOW_MOS;
}

/** `sip_hangup_cause` is a SIP response code, or `unspecified` when the call had none (inbound calls). */
export function hasSipResponseCode(sipCode: string | undefined): sipCode is string {
  return sipCode !== undefined && sipCode !== 'unspecified';
}
