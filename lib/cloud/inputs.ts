/**
 * The inputs the components send to `@pulumi/alicloud`, built by pure functions so that they can be
 * checked against the provider's rules (provider-rules.ts) before anything is registered, and read
 * in tests and plans. Only types are imported from `@pulumi/*`, so the checks load no Pulumi.
 */
import type * as alicloud from '@pulumi/alicloud';
import type * as pulumi from '@pulumi/pulumi';
import { GPU_POOL, GPU_TAINT, POOL_LABEL_KEY, STEADY_POOL } from '../ack/node-labels';
import type { AckClusterArgs, CreateTimeAddon } from './ack-cluster';
import {
  ADDON_NAMES,
  DEFAULT_CLUSTER_SPEC,
  DEFAULT_CONTROL_PLANE_LOG_COMPONENTS,
  DEFAULT_CONTROL_PLANE_LOG_TTL_DAYS,
  DEFAULT_DELETE_OPTIONS,
  DEFAULT_GPU_MAX_SIZE,
  DEFAULT_MAINTENANCE_WINDOW,
  DEFAULT_SERVICE_CIDR,
  DEFAULT_STEADY_INSTANCE_TYPES,
  DEFAULT_STEADY_SIZE,
  TERWAY_CONFIG,
} from './defaults';
import type {
  GpuNodePoolArgs,
  NodeChargeType,
  NodePoolCommonArgs,
  SteadyNodePoolArgs,
  SubscriptionOptions,
} from './node-pools';

export const CLUSTER_TYPE = 'alicloud:cs/managedKubernetes:ManagedKubernetes';
export const NODE_POOL_TYPE = 'alicloud:cs/nodePool:NodePool';

/** Builds the create-time addon list: Terway always, then the defaults, then the user's. */
export function createTimeAddons(
  args: AckClusterArgs,
): alicloud.types.input.cs.ManagedKubernetesAddon[] {
  const user = args.addons ?? [];
  const userTerway = user.find((a) => a.name === ADDON_NAMES.terway);
  const terway = {
    name: ADDON_NAMES.terway,
    config: JSON.stringify({ ...(args.terwayConfig ?? TERWAY_CONFIG), ...userTerway?.config }),
    ...(userTerway?.version ? { version: userTerway.version } : {}),
  };
  const defaults: CreateTimeAddon[] = [
    { name: ADDON_NAMES.csiPlugin },
    { name: ADDON_NAMES.csiProvisioner },
    { name: ADDON_NAMES.nginxIngress, disabled: true },
  ];
  const rest = [
    ...defaults.filter((d) => !user.some((u) => u.name === d.name)),
    ...user.filter((u) => u.name !== ADDON_NAMES.terway),
  ];
  return [
    terway,
    ...rest.map((a) => ({
      name: a.name,
      ...(a.config ? { config: JSON.stringify(a.config) } : {}),
      ...(a.version ? { version: a.version } : {}),
      ...(a.disabled ? { disabled: true } : {}),
    })),
  ];
}

/** The `cs.ManagedKubernetes` inputs of `AckCluster`, overrides last. */
export function clusterInputs(
  name: string,
  args: AckClusterArgs,
): alicloud.cs.ManagedKubernetesArgs {
  const window =
    args.maintenanceWindow === false
      ? undefined
      : (args.maintenanceWindow ?? DEFAULT_MAINTENANCE_WINDOW);
  const logs = args.controlPlaneLogs === false ? undefined : (args.controlPlaneLogs ?? {});
  // Either a group you bring (ACK adds no rules to it) or one ACK creates with its own rules.
  const securityGroup =
    args.securityGroupId !== undefined
      ? { securityGroupId: args.securityGroupId }
      : { isEnterpriseSecurityGroup: args.enterpriseSecurityGroup ?? true };
  return {
    name: args.clusterName ?? name,
    clusterSpec: args.clusterSpec ?? DEFAULT_CLUSTER_SPEC,
    version: args.version,
    // vswitchIds, not the deprecated workerVswitchIds
    vswitchIds: args.vswitchIds,
    podVswitchIds: args.podVswitchIds,
    serviceCidr: args.serviceCidr ?? DEFAULT_SERVICE_CIDR,
    ...securityGroup,
    // `false` never reaches the API (GetOk, resource_alicloud_cs_managed_kubernetes.go:1018); the
    // cluster waits for the network's SNAT entries instead, so the VPC reaches the internet.
    newNatGateway: args.newNatGateway ?? false,
    slbInternetEnabled: args.slbInternetEnabled ?? true,
    proxyMode: 'ipvs',
    deletionProtection: args.deletionProtection ?? true,
    enableRrsa: args.enableRrsa ?? true,
    maintenanceWindow: window ? { enable: true, ...window } : { enable: false },
    operationPolicy: args.autoUpgrade
      ? { clusterAutoUpgrade: { enabled: true, channel: args.autoUpgrade.channel } }
      : undefined,
    controlPlaneLogComponents: logs
      ? [...(logs.components ?? DEFAULT_CONTROL_PLANE_LOG_COMPONENTS)]
      : undefined,
    controlPlaneLogTtl: logs
      ? String(logs.ttlDays ?? DEFAULT_CONTROL_PLANE_LOG_TTL_DAYS)
      : undefined,
    controlPlaneLogProject: logs?.project,
    auditLogConfig: args.auditLog ?? { enabled: true },
    addons: createTimeAddons(args),
    deleteOptions: (args.deleteOptions ?? DEFAULT_DELETE_OPTIONS).map((o) => ({ ...o })),
    tags: args.tags ? { ...args.tags } : undefined,
    ...args.clusterOverrides,
  };
}

function labelList(pool: string, extra?: Readonly<Record<string, string>>) {
  const labels: Record<string, string> = { ...extra, [POOL_LABEL_KEY]: pool };
  return Object.keys(labels)
    .sort()
    .map((key) => ({ key, value: labels[key] }));
}

function charge(chargeType: NodeChargeType, sub: SubscriptionOptions | undefined) {
  if (chargeType === 'PostPaid') return { instanceChargeType: 'PostPaid' };
  return {
    instanceChargeType: 'PrePaid',
    period: sub?.periodMonths ?? 1,
    periodUnit: 'Month',
    autoRenew: sub?.autoRenew ?? true,
    autoRenewPeriod: sub?.autoRenewPeriodMonths ?? 1,
  };
}

function common(args: NodePoolCommonArgs, pool: string, diskSize: number) {
  return {
    clusterId: args.clusterId,
    vswitchIds: args.vswitchIds,
    labels: labelList(pool, args.labels),
    systemDiskCategory: args.systemDisk?.category ?? 'cloud_essd',
    systemDiskSize: args.systemDisk?.sizeGiB ?? diskSize,
    imageType: args.imageType ?? 'AliyunLinux3',
    runtimeName: 'containerd',
    // node login: a key pair name, or a password (the components send it with pulumi.secret)
    keyName: args.keyName,
    password: args.password,
    securityGroupIds: args.securityGroupIds,
  };
}

/** The `cs.NodePool` inputs of `SteadyNodePool`, overrides last. */
export function steadyPoolInputs(args: SteadyNodePoolArgs): alicloud.cs.NodePoolArgs {
  return {
    ...common(args, STEADY_POOL, 120),
    nodePoolName: args.nodePoolName ?? 'steady',
    instanceTypes: [...(args.instanceTypes ?? DEFAULT_STEADY_INSTANCE_TYPES)],
    // a string in the Pulumi SDK; replaces the deprecated nodeCount
    desiredSize: String(args.size ?? DEFAULT_STEADY_SIZE),
    ...charge(args.chargeType ?? 'PrePaid', args.subscription),
    management:
      (args.managed ?? true)
        ? { enable: true, autoRepair: true, autoUpgrade: true, maxUnavailable: 1 }
        : undefined,
    ...args.nodePoolOverrides,
  };
}

/**
 * The `cs.NodePool` inputs of `GpuNodePool`, overrides last. `enable` is the autoscaler switch; the
 * component passes the role check's result there, so a missing role stops the pool, not the run.
 */
export function gpuPoolInputs(
  args: GpuNodePoolArgs,
  enable: pulumi.Input<boolean> = true,
): alicloud.cs.NodePoolArgs {
  return {
    ...common(args, GPU_POOL, 200),
    nodePoolName: args.nodePoolName ?? 'gpu',
    instanceTypes: [...args.instanceTypes],
    ...charge(args.chargeType ?? 'PostPaid', args.subscription),
    multiAzPolicy: args.multiAzPolicy ?? 'BALANCE',
    taints: [{ ...GPU_TAINT }],
    scalingConfig: {
      enable,
      minSize: args.minSize ?? 0,
      maxSize: args.maxSize ?? DEFAULT_GPU_MAX_SIZE,
      type: args.scalingType ?? 'gpu',
    },
    ...args.nodePoolOverrides,
  };
}
