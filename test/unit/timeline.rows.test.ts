// The rows the panel posts to its page (no metadata) and the connection read from event metadata.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CallEvent } from '../../src/telnyx/types';
import {
  applyFilter,
  buildTimeline,
  connectionIdFromEvents,
  eventKey,
  NO_FILTER,
  toEventRow,
} from '../../src/timeline';
import { ev } from './callEvents';

const withMetadata = (at: string, name: string, leg: string, metadata: Record<string, unknown>): CallEvent =>
  ev(at, name, leg, { metadata });

const events = [
  withMetadata('2024-05-01T10:00:02.000002Z', 'call.answered', 'leg-a', {
    payload: { call_control_id: 'v3:a', connection_id: 'conn-a', from: '+1312', hangup_cause: 'x' },
  }),
  withMetadata('2024-05-01T10:00:01.000001Z', 'call.initiated', 'leg-a', {
    delivery: { status: 'failed' },
    big: 'x'.repeat(10_000),
  }),
  withMetadata('2024-05-01T10:00:03.000003Z', 'bridge', 'leg-b', { connection_id: 'conn-b', call_control_id: 'v3:b' }),
];

describe('event rows', () => {
  it('carry what a row shows and none of the metadata', () => {
    const row = toEventRow(events[1]);
    assert.deepEqual(Object.keys(row).sort(), [
      'call_leg_id',
      'call_session_id',
      'event_timestamp',
      'name',
      'summary',
      'type',
    ]);
    assert.ok(JSON.stringify(row).length < 300, 'the 10 KB of metadata stayed behind');
    assert.equal(eventKey(row), eventKey(events[1]), 'the key the page asks for metadata with');
  });

  it('give the same timeline, summaries and filter counts as the full events', () => {
    const full = buildTimeline(events);
    const rows = buildTimeline(events.map(toEventRow));
    assert.deepEqual(
      rows.entries.map((e) => [e.key, e.lane, e.sinceStartMicros, e.gapMicros, e.summary]),
      full.entries.map((e) => [e.key, e.lane, e.sinceStartMicros, e.gapMicros, e.summary]),
    );
    assert.equal(rows.entries[0].summary.failed, true);
    assert.equal(rows.entries[1].summary.from, '+1312');
    const failedOnly = { ...NO_FILTER, failedOnly: true };
    assert.deepEqual(applyFilter(rows.entries, failedOnly).counts, applyFilter(full.entries, failedOnly).counts);
  });
});

describe('connectionIdFromEvents', () => {
  it('reads the payload of an event naming the call', () => {
    assert.equal(connectionIdFromEvents(events, { callControlId: 'v3:a' }), 'conn-a');
  });

  it("reads a command's top-level connection_id, and an event on the call's leg", () => {
    assert.equal(connectionIdFromEvents(events, { callControlId: 'v3:b' }), 'conn-b');
    assert.equal(
      connectionIdFromEvents(
        [withMetadata('2024-05-01T10:00:00Z', 'call.hangup', 'leg-c', { connection_id: 'conn-c' })],
        {
          callControlId: 'v3:c',
          legId: 'leg-c',
        },
      ),
      'conn-c',
    );
  });

  it("ignores other calls' events and events without a connection", () => {
    assert.equal(connectionIdFromEvents(events, { callControlId: 'v3:other', legId: 'leg-z' }), undefined);
    assert.equal(connectionIdFromEvents([events[1]], { callControlId: 'v3:a', legId: 'leg-a' }), undefined);
  });
});
