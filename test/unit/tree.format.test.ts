// Text on call rows: durations, shortened ids, client_state shown only when it is readable text.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { clientStateOnRow, formatDuration, shortenId, truncate } from '../../src/tree/model/format';

describe('tree row text', () => {
  it('formats durations as m:ss, and h:mm:ss past an hour', () => {
    assert.equal(formatDuration(0), '0:00');
    assert.equal(formatDuration(7), '0:07');
    assert.equal(formatDuration(754), '12:34');
    assert.equal(formatDuration(3723), '1:02:03');
    assert.equal(formatDuration(-5), '0:00');
    assert.equal(formatDuration(59.9), '0:59');
  });

  it('shortens long ids and leaves short ones alone', () => {
    assert.equal(shortenId('428c31b6-7af4-4bcb-b7f5-5013ef9657c1'), '428c31b6…');
    assert.equal(shortenId('abc'), 'abc');
    assert.equal(truncate('x'.repeat(50), 10), `${'x'.repeat(9)}…`);
  });

  it('decodes client_state that is printable text, in base64 or base64url', () => {
    assert.equal(clientStateOnRow(Buffer.from('order 42 · café').toString('base64')), 'order 42 · café');
    assert.equal(clientStateOnRow(Buffer.from('agent?id=7>>').toString('base64url')), 'agent?id=7>>');
  });

  it('hides client_state that is binary, control characters, not base64 or empty', () => {
    assert.equal(clientStateOnRow(Buffer.from([0xff, 0xfe, 0x00, 0x81]).toString('base64')), undefined);
    assert.equal(clientStateOnRow(Buffer.from('line\nbreak').toString('base64')), undefined);
    assert.equal(clientStateOnRow(Buffer.from('bell\u0007').toString('base64')), undefined);
    assert.equal(clientStateOnRow('not base64!'), undefined);
    assert.equal(clientStateOnRow(''), undefined);
    assert.equal(clientStateOnRow(undefined), undefined);
    assert.equal(clientStateOnRow(Buffer.from('   ').toString('base64')), undefined);
  });
});
