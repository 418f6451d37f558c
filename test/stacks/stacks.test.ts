import { join } from 'node:path';
import { created, calls } from '../mocks';
import {
  inputsOf,
  isSecretValue,
  registration,
  resetAll,
  setRecordingMocks,
  settle,
  T,
} from '../cloud/harness';

setRecordingMocks(); // before the modules under test are imported
beforeEach(resetAll);

const catalog = join(__dirname, '..', '..', 'examples', 'credit-risk-fleet', 'catalog.yaml');
const zones = [
  { zoneId: 'cn-hangzhou-h', nodeCidr: '10.0.0.0/20', podCidr: '10.100.0.0/16' },
  { zoneId: 'cn-hangzhou-i', nodeCidr: '10.1.0.0/20', podCidr: '10.101.0.0/16' },
];
const scoring = {
  model: 'batch-scoring',
  accountId: '1234567890123456',
  bucket: 'loan-files',
  keyPrefix: 'uploads/',
  host: 'events.example.com',
  deadLetterUri: 'https://dead-letters.models.example.com/scoring',
};

describe('parseStackConfig', () => {
  test('reads typed YAML values and JSON text from the engine alike', async () => {
    // GIVEN
    const { parseStackConfig } = await import('../../stacks/config');
    // WHEN
    const fromYaml = parseStackConfig({
      'ack-serving:environment': 'prod',
      'alicloud:region': 'cn-hangzhou',
      'ack-serving:zones': zones,
      'ack-serving:nodeKeyName': 'nodes',
      'ack-serving:gpuPool': { instanceTypes: ['ecs.gn7i-c8g1.2xlarge'], maxSize: 4 },
      'kubernetes:context': 'ignored',
    });
    const fromEngine = parseStackConfig({
      'ack-serving:environment': 'prod',
      'alicloud:region': 'cn-hangzhou',
      'ack-serving:zones': JSON.stringify(zones),
      'ack-serving:nodeKeyName': 'nodes',
      'ack-serving:gpuPool': '{"instanceTypes":["ecs.gn7i-c8g1.2xlarge"],"maxSize":4}',
    });
    // THEN
    expect(fromEngine).toEqual(fromYaml);
    expect(fromYaml).toMatchObject({
      environment: 'prod',
      catalog: 'examples/credit-risk-fleet/catalog.yaml',
      zones,
    });
  });

  test('throws every problem at once with config keys as paths', async () => {
    const { parseStackConfig } = await import('../../stacks/config');
    expect(() =>
      parseStackConfig({
        'ack-serving:environment': 'prod',
        'ack-serving:zones': '[not json',
        'ack-serving:kubeconfig': 'apiVersion: v1',
        'ack-serving:eventDrivenScoring': { ...scoring, bucket: 'Loan_Files', deadLetterUri: 'x' },
      }),
    ).toThrow(
      [
        "ack-serving:zones: '[not json' is not valid JSON or YAML structure",
        'ack-serving:kubeconfig: is not used by the prod environment; remove it (it belongs to dev)',
        'alicloud:region: missing; the prod environment needs it',
        'ack-serving:zones: missing; list at least 2 zones, each with zoneId, nodeCidr and podCidr',
        'ack-serving:nodeKeyName: missing; set the name of an ECS key pair in the region for node login (or a secret ack-serving:nodePassword): the provider needs one',
        "ack-serving:eventDrivenScoring.bucket: 'Loan_Files' is not an OSS bucket name; use 3-63 lowercase letters, digits and hyphens",
        "ack-serving:eventDrivenScoring.deadLetterUri: 'x' is not an absolute http(s) URI; use one such as 'https://dead-letters.example.com'",
      ].join('\n'),
    );
  });

  test('throws when the environment is missing or the dev kubeconfig is not set', async () => {
    const { parseStackConfig } = await import('../../stacks/config');
    expect(() => parseStackConfig({})).toThrow(
      "ack-serving:environment: missing; set it to 'prod' (a new ACK environment) or 'dev' (an existing cluster)",
    );
    expect(() => parseStackConfig({ 'ack-serving:environment': 'staging' })).toThrow(
      "ack-serving:environment: 'staging' is not an environment; use 'prod' or 'dev'",
    );
    expect(() =>
      parseStackConfig({ 'ack-serving:environment': 'dev', 'ack-serving:zones': zones }),
    ).toThrow(
      [
        'ack-serving:zones: is not used by the dev environment; remove it (it belongs to prod)',
        "ack-serving:kubeconfig: missing; set it with 'pulumi config set --secret ack-serving:kubeconfig < kubeconfig.yaml' or point KUBECONFIG at the cluster's kubeconfig file",
      ].join('\n'),
    );
  });
});

test('prodStack builds the ACK environment, the fleet and the event-driven scoring example', async () => {
  // GIVEN
  const { prodStack } = await import('../../stacks/prod');
  // WHEN
  const stack = prodStack({
    environment: 'prod',
    region: 'cn-hangzhou',
    zones,
    catalog,
    nodeKeyName: 'nodes',
    gpuPool: { instanceTypes: ['ecs.gn7i-c8g1.2xlarge'], maxSize: 4 },
    eventDrivenScoring: scoring,
  });
  await settle();
  // THEN
  expect(created.filter((r) => r.type === T.cluster)).toHaveLength(1);
  expect(created.filter((r) => r.type === T.nodePool)).toHaveLength(2);
  expect(stack.platform.context).toEqual({
    gateway: 'alb',
    ingressClass: 'alb.ingress.networking.knative.dev',
    distribution: 'ack',
  });
  const knative = inputsOf(T.configGroup)['prod-release-knative'].objs.map(
    (o: any) => `${o.kind}/${o.metadata.name}`,
  );
  expect(knative).toEqual(
    expect.arrayContaining([
      'Route/batch-scoring',
      'Broker/scoring-events',
      'PingSource/nightly-rescore',
    ]),
  );
  const ingress = inputsOf(T.configGroup)['prod-release-workloads'].objs.find(
    (o: any) => o.kind === 'Ingress',
  );
  expect(ingress.metadata).toEqual({
    name: 'scoring-events-gateway',
    namespace: 'knative-eventing',
  });
  expect(ingress.spec.ingressClassName).toBe('alb');
  expect(ingress.spec.rules[0].host).toBe('events.example.com');
  // the EventBridge rule posts to the Broker on the gateway, once the release is deployed
  const rule = created.find((r) => r.type === 'alicloud:eventbridge/rule:Rule');
  expect(rule?.inputs.targets[0].endpoint).toBe('https://events.example.com/models/scoring-events');
  expect(JSON.parse(rule?.inputs.filterPattern).subject).toEqual([
    { prefix: 'acs:oss:cn-hangzhou:1234567890123456:loan-files/uploads/' },
  ]);
  expect(registration('ack-serving:cloud:EventBridgeToKnative', 'scoring').dependencies).toContain(
    'urn:pulumi:test::ack-serving::ack-serving:deploy:ChartRelease$kubernetes:yaml/v2:ConfigGroup::prod-release-knative',
  );
  expect(registration('alicloud:eventbridge/rule:Rule', 'scoring-rule').dependencies).toContain(
    'urn:pulumi:test::ack-serving::ack-serving:deploy:ChartRelease$kubernetes:yaml/v2:ConfigGroup::prod-release-knative',
  );
  expect(calls.map((c) => c.token).sort()).toEqual([
    'alicloud:cs/getClusterCredential:getClusterCredential',
    'alicloud:ram/getRoles:getRoles',
  ]);
  // both pools log in with the key pair; the GPU pool checks the autoscaler's RAM role
  for (const pool of Object.values(inputsOf(T.nodePool))) expect(pool.keyName).toBe('nodes');
  // Eventing is installed (ACK's knative addon is Serving only), and the release waits for it
  expect(Object.keys(inputsOf('kubernetes:yaml/v2:ConfigFile')).sort()).toEqual([
    'prod-eventing-eventing-core',
    'prod-eventing-eventing-crds',
    'prod-eventing-in-memory-channel',
    'prod-eventing-mt-channel-broker',
  ]);
  for (const group of ['prod-release-knative', 'prod-release-workloads']) {
    expect(registration(T.configGroup, group).dependencies).toEqual(
      expect.arrayContaining([
        'urn:pulumi:test::ack-serving::ack-serving:cloud:KnativeEventing$kubernetes:yaml/v2:ConfigFile::prod-eventing-mt-channel-broker',
      ]),
    );
  }
  // the cluster waits until the VPC reaches the internet, and ACK makes its security group
  const cluster = registration(T.cluster, 'prod-cluster-ack');
  expect(cluster.dependencies).toEqual(
    expect.arrayContaining([
      'urn:pulumi:test::ack-serving::ack-serving:cloud:AckNetwork$alicloud:vpc/snatEntry:SnatEntry::prod-network-snat-pod-cn-hangzhou-i',
      'urn:pulumi:test::ack-serving::ack-serving:cloud:AckNetwork$alicloud:ecs/eipAssociation:EipAssociation::prod-network-nat-eip-assoc',
    ]),
  );
  expect(inputsOf(T.cluster)['prod-cluster-ack']).toMatchObject({
    isEnterpriseSecurityGroup: true,
    newNatGateway: false,
    deletionProtection: true,
  });
  expect(inputsOf(T.cluster)['prod-cluster-ack']).not.toHaveProperty('securityGroupId');
  // the ALB gets its vSwitches in config-network
  expect(inputsOf(T.configMapPatch)['prod-knative-config-network-alb'].data).toEqual({
    'vswitch-ids': 'prod-network-node-cn-hangzhou-h-id,prod-network-node-cn-hangzhou-i-id',
  });
});

test('prodStack reports a scoring model missing from the catalog under its config key', async () => {
  const { prodStack } = await import('../../stacks/prod');
  expect(() =>
    prodStack({
      environment: 'prod',
      region: 'cn-hangzhou',
      zones,
      catalog,
      nodeKeyName: 'nodes',
      eventDrivenScoring: { ...scoring, model: 'nightly-batch' },
    }),
  ).toThrow(
    `ack-serving:eventDrivenScoring.model: model 'nightly-batch' is not in the catalog ${catalog}; name one of credit-score, fraud-detect, limit-advisor, collections-priority, income-estimator, batch-scoring`,
  );
  await settle();
  expect(created).toEqual([]);
});

test('devStack deploys the same fleet with Kourier from a secret kubeconfig, and no cloud resources', async () => {
  // GIVEN
  const { devStack } = await import('../../stacks/dev');
  // WHEN
  const stack = devStack({
    environment: 'dev',
    catalog,
    kubeconfig: 'apiVersion: v1\nkind: Config\n# dev',
  });
  await settle();
  // THEN
  expect(created.filter((r) => r.type.startsWith('alicloud:'))).toEqual([]);
  expect(stack.eventBridge).toBeUndefined();
  expect(isSecretValue(registration(T.k8sProvider, 'dev-k8s').rawInputs.kubeconfig)).toBe(true);
  expect(inputsOf(T.configMapPatch)['dev-release-knative-serving-config-network'].data).toEqual({
    'ingress-class': 'kourier.ingress.networking.knative.dev',
    'ingress.class': 'kourier.ingress.networking.knative.dev',
  });
  expect(stack.platform.context.distribution).toBe('upstream');
  // a plain cluster has no CRD for ACK's ResourcePolicy: the ECS-then-ECI policies are left out;
  // the models' ServiceAccounts stay (their RRSA annotation is inert without ACK's webhook)
  const workloads = inputsOf(T.configGroup)['dev-release-workloads'].objs;
  expect(workloads.map((o: any) => `${o.kind}/${o.metadata.name}`)).toEqual([
    'ServiceAccount/credit-score',
    'ServiceAccount/batch-scoring',
  ]);
  expect(
    Object.values(inputsOf(T.configGroup)).flatMap((g: any) =>
      g.objs.filter((o: any) => o.apiVersion.includes('alibabacloud.com')),
    ),
  ).toEqual([]);
  const knativeObjs = inputsOf(T.configGroup)['dev-release-knative'].objs;
  const routes = knativeObjs
    .filter((o: any) => o.kind === 'Route')
    .map((o: any) => o.metadata.name);
  expect(routes).toEqual([
    'credit-score',
    'fraud-detect',
    'limit-advisor',
    'collections-priority',
    'income-estimator',
    'batch-scoring',
  ]);
});

test('the committed stack files hold no kubeconfig, key or password', async () => {
  const { readFileSync } = await import('node:fs');
  const YAML = await import('yaml');
  const root = join(__dirname, '..', '..');
  for (const file of ['Pulumi.yaml', 'Pulumi.prod.yaml', 'Pulumi.dev.yaml']) {
    const text = readFileSync(join(root, file), 'utf8');
    const config = YAML.parse(text).config ?? {};
    // (the name of an ECS key pair is not a key)
    expect(
      Object.keys(config)
        .filter((k) => k !== 'ack-serving:nodeKeyName')
        .filter((k) => /kubeconfig|key|password|secret/i.test(k)),
    ).toEqual([]);
    for (const marker of [
      'BEGIN',
      'client-key-data',
      'token:',
      'secure:',
      'AccessKey',
      'password',
    ]) {
      expect(text).not.toContain(marker);
    }
  }
});

test('prodStack: a secret node password logs in both pools, the steady pool unmanaged; deletion protection can be turned off', async () => {
  // GIVEN
  const pulumi = await import('@pulumi/pulumi');
  const { prodStack } = await import('../../stacks/prod');
  // WHEN
  prodStack({
    environment: 'prod',
    region: 'cn-hangzhou',
    zones,
    catalog,
    nodePassword: pulumi.secret('Plan-only-9x'),
    deletionProtection: false,
    gpuPool: { instanceTypes: ['ecs.gn7i-c8g1.2xlarge'], autoscalerRole: 'skip' },
  });
  await settle();
  // THEN
  for (const name of ['prod-steady-pool', 'prod-gpu-pool']) {
    expect(isSecretValue(registration(T.nodePool, name).rawInputs.password)).toBe(true);
  }
  expect(inputsOf(T.nodePool)['prod-steady-pool']).not.toHaveProperty('management');
  expect(inputsOf(T.cluster)['prod-cluster-ack'].deletionProtection).toBe(false);
  expect(calls.map((c) => c.token)).not.toContain('alicloud:ram/getRoles:getRoles');
});

test('parseStackConfig: acr takes a version and the addon config as an object', async () => {
  const { parseStackConfig } = await import('../../stacks/config');
  const prod = {
    'ack-serving:environment': 'prod',
    'alicloud:region': 'cn-hangzhou',
    'ack-serving:zones': zones,
    'ack-serving:nodeKeyName': 'nodes',
  };
  const config = { watchNamespace: 'models', serviceAccount: 'credit-score' };
  expect(
    parseStackConfig({ ...prod, 'ack-serving:acr': { version: 'v24.1', config } }),
  ).toMatchObject({ acr: { version: 'v24.1', config } });
  expect(parseStackConfig(prod)).not.toHaveProperty('acr');
  expect(() =>
    parseStackConfig({ ...prod, 'ack-serving:acr': { config: 'watchNamespace=models', tag: 1 } }),
  ).toThrow(
    [
      'ack-serving:acr.tag: unknown field; use version, config',
      "ack-serving:acr.config: 'watchNamespace=models' must be an object",
    ].join('\n'),
  );
});

test('parseStackConfig: one node login, deletion protection a boolean', async () => {
  const { parseStackConfig } = await import('../../stacks/config');
  const prod = {
    'ack-serving:environment': 'prod',
    'alicloud:region': 'cn-hangzhou',
    'ack-serving:zones': zones,
  };
  expect(() =>
    parseStackConfig({
      ...prod,
      'ack-serving:nodeKeyName': 'nodes',
      'ack-serving:nodePassword': 'Plan-only-9x',
      'ack-serving:deletionProtection': 1,
    }),
  ).toThrow(
    [
      'ack-serving:nodePassword: is set together with ack-serving:nodeKeyName; nodes take one login: remove one of them',
      'ack-serving:deletionProtection: 1 must be true or false',
    ].join('\n'),
  );
  expect(() =>
    parseStackConfig({ ...prod, 'ack-serving:nodePassword': { secure: 'AAABAx' } }),
  ).toThrow(
    'ack-serving:nodePassword: is still encrypted; the stack program must read it as a secret',
  );
});

test('parseStackConfig: ack-serving:eventing picks the installer, checked under its key', async () => {
  const { parseStackConfig } = await import('../../stacks/config');
  const prod = {
    'ack-serving:environment': 'prod',
    'alicloud:region': 'cn-hangzhou',
    'ack-serving:zones': zones,
    'ack-serving:nodeKeyName': 'nodes',
  };
  expect(
    parseStackConfig({
      ...prod,
      'ack-serving:eventing': '{"installer":"addon","addonName":"knative-eventing"}',
    }),
  ).toMatchObject({ eventing: { installer: 'addon', addonName: 'knative-eventing' } });
  expect(parseStackConfig({ ...prod, 'ack-serving:eventing': false })).toMatchObject({
    eventing: false,
  });
  expect(() =>
    parseStackConfig({ ...prod, 'ack-serving:eventing': { installer: 'helm' } }),
  ).toThrow(
    "ack-serving:eventing.installer: 'helm' is not an Eventing installer; use { installer: upstream } (Knative's release), { installer: addon, addonName: <ACK addon> } or false",
  );
  expect(() =>
    parseStackConfig({
      ...prod,
      'ack-serving:eventing': { installer: 'upstream', release: 'v0.50.0' },
    }),
  ).toThrow(
    "ack-serving:eventing.release: 'v0.50.0' is not a Knative release tag such as 'knative-v1.23.0'",
  );
});

test('prodStack installs Eventing as the config says: an ACK addon, or not at all', async () => {
  const { prodStack } = await import('../../stacks/prod');
  const base = {
    environment: 'prod' as const,
    region: 'cn-hangzhou',
    zones,
    catalog,
    nodeKeyName: 'nodes',
    eventDrivenScoring: scoring,
  };
  prodStack({ ...base, eventing: { installer: 'addon', addonName: 'knative-eventing' } });
  await settle();
  expect(inputsOf(T.addon)['prod-eventing-addon']).toMatchObject({ name: 'knative-eventing' });
  expect(inputsOf('kubernetes:yaml/v2:ConfigFile')).toEqual({});
  resetAll();
  prodStack({ ...base, eventing: false });
  await settle();
  expect(created.filter((r) => r.type === 'ack-serving:cloud:KnativeEventing')).toEqual([]);
});
