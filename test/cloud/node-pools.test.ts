import { GPU_POOL, GPU_TAINT, POOL_LABEL_KEY, STEADY_POOL } from '../../lib/ack/node-labels';
import { created } from '../mocks';
import { inputsOf, registration, resetAll, setRecordingMocks, settle, T, urnOf } from './harness';

setRecordingMocks(); // before the module under test is imported

const common = { clusterId: 'c-1', vswitchIds: ['vsw-a', 'vsw-b'] };

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
