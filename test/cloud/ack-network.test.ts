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
} from './harness';

setRecordingMocks(); // before the module under test is imported

const zones = [
  { zoneId: 'cn-hangzhou-h', nodeCidr: '10.0.0.0/20', podCidr: '10.100.0.0/16' },
  { zoneId: 'cn-hangzhou-i', nodeCidr: '10.1.0.0/20', podCidr: '10.101.0.0/16' },
];

beforeEach(resetAll);

test('creates a VPC, node and pod vSwitches per zone, NAT with EIP and SNAT per vSwitch, and no security group', async () => {
  // GIVEN
  const { AckNetwork } = await import('../../lib/cloud/ack-network');
  // WHEN
  const net = new AckNetwork('net', { zones });
  await settle();
  // THEN
  const component = 'ack-serving:cloud:AckNetwork';
  // registration order follows output resolution, so compare as a set
  expect(registrations.map((r) => `${r.type}::${r.name}`).sort()).toEqual(
    [
      `${component}::net`,
      `${T.vpc}::net-vpc`,
      `${T.vswitch}::net-node-cn-hangzhou-h`,
      `${T.vswitch}::net-node-cn-hangzhou-i`,
      `${T.vswitch}::net-pod-cn-hangzhou-h`,
      `${T.vswitch}::net-pod-cn-hangzhou-i`,
      `${T.nat}::net-nat`,
      `${T.eip}::net-nat-eip`,
      `${T.eipAssociation}::net-nat-eip-assoc`,
      `${T.snat}::net-snat-node-cn-hangzhou-h`,
      `${T.snat}::net-snat-node-cn-hangzhou-i`,
      `${T.snat}::net-snat-pod-cn-hangzhou-h`,
      `${T.snat}::net-snat-pod-cn-hangzhou-i`,
    ].sort(),
  );
  // every child is parented to the component
  const parent = urnOf({ type: component, name: 'net' });
  expect(registrations.filter((r) => r.type !== component).every((r) => r.parent === parent)).toBe(
    true,
  );

  expect(inputsOf(T.vpc)['net-vpc']).toMatchObject({ vpcName: 'net', cidrBlock: '10.0.0.0/8' });
  expect(inputsOf(T.vswitch)['net-pod-cn-hangzhou-i']).toEqual({
    vpcId: 'net-vpc-id',
    zoneId: 'cn-hangzhou-i',
    cidrBlock: '10.101.0.0/16',
    vswitchName: 'net-pod-cn-hangzhou-i',
  });
  expect(inputsOf(T.nat)['net-nat']).toMatchObject({
    vpcId: 'net-vpc-id',
    vswitchId: 'net-node-cn-hangzhou-h-id',
    natType: 'Enhanced',
    paymentType: 'PayAsYouGo',
    internetChargeType: 'PayByLcu',
  });
  expect(inputsOf(T.eip)['net-nat-eip']).toMatchObject({ bandwidth: '100' });
  expect(inputsOf(T.eipAssociation)['net-nat-eip-assoc']).toEqual({
    allocationId: 'net-nat-eip-id',
    instanceId: 'net-nat-id',
    instanceType: 'Nat',
  });
  // snatTableIds is a string output, used as is; every SNAT entry waits for the EIP binding
  expect(inputsOf(T.snat)['net-snat-pod-cn-hangzhou-h']).toEqual({
    snatTableId: 'net-nat-snat-table',
    sourceVswitchId: 'net-pod-cn-hangzhou-h-id',
    snatIp: '203.0.113.10',
    snatEntryName: 'net-pod-cn-hangzhou-h',
  });
  const assoc = urnOf({ type: T.eipAssociation, name: 'net-nat-eip-assoc' });
  for (const r of registrations.filter((x) => x.type === T.snat))
    expect(r.dependencies).toContain(assoc);
  // ACK creates the cluster's security group with its rules (it adds none to a group it is given)
  expect(net.securityGroupId).toBeUndefined();
  // what the cluster must wait for: the VPC reaches the internet once these exist
  // (the EIP association and the four SNAT entries)
  expect(net.internetAccess).toHaveLength(5);
  expect(net.resources.snatEntries.every((e) => net.internetAccess.includes(e))).toBe(true);

  expect(net.zoneIds).toEqual(['cn-hangzhou-h', 'cn-hangzhou-i']);
  expect(net.podCidrs).toEqual(['10.100.0.0/16', '10.101.0.0/16']);
  const { promiseOf } = await import('../mocks');
  expect(await promiseOf(net.nodeVswitchIds)).toEqual([
    'net-node-cn-hangzhou-h-id',
    'net-node-cn-hangzhou-i-id',
  ]);
  expect(await promiseOf(net.podVswitchIds)).toEqual([
    'net-pod-cn-hangzhou-h-id',
    'net-pod-cn-hangzhou-i-id',
  ]);
  expect(await promiseOf(net.natPublicIp!)).toBe('203.0.113.10');
});

test('adopts an existing VPC and creates nothing', async () => {
  // GIVEN
  const { AckNetwork } = await import('../../lib/cloud/ack-network');
  const { promiseOf } = await import('../mocks');
  // WHEN
  const net = new AckNetwork('net', {
    existing: {
      vpcId: 'vpc-1',
      nodeVswitchIds: ['vsw-a', 'vsw-b'],
      podVswitchIds: ['vsw-c', 'vsw-d'],
    },
  });
  await settle();
  // THEN
  expect(created.map((r) => r.type)).toEqual(['ack-serving:cloud:AckNetwork']);
  expect(await promiseOf(net.vpcId)).toBe('vpc-1');
  expect(await promiseOf(net.podVswitchIds)).toEqual(['vsw-c', 'vsw-d']);
  expect(net.securityGroupId).toBeUndefined();
  expect(net.internetAccess).toEqual([]);
  expect(net.natGatewayId).toBeUndefined();
});

test('adopts an existing security group too', async () => {
  const { AckNetwork } = await import('../../lib/cloud/ack-network');
  new AckNetwork('net', {
    existing: {
      vpcId: 'vpc-1',
      nodeVswitchIds: ['vsw-a'],
      podVswitchIds: ['vsw-c'],
      securityGroupId: 'sg-1',
    },
  });
  await settle();
  expect(created.map((r) => r.type)).toEqual(['ack-serving:cloud:AckNetwork']);
});

test('throws every input problem at once, before creating anything', async () => {
  // GIVEN
  const { AckNetwork } = await import('../../lib/cloud/ack-network');
  // WHEN / THEN
  expect(
    () =>
      new AckNetwork('net', {
        vpcCidr: '10.0.0.0/16',
        zones: [{ zoneId: 'cn-hangzhou-h', nodeCidr: '10.0.0.0/20', podCidr: '10.0.0.0/24' }],
      }),
  ).toThrow(
    [
      "invalid arguments for AckNetwork 'net':",
      "zones: 1 zone(s) given; ACK Pro needs vSwitches in at least 2 zones: add zones with a nodeCidr and a podCidr each, or set 'existing'",
      "zones[0].podCidr: pod vSwitch CIDR '10.0.0.0/24' overlaps '10.0.0.0/20' at zones[0].nodeCidr; vSwitch CIDRs must not overlap",
    ].join('\n'),
  );
  await settle();
  expect(created).toEqual([]);
});

test('the thrown error is an InputPropertiesError with one entry per problem', async () => {
  const pulumi = await import('@pulumi/pulumi');
  const { AckNetwork } = await import('../../lib/cloud/ack-network');
  let error: unknown;
  try {
    new AckNetwork('net', { zones: [] });
  } catch (e) {
    error = e;
  }
  expect(pulumi.InputPropertiesError.isInstance(error)).toBe(true);
  expect((error as InstanceType<typeof pulumi.InputPropertiesError>).errors).toEqual([
    {
      propertyPath: 'zones',
      reason:
        "0 zone(s) given; ACK Pro needs vSwitches in at least 2 zones: add zones with a nodeCidr and a podCidr each, or set 'existing'",
    },
  ]);
});

test('registration() finds one resource', () => {
  expect(() => registration('x', 'y')).toThrow('expected one x named y, found 0: ');
});
