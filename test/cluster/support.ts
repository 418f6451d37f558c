/**
 * Shared by the cluster tests: whether they run, how manifests are gathered, and the apply order.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as YAML from 'yaml';
import { buildFleet, synthFleet } from '../../lib/cli/synth';
import { generateCatalog } from '../../bench/generate-catalog';
import { Obj } from './cluster';
import { REQUIRE_ENV, ROOT, SKIP_LINE, missing } from './toolchain';

/**
 * True when the cluster tests must not run here: the toolchain is not built. Prints SKIP_LINE once
 * per run; throws instead when `.ci/run` requires the cluster tests.
 */
export function skipWithoutToolchain(): boolean {
  const m = missing();
  if (m.length === 0) return false;
  if (process.env[REQUIRE_ENV] === '1') {
    throw new Error(
      `${REQUIRE_ENV}=1 but the cluster toolchain is missing: ${m.join(', ')}; run npm run test:cluster`,
    );
  }
  const marker = path.join(os.tmpdir(), `ack-serving-cluster-skip-${process.ppid}`);
  try {
    fs.writeFileSync(marker, SKIP_LINE, { flag: 'wx' });
    process.stderr.write(`${SKIP_LINE}\n`);
  } catch {
    /* printed by another test file of this run */
  }
  return true;
}

export interface ManifestSource {
  readonly name: string;
  readonly objects: Obj[];
}

const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');

function parse(text: string): Obj[] {
  return (
    YAML.parseAllDocuments(text)
      .map((d) => d.toJSON() as Obj | null)
      .filter((o): o is Obj => o !== null && typeof o === 'object' && 'kind' in o)
      // kustomization.yaml is for kustomize, not for the API server
      .filter((o) => o.apiVersion !== 'kustomize.config.k8s.io/v1beta1')
  );
}

function fromCatalog(file: string): Obj[] {
  const cwd = process.cwd();
  process.chdir(ROOT); // catalogs name files relative to the repository, as the CLI does
  try {
    const { files } = synthFleet(buildFleet(file));
    return Object.keys(files)
      .sort()
      .flatMap((f) => parse(files[f]));
  } finally {
    process.chdir(cwd);
  }
}

function fromScript(file: string, args: string[] = []): Obj[] {
  const r = spawnSync(TSX, [file, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`${file} exited ${r.status}:\n${r.stderr}`);
  return parse(r.stdout);
}

/** Every example (catalogs and synth.ts scripts, discovered) and both stacks' Kubernetes output. */
export function exampleSources(): ManifestSource[] {
  const out: ManifestSource[] = [];
  const base = path.join(ROOT, 'examples');
  for (const entry of fs
    .readdirSync(base, { withFileTypes: true })
    .filter((e) => e.isDirectory())) {
    for (const f of fs.readdirSync(path.join(base, entry.name)).sort()) {
      const rel = path.join('examples', entry.name, f);
      if (/^catalog.*\.(ya?ml|json)$/.test(f)) out.push({ name: rel, objects: fromCatalog(rel) });
      else if (f === 'synth.ts') out.push({ name: rel, objects: fromScript(rel) });
    }
  }
  for (const env of ['dev', 'prod']) {
    out.push({
      name: `stacks/manifests/synth.ts ${env}`,
      objects: fromScript('stacks/manifests/synth.ts', [env]),
    });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

/** A generated catalog of `count` models, written to a file (upstream Knative: no ACK-only classes). */
export function generatedCatalogFile(count: number, dir: string): string {
  const file = path.join(dir, `catalog-${count}.yaml`);
  fs.writeFileSync(file, YAML.stringify({ ...generateCatalog(count), distribution: 'upstream' }));
  return file;
}

export function generatedSource(count: number, dir: string): ManifestSource {
  return {
    name: `generated catalog of ${count} models`,
    objects: fromCatalog(generatedCatalogFile(count, dir)),
  };
}

/** Apply order: CRDs and Namespaces, then everything outside Knative, then Knative objects. */
export function applyWaves(objs: readonly Obj[]): Obj[][] {
  const rank = (o: Obj) =>
    o.kind === 'CustomResourceDefinition' || (o.kind === 'Namespace' && o.apiVersion === 'v1')
      ? 0
      : /(^|\.)knative\.dev\//.test(o.apiVersion)
        ? 2
        : 1;
  const waves: Obj[][] = [[], [], []];
  for (const o of objs) waves[rank(o)].push(o);
  return waves.filter((w) => w.length > 0);
}

export const keyOf = (o: Obj) =>
  `${o.apiVersion} ${o.kind} ${o.metadata.namespace ? o.metadata.namespace + '/' : ''}${o.metadata.name}`;
