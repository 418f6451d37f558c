import { Io } from '../cli/run';
import { checkOutputDir, writeOwnedTree } from '../owned-output';
import { DEFAULT_INPUT_LIMITS, InputLimits, readInputFile } from '../input-file';
import { Issue, ValidationError, formatIssues } from '../validation';
import { renderCharts } from './charts';
import { examplePrices, parsePrices } from './prices';
import { checkSimVersions } from './resolve';
import { simulate } from './simulate';
import { formatSummary } from './summary';
import { parseTraceCsv } from './trace';
import { Prices, SimCluster, SimResult, SimVersion, Trace } from './types';

export interface SimulateCommandArgs {
  readonly versions: readonly SimVersion[];
  readonly traceFile: string;
  readonly pricesFile?: string;
  /** Directory for charts (SVG), `summary.txt` and `summary.json`; ack-serving owns only the files it writes there. */
  readonly outDir?: string;
  /** Adopt a non-empty `outDir` that ack-serving did not write. @default false */
  readonly force?: boolean;
  /** Limits on the trace and prices files. @default DEFAULT_INPUT_LIMITS */
  readonly limits?: InputLimits;
  /** Cluster settings (ECS pool, start delays, config-autoscaler defaults). @default - documented defaults */
  readonly cluster?: SimCluster;
}

/** The CLI's output streams (the same `Io` every command takes). */
export type CommandIo = Io;

/**
 * `ack-serving simulate`: reads the trace and prices, simulates, prints the summary table and writes the
 * charts. Returns the exit code: 0 ok, 2 invalid input (every problem as `<path>: <message>` on stderr,
 * and an existing out dir left untouched), 1 internal error.
 */
export function runSimulateCommand(args: SimulateCommandArgs, io: CommandIo): number {
  try {
    const issues: Issue[] = [];
    let trace: Trace | undefined;
    let prices: Prices | undefined = examplePrices();
    const limits = args.limits ?? DEFAULT_INPUT_LIMITS;
    const text = readInput(args.traceFile, 'trace', limits, issues);
    if (text !== undefined) {
      try {
        trace = parseTraceCsv(text, args.traceFile, limits.rows);
      } catch (e) {
        if (!(e instanceof ValidationError)) throw e;
        issues.push(...e.issues);
      }
    }
    if (args.pricesFile !== undefined) {
      const p = readInput(args.pricesFile, 'prices file', limits, issues);
      if (p !== undefined) {
        try {
          prices = parsePrices(p, args.pricesFile, limits);
        } catch (e) {
          if (!(e instanceof ValidationError)) throw e;
          issues.push(...e.issues);
          prices = undefined;
        }
      } else prices = undefined;
    }
    issues.push(...checkSimVersions(args.versions, prices, args.cluster));
    if (args.outDir !== undefined) issues.push(...checkOutputDir(args.outDir, args));
    if (issues.length > 0 || trace === undefined || prices === undefined) {
      io.stderr(formatIssues(issues) + '\n');
      return 2;
    }
    const known = new Set(args.versions.map((v) => v.model));
    const traced = new Set(trace.models.map((m) => m.model));
    for (const m of trace.models) {
      if (!known.has(m.model)) {
        io.stderr(
          `warning: ${args.traceFile}: model '${m.model}' is not in the catalog; its rows are ignored\n`,
        );
      }
    }
    for (const m of known) {
      if (!traced.has(m)) {
        io.stderr(
          `warning: ${args.traceFile}: model '${m}' has no rows; it is simulated with no traffic\n`,
        );
      }
    }
    const result = simulate(args.versions, trace, { prices, cluster: args.cluster });
    const summary = formatSummary(result);
    io.stdout(summary);
    if (args.outDir !== undefined) {
      const files = {
        ...renderCharts(result),
        'summary.txt': summary,
        'summary.json': summaryJson(result),
      };
      const report = writeOwnedTree(args.outDir, files, args);
      io.stdout(
        `wrote ${report.files.length} files to ${args.outDir} (${report.changed.length} changed, ${report.removed.length} removed)\n`,
      );
    }
    return 0;
  } catch (e) {
    if (e instanceof ValidationError) {
      io.stderr(e.message + '\n');
      return 2;
    }
    io.stderr(`internal error: ${(e as Error).stack ?? String(e)}\n`);
    return 1;
  }
}

function readInput(
  file: string,
  what: string,
  limits: InputLimits,
  issues: Issue[],
): string | undefined {
  try {
    return readInputFile(file, what, limits);
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    issues.push(...e.issues);
    return undefined;
  }
}

/** The result as JSON without the time series and histograms, numbers rounded for stable diffs. */
export function summaryJson(result: SimResult): string {
  const round = (k: string, v: unknown) => {
    if (k === 'latencyHistogram') return undefined;
    if (typeof v === 'number') return Math.round(v * 1e4) / 1e4;
    if (v instanceof Float64Array) return undefined;
    return v;
  };
  const { series: _series, ...rest } = result;
  return JSON.stringify(rest, round, 2) + '\n';
}
