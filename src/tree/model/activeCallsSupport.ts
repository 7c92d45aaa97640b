// Which connections have an active-calls list, decided from the connection's type: Telnyx lists
// active calls for Call Control and TeXML applications, and for SIP connections (credential, IP,
// FQDN) only when they send webhooks. Telnyx's 10015 is its generic Bad Request (a bad cursor
// carries it too), so an error code alone never says a connection has no list.
import { TelnyxError } from '../../telnyx/errors';
import type { Connection } from '../../telnyx/types';

const SIP_TYPES = new Set(['credential_connection', 'ip_connection', 'fqdn_connection']);

/** True only when the type says so; an unknown type is assumed to have a list. */
export function typeHasNoActiveCallsList(connection: Pick<Connection, 'record_type' | 'webhook_event_url'>): boolean {
  return SIP_TYPES.has(connection.record_type) && !connection.webhook_event_url?.trim();
}

/** The list was not read (or its error was set aside) because the connection's type has none. */
export class NoActiveCallsListError extends TelnyxError {
  constructor(readonly recordType: string) {
    super({
      kind: 'invalid_connection',
      message: `This ${recordType} sends no webhooks, so Telnyx keeps no active-calls list for it.`,
      detail: `A ${recordType} without a webhook URL has no active-calls list; Call Control, TeXML and SIP connections with webhooks have one.`,
    });
    this.name = 'NoActiveCallsListError';
  }
}
