/**
 * Level 3: the manifests reach a real kube-apiserver with Knative's CRDs, ACK's ResourcePolicy CRD
 * and Knative Serving's own admission webhook. Every example, both stacks' Kubernetes output and a
 * generated 500-model catalog are applied with server-side apply and strict field validation, first
 * as a dry run, then for real, then again (nothing may change). Knative's ConfigMaps are
 * pre-created by a foreign field manager with a foreign key; they must survive our apply.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ACK_KEYS, ACK_MANAGER, ApiError, Cluster, Obj, pool } from './cluster';
import {
  ManifestSource,
  applyWaves,
  exampleSources,
  generatedSource,
  keyOf,
  skipWithoutToolchain,
} from './support';

const FIELD_MANAGER = 'ack-serving';
const CONCURRENCY = 8;
const skip = skipWithoutToolchain();
const d = skip ? describe.skip : describe;

interface Figures {
  objects: number;
  dryRunSeconds: number;
  applySeconds: number;
  reapplySeconds: number;
  /** Namespaces the source uses but does not create, created before it (removed after it). */
  prerequisites?: string[];
}

const seconds = (since: number) => Math.round((Date.now() - since) / 100) / 10;

/** Fields of `sent` whose value the server does not return as sent (pruned or rewritten). */
function notKept(sent: unknown, got: unknown, at = ''): string[] {
  if (sent !== null && typeof sent === 'object') {
    if (got === null || typeof got !== 'object') return [at];
    if (Array.isArray(sent)) {
      if (!Array.isArray(got) || got.length !== sent.length) return [at];
      return sent.flatMap((v, i) => notKept(v, got[i], `${at}[${i}]`));
    }
    return Object.entries(sent as Record<string, unknown>).flatMap(([k, v]) =>
      notKept(v, (got as Record<string, unknown>)[k], `${at}.${k}`),
    );
  }
  return sent === got ? [] : [`${at}: sent ${JSON.stringify(sent)}, got ${JSON.stringify(got)}`];
}

/** Dry run, apply, re-apply; returns the problems found (empty when all is well) and figures. */
async function applySource(
  cluster: Cluster,
  source: ManifestSource,
): Promise<{ problems: string[]; figures: Figures }> {
  const problems: string[] = [];
  const versions = new Map<string, string | undefined>();
  const figures: Figures = {
    objects: source.objects.length,
    dryRunSeconds: 0,
    applySeconds: 0,
    reapplySeconds: 0,
  };
  const attempt = async (o: Obj, dryRun: boolean, what: string): Promise<Obj | undefined> => {
    try {
      return await cluster.kube.apply(o, { fieldManager: FIELD_MANAGER, dryRun });
    } catch (e) {
      problems.push(
        `${what} ${keyOf(o)}: ${(e as ApiError).body?.message ?? (e as Error).message}`,
      );
      return undefined;
    }
  };
  // a fragment (an add-on to a fleet) may use a namespace it does not create: create it first
  const created = new Set(
    source.objects.filter((o) => o.kind === 'Namespace').map((o) => o.metadata.name),
  );
  const needed = [
    ...new Set(source.objects.map((o) => o.metadata.namespace).filter((n): n is string => !!n)),
  ];
  for (const ns of needed.filter((n) => !created.has(n)).sort()) {
    const o: Obj = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } };
    if (!(await cluster.kube.get(o))) {
      await cluster.kube.apply(o, { fieldManager: 'test-prerequisite' });
      figures.prerequisites = [...(figures.prerequisites ?? []), `namespace ${ns}`];
    }
  }
  for (const wave of applyWaves(source.objects)) {
    let t = Date.now();
    await pool(wave, CONCURRENCY, (o) => attempt(o, true, 'dry run'));
    figures.dryRunSeconds += seconds(t);
    t = Date.now();
    await pool(wave, CONCURRENCY, async (o) => {
      const got = await attempt(o, false, 'apply');
      if (!got) return;
      versions.set(keyOf(o), got.metadata.resourceVersion);
      for (const f of notKept(o, got)) problems.push(`apply ${keyOf(o)}: not kept ${f}`);
    });
    figures.applySeconds += seconds(t);
  }
  const t = Date.now();
  for (const wave of applyWaves(source.objects)) {
    await pool(wave, CONCURRENCY, async (o) => {
      const got = await attempt(o, false, 're-apply');
      if (got && got.metadata.resourceVersion !== versions.get(keyOf(o))) {
        problems.push(
          `re-apply ${keyOf(o)}: changed (resourceVersion ${versions.get(keyOf(o))} -> ${got.metadata.resourceVersion})`,
        );
      }
    });
  }
  figures.reapplySeconds = seconds(t);
  figures.dryRunSeconds = Math.round(figures.dryRunSeconds * 10) / 10;
  figures.applySeconds = Math.round(figures.applySeconds * 10) / 10;
  return { problems, figures };
}

/**
 * Deletes what a source created (not Knative's ConfigMaps, which it only patched) and waits until it
 * is gone, so the next source is applied as to a fresh cluster. Namespaces are finalized by
 * kube-controller-manager.
 */
async function removeSource(cluster: Cluster, source: ManifestSource): Promise<void> {
  const system = new Set(['knative-serving', 'knative-eventing', 'kube-system', 'default']);
  const owned = source.objects.filter(
    (o) =>
      !(o.kind === 'ConfigMap' && system.has(o.metadata.namespace ?? '')) &&
      !(o.kind === 'Namespace' && system.has(o.metadata.name ?? '')),
  );
  for (const ns of source.objects.map((o) => o.metadata.namespace)) {
    if (
      ns &&
      !system.has(ns) &&
      !owned.some((o) => o.kind === 'Namespace' && o.metadata.name === ns)
    ) {
      owned.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
    }
  }
  const waves = applyWaves(owned).reverse();
  for (const wave of waves) await pool(wave, CONCURRENCY, (o) => cluster.kube.delete(o));
  const deadline = Date.now() + 120_000;
  for (const o of owned.filter((x) => x.kind === 'Namespace')) {
    while ((await cluster.kube.get(o)) !== undefined) {
      if (Date.now() > deadline)
        throw new Error(`namespace ${o.metadata.name} was not finalized in 120 s`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

const harnessNamespace: Obj = {
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name: 'harness' },
};

d('Level 3: strict server-side apply to kube-apiserver + Knative webhook', () => {
  let cluster: Cluster;
  let work: string;
  const report: Record<string, Figures | number | Record<string, number>> = {};
  const sources = skip ? [] : exampleSources();

  beforeAll(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'ack-serving-l3-'));
    const t = Date.now();
    cluster = await Cluster.start();
    report.clusterStartSeconds = seconds(t);
    report.clusterTimings = cluster.timings;
  }, 240_000);

  afterAll(async () => {
    await cluster?.stop();
    if (work) fs.rmSync(work, { recursive: true, force: true });
    process.stdout.write(`cluster Level 3 figures: ${JSON.stringify(report)}\n`);
  }, 60_000);

  test.each(sources.map((s) => [s.name, s] as const))(
    '%s: dry run, apply, re-apply without change',
    async (name, source) => {
      expect(source.objects.length).toBeGreaterThan(0);
      const { problems, figures } = await applySource(cluster, source);
      report[name] = figures;
      expect(problems).toEqual([]);
      await removeSource(cluster, source);
    },
    240_000,
  );

  test('the generated 500-model catalog: dry run, apply, re-apply without change', async () => {
    const source = generatedSource(500, work);
    const { problems, figures } = await applySource(cluster, source);
    report[source.name] = figures;
    expect(problems).toEqual([]);
    expect(source.objects.length).toBeGreaterThan(1000);
  }, 900_000);

  test("Knative's webhook ran: the Routes and Configurations carry its defaulting", async () => {
    const routes = await cluster.kube.list('serving.knative.dev/v1', 'Route', 'models');
    expect(routes.length).toBeGreaterThan(0);
    for (const r of routes)
      expect(r.metadata.annotations?.['serving.knative.dev/creator']).toBe('admin');
  });

  test('the ConfigMaps ACK owns keep their foreign keys and manager after our apply', async () => {
    // keys our manifests set in Knative's namespaces
    const ours = new Set<string>();
    for (const s of sources) {
      for (const o of s.objects) {
        if (o.kind === 'ConfigMap' && o.metadata.namespace?.startsWith('knative-')) {
          for (const k of Object.keys((o.data ?? {}) as object))
            ours.add(`${o.metadata.namespace}/${o.metadata.name}/${k}`);
        }
      }
    }
    expect(ours.size).toBeGreaterThan(0);
    const lost: string[] = [];
    let patched = 0;
    for (const cm of cluster.knativeConfig) {
      const live = await cluster.kube.get(cm);
      const id = `${cm.metadata.namespace}/${cm.metadata.name}`;
      const managers = live?.metadata.managedFields?.map((m) => m.manager) ?? [];
      if (!managers.includes(ACK_MANAGER)) lost.push(`${id}: manager ${ACK_MANAGER} gone`);
      if (managers.includes(FIELD_MANAGER)) patched++;
      for (const [k, v] of Object.entries((cm.data ?? {}) as Record<string, string>)) {
        if (ours.has(`${id}/${k}`)) continue;
        const got = (live?.data as Record<string, string> | undefined)?.[k];
        if (got !== v) lost.push(`${id}: ${k} ${got === undefined ? 'removed' : 'changed'}`);
      }
    }
    expect(lost).toEqual([]);
    expect(patched).toBeGreaterThan(2);
    expect(Object.keys(ACK_KEYS).length).toBeGreaterThan(0);
  });

  test('the harness can fail: an unknown field is rejected by the CRD schema under strict validation', async () => {
    const bad: Obj = {
      apiVersion: 'scheduling.alibabacloud.com/v1alpha1',
      kind: 'ResourcePolicy',
      metadata: { name: 'bad-policy', namespace: 'harness' },
      spec: {
        selector: { app: 'x' },
        strategy: 'prefer',
        units: [{ resource: 'ecs', weight: 3 }, { resource: 'eci' }],
      },
    };
    await cluster.kube.apply(harnessNamespace, { fieldManager: FIELD_MANAGER });
    const err = await cluster.kube.apply(bad, { fieldManager: FIELD_MANAGER, dryRun: true }).then(
      () => undefined,
      (e: ApiError) => e,
    );
    // server-side apply reports an unknown field while building the typed patch
    expect(`${err?.status} ${err?.body.message}`).toBe(
      `${err?.status} failed to create typed patch object (harness/bad-policy; scheduling.alibabacloud.com/v1alpha1, Kind=ResourcePolicy): .spec.units[0].weight: field not declared in schema`,
    );
    expect(err?.status).toBeGreaterThanOrEqual(400);
    // a plain create under strict validation names it as Kubernetes' strict decoding does
    const create = await cluster.kube
      .request(
        'POST',
        `${await cluster.kube.pathOf(bad, false)}?fieldValidation=Strict&dryRun=All`,
        bad,
      )
      .then(
        () => undefined,
        (e: ApiError) => e,
      );
    expect(create?.status).toBe(400);
    expect(create?.body.message).toContain('unknown field "spec.units[0].weight"');
  });

  test('the PrometheusRules and dashboard ConfigMaps reached the server', async () => {
    const rules = await cluster.kube.list('monitoring.coreos.com/v1', 'PrometheusRule', 'models');
    expect(rules.length).toBeGreaterThanOrEqual(500);
    const boards = await cluster.kube.list('v1', 'ConfigMap', 'models');
    expect(
      boards.filter((b) => b.metadata.labels?.grafana_dashboard === '1').length,
    ).toBeGreaterThan(0);
  });

  test('the harness can fail: the PrometheusRule CRD rejects a rule with an unknown field', async () => {
    const bad: Obj = {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PrometheusRule',
      metadata: { name: 'bad-rule', namespace: 'harness' },
      spec: { groups: [{ name: 'g', rules: [{ alert: 'A', expr: 'up == 0', severity: 'page' }] }] },
    };
    await cluster.kube.apply(harnessNamespace, { fieldManager: FIELD_MANAGER });
    const err = await cluster.kube.apply(bad, { fieldManager: FIELD_MANAGER, dryRun: true }).then(
      () => undefined,
      (e: ApiError) => e,
    );
    expect(err?.body.message).toBe(
      'failed to create typed patch object (harness/bad-rule; monitoring.coreos.com/v1, Kind=PrometheusRule): .spec.groups[name="g"].rules[0].severity: field not declared in schema',
    );
  });

  test("the harness can fail: Knative's webhook rejects an autoscaling window of 1s", async () => {
    const bad: Obj = {
      apiVersion: 'serving.knative.dev/v1',
      kind: 'Configuration',
      metadata: { name: 'bad-window', namespace: 'harness' },
      spec: {
        template: {
          metadata: { annotations: { 'autoscaling.knative.dev/window': '1s' } },
          spec: { containers: [{ image: 'registry.example.com/x@sha256:' + 'a'.repeat(64) }] },
        },
      },
    };
    await cluster.kube.apply(harnessNamespace, { fieldManager: FIELD_MANAGER });
    const err = await cluster.kube.apply(bad, { fieldManager: FIELD_MANAGER, dryRun: true }).then(
      () => undefined,
      (e: ApiError) => e,
    );
    expect(err?.body.message).toMatch(
      /^admission webhook "validation\.serving\.knative\.test" denied the request/,
    );
    expect(err?.body.message).toContain('1s');
    expect(err?.body.message).toContain(
      'expected 6s <= 1s <= 1h0m0s: spec.template.metadata.annotations.autoscaling.knative.dev/window',
    );
  });
  test("the harness can fail: Knative Eventing's webhook rejects a Trigger filter attribute `Bad-Name`", async () => {
    const bad: Obj = {
      apiVersion: 'eventing.knative.dev/v1',
      kind: 'Trigger',
      metadata: { name: 'bad-filter', namespace: 'harness' },
      spec: {
        broker: 'default',
        filter: { attributes: { 'Bad-Name': 'x' } },
        subscriber: { uri: 'https://scoring.example.com' },
      },
    };
    await cluster.kube.apply(harnessNamespace, { fieldManager: FIELD_MANAGER });
    const err = await cluster.kube.apply(bad, { fieldManager: FIELD_MANAGER, dryRun: true }).then(
      () => undefined,
      (e: ApiError) => e,
    );
    expect(err?.body.message).toMatch(
      /^admission webhook "validation\.eventing\.knative\.test" denied the request/,
    );
    expect(err?.body.message).toContain('Bad-Name');
  });
});
