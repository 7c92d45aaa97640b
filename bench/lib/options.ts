// Command-line options shared by the benchmarks: `npm run bench -- [names…] [--runs N] [--latency MS] [--page-size N] [--quick]`.

export interface BenchOptions {
  /** Latency the simulator adds to every request (ms). */
  latencyMs: number;
  /** Page size used by both our client and the SDK. */
  pageSize: number;
  /** Measured runs per side (after one discarded warm-up run). */
  runs: number;
  /** Benchmarks to run (empty: all). */
  only: string[];
  /**
   * `--merge`: put the benchmarks run now into the last summary.json in place of their earlier rows,
   * keeping the other benchmarks' rows (one benchmark re-run without re-running them all).
   */
  merge?: boolean;
  /** `--quick`: a shorter run of the benchmarks that have one (the tap: 200 requests, 5 s of load), for trying. */
  quick?: boolean;
}

export const BENCH_NAMES = [
  'timeline',
  'activeCalls',
  'hover',
  'code',
  'activation',
  'webview',
  'doctor',
  'ladder',
  'treeRequests',
  'tap',
  'tapScreen',
] as const;

export function parseOptions(argv: string[]): BenchOptions {
  const options: BenchOptions = { latencyMs: 40, pageSize: 50, runs: 5, only: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const next = Number(argv[++i]);
      if (!Number.isFinite(next) || next < 0) throw new Error(`${arg} needs a number`);
      return next;
    };
    if (arg === '--runs') options.runs = Math.max(1, Math.round(value()));
    else if (arg === '--latency') options.latencyMs = value();
    else if (arg === '--page-size') options.pageSize = Math.max(1, Math.round(value()));
    else if (arg === '--merge') options.merge = true;
    else if (arg === '--quick') options.quick = true;
    else if ((BENCH_NAMES as readonly string[]).includes(arg)) options.only.push(arg);
    else
      throw new Error(
        `Unknown argument ${arg}. Benchmarks: ${BENCH_NAMES.join(', ')}; flags: --runs N, --latency MS, --page-size N, --merge, --quick.`,
      );
  }
  return options;
}
