import * as pulumi from '@pulumi/pulumi';
import { App } from 'cdk8s';
import { calls, created, promiseOf } from '../mocks';
import {
  inputsOf,
  isSecretValue,
  registration,
  resetAll,
  setRecordingMocks,
  settle,
  T,
  urnOf,
} from '../cloud/harness';
import { buildSample } from './charts';

setRecordingMocks(); // before the module under test is imported
beforeEach(resetAll);

// ACK creates the cluster's security group and the provider reports its id as an output; the shared
// mocks compute no cluster outputs, so give the cluster one here, as a real deployment would.
const monitor = pulumi.runtime.getMonitor() as unknown as { mocks: pulumi.runtime.Mocks };
const sharedMocks = monitor.mocks;
monitor.mocks = {
  call: (args) => sharedMocks.call(args),
  newResource: async (args) => {
    const result = await sharedMocks.newResource(args);
    return args.type === T.cluster && args.inputs.securityGroupId === undefined
      ? { ...result, state: { ...result.state, securityGroupId: `${args.name}-sg-id` } }
      : result;
  },
};

const zones = [
  { zoneId: 'cn-hangzhou-h', nodeCidr: '10.0.0.0/20', podCidr: '10.100.0.0/16' },
  { zoneId: 'cn-hangzhou-i', nodeCidr: '10.1.0.0/20', podCidr: '10.101.0.0/16' },
];
const image = `registry.example.com/llm/qwen@sha256:${'b'.repeat(64)}`;
/** Node login: an ECS key pair name (the provider needs one per pool; managed pools take no password). */
const keyName = 'nodes';

test('composes network, cluster, pools, virtual nodes, Knative, observability, caches and the fleet', async () => {
  // GIVEN
  const { ServingPlatform } = await import('../../lib/deploy/serving-platform');
  const contexts: unknown[] = [];
  const started = Date.now();
  // WHEN
  const platform = new ServingPlatform('prod', {
    network: { zones },
    cluster: { version: '1.35.2-aliyun.1' },
    steadyNodePool: { keyName },
    gpuNodePool: { instanceTypes: ['ecs.gn7i-c8g1.2xlarge'], maxSize: 6, keyName },
    imageCaches: [{ imageCacheName: 'qwen', images: [image], sizeGiB: 100 }],
    kubernetes: {
      build: (app: App, context) => {
        contexts.push(context);
        buildSample(app);
      },
    },
  });
  await settle();
  const elapsedMs = Date.now() - started;
  // THEN
  const count = (type: string) => created.filter((r) => r.type === type).length;
  expect({
    vpc: count(T.vpc),
    vswitches: count(T.vswitch),
    securityGroups: count(T.securityGroup),
    snat: count(T.snat),
    clusters: count(T.cluster),
    nodePools: count(T.nodePool),
    addons: count(T.addon),
    caches: count(T.imageCache),
    providers: count(T.k8sProvider),
    groups: count(T.configGroup),
    patches: count(T.configMapPatch),
  }).toEqual({
    vpc: 1,
    vswitches: 4,
    securityGroups: 0,
    snat: 4,
    clusters: 1,
    nodePools: 2,
    addons: 6,
    caches: 1,
    providers: 1,
    groups: 3,
    patches: 3,
  });
  expect(contexts).toEqual([
    { gateway: 'alb', ingressClass: 'alb.ingress.networking.knative.dev', distribution: 'ack' },
  ]);

  // the cluster gets the network's vSwitches and the version; ACK creates its enterprise security
  // group (the network makes none) and makes no NAT of its own
  const clusterInputs = inputsOf(T.cluster)['prod-cluster-ack'];
  expect(clusterInputs).toMatchObject({
    vswitchIds: ['prod-network-node-cn-hangzhou-h-id', 'prod-network-node-cn-hangzhou-i-id'],
    podVswitchIds: ['prod-network-pod-cn-hangzhou-h-id', 'prod-network-pod-cn-hangzhou-i-id'],
    version: '1.35.2-aliyun.1',
    isEnterpriseSecurityGroup: true,
    newNatGateway: false,
  });
  expect(clusterInputs).not.toHaveProperty('securityGroupId');
  // both pools log in with the key pair
  expect(inputsOf(T.nodePool)['prod-steady-pool']).toMatchObject({
    clusterId: 'prod-cluster-ack-id',
    keyName,
  });
  expect(inputsOf(T.nodePool)['prod-gpu-pool']).toMatchObject({
    clusterId: 'prod-cluster-ack-id',
    keyName,
    scalingConfig: { maxSize: 6 },
  });
  // the GPU pool autoscales, so it looks up the autoscaler's RAM role first
  expect(calls.filter((c) => c.token === 'alicloud:ram/getRoles:getRoles')).toEqual([
    expect.objectContaining({
      inputs: expect.objectContaining({ nameRegex: '^AliyunCSManagedAutoScalerRole$' }),
    }),
  ]);
  // the image cache goes in the security group ACK created with the cluster
  expect(inputsOf(T.imageCache)['prod-imc-qwen-cache']).toMatchObject({
    securityGroupId: 'prod-cluster-ack-sg-id',
    vswitchId: 'prod-network-node-cn-hangzhou-h-id',
  });
  expect(registration(T.imageCache, 'prod-imc-qwen-cache').dependencies).toContain(
    urnOf({ type: T.cluster, name: 'prod-cluster-ack' }),
  );

  // addons that run pods wait for the steady pool; Knative waits for virtual nodes too
  const steady = urnOf({ type: T.nodePool, name: 'prod-steady-pool' });
  expect(registration(T.addon, 'prod-eci-addon').dependencies).toContain(steady);
  expect(registration(T.addon, 'prod-knative-knative').dependencies).toEqual(
    expect.arrayContaining([
      steady,
      urnOf({ type: T.addon, name: 'prod-eci-addon' }),
      urnOf({ type: T.addon, name: 'prod-knative-alb-controller' }),
    ]),
  );
  expect(registration(T.addon, 'prod-observability-prometheus').dependencies).toContain(steady);

  // the fleet's Knative objects wait for the Knative addon and the config-network patch with the ALB class
  expect(registration(T.configGroup, 'prod-release-knative').dependencies).toEqual(
    expect.arrayContaining([
      urnOf({ type: T.addon, name: 'prod-knative-knative' }),
      urnOf({ type: T.configMapPatch, name: 'prod-release-knative-serving-config-network' }),
    ]),
  );
  expect(inputsOf(T.configMapPatch)['prod-release-knative-serving-config-network'].data).toEqual({
    'ingress.class': 'alb.ingress.networking.knative.dev',
  });
  // the ALB is created in the node vSwitches: the Knative addon patches only that key, once installed
  expect(inputsOf(T.configMapPatch)['prod-knative-config-network-alb'].data).toEqual({
    'vswitch-ids': 'prod-network-node-cn-hangzhou-h-id,prod-network-node-cn-hangzhou-i-id',
  });
  expect(registration(T.configMapPatch, 'prod-knative-config-network-alb').dependencies).toContain(
    urnOf({ type: T.addon, name: 'prod-knative-knative' }),
  );
  expect(
    inputsOf(T.configGroup)['prod-release-knative'].objs.map(
      (o: any) => `${o.kind}/${o.metadata.name}`,
    ),
  ).toEqual(['Service/credit-score']);

  // Kubernetes objects go through the cluster's provider, whose kubeconfig is secret
  expect(registration(T.configGroup, 'prod-release-knative').provider).toMatch(
    /pulumi:providers:kubernetes::prod-cluster-k8s::/,
  );
  expect(isSecretValue(registration(T.k8sProvider, 'prod-cluster-k8s').rawInputs.kubeconfig)).toBe(
    true,
  );

  // every component sits under the platform
  const parent = urnOf({ type: 'ack-serving:deploy:ServingPlatform', name: 'prod' });
  for (const [type, name] of [
    ['ack-serving:cloud:AckNetwork', 'prod-network'],
    ['ack-serving:cloud:AckCluster', 'prod-cluster'],
    ['ack-serving:cloud:SteadyNodePool', 'prod-steady'],
    ['ack-serving:cloud:GpuNodePool', 'prod-gpu'],
    ['ack-serving:cloud:VirtualNodes', 'prod-eci'],
    ['ack-serving:cloud:KnativeAddon', 'prod-knative'],
    ['ack-serving:cloud:Observability', 'prod-observability'],
    ['ack-serving:cloud:ModelImageCache', 'prod-imc-qwen'],
    ['ack-serving:deploy:ChartRelease', 'prod-release'],
  ]) {
    expect(registration(type, name).parent).toBe(parent);
  }

  // outputs
  expect(await promiseOf(platform.clusterId!)).toBe('prod-cluster-ack-id');
  expect(await promiseOf(platform.vpcId!)).toBe('prod-network-vpc-id');
  expect(await promiseOf(platform.vswitchIds!)).toHaveLength(2);
  expect(platform.ingressClass).toBe('alb.ingress.networking.knative.dev');
  console.log(
    `ServingPlatform mock run: ${created.length} resources, ${calls.length} invokes, ${elapsedMs} ms`,
  );
});

test('deploys onto an existing cluster with Kourier and no cloud resources', async () => {
  // GIVEN
  const { ServingPlatform } = await import('../../lib/deploy/serving-platform');
  // WHEN
  const platform = new ServingPlatform('dev', {
    existingCluster: { kubeconfig: 'apiVersion: v1\nkind: Config\n# dev' },
    kubernetes: { build: (app: App) => void buildSample(app) },
  });
  await settle();
  // THEN
  expect(created.filter((r) => r.type.startsWith('alicloud:'))).toEqual([]);
  expect(calls).toEqual([]);
  expect(isSecretValue(registration(T.k8sProvider, 'dev-k8s').rawInputs.kubeconfig)).toBe(true);
  expect(inputsOf(T.configMapPatch)['dev-release-knative-serving-config-network'].data).toEqual({
    'ingress.class': 'kourier.ingress.networking.knative.dev',
  });
  expect(platform.context).toEqual({
    gateway: 'kourier',
    ingressClass: 'kourier.ingress.networking.knative.dev',
    distribution: 'upstream',
  });
  expect(platform.clusterId).toBeUndefined();
});

test('throws every problem at once, with argument paths, before creating anything', async () => {
  // GIVEN
  const { ServingPlatform } = await import('../../lib/deploy/serving-platform');
  // WHEN / THEN
  expect(
    () =>
      new ServingPlatform('prod', {
        network: { zones: [zones[0]] },
        cluster: { serviceCidr: '10.96.0.0/16' },
        steadyNodePool: { keyName },
        gpuNodePool: { instanceTypes: ['ecs.g7.2xlarge'], keyName },
        imageCaches: [{ imageCacheName: 'qwen', images: [] }],
        kubernetes: { build: (app: App) => void buildSample(app) },
      }),
  ).toThrow(
    [
      "invalid arguments for ServingPlatform 'prod':",
      "network.zones: 1 zone(s) given; ACK Pro needs vSwitches in at least 2 zones: add zones with a nodeCidr and a podCidr each, or set 'existing'",
      "cluster.serviceCidr: service CIDR '10.96.0.0/16' overlaps the VPC CIDR '10.0.0.0/8'; pick a private range outside the VPC, such as '192.168.0.0/16'",
      "gpuNodePool.instanceTypes[0]: instance type 'ecs.g7.2xlarge' is not a GPU type; use an ecs.gn* family such as 'ecs.gn7i-c8g1.2xlarge'",
      'knative.gateway: the ALB gateway needs vSwitches in at least 2 zones, got 1; add a zone or choose another gateway',
      'imageCaches[0].images: images is empty; list the model images to cache',
    ].join('\n'),
  );
  await settle();
  expect(created).toEqual([]);
});

test('throws when cloud arguments come with an existing cluster, or no network is given', async () => {
  const { ServingPlatform } = await import('../../lib/deploy/serving-platform');
  const kubernetes = { build: (app: App) => void buildSample(app) };
  expect(
    () =>
      new ServingPlatform('dev', {
        existingCluster: { kubeconfig: 'k' },
        network: { zones },
        virtualNodes: false,
        kubernetes,
      }),
  ).toThrow(
    "invalid arguments for ServingPlatform 'dev':\nnetwork: 'network' is set with 'existingCluster', which deploys onto a cluster you already have; remove 'network' or 'existingCluster'",
  );
  expect(() => new ServingPlatform('prod', { kubernetes })).toThrow(
    "invalid arguments for ServingPlatform 'prod':\nnetwork: network is required to build a cluster: give 'zones' for a new VPC or 'existing' ids, or set 'existingCluster'",
  );
});

test('throws when the charts set another ingress class than the gateway', async () => {
  const { ServingPlatform } = await import('../../lib/deploy/serving-platform');
  const { ApiObject, Chart } = await import('cdk8s');
  expect(
    () =>
      new ServingPlatform('dev', {
        existingCluster: { kubeconfig: 'k' },
        kubernetes: {
          build: (app: App) => {
            const chart = new Chart(app, 'settings');
            new ApiObject(chart, 'net', {
              apiVersion: 'v1',
              kind: 'ConfigMap',
              metadata: {
                name: 'config-network',
                namespace: 'knative-serving',
                annotations: { 'ack-serving.io/ownership': 'partial' },
              },
              data: { 'ingress.class': 'istio.ingress.networking.knative.dev' },
            });
          },
        },
      }),
  ).toThrow(
    "invalid arguments for ServingPlatform 'dev':\nkubernetes.configMapData[\"knative-serving/config-network\"].ingress.class: the charts set 'ingress.class' of ConfigMap 'knative-serving/config-network' to 'istio.ingress.networking.knative.dev' but the platform needs 'kourier.ingress.networking.knative.dev'; remove the key from the charts or change the gateway",
  );
});

test('throws when the cluster cannot run ACK Knative', async () => {
  // GIVEN a minor version the caller says ACK still lists (so only Knative's own needs speak)
  const { ServingPlatform } = await import('../../lib/deploy/serving-platform');
  expect(
    () =>
      new ServingPlatform('prod', {
        network: { zones },
        cluster: { version: '1.26.3-aliyun.1', supportedMinorVersions: ['1.26'] },
        steadyNodePool: { size: 2, keyName },
        kubernetes: { build: (app: App) => void buildSample(app) },
      }),
  ).toThrow(
    [
      "invalid arguments for ServingPlatform 'prod':",
      'steadyNodePool.size: ACK Knative needs at least 3 worker nodes, the steady pool has 2; set size to 3 or more',
      "cluster.version: ACK Knative needs Kubernetes 1.28 or later, got '1.26.3-aliyun.1'; choose a newer version",
    ].join('\n'),
  );
});

test('throws on a Kubernetes version ACK no longer creates clusters on, listing the ones it does', async () => {
  const { ServingPlatform } = await import('../../lib/deploy/serving-platform');
  const args = {
    network: { zones },
    steadyNodePool: { keyName },
    kubernetes: { build: (app: App) => void buildSample(app) },
  };
  const supported =
    "pick one of those, leave it unset for ACK's newest, or set supportedMinorVersions if cs.getKubernetesVersion lists it";
  // new enough for Knative, but past the minor versions ACK creates clusters on
  expect(
    () => new ServingPlatform('prod', { ...args, cluster: { version: '1.31.1-aliyun.1' } }),
  ).toThrow(
    [
      "invalid arguments for ServingPlatform 'prod':",
      `cluster.version: version '1.31.1-aliyun.1' is not one ACK creates clusters on (as of 2026-12-02: 1.36.x-aliyun.n, 1.35.x-aliyun.n); ${supported}`,
    ].join('\n'),
  );
  // too old for both: each rule says so
  expect(
    () => new ServingPlatform('prod', { ...args, cluster: { version: '1.26.3-aliyun.1' } }),
  ).toThrow(
    [
      "invalid arguments for ServingPlatform 'prod':",
      `cluster.version: version '1.26.3-aliyun.1' is not one ACK creates clusters on (as of 2026-12-02: 1.36.x-aliyun.n, 1.35.x-aliyun.n); ${supported}`,
      "cluster.version: ACK Knative needs Kubernetes 1.28 or later, got '1.26.3-aliyun.1'; choose a newer version",
    ].join('\n'),
  );
});

test('throws when a node pool has no login or two, and sends a GPU pool password as a secret', async () => {
  const { ServingPlatform } = await import('../../lib/deploy/serving-platform');
  const args = {
    network: { zones },
    kubernetes: { build: (app: App) => void buildSample(app) },
  };
  const gpu = { instanceTypes: ['ecs.gn7i-c8g1.2xlarge'] };
  expect(
    () =>
      new ServingPlatform('prod', {
        ...args,
        gpuNodePool: { ...gpu, keyName, password: 'Plan-only-9x' },
      }),
  ).toThrow(
    [
      "invalid arguments for ServingPlatform 'prod':",
      "steadyNodePool.keyName: no node login is set; give 'keyName' (an ECS key pair in the region): the provider needs one",
      "gpuNodePool.password: 'keyName' and 'password' are both set; the provider takes one of them: remove one",
    ].join('\n'),
  );
  // the unmanaged GPU pool may log in with a password instead; it never travels in plain text
  new ServingPlatform('prod', {
    ...args,
    steadyNodePool: { keyName },
    gpuNodePool: { ...gpu, password: 'Plan-only-9x' },
  });
  await settle();
  expect(registration(T.nodePool, 'prod-steady-pool').rawInputs.keyName).toBe(keyName);
  expect(registration(T.nodePool, 'prod-gpu-pool').rawInputs).not.toHaveProperty('keyName');
  expect(isSecretValue(registration(T.nodePool, 'prod-gpu-pool').rawInputs.password)).toBe(true);
});

test('the resource tree of a full platform (snapshot), and how long a warm mock run takes', async () => {
  // GIVEN modules already loaded by the tests above
  const { ServingPlatform } = await import('../../lib/deploy/serving-platform');
  const started = Date.now();
  // WHEN
  new ServingPlatform('prod', {
    network: { zones },
    steadyNodePool: { keyName },
    gpuNodePool: { instanceTypes: ['ecs.gn7i-c8g1.2xlarge'], keyName },
    kubernetes: { build: (app: App) => void buildSample(app) },
  });
  await settle();
  const elapsedMs = Date.now() - started;
  // THEN
  const { registrations } = await import('../cloud/harness');
  const tree = registrations
    .map((r) => `${r.parent ? (r.parent.split('::')[3] ?? '') : '(stack)'} > ${r.type}::${r.name}`)
    .sort();
  expect(tree).toMatchSnapshot();
  console.log(
    `warm ServingPlatform mock run: ${registrations.length} resources in ${elapsedMs} ms (includes ~80 ms of settle polling)`,
  );
});

test('deploys a real ModelFleet: every synthesized object reaches a ConfigGroup or a patch', async () => {
  // GIVEN a fleet from the example catalog, with the platform's ingress class in its settings
  const { ServingPlatform } = await import('../../lib/deploy/serving-platform');
  const { ModelFleet } = await import('../../lib/models/model-fleet');
  const { FleetObservability } = await import('../../lib/observability/fleet-observability');
  const catalog = `${__dirname}/../../examples/credit-risk-fleet/catalog.yaml`;
  const synthesized: any[] = [];
  // WHEN
  new ServingPlatform('dev', {
    existingCluster: {
      kubeconfig: 'k',
      gateway: (await import('../../lib/cloud/knative-addon')).KnativeGateway.kourier(),
    },
    kubernetes: {
      build: (app: App, context) => {
        const fleet = ModelFleet.fromFile(app, 'fleet', catalog, {
          servingSettings: { network: { ingressClass: context.ingressClass } },
        });
        // as the platform would add it (it adds none to a fleet that has one)
        new FleetObservability(fleet);
        synthesized.push(...app.charts.flatMap((c) => c.toJson()));
      },
    },
  });
  await settle();
  // THEN
  const key = (o: any) =>
    `${o.apiVersion}/${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;
  const groups = inputsOf(T.configGroup);
  const deployed = Object.values(groups).flatMap((g: any) => g.objs);
  const patches = Object.values(inputsOf(T.configMapPatch)) as any[];
  const partial = synthesized.filter(
    (o) => o.metadata.annotations?.['ack-serving.io/ownership'] === 'partial',
  );
  expect(partial.length).toBeGreaterThan(0);
  expect(deployed.map(key).sort()).toEqual(
    synthesized
      .filter((o) => !partial.includes(o))
      .map(key)
      .sort(),
  );
  for (const o of deployed) expect(o).toEqual(synthesized.find((s) => key(s) === key(o)));
  for (const cm of partial) {
    const patch = patches.find(
      (p) => p.metadata.name === cm.metadata.name && p.metadata.namespace === cm.metadata.namespace,
    );
    expect(patch?.data).toEqual(
      cm.metadata.name === 'config-network'
        ? { ...cm.data, 'ingress.class': 'kourier.ingress.networking.knative.dev' }
        : cm.data,
    );
  }
  expect(
    groups['dev-release-knative'].objs.every((o: any) => o.apiVersion.includes('knative.dev')),
  ).toBe(true);
});

test('deploys each fleet’s PrometheusRules and dashboards by default; fleetObservability: false leaves them out', async () => {
  const { ServingPlatform } = await import('../../lib/deploy/serving-platform');
  const { ModelFleet } = await import('../../lib/models/model-fleet');
  const { KnativeGateway } = await import('../../lib/cloud/knative-addon');
  const catalog = `${__dirname}/../../examples/credit-risk-fleet/catalog.yaml`;
  const kinds = async (name: string, fleetObservability?: false) => {
    created.length = 0;
    new ServingPlatform(name, {
      existingCluster: { kubeconfig: 'k', gateway: KnativeGateway.kourier() },
      kubernetes: { build: (app: App) => void ModelFleet.fromFile(app, 'fleet', catalog) },
      ...(fleetObservability === false ? { fleetObservability } : {}),
    });
    await settle();
    return Object.values(inputsOf(T.configGroup))
      .flatMap((g: any) => g.objs)
      .filter((o: any) => o.kind === 'PrometheusRule' || o.metadata.labels?.grafana_dashboard)
      .map((o: any) => `${o.kind}/${o.metadata.name}`);
  };
  expect(await kinds('with')).toEqual(
    expect.arrayContaining(['PrometheusRule/credit-score', 'ConfigMap/ack-serving-dashboard-risk']),
  );
  expect(await kinds('without', false)).toEqual([]);
});

test('reports argument problems and the fleet’s own problems in one error', async () => {
  const { ServingPlatform } = await import('../../lib/deploy/serving-platform');
  const { ValidationError } = await import('../../lib/validation');
  const { KnativeGateway } = await import('../../lib/cloud/knative-addon');
  expect(
    () =>
      new ServingPlatform('prod', {
        network: { zones: [zones[0]] },
        steadyNodePool: { keyName },
        knative: {
          gateway: KnativeGateway.kourier(),
        },
        kubernetes: {
          build: () => {
            throw new ValidationError([
              { path: 'models[0].versions', message: 'traffic must sum to 100, got 90' },
            ]);
          },
        },
      }),
  ).toThrow(
    [
      "invalid arguments for ServingPlatform 'prod':",
      "network.zones: 1 zone(s) given; ACK Pro needs vSwitches in at least 2 zones: add zones with a nodeCidr and a podCidr each, or set 'existing'",
      'models[0].versions: traffic must sum to 100, got 90',
    ].join('\n'),
  );
});

test('builds a cluster in an existing VPC', async () => {
  // GIVEN
  const { ServingPlatform } = await import('../../lib/deploy/serving-platform');
  const existing = {
    vpcId: 'vpc-1',
    nodeVswitchIds: ['vsw-a', 'vsw-b'],
    podVswitchIds: ['vsw-c', 'vsw-d'],
    securityGroupId: 'sg-1',
    zoneIds: ['cn-hangzhou-h', 'cn-hangzhou-i'],
    vpcCidr: '172.16.0.0/12',
  };
  // WHEN
  new ServingPlatform('prod', {
    network: { existing },
    cluster: { serviceCidr: '192.168.0.0/16' },
    steadyNodePool: { keyName },
    virtualNodes: false,
    observability: false,
    kubernetes: { build: (app: App) => void buildSample(app) },
  });
  await settle();
  // THEN no network resources, the cluster in the given vSwitches
  expect(
    created.filter((r) => r.type.startsWith('alicloud:vpc') || r.type.startsWith('alicloud:ecs')),
  ).toEqual([]);
  // the adopted network's security group is used as it is; ACK creates none
  expect(inputsOf(T.cluster)['prod-cluster-ack']).toMatchObject({
    vswitchIds: ['vsw-a', 'vsw-b'],
    podVswitchIds: ['vsw-c', 'vsw-d'],
    securityGroupId: 'sg-1',
  });
  expect(inputsOf(T.cluster)['prod-cluster-ack']).not.toHaveProperty('isEnterpriseSecurityGroup');
  expect(Object.keys(inputsOf(T.addon)).sort()).toEqual([
    'prod-knative-alb-controller',
    'prod-knative-knative',
  ]);
});

test('throws when an existing VPC has one zone for ALB or its CIDR holds the service CIDR', async () => {
  const { ServingPlatform } = await import('../../lib/deploy/serving-platform');
  expect(
    () =>
      new ServingPlatform('prod', {
        network: {
          existing: {
            vpcId: 'vpc-1',
            nodeVswitchIds: ['vsw-a'],
            podVswitchIds: ['vsw-c'],
            zoneIds: ['cn-hangzhou-h'],
            vpcCidr: '192.168.0.0/16',
          },
        },
        steadyNodePool: { keyName },
        kubernetes: { build: (app: App) => void buildSample(app) },
      }),
  ).toThrow(
    [
      "invalid arguments for ServingPlatform 'prod':",
      "cluster.serviceCidr: service CIDR '192.168.0.0/16' overlaps the VPC CIDR '192.168.0.0/16'; pick a private range outside the VPC, such as '172.16.0.0/16'",
      'knative.gateway: the ALB gateway needs vSwitches in at least 2 zones, got 1; add a zone or choose another gateway',
    ].join('\n'),
  );
});

test('throws before creating anything when an adopted security group comes with enterpriseSecurityGroup', async () => {
  // GIVEN an existing network with its own security group, which the cluster is given
  const { ServingPlatform } = await import('../../lib/deploy/serving-platform');
  // WHEN / THEN the choice of the group ACK would create conflicts with it
  expect(
    () =>
      new ServingPlatform('prod', {
        network: {
          existing: {
            vpcId: 'vpc-1',
            nodeVswitchIds: ['vsw-a', 'vsw-b'],
            podVswitchIds: ['vsw-c', 'vsw-d'],
            securityGroupId: 'sg-1',
            zoneIds: ['cn-hangzhou-h', 'cn-hangzhou-i'],
            vpcCidr: '172.16.0.0/12',
          },
        },
        cluster: { enterpriseSecurityGroup: true },
        steadyNodePool: { keyName },
        kubernetes: { build: (app: App) => void buildSample(app) },
      }),
  ).toThrow(
    "invalid arguments for ServingPlatform 'prod':\ncluster.enterpriseSecurityGroup: enterpriseSecurityGroup is set together with securityGroupId; it only chooses the type of the group ACK creates: remove one of them",
  );
  await settle();
  expect(created).toEqual([]);
});
