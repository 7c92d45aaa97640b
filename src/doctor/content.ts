// Rules about what events carry: client_state, the hangup (who, why, SIP code, quality) and command errors.
import type { L10nHost } from '../core/l10n';
import { shortId } from '../core/format';
import { decodeBase64 } from '../timeline/clientState';
import { LOW_MOS, hangupFacts, hasSipResponseCode, lowestMos, worstPacketLoss } from '../timeline/endOfCall';

/** More than this share of packets lost is audible. */
const LOSSY_PERCENT = 2;
import { DOCS } from './docs';
import { fieldText } from './read';
import { isCommand, type Ev, type Session } from './session';
import { answerWords } from './tapRules';
import { isFailure, type TapAnswer } from '../timeline/tapFacts';
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
        ? host.l10n.t(
            'Telnyx expects client_state as one line of base64. Some encoders wrap base64 every 76 ' +
              'characters, and some SDKs cut the value at the first newline. Encode without line breaks ' +
              '(for example Base64.NO_WRAP on Android).',
          )
        : problem === 'not-base64'
          ? host.l10n.t(
              'client_state must be base64 of your data; this value is not (it may be plain JSON or ' +
                'text). Encode it with base64 when you send a command, and decode it when a webhook brings ' +
                'it back.',
            )
          : host.l10n.t(
              'The decoded client_state ends in the middle of a character or of a JSON value, so part ' +
                'of it was lost. Send it in one piece, without line breaks, and keep it short.',
            );
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

/** Plain words for each cause Telnyx sends (KNOWN_HANGUP_CAUSES); any other value is shown as sent. */
function causeSentence(host: L10nHost, cause: string | undefined): string {
  switch (cause) {
    case 'call_rejected':
      return host.l10n.t('The call was rejected.');
    case 'normal_clearing':
      return host.l10n.t('The call ended normally.');
    case 'originator_cancel':
      return host.l10n.t('The caller hung up before the call was answered.');
    case 'timeout':
      return host.l10n.t('Nobody answered before the ring timeout.');
    case 'time_limit':
      return host.l10n.t('The call reached its time limit (time_limit_secs) and Telnyx ended it.');
    case 'user_busy':
      return host.l10n.t('The called party was busy.');
    case 'not_found':
      return host.l10n.t('The number does not exist or cannot be reached.');
    case 'no_answer':
      return host.l10n.t('Nobody answered.');
    case 'unspecified':
      return host.l10n.t('Telnyx gave no cause (unspecified).');
    case undefined:
      return host.l10n.t('The hangup carries no cause.');
    default:
      return host.l10n.t('The call ended with cause {0}.', cause);
  }
}

/** What Telnyx reports; which side an application's own hangup is reported as is not documented. */
function sourceSentence(host: L10nHost, source: string | undefined, applicationHungUp: boolean): string {
  const reported =
    source === 'caller'
      ? host.l10n.t('Telnyx reports that the caller hung up.')
      : source === 'callee'
        ? host.l10n.t('Telnyx reports that the called party hung up.')
        : source === undefined || source === 'unknown'
          ? host.l10n.t('Telnyx does not say who hung up.')
          : host.l10n.t('Telnyx reports hangup_source {0}.', source);
  return applicationHungUp
    ? reported +
        ' ' +
        host.l10n.t(
          'Your application sent hangup on this leg before; Telnyx does not document which side it ' +
            'reports for that.',
        )
    : reported;
}

function sipSentence(host: L10nHost, sip: string | undefined): string {
  if (sip === undefined) return '';
  return ` ${hasSipResponseCode(sip) ? host.l10n.t('SIP response {0}.', sip) : host.l10n.t('No SIP response code.')}`;
}

export function hangupFindings(session: Session, host: L10nHost): Finding[] {
  const findings: Finding[] = [];
  for (const leg of session.legs) {
    const hangup = leg.hangup;
    if (!hangup) continue;
    const cause = fieldText(hangup.read, 'hangup_cause');
    const source = fieldText(hangup.read, 'hangup_source');
    const sip = fieldText(hangup.read, 'sip_hangup_cause');
    const applicationHungUp = leg.events.some((ev) => isCommand(ev) && ev.at <= hangup.at && ev.action === 'hangup');
    findings.push({
      id: `hangup-explained:${leg.legId}`,
      rule: 'hangup-explained',
      severity: 'info',
      title: host.l10n.t('Leg {0} ended: {1}', shortId(leg.legId), cause ?? host.l10n.t('no cause given')),
      explanation: `${sourceSentence(host, source, applicationHungUp)} ${causeSentence(host, cause)}${sipSentence(host, sip)}`,
      docsUrl: DOCS.hangupWebhook,
      eventRefs: [hangup.index],
    });
    const facts = hangupFacts(hangup.event.metadata);
    const mos = lowestMos(facts);
    const loss = worstPacketLoss(facts);
    const poorMos = mos !== undefined && mos < LOW_MOS;
    const lossy = loss !== undefined && loss.percent > LOSSY_PERCENT;
    if (poorMos || lossy) {
      findings.push({
        id: `poor-call-quality:${leg.legId}`,
        rule: 'poor-call-quality',
        severity: 'warning',
        title: host.l10n.t(
          'Poor audio on leg {0}: MOS {1}, packet loss {2} %',
          shortId(leg.legId),
          mos === undefined ? '—' : mos.toFixed(2),
          loss === undefined ? '—' : loss.percent.toFixed(1),
        ),
        explanation:
          host.l10n.t(
            'call_quality_stats show a MOS below 3.5 or more than 2 % of packets lost: callers heard ' +
              'broken audio. Check the network between the SIP endpoint and Telnyx (jitter, bandwidth, ' +
              'Wi-Fi), the codec, and the anchorsite of the connection.',
          ) +
          (loss
            ? ' ' +
              host.l10n.t(
                'Packet loss is skipped packets over all packets of the worse direction: {0} skipped, {1} received.',
                loss.skipped,
                loss.packets,
              )
            : ''),
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
      return host.l10n.t(
        '90018 "Call has already ended": the command reached a leg that had hung up. Stop commanding a call after its call.hangup webhook.',
      );
    case '90015':
      return host.l10n.t(
        '90015: the call_control_id is not valid (mistyped, from another account, or of a call ' +
          'that is long gone). Use the call_control_id from the latest webhook of that leg.',
      );
    case '10011':
      return host.l10n.t(
        '10011 "Too many requests": Telnyx is rate limiting. Slow down and retry after the reset time.',
      );
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
    if (!isCommand(ev) || skip.has(ev.index)) continue;
    const telnyx = ev.event.tap?.telnyx;
    if (telnyx) {
      if (isFailure(telnyx)) findings.push(refusedCommand(ev, telnyx, host));
      continue;
    }
    if (!ev.read.errors.length) continue;
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

/** A command the tap saw Telnyx refuse (or never reach Telnyx): certain, with Telnyx's own answer. */
function refusedCommand(ev: Ev, telnyx: TapAnswer, host: L10nHost): Finding {
  const first = ev.read.errors[0];
  const name = ev.action ?? ev.event.name;
  const leg = shortId(ev.event.call_leg_id);
  const answer = answerWords(host, telnyx);
  if (telnyx.status === undefined)
    return {
      id: `command-refused:${ev.index}`,
      rule: 'command-refused',
      severity: 'error',
      title: host.l10n.t('{0} on leg {1} did not reach Telnyx', name, leg),
      explanation: host.l10n.t(
        'Seen by the live tap: {0}. Check that the API base URL the tap forwards to is reachable.',
        answer,
      ),
      docsUrl: DOCS.apiErrors,
      eventRefs: [ev.index],
    };
  const detail = first?.detail ?? first?.title;
  const meaning = first
    ? detail
      ? `${codeMeaning(host, first.code)} (${detail})`
      : codeMeaning(host, first.code)
    : host.l10n.t('The answer carried no Telnyx error code.');
  return {
    id: `command-refused:${ev.index}`,
    rule: 'command-refused',
    severity: 'error',
    title: first
      ? host.l10n.t('Telnyx refused {0} on leg {1}: {2}', name, leg, first.code)
      : host.l10n.t('Telnyx refused {0} on leg {1}: HTTP {2}', name, leg, telnyx.status),
    explanation: `${meaning} ${host.l10n.t('Seen by the live tap: Telnyx answered {0}.', answer)}`,
    docsUrl: DOCS.apiErrors,
    eventRefs: [ev.index],
  };
}
