import * as YAML from 'yaml';
import { buildFleet, synthFleet } from '../../lib/cli/synth';
import { runPromtool, skipWithoutPromtool } from './promtool';

/** Every PrometheusRule `synth` writes for the bundled examples, as plain Prometheus rule files. */
function exampleRuleFiles(catalog: string, knativeMetrics?: string): Record<string, unknown> {
  const { files } = synthFleet(buildFleet(catalog), { knativeMetrics });
  return Object.fromEntries(
    Object.entries(files)
      .filter(([name]) => name.startsWith('observability/rules/'))
      .map(([name, text]) => [
        name.replace('observability/rules/', ''),
        { groups: (YAML.parse(text) as { spec: { groups: unknown[] } }).spec.groups },
      ]),
  );
}

describe.each([
  ['examples/credit-risk-fleet/catalog.yaml', 6],
  ['examples/stable-diffusion/catalog.yaml', 1],
])('%s', (catalog, models) => {
  test.each(['1.23', '1.18-opencensus'])(
    'every rule file synth writes passes promtool check rules (Knative %s)',
    (release) => {
      if (skipWithoutPromtool()) return;
      const ruleFiles = exampleRuleFiles(catalog, release);
      expect(Object.keys(ruleFiles)).toHaveLength(models);
      const run = runPromtool(['check', 'rules', ...Object.keys(ruleFiles).sort()], ruleFiles);
      expect(run.output).not.toContain('FAILED');
      expect(run.output.match(/SUCCESS: \d+ rules found/g)).toHaveLength(models);
      expect(run.status).toBe(0);
    },
  );
});
