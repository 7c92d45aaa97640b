// `npm run bench -- [timeline|activeCalls|hover|activation|webview …] [--runs N] [--latency MS] [--page-size N]`
// Runs the benchmarks one after another, prints each one's tables and a final summary, and writes
// everything (with the machine's load before and after each benchmark) to bench/results/.
// Benchmarks report; they never fail on a figure. The exit code is non-zero only when one crashed.
import { runActivationBench } from './activation';
import { runActiveCallsBench } from './activeCalls';
import { runDoctorBench } from './doctor';
import { runHoverBench } from './hover';
import { runLadderBench } from './ladder';
import { BENCH_NAMES, type BenchOptions, parseOptions } from './lib/options';
import { removeReleaseCopy } from './lib/releaseCopy';
import { type BenchResult, loadSnapshot, printResult, printTable, summaryTable, verdict, writeJson } from './lib/report';
import { runTimelineBench } from './timeline';
import { runWebviewBench } from './webview';

const benches: Partial<Record<(typeof BENCH_NAMES)[number], (options: BenchOptions) => Promise<BenchResult>>> = {
  timeline: runTimelineBench,
  activeCalls: runActiveCallsBench,
  hover: runHoverBench,
  activation: runActivationBench,
  webview: runWebviewBench,
  doctor: runDoctorBench,
  ladder: runLadderBench,
};

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const selected = options.only.length ? BENCH_NAMES.filter((n) => options.only.includes(n)) : [...BENCH_NAMES];
  const startedAt = new Date().toISOString();
  const records: Array<{ bench: string; loadBefore: ReturnType<typeof loadSnapshot>; loadAfter: ReturnType<typeof loadSnapshot>; result?: BenchResult; error?: string }> = [];
  console.log(`bench: ${selected.join(', ')} · latency ${options.latencyMs} ms · page size ${options.pageSize} · runs ${options.runs} · node ${process.version}`);
  let crashed = false;

  for (const name of selected) {
    const loadBefore = loadSnapshot();
    console.log(`\n[${name}] load average ${loadBefore.loadavg.join(' / ')} on ${loadBefore.cpus} cores; CPU calibration ${loadBefore.cpuCalibrationMs} ms`);
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
  const path = writeJson('summary.json', {
    startedAt,
    finishedAt: new Date().toISOString(),
    node: process.version,
    options,
    benches: records.map((r) => ({ bench: r.bench, loadBefore: r.loadBefore, loadAfter: r.loadAfter, error: r.error, skipped: r.result?.skipped })),
    summary: summary.map((row) => ({ ...row, result: verdict(row) })),
  });
  console.log(`\nresults: ${path} (and one JSON per benchmark beside it)`);
  if (crashed) process.exitCode = 1;
}

void main();
