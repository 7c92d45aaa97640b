// Shapes and printing shared by every benchmark. Benchmarks report figures; they never assert.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';

/** How a summary row is judged against the issue's target. */
export type Target = { kind: 'atLeast'; limit: number; text: string } | { kind: 'atMost'; limit: number; text: string };

export interface SummaryRow {
  metric: string;
  ours: number | undefined;
  unit: string;
  baseline?: number;
  baselineLabel?: string;
  /** The figure the target applies to (a ratio, or `ours` itself). */
  judged?: number;
  target?: Target;
  note?: string;
}

export interface Table {
  title: string;
  columns: string[];
  rows: Array<Array<string | number | undefined>>;
}

export interface BenchResult {
  name: string;
  /** Raw figures, written to JSON as they are. */
  figures: Record<string, unknown>;
  tables: Table[];
  summary: SummaryRow[];
  notes: string[];
  /** Set when the benchmark could not run at all (a missing piece): the reason. */
  skipped?: string;
}

export interface LoadSnapshot {
  at: string;
  loadavg: number[];
  cpus: number;
  /** Milliseconds for a fixed CPU task (sorting 200,000 seeded numbers): compare runs with it. */
  cpuCalibrationMs: number;
}

function cpuCalibration(): number {
  let seed = 1;
  const numbers = Array.from({ length: 200_000 }, () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed;
  });
  const start = performance.now();
  numbers.sort((a, b) => a - b);
  return Math.round((performance.now() - start) * 10) / 10;
}

export function loadSnapshot(): LoadSnapshot {
  return {
    at: new Date().toISOString(),
    loadavg: loadavg().map((v) => Math.round(v * 100) / 100),
    cpus: cpus().length,
    cpuCalibrationMs: cpuCalibration(),
  };
}

export function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function round(value: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

export function fmt(value: number | string | undefined, digits = 1): string {
  if (value === undefined) return '–';
  if (typeof value === 'string') return value;
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value)) return String(value);
  // Sub-millisecond figures (warm hovers, detection) would all print as 0.0.
  return Math.abs(value) < 1 ? value.toFixed(Math.max(digits, 3)) : value.toFixed(digits);
}

export function ratioText(value: number | undefined): string {
  return value === undefined || !Number.isFinite(value) ? '–' : `${value.toFixed(2)}×`;
}

/** "met", or "missed by N%" / "missed by N ms": how far the judged figure is from the limit. */
export function verdict(row: SummaryRow): string {
  if (!row.target) return '';
  if (row.judged === undefined || !Number.isFinite(row.judged)) return 'not measured';
  const { kind, limit } = row.target;
  const met = kind === 'atLeast' ? row.judged >= limit : row.judged <= limit;
  if (met) return 'met';
  const off = kind === 'atLeast' ? (limit - row.judged) / limit : (row.judged - limit) / limit;
  return `MISSED by ${(off * 100).toFixed(0)}% (${fmt(round(row.judged, 2), 2)} vs ${row.target.text})`;
}

export function printTable(table: Table): void {
  const cells = [table.columns, ...table.rows.map((r) => r.map((c) => fmt(c)))];
  const widths = table.columns.map((_, i) => Math.max(...cells.map((r) => String(r[i] ?? '').length)));
  const line = (r: Array<string | number | undefined>) =>
    r.map((c, i) => (i === 0 ? String(c ?? '').padEnd(widths[i]) : String(c ?? '').padStart(widths[i]))).join('  ');
  console.log(`\n${table.title}`);
  console.log(line(table.columns));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of cells.slice(1)) console.log(line(r));
}

export function summaryTable(rows: SummaryRow[]): Table {
  return {
    title: 'Summary (ratio = the figure the target applies to)',
    columns: ['metric', 'ours', 'baseline', 'ratio/judged', 'target', 'result'],
    rows: rows.map((r) => [
      r.metric,
      r.ours === undefined ? '–' : `${fmt(round(r.ours, r.ours < 1 ? 4 : 1))} ${r.unit}`,
      r.baseline === undefined
        ? '–'
        : `${fmt(round(r.baseline, 1))} ${r.unit}${r.baselineLabel ? ` (${r.baselineLabel})` : ''}`,
      r.judged === undefined
        ? '–'
        : r.judged === r.ours
          ? `${fmt(round(r.judged, r.judged < 1 ? 4 : 2), 2)} ${r.unit}`
          : ratioText(r.judged),
      r.target?.text ?? '',
      verdict(r) + (r.note ? ` ${r.note}` : ''),
    ]),
  };
}

export function printResult(result: BenchResult): void {
  console.log(`\n=== ${result.name} ===`);
  if (result.skipped) console.log(`skipped: ${result.skipped}`);
  for (const table of result.tables) printTable(table);
  for (const note of result.notes) console.log(`note: ${note}`);
}

export const resultsDir = join(process.cwd(), 'bench', 'results');

export function writeJson(file: string, data: unknown): string {
  mkdirSync(resultsDir, { recursive: true });
  const path = join(resultsDir, file);
  writeFileSync(path, JSON.stringify(data, null, 2) + '\n');
  return path;
}

/** Milliseconds since `start` (performance.now()). */
export function since(start: number): number {
  return performance.now() - start;
}
