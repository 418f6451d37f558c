import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import * as YAML from 'yaml';
import { validateCommand } from '../../lib/cli/commands';
import { Io } from '../../lib/cli/run';
import { writeOwnedTree } from '../../lib/owned-output';
import { parsePrices } from '../../lib/sim/prices';
import { parseTraceCsv } from '../../lib/sim/trace';
import { ValidationError } from '../../lib/validation';
import { parseStackConfig } from '../../stacks/config';
import { FUZZ_SEED, fuzzParams, mutate, mutation, oddScalar } from './mutate';

// Every input a user can hand the CLI ends in exit 0 or exit 2 with `<path>: <message>` lines:
// never an internal error, a stack trace or a half-written output. Seeded; the seed is printed
// with any failure (ACK_SERVING_FUZZ_SEED repeats a run). Case counts are in each test's name.

const root = path.join(__dirname, '..', '..');
/** `<path>: <message>`: a path, then a message that is not blank, on one line. */
const ISSUE_LINE = /^\S[^\n]*?: [^\n]*\S/;
const SUMMARY_LINE = /^[\d,]+ errors?; nothing was (written|planned)$/;

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(tmpdir(), 'ack-serving-fuzz-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Runs a reader: it must return, or throw a ValidationError whose every issue is well formed. */
function readerAccepts(read: () => unknown): void {
  try {
    read();
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    for (const line of e.message.split('\n')) expect(line).toMatch(ISSUE_LINE);
    expect(e.issues.length).toBeGreaterThan(0);
  }
}

/** What a command printed on stderr: only issue lines and the summary, no stack trace. */
function expectCleanStderr(stderr: string): void {
  for (const line of stderr.split('\n').filter((l) => l !== '')) {
    expect(line).not.toMatch(/internal error|^\s+at /);
    if (!SUMMARY_LINE.test(line)) expect(line).toMatch(ISSUE_LINE);
  }
}

const SEED_CATALOG = {
  namespace: 'models',
  domain: 'models.example.com',
  distribution: 'ack',
  defaults: {
    profile: 'cpu-scoring',
    autoscaling: { class: 'kpa', target: 10, minScale: 0, maxScale: 20, window: '60s' },
    readiness: { path: '/healthz' },
  },
  profiles: {
    large: { resources: { cpu: '2', memory: '4Gi' }, concurrency: 20, placement: 'ecs-then-eci' },
  },
  models: [
    {
      name: 'credit-score',
      team: 'risk',
      latest: 'v2',
      retired: ['v0'],
      versions: [
        { name: 'v1', image: 'registry.example.com/risk/credit-score:1', traffic: 90 },
        {
          name: 'v2',
          image: 'registry.example.com/risk/credit-score:2',
          traffic: 10,
          autoscaling: { minScale: 1 },
          env: { MODE: 'strict' },
        },
      ],
    },
    {
      name: 'sd',
      profile: 'sd-gpu',
      placement: { mode: 'eci', instanceTypes: ['ecs.gn7i-c8g1.2xlarge'] },
      versions: [{ name: 'v1', image: 'registry.example.com/aigc/sd:1', traffic: 100 }],
    },
  ],
  eventing: {
    brokers: [{ name: 'events', class: 'MTChannelBasedBroker', delivery: { retry: 3 } }],
    triggers: [
      {
        name: 'score',
        broker: 'events',
        model: 'credit-score',
        filters: [{ exact: { type: 'x' } }],
      },
    ],
  },
};

const serialized = (value: unknown, json: boolean): string =>
  (json ? JSON.stringify(value) : YAML.stringify(value, { aliasDuplicateObjects: false })) ?? '';

describe('reader fuzz (in process)', () => {
  const io = { out: [] as string[], err: [] as string[] };
  const bufferIo: Io = { stdout: (t) => void io.out.push(t), stderr: (t) => void io.err.push(t) };
  /** `validate` of the text as a catalog file: exit 0 or 2, and only issue lines on stderr. */
  const validateText = (file: string, text: string) => {
    fs.writeFileSync(file, text);
    io.err.length = 0;
    const code = validateCommand({ catalog: file }, bufferIo);
    if (code !== 0 && code !== 2) throw new Error(`exit ${code}: ${io.err.join('')}`);
    expectCleanStderr(io.err.join(''));
  };

  test('catalogs, YAML and JSON, through `validate`: 6,000 cases', () => {
    const file = path.join(dir, 'catalog.yaml');
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 3 }), fc.boolean(), (ms, json) => {
        const catalog = ms.reduce<unknown>((c, m) => mutate(c, m), SEED_CATALOG);
        validateText(file, serialized(catalog, json));
      }),
      fuzzParams(6_000),
    );
  }, 120_000);

  test('catalog text with syntax damage: 2,000 cases', () => {
    const file = path.join(dir, 'damaged.yaml');
    const text = YAML.stringify(SEED_CATALOG);
    fc.assert(
      fc.property(fc.nat(text.length), fc.string({ maxLength: 8 }), fc.nat(8), (at, insert, cut) =>
        validateText(file, text.slice(0, at) + insert + text.slice(at + cut)),
      ),
      fuzzParams(2_000),
    );
  }, 120_000);

  test('trace CSV: 6,000 cases', () => {
    const rows = ['timestamp,model,rps,latency_ms'];
    for (let m = 0; m < 6; m++) rows.push(`2026-01-05T09:0${m}:00Z,credit-score,${m * 3},40`);
    const cell = fc.oneof(
      oddScalar.map((v) => String(v)),
      fc.constantFrom('', '2026-13-45T99:00:00Z', '2026-01-05', '1e400', '-0', ' 5 ', '"x"'),
    );
    const edit = fc.record({
      line: fc.nat(rows.length + 1),
      op: fc.constantFrom('drop', 'duplicate', 'cell', 'insert', 'header', 'columns'),
      column: fc.nat(5),
      cell,
    });
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 4 }), fc.boolean(), (edits, crlf) => {
        const lines = [...rows];
        for (const e of edits) {
          const i = e.line % lines.length;
          if (e.op === 'drop') lines.splice(i, 1);
          else if (e.op === 'duplicate') lines.splice(i, 0, lines[i] ?? '');
          else if (e.op === 'insert') lines.splice(i, 0, e.cell);
          else if (e.op === 'header') lines[0] = e.cell;
          else if (e.op === 'columns') lines[i] = `${lines[i] ?? ''},${e.cell}`;
          else {
            const cells = (lines[i] ?? '').split(',');
            cells[e.column % Math.max(cells.length, 1)] = e.cell;
            lines[i] = cells.join(',');
          }
        }
        readerAccepts(() => parseTraceCsv(lines.join(crlf ? '\r\n' : '\n'), 't.csv'));
      }),
      fuzzParams(6_000),
    );
  });

  test('prices files: 4,000 cases', () => {
    const seed = YAML.parse(
      fs.readFileSync(path.join(root, 'examples/capacity-planning/prices.yaml'), 'utf8'),
    );
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 3 }), fc.boolean(), (ms, json) => {
        const prices = ms.reduce<unknown>((p, m) => mutate(p, m), seed);
        readerAccepts(() => parsePrices(serialized(prices, json), 'p.yaml'));
      }),
      fuzzParams(4_000),
    );
  });

  test('stack config (Pulumi.<stack>.yaml): 4,000 cases', () => {
    const prod = YAML.parse(fs.readFileSync(path.join(root, 'Pulumi.prod.yaml'), 'utf8')).config;
    const dev = YAML.parse(fs.readFileSync(path.join(root, 'Pulumi.dev.yaml'), 'utf8')).config;
    fc.assert(
      fc.property(
        fc.array(mutation, { minLength: 1, maxLength: 3 }),
        fc.boolean(),
        (ms, useDev) => {
          const config = ms.reduce<unknown>((c, m) => mutate(c, m), useDev ? dev : prod);
          if (typeof config !== 'object' || config === null || Array.isArray(config)) return;
          readerAccepts(() => parseStackConfig(config as Record<string, unknown>));
        },
      ),
      fuzzParams(4_000),
    );
  });
});

describe('reader fuzz (child processes, a sample)', () => {
  test('synth on 12 mutated catalogs: exit 0 or 2, clean stderr, and --out untouched on exit 2', () => {
    const out = path.join(dir, 'out');
    writeOwnedTree(out, { 'kept.yaml': 'kept\n' });
    const before = fs.readFileSync(path.join(out, '.ack-serving.json'), 'utf8');
    const cases = fc.sample(fc.array(mutation, { minLength: 1, maxLength: 3 }), {
      seed: FUZZ_SEED,
      numRuns: 12,
    });
    const file = path.join(dir, 'child.yaml');
    const cli = [path.join(root, 'node_modules/tsx/dist/cli.mjs'), path.join(root, 'bin/cli.ts')];
    for (const ms of cases) {
      fs.writeFileSync(
        file,
        serialized(
          ms.reduce<unknown>((c, m) => mutate(c, m), SEED_CATALOG),
          false,
        ),
      );
      const run = spawnSync(process.execPath, [...cli, 'synth', '--catalog', file, '--out', out], {
        encoding: 'utf8',
      });
      expect([0, 2]).toContain(run.status);
      expectCleanStderr(run.stderr);
      if (run.status === 2) {
        expect(fs.readFileSync(path.join(out, '.ack-serving.json'), 'utf8')).toBe(before);
      } else {
        writeOwnedTree(out, { 'kept.yaml': 'kept\n' }); // back to the known state
      }
    }
  }, 180_000);
});
