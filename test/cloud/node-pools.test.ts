import { GPU_POOL, GPU_TAINT, POOL_LABEL_KEY, STEADY_POOL } from '../../lib/ack/node-labels';
import { created } from '../mocks';
import { inputsOf, registration, resetAll, setRecordingMocks, settle, T, urnOf } from './harness';

setRecordingMocks(); // before the module under test is imported

const common = { clusterId: 'c-1', vswitchIds: ['vsw-a', 'vsw-b'], keyName: 'nodes' };

beforeEach(resetAll);

test('the steady pool is a fixed-size subscription pool labelled for placement', async () => {
  // GIVEN
  const { SteadyNodePool } = await import('../../lib/cloud/node-pools');
  // WHEN
  new SteadyNodePool('steady', { ...common, labels: { team: 'ml' } });
  await settle();
  // THEN
  expect(inputsOf(T.nodePool)['steady-pool']).toEqual({
    clusterId: 'c-1',
    vswitchIds: ['vsw-a', 'vsw-b'],
    nodePoolName: 'steady',
    instanceTypes: ['ecs.g8i.2xlarge', 'ecs.g7.2xlarge'],
    desiredSize: '3', // a string in the Pulumi SDK
    instanceChargeType: 'PrePaid', // not 'Subscription'
    period: 1,
    periodUnit: 'Month',
    autoRenew: true,
    autoRenewPeriod: 1,
    labels: [
      { key: POOL_LABEL_KEY, value: STEADY_POOL },
      { key: 'team', value: 'ml' },
    ],
    systemDiskCategory: 'cloud_essd',
    systemDiskSize: 120,
    imageType: 'AliyunLinux3',
    runtimeName: 'containerd',
    keyName: 'nodes',
    management: { enable: true, autoRepair: true, autoUpgrade: true, maxUnavailable: 1 },
  });
  const pool = registration(T.nodePool, 'steady-pool');
  expect(pool.parent).toBe(urnOf({ type: 'ack-serving:cloud:SteadyNodePool', name: 'steady' }));
  // a replaced pool would collide on its name (terraform-provider-alicloud#6502)
  expect(pool.deleteBeforeReplace).toBe(true);
});

test('the steady pool can be pay-as-you-go', async () => {
  const { SteadyNodePool } = await import('../../lib/cloud/node-pools');
  new SteadyNodePool('steady', { ...common, chargeType: 'PostPaid', size: 0 });
  await settle();
  const inputs = inputsOf(T.nodePool)['steady-pool'];
  expect(inputs).toMatchObject({ instanceChargeType: 'PostPaid', desiredSize: '0' });
  expect(inputs).not.toHaveProperty('period');
});

test('the GPU pool autoscales with the GPU taint and label lib/ack places GPU models with', async () => {
  // GIVEN
  const { GpuNodePool } = await import('../../lib/cloud/node-pools');
  // WHEN
  new GpuNodePool('gpu', {
    ...common,
    instanceTypes: ['ecs.gn7i-c8g1.2xlarge', 'ecs.gn7i-c16g1.4xlarge'],
    maxSize: 8,
    labels: { 'ack.node.gpu.schedule': 'cgpu' },
  });
  await settle();
  // THEN
  const inputs = inputsOf(T.nodePool)['gpu-pool'];
  expect(inputs).toEqual({
    clusterId: 'c-1',
    vswitchIds: ['vsw-a', 'vsw-b'],
    nodePoolName: 'gpu',
    instanceTypes: ['ecs.gn7i-c8g1.2xlarge', 'ecs.gn7i-c16g1.4xlarge'],
    instanceChargeType: 'PostPaid',
    multiAzPolicy: 'BALANCE',
    labels: [
      { key: 'ack-serving.io/pool', value: 'gpu' },
      { key: 'ack.node.gpu.schedule', value: 'cgpu' },
    ],
    taints: [{ key: 'nvidia.com/gpu', value: 'true', effect: 'NoSchedule' }],
    scalingConfig: { enable: true, minSize: 0, maxSize: 8, type: 'gpu' },
    systemDiskCategory: 'cloud_essd',
    systemDiskSize: 200,
    imageType: 'AliyunLinux3',
    runtimeName: 'containerd',
    keyName: 'nodes',
  });
  expect(inputs.taints).toEqual([{ ...GPU_TAINT }]);
  expect(inputs.labels).toContainEqual({ key: POOL_LABEL_KEY, value: GPU_POOL });
  expect(inputs).not.toHaveProperty('desiredSize');
  expect(registration(T.nodePool, 'gpu-pool').parent).toBe(
    urnOf({ type: 'ack-serving:cloud:GpuNodePool', name: 'gpu' }),
  );
});

test('throws on a GPU pool without GPU instance types', async () => {
  const { GpuNodePool } = await import('../../lib/cloud/node-pools');
  expect(
    () =>
      new GpuNodePool('gpu', {
        ...common,
        instanceTypes: ['ecs.g7.2xlarge'],
        minSize: 3,
        maxSize: 1,
      }),
  ).toThrow(
    [
      "invalid arguments for GpuNodePool 'gpu':",
      "instanceTypes[0]: instance type 'ecs.g7.2xlarge' is not a GPU type; use an ecs.gn* family such as 'ecs.gn7i-c8g1.2xlarge'",
      'minSize: minSize (3) must not exceed maxSize (1); raise maxSize or lower minSize',
    ].join('\n'),
  );
  await settle();
  expect(created).toEqual([]);
});

test("throws on the steady pool's charge-type quirk", async () => {
  const { SteadyNodePool } = await import('../../lib/cloud/node-pools');
  expect(
    () => new SteadyNodePool('steady', { ...common, chargeType: 'Subscription' as never }),
  ).toThrow(
    "invalid arguments for SteadyNodePool 'steady':\nchargeType: chargeType 'Subscription' is not 'PrePaid' or 'PostPaid' (node pools call subscription 'PrePaid')",
  );
});

test('a password login is sent as a secret and never in a message', async () => {
  // GIVEN
  const { GpuNodePool, SteadyNodePool } = await import('../../lib/cloud/node-pools');
  const { isSecretValue } = await import('./harness');
  const gpu = { ...common, keyName: undefined, instanceTypes: ['ecs.gn7i-c8g1.2xlarge'] };
  // WHEN
  new GpuNodePool('gpu', { ...gpu, password: 'Plan-only-9x' });
  await settle();
  // THEN
  expect(isSecretValue(registration(T.nodePool, 'gpu-pool').rawInputs.password)).toBe(true);
  expect(inputsOf(T.nodePool)['gpu-pool']).not.toHaveProperty('keyName');
  expect(() => new GpuNodePool('weak', { ...gpu, password: 'short' })).toThrow(
    "invalid arguments for GpuNodePool 'weak':\npassword: [secret] does not meet the node password rule: 8 to 30 characters with three of upper case, lower case, digits and symbols",
  );
  expect(
    () => new SteadyNodePool('steady', { ...common, keyName: undefined, password: 'Plan-only-9x' }),
  ).toThrow(
    "invalid arguments for SteadyNodePool 'steady':\npassword: a managed node pool accepts only key-pair login; set 'keyName' instead of 'password', or set managed to false",
  );
});

test('throws when no login or both logins are given', async () => {
  const { SteadyNodePool, GpuNodePool } = await import('../../lib/cloud/node-pools');
  expect(() => new SteadyNodePool('steady', { ...common, keyName: undefined })).toThrow(
    "invalid arguments for SteadyNodePool 'steady':\nkeyName: no node login is set; give 'keyName' (an ECS key pair in the region): the provider needs one",
  );
  expect(
    () =>
      new GpuNodePool('gpu', {
        ...common,
        instanceTypes: ['ecs.gn7i-c8g1.2xlarge'],
        password: 'Plan-only-9x',
      }),
  ).toThrow(
    "invalid arguments for GpuNodePool 'gpu':\npassword: 'keyName' and 'password' are both set; the provider takes one of them: remove one",
  );
});

test('an unmanaged steady pool takes a password and sends no management block', async () => {
  const { SteadyNodePool } = await import('../../lib/cloud/node-pools');
  new SteadyNodePool('steady', {
    ...common,
    keyName: undefined,
    password: 'Plan-only-9x',
    managed: false,
  });
  await settle();
  expect(inputsOf(T.nodePool)['steady-pool']).not.toHaveProperty('management');
});

test("the GPU pool looks up the autoscaler's RAM role by default, or creates it", async () => {
  // GIVEN
  const { GpuNodePool } = await import('../../lib/cloud/node-pools');
  const { calls } = await import('../mocks');
  const gpu = { ...common, instanceTypes: ['ecs.gn7i-c8g1.2xlarge'] };
  // WHEN
  new GpuNodePool('gpu', gpu);
  new GpuNodePool('gpu2', { ...gpu, autoscalerRole: 'create' });
  new GpuNodePool('gpu3', { ...gpu, autoscalerRole: 'skip' });
  await settle();
  // THEN the default checks the role exists
  const lookups = calls.filter((c) => c.token === 'alicloud:ram/getRoles:getRoles');
  expect(lookups).toHaveLength(1);
  expect(lookups[0].inputs).toEqual({ nameRegex: '^AliyunCSManagedAutoScalerRole$' });
  // 'create' makes the role with its system policy, and the pool waits for them
  expect(inputsOf('alicloud:ram/role:Role')['gpu2-autoscaler-role']).toMatchObject({
    roleName: 'AliyunCSManagedAutoScalerRole',
  });
  expect(
    inputsOf('alicloud:ram/rolePolicyAttachment:RolePolicyAttachment')['gpu2-autoscaler-policy'],
  ).toEqual({
    roleName: 'AliyunCSManagedAutoScalerRole',
    policyName: 'AliyunCSManagedAutoScalerRolePolicy',
    policyType: 'System',
  });
  expect(registration(T.nodePool, 'gpu2-pool').dependencies).toContain(
    urnOf({
      type: 'alicloud:ram/rolePolicyAttachment:RolePolicyAttachment',
      name: 'gpu2-autoscaler-policy',
    }),
  );
  expect(inputsOf('alicloud:ram/role:Role')).not.toHaveProperty('gpu3-autoscaler-role');
});

test('throws on an unknown autoscaler role mode', async () => {
  const { GpuNodePool } = await import('../../lib/cloud/node-pools');
  expect(
    () =>
      new GpuNodePool('gpu', {
        ...common,
        instanceTypes: ['ecs.gn7i-c8g1.2xlarge'],
        autoscalerRole: 'ensure' as never,
      }),
  ).toThrow(
    "invalid arguments for GpuNodePool 'gpu':\nautoscalerRole: autoscalerRole 'ensure' is not 'check', 'create' or 'skip'",
  );
});
