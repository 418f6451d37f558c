import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const tsx = join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs');

/** The README's TypeScript examples that use the library, with package imports pointed at lib/. */
/** The TypeScript source behind a package entry point, from package.json's `exports`. */
function sourceOf(subpath: string): string {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const entry: string = pkg.exports[`.${subpath}`].default;
  return join(root, entry.replace(/^\.\/dist\//, '').replace(/\.js$/, '.ts'));
}

function readmeExamples(): string[] {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  return [...readme.matchAll(/```ts\n([\s\S]*?)```/g)]
    .map((m) => m[1])
    .filter((code) => code.includes("from 'ack-serving"))
    .map((code) =>
      code.replace(
        /from 'ack-serving(\/[a-z]+)?'/g,
        (_m, sub: string | undefined) => `from ${JSON.stringify(sourceOf(sub ?? ''))}`,
      ),
    );
}

describe('README examples', () => {
  const examples = readmeExamples();

  test('there are examples to run', () => {
    expect(examples.length).toBeGreaterThanOrEqual(2);
  });

  test.each(examples.map((code, i) => [i, code]))('example %i runs', (_i, code) => {
    // Each runs in a scratch directory holding the bundled catalog as catalog.yaml.
    const dir = mkdtempSync(join(tmpdir(), 'ack-serving-readme-'));
    try {
      copyFileSync(
        join(root, 'examples', 'credit-risk-fleet', 'catalog.yaml'),
        join(dir, 'catalog.yaml'),
      );
      writeFileSync(join(dir, 'example.ts'), code as string);
      const run = spawnSync(process.execPath, [tsx, join(dir, 'example.ts')], {
        cwd: dir,
        encoding: 'utf8',
        env: { ...process.env, NODE_PATH: join(root, 'node_modules') },
      });
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
