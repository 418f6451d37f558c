import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

/** Loads a module in a fresh process and lists which @pulumi packages ended up loaded. */
function pulumiModulesLoadedBy(modulePath: string): string[] {
  const script = `
    require(${JSON.stringify(modulePath)});
    const loaded = Object.keys(require.cache).filter((f) => f.includes('node_modules/@pulumi/'));
    console.log(JSON.stringify([...new Set(loaded.map((f) => f.split('node_modules/')[1].split('/').slice(0, 2).join('/')))]));
  `;
  const run = spawnSync(process.execPath, ['-r', 'tsx/cjs', '-e', script], {
    cwd: root,
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout.trim());
}

describe('entry points', () => {
  test.each([
    'lib/index.ts',
    'lib/entries/knative.ts',
    'lib/entries/ack.ts',
    'lib/entries/models.ts',
    'lib/entries/validation.ts',
    'lib/entries/rules.ts',
    'lib/entries/observability.ts',
  ])('%s loads no @pulumi module', (entry) => {
    expect(pulumiModulesLoadedBy(join(root, entry))).toEqual([]);
  });

  test('the cloud entry point does load Pulumi (the check above can fail)', () => {
    expect(pulumiModulesLoadedBy(join(root, 'lib/cloud/index.ts'))).toEqual(
      expect.arrayContaining(['@pulumi/pulumi', '@pulumi/alicloud']),
    );
  });
});

/** The runtime names a package entry exports, sorted, from its TypeScript source. */
function runtimeNames(subpath: string): string[] {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const entry: string = pkg.exports[`.${subpath}`].default;
  const source = join(root, entry.replace(/^\.\/dist\//, '').replace(/\.js$/, '.ts'));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return Object.keys(require(source)).sort();
}

describe('the public API is deliberate', () => {
  test('the root exports constructs, value classes, the catalog loader and the output writer; no rule functions or helpers', () => {
    const names = runtimeNames('');
    expect(names.filter((n) => /^(check|render|parse)[A-Z]/.test(n))).toEqual([]);
    expect(names).not.toEqual(expect.arrayContaining(['canonicalJson']));
    expect(names).toMatchSnapshot();
  });

  test('every rule function lives in ack-serving/rules', () => {
    const rules = runtimeNames('/rules');
    expect(rules).toEqual(
      expect.arrayContaining([
        'checkAutoscaling',
        'checkTraffic',
        'checkPodSpec',
        'renderRevisionTemplate',
      ]),
    );
    const everything = [
      '',
      '/knative',
      '/ack',
      '/models',
      '/validation',
      '/rules',
      '/observability',
    ].flatMap(runtimeNames);
    expect(everything.filter((n) => /^(check|render)[A-Z]/.test(n)).sort()).toEqual(
      rules.filter((n) => /^(check|render)[A-Z]/.test(n)),
    );
  });

  test.each(['/knative', '/ack', '/models', '/validation', '/rules', '/observability'])(
    '%s exports',
    (subpath) => {
      expect(runtimeNames(subpath)).toMatchSnapshot();
    },
  );
});
