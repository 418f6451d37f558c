import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildFleet, synthFleet } from '../../lib/cli/synth';
import {
  BUILD_TIMEOUT_MS,
  Result,
  buildHarness,
  skipWithoutGo,
  validateManifests,
  warned,
} from './harness';

/**
 * Every example and stack, synthesized, must pass Knative's own defaulting and validation.
 * Discovered by convention, so a new example is covered without editing this file:
 * - `examples/<name>/catalog.{yaml,yml,json}` and `stacks/<name>/catalog*.{yaml,yml,json}`:
 *   synthesized like `ack-serving synth --catalog`;
 * - `examples/<name>/synth.ts` and `stacks/<name>/synth.ts`: run with tsx; they print YAML on stdout.
 */

const ROOT = path.resolve(__dirname, '..', '..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');

interface Source {
  readonly name: string;
  readonly kind: 'catalog' | 'script';
  readonly file: string;
}

function discover(): Source[] {
  const out: Source[] = [];
  for (const top of ['examples', 'stacks']) {
    const base = path.join(ROOT, top);
    if (!fs.existsSync(base)) continue;
    for (const entry of fs
      .readdirSync(base, { withFileTypes: true })
      .filter((e) => e.isDirectory())) {
      const dir = path.join(base, entry.name);
      for (const f of fs.readdirSync(dir).sort()) {
        const rel = path.relative(ROOT, path.join(dir, f));
        if (/^catalog.*\.(ya?ml|json)$/.test(f))
          out.push({ name: rel, kind: 'catalog', file: rel });
        else if (f === 'synth.ts') out.push({ name: rel, kind: 'script', file: rel });
      }
    }
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

/** Writes the source's manifests into a fresh directory and returns it. */
function synthesize(source: Source, into: string): string {
  const dir = fs.mkdtempSync(path.join(into, source.name.replace(/[^\w.-]+/g, '_') + '-'));
  if (source.kind === 'catalog') {
    const cwd = process.cwd();
    process.chdir(ROOT); // catalogs name files relative to the repository, as the CLI does
    try {
      const { files } = synthFleet(buildFleet(source.file));
      for (const [rel, text] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
        fs.writeFileSync(path.join(dir, rel), text);
      }
    } finally {
      process.chdir(cwd);
    }
  } else {
    const r = spawnSync(TSX, [source.file], {
      cwd: ROOT,
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
    });
    if (r.status !== 0) throw new Error(`${source.file} exited ${r.status}:\n${r.stderr}`);
    fs.writeFileSync(path.join(dir, 'manifests.yaml'), r.stdout);
  }
  return dir;
}

const sources = discover();
let work: string;

beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'ack-serving-conformance-'));
  if (!skipWithoutGo()) buildHarness();
}, BUILD_TIMEOUT_MS);

afterAll(() => {
  fs.rmSync(work, { recursive: true, force: true });
});

test('finds the examples to check', () => {
  expect(sources.length).toBeGreaterThan(0);
});

describe.each(sources.map((s) => [s.name, s] as const))('%s', (_name, source) => {
  test(
    "every synthesized object passes Knative's own validation",
    () => {
      if (skipWithoutGo()) return;
      // GIVEN the example's manifests, as the library synthesizes them
      const dir = synthesize(source, work);
      // WHEN Knative's webhook code judges them (ACK stacks target ACK's Knative)
      const results = validateManifests([dir], { distribution: 'ack' });
      // THEN
      const failed = results.filter((r) => !r.ok);
      const knative = results.filter((r) => r.checks === 'knative-webhook');
      const line = summary(source.name, results);
      process.stderr.write(`${line}\n`);
      expect(
        failed.map((r) => `${r.source}: ${r.kind}/${r.name}: ${r.errors.join(' | ')}`),
      ).toEqual([]);
      // Warnings count too: the library writes what Knative would warn about (e.g. an insecure default).
      expect(warned(results)).toEqual([]);
      expect(knative.length).toBeGreaterThan(0);
    },
    BUILD_TIMEOUT_MS,
  );
});

function summary(name: string, results: Result[]): string {
  const count = (p: (r: Result) => boolean) => results.filter(p).length;
  const notes = count((r) => r.note !== undefined);
  return (
    `conformance: ${name}: ${results.length} objects, ${count((r) => r.checks === 'knative-webhook')} admitted by Knative's webhook code, ` +
    `${count((r) => r.checks === 'knative-configmap')} Knative ConfigMaps parsed, ${count((r) => r.checks === 'decode')} Kubernetes objects decoded, ` +
    `${count((r) => r.skipped !== undefined)} skipped${notes ? `, ${notes} ACK class rewrites` : ''}; ${count((r) => !r.ok)} failed, ${count((r) => (r.warnings ?? []).length > 0)} warned`
  );
}
