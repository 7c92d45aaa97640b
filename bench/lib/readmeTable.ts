// The README's performance section, made from a benchmark run's summary.json (bench/results/), so
// that no figure in it is typed by hand. Pure: the same input gives the same text, which the unit
// test holds the README to.
import { fmt, ratioText, round, type SummaryRow } from './report';

interface LoadSnapshot {
  loadavg: number[];
  cpus: number;
  cpuCalibrationMs: number;
}

export interface SummaryFile {
  startedAt: string;
  finishedAt: string;
  node: string;
  options: { latencyMs: number; pageSize: number; runs: number; only: string[] };
  benches: Array<{
    bench: string;
    loadBefore: LoadSnapshot;
    loadAfter: LoadSnapshot;
    error?: string;
    skipped?: string;
  }>;
  summary: Array<SummaryRow & { result: string }>;
}

export const README_START =
  '<!-- bench:start (made by `npm run bench:readme` from bench/results/summary.json; do not edit) -->';
export const README_END = '<!-- bench:end -->';

function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

function figure(value: number | undefined, unit: string): string {
  return value === undefined ? '–' : `${fmt(round(value, value < 1 ? 4 : 1))} ${unit}`;
}

export function renderPerformanceSection(run: SummaryFile): string {
  const loads = run.benches.flatMap((b) => [...b.loadBefore.loadavg.slice(0, 1), ...b.loadAfter.loadavg.slice(0, 1)]);
  const calibrations = run.benches.flatMap((b) => [b.loadBefore.cpuCalibrationMs, b.loadAfter.cpuCalibrationMs]);
  const cpus = run.benches[0]?.loadBefore.cpus ?? 0;
  const missed = run.summary.filter((row) => row.result.startsWith('MISSED'));
  const rerun =
    run.finishedAt && run.finishedAt.slice(0, 13) !== run.startedAt.slice(0, 13)
      ? ` (benchmarks re-run with \`--merge\` until ${run.finishedAt.slice(0, 16).replace('T', ' ')} UTC)`
      : '';
  const lines = [
    README_START,
    `Run of ${run.startedAt.slice(0, 16).replace('T', ' ')} UTC${rerun} ` +
      `on ${cpus} cores with Node ${run.node}: ` +
      `1-minute load average ${fmt(Math.min(...loads), 2)}–${fmt(Math.max(...loads), 2)} during the run, ` +
      `CPU calibration ${fmt(Math.min(...calibrations))}–${fmt(Math.max(...calibrations))} ms (lower is a quieter machine); ` +
      `${run.options.latencyMs} ms of latency per request, page size ${run.options.pageSize}, ${run.options.runs} runs; ` +
      `benchmarks: ${run.benches.map((b) => b.bench + (b.error ? ' (crashed)' : b.skipped ? ' (skipped)' : '')).join(', ')}.`,
    '',
    '| What | Telnyx Calls | Baseline | Ratio or figure judged | Target | Result |',
    '| --- | --- | --- | --- | --- | --- |',
    ...run.summary.map((row) => {
      const judged =
        row.judged === undefined ? '–' : row.judged === row.ours ? figure(row.judged, row.unit) : ratioText(row.judged);
      const baseline =
        row.baseline === undefined
          ? '–'
          : `${figure(row.baseline, row.unit)}${row.baselineLabel ? ` (${row.baselineLabel})` : ''}`;
      const result = (row.result || '–') + (row.note ? ` ${row.note}` : '');
      return `| ${[row.metric, figure(row.ours, row.unit), baseline, judged, row.target?.text ?? '–', result].map(cell).join(' | ')} |`;
    }),
    '',
    missed.length
      ? `Missed in this run: ${missed.map((row) => row.metric).join('; ')}.`
      : 'Every target with a limit was met in this run.',
    README_END,
  ];
  return lines.join('\n');
}

/** `readme` with its performance block replaced; throws when the markers are missing. */
export function replacePerformanceSection(readme: string, section: string): string {
  const start = readme.indexOf(README_START);
  const end = readme.indexOf(README_END);
  if (start < 0 || end < start) throw new Error(`README.md has no "${README_START}" … "${README_END}" block`);
  return readme.slice(0, start) + section + readme.slice(end + README_END.length);
}

/** The block as it stands in `readme`, or undefined. */
export function currentPerformanceSection(readme: string): string | undefined {
  const start = readme.indexOf(README_START);
  const end = readme.indexOf(README_END);
  return start < 0 || end < start ? undefined : readme.slice(start, end + README_END.length);
}
