// What Place Test Call accepts: which connections can dial, which listed numbers are the
// connection's, and what a typed number must look like (the words a person sees when it is wrong).
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { checkDialNumber, dialableConnection, numbersOfConnection } from '../../src/actions/dialRules';
import { englishStrings } from '../../src/core/l10n';
import type { PhoneNumber } from '../../src/telnyx/types';

describe('Place Test Call rules', () => {
  it('dials only through active Call Control applications (Dial refuses a TeXML application)', () => {
    assert.equal(dialableConnection({ record_type: 'call_control_application', active: true }), true);
    assert.equal(dialableConnection({ record_type: 'call_control_application' }), true);
    assert.equal(dialableConnection({ record_type: 'call_control_application', active: false }), false);
    for (const type of ['texml_application', 'credential_connection', 'ip_connection', 'fqdn_connection'])
      assert.equal(dialableConnection({ record_type: type }), false, type);
  });

  it('offers only the numbers that name the connection, since Telnyx ignores a filter it does not know', () => {
    const numbers: PhoneNumber[] = [
      { id: '1', phone_number: '+13125550100', connection_id: 'c1' },
      { id: '2', phone_number: '+13125550101', connection_id: 'c2' },
      { id: '3', phone_number: '+13125550102', connection_id: null },
      { id: '4', phone_number: '+13125550103' },
    ];
    assert.deepEqual(
      numbersOfConnection(numbers, 'c1').map((n) => n.phone_number),
      ['+13125550100'],
    );
    assert.deepEqual(numbersOfConnection(numbers, 'c9'), []);
  });

  it('accepts E.164 numbers and SIP URIs, and says how to write anything else', () => {
    for (const ok of ['+13125550100', ' +442071838750 ', 'sip:alice@example.com', 'sips:bob@10.0.0.1:5061']) {
      assert.equal(checkDialNumber(ok, englishStrings), undefined, ok);
    }
    assert.match(checkDialNumber('', englishStrings) ?? '', /E\.164 form, such as \+13125550100/);
    assert.match(checkDialNumber('(312) 555-0100', englishStrings) ?? '', /no spaces or dashes/);
    assert.match(checkDialNumber('13125550100', englishStrings) ?? '', /a "\+", the country code/);
    assert.match(checkDialNumber('+0123456789', englishStrings) ?? '', /E\.164 form/);
    assert.match(checkDialNumber('alice', englishStrings) ?? '', /neither an E\.164 number/);
  });
});
