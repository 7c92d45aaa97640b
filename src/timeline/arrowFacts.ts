// The few facts of an event the ladder draws beyond its name: a command's result or error code, a
// webhook's delivery attempt and URL, its id (to stack redeliveries) and, for hangups, how the leg ended.
// Computed in the extension (where the metadata is) and sent with each row.
import { hangupFacts, type HangupFacts } from './endOfCall';
import { readCommand } from './eventReadings';
import { deliveryOf, isJsonObject, positiveInteger, textOf, webhookId, webhookPayload } from './webhookEnvelope';

export interface ArrowFacts {
  /** A command's result as the event says it (e.g. "ok"). */
  result?: string;
  /** A Telnyx error code of a failed command (e.g. "90018"). */
  errorCode?: string;
  /** Which delivery attempt of the webhook this event records (1 = first). */
  attempt?: number;
  deliveredTo?: string;
  /** True when the metadata says the failover URL was used. */
  failover?: boolean;
  webhookId?: string;
  /** The webhook's own `occurred_at`, which a redelivery repeats. */
  occurredAt?: string;
  hangup?: HangupFacts;
}

export function arrowFacts(type: string, name: string, metadata: unknown): ArrowFacts | undefined {
  if (!isJsonObject(metadata)) return undefined;
  const facts: ArrowFacts = {};
  if (type === 'command') {
    const command = readCommand(metadata);
    const result = command.result;
    const errorCode = command.errors[0]?.code;
    if (result !== undefined) facts.result = result;
    if (errorCode !== undefined) facts.errorCode = errorCode;
  } else {
    const delivery = deliveryOf(metadata);
    const attempt = positiveInteger(delivery?.attempt);
    const deliveredTo = textOf(delivery?.delivered_to) ?? textOf(delivery?.url);
    const failover = delivery?.failover ?? delivery?.used_failover ?? delivery?.is_failover;
    if (attempt !== undefined) facts.attempt = attempt;
    if (deliveredTo !== undefined) facts.deliveredTo = deliveredTo;
    if (typeof failover === 'boolean') facts.failover = failover;
    const id = webhookId(metadata);
    if (id !== undefined) facts.webhookId = id;
    const occurredAt =
      textOf(webhookPayload(metadata)?.occurred_at) ??
      (isJsonObject(metadata.data) ? textOf(metadata.data.occurred_at) : undefined);
    if (occurredAt !== undefined) facts.occurredAt = occurredAt;
    if (name === 'call.hangup') {
      const hangup = hangupFacts(metadata);
      if (hangup) facts.hangup = hangup;
    }
  }
  return Object.keys(facts).length ? facts : undefined;
}
