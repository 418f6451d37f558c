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
} from './harness';

setRecordingMocks(); // before the module under test is imported

const base = { vswitchIds: ['vsw-a', 'vsw-b'], podVswitchIds: ['vsw-c', 'vsw-d'] };

beforeEach(resetAll);

test('creates an ACK Pro cluster with Terway, deletion protection, window, logs and RRSA', async () => {
  // GIVEN
  const { AckCluster } = await import('../../lib/cloud/ack-cluster');
  // WHEN
  new AckCluster('prod', { ...base, version: '1.35.2-aliyun.1', securityGroupId: 'sg-1' });
  await settle();
  // THEN
  const cluster = inputsOf(T.cluster)['prod-ack'];
  expect(cluster).toEqual({
    name: 'prod',
    clusterSpec: 'ack.pro.small',
    version: '1.35.2-aliyun.1',
    vswitchIds: ['vsw-a', 'vsw-b'],
    podVswitchIds: ['vsw-c', 'vsw-d'],
    serviceCidr: '192.168.0.0/16',
    securityGroupId: 'sg-1',
    newNatGateway: false,
    slbInternetEnabled: true,
    proxyMode: 'ipvs',
    deletionProtection: true,
    enableRrsa: true,
    maintenanceWindow: {
      enable: true,
      maintenanceTime: '2026-01-05T03:00:00.000+08:00',
      duration: '3h',
      weeklyPeriod: 'Monday,Thursday',
    },
    controlPlaneLogComponents: ['apiserver', 'kcm', 'scheduler', 'ccm', 'controlplane-events'],
    controlPlaneLogTtl: '30',
    auditLogConfig: { enabled: true },
    addons: [
      {
        name: 'terway-eniip',
        config: '{"NetworkPolicy":"false","ENITrunking":"true","IPVlan":"false"}',
      },
      { name: 'csi-plugin' },
      { name: 'managed-csiprovisioner' },
      { name: 'nginx-ingress-controller', disabled: true },
    ],
    deleteOptions: [
      { resourceType: 'SLB', deleteMode: 'delete' },
      { resourceType: 'ALB', deleteMode: 'delete' },
      { resourceType: 'SLS_Data', deleteMode: 'retain' },
      { resourceType: 'SLS_ControlPlane', deleteMode: 'retain' },
    ],
  });
  // not the deprecated workerVswitchIds
  expect(cluster).not.toHaveProperty('workerVswitchIds');
  // the create-only addons list never shows as a diff
  expect(registration(T.cluster, 'prod-ack').ignoreChanges).toEqual(['addons']);
  expect(registration(T.cluster, 'prod-ack').parent).toBe(
    urnOf({ type: 'ack-serving:cloud:AckCluster', name: 'prod' }),
  );
});

test('builds the Kubernetes provider from cs.getClusterCredential and keeps the kubeconfig secret', async () => {
  // GIVEN
  const pulumi = await import('@pulumi/pulumi');
  const { AckCluster } = await import('../../lib/cloud/ack-cluster');
  // WHEN
  const c = new AckCluster('prod', { ...base, credentialMinutes: 60 });
  await settle();
  // THEN
  const invoke = calls.find(
    (x) => x.token === 'alicloud:cs/getClusterCredential:getClusterCredential',
  );
  expect(invoke?.inputs).toEqual({ clusterId: 'prod-ack-id', temporaryDurationMinutes: 60 });
  const provider = registration(T.k8sProvider, 'prod-k8s');
  expect(isSecretValue(provider.rawInputs.kubeconfig)).toBe(true);
  expect(provider.rawInputs.enableServerSideApply).toBe('true');
  expect(provider.parent).toBe(urnOf({ type: 'ack-serving:cloud:AckCluster', name: 'prod' }));
  expect(provider.dependencies).toContain(urnOf({ type: T.cluster, name: 'prod-ack' }));
  expect(await pulumi.isSecret(c.kubeconfig)).toBe(true);
  expect(await promiseOf(c.kubeconfig)).toContain('# mock kubeconfig');
});

test('uses a given kubeconfig instead of fetching one, still as a secret', async () => {
  const { AckCluster } = await import('../../lib/cloud/ack-cluster');
  new AckCluster('prod', {
    ...base,
    kubeconfig: 'apiVersion: v1\nkind: Config\n# private endpoint',
  });
  await settle();
  expect(calls.filter((x) => x.token.includes('getClusterCredential'))).toEqual([]);
  const provider = registration(T.k8sProvider, 'prod-k8s');
  expect(provider.rawInputs.kubeconfig).toMatchObject({
    value: 'apiVersion: v1\nkind: Config\n# private endpoint',
  });
  expect(isSecretValue(provider.rawInputs.kubeconfig)).toBe(true);
});

test('merges the user Terway config and addons, and turns optional parts off', async () => {
  // GIVEN
  const { AckCluster } = await import('../../lib/cloud/ack-cluster');
  // WHEN
  new AckCluster('prod', {
    ...base,
    addons: [
      { name: 'terway-eniip', config: { NetworkPolicy: 'true' } },
      { name: 'csi-plugin', version: 'v1.30.0' },
      { name: 'ack-goatscaler', config: { enabled: true } },
    ],
    maintenanceWindow: false,
    controlPlaneLogs: false,
    deletionProtection: false,
    autoUpgrade: undefined,
    clusterOverrides: { timezone: 'Asia/Shanghai' },
  });
  await settle();
  // THEN
  const cluster = inputsOf(T.cluster)['prod-ack'];
  expect(cluster.addons).toEqual([
    {
      name: 'terway-eniip',
      config: '{"NetworkPolicy":"true","ENITrunking":"true","IPVlan":"false"}',
    },
    { name: 'managed-csiprovisioner' },
    { name: 'nginx-ingress-controller', disabled: true },
    { name: 'csi-plugin', version: 'v1.30.0' },
    { name: 'ack-goatscaler', config: '{"enabled":true}' },
  ]);
  expect(cluster.maintenanceWindow).toEqual({ enable: false });
  expect(cluster).not.toHaveProperty('controlPlaneLogComponents');
  expect(cluster.deletionProtection).toBe(false);
  expect(cluster.timezone).toBe('Asia/Shanghai');
});

test('sets the auto-upgrade channel', async () => {
  const { AckCluster } = await import('../../lib/cloud/ack-cluster');
  new AckCluster('prod', { ...base, autoUpgrade: { channel: 'stable' } });
  await settle();
  expect(inputsOf(T.cluster)['prod-ack'].operationPolicy).toEqual({
    clusterAutoUpgrade: { enabled: true, channel: 'stable' },
  });
});

test('throws on a service CIDR inside the VPC and Terway without pod vSwitches', async () => {
  const { AckCluster } = await import('../../lib/cloud/ack-cluster');
  expect(
    () =>
      new AckCluster('prod', {
        vswitchIds: ['vsw-a'],
        podVswitchIds: [],
        serviceCidr: '10.96.0.0/16',
        vpcCidr: '10.0.0.0/8',
      }),
  ).toThrow(
    [
      "invalid arguments for AckCluster 'prod':",
      "podVswitchIds: podVswitchIds is empty; Terway needs one pod vSwitch per zone, and ACK refuses 'terway-eniip' without them",
      "serviceCidr: service CIDR '10.96.0.0/16' overlaps the VPC CIDR '10.0.0.0/8'; pick a private range outside the VPC, such as '192.168.0.0/16'",
    ].join('\n'),
  );
  await settle();
  expect(created).toEqual([]);
});

test('lets ACK create an enterprise security group with its own rules unless one is given', async () => {
  // GIVEN
  const { AckCluster } = await import('../../lib/cloud/ack-cluster');
  // WHEN
  new AckCluster('a', base);
  new AckCluster('b', { ...base, enterpriseSecurityGroup: false });
  await settle();
  // THEN ACK adds no rules to a group it is given, so by default it makes its own
  const clusters = inputsOf(T.cluster);
  expect(clusters['a-ack']).toMatchObject({ isEnterpriseSecurityGroup: true });
  expect(clusters['a-ack']).not.toHaveProperty('securityGroupId');
  expect(clusters['b-ack']).toMatchObject({ isEnterpriseSecurityGroup: false });
  expect(
    () => new AckCluster('c', { ...base, securityGroupId: 'sg-1', enterpriseSecurityGroup: true }),
  ).toThrow(
    "invalid arguments for AckCluster 'c':\nenterpriseSecurityGroup: enterpriseSecurityGroup is set together with securityGroupId; it only chooses the type of the group ACK creates: remove one of them",
  );
});

test('throws on a Kubernetes version ACK no longer creates clusters on, listing the ones it does', async () => {
  const { AckCluster } = await import('../../lib/cloud/ack-cluster');
  expect(() => new AckCluster('prod', { ...base, version: '1.31.1-aliyun.1' })).toThrow(
    "invalid arguments for AckCluster 'prod':\nversion: version '1.31.1-aliyun.1' is not one ACK creates clusters on (as of 2026-12-02: 1.36.x-aliyun.n, 1.35.x-aliyun.n); pick one of those, leave it unset for ACK's newest, or set supportedMinorVersions if cs.getKubernetesVersion lists it",
  );
  // a caller who has checked cs.getKubernetesVersion can widen the list
  expect(
    () =>
      new AckCluster('next', {
        ...base,
        version: '1.37.0-aliyun.1',
        supportedMinorVersions: ['1.37'],
      }),
  ).not.toThrow();
});

test('checks overrides against the provider rules and names them by their override path', async () => {
  const { AckCluster } = await import('../../lib/cloud/ack-cluster');
  expect(
    () =>
      new AckCluster('prod', {
        ...base,
        clusterOverrides: { proxyMode: 'userspace', nodeCidrMask: 30, zoneIds: ['cn-hangzhou-h'] },
      }),
  ).toThrow(
    [
      "invalid arguments for AckCluster 'prod':",
      "clusterOverrides.zoneIds: 'vswitchIds', 'zoneIds' are both set; the provider takes exactly one of 'workerVswitchIds', 'vswitchIds', 'zoneIds' (provider rule alicloud/resource_alicloud_cs_managed_kubernetes.go:225)",
      'clusterOverrides.nodeCidrMask: 30 must be a whole number from 24 to 28 (provider rule alicloud/resource_alicloud_cs_managed_kubernetes.go:250)',
      "clusterOverrides.proxyMode: 'userspace' is not accepted by the provider; use one of iptables, ipvs, nftables (provider rule alicloud/resource_alicloud_cs_managed_kubernetes.go:322)",
    ].join('\n'),
  );
});

test('sends newNatGateway false, which the provider drops, and true as true', async () => {
  const { AckCluster } = await import('../../lib/cloud/ack-cluster');
  new AckCluster('own', base);
  new AckCluster('ack', { ...base, newNatGateway: true });
  await settle();
  expect(inputsOf(T.cluster)['own-ack'].newNatGateway).toBe(false);
  expect(inputsOf(T.cluster)['ack-ack'].newNatGateway).toBe(true);
});
