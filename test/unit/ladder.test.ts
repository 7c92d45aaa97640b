// The ladder's layout on the simulator's scenarios and on hand-made edge cases: one arrow per shown
// event (redeliveries stacked), every arrow on its leg, time order kept, gaps and breaks, windows.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ladderStrings } from '../../src/callDetails/ladderStrings';
import type { CallEvent } from '../../src/telnyx/types';
import {
  announceArrow,
  applyFilter,
  arrowLabel,
  arrowsInWindow,
  arrowTop,
  buildTimeline,
  endOfCallLines,
  gapText,
  hangupFacts,
  ladderSummary,
  layoutLadder,
  NO_FILTER,
  toEventRow,
  type Ladder,
  type Timeline,
  type TimelineEntry,
} from '../../src/timeline';
import { startSimulator, type StartedSimulator } from '../simulator/index';

const strings = ladderStrings({
  l10n: {
    t: (message: string, ...args: string[]) => message.replace(/\{(\d+)\}/g, (m, i: string) => args[Number(i)] ?? m),
  },
});

function ev(seconds: number, name: string, leg = 'leg-a', metadata: unknown = {}): CallEvent {
  // Metadata is free-form on the wire; the tests feed any shape.
  const meta = metadata as CallEvent['metadata'];
  const at = new Date(Date.UTC(2026, 0, 1, 12, 0, 0) + seconds * 1000).toISOString().replace('Z', '000Z');
  return {
    record_type: 'call_event',
    call_leg_id: leg,
    call_session_id: 's',
    event_timestamp: at,
    name,
    type: name.startsWith('call.') ? 'webhook' : 'command',
    metadata: meta,
  };
}

/** The invariants every ladder keeps, whatever the events. */
function assertLadderHolds(timeline: Timeline, shown: readonly TimelineEntry[], ladder: Ladder): void {
  assert.equal(
    ladder.arrows.reduce((n, a) => n + a.count, 0),
    shown.length,
    'every shown event is on exactly one arrow',
  );
  assert.equal(ladder.lifelines.length, timeline.lanes.length + 1, 'your application plus one lifeline per leg');
  assert.equal(ladder.arrowOfKey.size, new Set(shown.map((e) => e.key)).size);
  let previous: (typeof ladder.arrows)[number] | undefined;
  for (const arrow of ladder.arrows) {
    for (const entry of arrow.entries)
      assert.equal(entry.lane + 1, arrow.leg, `${arrow.name} sits on its leg's lifeline`);
    assert.equal(ladder.lifelines[arrow.leg].legId, arrow.entry.event.call_leg_id);
    if (arrow.kind === 'webhook')
      assert.deepEqual([arrow.from, arrow.to], [arrow.leg, 0], 'a webhook goes leg → application');
    else assert.deepEqual([arrow.from, arrow.to], [0, arrow.leg], 'a command goes application → leg');
    if (previous) {
      assert.ok(arrow.y > previous.y, 'arrows go down the page');
      assert.ok(!(arrow.entry.atMicros < previous.entry.atMicros), 'in time order');
      assert.ok(arrow.entry.index > previous.entry.index);
    }
    previous = arrow;
  }
}

describe('ladder on the simulator scenarios', () => {
  let sim: StartedSimulator;
  before(async () => {
    sim = await startSimulator({ seed: 7, busyConnectionCalls: 40 });
  });
  after(() => sim.close());

  function sessionTimeline(sessionId: string): Timeline {
    return buildTimeline(sim.state.events({ sessionId }).map(toEventRow));
  }

  it('keeps one arrow per event, on its leg, in time order, for every seeded session', () => {
    const sessions = new Set(sim.state.events().map((e) => e.call_session_id));
    assert.ok(sessions.size > 10);
    for (const sessionId of sessions) {
      const timeline = sessionTimeline(sessionId);
      assertLadderHolds(timeline, timeline.entries, layoutLadder(timeline, timeline.entries));
    }
  });

  it('draws the big session (thousands of events, several legs) without stacking distinct events', () => {
    const timeline = sessionTimeline(sim.seed.bigSessionId);
    const ladder = layoutLadder(timeline, timeline.entries);
    assert.ok(timeline.entries.length >= 1000);
    assert.ok(timeline.lanes.length >= 2);
    assertLadderHolds(timeline, timeline.entries, ladder);
    assert.equal(
      ladder.arrows.length,
      timeline.entries.length,
      'no redeliveries in this session, so one arrow per event',
    );
  });

  it('keeps lifelines and invariants when a filter hides events', () => {
    const timeline = sessionTimeline(sim.seed.bigSessionId);
    const shown = applyFilter(timeline.entries, { ...NO_FILTER, type: 'webhook' }).entries;
    const ladder = layoutLadder(timeline, shown);
    assertLadderHolds(timeline, shown, ladder);
    assert.ok(ladder.arrows.every((a) => a.kind === 'webhook'));
  });

  it('stacks a failed delivery and its retry on one broken arrow, with attempts and the failover URL', () => {
    const timeline = sessionTimeline(sim.seed.failedDeliverySessionId);
    const ladder = layoutLadder(timeline, timeline.entries);
    assertLadderHolds(timeline, timeline.entries, ladder);
    const answered = ladder.arrows.filter((a) => a.name === 'call.answered');
    assert.equal(answered.length, 1);
    assert.equal(answered[0].count, 2);
    assert.equal(answered[0].broken, true);
    assert.equal(answered[0].attempts, 2);
    assert.equal(answered[0].failover, true);
    assert.match(
      arrowLabel(answered[0], strings),
      /call\.answered \(delivery failed after 2 attempts, failover URL used, 2 deliveries\)/,
    );
    assert.ok(ladder.arrows.filter((a) => a.broken).every((a) => a.kind === 'webhook'));
  });

  it('ends each leg of an ended two-leg call with who hung up, why, the SIP code and the quality', () => {
    const sessions = new Set(
      sim.state
        .events()
        .filter((e) => e.name === 'call.hangup')
        .map((e) => e.call_session_id),
    );
    let checked = 0;
    for (const sessionId of sessions) {
      const timeline = sessionTimeline(sessionId);
      const ladder = layoutLadder(timeline, timeline.entries);
      const hungUp = new Set(
        timeline.entries.filter((entry) => entry.event.name === 'call.hangup').map((entry) => entry.event.call_leg_id),
      );
      // A leg may still be up (the call doctor's dangling-leg session): only legs that hung up end.
      for (const line of ladder.lifelines.slice(1).filter((l) => l.legId !== undefined && hungUp.has(l.legId))) {
        const hangup = line.hangup;
        assert.ok(hangup, `leg ${line.legId} has its hangup facts`);
        assert.ok(hangup.cause && hangup.source && hangup.sipCode);
        const { lines } = endOfCallLines(hangup, strings);
        assert.ok(lines[0].startsWith('hung up by the'), lines[0]);
        checked++;
      }
    }
    assert.ok(checked > 5);
  });
});

describe('ladder edge cases', () => {
  it('labels gaps over a second and compresses long silences into a break', () => {
    const timeline = buildTimeline([
      ev(0, 'call.initiated'),
      ev(0.5, 'answer'),
      ev(3.2, 'call.answered'),
      ev(603.2, 'hangup'),
      ev(603.3, 'call.hangup'),
    ]);
    const ladder = layoutLadder(timeline, timeline.entries);
    assert.deepEqual(
      ladder.arrows.map((a) => gapText(a, strings)),
      [undefined, undefined, '2.7 s later', '10 min 00 s of silence (compressed)', undefined],
    );
    assert.equal(ladder.arrows[3].breakBefore, true);
    // Ten minutes take five rows and two short spacers, not ten minutes of scrolling.
    const o = ladder.options;
    assert.equal(ladder.height, 5 * o.rowHeight + o.gapHeight + o.breakHeight);
  });

  it('reads webhook envelopes: stacks deliveries with one data.id, reads meta.attempt, command error codes', () => {
    const envelope = (attempt: number, url: string): unknown => ({
      data: {
        record_type: 'event',
        event_type: 'call.answered',
        id: 'w-1',
        occurred_at: '2026-01-01T12:00:01Z',
        payload: { from: '+1555', to: '+1666', direction: 'incoming' },
      },
      meta: { attempt, delivered_to: url },
    });
    const timeline = buildTimeline(
      [
        ev(1, 'call.answered', 'leg-a', envelope(1, 'https://a.example')),
        ev(1.2, 'speak', 'leg-a', { result: 'error', errors: [{ code: '90018', title: 'Call has already ended' }] }),
        ev(2, 'call.answered', 'leg-a', envelope(2, 'https://a.example')),
      ].map(toEventRow),
    );
    const ladder = layoutLadder(timeline, timeline.entries);
    assertLadderHolds(timeline, timeline.entries, ladder);
    assert.equal(ladder.arrows.length, 2);
    assert.equal(ladder.arrows[0].count, 2);
    assert.equal(ladder.arrows[0].broken, false, 'delivered, not failed');
    assert.equal(ladder.arrows[0].failover, false, 'same URL both times');
    assert.equal(arrowLabel(ladder.arrows[1], strings), 'speak (error 90018)');
    assert.deepEqual(
      [ladder.lifelines[1].direction, ladder.lifelines[1].from, ladder.lifelines[1].to],
      ['incoming', '+1555', '+1666'],
    );
  });

  it('announces an arrow with its kind, name, leg and time since start', () => {
    const timeline = buildTimeline([
      ev(0, 'call.initiated', 'a'),
      ev(0.4, 'call.initiated', 'b'),
      ev(12.3, 'call.answered', 'b'),
      ev(13, 'bridge', 'a'),
    ]);
    const ladder = layoutLadder(timeline, timeline.entries);
    assert.equal(
      announceArrow(ladder.arrows[2], strings),
      'webhook call.answered to your application, leg 2, 12.3 s after start',
    );
    assert.equal(
      announceArrow(ladder.arrows[3], strings),
      'command bridge from your application to leg 1, 13 s after start',
    );
  });

  it('says its counts in the singular for one: arrow, leg, attempt', () => {
    const one = buildTimeline([ev(0, 'call.initiated', 'a', { delivery: { status: 'failed' } })]);
    const ladder = layoutLadder(one, one.entries);
    assert.equal(ladderSummary(ladder, strings), 'Call ladder: 1 arrow between your application and 1 leg');
    assert.match(arrowLabel(ladder.arrows[0], strings), /\(delivery failed after 1 attempt\)$/);
    const two = buildTimeline([ev(0, 'call.initiated', 'a'), ev(1, 'call.initiated', 'b')]);
    assert.equal(
      ladderSummary(layoutLadder(two, two.entries), strings),
      'Call ladder: 2 arrows between your application and 2 legs',
    );
  });

  it('puts exactly the arrows that touch a window in it', () => {
    const events: CallEvent[] = [];
    for (let i = 0; i < 400; i++)
      events.push(ev(i * (i % 7 === 0 ? 45 : 0.4), i % 2 ? 'speak' : 'call.speak.ended', `leg-${i % 3}`));
    const timeline = buildTimeline(events);
    const ladder = layoutLadder(timeline, timeline.entries);
    for (const [top, bottom] of [
      [0, 300],
      [1234, 1800],
      [ladder.height - 100, ladder.height + 50],
      [-50, 10],
      [5000, 5000.5],
    ]) {
      const { start, end } = arrowsInWindow(ladder, top, bottom);
      const expected = ladder.arrows
        .filter((a) => arrowTop(ladder, a) < bottom && a.y + ladder.options.rowHeight > top)
        .map((a) => a.index);
      assert.deepEqual(
        ladder.arrows.slice(start, end).map((a) => a.index),
        expected,
        `window ${top}–${bottom}`,
      );
    }
  });

  it('says the end of a call in plain words and warns below MOS 3.5', () => {
    const facts = hangupFacts({
      data: {
        payload: {
          hangup_cause: 'user_busy',
          hangup_source: 'callee',
          sip_hangup_cause: '486',
          call_quality_stats: {
            inbound: { mos: '3.20', packet_count: '120', skip_packet_count: '9' },
            outbound: { packet_count: '98', skip_packet_count: '0' },
          },
        },
      },
    });
    assert.deepEqual(endOfCallLines(facts, strings), {
      lines: [
        'hung up by the callee: the callee was busy',
        'SIP 486',
        'inbound: MOS 3.20, 120 packets, 9 skipped, 7.0 % lost',
        'outbound: 98 packets, 0 skipped, 0.0 % lost',
        'Warning: poor call quality (MOS below 3.5)',
      ],
      poor: true,
    });
    assert.equal(
      endOfCallLines(hangupFacts({ hangup_cause: 'normal_clearing', call_quality_stats: null }), strings).poor,
      false,
    );
    assert.deepEqual(endOfCallLines(hangupFacts({ hangup_cause: 'weird_new_cause' }), strings).lines, [
      'cause: weird_new_cause',
    ]);
  });
});
