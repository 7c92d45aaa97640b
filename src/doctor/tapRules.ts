// Rules only the live tap can judge, because it saw the answers themselves: a webhook the application
// answered with a non-2xx status or not in time (and what Telnyx delivered after it), a webhook whose
// signature did not verify or was missing. Their findings replace, for the same webhook, what the
// record's metadata would let `failedDeliveries` infer.
import type { L10nHost } from '../core/l10n';
import { shortId } from '../core/format';
import { isSuccess, type TapAnswer } from '../timeline/tapFacts';
import { DOCS } from './docs';
import { isWebhook, webhookIdentity, type Ev, type Session } from './session';
import type { DoctorConnection, Finding } from './types';

/** The connection's webhook_timeout_seconds in ms, when the connection says it. */
function timeoutMsOf(connection: DoctorConnection | undefined): number | undefined {
  const seconds = connection?.webhook_timeout_seconds;
  return typeof seconds === 'number' && seconds > 0 ? seconds * 1000 : undefined;
}

function inTime(answer: TapAnswer, timeoutMs: number | undefined): boolean {
  return isSuccess(answer) && (timeoutMs === undefined || answer.ms <= timeoutMs);
}

function failureWords(host: L10nHost, failure: string | undefined): string {
  switch (failure) {
    case 'down':
      return host.l10n.t('nothing listened at its address');
    case 'reset':
      return host.l10n.t('the connection was reset before a whole answer');
    case 'timeout':
      return host.l10n.t("no answer within the tap's limit");
    case 'stopped':
      return host.l10n.t('the tap was stopped while it waited');
    default:
      return host.l10n.t('no answer');
  }
}

/** "200 in 12 ms", "500 in 30 ms", "no answer (nothing listened at its address)". */
export function answerWords(host: L10nHost, answer: TapAnswer): string {
  return answer.status !== undefined
    ? host.l10n.t('{0} in {1} ms', answer.status, Math.round(answer.ms))
    : host.l10n.t('no answer ({0})', failureWords(host, answer.failure));
}

/** One later delivery of the same webhook, as the tap or Telnyx's record tells it. */
function deliveryWords(host: L10nHost, ev: Ev, firstUrl: string | undefined, timeoutMs: number | undefined): string {
  const attempt = ev.read.attempt !== undefined ? host.l10n.t('attempt {0}', ev.read.attempt) : host.l10n.t('again');
  // Only another URL is worth naming: the failover one.
  const where = ev.read.deliveryUrl && ev.read.deliveryUrl !== firstUrl ? ` → ${ev.read.deliveryUrl}` : '';
  const app = ev.event.tap?.app;
  if (app?.pending) return `${attempt}${where}: ${host.l10n.t('waiting for the answer')}`;
  if (app) {
    const late = isSuccess(app) && !inTime(app, timeoutMs) ? ` ${host.l10n.t('(too late)')}` : '';
    return `${attempt}${where}: ${answerWords(host, app)}${late}`;
  }
  const recorded =
    ev.read.delivery === 'delivered'
      ? host.l10n.t("delivered (Telnyx's record)")
      : ev.read.delivery === 'failed'
        ? host.l10n.t("failed (Telnyx's record)")
        : host.l10n.t("outcome not known (Telnyx's record)");
  return `${attempt}${where}: ${recorded}`;
}

/**
 * Telnyx sent the webhook again before the application's answer to this delivery was given: it had
 * stopped waiting, whatever the timeout is (certain: both times are the tap's).
 */
function resentBeforeAnswer(ev: Ev, later: readonly Ev[]): boolean {
  const tap = ev.event.tap;
  if (!tap?.app) return false;
  const answeredAtMs = tap.atMs + tap.app.ms;
  return later.some((other) => other.event.tap !== undefined && other.event.tap.atMs < answeredAtMs);
}

export function webhookAnswerFailures(
  session: Session,
  host: L10nHost,
  connection: DoctorConnection | undefined,
): Finding[] {
  const timeoutMs = timeoutMsOf(connection);
  const findings: Finding[] = [];
  for (const leg of session.legs) {
    const reported = new Set<string>();
    for (const ev of leg.events) {
      const app = ev.event.tap?.app;
      if (!isWebhook(ev) || !app || app.pending) continue;
      const identity = webhookIdentity(ev) ?? `seq\u0000${ev.event.tap?.seq}`;
      if (reported.has(identity)) continue;
      const later = leg.events.filter(
        (other) => other !== ev && isWebhook(other) && other.at >= ev.at && webhookIdentity(other) === identity,
      );
      const overtaken = isSuccess(app) && resentBeforeAnswer(ev, later);
      if (inTime(app, timeoutMs) && !overtaken) continue;
      reported.add(identity);
      const recovered = later.some((other) =>
        other.event.tap?.app && !other.event.tap.app.pending
          ? inTime(other.event.tap.app, timeoutMs)
          : other.read.delivery === 'delivered',
      );
      const title =
        app.status === undefined
          ? host.l10n.t(
              '{0} on leg {1}: your application did not answer ({2})',
              ev.event.name,
              shortId(leg.legId),
              failureWords(host, app.failure),
            )
          : !isSuccess(app)
            ? host.l10n.t(
                '{0} on leg {1}: your application answered {2}',
                ev.event.name,
                shortId(leg.legId),
                app.status,
              )
            : timeoutMs === undefined || app.ms <= timeoutMs
              ? host.l10n.t(
                  '{0} on leg {1}: your application answered after {2} s, when Telnyx had already sent it again',
                  ev.event.name,
                  shortId(leg.legId),
                  (app.ms / 1000).toFixed(1),
                )
              : host.l10n.t(
                  '{0} on leg {1}: your application answered after {2} s, past webhook_timeout_seconds ({3} s)',
                  ev.event.name,
                  shortId(leg.legId),
                  (app.ms / 1000).toFixed(1),
                  (timeoutMs ?? 0) / 1000,
                );
      const followed = later.length
        ? host.l10n.t(
            'What followed: {0}.',
            later.map((other) => deliveryWords(host, other, ev.read.deliveryUrl, timeoutMs)).join('; '),
          )
        : host.l10n.t('No later delivery of it has been seen yet.');
      findings.push({
        id: `webhook-answer-failed:${leg.legId}:${identity}`,
        rule: 'webhook-answer-failed',
        severity: recovered ? 'warning' : 'error',
        title,
        explanation:
          host.l10n.t(
            'Seen by the live tap ({0}). Telnyx takes a non-2xx answer, or none within the ' +
              "connection's webhook_timeout_seconds, as a failed delivery: it sends the webhook again, then " +
              'to the failover URL, so your handler may run more than once. Answer 200 at once and do the ' +
              'work after answering.',
            answerWords(host, app),
          ) +
          ' ' +
          followed,
        docsUrl: DOCS.receivingWebhooks,
        eventRefs: [ev.index, ...later.map((other) => other.index)],
      });
    }
  }
  return findings;
}

export function signatureFindings(session: Session, host: L10nHost): Finding[] {
  const invalid = session.ordered.filter((ev) => isWebhook(ev) && ev.event.tap?.signature === 'invalid');
  const missing = session.ordered.filter((ev) => isWebhook(ev) && ev.event.tap?.signature === 'missing');
  const findings: Finding[] = [];
  if (invalid.length)
    findings.push({
      id: 'webhook-signature:invalid',
      rule: 'webhook-signature',
      severity: 'error',
      title:
        invalid.length === 1
          ? host.l10n.t('The signature of {0} did not verify', invalid[0].event.name)
          : host.l10n.t('The signatures of {0} webhooks did not verify', invalid.length),
      explanation: host.l10n.t(
        "telnyx-signature-ed25519 did not verify over telnyx-timestamp|raw body with the account's " +
          "public key: the key configured is not this account's, or something on the way changed the " +
          'body (a proxy that re-encodes JSON). An application that verifies signatures rejects these ' +
          'webhooks, as it should.',
      ),
      docsUrl: DOCS.receivingWebhooks,
      eventRefs: invalid.map((ev) => ev.index),
    });
  if (missing.length)
    findings.push({
      id: 'webhook-signature:missing',
      rule: 'webhook-signature',
      severity: 'warning',
      title:
        missing.length === 1
          ? host.l10n.t('{0} came without a signature', missing[0].event.name)
          : host.l10n.t('{0} webhooks came without a signature', missing.length),
      explanation: host.l10n.t(
        'The request carried no telnyx-signature-ed25519 or telnyx-timestamp header, so it was not ' +
          'sent by Telnyx as it arrived (a test tool, or a proxy that drops headers). An application that ' +
          'verifies signatures rejects it.',
      ),
      docsUrl: DOCS.receivingWebhooks,
      eventRefs: missing.map((ev) => ev.index),
    });
  return findings;
}
