// What the live tap saw of an event, carried on the event beside its metadata: the application's
// answer to a webhook (and whether its signature verified), Telnyx's answer to a command, and the
// exact reaction time. Plain data: the tap (src/tap) writes it, the timeline, the ladder and the
// doctor read it, and none of them needs the tap's own types.

/** Where a row was seen: only by the live tap, only in Telnyx's record (`/call_events`), or by both. */
export type SeenBy = 'tap' | 'record' | 'both';

/** An answer the tap saw come back: an HTTP status, or why there was none. */
export interface TapAnswer {
  status?: number;
  /** `down`, `reset`, `timeout`, `stopped`: no HTTP answer came back. */
  failure?: string;
  /** From the request reaching the tap to the answer's last byte (or the failure). */
  ms: number;
  /** The request is still being forwarded: no answer yet. */
  pending?: boolean;
}

export interface TapFacts {
  /** The tap's sequence number of the entry. */
  seq: number;
  /** When the request reached the tap, ms since the epoch. */
  atMs: number;
  /** Webhooks: the application's answer, which went back to Telnyx unchanged. */
  app?: TapAnswer;
  /** Webhooks: whether `telnyx-signature-ed25519` verified over `timestamp|raw body`. */
  signature?: 'valid' | 'invalid' | 'missing' | 'unchecked';
  /** Commands: Telnyx's answer, which went back to the application unchanged. */
  telnyx?: TapAnswer;
  /** Commands: the first error of a refused command, as Telnyx's answer carried it. */
  error?: { code?: string; title?: string; detail?: string };
  /** Commands the command tap answered itself and never forwarded (not a loopback Host, not /v2, too large). */
  refusedByTap?: string;
  /** Commands: ms from the webhook on the same leg it reacted to (as the tap saw both arrive). */
  reactionMs?: number;
  /** Commands: the tap's sequence number of that webhook. */
  reactionToSeq?: number;
}

/** What an event of the panel may carry beyond Telnyx's record. */
export interface TapMarks {
  tap?: TapFacts;
  seenBy?: SeenBy;
}

/** An answer known (not pending) that is not a 2xx: a failure as Telnyx (or the application) sees it. */
export function isFailure(answer: TapAnswer | undefined): boolean {
  return answer !== undefined && !answer.pending && !isSuccess(answer);
}

export function isSuccess(answer: TapAnswer | undefined): boolean {
  return answer?.status !== undefined && answer.status >= 200 && answer.status < 300;
}
