// What a call.hangup webhook carries besides the cause: who hung up, the SIP code and the media
// quality. Derived from the leg id (no draw from the account's generator, so adding these fields
// leaves every seeded id and timestamp as it was).
import type { SimCall } from './model';

const SIP_CODES: Record<string, string> = {
  normal_clearing: '200',
  originator_cancel: '487',
  user_busy: '486',
  timeout: '408',
  no_answer: '480',
  time_limit: '200',
  call_rejected: '603',
  not_found: '404',
  unallocated_number: '404',
};

function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

export interface QualityOverride {
  mos: number;
  lossPercent: number;
}

/** Good audio (MOS 4.10–4.49, under 0.5 % skipped), unless `quality` says otherwise. */
export function callQualityStats(call: SimCall, quality?: QualityOverride): Record<string, unknown> {
  const h = hash(call.legId);
  const packets = 1500 + (h % 28_000);
  const mos = quality?.mos ?? 4.1 + ((h >>> 8) % 40) / 100;
  const lossShare = (quality?.lossPercent ?? ((h >>> 16) % 50) / 100) / 100;
  const skipped = Math.round((packets * lossShare) / (1 - lossShare));
  return {
    inbound: {
      mos: mos.toFixed(2),
      jitter_max_variance: (((h >>> 4) % 300) / 100).toFixed(2),
      jitter_packet_count: String((h >>> 12) % 4),
      packet_count: String(packets),
      skip_packet_count: String(skipped),
    },
    outbound: { packet_count: String(packets + ((h >>> 20) % 40)), skip_packet_count: '0' },
  };
}

/** The fields of a call.hangup payload besides the ids. */
export function hangupPayload(
  call: SimCall,
  cause: string,
  source: 'caller' | 'callee' | 'unknown',
  quality?: QualityOverride,
): Record<string, unknown> {
  return {
    hangup_cause: cause,
    hangup_source: source,
    sip_hangup_cause: SIP_CODES[cause] ?? 'unspecified',
    call_quality_stats: callQualityStats(call, quality),
  };
}
