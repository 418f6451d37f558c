/**
 * The real `pulumi up` of the dev stack with a generated N-model catalog (upstream Knative) against
 * the local control plane of the cluster tests, next to a plain server-side apply of the same
 * objects (what `kubectl apply --server-side` does). Needs the cluster toolchain
 * (`npx tsx test/cluster/toolchain.ts build`).
 *
 * Run: npx tsx bench/cluster-up.ts [models=500] [apply-concurrency=8] [engine-only]
 * Environment for the CLI passes through with BENCH_PULUMI_* (e.g.
 * BENCH_PULUMI_SKIP_CHECKPOINTS=true sets PULUMI_SKIP_CHECKPOINTS=true).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import * as YAML from 'yaml';
import { App } from 'cdk8s';
import { synthApp } from '../lib/synth-app';
import { buildFleet } from '../stacks/fleet';
import { Cluster, Obj, pool } from '../test/cluster/cluster';
import { devStackOnCluster } from '../test/cluster/engine';
import { applyWaves, generatedCatalogFile } from '../test/cluster/support';
import { missing } from '../test/cluster/toolchain';

const seconds = (since: number) => Math.round((Date.now() - since) / 100) / 10;

async function main(): Promise<void> {
  const models = Number(process.argv[2] ?? 500);
  const concurrency = Number(process.argv[3] ?? 8);
  const m = missing();
  if (m.length > 0) throw new Error(`cluster toolchain missing: ${m.join(', ')}`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ack-serving-bench-up-'));
  const catalog = generatedCatalogFile(models, dir);
  const result: Record<string, unknown> = { models };

  const env = Object.fromEntries(
    Object.entries(process.env)
      .filter(([k]) => k.startsWith('BENCH_PULUMI_'))
      .map(([k, v]) => [k.slice('BENCH_'.length), v ?? '']),
  );
  result.env = env;
  let kubectlObjects: Obj[] | undefined;
  // 1. the same objects the dev stack deploys, by plain server-side apply, on a fresh cluster
  if (process.argv[4] !== 'engine-only') {
    const app = new App();
    buildFleet(
      app,
      {
        gateway: 'kourier',
        ingressClass: 'kourier.ingress.networking.knative.dev',
        distribution: 'upstream',
      },
      catalog,
    );
    const objects = [...synthApp(app).values()].flat() as Obj[];
    const cluster = await Cluster.start();
    try {
      const t = Date.now();
      for (const wave of applyWaves(objects)) {
        await pool(wave, concurrency, (o) => cluster.kube.apply(o, { fieldManager: 'bench' }));
      }
      result.serverSideApply = { objects: objects.length, seconds: seconds(t), concurrency };
      // kubectl, when there is one, applies the same objects on a fresh cluster below
      kubectlObjects = objects;
    } finally {
      await cluster.stop();
    }
  }

  if (
    kubectlObjects &&
    spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0
  ) {
    const cluster = await Cluster.start();
    try {
      const file = path.join(dir, 'objects.yaml');
      fs.writeFileSync(
        file,
        applyWaves(kubectlObjects)
          .flat()
          .map((o) => YAML.stringify(o))
          .join('---\n'),
      );
      const t = Date.now();
      const r = spawnSync(
        'kubectl',
        [
          '--kubeconfig',
          cluster.kubeconfig,
          'apply',
          '--server-side',
          '--force-conflicts',
          '-f',
          file,
        ],
        { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
      );
      if (r.status !== 0) throw new Error(`kubectl apply failed: ${r.stderr.slice(-2000)}`);
      result.kubectlServerSideApply = { objects: kubectlObjects.length, seconds: seconds(t) };
    } finally {
      await cluster.stop();
    }
  }

  // 2. pulumi up / preview through the real engine, on another fresh cluster
  {
    const cluster = await Cluster.start();
    try {
      const stack = await devStackOnCluster({
        dir: path.join(dir, 'stack'),
        kubeconfig: cluster.kubeconfig,
        catalog,
        env,
      });
      let t = Date.now();
      const up = await stack.up({ onOutput: () => {} });
      result.up = { seconds: seconds(t), changes: up.summary.resourceChanges };
      t = Date.now();
      const preview = await stack.preview({ onOutput: () => {} });
      result.preview = { seconds: seconds(t), changes: preview.changeSummary };
    } finally {
      await cluster.stop();
    }
  }
  fs.rmSync(dir, { recursive: true, force: true });
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
