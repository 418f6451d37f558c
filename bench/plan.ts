/**
 * `ack-serving plan` of the prod stack (Pulumi.prod.yaml) with a generated catalog of 500 models
 * (plus the `batch-scoring` model the stack's event-driven scoring example needs), fully under the
 * plan mocks: config, platform checks, fleet synthesis, every resource registered, the text
 * rendered. Prints wall time, CPU time and peak RSS.
 * Run: npx tsx bench/plan.ts [count]
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as YAML from 'yaml';
import { renderPlan, runPlan } from '../stacks/plan';
import { generateCatalog } from './generate-catalog';

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? 500);
  const dir = mkdtempSync(join(tmpdir(), 'ack-serving-plan-bench-'));
  const file = join(dir, 'catalog.yaml');
  const generated = generateCatalog(count);
  const image = `registry.example.com/risk/batch-scoring@sha256:${'8'.repeat(64)}`;
  const catalog = {
    ...generated,
    models: [
      ...generated.models,
      { name: 'batch-scoring', team: 'risk', versions: [{ name: 'v1', image, traffic: 100 }] },
    ],
  };
  writeFileSync(file, YAML.stringify(catalog));
  try {
    const cpu0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    const result = await runPlan({ stack: 'prod', catalog: file });
    const text = renderPlan('prod', result);
    const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
    const cpu = process.cpuUsage(cpu0);
    const resources = result.recording.resources;
    const summary = text.trimEnd().split('\n').pop();
    console.log(`plan of the prod stack with ${count} generated models + batch-scoring:`);
    console.log(`  ${summary}`);
    console.log(
      `  ${resources.length} resources registered, ${text.split('\n').length} lines of output`,
    );
    console.log(
      `  wall ${wallMs.toFixed(0)} ms, CPU ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms (after module loading)`,
    );
    console.log(`  peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
