import { spawnSync } from 'node:child_process';
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
    'lib/knative/index.ts',
    'lib/ack/index.ts',
    'lib/models/index.ts',
    'lib/validation/index.ts',
  ])('%s loads no @pulumi module', (entry) => {
    expect(pulumiModulesLoadedBy(join(root, entry))).toEqual([]);
  });

  test('the cloud entry point does load Pulumi (the check above can fail)', () => {
    expect(pulumiModulesLoadedBy(join(root, 'lib/cloud/index.ts'))).toEqual(
      expect.arrayContaining(['@pulumi/pulumi', '@pulumi/alicloud']),
    );
  });
});
