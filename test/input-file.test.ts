import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import {
  DEFAULT_INPUT_LIMITS,
  loadYamlFile,
  parseLimits,
  parseYamlInput,
  readInputFile,
} from '../lib/input-file';
import { loadCatalog } from '../lib/models/model-fleet';
import { parseTraceCsv } from '../lib/sim/trace';
import { aliasBomb } from './hostile-inputs';
import { issueLines } from './issue-lines';

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(tmpdir(), 'ack-serving-input-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const file = (name: string, content: string | Buffer) => {
  const p = path.join(dir, name);
  fs.writeFileSync(p, content);
  return p;
};

const L = DEFAULT_INPUT_LIMITS;

describe('readInputFile', () => {
  test('refuses a missing file, a directory and a FIFO, naming the file', () => {
    expect(issueLines(() => readInputFile(path.join(dir, 'nope.yaml'), 'catalog', L))).toEqual([
      `${path.join(dir, 'nope.yaml')}: cannot read the catalog (ENOENT); check the path`,
    ]);
    expect(issueLines(() => readInputFile(dir, 'catalog', L))).toEqual([
      `${dir}: is a directory; give the catalog file itself`,
    ]);
    const fifo = path.join(dir, 'fifo');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    expect(issueLines(() => readInputFile(fifo, 'trace', L))).toEqual([
      `${fifo}: is not a regular file (a pipe, socket or device); save the trace to a file first`,
    ]);
  });

  test('refuses a file over the size limit before reading it', () => {
    const big = file('big.yaml', Buffer.alloc(2048, 'a'));
    expect(issueLines(() => readInputFile(big, 'catalog', { ...L, bytes: 1024 }))).toEqual([
      `${big}: the catalog is 2,048 bytes, over the limit of 1,024; split it, or raise the limit with --limit bytes=2048`,
    ]);
  });

  test('refuses UTF-16, bytes that are not UTF-8 and empty files; drops a UTF-8 byte order mark', () => {
    const utf16 = file('utf16.yaml', Buffer.from('\ufeffa: 1\n', 'utf16le'));
    expect(issueLines(() => readInputFile(utf16, 'catalog', L))).toEqual([
      `${utf16}: the catalog is UTF-16; save it as UTF-8`,
    ]);
    const latin1 = file(
      'latin1.yaml',
      Buffer.concat([Buffer.from('a: 1\nb: caf'), Buffer.from([0xe9, 0x0a])]),
    );
    expect(issueLines(() => readInputFile(latin1, 'catalog', L))).toEqual([
      `${latin1}: line 2 holds bytes that are not UTF-8 (at byte 12); save the catalog as UTF-8`,
    ]);
    const blank = file('blank.yaml', ' \n\t\n');
    expect(issueLines(() => readInputFile(blank, 'catalog', L))).toEqual([
      `${blank}: the catalog is empty`,
    ]);
    const bom = file('bom.yaml', '\ufeffa: 1\n');
    expect(readInputFile(bom, 'catalog', L)).toBe('a: 1\n');
  });
});

describe('parseYamlInput', () => {
  test('an alias bomb is one clear line', () => {
    expect(issueLines(() => parseYamlInput(aliasBomb(), 'c.yaml', 'catalog', L))).toEqual([
      "c.yaml: the catalog's aliases (*name) expand to more than 1,000 nodes; write the values out, or raise the limit with --limit aliases=<n>",
    ]);
  });

  test('10,000 levels of nesting are one clear line, in flow and block style', () => {
    const flow = '{a: '.repeat(10_000) + '1' + '}'.repeat(10_000);
    expect(issueLines(() => parseYamlInput(flow, 'c.yaml', 'catalog', L))).toEqual([
      expect.stringMatching(
        /^c\.yaml:1: the catalog nests too deeply to read; it may nest at most 64 levels$/,
      ),
    ]);
    const block =
      Array.from({ length: 10_000 }, (_, i) => `${' '.repeat(i)}a:`).join('\n') + ' 1\n';
    expect(issueLines(() => parseYamlInput(block, 'c.yaml', 'catalog', L))).toHaveLength(1);
    const deep = '{a: '.repeat(100) + '1' + '}'.repeat(100);
    expect(issueLines(() => parseYamlInput(deep, 'c.yaml', 'catalog', L))).toEqual([
      'c.yaml: the catalog nests more than 64 levels of maps and lists; flatten it, or raise the limit with --limit depth=<n>',
    ]);
    expect(parseYamlInput(deep, 'c.yaml', 'catalog', { ...L, depth: 100 })).toBeDefined();
  });

  test('several documents, duplicate keys and syntax errors name the line', () => {
    expect(issueLines(() => parseYamlInput('a: 1\n---\nb: 2\n', 'c.yaml', 'catalog', L))).toEqual([
      "c.yaml:2: a second YAML document starts here; the catalog is one document: remove the '---' and what follows, or merge it into the first",
    ]);
    expect(issueLines(() => parseYamlInput('a: 1\na: 2\n', 'c.yaml', 'catalog', L))).toEqual([
      'c.yaml:2: the catalog is not valid YAML: Map keys must be unique at line 2, column 1',
    ]);
    expect(issueLines(() => parseYamlInput('a: [\n', 'c.yaml', 'catalog', L))[0]).toMatch(
      /^c\.yaml:\d+: the catalog is not valid YAML: /,
    );
  });
});

describe('limits on what a catalog and a trace hold', () => {
  test('models and versions over their limits', () => {
    const catalog = file(
      'many.yaml',
      'models:\n' +
        '  - { name: a, versions: [{ name: v1 }, { name: v2 }, { name: v3 }] }\n' +
        '  - { name: b, versions: [{ name: v1 }] }\n' +
        '  - { name: c, versions: [{ name: v1 }] }\n',
    );
    expect(issueLines(() => loadCatalog(catalog, { ...L, models: 2, versions: 2 }))).toEqual([
      'models: 3 models, over the limit of 2; split the catalog, or raise the limit with --limit models=3',
      'models[0].versions: 3 versions, over the limit of 2; retire some, or raise the limit with --limit versions=3',
    ]);
    expect(loadYamlFile(catalog, 'catalog', L)).toHaveProperty('models');
  });

  test('trace rows over the limit', () => {
    const csv =
      'timestamp,model,rps\n' +
      [0, 1, 2, 3, 4].map((m) => `2026-01-05T00:0${m}:00Z,m,1\n`).join('');
    expect(issueLines(() => parseTraceCsv(csv, 't.csv', 4))).toEqual([
      't.csv: the trace has 5 rows, over the limit of 4; resample it to fewer rows, or raise the limit with --limit rows=5',
    ]);
    expect(parseTraceCsv(csv, 't.csv', 5).models).toHaveLength(1);
  });

  test('--limit values', () => {
    expect(parseLimits(['models=50000', 'rows=1']).limits).toEqual({
      ...L,
      models: 50_000,
      rows: 1,
    });
    expect(parseLimits(['models=0', 'speed=1', 'depth']).issues).toEqual(
      ['models=0', 'speed=1', 'depth'].map((spec) => ({
        path: '--limit',
        message: `'${spec}' is not a limit; write <name>=<positive whole number> with a name of bytes, aliases, depth, models, versions, rows (e.g. models=50000)`,
      })),
    );
  });
});
