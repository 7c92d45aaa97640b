// What Place Test Call accepts, without 'vscode' (unit-tested in plain Node): which connections can
// place a call, which listed numbers belong to the connection, and what a typed number must look like.
import type { L10nHost } from '../core/l10n';
import type { Connection, PhoneNumber } from '../telnyx/types';

/**
 * Dial's `connection_id` is a Call Control application's id (Telnyx's spec); a TeXML application
 * places calls through its own TeXML endpoint, and Dial refuses it naming /connection_id.
 */
export function dialableConnection(connection: Pick<Connection, 'record_type' | 'active'>): boolean {
  return connection.active !== false && connection.record_type === 'call_control_application';
}

/**
 * The numbers on this connection. Telnyx silently ignores a filter it does not know, so what came
 * back is checked: a number that names another connection is left out.
 */
export function numbersOfConnection(numbers: readonly PhoneNumber[], connectionId: string): PhoneNumber[] {
  return numbers.filter((n) => n.connection_id === connectionId);
}

const E164 = /^\+[1-9]\d{6,14}$/;
const SIP_URI = /^sips?:[^\s@]+@[^\s@]+$/i;

/** Undefined when `value` can be dialled: E.164 (`+13125550100`) or a SIP URI (`sip:alice@example.com`). */
export function checkDialNumber(value: string, host: L10nHost): string | undefined {
  const text = value.trim();
  if (!text) return host.l10n.t('Enter a number in E.164 form, such as +13125550100, or a SIP URI.');
  if (E164.test(text) || SIP_URI.test(text)) return undefined;
  if (/^\+?[\d\s().-]+$/.test(text)) {
    return host.l10n.t(
      'Write the number in E.164 form: a "+", the country code and the number, no spaces or dashes (e.g. +13125550100).',
    );
  }
  return host.l10n.t('This is neither an E.164 number (+13125550100) nor a SIP URI (sip:alice@example.com).');
}
