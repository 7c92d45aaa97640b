// What a `call.hangup` webhook says about the end of a leg (fields as in Telnyx's webhook docs):
// who hung up, why, the SIP code and call quality per direction, numbers as strings. Derived without
// the PRNG so adding these fields leaves every other seeded value as it was.

const SIP_CODES: Record<string, string> = {
  normal_clearing: '200',
  originator_cancel: '487',
  user_busy: '486',
  timeout: '408',
  time_limit: '200',
  call_rejected: '603',
  no_answer: '480',
};

/** `poorQuality` gives the leg a MOS under 3.5 (the warning threshold) on its inbound audio. */
export function hangupFields(cause: string, source: 'caller' | 'callee' | 'unknown', poorQuality = false): Record<string, unknown> {
  const answered = cause === 'normal_clearing' || cause === 'time_limit';
  return {
    hangup_cause: cause,
    hangup_source: source,
    sip_hangup_cause: SIP_CODES[cause] ?? '500',
    call_quality_stats: answered
      ? {
          inbound: { mos: poorQuality ? '3.10' : '4.38', jitter_max_variance: poorQuality ? '41.20' : '0.85', jitter_packet_count: poorQuality ? '37' : '2', packet_count: '2418', skip_packet_count: poorQuality ? '96' : '3' },
          outbound: { packet_count: '2405', skip_packet_count: '0' },
        }
      : null,
  };
}
