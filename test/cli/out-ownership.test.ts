import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as YAML from 'yaml';

// `--out` as a user meets it: the CLI as a child process, in scratch directories that hold the
// user's own files. ack-serving may replace and remove only the files it wrote.

const root = path.join(__dirname, '..', '..');
const tsx = path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const cliArgs = (...args: string[]) => [tsx, path.join(root, 'bin', 'cli.ts'), ...args];
const bundled = fs.readFileSync(path.join(root, 'examples/credit-risk-fleet/catalog.yaml'), 'utf8');

function cli(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  return spawnSync(process.execPath, cliArgs(...args), {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
}

/** Every entry under `dir` with its content; directories end in `/`; links show their target. */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of fs.readdirSync(d).sort()) {
      const p = path.join(d, name);
      const rel = path.relative(dir, p);
      const stat = fs.lstatSync(p);
      if (stat.isSymbolicLink()) out[rel] = `-> ${fs.readlinkSync(p)}`;
      else if (stat.isDirectory()) {
        out[`${rel}/`] = '';
        walk(p);
      } else out[rel] = fs.readFileSync(p, 'utf8');
    }
  };
  walk(dir);
  return out;
}

/** A scratch git work tree (a `.git` directory is what makes one) with a README and a catalog. */
function scratchRepo(): string {
  const repo = fs.mkdtempSync(path.join(tmpdir(), 'ack-serving-repo-'));
  fs.mkdirSync(path.join(repo, '.git', 'refs'), { recursive: true });
  fs.writeFileSync(path.join(repo, '.git', 'HEAD'), 'ref: refs/heads/main\n');
  fs.writeFileSync(path.join(repo, 'README.md'), '# our GitOps repository\n');
  fs.writeFileSync(path.join(repo, 'catalog.yaml'), bundled);
  return repo;
}

/** The bundled catalog with a change applied to its parsed form. */
function writeCatalog(file: string, change: (catalog: any) => void): void {
  const catalog = YAML.parse(bundled);
  change(catalog);
  fs.writeFileSync(file, YAML.stringify(catalog));
}

const repos: string[] = [];
afterAll(() => repos.forEach((r) => fs.rmSync(r, { recursive: true, force: true })));
function repo(): string {
  const r = scratchRepo();
  repos.push(r);
  return r;
}

describe('synth --out owns only what it wrote (child process)', () => {
  test('foreign files and .git beside the output survive two runs', () => {
    const r = repo();
    fs.mkdirSync(path.join(r, 'manifests'));
    fs.writeFileSync(path.join(r, 'manifests', 'hand-made.yaml'), 'kind: Secret\n');
    fs.writeFileSync(path.join(r, 'manifests', '.ack-serving.json'), '');
    fs.rmSync(path.join(r, 'manifests', '.ack-serving.json'));
    const outside = { ...tree(r) };
    delete outside['manifests/'];
    delete outside['manifests/hand-made.yaml'];

    // a non-empty directory it did not write is refused, then adopted with --force
    const refused = cli(r, ['synth', '--catalog', 'catalog.yaml', '--out', 'manifests']);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toBe(
      "manifests: '--out' is a directory that ack-serving did not write (it holds 1 entry: hand-made.yaml) and has no .ack-serving.json; give a new or empty directory, or pass --force to adopt it (only the files ack-serving writes are replaced, nothing is deleted)\n" +
        '1 error; nothing was written\n',
    );
    const first = cli(r, ['synth', '--catalog', 'catalog.yaml', '--out', 'manifests', '--force']);
    expect(first.status).toBe(0);
    expect(first.stdout).toContain(
      'wrote 21 files to manifests/ from catalog.yaml (21 changed, 0 removed)',
    );
    const second = cli(r, ['synth', '--catalog', 'catalog.yaml', '--out', 'manifests']);
    expect(second.status).toBe(0);
    expect(second.stdout).toContain('(0 changed, 0 removed)');

    const after = tree(r);
    for (const [name, content] of Object.entries(outside)) expect(after[name]).toBe(content);
    expect(after['manifests/hand-made.yaml']).toBe('kind: Secret\n');
    expect(after['manifests/kustomization.yaml']).toContain('models/credit-score.yaml');
  });

  test('--out . in a git work tree is refused and the tree is intact', () => {
    const r = repo();
    const before = tree(r);
    const run = cli(r, ['synth', '--catalog', 'catalog.yaml', '--out', '.']);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(
      ".: '--out' is the current directory; ack-serving writes only into a directory of its own: give a subdirectory such as 'manifests'\n" +
        '1 error; nothing was written\n',
    );
    expect(run.stdout).toBe('');
    expect(tree(r)).toEqual(before);
    const fromBelow = path.join(r, 'sub');
    fs.mkdirSync(fromBelow);
    const root = cli(fromBelow, [
      'synth',
      '--catalog',
      '../catalog.yaml',
      '--out',
      '..',
      '--force',
    ]);
    expect(root.status).toBe(2);
    expect(root.stderr).toContain("..: '--out' is the root of a git work tree;");
  });

  test('--out FILE is refused and the file is intact; so is the home directory', () => {
    const r = repo();
    const run = cli(r, ['synth', '--catalog', 'catalog.yaml', '--out', 'README.md']);
    expect(run.status).toBe(2);
    expect(run.stderr.split('\n')[0]).toBe(
      "README.md: '--out' is a file, not a directory; it was left as it is: give a directory that ack-serving may own, such as 'out'",
    );
    expect(fs.readFileSync(path.join(r, 'README.md'), 'utf8')).toBe('# our GitOps repository\n');
    const home = path.join(r, 'home');
    fs.mkdirSync(home);
    const atHome = cli(r, ['synth', '--catalog', 'catalog.yaml', '--out', 'home', '--force'], {
      HOME: home,
    });
    expect(atHome.status).toBe(2);
    expect(atHome.stderr.split('\n')[0]).toBe(
      "home: '--out' is the home directory; ack-serving writes only into a directory of its own: give a subdirectory such as 'manifests'",
    );
    expect(fs.readdirSync(home)).toEqual([]);
  });

  test('an invalid catalog and a bad --out are reported together, and nothing is written', () => {
    const r = repo();
    writeCatalog(path.join(r, 'bad.yaml'), (c) => {
      c.models[0].versions[0].traffic = 80;
    });
    const run = cli(r, ['synth', '--catalog', 'bad.yaml', '--out', 'README.md']);
    expect(run.status).toBe(2);
    expect(run.stderr.split('\n')).toEqual([
      "README.md: '--out' is a file, not a directory; it was left as it is: give a directory that ack-serving may own, such as 'out'",
      'models[0].versions: traffic over the versions sums to 90; it must be exactly 100',
      '2 errors; nothing was written',
      '',
    ]);
  });

  test('a version removed from the catalog changes exactly its model, rules and team dashboard files; a removed model removes exactly its files', () => {
    const r = repo();
    expect(cli(r, ['synth', '--catalog', 'catalog.yaml', '--out', 'out']).status).toBe(0);
    const before = tree(path.join(r, 'out'));
    const inodes = (names: string[]) => names.map((n) => fs.statSync(path.join(r, 'out', n)).ino);
    const others = Object.keys(before).filter(
      (n) =>
        !n.endsWith('/') &&
        ![
          'models/credit-score.yaml',
          'models/collections-priority.yaml',
          'observability/rules/credit-score.yaml',
          'observability/rules/collections-priority.yaml',
          'observability/dashboards/risk.yaml',
          'observability/dashboards/collections.yaml',
          'kustomization.yaml',
          '.ack-serving.json',
        ].includes(n),
    );
    const otherInodes = inodes(others);

    // WHEN credit-score's 0 % version v1 is dropped
    writeCatalog(path.join(r, 'catalog.yaml'), (c) => {
      c.models[0].versions = c.models[0].versions.filter((v: any) => v.name !== 'v1');
    });
    const dropVersion = cli(r, ['synth', '--catalog', 'catalog.yaml', '--out', 'out']);
    expect(dropVersion.status).toBe(0);
    // its model file, its rules (they select its versions) and its team's dashboard (a row per model)
    expect(dropVersion.stdout).toContain('(3 changed, 0 removed)');
    const afterVersion = tree(path.join(r, 'out'));
    expect(afterVersion['models/credit-score.yaml']).not.toContain('credit-score-v1');
    const changed = {
      'models/credit-score.yaml': '',
      'observability/rules/credit-score.yaml': '',
      'observability/dashboards/risk.yaml': '',
    };
    expect({ ...afterVersion, ...changed }).toEqual({ ...before, ...changed });

    // WHEN the model collections-priority is dropped
    writeCatalog(path.join(r, 'catalog.yaml'), (c) => {
      c.models[0].versions = c.models[0].versions.filter((v: any) => v.name !== 'v1');
      c.models = c.models.filter((m: any) => m.name !== 'collections-priority');
    });
    const dropModel = cli(r, ['synth', '--catalog', 'catalog.yaml', '--out', 'out']);
    expect(dropModel.status).toBe(0);
    // its model file, its rules and the dashboard of its team, which has no other model
    expect(dropModel.stdout).toMatch(/\(\d+ changed, 3 removed\)/);
    const afterModel = tree(path.join(r, 'out'));
    expect(Object.keys(afterVersion).filter((n) => !(n in afterModel))).toEqual([
      'models/collections-priority.yaml',
      'observability/dashboards/collections.yaml',
      'observability/rules/collections-priority.yaml',
    ]);
    // files whose bytes stayed the same were not rewritten (same inode)
    const same = others.filter((n) => afterModel[n] === before[n]);
    expect(others.filter((n) => !same.includes(n))).toEqual(['platform/knative-settings.yaml']);
    expect(inodes(same)).toEqual(same.map((n) => otherInodes[others.indexOf(n)]));
  });

  test('a run killed after staging leaves the previous output intact, and the next run completes', async () => {
    const r = repo();
    expect(cli(r, ['synth', '--catalog', 'catalog.yaml', '--out', 'out']).status).toBe(0);
    const before = tree(path.join(r, 'out'));
    writeCatalog(path.join(r, 'catalog.yaml'), (c) => {
      c.models = c.models.filter((m: any) => m.name !== 'collections-priority');
    });
    for (const point of ['staged', 'moving']) {
      // its own process group: tsx runs the CLI in a grandchild, and the kill must reach it
      const child = spawn(
        process.execPath,
        cliArgs('synth', '--catalog', 'catalog.yaml', '--out', 'out'),
        {
          cwd: r,
          env: { ...process.env, ACK_SERVING_TEST_PAUSE: point },
          detached: true,
        },
      );
      await pausedAt(child, point);
      const exited = new Promise((done) => child.once('exit', done));
      process.kill(-child.pid!, 'SIGKILL');
      await exited;
      const killed = tree(path.join(r, 'out'));
      const staging = Object.keys(killed).filter((n) => n.startsWith('.ack-serving-staging-'));
      expect(staging.length).toBeGreaterThan(0); // the leftover the next run removes
      if (point === 'staged') {
        for (const n of staging) delete killed[n];
        expect(killed).toEqual(before);
      }
    }
    const next = cli(r, ['synth', '--catalog', 'catalog.yaml', '--out', 'out']);
    expect(next.status).toBe(0);
    const after = tree(path.join(r, 'out'));
    expect(Object.keys(after).filter((n) => n.startsWith('.ack-serving-staging-'))).toEqual([]);
    expect(after['models/collections-priority.yaml']).toBeUndefined();
    expect(JSON.parse(after['.ack-serving.json']).files).not.toContain(
      'models/collections-priority.yaml',
    );
  }, 60_000);

  test('a symbolic link given as --out is written through and kept', () => {
    const r = repo();
    fs.mkdirSync(path.join(r, 'deploy', 'manifests'), { recursive: true });
    fs.symlinkSync(path.join('deploy', 'manifests'), path.join(r, 'current'));
    expect(cli(r, ['synth', '--catalog', 'catalog.yaml', '--out', 'current']).status).toBe(0);
    expect(cli(r, ['synth', '--catalog', 'catalog.yaml', '--out', 'current']).status).toBe(0);
    expect(fs.lstatSync(path.join(r, 'current')).isSymbolicLink()).toBe(true);
    expect(fs.readlinkSync(path.join(r, 'current'))).toBe(path.join('deploy', 'manifests'));
    expect(fs.readdirSync(path.join(r, 'deploy', 'manifests')).sort()).toEqual([
      '.ack-serving.json',
      'eventing',
      'kustomization.yaml',
      'models',
      'observability',
      'platform',
    ]);
  });
});

/** Resolves once the child says it paused at `point` on stderr. */
function pausedAt(child: ChildProcess, point: string): Promise<void> {
  return new Promise((done, fail) => {
    let err = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      err += chunk.toString();
      if (err.includes(`paused: ${point}`)) done();
    });
    child.once('exit', (code) => fail(new Error(`exited ${code} before pausing: ${err}`)));
  });
}
