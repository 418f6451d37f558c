import { Io, runCommand } from './run';
import { runSimulateCommand } from '../sim/cli';
import { simVersionsFromFleet } from '../sim/from-fleet';
import { SimVersion } from '../sim/types';
import { EXAMPLE_CATALOG, buildFleet, synthFleet } from './synth';
import { writeTreeAtomically } from './output';

export interface SynthOptions {
  readonly catalog?: string;
  readonly out?: string;
}

/** `ack-serving synth`: validate, then write every manifest atomically and print a summary. */
export function synthCommand(opts: SynthOptions, io: Io): number {
  return runCommand(io, () => {
    const catalog = opts.catalog ?? EXAMPLE_CATALOG;
    const out = opts.out ?? 'out';
    const result = synthFleet(buildFleet(catalog));
    writeTreeAtomically(out, result.files);
    io.stdout(`${result.summary}\n`);
    io.stdout(`wrote ${Object.keys(result.files).length} files to ${out}/ from ${catalog}\n`);
  });
}

/** `ack-serving validate`: every check, nothing written. */
export function validateCommand(opts: { catalog?: string }, io: Io): number {
  return runCommand(io, () => {
    const catalog = opts.catalog ?? EXAMPLE_CATALOG;
    const result = synthFleet(buildFleet(catalog));
    io.stdout(`${result.summary}\n`);
    io.stdout(`${catalog} is valid\n`);
  });
}

export interface SimulateOptions {
  readonly catalog?: string;
  readonly trace: string;
  readonly prices?: string;
  readonly out?: string;
}

/** `ack-serving simulate`: the fleet's autoscaling and placement over a traffic trace, with costs. */
export function simulateCommand(opts: SimulateOptions, io: Io): number {
  let versions: SimVersion[] = [];
  const code = runCommand(io, () => {
    versions = simVersionsFromFleet(buildFleet(opts.catalog ?? EXAMPLE_CATALOG));
  });
  if (code !== 0) return code;
  return runSimulateCommand(
    { versions, traceFile: opts.trace, pricesFile: opts.prices, outDir: opts.out },
    io,
  );
}
