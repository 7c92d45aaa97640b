// Rules about what events carry: client_state, the hangup (who, why, SIP code, quality) and command errors.
import type { L10nHost } from '../core/l10n';
import { shortId } from '../core/format';
import { decodeBase64 } from '../timeline/clientState';
import { DOCS } from './docs';
import { fieldObject, fieldText } from './read';
import { isCommand, type Ev, type Session } from './session';
import type { Finding } from './types';

type Problem = 'newline' | 'not-base64' | 'cut';

function clientStateProblem(raw: string): Problem | undefined {
  if (/[\r\n]/.test(raw)) return 'newline';
  const trimmed = raw.trim();
  const bytes = decodeBase64(trimmed);
  if (!bytes) return 'not-base64';
  const body = trimmed.replace(/=+$/, '');
  const padded = trimmed.length !== body.length;
  // Base64 whose length is not a multiple of 4 while the sender pads, or text that stops mid-character.
  if (padded && trimmed.length % 4 !== 0) return 'cut';
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let text: string | undefined;
  try {
    text = decoder.decode(bytes);
  } catch {
    for (let drop = 1; drop <= 3 && drop < bytes.length; drop++) {
      try {
        decoder.decode(bytes.subarray(0, bytes.length - drop));
        return 'cut';
      } catch {
        // keep trying shorter
      }
    }
    return undefined;
  }
  const start = text.trimStart()[0];
  if (start === '{' || start === '[') {
    try {
      JSON.parse(text);
    } catch {
      return 'cut';
    }
  }
  return undefined;
}

export function badClientState(session: Session, host: L10nHost): Finding[] {
  const byValue = new Map<string, { problem: Problem; events: Ev[] }>();
  // A session repeats the same few values on every event: judge each value once.
  const fine = new Set<string>();
  for (const ev of session.ordered) {
    const raw = ev.read.clientState;
    if (raw === undefined || fine.has(raw)) continue;
    const known = byValue.get(raw);
    if (known) {
      known.events.push(ev);
      continue;
    }
    const problem = clientStateProblem(raw);
    if (problem) byValue.set(raw, { problem, events: [ev] });
    else fine.add(raw);
  }
  const findings: Finding[] = [];
  let n = 0;
  for (const { problem, events } of byValue.values()) {
    const title =
      problem === 'newline'
        ? host.l10n.t('client_state holds a newline')
        : problem === 'not-base64'
          ? host.l10n.t('client_state is not valid base64')
          : host.l10n.t('client_state looks cut off');
    const explanation =
      problem === 'newline'
        ? host.l10n.t('Telnyx expects client_state as one line of base64. Some encoders wrap base64 every 76 characters, and some SDKs cut the value at the first newline. Encode without line breaks (for example Base64.NO_WRAP on Android).')
        : problem === 'not-base64'
          ? host.l10n.t('client_state must be base64 of your data; this value is not (it may be plain JSON or text). Encode it with base64 when you send a command, and decode it when a webhook brings it back.')
          : host.l10n.t('The decoded client_state ends in the middle of a character or of a JSON value, so part of it was lost. Send it in one piece, without line breaks, and keep it short.');
    findings.push({
      id: `bad-client-state:${problem}:${n++}`,
      rule: 'bad-client-state',
      severity: 'warning',
      title,
      explanation,
      docsUrl: DOCS.sendingCommands,
      eventRefs: events.map((ev) => ev.index),
    });
  }
  return findings;
}

function causeSentence(host: L10nHost, cause: string | undefined): string {
  switch (cause) {
    case 'normal_clearing':
      return host.l10n.t('The call ended normally.');
    case 'originator_cancel':
      return host.l10n.t('The caller hung up before the call was answered.');
    case 'user_busy':
      return host.l10n.t('The called party was busy.');
    case 'timeout':
      return host.l10n.t('Nobody answered before the ring timeout.');
    case 'no_answer':
      return host.l10n.t('Nobody answered.');
    case 'time_limit':
      return host.l10n.t('The call reached its time limit (time_limit_secs) and Telnyx ended it.');
    case 'call_rejected':
      return host.l10n.t('The call was rejected.');
    case 'unallocated_number':
      return host.l10n.t('The dialled number does not exist.');
    case 'normal_temporary_failure':
    case 'destination_out_of_order':
      return host.l10n.t('The destination could not be reached.');
    case 'unspecified':
    case undefined:
      return host.l10n.t('No reason was given.');
    default:
      return host.l10n.t('The call ended with cause {0}.', cause);
  }
}

function sourceSentence(host: L10nHost, source: string | undefined): string {
  if (source === 'caller') return host.l10n.t('The caller hung up.');
  if (source === 'callee') return host.l10n.t('The called party (or your application) hung up.');
  return host.l10n.t('Who hung up is not known.');
}

function statNumber(stats: Record<string, unknown> | undefined, name: string): number | undefined {
  const value = stats?.[name];
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
  return Number.isFinite(n) ? n : undefined;
}

function asObject(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** MOS and packet loss (%) per direction; loss from skipped packets over all packets when no loss field. */
function quality(ev: Ev): { mos?: number; lossPercent?: number } {
  const stats = fieldObject(ev.read, 'call_quality_stats');
  if (!stats) return {};
  let mos: number | undefined;
  let loss: number | undefined;
  for (const dir of ['inbound', 'outbound']) {
    const s = asObject(stats[dir]);
    if (!s) continue;
    const m = statNumber(s, 'mos');
    if (m !== undefined) mos = mos === undefined ? m : Math.min(mos, m);
    let l = statNumber(s, 'packet_loss_percent') ?? statNumber(s, 'packet_loss');
    const packets = statNumber(s, 'packet_count');
    const skipped = statNumber(s, 'skip_packet_count');
    if (l === undefined && packets !== undefined && packets > 0 && skipped !== undefined) l = (100 * skipped) / (packets + skipped);
    if (l !== undefined) loss = loss === undefined ? l : Math.max(loss, l);
  }
  return { mos, lossPercent: loss };
}

export function hangupFindings(session: Session, host: L10nHost): Finding[] {
  const findings: Finding[] = [];
  for (const leg of session.legs) {
    const hangup = leg.hangup;
    if (!hangup) continue;
    const cause = fieldText(hangup.read, 'hangup_cause');
    const source = fieldText(hangup.read, 'hangup_source');
    const sip = fieldText(hangup.read, 'sip_hangup_cause');
    const sipText = sip ? ` ${host.l10n.t('SIP response {0}.', sip)}` : '';
    findings.push({
      id: `hangup-explained:${leg.legId}`,
      rule: 'hangup-explained',
      severity: 'info',
      title: host.l10n.t('Leg {0} ended: {1}', shortId(leg.legId), cause ?? host.l10n.t('no cause given')),
      explanation: `${sourceSentence(host, source)} ${causeSentence(host, cause)}${sipText}`,
      docsUrl: DOCS.hangupWebhook,
      eventRefs: [hangup.index],
    });
    const q = quality(hangup);
    const poorMos = q.mos !== undefined && q.mos < 3.5;
    const lossy = q.lossPercent !== undefined && q.lossPercent > 2;
    if (poorMos || lossy) {
      findings.push({
        id: `poor-call-quality:${leg.legId}`,
        rule: 'poor-call-quality',
        severity: 'warning',
        title: host.l10n.t(
          'Poor audio on leg {0}: MOS {1}, packet loss {2} %',
          shortId(leg.legId),
          q.mos === undefined ? '—' : q.mos.toFixed(2),
          q.lossPercent === undefined ? '—' : q.lossPercent.toFixed(1),
        ),
        explanation: host.l10n.t(
          'call_quality_stats show a MOS below 3.5 or more than 2 % of packets lost: callers heard broken audio. Check the network between the SIP endpoint and Telnyx (jitter, bandwidth, Wi-Fi), the codec, and the anchorsite of the connection.',
        ),
        docsUrl: DOCS.hangupWebhook,
        eventRefs: [hangup.index],
      });
    }
  }
  return findings;
}

function codeMeaning(host: L10nHost, code: string): string {
  switch (code) {
    case '90018':
      return host.l10n.t('90018 "Call has already ended": the command reached a leg that had hung up. Stop commanding a call after its call.hangup webhook.');
    case '90015':
      return host.l10n.t('90015: the call_control_id is not valid (mistyped, from another account, or of a call that is long gone). Use the call_control_id from the latest webhook of that leg.');
    case '10011':
      return host.l10n.t('10011 "Too many requests": Telnyx is rate limiting. Slow down and retry after the reset time.');
    case '10015':
      return host.l10n.t('10015 "Bad request": a parameter of the command is invalid; the error detail says which.');
    case '10009':
      return host.l10n.t('10009 "Authentication failed": the API key was refused.');
    default:
      return host.l10n.t('Telnyx error {0}: look it up in the API error list.', code);
  }
}

export function commandErrors(session: Session, host: L10nHost, skip: ReadonlySet<number>): Finding[] {
  const findings: Finding[] = [];
  for (const ev of session.ordered) {
    if (!isCommand(ev) || !ev.read.errors.length || skip.has(ev.index)) continue;
    const first = ev.read.errors[0];
    const detail = first.detail ?? first.title;
    findings.push({
      id: `command-error:${ev.index}`,
      rule: 'command-error',
      severity: 'error',
      title: host.l10n.t('{0} on leg {1} failed with {2}', ev.event.name, shortId(ev.event.call_leg_id), first.code),
      explanation: detail ? `${codeMeaning(host, first.code)} (${detail})` : codeMeaning(host, first.code),
      docsUrl: DOCS.apiErrors,
      eventRefs: [ev.index],
    });
  }
  return findings;
}
