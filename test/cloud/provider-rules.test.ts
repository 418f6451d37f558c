import { execFileSync } from 'node:child_process';
import { checkProviderInputs, PROVIDER_RULES } from '../../lib/cloud/provider-rules';

const MK = 'alicloud:cs/managedKubernetes:ManagedKubernetes';
const NP = 'alicloud:cs/nodePool:NodePool';
const NAT = 'alicloud:vpc/natGateway:NatGateway';
const SNAT = 'alicloud:vpc/snatEntry:SnatEntry';
const cluster = { name: 'prod', vswitchIds: ['vsw-a'], podVswitchIds: ['vsw-b'] };
const pool = { nodePoolName: 'steady', keyName: 'nodes' };

describe('every rule cites the upstream file and line it was read from', () => {
  test('sources are <file>:<line> in the provider repository', () => {
    for (const rules of Object.values(PROVIDER_RULES)) {
      for (const r of rules) {
        expect(r.source).toMatch(
          /^(alicloud\/resource_alicloud_[a-z_]+\.go|website\/docs\/r\/[a-z_]+\.html\.markdown):\d+(-\d+)?(,\d+)*$/,
        );
      }
    }
  });
  test('the table covers the resources the components create', () => {
    expect(Object.keys(PROVIDER_RULES).sort()).toEqual(
      [
        'alicloud:cs/kubernetesAddon:KubernetesAddon',
        'alicloud:eci/imageCache:ImageCache',
        'alicloud:eventbridge/rule:Rule',
        MK,
        NP,
        NAT,
        SNAT,
      ].sort(),
    );
  });
});

describe('checkProviderInputs', () => {
  test('accepts what the components send', () => {
    expect(
      checkProviderInputs(MK, { ...cluster, clusterSpec: 'ack.pro.small', proxyMode: 'ipvs' }, ''),
    ).toEqual([]);
    expect(checkProviderInputs(NP, { ...pool, desiredSize: '3', period: 1 }, '')).toEqual([]);
  });

  test('fails on a value outside an allowed list (StringInSlice / IntInSlice)', () => {
    expect(
      checkProviderInputs(MK, { ...cluster, clusterSpec: 'ack.pro.medium' }, 'cluster'),
    ).toEqual([
      {
        path: 'cluster.clusterSpec',
        message:
          "'ack.pro.medium' is not accepted by the provider; use one of ack.standard, ack.pro.small, ack.pro.xlarge, ack.pro.2xlarge, ack.pro.4xlarge (provider rule alicloud/resource_alicloud_cs_managed_kubernetes.go:688)",
      },
    ]);
    expect(checkProviderInputs(NP, { ...pool, period: 4 }, '')).toEqual([
      {
        path: 'period',
        message:
          '4 is not accepted by the provider; use one of 0, 1, 2, 3, 6, 12 (provider rule alicloud/resource_alicloud_cs_kubernetes_node_pool.go:681)',
      },
    ]);
    expect(
      checkProviderInputs(NAT, { natType: 'Enhanced', internetChargeType: 'PayByTraffic' }, ''),
    ).toEqual([
      {
        path: 'internetChargeType',
        message:
          "'PayByTraffic' is not accepted by the provider; use one of PayByLcu, PayBySpec (provider rule alicloud/resource_alicloud_nat_gateway.go:52)",
      },
    ]);
    expect(checkProviderInputs(NP, { ...pool, scalingConfig: { type: 'GPU' } }, '')).toEqual([
      {
        path: 'scalingConfig.type',
        message:
          "'GPU' is not accepted by the provider; use one of cpu, gpu, gpushare, spot (provider rule alicloud/resource_alicloud_cs_kubernetes_node_pool.go:786)",
      },
    ]);
  });

  test('fails on a number out of range, a name too long and too many vSwitches', () => {
    expect(
      checkProviderInputs(
        MK,
        {
          ...cluster,
          name: 'x'.repeat(64),
          vswitchIds: ['vsw-1', 'vsw-2', 'vsw-3', 'vsw-4', 'vsw-5', 'vsw-6'],
          nodeCidrMask: 23,
        },
        '',
      ),
    ).toEqual([
      {
        path: 'name',
        message: `'${'x'.repeat(64)}' has 64 characters; use 1 to 63 (provider rule alicloud/resource_alicloud_cs_managed_kubernetes.go:44)`,
      },
      {
        path: 'vswitchIds',
        message:
          '6 item(s) given; the provider takes 1 to 5 (provider rule alicloud/resource_alicloud_cs_managed_kubernetes.go:223-224)',
      },
      {
        path: 'nodeCidrMask',
        message:
          '23 must be a whole number from 24 to 28 (provider rule alicloud/resource_alicloud_cs_managed_kubernetes.go:250)',
      },
    ]);
    expect(
      checkProviderInputs(NP, { ...pool, scalingConfig: { minSize: 0, maxSize: 2001 } }, ''),
    ).toEqual([
      {
        path: 'scalingConfig.maxSize',
        message:
          '2001 must be a whole number from 0 to 2000 (provider rule alicloud/resource_alicloud_cs_kubernetes_node_pool.go:807)',
      },
    ]);
  });

  test("fails on a vSwitch id that is not 'vsw-...'", () => {
    expect(
      checkProviderInputs(MK, { ...cluster, podVswitchIds: ['vsw-b', 'subnet-1'] }, ''),
    ).toEqual([
      {
        path: 'podVswitchIds[1]',
        message:
          "'subnet-1' does not look like 'vsw-bp1...' (provider rule alicloud/resource_alicloud_cs_managed_kubernetes.go:232)",
      },
    ]);
  });

  test('fails on a number where the SDK takes a string (desiredSize, controlPlaneLogTtl)', () => {
    expect(checkProviderInputs(NP, { ...pool, desiredSize: 3 }, 'steadyNodePool')).toEqual([
      {
        path: 'steadyNodePool.desiredSize',
        message:
          "3 is a number; the provider takes a string; write it as '3' (provider rule alicloud/resource_alicloud_cs_kubernetes_node_pool.go:158-159)",
      },
    ]);
    expect(checkProviderInputs(MK, { ...cluster, controlPlaneLogTtl: 30 }, '')).toEqual([
      {
        path: 'controlPlaneLogTtl',
        message:
          "30 is a number; the provider takes a string; write it as '30' (provider rule alicloud/resource_alicloud_cs_managed_kubernetes.go:747-748)",
      },
    ]);
  });

  test('fails on conflicting fields (ConflictsWith)', () => {
    expect(
      checkProviderInputs(
        MK,
        { ...cluster, securityGroupId: 'sg-1', isEnterpriseSecurityGroup: true },
        '',
      ),
    ).toEqual([
      {
        path: 'securityGroupId',
        message:
          "'isEnterpriseSecurityGroup', 'securityGroupId' are both set; the provider takes only one of 'isEnterpriseSecurityGroup', 'securityGroupId' (provider rule alicloud/resource_alicloud_cs_managed_kubernetes.go:592)",
      },
    ]);
    expect(
      checkProviderInputs(SNAT, { sourceCidr: '10.0.0.0/20', sourceVswitchId: 'vsw-a' }, ''),
    ).toEqual([
      {
        path: 'sourceVswitchId',
        message:
          "'sourceCidr', 'sourceVswitchId' are both set; the provider takes only one of 'sourceCidr', 'sourceVswitchId' (provider rule alicloud/resource_alicloud_snat_entry.go:57,64)",
      },
    ]);
  });

  test('fails when none or two of an exactly-one group are set, and when no login is set', () => {
    expect(checkProviderInputs(MK, { name: 'prod' }, '')).toEqual([
      {
        path: 'workerVswitchIds',
        message:
          "none of 'workerVswitchIds', 'vswitchIds', 'zoneIds' is set; the provider needs exactly one (provider rule alicloud/resource_alicloud_cs_managed_kubernetes.go:225)",
      },
    ]);
    expect(
      checkProviderInputs(NP, { nodePoolName: 'steady', name: 'steady', keyName: 'k' }, ''),
    ).toEqual([
      {
        path: 'name',
        message:
          "'nodePoolName', 'name' are both set; the provider takes exactly one of 'nodePoolName', 'name' (provider rule alicloud/resource_alicloud_cs_kubernetes_node_pool.go:661)",
      },
    ]);
    expect(checkProviderInputs(NP, { nodePoolName: 'steady' }, '')).toEqual([
      {
        path: 'keyName',
        message:
          "none of 'keyName', 'password', 'kmsEncryptedPassword' is set; the provider needs at least one (provider rule website/docs/r/cs_kubernetes_node_pool.html.markdown:745,827)",
      },
    ]);
  });

  test('skips values not known yet', async () => {
    const pulumi = await import('@pulumi/pulumi');
    expect(
      checkProviderInputs(
        NP,
        { ...pool, period: pulumi.output(4), desiredSize: Promise.resolve(3) },
        '',
      ),
    ).toEqual([]);
  });
});

// The cited lines are checked against a local copy of the provider source when one is given
// (PROVIDER_SOURCE=<git dir of aliyun/terraform-provider-alicloud>); otherwise this is skipped.
const gitDir = process.env.PROVIDER_SOURCE;
const EVIDENCE: Record<string, RegExp> = {
  oneOf: /InSlice/,
  range: /IntBetween/,
  length: /StringLenBetween/,
  items: /(MinItems|MaxItems)/,
  pattern: /StringMatch/,
  type: /Type(String|Int|Bool)|GetOkExists/,
  conflicts: /ConflictsWith/,
  exactlyOne: /ExactlyOneOf/,
  oneRequired: /specify one of/,
  forceNew: /ForceNew/,
  dropsZero: /GetOk\(/,
};
(gitDir ? test : test.skip)('each cited line holds the rule it is cited for', () => {
  const show = (file: string) =>
    execFileSync('git', ['--git-dir', gitDir as string, 'show', `HEAD:${file}`], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    }).split('\n');
  const cache = new Map<string, string[]>();
  for (const rules of Object.values(PROVIDER_RULES)) {
    for (const { source, rule } of rules) {
      const [file, where] = source.split(':');
      if (!cache.has(file)) cache.set(file, show(file));
      const lines = cache.get(file) as string[];
      for (const part of where.split(',')) {
        const [from, to] = part.split('-').map(Number);
        const text = lines.slice(from - 1, to ?? from).join('\n');
        expect(`${source}: ${text}`).toMatch(EVIDENCE[rule.kind]);
      }
    }
  }
});
