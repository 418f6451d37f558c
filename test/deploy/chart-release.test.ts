import { App, Testing } from 'cdk8s';
import { created } from '../mocks';
import {
  inputsOf,
  registration,
  registrations,
  resetAll,
  setRecordingMocks,
  settle,
  T,
  urnOf,
} from '../cloud/harness';
import { buildSample } from './charts';

setRecordingMocks(); // before the module under test is imported
beforeEach(resetAll);

describe('partitionObjects', () => {
  test('splits CRDs and Namespaces, partial ConfigMaps, Knative objects and the rest', async () => {
    // GIVEN
    const { partitionObjects } = await import('../../lib/deploy/chart-release');
    const app = Testing.app();
    const objs = buildSample(app).toJson();
    const crd = {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'x.example.com' },
    };
    const trigger = {
      apiVersion: 'eventing.knative.dev/v1',
      kind: 'Trigger',
      metadata: { name: 't', namespace: 'models' },
    };
    const plainCm = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'own', namespace: 'models' },
    };
    // WHEN
    const parts = partitionObjects([...objs, crd, trigger, plainCm]);
    // THEN
    const names = (list: { kind: string; metadata: { name?: string } }[]) =>
      list.map((o) => `${o.kind}/${o.metadata.name}`);
    expect(names(parts.foundation)).toEqual([
      'Namespace/models',
      'CustomResourceDefinition/x.example.com',
    ]);
    expect(names(parts.patches)).toEqual(['ConfigMap/config-autoscaler']);
    expect(names(parts.knative)).toEqual(['Service/credit-score', 'Trigger/t']);
    expect(names(parts.workloads)).toEqual(['ResourcePolicy/credit-score', 'ConfigMap/own']);
  });

  test('fails on a partly owned ConfigMap without a namespace', async () => {
    const { checkReleaseObjects } = await import('../../lib/deploy/chart-release');
    expect(
      checkReleaseObjects([
        {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: {
            name: 'config-network',
            annotations: { 'ack-serving.io/ownership': 'partial' },
          },
        },
      ]),
    ).toEqual([
      {
        path: 'objects[0].metadata.namespace',
        message:
          "partly owned ConfigMap 'config-network' has no namespace; set the namespace of the ConfigMap it patches",
      },
    ]);
  });

  test('checks names, duplicates and conflicting ConfigMap keys', async () => {
    const { checkReleaseObjects } = await import('../../lib/deploy/chart-release');
    const cm = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: 'config-network',
        namespace: 'knative-serving',
        annotations: { 'ack-serving.io/ownership': 'partial' },
      },
      data: { 'ingress.class': 'kourier.ingress.networking.knative.dev' },
    };
    expect(
      checkReleaseObjects(
        [
          cm,
          cm,
          { apiVersion: 'v1', kind: 'Secret', metadata: {} },
          {
            apiVersion: 'v1',
            kind: 'Secret',
            metadata: { name: 's', annotations: { 'ack-serving.io/ownership': 'partial' } },
          },
        ],
        {
          'knative-serving/config-network': {
            'ingress.class': 'alb.ingress.networking.knative.dev',
          },
        },
      ),
    ).toEqual([
      {
        path: 'objects[1]',
        message:
          "ConfigMap 'knative-serving/config-network' is rendered twice; each object may appear once per release",
      },
      {
        path: 'objects[2].metadata.name',
        message: 'Secret has no name; every object the release deploys needs metadata.name',
      },
      {
        path: 'objects[3].metadata.annotations',
        message: "Secret 's' is marked partly owned; only ConfigMaps can be patched key by key",
      },
      {
        path: 'configMapData["knative-serving/config-network"].ingress.class',
        message:
          "the charts set 'ingress.class' of ConfigMap 'knative-serving/config-network' to 'kourier.ingress.networking.knative.dev' but the platform needs 'alb.ingress.networking.knative.dev'; remove the key from the charts or change the gateway",
      },
    ]);
  });
});

describe('ChartRelease', () => {
  test('deploys the synthesized objects in order, with patches for partly owned ConfigMaps', async () => {
    // GIVEN
    const k8s = await import('@pulumi/kubernetes');
    const { ChartRelease } = await import('../../lib/deploy/chart-release');
    const provider = new k8s.Provider('kube', { kubeconfig: 'x' });
    const { VirtualNodes } = await import('../../lib/cloud/virtual-nodes');
    const knativeAddon = new VirtualNodes('stand-in', { clusterId: 'c' });
    // WHEN
    const release = new ChartRelease('fleet', {
      build: (app: App) => void buildSample(app),
      provider,
      dependsOn: [knativeAddon],
      configMapData: {
        'knative-serving/config-network': { 'ingress.class': 'alb.ingress.networking.knative.dev' },
      },
    });
    await settle();
    // THEN the objects handed to the ConfigGroups are the synthesized ones, none lost
    const expected = Testing.synth(buildSample(Testing.app()));
    const groups = inputsOf(T.configGroup);
    expect(groups['fleet-foundation'].objs).toEqual([expected[0]]);
    expect(groups['fleet-workloads'].objs).toEqual([expected[3]]);
    expect(groups['fleet-knative'].objs).toEqual([expected[2]]);
    expect(groups['fleet-knative'].resourcePrefix).toBe('fleet');
    expect(release.objects).toEqual(expected);

    // partly owned ConfigMaps become server-side-apply patches, keeping our ownership annotation
    expect(inputsOf(T.configMapPatch)).toEqual({
      'fleet-knative-serving-config-autoscaler': {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: {
          name: 'config-autoscaler',
          namespace: 'knative-serving',
          annotations: { 'ack-serving.io/ownership': 'partial', 'pulumi.com/patchForce': 'true' },
        },
        data: { 'enable-scale-to-zero': 'true' },
      },
      'fleet-knative-serving-config-network': {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: {
          name: 'config-network',
          namespace: 'knative-serving',
          annotations: { 'ack-serving.io/ownership': 'partial', 'pulumi.com/patchForce': 'true' },
        },
        data: { 'ingress.class': 'alb.ingress.networking.knative.dev' },
      },
    });

    // ordering: Knative objects after the foundation, the patches and the addon
    const knative = registration(T.configGroup, 'fleet-knative');
    const foundation = urnOf({ type: T.configGroup, name: 'fleet-foundation' });
    expect(knative.dependencies).toEqual(
      expect.arrayContaining([
        foundation,
        urnOf({ type: T.configMapPatch, name: 'fleet-knative-serving-config-autoscaler' }),
        urnOf({ type: T.configMapPatch, name: 'fleet-knative-serving-config-network' }),
        urnOf({ type: T.addon, name: 'stand-in-addon' }),
      ]),
    );
    expect(registration(T.configGroup, 'fleet-workloads').dependencies).toContain(foundation);
    expect(
      registration(T.configMapPatch, 'fleet-knative-serving-config-network').dependencies,
    ).toContain(urnOf({ type: T.addon, name: 'stand-in-addon' }));
    expect(registration(T.configGroup, 'fleet-foundation').dependencies).toEqual([]);

    // every child is parented to the release and uses the cluster's provider
    const parent = urnOf({ type: 'ack-serving:deploy:ChartRelease', name: 'fleet' });
    const children = registrations.filter(
      (r) => r.type === T.configGroup || r.type === T.configMapPatch,
    );
    expect(children).toHaveLength(5);
    for (const r of children) expect(r.parent).toBe(parent);
    for (const r of registrations.filter((x) => x.type === T.configMapPatch)) {
      expect(r.provider).toMatch(
        /^urn:pulumi:test::ack-serving::pulumi:providers:kubernetes::kube::/,
      );
    }
  });

  test('takes ready charts and skips empty groups', async () => {
    const { ChartRelease } = await import('../../lib/deploy/chart-release');
    const app = Testing.app();
    const chart = buildSample(app);
    new ChartRelease('fleet', { charts: [chart] });
    await settle();
    expect(Object.keys(inputsOf(T.configGroup)).sort()).toEqual([
      'fleet-foundation',
      'fleet-knative',
      'fleet-workloads',
    ]);
    resetAll();
    new ChartRelease('empty', { charts: [] });
    await settle();
    expect(created.map((r) => r.type)).toEqual(['ack-serving:deploy:ChartRelease']);
  });

  test("passes the release's own dependsOn on to every child", async () => {
    // GIVEN
    const { ChartRelease } = await import('../../lib/deploy/chart-release');
    const { VirtualNodes } = await import('../../lib/cloud/virtual-nodes');
    const before = new VirtualNodes('before', { clusterId: 'c' });
    // WHEN
    new ChartRelease(
      'fleet',
      { build: (app: App) => void buildSample(app) },
      { dependsOn: [before] },
    );
    await settle();
    // THEN
    const addon = urnOf({ type: T.addon, name: 'before-addon' });
    for (const name of ['fleet-foundation', 'fleet-workloads', 'fleet-knative']) {
      expect(registration(T.configGroup, name).dependencies).toContain(addon);
    }
    expect(
      registration(T.configMapPatch, 'fleet-knative-serving-config-autoscaler').dependencies,
    ).toContain(addon);
  });

  test('throws before creating anything when objects clash', async () => {
    const { ChartRelease } = await import('../../lib/deploy/chart-release');
    const app = Testing.app();
    buildSample(app);
    expect(
      () =>
        new ChartRelease('fleet', {
          charts: app.charts,
          configMapData: {
            'knative-serving/config-autoscaler': { 'enable-scale-to-zero': 'false' },
          },
        }),
    ).toThrow(
      "invalid arguments for ChartRelease 'fleet':\nconfigMapData[\"knative-serving/config-autoscaler\"].enable-scale-to-zero: the charts set 'enable-scale-to-zero' of ConfigMap 'knative-serving/config-autoscaler' to 'true' but the platform needs 'false'; remove the key from the charts or change the gateway",
    );
  });
});
