import { SpawnSyncReturns, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

// The package as a user meets it: `npm pack`, installed into an empty project, run through its bin
// and imported by a cdk8s app and a Pulumi program. The other tests run the TypeScript sources and
// cannot see a file missing from `files` or a path resolved from the wrong directory.

const root = path.join(__dirname, '..', '..');
const version = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).version;

function run(cmd: string, args: string[], cwd: string): SpawnSyncReturns<string> {
  const result = spawnSync(cmd, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return result;
}

function ok(result: SpawnSyncReturns<string>): string {
  if (result.status !== 0) {
    throw new Error(
      `exit ${result.status}\n${result.stdout.slice(-3000)}\n${result.stderr.slice(-3000)}`,
    );
  }
  return result.stdout;
}

describe('the package installed from npm pack', () => {
  let work: string;
  let project: string;
  const bin = () => path.join(project, 'node_modules', '.bin', 'ack-serving');

  beforeAll(() => {
    work = fs.mkdtempSync(path.join(tmpdir(), 'ack-serving-pack-'));
    const packed = JSON.parse(ok(run('npm', ['pack', '--json', '--pack-destination', work], root)));
    const tarball = path.join(work, packed[0].filename);
    project = path.join(work, 'user-project');
    fs.mkdirSync(project);
    fs.writeFileSync(
      path.join(project, 'package.json'),
      JSON.stringify({ name: 'user-project', version: '1.0.0', private: true }),
    );
    ok(
      run(
        'npm',
        ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', tarball],
        project,
      ),
    );
  }, 600_000);
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  test('ships the compiled CLI, the stacks plan needs and the bundled catalogs, and no sources or tests', () => {
    const installed = path.join(project, 'node_modules', 'ack-serving');
    for (const file of [
      'dist/bin/cli.js',
      'dist/stacks/plan.js',
      'dist/lib/index.d.ts',
      'Pulumi.prod.yaml',
      'examples/credit-risk-fleet/catalog.yaml',
    ]) {
      expect(fs.existsSync(path.join(installed, file))).toBe(true);
    }
    expect(fs.existsSync(path.join(installed, 'lib'))).toBe(false);
    expect(fs.existsSync(path.join(installed, 'test'))).toBe(false);
  });

  test('--version prints the package version', () => {
    expect(ok(run(bin(), ['--version'], project))).toBe(`${version}\n`);
  });

  test('synth and validate use the bundled catalog from any directory', () => {
    const synth = ok(run(bin(), ['synth'], project));
    expect(synth).toContain(
      'wrote 21 files to out/ from the bundled examples/credit-risk-fleet/catalog.yaml',
    );
    expect(fs.readdirSync(path.join(project, 'out', 'models'))).toContain('credit-score.yaml');
    // the rules and the dashboards (the Grafana SDK's subpath exports resolve in the installed package)
    expect(fs.readdirSync(path.join(project, 'out', 'observability', 'rules'))).toContain(
      'credit-score.yaml',
    );
    expect(fs.readdirSync(path.join(project, 'out', 'observability', 'dashboards'))).toContain(
      'risk.yaml',
    );
    expect(ok(run(bin(), ['validate'], project))).toContain(
      'the bundled examples/credit-risk-fleet/catalog.yaml is valid',
    );
  });

  test('plan --stack prod runs the bundled stack offline', () => {
    const plan = ok(run(bin(), ['plan', '--stack', 'prod'], project));
    expect(plan).toContain("Plan of stack 'prod'");
    expect(plan).toMatch(/\d+ resources/);
  });

  test('simulate runs the bundled fleet over a trace', () => {
    const rows = ['timestamp,model,rps'];
    for (let minute = 0; minute < 10; minute++) {
      rows.push(`2026-01-05T09:0${minute}:00Z,credit-score,${minute < 5 ? 5 : 60}`);
    }
    fs.writeFileSync(path.join(project, 'trace.csv'), rows.join('\n') + '\n');
    const sim = ok(run(bin(), ['simulate', '--trace', 'trace.csv', '--out', 'sim'], project));
    expect(sim).toMatch(/^fleet\s/m);
    expect(fs.existsSync(path.join(project, 'sim', 'pods.svg'))).toBe(true);
  });

  test('a cdk8s app imports ack-serving and ack-serving/knative', () => {
    const app = `
      const { App, Chart } = require('cdk8s');
      const { ModelService, synthApp } = require('ack-serving');
      const { KnativeService } = require('ack-serving/knative');
      const app = new App();
      const chart = new Chart(app, 'models', { namespace: 'models', disableResourceNameHashes: true });
      new ModelService(chart, 'score', { name: 'score', latest: 'v1',
        versions: [{ name: 'v1', image: 'registry.example.com/risk/score:1', traffic: 100 }] });
      new KnativeService(chart, 'hello', { name: 'hello',
        template: { containers: [{ image: 'registry.example.com/hello:1' }] } });
      const objects = [...synthApp(app).values()].flat();
      console.log(objects.map((o) => o.kind + '/' + o.metadata.name).join(' '));
    `;
    fs.writeFileSync(path.join(project, 'app.js'), app);
    expect(ok(run(process.execPath, ['app.js'], project)).trim()).toBe(
      'Configuration/score-v1 ResourcePolicy/score-v1 Route/score Service/hello',
    );
  });

  test('a Pulumi program under mocks imports ack-serving/cloud', () => {
    const program = `
      const pulumi = require('@pulumi/pulumi');
      const created = [];
      pulumi.runtime.setMocks({
        newResource: (args) => { created.push(args.type); return { id: args.name + '-id', state: args.inputs }; },
        call: (args) => args.inputs,
      }, 'project', 'stack', false);
      const { VirtualNodes } = require('ack-serving/cloud');
      const nodes = new VirtualNodes('eci', { clusterId: 'c-123' });
      nodes.urn.apply(() => setTimeout(() => console.log([...new Set(created)].sort().join(' ')), 100));
    `;
    fs.writeFileSync(path.join(project, 'program.js'), program);
    expect(ok(run(process.execPath, ['program.js'], project))).toContain(
      'alicloud:cs/kubernetesAddon:KubernetesAddon',
    );
  });
});
