import { Io, runCommand } from './run';
import { runSimulateCommand } from '../sim/cli';
import { simVersionsFromFleet } from '../sim/from-fleet';
import { SimVersion } from '../sim/types';
import { buildFleet, catalogFile, catalogLabel, synthFleet } from './synth';
import { checkOutputDir, writeOwnedTree } from '../owned-output';
import { Issue, ValidationError, throwIfAny } from '../validation';

export interface SynthOptions {
  readonly catalog?: string;
  readonly out?: string;
  /** Adopt a non-empty `out` that ack-serving did not write: replace only its own files. */
  readonly force?: boolean;
}

/** `ack-serving synth`: validate, then write the manifests into the directory it owns and print a summary. */
export function synthCommand(opts: SynthOptions, io: Io): number {
  return runCommand(io, () => {
    const out = opts.out ?? 'out';
    const result = withOutputIssues(checkOutputDir(out, opts), () =>
      synthFleet(buildFleet(catalogFile(opts.catalog))),
    );
    const report = writeOwnedTree(out, result.files, {
      force: opts.force,
      last: ['kustomization.yaml'],
    });
    io.stdout(`${result.summary}\n`);
    io.stdout(
      `wrote ${report.files.length} files to ${out}/ from ${catalogLabel(opts.catalog)} (${report.changed.length} changed, ${report.removed.length} removed)\n`,
    );
  });
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
export function validateCommand(opts: { catalog?: string }, io: Io): number {
  return runCommand(io, () => {
    const result = synthFleet(buildFleet(catalogFile(opts.catalog)));
    io.stdout(`${result.summary}\n`);
    io.stdout(`${catalogLabel(opts.catalog)} is valid\n`);
  });
}

export interface SimulateOptions {
  readonly catalog?: string;
  readonly trace: string;
  readonly prices?: string;
  readonly out?: string;
  readonly force?: boolean;
}

/** `ack-serving simulate`: the fleet's autoscaling and placement over a traffic trace, with costs. */
export function simulateCommand(opts: SimulateOptions, io: Io): number {
  let versions: SimVersion[] = [];
  const code = runCommand(io, () => {
    versions = simVersionsFromFleet(buildFleet(catalogFile(opts.catalog)));
  });
  if (code !== 0) return code;
  return runSimulateCommand(
    {
      versions,
      traceFile: opts.trace,
      pricesFile: opts.prices,
      outDir: opts.out,
      force: opts.force,
    },
    io,
  );
}
