import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { writeOwnedTree } from '../../lib/owned-output';
import { runSimulateCommand } from '../../lib/sim/cli';
import { formatTraceCsv, generateTidalTrace } from '../../lib/sim/trace';
import { version } from './helpers';

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    io: { stdout: (s: string) => out.push(s), stderr: (s: string) => err.push(s) },
  };
}

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sim-cli-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const versions = [
  version({ model: 'score', containerConcurrency: 10, placement: 'ecs-then-eci' }),
  version({ model: 'fraud', containerConcurrency: 1, placement: 'eci' }),
];

function writeTrace(): string {
  const trace = generateTidalTrace({
    seed: 5,
    days: 1,
    models: [
      { model: 'score', peakRps: 50, latencyMs: 60 },
      { model: 'fraud', peakRps: 0.2, troughRps: 0 },
      { model: 'unknown', peakRps: 1 },
    ],
  });
  const file = path.join(dir, 'trace.csv');
  fs.writeFileSync(file, formatTraceCsv(trace));
  return file;
}

describe('runSimulateCommand', () => {
  test('prints the summary and writes charts and summaries into the out dir', () => {
    // GIVEN
    const traceFile = writeTrace();
    const out = path.join(dir, 'out');
    const t = io();
    // WHEN
    const code = runSimulateCommand({ versions, traceFile, outDir: out }, t.io);
    // THEN
    expect(code).toBe(0);
    expect(t.out.join('')).toMatch(
      /^simulated 1d from 2026-01-04T16:00:00Z in 43200 ticks of 2s; costs in CNY/,
    );
    expect(t.out.join('')).toContain('\nfleet ');
    expect(t.err).toEqual([
      `warning: ${traceFile}: model 'unknown' is not in the catalog; its rows are ignored\n`,
    ]);
    expect(fs.readdirSync(out).sort()).toEqual([
      '.ack-serving.json',
      'cost.svg',
      'failures.svg',
      'latency.svg',
      'model-fraud.svg',
      'model-score.svg',
      'pods.svg',
      'requests.svg',
      'summary.json',
      'summary.txt',
    ]);
    expect(JSON.parse(fs.readFileSync(path.join(out, 'summary.json'), 'utf8')).models).toHaveLength(
      2,
    );
    // no temporary directories are left behind
    expect(fs.readdirSync(dir).sort()).toEqual(['out', 'trace.csv']);
  });

  test('exits 2 with every input problem and leaves an existing out dir untouched', () => {
    // GIVEN a bad trace, bad prices and an out dir from an earlier run
    const traceFile = path.join(dir, 'trace.csv');
    fs.writeFileSync(
      traceFile,
      'timestamp,model,rps\n2026-01-05T00:00:00Z,score,1\n2026-01-05T00:01:00Z,score,abc\n',
    );
    const pricesFile = path.join(dir, 'prices.yaml');
    fs.writeFileSync(
      pricesFile,
      'ecs: { nodeMonthly: -1 }\neci: { vcpuSecond: 1, memoryGiBSecond: 1 }\n',
    );
    const out = path.join(dir, 'out');
    writeOwnedTree(out, { 'keep.txt': 'earlier' });
    const t = io();
    // WHEN
    const code = runSimulateCommand({ versions, traceFile, pricesFile, outDir: out }, t.io);
    // THEN
    expect(code).toBe(2);
    expect(t.err.join('')).toBe(
      [
        `${traceFile}:3: rps 'abc' is not a number`,
        `${pricesFile}:ecs.nodeMonthly: ecs.nodeMonthly -1 is out of range; allowed: at least 0`,
        '',
      ].join('\n'),
    );
    expect(t.out).toEqual([]);
    expect(fs.readdirSync(out).sort()).toEqual(['.ack-serving.json', 'keep.txt']);
  });

  test('exits 2 when a file cannot be read or the catalog is invalid', () => {
    const t = io();
    const code = runSimulateCommand(
      { versions: [version({ trafficPercent: 50 })], traceFile: path.join(dir, 'missing.csv') },
      t.io,
    );
    expect(code).toBe(2);
    expect(t.err.join('')).toBe(
      [
        `${path.join(dir, 'missing.csv')}: cannot read the trace (ENOENT); check the path`,
        "versions[0]: trafficPercent of model 'm' sums to 50 over its versions; it must sum to 100",
        '',
      ].join('\n'),
    );
  });

  test('refuses an out dir it did not write, and owns only its own files in one it did', () => {
    const traceFile = writeTrace();
    const out = path.join(dir, 'out');
    fs.mkdirSync(out);
    fs.writeFileSync(path.join(out, 'notes.txt'), 'mine');
    const refused = io();
    expect(runSimulateCommand({ versions, traceFile, outDir: out }, refused.io)).toBe(2);
    expect(refused.err.join('')).toContain(
      `${out}: '--out' is a directory that ack-serving did not write`,
    );
    expect(fs.readdirSync(out)).toEqual(['notes.txt']);
    expect(runSimulateCommand({ versions, traceFile, outDir: out, force: true }, io().io)).toBe(0);
    expect(fs.readFileSync(path.join(out, 'notes.txt'), 'utf8')).toBe('mine');
    expect(fs.existsSync(path.join(out, 'pods.svg'))).toBe(true);
  });
});
