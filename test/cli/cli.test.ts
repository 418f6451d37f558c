import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdtempSync,
  rmSync,
  readFileSync,
  readdirSync,
  writeFileSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

const root = join(__dirname, '..', '..');
const cli = (...args: string[]) =>
  spawnSync(
    process.execPath,
    [join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(root, 'bin', 'cli.ts'), ...args],
    { cwd: root, encoding: 'utf8' },
  );

/** Every file under dir with its content, for comparing trees. */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out[relative(dir, p)] = readFileSync(p, 'utf8');
    }
  };
  walk(dir);
  return out;
}

describe('ack-serving CLI (child process)', () => {
  const work = mkdtempSync(join(tmpdir(), 'ack-serving-cli-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  test('synth writes the bundled fleet, exits 0 and prints a summary; a second run is byte-identical', () => {
    const out = join(work, 'out');
    const first = cli('synth', '--out', out);
    expect(first.status).toBe(0);
    expect(first.stdout).toContain('6 models, 10 versions');
    expect(first.stdout).toContain('wrote 21 files');
    const before = tree(out);
    expect(Object.keys(before).sort()).toEqual([
      '.ack-serving.json',
      'eventing/events.yaml',
      'kustomization.yaml',
      'models/batch-scoring.yaml',
      'models/collections-priority.yaml',
      'models/credit-score.yaml',
      'models/fraud-detect.yaml',
      'models/income-estimator.yaml',
      'models/limit-advisor.yaml',
      'observability/dashboards/collections.yaml',
      'observability/dashboards/credit-policy.yaml',
      'observability/dashboards/fraud.yaml',
      'observability/dashboards/risk.yaml',
      'observability/knative/config-observability.yaml',
      'observability/rules/batch-scoring.yaml',
      'observability/rules/collections-priority.yaml',
      'observability/rules/credit-score.yaml',
      'observability/rules/fraud-detect.yaml',
      'observability/rules/income-estimator.yaml',
      'observability/rules/limit-advisor.yaml',
      'platform/knative-settings.yaml',
      'platform/namespace.yaml',
    ]);
    expect(cli('synth', '--out', out).status).toBe(0);
    expect(tree(out)).toEqual(before);
  });

  test('synth --no-observability leaves out the rules and dashboards', () => {
    const out = join(work, 'plain');
    const run = cli('synth', '--out', out, '--no-observability');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('observability: left out');
    expect(Object.keys(tree(out)).filter((f) => f.startsWith('observability/'))).toEqual([]);
    expect(tree(out)['kustomization.yaml']).not.toContain('observability/');
  });

  test('synth --knative-metrics 1.18-opencensus reads the OpenCensus names; an unknown release exits 2', () => {
    const out = join(work, 'opencensus');
    const run = cli('synth', '--out', out, '--knative-metrics', '1.18-opencensus');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Knative 1.18-opencensus metrics');
    expect(tree(out)['observability/rules/credit-score.yaml']).toContain(
      'revision_app_request_latencies_count',
    );
    const bad = cli('validate', '--knative-metrics', '1.99');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain(
      "--knative-metrics: '1.99' is not a modelled Knative release; use one of 1.23, 1.18-opencensus",
    );
  });

  test('an invalid catalog exits 2, prints every error as <path>: <message> and leaves the output untouched', () => {
    const out = join(work, 'kept');
    expect(cli('synth', '--out', out).status).toBe(0);
    const before = tree(out);
    const bad = join(work, 'bad.yaml');
    writeFileSync(
      bad,
      [
        'namespace: models',
        'models:',
        '  - name: m',
        '    placement: ecs',
        '    versions:',
        '      - { name: v1, image: "registry.example.com/model:1", traffic: 60, autoscaling: { window: 2h } }',
        '      - { name: v2, image: "registry.example.com/model:2", traffic: 30 }',
      ].join('\n'),
    );
    const run = cli('synth', '--catalog', bad, '--out', out);
    expect(run.status).toBe(2);
    expect(run.stderr.split('\n')).toEqual([
      'models[0].versions: traffic over the versions sums to 90; it must be exactly 100',
      "models[0].versions[0].autoscaling.window: window '2h' is out of range; use 6s to 1h",
      '2 errors; nothing was written',
      '',
    ]);
    expect(tree(out)).toEqual(before);
  });

  test('--quiet prints only the totals; --warnings-as-errors turns warnings into errors and writes nothing', () => {
    const catalog = join(work, 'warns.yaml');
    writeFileSync(
      catalog,
      [
        'namespace: models',
        'models:',
        '  - name: m',
        '    placement: ecs',
        '    autoscaling: { class: hpa, metric: cpu, target: 70, scaleDownDelay: 30s, minScale: 1 }',
        '    versions:',
        '      - { name: v1, image: "registry.example.com/model:1", traffic: 100 }',
      ].join('\n'),
    );
    const warning =
      "models[0].autoscaling.scaleDownDelay: scaleDownDelay '30s' has no effect under the HPA class; it only tunes the KPA, so remove it or use class 'kpa'";
    const plain = cli('validate', '--catalog', catalog);
    expect(plain.status).toBe(0);
    expect(plain.stdout).toContain(`warning: ${warning}\n`);
    const quiet = cli('validate', '--catalog', catalog, '--quiet');
    expect(quiet.stdout).toMatch(
      new RegExp(
        `^1 models, 1 versions, \\d+ objects, 0 retired versions, 1 warnings\n${catalog} is valid\n$`,
      ),
    );
    const out = join(work, 'strict-out');
    const strict = cli('synth', '--catalog', catalog, '--out', out, '--warnings-as-errors');
    expect(strict.status).toBe(2);
    expect(strict.stderr).toBe(`${warning}\n1 error; nothing was written\n`);
    expect(existsSync(out)).toBe(false);
  });

  test('validate writes nothing and exits 0 on the bundled fleet', () => {
    const run = cli('validate');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('examples/credit-risk-fleet/catalog.yaml is valid');
  });

  test("a latency objective off the buckets is reported with the fleet's own errors, at once", () => {
    // GIVEN a catalog with an inline credential and an objective Knative 1.23 cannot measure
    const bad = join(work, 'latency.yaml');
    writeFileSync(
      bad,
      [
        'namespace: models',
        'defaults: { slo: { availability: 99.9, latencyP99Ms: 300 } }',
        'models:',
        '  - name: credit-score',
        '    env: { DB_PASSWORD: hunter2 }',
        '    versions: [{ name: v1, image: registry.example.com/risk/credit-score:1, traffic: 100 }]',
        '',
      ].join('\n'),
    );
    // WHEN validated
    const run = cli('validate', '--catalog', bad);
    // THEN both, in one run; with metrics whose buckets hold 300 ms, only the credential
    expect(run.status).toBe(2);
    expect(run.stderr.split('\n').filter((l) => l !== '')).toEqual([
      "models[0].env.DB_PASSWORD: env 'DB_PASSWORD' looks like a secret but has a literal value, which would be written into the manifest and the plan output; store it in a Secret and use { secretKeyRef: { name, key } } instead",
      'defaults.slo.latencyP99Ms: latencyP99Ms 300 is not a bucket boundary of kn_serving_invocation_duration_seconds (Knative 1.23), so the latency SLI cannot be measured; use 250 or 500 (boundaries: 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000)',
      '2 errors; nothing was written',
    ]);
    const opencensus = cli('validate', '--catalog', bad, '--knative-metrics', '1.18-opencensus');
    expect(opencensus.stderr).not.toContain('latencyP99Ms');
    expect(opencensus.stderr).toContain('1 error; nothing was written');
  });

  test('a catalog that is not YAML exits 2 with the file and line', () => {
    const bad = join(work, 'broken.yaml');
    writeFileSync(bad, 'namespace: models\nmodels: [\n');
    const run = cli('validate', '--catalog', bad);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(
      new RegExp(
        `^${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+: the catalog is not valid YAML`,
      ),
    );
  });

  test('a missing catalog exits 2', () => {
    const run = cli('validate', '--catalog', join(work, 'nope.yaml'));
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('cannot read the catalog');
  });

  test('simulate runs the bundled fleet over a trace, writes charts, and is deterministic', () => {
    const trace = join(work, 'trace.csv');
    const rows = ['timestamp,model,rps'];
    for (let minute = 0; minute < 30; minute++) {
      const t = new Date(Date.UTC(2026, 0, 5, 9, minute)).toISOString().replace('.000', '');
      rows.push(`${t},credit-score,${minute < 15 ? 5 : 80}`, `${t},fraud-detect,3`);
    }
    writeFileSync(trace, rows.join('\n') + '\n');
    const out = join(work, 'sim');
    const first = cli('simulate', '--trace', trace, '--out', out);
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(/^fleet\s/m);
    expect(readdirSync(out)).toEqual(
      expect.arrayContaining(['requests.svg', 'pods.svg', 'cost.svg', 'summary.json']),
    );
    const summary = readFileSync(join(out, 'summary.json'), 'utf8');
    expect(cli('simulate', '--trace', trace, '--out', out).status).toBe(0);
    expect(readFileSync(join(out, 'summary.json'), 'utf8')).toBe(summary);
  });

  test('simulate exits 2 on a bad trace, naming the file and line', () => {
    const trace = join(work, 'bad-trace.csv');
    writeFileSync(trace, 'timestamp,model,rps\n2026-01-05T09:00:00Z,credit-score,abc\n');
    const run = cli('simulate', '--trace', trace, '--out', join(work, 'sim-bad'));
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`${trace}:2: rps 'abc' is not a number`);
  });
});
