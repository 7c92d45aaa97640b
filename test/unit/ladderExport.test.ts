// The ladder's exports: Mermaid text that Mermaid's own parser accepts (run in a child Node process,
// as mermaid is ESM-only and these tests are CommonJS), with hostile data unable to add statements;
// and an SVG document in which no event text becomes markup.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ladderStrings } from '../../src/callDetails/ladderStrings';
import type { CallEvent } from '../../src/telnyx/types';
import {
  buildTimeline,
  escapeXml,
  ladderToMermaid,
  ladderToSvg,
  layoutLadder,
  mermaidText,
  toEventRow,
} from '../../src/timeline';
import { startSimulator, type StartedSimulator } from '../simulator/index';

const root = resolve(__dirname, '..', '..');
const strings = ladderStrings({
  l10n: {
    t: (message: string, ...args: string[]) => message.replace(/\{(\d+)\}/g, (m, i: string) => args[Number(i)] ?? m),
  },
});

const PARSE_SCRIPT = `
import mermaid from 'mermaid';
let text = '';
for await (const chunk of process.stdin) text += chunk;
try {
  const result = await mermaid.parse(text);
  process.stdout.write(JSON.stringify({ ok: true, type: result && result.diagramType }));
} catch (error) {
  process.stdout.write(JSON.stringify({ ok: false, message: String(error && error.message || error) }));
}
`;

/** Mermaid's own parser on `text`: { ok, type } or { ok: false, message }. */
function mermaidParse(text: string): Promise<{ ok: boolean; type?: string; message?: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = execFile(
      process.execPath,
      ['--input-type=module', '-e', PARSE_SCRIPT],
      { cwd: root, maxBuffer: 1 << 24 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`${error.message}\n${stderr}`));
        else resolvePromise(JSON.parse(stdout) as { ok: boolean; type?: string; message?: string });
      },
    );
    child.stdin?.end(text);
  });
}

const HOSTILE =
  '<img src=x onerror=alert(1)>\n  app->>L1: injected\n%%{init: {"theme":"dark"}}%%;#35;end <script>alert(2)</script> & "quotes" \'q\' ]]>';

function hostileSession(): CallEvent[] {
  const at = (s: number): string => `2026-01-01T12:00:${String(s).padStart(2, '0')}.000001Z`;
  const payload = {
    from: HOSTILE,
    to: HOSTILE,
    direction: HOSTILE,
    hangup_cause: HOSTILE,
    hangup_source: HOSTILE,
    sip_hangup_cause: HOSTILE,
    call_quality_stats: { inbound: { mos: HOSTILE } },
  };
  return [
    {
      record_type: 'call_event',
      call_leg_id: HOSTILE,
      call_session_id: HOSTILE,
      event_timestamp: at(1),
      name: HOSTILE,
      type: 'webhook',
      metadata: { data: { id: HOSTILE, payload }, meta: { attempt: HOSTILE } },
    },
    {
      record_type: 'call_event',
      call_leg_id: HOSTILE,
      call_session_id: HOSTILE,
      event_timestamp: at(5),
      name: HOSTILE,
      type: 'command',
      metadata: { result: HOSTILE, errors: [{ code: HOSTILE }] },
    },
    {
      record_type: 'call_event',
      call_leg_id: `${HOSTILE}2`,
      call_session_id: HOSTILE,
      event_timestamp: at(9),
      name: 'call.hangup',
      type: 'webhook',
      metadata: { data: { payload } },
    },
  ];
}

describe('ladder export', () => {
  let sim: StartedSimulator;
  before(async () => {
    sim = await startSimulator({ seed: 7, busyConnectionCalls: 10 });
  });
  after(() => sim.close());

  function ladderOf(events: CallEvent[]) {
    const timeline = buildTimeline(events.map(toEventRow));
    return layoutLadder(timeline, timeline.entries);
  }

  it('writes Mermaid that Mermaid parses, for the simulator sessions with failures, legs and hangups', async () => {
    const sessions = [
      sim.seed.failedDeliverySessionId,
      ...new Set(
        sim.state
          .events()
          .filter((e) => e.name === 'call.hangup')
          .map((e) => e.call_session_id),
      ),
    ].slice(0, 4);
    for (const sessionId of sessions) {
      const ladder = ladderOf(sim.state.events({ sessionId }));
      const text = ladderToMermaid(ladder, strings);
      assert.deepEqual(await mermaidParse(text), { ok: true, type: 'sequence' }, text);
      assert.equal(
        text.split('\n').filter((l) => /^\s+(app|L\d+)-/.test(l)).length,
        ladder.arrows.length,
        'one message line per arrow',
      );
    }
  });

  it('the parser check can fail: a broken diagram is refused', async () => {
    const result = await mermaidParse('sequenceDiagram\n  app->>L1 call.answered\n  ->> :');
    assert.equal(result.ok, false);
  });

  it('keeps hostile text inside its label in Mermaid: no extra statement, directive or line', async () => {
    const ladder = ladderOf(hostileSession());
    const text = ladderToMermaid(ladder, strings);
    assert.deepEqual(await mermaidParse(text), { ok: true, type: 'sequence' }, text);
    const lines = text.trimEnd().split('\n');
    const hangupNotes = ladder.lifelines.filter((l) => l.hangup).length;
    const gapNotes = ladder.arrows.filter((a) => a.gapBeforeMicros !== undefined).length;
    assert.equal(lines.length, 1 + ladder.lifelines.length + ladder.arrows.length + gapNotes + hangupNotes);
    const labels = lines.slice(1).map((line) => line.replace(/^\s+participant \S+ as |^[^:]*: /, ''));
    for (const label of labels)
      assert.ok(
        !/[<>"'%;:{}\n]/.test(label.replace(/#\d+;/g, '').replace(/<br\/>/g, '')),
        `only entity codes carry markup characters: ${label}`,
      );
    assert.equal(mermaidText('a<b\nc'), 'a#60;b#10;c');
  });

  it('writes a self-contained SVG in which event text stays text', () => {
    const ladder = ladderOf(hostileSession());
    const svg = ladderToSvg(ladder, strings, HOSTILE);
    assert.ok(svg.startsWith('<?xml'));
    assert.ok(
      !svg.includes('<img') && !svg.includes('<script') && !svg.includes('onerror=alert(1)>'),
      'no markup from the data',
    );
    assert.ok(svg.includes(escapeXml('<img src=x onerror=alert(1)>')));
    assert.ok(!/(href|src)=["']?(https?:|data:|javascript:)/i.test(svg), 'no external or scripted references');
    assert.equal((svg.match(/<g>/g) ?? []).length, ladder.arrows.length);
  });

  it('draws every leg, arrow and end of call of a simulator session into the SVG', () => {
    const sessionId = sim.state.events().find((e) => e.name === 'call.hangup')?.call_session_id ?? '';
    const ladder = ladderOf(sim.state.events({ sessionId }));
    const svg = ladderToSvg(ladder, strings, 'call');
    assert.equal((svg.match(/<g>/g) ?? []).length, ladder.arrows.length);
    for (const line of ladder.lifelines.slice(1)) assert.ok(svg.includes(`>${line.shortLegId}<`));
    assert.ok(svg.includes('>hung up by the'));
  });
});
