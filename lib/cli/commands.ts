import { Io, runCommand } from './run';
import { runSimulateCommand } from '../sim/cli';
import { simVersionsFromFleet } from '../sim/from-fleet';
import { SimVersion } from '../sim/types';
import { FleetManifests, buildFleet, catalogFile, catalogLabel, synthFleet } from './synth';
import { DEFAULT_INPUT_LIMITS, inputLimits } from '../input-file';
import { checkOutputDir, writeOwnedTree } from '../owned-output';
import { KNATIVE_METRICS } from '../observability/knative-metrics';
import { metricSet } from '../observability/model-rules';
import { Issue, ValidationError, show, throwIfAny } from '../validation';

/** What every command that reads input accepts. */
export interface InputOptions {
  /** `<name>=<value>` raises an input limit (see `DEFAULT_INPUT_LIMITS`). */
  readonly limit?: readonly string[];
}

/** How much `synth` and `validate` say about a valid catalog. */
export interface ReportOptions extends InputOptions {
  /** Print only the totals line, not the table and the warnings. @default false */
  readonly quiet?: boolean;
  /** Treat warnings as errors: exit 2 and write nothing when there is any. @default false */
  readonly warningsAsErrors?: boolean;
  /** The Knative release whose metric names the rules read (a key of KNATIVE_METRICS). @default '1.23' */
  readonly knativeMetrics?: string;
}

export interface SynthOptions extends ReportOptions {
  readonly catalog?: string;
  readonly out?: string;
  /** Adopt a non-empty `out` that ack-serving did not write: replace only its own files. */
  readonly force?: boolean;
  /** `false` leaves out `observability/` (PrometheusRules and dashboards). @default true */
  readonly observability?: boolean;
}

/** `ack-serving synth`: validate, then write the manifests into the directory it owns and print a summary. */
export function synthCommand(opts: SynthOptions, io: Io): number {
  return runCommand(io, () => {
    const out = opts.out ?? 'out';
    const result = withOutputIssues(checkOutputDir(out, opts), () =>
      checkedFleet(opts, catalogFile(opts.catalog)),
    );
    const report = writeOwnedTree(out, result.files, {
      force: opts.force,
      last: ['kustomization.yaml'],
    });
    io.stdout(`${opts.quiet ? result.totals : result.summary}\n`);
    io.stdout(
      `wrote ${report.files.length} files to ${out}/ from ${catalogLabel(opts.catalog)} (${report.changed.length} changed, ${report.removed.length} removed)\n`,
    );
  });
}

/** Synthesizes the catalog's fleet; with `warningsAsErrors`, its warnings fail it like errors. */
function checkedFleet(
  opts: ReportOptions & { observability?: boolean },
  catalog: string,
): FleetManifests {
  const release = opts.knativeMetrics;
  if (release !== undefined && !(release in KNATIVE_METRICS)) {
    throw new ValidationError([
      {
        path: '--knative-metrics',
        message: `${show(release)} is not a modelled Knative release; use one of ${Object.keys(KNATIVE_METRICS).join(', ')}`,
      },
    ]);
  }
  const metrics = opts.observability === false ? undefined : metricSet({ knativeMetrics: release });
  const result = synthFleet(buildFleet(catalog, inputLimits(opts.limit), metrics), {
    observability: opts.observability,
    knativeMetrics: release,
  });
  if (opts.warningsAsErrors) throwIfAny(result.warnings);
  return result;
}

/** Runs `body`; problems with the output directory are reported together with the input's. */
export function withOutputIssues<T>(outIssues: readonly Issue[], body: () => T): T {
  let result: T;
  try {
    result = body();
  } catch (e) {
    if (e instanceof ValidationError) throw new ValidationError([...outIssues, ...e.issues]);
    throw e;
  }
  throwIfAny(outIssues);
  return result;
}

/** `ack-serving validate`: every check, nothing written. */
export function validateCommand(opts: ReportOptions & { catalog?: string }, io: Io): number {
  return runCommand(io, () => {
    const result = checkedFleet(opts, catalogFile(opts.catalog));
    io.stdout(`${opts.quiet ? result.totals : result.summary}\n`);
    io.stdout(`${catalogLabel(opts.catalog)} is valid\n`);
  });
}

export interface SimulateOptions extends InputOptions {
  readonly catalog?: string;
  readonly trace: string;
  readonly prices?: string;
  readonly out?: string;
  readonly force?: boolean;
}

/** `ack-serving simulate`: the fleet's autoscaling and placement over a traffic trace, with costs. */
export function simulateCommand(opts: SimulateOptions, io: Io): number {
  let versions: SimVersion[] = [];
  let limits = DEFAULT_INPUT_LIMITS;
  const code = runCommand(io, () => {
    limits = inputLimits(opts.limit);
    versions = simVersionsFromFleet(buildFleet(catalogFile(opts.catalog), limits));
  });
  if (code !== 0) return code;
  return runSimulateCommand(
    {
      versions,
      traceFile: opts.trace,
      pricesFile: opts.prices,
      outDir: opts.out,
      force: opts.force,
      limits,
    },
    io,
  );
}
