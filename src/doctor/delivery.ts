// Rules about webhook delivery: redelivered webhooks that made the application repeat a command, and
// webhooks that never reached the application.
import type { L10nHost } from '../core/l10n';
import { shortId } from '../core/format';
import { DOCS } from './docs';
import { commandKey, isCommand, isWebhook, webhookIdentity, type Ev, type Session } from './session';
import type { DoctorConnection, Finding } from './types';

/** The first command on the leg after `ev` (and before the next delivered webhook) within the window. */
function commandAfter(events: readonly Ev[], from: number, windowMicros: number): Ev | undefined {
  const start = events[from];
  for (let i = from + 1; i < events.length; i++) {
    const ev = events[i];
    if (ev.at - start.at > windowMicros) return undefined;
    if (isCommand(ev)) return ev;
    if (isWebhook(ev) && !ev.read.deliveryFailed) return undefined;
  }
  return undefined;
}

export function duplicateCommands(session: Session, host: L10nHost, windowMicros: number): Finding[] {
  const findings: Finding[] = [];
  for (const leg of session.legs) {
    const events = leg.events;
    const reported = new Set<number>();
    const firstDelivery = new Map<string, number>();
    for (let j = 0; j < events.length; j++) {
      const second = events[j];
      if (!isWebhook(second) || second.read.deliveryFailed) continue;
      const identity = webhookIdentity(second);
      if (identity === undefined) continue;
      const i = firstDelivery.get(identity);
      if (i === undefined) {
        firstDelivery.set(identity, j);
        continue;
      }
      if (reported.has(i)) continue;
      const a = commandAfter(events, i, windowMicros);
      const b = commandAfter(events, j, windowMicros);
      if (!a || !b || a === b || commandKey(a) !== commandKey(b)) continue;
      if (a.read.commandId && a.read.commandId === b.read.commandId) continue;
      reported.add(i);
      findings.push({
        id: `duplicate-commands:${leg.legId}:${events[i].index}`,
        rule: 'duplicate-commands',
        severity: 'warning',
        title: host.l10n.t(
          '{0} sent twice on leg {1} after {2} was delivered twice',
          a.event.name,
          shortId(leg.legId),
          second.event.name,
        ),
        explanation: host.l10n.t(
          'Telnyx may deliver a webhook more than once. The application handled both deliveries and ' +
            'repeated the command. Remember the webhook id you have handled, and send a command_id ' +
            'with each command: Telnyx ignores a repeated command_id within 60 seconds.',
        ),
        docsUrl: DOCS.receivingWebhooks,
        eventRefs: [events[i].index, a.index, second.index, b.index],
      });
    }
  }
  return findings;
}

/** The HTTP statuses the application answered, as far as Telnyx's records say: never a "?". */
function deliveryStatusText(attempts: readonly Ev[], host: L10nHost): string {
  const known = attempts.map((a) => a.read.responseStatus).filter((status): status is number => status !== undefined);
  const unknown = attempts.length - known.length;
  if (known.length === 0) return host.l10n.t('the HTTP status is not known: the event does not say');
  if (unknown === 0) return host.l10n.t('HTTP status {0}', known.join(', '));
  return unknown === 1
    ? host.l10n.t('HTTP status {0}; not known for 1 attempt', known.join(', '))
    : host.l10n.t('HTTP status {0}; not known for {1} attempts', known.join(', '), unknown);
}

export function failedDeliveries(
  session: Session,
  host: L10nHost,
  connection: DoctorConnection | undefined,
): Finding[] {
  const findings: Finding[] = [];
  for (const leg of session.legs) {
    const groups = new Map<string, Ev[]>();
    const delivered: Ev[] = [];
    // A webhook the tap saw is judged on its answers (tapRules.ts), not inferred here as well.
    const tapped = new Set(
      leg.events.filter((ev) => isWebhook(ev) && ev.event.tap).map((ev) => webhookIdentity(ev) ?? ev),
    );
    for (const ev of leg.events) {
      if (!isWebhook(ev)) continue;
      if (ev.read.deliveryFailed && tapped.has(webhookIdentity(ev) ?? ev)) continue;
      if (!ev.read.deliveryFailed) {
        delivered.push(ev);
        continue;
      }
      const key = ev.read.webhookId ?? ev.event.name;
      const group = groups.get(key);
      if (group) group.push(ev);
      else groups.set(key, [ev]);
    }
    for (const [key, attempts] of groups) {
      const last = attempts[attempts.length - 1];
      // Recovered when a later attempt of the same webhook got through.
      const recovered = delivered.some(
        (d) =>
          d.at > attempts[0].at &&
          d.event.name === last.event.name &&
          (last.read.webhookId ? d.read.webhookId === last.read.webhookId : (d.read.attempt ?? 1) > 1),
      );
      if (recovered) continue;
      const urls = new Set(attempts.map((a) => a.read.deliveryUrl).filter((u): u is string => u !== undefined));
      const failover = connection?.webhook_event_failover_url ?? undefined;
      const failoverKnown = connection !== undefined && 'webhook_event_failover_url' in connection;
      const statusText = deliveryStatusText(attempts, host);
      const failoverText = failover
        ? host.l10n.t('A failover URL is configured ({0}); it failed too, or was not tried.', failover)
        : failoverKnown
          ? host.l10n.t(
              'No failover URL is configured on the connection: add one so that Telnyx has somewhere else to deliver.',
            )
          : urls.size > 1
            ? host.l10n.t('The attempts went to {0} different URLs (primary and failover).', urls.size)
            : host.l10n.t('Whether the connection has a failover URL is not known here.');
      findings.push({
        id: `failed-deliveries:${leg.legId}:${key}`,
        rule: 'failed-deliveries',
        severity: 'error',
        title:
          attempts.length === 1
            ? host.l10n.t(
                '{0} on leg {1} never reached the application (1 failed attempt)',
                last.event.name,
                shortId(leg.legId),
              )
            : host.l10n.t(
                '{0} on leg {1} never reached the application ({2} failed attempts)',
                last.event.name,
                shortId(leg.legId),
                attempts.length,
              ),
        explanation:
          host.l10n.t(
            'Every delivery attempt failed ({0}), so the application never saw this webhook. Check ' +
              'that your webhook URL is reachable and answers 200 quickly.',
            statusText,
          ) +
          ' ' +
          failoverText,
        docsUrl: DOCS.receivingWebhooks,
        eventRefs: attempts.map((a) => a.index),
      });
    }
  }
  return findings;
}
