// Reading what the spec allows (issue 27): numbered pages without `total_pages` / `total_results`,
// `/call_events` pages in either order, the end of a call's quality computed one way. Against the
// simulator, over HTTP, through the project's client.
import { strict as assert } from 'node:assert';
import { after, afterEach, before, describe, it } from 'node:test';
import { findCallIdsInRecentEvents, pageOrder } from '../../src/calls/findLeg';
import { diagnoseCall } from '../../src/doctor/index';
import type { TelnyxApi } from '../../src/telnyx/api';
import { createTelnyxClient } from '../../src/telnyx/index';
import type { TimelineProgress } from '../../src/telnyx/types';
import { packetLossPercent } from '../../src/timeline/endOfCall';
import { DOCTOR_SCENARIOS } from '../simulator/doctorScenarios';
import { startSimulator } from '../simulator/index';
import { defaultModes } from '../simulator/modes';
import type { Simulator } from '../simulator/types';

let sim: Simulator;
let api: TelnyxApi;

before(async () => {
  sim = await startSimulator({ seed: 2, busyConnectionCalls: 40 });
  api = createTelnyxClient({ apiKey: sim.apiKey, baseUrl: sim.url, sleep: async () => undefined });
});
afterEach(() => sim.setModes(defaultModes()));
after(async () => {
  await api.close();
  await sim.close();
});

const eventRequests = (): number => sim.requests.filter((r) => r.endpoint === 'call_events').length;

describe('pages without counts', () => {
  it('a session over many pages reads whole, the same events as with counts, pages in order', async () => {
    const filter = { applicationSessionId: sim.seed.bigSessionId };
    const counted = await api.fetchAllCallEvents(filter, { pageSize: 100 });
    assert.ok(counted.length > 300, `${counted.length} events`);
    sim.setModes({ pagesWithoutCounts: true });
    const first = await api.listCallEvents({ filter, pageNumber: 1, pageSize: 100 });
    assert.equal(first.meta.total_pages, undefined, 'the page carries no counts');
    const progress: TimelineProgress[] = [];
    sim.clearRequests();
    const read = await api.fetchAllCallEvents(filter, {
      pageSize: 100,
      concurrency: 3,
      onProgress: (p) => progress.push(p),
    });
    assert.deepEqual(read, counted);
    // A last page that is full is known to be the last only when the next one comes back empty.
    const pages = Math.floor(counted.length / 100) + 1;
    assert.ok(
      eventRequests() >= pages && eventRequests() <= pages + 3,
      `${eventRequests()} requests for ${pages} pages (at most the concurrency beyond the last)`,
    );
    assert.equal(progress.at(-1)?.eventsLoaded, counted.length);
    assert.ok(
      progress.slice(0, -1).every((p) => p.totalPages === 0),
      'no page count is made up before the last page is seen',
    );
  });

  it('iterating pages reads on while they are full, and stops at the first that is not', async () => {
    const filter = { applicationSessionId: sim.seed.bigSessionId };
    const total = (await api.fetchAllCallEvents(filter, { pageSize: 250 })).length;
    sim.setModes({ pagesWithoutCounts: true });
    for (const pageSize of [250, 240]) {
      const pages: number[] = [];
      for await (const page of api.iterateCallEvents({ filter, pageSize })) pages.push(page.length);
      assert.equal(
        pages.reduce((sum, n) => sum + n, 0),
        total,
        `page size ${pageSize}`,
      );
      assert.ok(pages.slice(0, -1).every((n) => n === pageSize));
    }
  });
});

describe('the order of /call_events pages', () => {
  const target = (): string => sim.seed.recentlyEndedCallControlId;

  it('learns the order from the first page', async () => {
    const ascending = await api.listCallEvents({ pageNumber: 1, pageSize: 50 });
    sim.setModes({ descendingPages: true });
    const descending = await api.listCallEvents({ pageNumber: 1, pageSize: 50 });
    assert.equal(pageOrder(ascending.data), 'ascending');
    assert.equal(pageOrder(descending.data), 'descending');
    assert.equal(pageOrder(descending.data.slice(0, 1)), 'unknown');
  });

  for (const modes of [
    {},
    { descendingPages: true },
    { pagesWithoutCounts: true },
    { descendingPages: true, pagesWithoutCounts: true },
  ]) {
    it(`finds a recent call's leg from its id (${JSON.stringify(modes)})`, async () => {
      const status = await api.getCallStatus(target());
      sim.setModes(modes);
      sim.clearRequests();
      const found = await findCallIdsInRecentEvents(api, target(), new AbortController().signal);
      assert.deepEqual(found, { legId: status.call_leg_id, sessionId: status.call_session_id });
      if (modes.descendingPages) assert.equal(eventRequests(), 1, 'newest first: the first page has it');
    });
  }
});

describe('packet loss, one way', () => {
  it('skipped over all packets of a direction', () => {
    assert.equal(packetLossPercent({ packetCount: 94, skipPacketCount: 6 }), 6);
    assert.equal(packetLossPercent({ packetCount: 0, skipPacketCount: 0 }), undefined);
    assert.equal(packetLossPercent({ packetCount: 100 }), undefined);
  });

  it('the doctor gives the percentage and both counts', async () => {
    const events = await api.fetchAllCallEvents({ applicationSessionId: DOCTOR_SCENARIOS.poorQuality });
    const poor = diagnoseCall({ events }).findings.find((f) => f.rule === 'poor-call-quality');
    assert.ok(poor);
    const counts = /(\d+) skipped, (\d+) received\.$/.exec(poor.explanation);
    assert.ok(counts, poor.explanation);
    const percent = (100 * Number(counts[1])) / (Number(counts[1]) + Number(counts[2]));
    assert.match(poor.title, new RegExp(`packet loss ${percent.toFixed(1).replace('.', '\\.')} %$`));
  });
});
