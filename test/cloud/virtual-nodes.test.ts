import { created } from '../mocks';
import { inputsOf, registration, resetAll, setRecordingMocks, settle, T, urnOf } from './harness';

setRecordingMocks(); // before the module under test is imported
beforeEach(resetAll);

test('installs ack-virtual-node under the component, cleaning up ECI on delete', async () => {
  // GIVEN
  const { VirtualNodes } = await import('../../lib/cloud/virtual-nodes');
  // WHEN
  new VirtualNodes('eci', { clusterId: 'c-123' });
  await settle();
  // THEN
  expect(inputsOf(T.addon)['eci-addon']).toEqual({
    clusterId: 'c-123',
    name: 'ack-virtual-node',
    cleanupCloudResources: true,
  });
  expect(registration(T.addon, 'eci-addon').parent).toBe(
    urnOf({ type: 'ack-serving:cloud:VirtualNodes', name: 'eci' }),
  );
  expect(created.map((r) => r.type)).not.toContain('alicloud:eci/virtualNode:VirtualNode');
});

test('passes a version and config', async () => {
  const { VirtualNodes } = await import('../../lib/cloud/virtual-nodes');
  new VirtualNodes('eci', {
    clusterId: 'c-123',
    version: 'v2.10.5',
    config: { EnableVirtualNodeScheduling: 'true' },
  });
  await settle();
  expect(inputsOf(T.addon)['eci-addon']).toMatchObject({
    version: 'v2.10.5',
    config: '{"EnableVirtualNodeScheduling":"true"}',
  });
});

test('throws on a bad addon name and version', async () => {
  const { VirtualNodes } = await import('../../lib/cloud/virtual-nodes');
  expect(
    () => new VirtualNodes('eci', { clusterId: 'c', addonName: 'Virtual Node', version: 'latest' }),
  ).toThrow(
    [
      "invalid arguments for VirtualNodes 'eci':",
      "addonName: addon name 'Virtual Node' is not an ACK addon name such as 'ack-virtual-node'",
      "version: addon version 'latest' is not a version such as 'v2.10.5'; list versions with cs.getKubernetesAddons",
    ].join('\n'),
  );
});

test("the component's dependsOn holds for the addon inside it", async () => {
  // GIVEN
  const { VirtualNodes } = await import('../../lib/cloud/virtual-nodes');
  const { SteadyNodePool } = await import('../../lib/cloud/node-pools');
  const steady = new SteadyNodePool('steady', {
    clusterId: 'c-123',
    vswitchIds: ['vsw-a'],
    keyName: 'nodes',
  });
  // WHEN
  new VirtualNodes('eci', { clusterId: 'c-123' }, { dependsOn: [steady] });
  await settle();
  // THEN
  expect(registration(T.addon, 'eci-addon').dependencies).toContain(
    urnOf({ type: T.nodePool, name: 'steady-pool' }),
  );
});
