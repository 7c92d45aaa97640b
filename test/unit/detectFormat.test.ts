import { test } from 'node:test';
import assert from 'node:assert/strict';
import { callState, curlForCallStatus, durationSeconds } from '../../src/core/call';
import { formatDuration, formatTimestamp } from '../../src/core/format';
import { commandUri, clientStateForHover, escapeMarkdown } from '../../src/hover/format';

test('a ringing dialled call (is_alive false, no end_time) is not reported as ended', () => {
  assert.equal(callState({ is_alive: true }), 'alive');
  assert.equal(callState({ is_alive: false }), 'ringing');
  assert.equal(callState({ is_alive: false, end_time: '2025-05-01T12:00:00Z' }), 'ended');
});

test("a live call's duration ticks from the moment it was read, in whole seconds; an ended one stands still", () => {
  const read = Date.parse('2025-05-01T12:00:00Z');
  // A status read 2.7 s ago with call_duration 30.6: every surface shows 32 s (30 + 2 whole seconds).
  assert.equal(durationSeconds({ call_duration: 30.6 }, read + 2_700, read), 32);
  // Without the read time the status is taken as read now (a hover of a fresh read).
  assert.equal(durationSeconds({ call_duration: 30.6 }, read + 2_700), 30);
  assert.equal(durationSeconds({ call_duration: 30, end_time: '2025-05-01T11:59:00Z' }, read + 60_000, read), 30);
  // call_duration wins over start_time: Telnyx's figure, not a guess from clocks that may differ.
  assert.equal(durationSeconds({ call_duration: 5, start_time: '2025-05-01T11:50:00Z' }, read, read), 5);
  assert.equal(durationSeconds({ start_time: '2025-05-01T11:59:58.900Z' }, read), 1);
});

test('durations read as a clock, the same style as the tree and the panel', () => {
  assert.equal(formatDuration(42), '0:42');
  assert.equal(formatDuration(187), '3:07');
  assert.equal(formatDuration(3725), '1:02:05');
  assert.equal(durationSeconds({ call_duration: 12 }, 0), 12);
  assert.equal(durationSeconds({ start_time: '2025-05-01T12:00:00Z', end_time: '2025-05-01T12:01:30Z' }, 0), 90);
  assert.equal(durationSeconds({ start_time: '2025-05-01T12:00:00Z' }, Date.parse('2025-05-01T12:00:10Z')), 10);
  assert.equal(durationSeconds({}, 0), undefined);
  assert.equal(formatTimestamp('2025-05-01T12:00:03.123456Z'), '2025-05-01 12:00:03 UTC');
  assert.equal(formatTimestamp('yesterday'), 'yesterday');
});

test('client_state is decoded when it is text, kept raw when it is not', () => {
  assert.deepEqual(clientStateForHover(Buffer.from('order-42').toString('base64')), {
    text: 'order-42',
    decoded: true,
  });
  assert.deepEqual(clientStateForHover('not base64!'), { text: 'not base64!', decoded: false });
  const binary = Buffer.from([0, 1, 2, 255, 254]).toString('base64');
  assert.deepEqual(clientStateForHover(binary), { text: binary, decoded: false });
});

test('a client_state that decodes to a command link is escaped into inert text', () => {
  const state = Buffer.from('[x](command:workbench.action.terminal.new)').toString('base64');
  const escaped = escapeMarkdown(clientStateForHover(state).text);
  assert.equal(escaped, '\\[x\\]\\(command\\:workbench\\.action\\.terminal\\.new\\)');
  assert.doesNotMatch(escaped, /(?<!\\)[[\]()]/);
  assert.equal(
    escapeMarkdown('<img src=x onerror=alert(1)>\n# title'),
    '\\<img src\\=x onerror\\=alert\\(1\\)\\> \\# title',
  );
});

test('Copy as cURL uses $TELNYX_API_KEY and an encoded id, never a key', () => {
  const curl = curlForCallStatus('http://127.0.0.1:4010/v2/', 'v3:abc=def');
  assert.equal(curl, `curl -H "Authorization: Bearer $TELNYX_API_KEY" 'http://127.0.0.1:4010/v2/calls/v3%3Aabc%3Ddef'`);
});

test('command links carry JSON arguments, URL-encoded', () => {
  assert.equal(commandUri('telnyx.copyText', 'v3:a b'), `command:telnyx.copyText?${encodeURIComponent('["v3:a b"]')}`);
  assert.equal(commandUri('telnyx.setApiKey'), 'command:telnyx.setApiKey');
});
