import * as fc from 'fast-check';
import { cidrsOverlap, formatCidr, parseCidr } from '../../lib/cloud/cidr';
import {
  checkNatOwnership,
  checkClusterArgs,
  checkGatewayZones,
  checkGpuNodePoolArgs,
  checkImageCacheArgs,
  checkNetworkArgs,
  checkSteadyNodePoolArgs,
} from '../../lib/cloud/checks';
import { KnativeGateway } from '../../lib/cloud/knative-addon';

const zones = [
  { zoneId: 'cn-hangzhou-h', nodeCidr: '10.0.0.0/20', podCidr: '10.100.0.0/16' },
  { zoneId: 'cn-hangzhou-i', nodeCidr: '10.1.0.0/20', podCidr: '10.101.0.0/16' },
];
const cluster = { vswitchIds: ['vsw-a', 'vsw-b'], podVswitchIds: ['vsw-c', 'vsw-d'] };

describe('cidr', () => {
  test('parses, formats and compares blocks', () => {
    const a = parseCidr('10.0.0.0/8')!;
    const b = parseCidr('10.200.0.0/16')!;
    expect(formatCidr(a)).toBe('10.0.0.0/8');
    expect(cidrsOverlap(a, b)).toBe(true);
    expect(cidrsOverlap(b, parseCidr('192.168.0.0/16')!)).toBe(false);
    expect(parseCidr('10.0.0.1/16')?.hostBitsSet).toBe(true);
    expect(parseCidr('10.0.0.256/16')).toBeUndefined();
    expect(parseCidr('10.0.0.0/33')).toBeUndefined();
  });

  test('overlap is symmetric and matches address arithmetic', () => {
    const block = fc.tuple(
      fc.integer({ min: 0, max: 0xffffffff }),
      fc.integer({ min: 0, max: 32 }),
    );
    fc.assert(
      fc.property(block, block, ([a, pa], [b, pb]) => {
        const mask = (p: number) => (p === 0 ? 0 : (0xffffffff << (32 - p)) >>> 0);
        const x = { address: (a & mask(pa)) >>> 0, prefix: pa };
        const y = { address: (b & mask(pb)) >>> 0, prefix: pb };
        const xEnd = x.address + 2 ** (32 - pa) - 1;
        const yEnd = y.address + 2 ** (32 - pb) - 1;
        const expected = x.address <= yEnd && y.address <= xEnd;
        return cidrsOverlap(x, y) === expected && cidrsOverlap(y, x) === expected;
      }),
    );
  });
});

describe('checkNetworkArgs', () => {
  test('accepts two zones inside the VPC', () => {
    expect(checkNetworkArgs({ zones })).toEqual([]);
  });

  test('fails with one zone, a CIDR outside the VPC, an overlap and a duplicate zone, all at once', () => {
    // GIVEN / WHEN
    const issues = checkNetworkArgs(
      {
        vpcCidr: '10.0.0.0/16',
        zones: [
          { zoneId: 'cn-hangzhou-h', nodeCidr: '10.0.0.0/20', podCidr: '10.100.0.0/16' },
          { zoneId: 'cn-hangzhou-h', nodeCidr: '10.0.8.0/24', podCidr: '10.0.16.0/33' },
        ],
      },
      'network',
    );
    // THEN
    expect(issues).toEqual([
      {
        path: 'network.zones[0].podCidr',
        message:
          "pod vSwitch CIDR '10.100.0.0/16' is outside the VPC CIDR '10.0.0.0/16'; pick a block inside it",
      },
      {
        path: 'network.zones[1].zoneId',
        message:
          "zone 'cn-hangzhou-h' is listed twice; give each zone once with its node and pod vSwitch",
      },
      {
        path: 'network.zones[1].nodeCidr',
        message:
          "node vSwitch CIDR '10.0.8.0/24' overlaps '10.0.0.0/20' at network.zones[0].nodeCidr; vSwitch CIDRs must not overlap",
      },
      {
        path: 'network.zones[1].podCidr',
        message:
          "pod vSwitch CIDR '10.0.16.0/33' is not an IPv4 CIDR block; write it as '10.0.0.0/16' with a prefix length from /16 to /29",
      },
    ]);
  });

  test('fails with fewer than two zones', () => {
    expect(checkNetworkArgs({ zones: [zones[0]] })).toEqual([
      {
        path: 'zones',
        message:
          "1 zone(s) given; ACK Pro needs vSwitches in at least 2 zones: add zones with a nodeCidr and a podCidr each, or set 'existing'",
      },
    ]);
  });

  test('fails on host bits and on a prefix out of range', () => {
    expect(
      checkNetworkArgs({
        vpcCidr: '10.0.0.1/8',
        zones: [zones[0], { zoneId: 'z', nodeCidr: '10.16.0.0/12', podCidr: '10.4.0.0/16' }],
      }),
    ).toEqual([
      {
        path: 'vpcCidr',
        message: "VPC CIDR '10.0.0.1/8' has host bits set; use the network address '10.0.0.0/8'",
      },
      {
        path: 'zones[1].nodeCidr',
        message:
          "node vSwitch CIDR '10.16.0.0/12' has prefix length /12; allowed: a prefix length from /16 to /29",
      },
    ]);
  });

  test('fails when both zones and existing are given', () => {
    expect(
      checkNetworkArgs({
        zones,
        existing: { vpcId: 'vpc-1', nodeVswitchIds: ['a'], podVswitchIds: ['b'] },
      }),
    ).toEqual([
      {
        path: 'existing',
        message:
          "'existing' and 'zones' are both set; give 'zones' to create a VPC or 'existing' to adopt one, not both",
      },
    ]);
  });

  test('fails on an existing network with empty or shared vSwitches', () => {
    expect(
      checkNetworkArgs({
        existing: { vpcId: '', nodeVswitchIds: ['vsw-a'], podVswitchIds: ['vsw-a'] },
      }),
    ).toEqual([
      { path: 'existing.vpcId', message: "vpcId is required, such as 'vpc-bp1...'" },
      {
        path: 'existing.podVswitchIds',
        message:
          "vSwitch 'vsw-a' is both a node and a pod vSwitch; Terway pods need their own vSwitches",
      },
    ]);
    expect(
      checkNetworkArgs({ existing: { vpcId: 'vpc-1', nodeVswitchIds: [], podVswitchIds: [] } }),
    ).toEqual([
      {
        path: 'existing.nodeVswitchIds',
        message: 'nodeVswitchIds is empty; list one vSwitch id per zone',
      },
      {
        path: 'existing.podVswitchIds',
        message: 'podVswitchIds is empty; list one vSwitch id per zone for Terway pods',
      },
    ]);
  });
});

describe('checkClusterArgs', () => {
  test('accepts the defaults', () => {
    expect(
      checkClusterArgs({ ...cluster, vpcCidr: '10.0.0.0/8', podCidrs: ['10.100.0.0/16'] }),
    ).toEqual([]);
  });

  test('fails when the service CIDR overlaps the VPC', () => {
    expect(
      checkClusterArgs(
        { ...cluster, serviceCidr: '10.96.0.0/16', vpcCidr: '10.0.0.0/8' },
        'cluster',
      ),
    ).toEqual([
      {
        path: 'cluster.serviceCidr',
        message:
          "service CIDR '10.96.0.0/16' overlaps the VPC CIDR '10.0.0.0/8'; pick a private range outside the VPC, such as '192.168.0.0/16'",
      },
    ]);
  });

  test('fails when the service CIDR overlaps a pod vSwitch', () => {
    expect(
      checkClusterArgs({
        ...cluster,
        serviceCidr: '172.16.0.0/16',
        vpcCidr: '10.0.0.0/8',
        podCidrs: ['172.16.0.0/20'],
      }),
    ).toEqual([
      {
        path: 'serviceCidr',
        message:
          "service CIDR '172.16.0.0/16' overlaps the pod vSwitch CIDR '172.16.0.0/20'; pick a private range outside the VPC and pod vSwitches, such as '192.168.0.0/16'",
      },
    ]);
  });

  test('fails on a public or oversized service CIDR', () => {
    expect(checkClusterArgs({ ...cluster, serviceCidr: '100.64.0.0/16' })).toEqual([
      {
        path: 'serviceCidr',
        message:
          "service CIDR '100.64.0.0/16' is not in a private range; use a block inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16",
      },
    ]);
    expect(checkClusterArgs({ ...cluster, serviceCidr: '172.16.0.0/12' })).toEqual([
      {
        path: 'serviceCidr',
        message:
          "service CIDR '172.16.0.0/12' has prefix length /12; allowed: a prefix length from /16 to /24",
      },
    ]);
  });

  test('fails on Terway without pod vSwitches, flannel and a disabled terway', () => {
    expect(
      checkClusterArgs({
        vswitchIds: ['vsw-a'],
        podVswitchIds: [],
        addons: [
          { name: 'flannel' },
          { name: 'terway-eniip', disabled: true },
          { name: 'flannel' },
        ],
      }),
    ).toEqual([
      {
        path: 'podVswitchIds',
        message:
          "podVswitchIds is empty; Terway needs one pod vSwitch per zone, and ACK refuses 'terway-eniip' without them",
      },
      {
        path: 'addons[0].name',
        message:
          "addon 'flannel' conflicts with Terway, which the cluster always uses with its pod vSwitches; remove it",
      },
      {
        path: 'addons[1].disabled',
        message:
          "addon 'terway-eniip' cannot be disabled: pod vSwitches without it fail with InvalidPodVswitchIds",
      },
      {
        path: 'addons[2].name',
        message:
          "addon 'flannel' conflicts with Terway, which the cluster always uses with its pod vSwitches; remove it",
      },
      { path: 'addons[2].name', message: "addon 'flannel' is listed twice; list each addon once" },
    ]);
  });

  test('fails on spec, version, auto-upgrade, window, logs and credential lifetime', () => {
    expect(
      checkClusterArgs({
        ...cluster,
        clusterSpec: 'ack.pro.medium',
        version: '1.31',
        autoUpgrade: { channel: 'patch' },
        maintenanceWindow: {
          maintenanceTime: '03:00',
          duration: '30m',
          weeklyPeriod: 'Mon,Thursday',
        },
        controlPlaneLogs: { ttlDays: 0, components: [] },
        credentialMinutes: 10,
      }),
    ).toEqual([
      {
        path: 'clusterSpec',
        message:
          "cluster spec 'ack.pro.medium' is not one of ack.standard, ack.pro.small, ack.pro.xlarge, ack.pro.2xlarge, ack.pro.4xlarge; use 'ack.pro.small' for ACK Pro",
      },
      {
        path: 'version',
        message:
          "version '1.31' is not an ACK version of the form '<major>.<minor>.<patch>-aliyun.<n>'; use one of 1.36.x-aliyun.n, 1.35.x-aliyun.n, or leave it unset for ACK's newest",
      },
      {
        path: 'version',
        message:
          "version '1.31' is pinned while autoUpgrade is on; remove 'version' or 'autoUpgrade'",
      },
      {
        path: 'maintenanceWindow.maintenanceTime',
        message:
          "maintenanceTime '03:00' is not RFC 3339; write it as '2026-01-05T03:00:00.000+08:00'",
      },
      {
        path: 'maintenanceWindow.duration',
        message: "duration '30m' must be whole hours from '1h' to '24h'",
      },
      {
        path: 'maintenanceWindow.weeklyPeriod',
        message:
          "weeklyPeriod 'Mon,Thursday' has 'Mon'; use comma-separated English weekdays such as 'Monday,Thursday'",
      },
      {
        path: 'controlPlaneLogs.ttlDays',
        message: 'control-plane log retention (days) 0 is out of range; allowed: 1 to 3650',
      },
      {
        path: 'controlPlaneLogs.components',
        message:
          "controlPlaneLogs.components is empty; list components such as 'apiserver', or set controlPlaneLogs to false",
      },
      {
        path: 'credentialMinutes',
        message:
          'kubeconfig lifetime (minutes) 10 is out of range; allowed: 15 to 4320; cs.getClusterCredential accepts 15 to 4320',
      },
    ]);
  });

  test('fails on auto-upgrade without a maintenance window', () => {
    expect(
      checkClusterArgs({
        ...cluster,
        autoUpgrade: { channel: 'stable' },
        maintenanceWindow: false,
      }),
    ).toEqual([
      {
        path: 'autoUpgrade',
        message:
          "autoUpgrade needs the maintenance window, which is turned off; remove 'maintenanceWindow: false' or 'autoUpgrade'",
      },
    ]);
  });
});

describe('node pool checks', () => {
  const common = { clusterId: 'c', vswitchIds: ['vsw-a'], keyName: 'nodes' };

  test('fails on a GPU pool without GPU instance types', () => {
    expect(checkGpuNodePoolArgs({ ...common, instanceTypes: [] }, 'gpuNodePool')).toEqual([
      {
        path: 'gpuNodePool.instanceTypes',
        message:
          "instanceTypes is empty; a GPU pool needs GPU instance types such as 'ecs.gn7i-c8g1.2xlarge'",
      },
    ]);
    expect(
      checkGpuNodePoolArgs(
        { ...common, instanceTypes: ['ecs.gn7i-c8g1.2xlarge', 'ecs.g7.2xlarge', 'gn7i'] },
        'gpuNodePool',
      ),
    ).toEqual([
      {
        path: 'gpuNodePool.instanceTypes[1]',
        message:
          "instance type 'ecs.g7.2xlarge' is not a GPU type; use an ecs.gn* family such as 'ecs.gn7i-c8g1.2xlarge'",
      },
      {
        path: 'gpuNodePool.instanceTypes[2]',
        message: "instance type 'gn7i' is not an ECS type such as 'ecs.g8i.2xlarge'",
      },
    ]);
  });

  test('fails on an inverted scaling range and a bad scaling type', () => {
    expect(
      checkGpuNodePoolArgs({
        ...common,
        instanceTypes: ['ecs.gn7i-c8g1.2xlarge'],
        minSize: 5,
        maxSize: 2,
        scalingType: 'cpu' as never,
      }),
    ).toEqual([
      {
        path: 'minSize',
        message: 'minSize (5) must not exceed maxSize (2); raise maxSize or lower minSize',
      },
      { path: 'scalingType', message: "scalingType 'cpu' is not 'gpu' or 'gpushare'" },
    ]);
    expect(
      checkGpuNodePoolArgs({ ...common, instanceTypes: ['ecs.gn7i-c8g1.2xlarge'], maxSize: 0 }),
    ).toEqual([{ path: 'maxSize', message: 'maxSize 0 is out of range; allowed: 1 to 1000' }]);
  });

  test('fails on the charge type names other APIs use, and bad periods', () => {
    expect(
      checkSteadyNodePoolArgs(
        {
          ...common,
          chargeType: 'Subscription' as never,
          subscription: { periodMonths: 4, autoRenewPeriodMonths: 24 },
        },
        'steadyNodePool',
      ),
    ).toEqual([
      {
        path: 'steadyNodePool.chargeType',
        message:
          "chargeType 'Subscription' is not 'PrePaid' or 'PostPaid' (node pools call subscription 'PrePaid')",
      },
      {
        path: 'steadyNodePool.subscription.periodMonths',
        message: 'periodMonths 4 is not a subscription period; allowed: 1, 2, 3, 6, 12',
      },
      {
        path: 'steadyNodePool.subscription.autoRenewPeriodMonths',
        message: 'autoRenewPeriodMonths 24 is not a subscription period; allowed: 1, 2, 3, 6, 12',
      },
    ]);
    expect(checkSteadyNodePoolArgs({ ...common, chargeType: 'PayAsYouGo' as never })).toEqual([
      {
        path: 'chargeType',
        message:
          "chargeType 'PayAsYouGo' is not 'PrePaid' or 'PostPaid' (node pools call pay-as-you-go 'PostPaid')",
      },
    ]);
    expect(
      checkSteadyNodePoolArgs({ ...common, chargeType: 'PostPaid', subscription: {} }),
    ).toEqual([
      {
        path: 'subscription',
        message:
          "subscription is set but chargeType is 'PostPaid'; remove 'subscription' or use 'PrePaid'",
      },
    ]);
  });

  test('fails on a steady pool with no vSwitches, no types or a fractional size', () => {
    expect(
      checkSteadyNodePoolArgs({
        clusterId: 'c',
        vswitchIds: [],
        instanceTypes: [],
        size: 2.5,
        keyName: 'nodes',
      }),
    ).toEqual([
      {
        path: 'vswitchIds',
        message: 'vswitchIds is empty; give the node vSwitches the pool spreads across',
      },
      {
        path: 'instanceTypes',
        message: "instanceTypes is empty; list at least one ECS type such as 'ecs.g8i.2xlarge'",
      },
      { path: 'size', message: 'node count 2.5 must be a whole number; allowed: 0 to 1000' },
    ]);
  });
});

describe('gateway and image cache checks', () => {
  test('ALB needs two zones; the others need one', () => {
    expect(
      checkGatewayZones(
        KnativeGateway.alb(),
        ['cn-hangzhou-h', 'cn-hangzhou-h'],
        'knative.gateway',
      ),
    ).toEqual([
      {
        path: 'knative.gateway',
        message:
          'the ALB gateway needs vSwitches in at least 2 zones, got 1; add a zone or choose another gateway',
      },
    ]);
    expect(
      checkGatewayZones(KnativeGateway.kourier(), ['cn-hangzhou-h'], 'knative.gateway'),
    ).toEqual([]);
    expect(checkGatewayZones(KnativeGateway.alb(), undefined, 'knative.gateway')).toEqual([]);
  });

  test('fails on a bad cache name, images and size', () => {
    expect(
      checkImageCacheArgs({
        imageCacheName: 'LLM',
        images: ['Registry/Bad'],
        securityGroupId: 'sg',
        vswitchId: 'vsw',
        sizeGiB: 10,
        retentionDays: 0,
      }),
    ).toEqual([
      {
        path: 'imageCacheName',
        message:
          "image cache name 'LLM' must be 2 to 128 lower-case letters, digits or '-', starting with a letter",
      },
      {
        path: 'images[0]',
        message:
          "image 'Registry/Bad' is not a valid image reference: use lower-case repository names, a tag of letters, digits, '_', '.', '-' or a digest 'sha256:<64 lower-case hex>'",
      },
      {
        path: 'sizeGiB',
        message: 'image cache size (GiB) 10 is out of range; allowed: 20 to 2000',
      },
      { path: 'retentionDays', message: 'retentionDays 0 is out of range; allowed: at least 1' },
    ]);
    expect(
      checkImageCacheArgs({
        imageCacheName: 'llm',
        images: [],
        securityGroupId: 'sg',
        vswitchId: 'vsw',
      }),
    ).toEqual([{ path: 'images', message: 'images is empty; list the model images to cache' }]);
  });
});

describe('remaining single checks', () => {
  test('fails on a missing zone id and an out-of-range NAT bandwidth', () => {
    expect(
      checkNetworkArgs({
        zones: [{ zoneId: '', nodeCidr: '10.0.0.0/20', podCidr: '10.100.0.0/16' }, zones[1]],
        natBandwidthMbps: 0,
      }),
    ).toEqual([
      { path: 'zones[0].zoneId', message: "zoneId is required, such as 'cn-hangzhou-h'" },
      {
        path: 'natBandwidthMbps',
        message: 'NAT EIP bandwidth 0 is out of range; allowed: 1 to 10000',
      },
    ]);
  });

  test('fails on malformed CIDRs given for an existing network', () => {
    expect(
      checkNetworkArgs({
        existing: {
          vpcId: 'vpc-1',
          nodeVswitchIds: ['a'],
          podVswitchIds: ['b'],
          vpcCidr: '10.0.0.0',
          podCidrs: ['10.100.0.0/8'],
        },
      }),
    ).toEqual([
      {
        path: 'existing.vpcCidr',
        message:
          "VPC CIDR '10.0.0.0' is not an IPv4 CIDR block; write it as '10.0.0.0/16' with a prefix length from /8 to /28",
      },
      {
        path: 'existing.podCidrs[0]',
        message:
          "pod vSwitch CIDR '10.100.0.0/8' has host bits set; use the network address '10.0.0.0/8'",
      },
    ]);
  });

  test('fails on a cluster without node vSwitches', () => {
    expect(checkClusterArgs({ vswitchIds: [], podVswitchIds: ['vsw-c'] })).toEqual([
      {
        path: 'vswitchIds',
        message: 'vswitchIds is empty; give one node vSwitch per zone, in at least 2 zones',
      },
    ]);
  });

  test('fails on a negative GPU minSize', () => {
    expect(
      checkGpuNodePoolArgs({
        clusterId: 'c',
        vswitchIds: ['a'],
        instanceTypes: ['ecs.gn7i-c8g1.2xlarge'],
        minSize: -1,
        keyName: 'nodes',
      }),
    ).toEqual([{ path: 'minSize', message: 'minSize -1 is out of range; allowed: 0 to 1000' }]);
  });
});

describe('checkNatOwnership', () => {
  test("fails when ACK would add SNAT entries next to the network's own", () => {
    expect(checkNatOwnership({ zones }, { newNatGateway: true })).toEqual([
      {
        path: 'cluster.newNatGateway',
        message:
          "newNatGateway is true but the network already gets a NAT gateway with an SNAT entry per vSwitch; ACK's entries would clash with them: remove newNatGateway, or adopt a network without NAT through 'existing'",
      },
    ]);
    expect(checkNatOwnership({ zones }, { newNatGateway: false })).toEqual([]);
    expect(checkNatOwnership({ zones }, undefined)).toEqual([]);
    // an adopted network builds no NAT: then ACK may make one
    const existing = { vpcId: 'vpc-1', nodeVswitchIds: ['vsw-a'], podVswitchIds: ['vsw-b'] };
    expect(checkNatOwnership({ existing }, { newNatGateway: true })).toEqual([]);
  });
});
