import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkCallControlId, checkUuid } from '../../src/core/ids';
import { lastMinutes, normalisePhoneNumber, parseTimeWindow, hostTimeZoneLabel } from '../../src/commands/validation';

const V3 = 'v3:T02llQxIyaRkhfRKxgAP8nY511EhFLizdvdUKJiSw8d6A9BborherQ';

test('call_control_id input: each mistake has its own reason', () => {
  assert.equal(checkCallControlId(V3), undefined);
  assert.equal(checkCallControlId(`  ${V3}\n`), undefined);
  assert.equal(checkCallControlId(''), 'empty');
  assert.equal(checkCallControlId('   '), 'empty');
  assert.equal(checkCallControlId(`${V3} ${V3}`), 'spaces');
  assert.equal(checkCallControlId(V3.slice(3)), 'prefix');
  assert.equal(checkCallControlId('428c31b6-7af4-4bcb-b7f5-5013ef9657c1'), 'prefix');
  assert.equal(checkCallControlId('v3:abc'), 'short');
  assert.equal(checkCallControlId(`${V3}+/`), 'characters');
  assert.equal(checkCallControlId(`v3:${'é'.repeat(25)}`), 'characters');
});

test('UUID input', () => {
  assert.equal(checkUuid('428c31b6-7af4-4bcb-b7f5-5013ef9657c1'), undefined);
  assert.equal(checkUuid('428C31B6-7AF4-4BCB-B7F5-5013EF9657C1'), undefined);
  assert.equal(checkUuid(''), 'empty');
  assert.equal(checkUuid('428c31b6-7af4-4bcb-b7f5-5013ef9657c'), 'format');
  assert.equal(checkUuid('428c31b67af44bcbb7f55013ef9657c1'), 'format');
  assert.equal(checkUuid(V3), 'format');
});

test('phone numbers are normalised to E.164, SIP URIs kept', () => {
  assert.deepEqual(normalisePhoneNumber('+1 (312) 555-0100'), { ok: true, value: '+13125550100' });
  assert.deepEqual(normalisePhoneNumber('+44.20.7946.0958'), { ok: true, value: '+442079460958' });
  assert.deepEqual(normalisePhoneNumber('sip:alice@example.com'), { ok: true, value: 'sip:alice@example.com' });
  assert.deepEqual(normalisePhoneNumber(''), { ok: false, problem: 'empty' });
  assert.deepEqual(normalisePhoneNumber('3125550100'), { ok: false, problem: 'format' }); // no country code
  assert.deepEqual(normalisePhoneNumber('+0123456789'), { ok: false, problem: 'format' });
  assert.deepEqual(normalisePhoneNumber('+1234'), { ok: false, problem: 'format' });
  assert.deepEqual(normalisePhoneNumber('+1312555010012345'), { ok: false, problem: 'format' });
});

test('time windows: one bound for the server, the other kept for local filtering, 24-hour rule', () => {
  const now = Date.parse('2025-05-01T15:00:00Z');
  assert.deepEqual(lastMinutes(60, now), { notBefore: '2025-05-01T14:00:00.000Z', notAfter: undefined });
  assert.deepEqual(parseTimeWindow('2025-05-01T14:00Z to 2025-05-01T14:30Z', now), {
    ok: true,
    window: { notBefore: '2025-05-01T14:00:00.000Z', notAfter: '2025-05-01T14:30:00.000Z' },
  });
  assert.deepEqual(
    parseTimeWindow('2025-05-01T14:00Z..2025-05-01T14:30Z', now),
    parseTimeWindow('2025-05-01T14:00Z to 2025-05-01T14:30Z', now),
  );
  assert.deepEqual(parseTimeWindow('2025-05-01T14:00Z', now), {
    ok: true,
    window: { notBefore: '2025-05-01T14:00:00.000Z', notAfter: undefined },
  });
  // An end in the future is the same as "up to now".
  assert.deepEqual(parseTimeWindow('2025-05-01T14:00Z to 2025-05-01T16:00Z', now), {
    ok: true,
    window: { notBefore: '2025-05-01T14:00:00.000Z', notAfter: undefined },
  });
  assert.deepEqual(parseTimeWindow('2025-04-30T14:59Z', now), { ok: false, problem: 'tooOld' });
  assert.deepEqual(parseTimeWindow('2025-05-01T15:01Z', now), { ok: false, problem: 'future' });
  assert.deepEqual(parseTimeWindow('2025-05-01T14:30Z to 2025-05-01T14:00Z', now), { ok: false, problem: 'order' });
  assert.deepEqual(parseTimeWindow('an hour ago', now), { ok: false, problem: 'unreadable' });
  assert.deepEqual(parseTimeWindow('1714570000000', now), { ok: false, problem: 'unreadable' });
  assert.deepEqual(parseTimeWindow('', now), { ok: false, problem: 'empty' });
});

// Without a zone the time is local, as a person reads their own clock: the same text is another
// instant in each zone. Expected instants worked out by hand, not with the Date code under test.
for (const [zone, utc] of [
  ['America/Los_Angeles', '2025-05-01T21:00:00.000Z'], // PDT, UTC-7
  ['Asia/Kolkata', '2025-05-01T08:30:00.000Z'], // IST, UTC+5:30
  ['UTC', '2025-05-01T14:00:00.000Z'],
] as const) {
  test(`time windows: a time without a zone is read in the local zone (TZ=${zone})`, () => {
    const previous = process.env.TZ;
    // Node re-reads the zone when TZ is assigned.
    process.env.TZ = zone;
    try {
      const now = Date.parse(utc) + 60 * 60_000;
      const local = parseTimeWindow('2025-05-01 14:00', now);
      assert.deepEqual(local, { ok: true, window: { notBefore: utc, notAfter: undefined } });
    } finally {
      if (previous === undefined) delete process.env.TZ;
      else process.env.TZ = previous;
    }
  });
}

test('a custom window accepts an ISO time with an offset, and the prompt names the host time zone', () => {
  const now = Date.parse('2025-05-01T15:00:00Z');
  assert.deepEqual(parseTimeWindow('2025-05-01T16:00+02:00 to 2025-05-01 16:30+02:00', now), {
    ok: true,
    window: { notBefore: '2025-05-01T14:00:00.000Z', notAfter: '2025-05-01T14:30:00.000Z' },
  });
  const label = hostTimeZoneLabel(now, 'Etc/Test');
  assert.match(label, /^Etc\/Test, UTC[+-]\d\d:\d\d$/);
  const minutes = -new Date(now).getTimezoneOffset();
  assert.ok(
    label.endsWith(
      `${minutes < 0 ? '-' : '+'}${String(Math.floor(Math.abs(minutes) / 60)).padStart(2, '0')}:` +
        `${String(Math.abs(minutes) % 60).padStart(2, '0')}`,
    ),
  );
});
