import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as YAML from 'yaml';
import { generateCatalog } from '../../bench/generate-catalog';

// Errors are read through pipes (CI logs, pagers, `| wc -l`): every line must arrive, however slowly
// the reader reads.

const root = path.join(__dirname, '..', '..');
const cli = [
  path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'),
  path.join(root, 'bin', 'cli.ts'),
];
const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(tmpdir(), 'ack-serving-pipe-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

test('a catalog with thousands of errors reaches a slow reader through a pipe, every line of it', () => {
  // GIVEN 800 models whose every version has an image with an upper-case repository
  const generated = generateCatalog(800);
  const catalog = {
    ...generated,
    models: generated.models.map((m) => ({
      ...m,
      versions: m.versions.map((v) => ({
        ...v,
        image: `registry.example.com/${m.name.toUpperCase()}:1`,
      })),
    })),
  };
  const versions = catalog.models.reduce((n, m) => n + m.versions.length, 0);
  const file = path.join(dir, 'catalog.yaml');
  fs.writeFileSync(file, YAML.stringify(catalog));
  // WHEN the errors go through a pipe whose reader starts late, after the pipe buffer is full
  const command = `${quote(process.execPath)} ${cli.map(quote).join(' ')} validate --catalog ${quote(file)} 2>&1 | (sleep 1; cat)`;
  const run = spawnSync('bash', ['-c', `${command}; exit \${PIPESTATUS[0]}`], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  // THEN every error line and the count arrive, and the exit code is 2
  if (run.status !== 2) throw new Error(run.stdout.slice(0, 2000) + run.stderr);
  const lines = run.stdout.split('\n');
  expect(run.status).toBe(2);
  expect(lines.filter((l) => /^models\[\d+\]\.versions\[\d+\]\.image: /.test(l))).toHaveLength(
    versions,
  );
  expect(lines.at(-2)).toBe(`${versions.toLocaleString('en-US')} errors; nothing was written`);
  expect(lines.at(-1)).toBe('');
}, 120_000);
