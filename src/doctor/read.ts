// What the call doctor's rules need of each event, read once per event. The shapes of metadata
// (flat, `{ payload, delivery }`, or Telnyx's delivered envelope) are read by the timeline's
// accessors (src/timeline/metadata.ts: webhookPayload, webhookDelivery), shared with the panel;
// the fields a rule depends on (delivery outcome and HTTP status, command result, errors and
// parameters) by src/timeline/eventReadings.ts, which says when they are unknown.
import {
  readCommand,
  readDelivery,
  type CommandOutcome,
  type DeliveryOutcome,
  type ErrorCode,
} from '../timeline/eventReadings';
import { isObject, positiveInteger, webhookDelivery, webhookPayload } from '../timeline/metadata';
import { isSuccess, type TapFacts } from '../timeline/tapFacts';

export type { ErrorCode };

type Json = Record<string, unknown>;

export interface ReadEvent {
  /** The webhook payload, or the command parameters. */
  fields: Json;
  webhookId?: string;
  occurredAt?: string;
  attempt?: number;
  deliveryFailed: boolean;
  /** Webhooks: what the metadata says of the delivery (`unknown` when it says nothing). */
  delivery: DeliveryOutcome;
  /** Commands: what the metadata says of the result (`unknown` when it says nothing). */
  commandOutcome: CommandOutcome;
  deliveryUrl?: string;
  responseStatus?: number;
  commandId?: string;
  /** Present only when the metadata carries a client_state string. */
  clientState?: string;
  direction?: string;
  errors: ErrorCode[];
}

function text(value: unknown): string | undefined {
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/** `tap`: what the live tap saw of the event; its answers are certain and win over the metadata's. */
export function readEvent(type: string, metadata: unknown, tap?: TapFacts): ReadEvent {
  const root: Json = isObject(metadata) ? metadata : {};
  const data = isObject(root.data) ? root.data : undefined;
  const meta = isObject(root.meta) ? root.meta : undefined;
  const command = type === 'command' ? readCommand(root) : undefined;
  const delivered = type === 'webhook' ? readDelivery(root) : undefined;
  const fields: Json = command ? (command.parameters ?? root) : (webhookPayload(root) ?? root);
  const delivery = isObject(root.delivery)
    ? root.delivery
    : isObject(root.webhook_delivery)
      ? root.webhook_delivery
      : undefined;
  const out: ReadEvent = {
    fields,
    deliveryFailed: delivered?.outcome === 'failed',
    delivery: delivered?.outcome ?? 'unknown',
    commandOutcome: command?.outcome ?? 'unknown',
    errors: command?.errors ?? [],
  };
  // The envelope's facts first (as the panel reads them), then where flat records put them.
  const envelope = webhookDelivery(root);
  const webhookId =
    envelope.webhookId ?? text(data?.id) ?? (fields !== root ? text(root.id) : undefined) ?? text(root.webhook_id);
  if (webhookId) out.webhookId = webhookId;
  const occurredAt = envelope.occurredAt ?? text(fields.occurred_at) ?? text(root.occurred_at);
  if (occurredAt) out.occurredAt = occurredAt;
  const attempt =
    envelope.attempt ??
    positiveInteger(meta?.attempt) ??
    positiveInteger(delivery?.attempt) ??
    positiveInteger(root.attempt);
  if (attempt !== undefined) out.attempt = attempt;
  const url = envelope.deliveredTo ?? text(delivery?.url) ?? text(root.delivered_to);
  if (url) out.deliveryUrl = url;
  if (delivered?.responseStatus !== undefined) out.responseStatus = delivered.responseStatus;
  const commandId = text(fields.command_id) ?? text(root.command_id);
  if (commandId) out.commandId = commandId;
  if (typeof fields.client_state === 'string' && fields.client_state !== '') out.clientState = fields.client_state;
  const direction = text(fields.direction);
  if (direction) out.direction = direction;
  if (tap) withTapAnswers(out, tap);
  return out;
}

function withTapAnswers(out: ReadEvent, tap: TapFacts): void {
  if (tap.app && !tap.app.pending) {
    const delivered = isSuccess(tap.app);
    out.delivery = delivered ? 'delivered' : 'failed';
    out.deliveryFailed = !delivered;
    if (tap.app.status !== undefined) out.responseStatus = tap.app.status;
  }
  if (tap.telnyx && !tap.telnyx.pending) {
    out.commandOutcome = isSuccess(tap.telnyx) ? 'ok' : 'error';
    if (!out.errors.length && tap.error?.code) out.errors = [{ ...tap.error, code: tap.error.code }];
  }
}

/** A field of the payload (webhook) or parameters (command), as text. */
export function fieldText(read: ReadEvent, name: string): string | undefined {
  return text(read.fields[name]);
}
