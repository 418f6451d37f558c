/**
 * Level 4: the dev stack (`stacks/dev.ts`, an existing cluster from a kubeconfig) through the real
 * Pulumi engine and kubernetes provider, against the Level 3 control plane (kube-apiserver,
 * kube-controller-manager, Knative's CRDs and webhook, Knative's ConfigMaps owned by a foreign
 * manager). up creates everything; a second preview changes nothing; changing `latest` of one
 * model updates exactly that Route; destroy leaves the cluster as it was.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as YAML from 'yaml';
import type { OpMap, Stack } from '@pulumi/pulumi/automation';
import { ACK_KEYS, Cluster, Obj } from './cluster';
import { PROJECT, devStackOnCluster } from './engine';
import { skipWithoutToolchain } from './support';
import { ROOT } from './toolchain';

const skip = skipWithoutToolchain();
const d = skip ? describe.skip : describe;
const seconds = (since: number) => Math.round((Date.now() - since) / 100) / 10;

/** What "the cluster as it was" means here: namespaces, and Knative's ConfigMaps' data. */
async function snapshot(cluster: Cluster): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  out.namespaces = (await cluster.kube.list('v1', 'Namespace')).map((n) => n.metadata.name).sort();
  for (const ns of ['knative-serving', 'knative-eventing']) {
    for (const cm of await cluster.kube.list('v1', 'ConfigMap', ns)) {
      out[`${ns}/${cm.metadata.name}`] = { labels: cm.metadata.labels ?? {}, data: cm.data ?? {} };
    }
  }
  for (const [v, k] of [
    ['serving.knative.dev/v1', 'Route'],
    ['serving.knative.dev/v1', 'Configuration'],
  ]) {
    out[k] = (await cluster.kube.list(v, k, 'models').catch(() => [] as Obj[])).map(
      (o) => o.metadata.name,
    );
  }
  return out;
}

const changed = (ops: OpMap | undefined) =>
  Object.fromEntries(Object.entries(ops ?? {}).filter(([op, n]) => op !== 'same' && (n ?? 0) > 0));

d('Level 4: the dev stack through the real Pulumi engine', () => {
  let cluster: Cluster;
  let dir: string;
  let stack: Stack;
  let catalog: string;
  let before: Record<string, unknown>;
  const figures: Record<string, unknown> = {};

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ack-serving-l4-'));
    cluster = await Cluster.start();
    figures.cluster = cluster.timings;
    catalog = path.join(dir, 'catalog.yaml');
    const devConfig = YAML.parse(fs.readFileSync(path.join(ROOT, 'Pulumi.dev.yaml'), 'utf8')) as {
      config: Record<string, string>;
    };
    fs.copyFileSync(path.join(ROOT, devConfig.config['ack-serving:catalog']), catalog);
    stack = await devStackOnCluster({ dir, kubeconfig: cluster.kubeconfig, catalog });
    before = await snapshot(cluster);
  }, 240_000);

  afterAll(async () => {
    await cluster?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
    process.stdout.write(`cluster Level 4 figures: ${JSON.stringify(figures)}\n`);
  }, 60_000);

  let created = 0;

  test('up creates everything', async () => {
    const t = Date.now();
    const up = await stack.up({ onOutput: () => {} });
    figures.upSeconds = seconds(t);
    const ops = up.summary.resourceChanges ?? {};
    created = ops.create ?? 0;
    figures.created = created;
    expect(up.summary.result).toBe('succeeded');
    expect(changed(ops)).toEqual({ create: created });
    const routes = await cluster.kube.list('serving.knative.dev/v1', 'Route', 'models');
    const configurations = await cluster.kube.list(
      'serving.knative.dev/v1',
      'Configuration',
      'models',
    );
    figures.routes = routes.length;
    figures.configurations = configurations.length;
    expect(routes.length).toBeGreaterThan(0);
    expect(configurations.length).toBeGreaterThan(routes.length - 1);
    // the patches merged into Knative's ConfigMaps; ACK's keys are still there
    const network = await cluster.kube.get({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'config-network', namespace: 'knative-serving' },
    });
    // the kubeconfig is a secret: its token never reaches the state in plain text
    const token = (
      YAML.parse(fs.readFileSync(cluster.kubeconfig, 'utf8')) as {
        users: { user: { token: string } }[];
      }
    ).users[0].user.token;
    const stateFile = path.join(dir, 'state', '.pulumi', 'stacks', PROJECT, 'dev.json');
    const state = fs.readFileSync(stateFile, 'utf8');
    expect(state).toContain('"ciphertext"');
    expect(state).toContain('config-network');
    expect(state).not.toContain(token);
    expect(network?.data).toMatchObject({
      ...ACK_KEYS,
      'ingress.class': 'kourier.ingress.networking.knative.dev',
    });
  }, 600_000);

  test('a second preview reports no changes', async () => {
    const t = Date.now();
    const preview = await stack.preview({ onOutput: () => {} });
    figures.previewSeconds = seconds(t);
    expect(changed(preview.changeSummary)).toEqual({});
    expect(preview.changeSummary.same).toBe(created); // `created` counts the stack itself too
  }, 600_000);

  test('changing `latest` of one model updates exactly that Route', async () => {
    const doc = YAML.parseDocument(fs.readFileSync(catalog, 'utf8'));
    const models = doc.get('models') as YAML.YAMLSeq<YAML.YAMLMap>;
    const model = models.items.find((m) => (m.get('versions') as YAML.YAMLSeq).items.length > 1)!;
    const name = model.get('name') as string;
    const versions = (model.get('versions') as YAML.YAMLSeq<YAML.YAMLMap>).items.map(
      (v) => v.get('name') as string,
    );
    const next = versions.find((v) => v !== model.get('latest'))!;
    model.set('latest', next);
    fs.writeFileSync(catalog, doc.toString());

    const updated: string[] = [];
    const t = Date.now();
    const up = await stack.up({
      onOutput: () => {},
      onEvent: (e) => {
        const m = e.resourcePreEvent?.metadata;
        if (m && m.op !== 'same') updated.push(`${m.op} ${m.type} ${m.urn.split('::').pop()}`);
      },
    });
    figures.updateSeconds = seconds(t);
    expect(changed(up.summary.resourceChanges)).toEqual({ update: 1 });
    expect(updated).toEqual([
      `update kubernetes:serving.knative.dev/v1:Route dev-release:models/${name}`,
    ]);
    const route = await cluster.kube.get({
      apiVersion: 'serving.knative.dev/v1',
      kind: 'Route',
      metadata: { name, namespace: 'models' },
    });
    const latest = (
      route?.spec as { traffic: { tag?: string; configurationName?: string }[] }
    ).traffic.find((x) => x.tag === 'latest');
    expect(latest?.configurationName).toBe(`${name}-${next}`);
  }, 600_000);

  test('destroy leaves the cluster as it was (ACK-owned keys intact)', async () => {
    const t = Date.now();
    const destroy = await stack.destroy({ onOutput: () => {} });
    figures.destroySeconds = seconds(t);
    expect(destroy.summary.result).toBe('succeeded');
    expect(changed(destroy.summary.resourceChanges)).toEqual({ delete: created });
    expect(await snapshot(cluster)).toEqual(before);
  }, 600_000);
});
