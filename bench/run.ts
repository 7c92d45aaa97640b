// `npm run bench -- [timeline|activeCalls|hover|activation|webview|tap …] [--runs N] [--latency MS] [--page-size N] [--merge] [--quick]`
// Runs the benchmarks one after another, prints each one's tables and a final summary, and writes
// everything (with the machine's load before and after each benchmark) to bench/results/.
// Benchmarks report; they never fail on a figure. The exit code is non-zero only when one crashed.
import { runActivationBench } from './activation';
import { runActiveCallsBench } from './activeCalls';
import { runCodeBench } from './code';
import { runDoctorBench } from './doctor';
import { runHoverBench } from './hover';
import { runLadderBench } from './ladder';
import { runTapBench } from './tap';
import { runTapScreenBench } from './tapScreen';
import { BENCH_NAMES, type BenchOptions, parseOptions } from './lib/options';
import { removeReleaseCopy } from './lib/releaseCopy';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SummaryFile } from './lib/readmeTable';
import {
  type BenchResult,
  loadSnapshot,
  printResult,
  printTable,
  resultsDir,
  summaryTable,
  verdict,
  writeJson,
} from './lib/report';
import { runTimelineBench } from './timeline';
import { runTreeRequestsBench } from './treeRequests';
import { runWebviewBench } from './webview';

const benches: Partial<Record<(typeof BENCH_NAMES)[number], (options: BenchOptions) => Promise<BenchResult>>> = {
  timeline: runTimelineBench,
  activeCalls: runActiveCallsBench,
  hover: runHoverBench,
  code: runCodeBench,
  activation: runActivationBench,
  webview: runWebviewBench,
  doctor: runDoctorBench,
  ladder: runLadderBench,
  treeRequests: runTreeRequestsBench,
  tap: runTapBench,
  tapScreen: runTapScreenBench,
};

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const selected = options.only.length ? BENCH_NAMES.filter((n) => options.only.includes(n)) : [...BENCH_NAMES];
  const startedAt = new Date().toISOString();
  const records: Array<{
    bench: string;
    loadBefore: ReturnType<typeof loadSnapshot>;
    loadAfter: ReturnType<typeof loadSnapshot>;
    result?: BenchResult;
    error?: string;
  }> = [];
  console.log(
    `bench: ${selected.join(', ')} · latency ${options.latencyMs} ms · page ` +
      `size ${options.pageSize} · runs ${options.runs} · node ${process.version}`,
  );
  let crashed = false;

  for (const name of selected) {
    const loadBefore = loadSnapshot();
    console.log(
      `\n[${name}] load average ${loadBefore.loadavg.join(' / ')} on ${loadBefore.cpus} cores; ` +
        `CPU calibration ${loadBefore.cpuCalibrationMs} ms`,
    );
    try {
      const bench = benches[name];
      const result: BenchResult = bench
        ? await bench(options)
        : { name, figures: {}, tables: [], summary: [], notes: [], skipped: 'not written yet' };
      const loadAfter = loadSnapshot();
      printResult(result);
      records.push({ bench: name, loadBefore, loadAfter, result });
      writeJson(`${name}.json`, { bench: name, options, loadBefore, loadAfter, ...result });
    } catch (error) {
      crashed = true;
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      console.log(`\n=== ${name} === crashed:\n${message}`);
      records.push({ bench: name, loadBefore, loadAfter: loadSnapshot(), error: message });
    }
  }

  removeReleaseCopy();
  const summary = records.flatMap((r) => r.result?.summary ?? []);
  const table = summaryTable(summary);
  printTable(table);
  for (const r of records) if (r.error) console.log(`${r.bench}: crashed (see above)`);
  for (const r of records) if (r.result?.skipped) console.log(`${r.bench}: skipped: ${r.result.skipped}`);
  const benchRecords = records.map((r) => ({
    bench: r.bench,
    loadBefore: r.loadBefore,
    loadAfter: r.loadAfter,
    error: r.error,
    skipped: r.result?.skipped,
  }));
  // Each row names its benchmark, so that `--merge` can replace exactly the rows of what was re-run.
  const rows = records.flatMap((r) =>
    (r.result?.summary ?? []).map((row) => ({ ...row, bench: r.bench, result: verdict(row) })),
  );
  const fresh = {
    startedAt,
    finishedAt: new Date().toISOString(),
    node: process.version,
    options,
    benches: benchRecords,
    summary: rows,
  };
  const path = writeJson('summary.json', options.merge ? mergeIntoLast(fresh) : fresh);
  console.log(`\nresults: ${path} (and one JSON per benchmark beside it)`);
  if (crashed) process.exitCode = 1;
}

type TaggedSummary = Omit<SummaryFile, 'summary'> & {
  summary: Array<SummaryFile['summary'][number] & { bench?: string }>;
};

/** The last summary.json with the benchmarks run now in place of their earlier records and rows. */
function mergeIntoLast(fresh: TaggedSummary): TaggedSummary {
  const last = JSON.parse(readFileSync(join(resultsDir, 'summary.json'), 'utf8')) as TaggedSummary;
  const rerun = new Set(fresh.benches.map((b) => b.bench));
  const freshMetrics = new Set(fresh.summary.map((row) => row.metric));
  return {
    ...last,
    finishedAt: fresh.finishedAt,
    benches: [...last.benches.filter((b) => !rerun.has(b.bench)), ...fresh.benches],
    // Rows written before rows named their benchmark are matched by their metric.
    summary: [
      ...last.summary.filter((row) => (row.bench ? !rerun.has(row.bench) : !freshMetrics.has(row.metric))),
      ...fresh.summary,
    ],
  };
}

void main();
