import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectAt, findIds, isCallControlId, isUuid } from '../../src/core/ids';

const V3 = 'v3:T02llQxIyaRkhfRKxgAP8nY511EhFLizdvdUKJiSw8d6A9BborherQ';
const V2_PADDED = 'v2:MWY2ZjU3YjItNzBkZS0xMWVmLWE1MjgtMDI0MjBhZWYwMDEzOnNpcC0x==';
const LEG = '428c31b6-7af4-4bcb-b7f5-5013ef9657c1';
const SESSION = '6ab9ba98-70de-11ef-8f6b-02420aef0013';

function ids(text: string): string[] {
  return findIds(text).map((hit) => `${hit.kind}:${hit.id}`);
}

test('finds a call_control_id in a webhook JSON body, with its exact offsets', () => {
  const json =
    `{"data":{"event_type":"call.answered","payload":{"call_control_id":"${V3}","call_leg_id":"${LEG}",` +
    `"call_session_id":"${SESSION}","client_state":null}}}`;
  const hits = findIds(json);
  assert.deepEqual(
    hits.map((h) => h.kind),
    ['call_control_id', 'call_leg_id', 'call_session_id'],
  );
  const ccid = hits[0]!;
  assert.equal(json.slice(ccid.start, ccid.end), V3);
  assert.equal(json.slice(hits[1]!.start, hits[1]!.end), LEG);
});

test('finds ids in log lines, URLs and code strings', () => {
  assert.deepEqual(ids(`2025-05-01T12:00:03.123Z INFO answered call_control_id=${V3} leg=${LEG}`), [
    `call_control_id:${V3}`,
  ]);
  assert.deepEqual(ids(`POST https://api.telnyx.com/v2/calls/${V3}/actions/hangup 200`), [`call_control_id:${V3}`]);
  assert.deepEqual(ids(`await telnyx.calls.actions.answer('${V2_PADDED}');`), [`call_control_id:${V2_PADDED}`]);
  assert.deepEqual(ids(`ccid := "${V3}"`), [`call_control_id:${V3}`]);
  assert.deepEqual(ids(`call_leg_id=${LEG} call_session_id: '${SESSION}'`), [
    `call_leg_id:${LEG}`,
    `call_session_id:${SESSION}`,
  ]);
  assert.deepEqual(ids(`const callSessionId = "${SESSION.toUpperCase()}";`), [`call_session_id:${SESSION}`]);
  assert.deepEqual(ids(`id: v10:${'A'.repeat(20)}`), [`call_control_id:v10:${'A'.repeat(20)}`]);
});

test('near misses do not match', () => {
  const body = V3.slice(3);
  for (const text of [
    'v3:tooShortToBeAnId12', // 19 characters after the prefix
    `rev3:${body}`, // the tail of a longer word
    `my-v3:${body}`,
    `v:${body}`, // no version number
    `v3;${body}`,
    `V3:${body}`, // upper case prefix
    `v3:${body}+abc/def==`, // standard base64 with '+', not base64url
    `session ${LEG}`, // a bare UUID is not labelled
    `other_call_leg_id=${LEG}`, // a different field that ends like ours
    `call_leg_id=${LEG}0`, // UUID followed by more hex
    `call_leg_id=${LEG.slice(0, -1)}`, // one digit short
    `call_leg_id is unknown ${LEG}`,
  ]) {
    assert.deepEqual(ids(text), [], text);
  }
});

test('detectAt returns the id under the cursor, at its first and last character, and nothing beside it', () => {
  const line = `  "call_control_id": "${V3}",`;
  const start = line.indexOf(V3);
  const end = start + V3.length;
  assert.equal(detectAt(line, start)?.id, V3);
  assert.equal(detectAt(line, end - 1)?.id, V3);
  assert.equal(detectAt(line, start + 10)?.start, start);
  assert.equal(detectAt(line, 3), undefined); // on the field name
  assert.equal(detectAt(line, start - 2), undefined); // on ": "
});

test('detectAt picks the right one of several ids on a line', () => {
  const other = 'v2:' + 'x'.repeat(40);
  const line = `transfer ${V3} -> ${other}`;
  assert.equal(detectAt(line, line.indexOf(other) + 5)?.id, other);
  assert.equal(detectAt(line, line.indexOf(V3) + 5)?.id, V3);
});

test('detectAt on a megabyte line looks only near the cursor and still finds the id', () => {
  const filler = '{"a":"b"},'.repeat(100_000);
  const line = `${filler}{"call_control_id":"${V3}"}${filler}`;
  const at = line.indexOf(V3) + 4;
  assert.equal(detectAt(line, at)?.id, V3);
  assert.equal(detectAt(line, 50), undefined);
});

test('an id cut by the search window is ignored rather than guessed', () => {
  const long = 'v3:' + 'A'.repeat(3000);
  assert.equal(detectAt(long, 2000), undefined);
  assert.equal(findIds(long).length, 1);
});

test('isCallControlId and isUuid accept whole values only', () => {
  assert.equal(isCallControlId(` ${V3} `), true);
  assert.equal(isCallControlId(`${V3} extra`), false);
  assert.equal(isCallControlId(`x${V3}`), false);
  assert.equal(isUuid(LEG), true);
  assert.equal(isUuid(`${LEG}a`), false);
  assert.equal(isUuid('not-a-uuid'), false);
});
