import { formatDuration } from '../../src/core/format';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { axisTickLabel } from '../../src/timeline/axis';
import {
  applyFilter,
  buildTimeline,
  columnOf,
  decodeBase64,
  decodeClientState,
  eventKey,
  formatSpan,
  formatUtcMicros,
  laneMarks,
  latestTimestamp,
  mergeEvents,
  nearestInLane,
  parseTimestampMicros,
  summarizeMetadata,
  withinBounds,
} from '../../src/timeline';
import { ev } from './callEvents';

describe('timestamps', () => {
  it('keeps microseconds that Date would drop', () => {
    const a = parseTimestampMicros('2019-03-29T11:10:19.127783Z');
    const b = parseTimestampMicros('2019-03-29T11:10:19.127784Z');
    assert.equal(b - a, 1);
    assert.equal(a, Date.UTC(2019, 2, 29, 11, 10, 19, 127) * 1000 + 783);
  });

  it('reads offsets, missing fractions and short fractions', () => {
    assert.equal(parseTimestampMicros('2019-03-29T12:10:19+01:00'), Date.UTC(2019, 2, 29, 11, 10, 19) * 1000);
    assert.equal(parseTimestampMicros('2019-03-29T11:10:19.5Z'), Date.UTC(2019, 2, 29, 11, 10, 19, 500) * 1000);
    assert.equal(parseTimestampMicros('2019-03-29T11:10:19.1234567Z') % 1_000_000, 123456);
    assert.ok(Number.isNaN(parseTimestampMicros('yesterday')));
  });

  it('formats spans, clocks and UTC with their units', () => {
    assert.equal(formatSpan(850), '850 µs');
    assert.equal(formatSpan(12_345), '12.3 ms');
    assert.equal(formatSpan(4_207_000), '4.207 s');
    assert.equal(formatSpan(125_000_000), '2 min 05 s');
    assert.equal(formatSpan(3_720_000_000), '1 h 02 min');
    assert.equal(formatSpan(-2_000_000), '−2 s');
    assert.equal(formatDuration(7), '0:07');
    assert.equal(formatDuration(3723), '1:02:03');
    assert.equal(
      formatUtcMicros(parseTimestampMicros('2019-03-29T11:10:19.127783Z')),
      '2019-03-29 11:10:19.127783 UTC',
    );
  });
});

describe('buildTimeline', () => {
  it('orders by time at full precision, with time since start and gaps', () => {
    const timeline = buildTimeline([
      ev('2024-05-01T10:00:00.000300Z', 'call.answered'),
      ev('2024-05-01T10:00:00.000100Z', 'call.initiated'),
      ev('2024-05-01T10:00:01.000300Z', 'call.hangup'),
      ev('2024-05-01T10:00:00.000200Z', 'answer'),
    ]);
    assert.deepEqual(
      timeline.entries.map((e) => e.event.name),
      ['call.initiated', 'answer', 'call.answered', 'call.hangup'],
    );
    assert.deepEqual(
      timeline.entries.map((e) => e.sinceStartMicros),
      [0, 100, 200, 1_000_200],
    );
    assert.deepEqual(
      timeline.entries.map((e) => e.gapMicros),
      [undefined, 100, 100, 1_000_000],
    );
    assert.deepEqual(
      timeline.entries.map((e) => e.index),
      [0, 1, 2, 3],
    );
  });

  it('keeps API order for equal timestamps and puts unreadable ones last', () => {
    const timeline = buildTimeline([
      ev('not a time', 'weird'),
      ev('2024-05-01T10:00:00.5Z', 'b'),
      ev('2024-05-01T10:00:00.5Z', 'a'),
    ]);
    assert.deepEqual(
      timeline.entries.map((e) => e.event.name),
      ['b', 'a', 'weird'],
    );
    assert.equal(timeline.entries[2].gapMicros, undefined);
  });

  it('gives each leg a lane in the order legs first appear', () => {
    const timeline = buildTimeline([
      ev('2024-05-01T10:00:03Z', 'call.bridged', 'leg-b'),
      ev('2024-05-01T10:00:01Z', 'call.initiated', 'leg-a'),
      ev('2024-05-01T10:00:04Z', 'call.hangup', 'leg-a'),
      ev('2024-05-01T10:00:02Z', 'transfer', 'leg-a'),
    ]);
    assert.deepEqual(
      timeline.lanes.map((l) => [l.legId, l.eventCount]),
      [
        ['leg-a', 3],
        ['leg-b', 1],
      ],
    );
    assert.deepEqual(
      timeline.entries.map((e) => e.lane),
      [0, 0, 1, 0],
    );
    assert.equal(timeline.lanes[1].firstMicros, parseTimestampMicros('2024-05-01T10:00:03Z'));
    assert.equal(timeline.endMicros - timeline.startMicros, 3_000_000);
  });

  it('marks failed deliveries from the metadata', () => {
    const timeline = buildTimeline([
      ev('2024-05-01T10:00:01Z', 'call.answered', 'leg-a', {
        metadata: { delivery: { status: 'failed', response_status: 500 } },
      }),
      ev('2024-05-01T10:00:02Z', 'call.hangup', 'leg-a', { metadata: { delivery: { status: 'delivered' } } }),
    ]);
    assert.deepEqual(
      timeline.entries.map((e) => e.summary.failed),
      [true, false],
    );
  });
});

describe('merge and incremental refresh', () => {
  it('de-duplicates by timestamp, name and leg', () => {
    const first = [ev('2024-05-01T10:00:01.000001Z', 'call.initiated'), ev('2024-05-01T10:00:02.000001Z', 'answer')];
    const again = [
      ev('2024-05-01T10:00:02.000001Z', 'answer'),
      ev('2024-05-01T10:00:02.000001Z', 'answer', 'leg-b'),
      ev('2024-05-01T10:00:02.000002Z', 'answer'),
    ];
    const merged = mergeEvents(first, again);
    assert.equal(merged.added, 2);
    assert.equal(new Set(merged.events.map(eventKey)).size, 4);
  });

  it('names the latest timestamp exactly as the API wrote it', () => {
    const events = [ev('2024-05-01T10:00:02.123457Z', 'b'), ev('2024-05-01T10:00:02.123456Z', 'a'), ev('garbage', 'c')];
    assert.equal(latestTimestamp(events), '2024-05-01T10:00:02.123457Z');
    assert.equal(latestTimestamp([]), undefined);
  });

  it('applies local time bounds inclusively', () => {
    const events = [ev('2024-05-01T10:00:01Z', 'a'), ev('2024-05-01T10:00:02Z', 'b'), ev('2024-05-01T10:00:03Z', 'c')];
    assert.deepEqual(
      withinBounds(events, '2024-05-01T10:00:02Z').map((e) => e.name),
      ['b', 'c'],
    );
    assert.deepEqual(
      withinBounds(events, undefined, '2024-05-01T10:00:02Z').map((e) => e.name),
      ['a', 'b'],
    );
    assert.deepEqual(
      withinBounds(events, '2024-05-01T11:00:02+01:00', '2024-05-01T10:00:02.5Z').map((e) => e.name),
      ['b'],
    );
  });
});

describe('filters', () => {
  const timeline = buildTimeline([
    ev('2024-05-01T10:00:01Z', 'call.initiated'),
    ev('2024-05-01T10:00:02Z', 'answer'),
    ev('2024-05-01T10:00:03Z', 'call.answered', 'leg-a', { metadata: { failed: true } }),
    ev('2024-05-01T10:00:04Z', 'call.hangup', 'leg-b', { metadata: { delivery: { status: 'failed' } } }),
    ev('2024-05-01T10:00:05Z', 'hangup'),
  ]);

  it('shows everything with counts per type', () => {
    const result = applyFilter(timeline.entries, { type: 'all', text: '', failedOnly: false });
    assert.equal(result.counts.shown, 5);
    assert.deepEqual(result.counts.byType, { all: 5, command: 2, webhook: 3 });
    assert.equal(result.counts.failed, 2);
  });

  it('filters by type, name text and failed only, counts following the other filters', () => {
    const byType = applyFilter(timeline.entries, { type: 'command', text: '', failedOnly: false });
    assert.deepEqual(
      byType.entries.map((e) => e.event.name),
      ['answer', 'hangup'],
    );
    assert.equal(byType.counts.failed, 0);

    const byText = applyFilter(timeline.entries, { type: 'all', text: '  HANG ', failedOnly: false });
    assert.deepEqual(
      byText.entries.map((e) => e.event.name),
      ['call.hangup', 'hangup'],
    );
    assert.deepEqual(byText.counts.byType, { all: 2, command: 1, webhook: 1 });

    const failed = applyFilter(timeline.entries, { type: 'all', text: '', failedOnly: true });
    assert.deepEqual(
      failed.entries.map((e) => e.event.name),
      ['call.answered', 'call.hangup'],
    );
    assert.deepEqual(failed.counts.byType, { all: 2, command: 0, webhook: 2 });
    assert.equal(failed.counts.total, 5);
  });
});

describe('lanes on the time axis', () => {
  it('groups events per pixel column and lane, a failure standing out', () => {
    const timeline = buildTimeline([
      ev('2024-05-01T10:00:00Z', 'dial', 'leg-a'),
      ev('2024-05-01T10:00:00.001Z', 'call.initiated', 'leg-a', { metadata: { delivery: { status: 'failed' } } }),
      ev('2024-05-01T10:00:05Z', 'call.bridged', 'leg-b'),
      ev('2024-05-01T10:00:10Z', 'call.hangup', 'leg-a'),
    ]);
    const marks = laneMarks(timeline, timeline.entries, 101);
    const first = marks.find((m) => m.lane === 0 && m.x === 0);
    assert.equal(first?.count, 2);
    assert.equal(first?.kind, 'failed');
    assert.equal(first?.entry.event.name, 'call.initiated');
    assert.deepEqual(
      marks.filter((m) => m.lane === 1).map((m) => m.x),
      [50],
    );
    assert.equal(columnOf(timeline, timeline.endMicros, 101), 100);
    assert.equal(nearestInLane(timeline, timeline.entries, 0, 90, 101)?.event.name, 'call.hangup');
    assert.equal(nearestInLane(timeline, timeline.entries, 1, 0, 101)?.event.name, 'call.bridged');
  });

  it('labels its ticks from "0 s", in the unit that fits each', () => {
    assert.deepEqual(
      [0, 0.25, 1].map((ratio) => axisTickLabel(357 * ratio)),
      ['0 s', '89 µs', '357 µs'],
    );
    assert.deepEqual(
      [0, 0.5, 1].map((ratio) => axisTickLabel(17_914_000 * ratio)),
      ['0 s', '8.957 s', '17.914 s'],
    );
    assert.equal(axisTickLabel(Number.NaN), '', 'no label for a timeline without readable times');
  });
});

describe('client_state', () => {
  it('decodes printable text', () => {
    assert.deepEqual(decodeClientState(Buffer.from('{"order":42}').toString('base64')), {
      kind: 'text',
      text: '{"order":42}',
    });
    assert.deepEqual(decodeClientState(Buffer.from('héllo wörld ✓').toString('base64url')), {
      kind: 'text',
      text: 'héllo wörld ✓',
    });
  });

  it('shows binary as hex', () => {
    assert.deepEqual(decodeClientState(Buffer.from([0, 1, 0xfe, 0x41]).toString('base64')), {
      kind: 'binary',
      hex: '00 01 fe 41',
      byteLength: 4,
    });
    assert.equal(decodeClientState(Buffer.from([0xc3, 0x28]).toString('base64')).kind, 'binary');
  });

  it('says when there is nothing or it is not base64', () => {
    assert.deepEqual(decodeClientState(''), { kind: 'empty' });
    assert.deepEqual(decodeClientState(undefined), { kind: 'empty' });
    assert.deepEqual(decodeClientState('not base64!'), { kind: 'invalid' });
    assert.equal(decodeBase64('abcde'), undefined);
  });

  it('decodes like Buffer does for every length', () => {
    for (let n = 0; n < 40; n++) {
      const bytes = Buffer.from(Array.from({ length: n }, (_, i) => (i * 37 + n) & 0xff));
      assert.deepEqual(Buffer.from(decodeBase64(bytes.toString('base64')) ?? []), bytes);
      assert.deepEqual(Buffer.from(decodeBase64(bytes.toString('base64url')) ?? []), bytes);
    }
  });
});

describe('metadata summary', () => {
  it('reads known fields from a webhook envelope', () => {
    const summary = summarizeMetadata({
      data: {
        event_type: 'call.hangup',
        payload: { from: '+13125550001', to: '+14155550002', direction: 'incoming', hangup_cause: 'normal_clearing' },
      },
      delivery: { status: 'delivered', response_status: 200 },
    });
    assert.deepEqual(summary, {
      from: '+13125550001',
      to: '+14155550002',
      direction: 'incoming',
      hangupCause: 'normal_clearing',
      deliveryStatus: 'delivered',
      failed: false,
    });
  });

  it('tolerates anything', () => {
    assert.deepEqual(summarizeMetadata(null), { failed: false });
    assert.deepEqual(summarizeMetadata([1, 2]), { failed: false });
    assert.deepEqual(summarizeMetadata({ from: { nested: true }, to: '' }), { failed: false });
    assert.equal(summarizeMetadata({ webhook_delivery_status: 'failed' }).failed, true);
  });
});
