#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { simulateCommand, synthCommand, validateCommand } from '../lib/cli/commands';
import { packageVersion } from '../lib/cli/package-root';
import { EXIT_INTERNAL, EXIT_INVALID, Io } from '../lib/cli/run';

const io: Io = { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) };
// A reader that stops early (`| head`) is not an error of ours.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code !== 'EPIPE') throw e;
});
/**
 * Commands set the exit code and return: `process.exit()` would end the process before stdout and
 * stderr are flushed into a pipe, and cut what a CI log or a pager receives.
 */
const exitWith = (code: number) => {
  process.exitCode = code;
};

/** Repeatable options collect their values. */
const collect = (value: string, previous: string[]) => [...previous, value];

const program = new Command()
  .name('ack-serving')
  .description(
    'Declare model fleets on Knative over Alibaba Cloud ACK; validate and synthesize deterministic manifests',
  )
  .version(packageVersion(), '--version', 'print the version of ack-serving')
  .exitOverride();

program
  .command('synth')
  .description(
    'validate the catalog and write one file per model, platform files, observability files and a kustomization.yaml',
  )
  .option('--catalog <file>', 'catalog file (YAML or JSON); default: the bundled example fleet')
  .option(
    '--limit <name=value>',
    'raise an input limit: bytes, aliases, depth, models, versions or rows (repeatable)',
    collect,
    [],
  )
  .option(
    '--out <dir>',
    'output directory that ack-serving owns: it replaces and removes only the files it wrote there (listed in .ack-serving.json)',
    'out',
  )
  .option(
    '--force',
    'adopt a non-empty --out that ack-serving did not write: replace only the files it writes, delete nothing',
  )
  .option('--quiet', 'print only the totals line: no table, no warnings')
  .option('--warnings-as-errors', 'exit 2 and write nothing when the catalog has any warning')
  .option(
    '--knative-metrics <release>',
    "the Knative release whose metric names the rules and dashboards read: '1.23' (default) or '1.18-opencensus'",
  )
  .option(
    '--no-observability',
    'leave out observability/: the PrometheusRules and Grafana dashboards (for a cluster without the PrometheusRule CRD)',
  )
  .action((opts) => exitWith(synthCommand(opts, io)));

program
  .command('validate')
  .description('run every check on the catalog; write nothing')
  .option('--catalog <file>', 'catalog file (YAML or JSON); default: the bundled example fleet')
  .option(
    '--limit <name=value>',
    'raise an input limit: bytes, aliases, depth, models, versions or rows (repeatable)',
    collect,
    [],
  )
  .option('--quiet', 'print only the totals line: no table, no warnings')
  .option('--warnings-as-errors', 'exit 2 and write nothing when the catalog has any warning')
  .option(
    '--knative-metrics <release>',
    "the Knative release whose metric names the rules and dashboards read: '1.23' (default) or '1.18-opencensus'",
  )
  .action((opts) => exitWith(validateCommand(opts, io)));

program
  .command('simulate')
  .description(
    'simulate Knative autoscaling and placement for the fleet over a traffic trace; print costs and write charts',
  )
  .option('--catalog <file>', 'catalog file (YAML or JSON); default: the bundled example fleet')
  .option(
    '--limit <name=value>',
    'raise an input limit: bytes, aliases, depth, models, versions or rows (repeatable)',
    collect,
    [],
  )
  .requiredOption('--trace <file>', 'CSV with the header timestamp,model,rps[,latency_ms]')
  .option('--prices <file>', 'price file (YAML or JSON); default: the example prices')
  .option(
    '--out <dir>',
    'directory for the summary and SVG charts; ack-serving replaces and removes only the files it wrote there',
  )
  .option('--force', 'adopt a non-empty --out that ack-serving did not write; delete nothing')
  .action((opts) => exitWith(simulateCommand(opts, io)));

program
  .command('plan')
  .description(
    'run a stack program offline under Pulumi mocks and print what pulumi up would create',
  )
  .option('--stack <name>', 'the stack whose Pulumi.<name>.yaml is read', 'prod')
  .option('--catalog <file>', 'catalog file replacing the stack config ack-serving:catalog')
  .option(
    '--show-inputs',
    "print each resource's inputs as they would be sent (secrets as [secret])",
  )
  .option('--json', 'print the plan, inputs included, as one JSON document')
  .option(
    '--limit <name=value>',
    'raise an input limit of the stack config: bytes, aliases or depth (repeatable)',
    collect,
    [],
  )
  .action(async (opts) => {
    // Loaded on demand, so synth and validate never load Pulumi.
    const { planCommand } = await import('../stacks/plan');
    exitWith(await planCommand(opts, io));
  });

program.parseAsync().catch((e: unknown) => {
  if (e instanceof CommanderError) {
    // commander has printed its message (usage, --help, --version): 0 for help and version, else 2
    exitWith(e.exitCode === 0 ? 0 : EXIT_INVALID);
    return;
  }
  io.stderr(`internal error: ${(e as Error)?.stack ?? String(e)}\n`);
  exitWith(EXIT_INTERNAL);
});
