import { Io, runCommand } from './run';
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
