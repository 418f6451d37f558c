import { App } from 'cdk8s';
import { created, promiseOf } from '../mocks';
import {
  inputsOf,
  registration,
  registrations,
  resetAll,
  setRecordingMocks,
  settle,
  urnOf,
} from './harness';

setRecordingMocks(); // before the module under test is imported
beforeEach(resetAll);

const T = {
  role: 'alicloud:ram/role:Role',
  policy: 'alicloud:ram/policy:Policy',
  attachment: 'alicloud:ram/rolePolicyAttachment:RolePolicyAttachment',
  addon: 'alicloud:cs/kubernetesAddon:KubernetesAddon',
  identity: 'ack-serving:cloud:ModelIdentity',
};
const arn = 'acs:ram::1234567890123456:oidc-provider/ack-rrsa-c1';
const issuer = 'https://oidc-ack-cn-hangzhou.oss-cn-hangzhou.aliyuncs.com/c1';

test('the role trusts exactly one service account of the cluster, for STS, and gets its OSS policy', async () => {
  // GIVEN
  const { ModelIdentity } = await import('../../lib/cloud/model-identity');
  // WHEN
  const id = new ModelIdentity('credit-score', {
    roleName: 'ack-serving.models.credit-score',
    namespace: 'models',
    serviceAccount: 'credit-score',
    rrsa: { oidcProviderArn: arn, issuerUrl: issuer },
    oss: [
      { bucket: 'credit-risk-scratch', prefix: 'credit-score/', access: 'write' },
      { bucket: 'credit-risk-models', prefix: 'credit-score/', access: 'read' },
    ],
  });
  await promiseOf(id.roleArn);
  await settle();
  // THEN the trust policy, exactly
  const role = inputsOf(T.role)['credit-score-role'];
  expect(role.roleName).toBe('ack-serving.models.credit-score');
  expect(role.maxSessionDuration).toBe(3600);
  expect(role.assumeRolePolicyDocument).toBe(
    '{"Statement":[{"Action":"sts:AssumeRole","Condition":{"StringEquals":{"oidc:aud":"sts.aliyuncs.com",' +
      '"oidc:iss":"https://oidc-ack-cn-hangzhou.oss-cn-hangzhou.aliyuncs.com/c1",' +
      '"oidc:sub":"system:serviceaccount:models:credit-score"}},"Effect":"Allow",' +
      '"Principal":{"Federated":["acs:ram::1234567890123456:oidc-provider/ack-rrsa-c1"]}}],"Version":"1"}',
  );
  // the OSS policy: objects under the prefix, listing only under it; sorted by bucket
  const policy = inputsOf(T.policy)['credit-score-oss'];
  expect(policy.policyName).toBe('ack-serving-models-credit-score-oss');
  expect(JSON.parse(policy.policyDocument)).toEqual({
    Statement: [
      {
        Action: ['oss:GetObject'],
        Effect: 'Allow',
        Resource: ['acs:oss:*:*:credit-risk-models/credit-score/*'],
      },
      {
        Action: ['oss:ListObjects'],
        Condition: { StringLike: { 'oss:Prefix': ['credit-score/*'] } },
        Effect: 'Allow',
        Resource: ['acs:oss:*:*:credit-risk-models'],
      },
      {
        Action: ['oss:GetObject', 'oss:PutObject', 'oss:AbortMultipartUpload'],
        Effect: 'Allow',
        Resource: ['acs:oss:*:*:credit-risk-scratch/credit-score/*'],
      },
      {
        Action: ['oss:ListObjects'],
        Condition: { StringLike: { 'oss:Prefix': ['credit-score/*'] } },
        Effect: 'Allow',
        Resource: ['acs:oss:*:*:credit-risk-scratch'],
      },
    ],
    Version: '1',
  });
  expect(inputsOf(T.attachment)['credit-score-oss']).toEqual({
    roleName: 'ack-serving.models.credit-score',
    policyName: 'ack-serving-models-credit-score-oss',
    policyType: 'Custom',
  });
  // every child under the component
  const parent = urnOf(registration(T.identity, 'credit-score'));
  for (const [type, name] of [
    [T.role, 'credit-score-role'],
    [T.policy, 'credit-score-oss'],
    [T.attachment, 'credit-score-oss'],
  ])
    expect(registration(type, name).parent).toBe(parent);
});

test('a role without OSS access gets no policy', async () => {
  const { ModelIdentity } = await import('../../lib/cloud/model-identity');
  new ModelIdentity('plain', {
    roleName: 'r',
    namespace: 'models',
    serviceAccount: 'plain',
    rrsa: { oidcProviderArn: arn, issuerUrl: issuer },
  });
  await settle();
  expect(created.map((r) => r.type)).toEqual([T.identity, T.role]);
});

test('throws on a too wide grant and a session out of range, naming each path', async () => {
  const { ModelIdentity } = await import('../../lib/cloud/model-identity');
  expect(
    () =>
      new ModelIdentity('wide', {
        roleName: 'r',
        namespace: 'models',
        serviceAccount: 'wide',
        rrsa: { oidcProviderArn: arn, issuerUrl: issuer },
        oss: [{ bucket: 'models-*', access: 'read' }],
        maxSessionDuration: 60,
      }),
  ).toThrow(
    [
      "invalid arguments for ModelIdentity 'wide':",
      "oss[0].bucket: bucket 'models-*' is a pattern, which is too wide: the role could reach every matching bucket in the account; name one bucket, such as 'credit-risk-models'",
      "maxSessionDuration: maxSessionDuration 60 is outside RAM's 3600 to 43200 seconds; use a whole number in that range",
    ].join('\n'),
  );
});

const zones = [
  { zoneId: 'cn-hangzhou-h', nodeCidr: '10.0.0.0/20', podCidr: '10.100.0.0/16' },
  { zoneId: 'cn-hangzhou-i', nodeCidr: '10.1.0.0/20', podCidr: '10.101.0.0/16' },
];
const fleetCatalog = {
  namespace: 'models',
  models: [
    {
      name: 'credit-score',
      team: 'risk',
      identity: {
        oss: [{ bucket: 'credit-risk-models', prefix: 'credit-score/', access: 'read' }],
      },
      versions: [
        { name: 'v1', image: 'registry.example.com/risk/credit-score:1.0.0', traffic: 100 },
      ],
    },
  ],
};

test('ServingPlatform creates the role of each ServiceAccount the fleet renders, trusted by its cluster, and the webhook', async () => {
  // GIVEN
  const { ServingPlatform } = await import('../../lib/deploy/serving-platform');
  const { ModelFleet } = await import('../../lib/models/model-fleet');
  // WHEN
  const platform = new ServingPlatform('prod', {
    network: { zones },
    steadyNodePool: { keyName: 'nodes' },
    observability: false,
    acr: { config: { 'acr-registry-info': [{ instanceId: 'cri-example' }] } },
    kubernetes: {
      build: (app: App) => void new ModelFleet(app, 'fleet', { catalog: fleetCatalog }),
    },
  });
  await settle();
  // THEN one role, for models/credit-score, trusting the cluster's own OIDC provider
  expect(platform.identities).toHaveLength(1);
  const role = inputsOf(T.role)['prod-rrsa-models-credit-score-role'];
  expect(JSON.parse(role.assumeRolePolicyDocument)).toEqual({
    Statement: [
      {
        Action: 'sts:AssumeRole',
        Condition: {
          StringEquals: {
            'oidc:aud': 'sts.aliyuncs.com',
            'oidc:iss':
              'https://oidc-ack-cn-hangzhou.oss-cn-hangzhou.aliyuncs.com/prod-cluster-ack',
            'oidc:sub': 'system:serviceaccount:models:credit-score',
          },
        },
        Effect: 'Allow',
        Principal: {
          Federated: ['acs:ram::1234567890123456:oidc-provider/ack-rrsa-prod-cluster-ack'],
        },
      },
    ],
    Version: '1',
  });
  expect(role.roleName).toBe('ack-serving.models.credit-score');
  // the addons: ACK's pod identity webhook and the ACR credential helper
  const addons = inputsOf(T.addon);
  expect(addons['prod-pod-identity-addon']).toMatchObject({ name: 'ack-pod-identity-webhook' });
  expect(addons['prod-acr-addon']).toMatchObject({
    name: 'aliyun-acr-credential-helper',
    config: '{"acr-registry-info":[{"instanceId":"cri-example"}]}',
  });
  // the Kubernetes objects wait for the role and the webhook, so pods start with their token
  const deps = registrations
    .filter((r) => r.type === 'kubernetes:yaml/v2:ConfigGroup')
    .flatMap((r) => r.dependencies);
  for (const child of ['prod-rrsa-models-credit-score-role', 'prod-pod-identity-addon'])
    expect(deps.some((d) => d.endsWith(`::${child}`))).toBe(true);
});

test('fails when a model assumes a role but RRSA is turned off', async () => {
  const { ServingPlatform } = await import('../../lib/deploy/serving-platform');
  const { ModelFleet } = await import('../../lib/models/model-fleet');
  expect(
    () =>
      new ServingPlatform('prod', {
        network: { zones },
        cluster: { enableRrsa: false },
        steadyNodePool: { keyName: 'nodes' },
        kubernetes: {
          build: (app: App) => void new ModelFleet(app, 'fleet', { catalog: fleetCatalog }),
        },
      }),
  ).toThrow(
    "cluster.enableRrsa: enableRrsa is false, but service account 'models/credit-score' assumes a RAM role through RRSA; remove enableRrsa: false (RRSA cannot be turned off once on), or remove the models' identity",
  );
});

test('the Knative objects wait for the ServiceAccounts their pods run as', async () => {
  const { ServingPlatform } = await import('../../lib/deploy/serving-platform');
  const { ModelFleet } = await import('../../lib/models/model-fleet');
  new ServingPlatform('dev', {
    existingCluster: { kubeconfig: 'apiVersion: v1\nkind: Config\n' },
    kubernetes: {
      build: (app: App) => void new ModelFleet(app, 'fleet', { catalog: fleetCatalog }),
    },
  });
  await settle();
  const knative = registration('kubernetes:yaml/v2:ConfigGroup', 'dev-release-knative');
  expect(knative.dependencies).toContain(
    urnOf(registration('kubernetes:yaml/v2:ConfigGroup', 'dev-release-workloads')),
  );
  // no cloud side without the cluster's RRSA provider
  expect(created.filter((r) => r.type.startsWith('alicloud:'))).toEqual([]);
});
