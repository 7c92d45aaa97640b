// The README's performance table is the last benchmark run's, not typed in.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { currentPerformanceSection, renderPerformanceSection, type SummaryFile } from '../../bench/lib/readmeTable';

const root = join(__dirname, '..', '..');

test("the README's performance table is the one made from bench/results/summary.json", () => {
  const run = JSON.parse(readFileSync(join(root, 'bench/results/summary.json'), 'utf8')) as SummaryFile;
  const shown = currentPerformanceSection(readFileSync(join(root, 'README.md'), 'utf8'));
  assert.ok(shown, 'README.md has the performance block');
  assert.equal(shown, renderPerformanceSection(run), 'run `npm run bench:readme` after `npm run bench`');
});

test('a missed target reads as missed in the table', () => {
  const row = {
    metric: 'first paint',
    ours: 412,
    unit: 'ms',
    judged: 412,
    target: { kind: 'atMost' as const, limit: 300, text: '≤ 300 ms' },
    result: 'MISSED by 37% (412 vs ≤ 300 ms)',
  };
  const load = { loadavg: [1, 1, 1], cpus: 2, cpuCalibrationMs: 20 };
  const text = renderPerformanceSection({
    startedAt: '2026-12-01T04:00:00.000Z',
    finishedAt: '2026-12-01T04:06:00.000Z',
    node: 'v20.20.2',
    options: { latencyMs: 40, pageSize: 50, runs: 5, only: [] },
    benches: [{ bench: 'webview', loadBefore: load, loadAfter: load }],
    summary: [row],
  });
  assert.match(text, /\| first paint \| 412 ms \| – \| 412 ms \| ≤ 300 ms \| MISSED by 37% \(412 vs ≤ 300 ms\) \|/);
  assert.match(text, /Missed in this run: first paint\./);
  assert.match(text, /on 2 cores with Node v20\.20\.2/);
});
