import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { aliasBomb } from '../hostile-inputs';

// Inputs that used to end in an internal error (exit 1, a stack trace) are the user's mistake:
// exit 2 and one `<path>: <message>` line, through the real CLI.

const root = path.join(__dirname, '..', '..');
const cli = (...args: string[]) =>
  spawnSync(
    process.execPath,
    [
      path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'),
      path.join(root, 'bin', 'cli.ts'),
      ...args,
    ],
    { cwd: root, encoding: 'utf8' },
  );

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(tmpdir(), 'ack-serving-hostile-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

test.each([
  [
    'an alias bomb',
    () => aliasBomb(),
    /: the catalog's aliases \(\*name\) expand to more than 1,000 nodes; /,
  ],
  [
    'a 50 MB catalog',
    () => 'models: []\n# ' + 'x'.repeat(50 * 1024 * 1024) + '\n',
    /: the catalog is 52,428,814 bytes, over the limit of 16,777,216; split it, or raise the limit with --limit bytes=52428814$/,
  ],
  [
    'a 10,000-level nested map',
    () => '{a: '.repeat(10_000) + '1' + '}'.repeat(10_000),
    /:1: the catalog nests too deeply to read; it may nest at most 64 levels$/,
  ],
])('%s gives exit 2 and one clear line', (_name, content, message) => {
  const file = path.join(dir, 'catalog.yaml');
  fs.writeFileSync(file, content());
  const run = cli('validate', '--catalog', file);
  expect(run.status).toBe(2);
  const lines = run.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(2);
  expect(lines[0].startsWith(file)).toBe(true);
  expect(lines[0]).toMatch(message);
  expect(lines[1]).toBe('1 error; nothing was written');
});
