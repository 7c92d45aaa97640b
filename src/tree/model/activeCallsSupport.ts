// Which connections have an active-calls list. Telnyx lists active calls for Call Control and TeXML
// applications, and for SIP connections (credential, IP, FQDN) that have a webhook URL or an XML
// request URL; the latter is not in the connection list item, so the type alone cannot tell: the
// list is always asked for, and Telnyx's answer decides. Its 10015 is the generic Bad Request (a bad
// cursor carries it too), so only a 10015 naming the connection, on a SIP connection, means "no list".
import { TelnyxError } from '../../telnyx/errors';
import type { Connection } from '../../telnyx/types';

const SIP_TYPES = new Set(['credential_connection', 'ip_connection', 'fqdn_connection']);

/** A type whose connections may lack an active-calls list (SIP without webhook nor XML request URL). */
export function typeMayLackActiveCallsList(connection: Pick<Connection, 'record_type'>): boolean {
  return SIP_TYPES.has(connection.record_type);
}

/** Telnyx answered that this connection has no active-calls list (a 10015 naming it, on a SIP connection). */
export class NoActiveCallsListError extends TelnyxError {
  constructor(readonly recordType: string) {
    super({
      kind: 'invalid_connection',
      message: `Telnyx keeps no active-calls list for this ${recordType}: it has neither a webhook URL nor an XML request URL.`,
      detail:
        `Telnyx answered 10015 about the connection. A SIP connection lists active calls only ` +
        `with a webhook URL or an XML request URL; Call Control and TeXML applications always do.`,
    });
    this.name = 'NoActiveCallsListError';
  }
}
