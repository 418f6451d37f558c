import * as alicloud from '@pulumi/alicloud';
import * as pulumi from '@pulumi/pulumi';
import { GPU_POOL, GPU_TAINT, POOL_LABEL_KEY, STEADY_POOL } from '../ack/node-labels';
import { checkGpuNodePoolArgs, checkSteadyNodePoolArgs } from './checks';
import {
  DEFAULT_GPU_MAX_SIZE,
  DEFAULT_STEADY_INSTANCE_TYPES,
  DEFAULT_STEADY_SIZE,
} from './defaults';
import { childOptions } from './_util';
import { throwIfInvalid } from './errors';

/** `cs.NodePool.instanceChargeType`: `PrePaid` is subscription, `PostPaid` pay-as-you-go. */
export type NodeChargeType = 'PrePaid' | 'PostPaid';

export interface SubscriptionOptions {
  /** Subscription length in months: 1, 2, 3, 6 or 12. @default 1 */
  readonly periodMonths?: number;
  /** @default true */
  readonly autoRenew?: boolean;
  /** Renewal length in months: 1, 2, 3, 6 or 12. @default 1 */
  readonly autoRenewPeriodMonths?: number;
}

export interface SystemDisk {
  /** @default 'cloud_essd' */
  readonly category?: string;
  /** GiB. @default 120 for the steady pool, 200 for the GPU pool */
  readonly sizeGiB?: number;
}

/** Settings both pools share. */
export interface NodePoolCommonArgs {
  readonly clusterId: pulumi.Input<string>;
  /** Node vSwitches; the pool spreads across their zones. */
  readonly vswitchIds: pulumi.Input<pulumi.Input<string>[]>;
  /** Extra node labels; the pool label `ack-serving.io/pool` is always set. @default - none */
  readonly labels?: Readonly<Record<string, string>>;
  /** @default - see each pool */
  readonly systemDisk?: SystemDisk;
  /** @default 'AliyunLinux3' */
  readonly imageType?: string;
  /** ECS key pair for node login (managed pools only support key login). @default - none */
  readonly keyName?: pulumi.Input<string>;
  /** Security groups for the nodes (ForceNew). @default - the cluster's */
  readonly securityGroupIds?: pulumi.Input<pulumi.Input<string>[]>;
  /** Escape hatch: raw `cs.NodePool` arguments applied after the library's values. @default - none */
  readonly nodePoolOverrides?: Partial<alicloud.cs.NodePoolArgs>;
}

export interface SteadyNodePoolArgs extends NodePoolCommonArgs {
  /** @default 'steady' */
  readonly nodePoolName?: string;
  /** Ordered fallback list. @default ['ecs.g8i.2xlarge', 'ecs.g7.2xlarge'] */
  readonly instanceTypes?: readonly string[];
  /** Fixed number of nodes; Knative on ACK needs at least 3 workers. @default 3 */
  readonly size?: number;
  /** @default 'PrePaid' */
  readonly chargeType?: NodeChargeType;
  /** Used when `chargeType` is `PrePaid`. @default - one month, renewed monthly */
  readonly subscription?: SubscriptionOptions;
}

export interface GpuNodePoolArgs extends NodePoolCommonArgs {
  /** @default 'gpu' */
  readonly nodePoolName?: string;
  /** GPU instance types (`ecs.gn*` families), tried in order. */
  readonly instanceTypes: readonly string[];
  /** @default 0 */
  readonly minSize?: number;
  /** @default 4 */
  readonly maxSize?: number;
  /** `gpushare` for shared GPUs (needs the cGPU components). @default 'gpu' */
  readonly scalingType?: 'gpu' | 'gpushare';
  /** @default 'PostPaid' */
  readonly chargeType?: NodeChargeType;
  /** Used when `chargeType` is `PrePaid`. @default - one month, renewed monthly */
  readonly subscription?: SubscriptionOptions;
  /** @default 'BALANCE' */
  readonly multiAzPolicy?: 'PRIORITY' | 'COST_OPTIMIZED' | 'BALANCE';
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
    keyName: args.keyName,
    securityGroupIds: args.securityGroupIds,
  };
}

// Creation runs before deletion on replacement and ACK rejects a duplicate pool name
// (aliyun/terraform-provider-alicloud#6502), so replace by deleting first.
const REPLACE_SAFELY = { deleteBeforeReplace: true } as const;

/** A fixed-size subscription CPU pool labelled `ack-serving.io/pool: steady`. */
export class SteadyNodePool extends pulumi.ComponentResource {
  public readonly nodePool: alicloud.cs.NodePool;
  public readonly nodePoolId: pulumi.Output<string>;

  constructor(name: string, args: SteadyNodePoolArgs, opts: pulumi.ComponentResourceOptions = {}) {
    throwIfInvalid('SteadyNodePool', name, checkSteadyNodePoolArgs(args));
    super('ack-serving:cloud:SteadyNodePool', name, {}, opts);
    this.nodePool = new alicloud.cs.NodePool(
      `${name}-pool`,
      {
        ...common(args, STEADY_POOL, 120),
        nodePoolName: args.nodePoolName ?? 'steady',
        instanceTypes: [...(args.instanceTypes ?? DEFAULT_STEADY_INSTANCE_TYPES)],
        // a string in the Pulumi SDK; replaces the deprecated nodeCount
        desiredSize: String(args.size ?? DEFAULT_STEADY_SIZE),
        ...charge(args.chargeType ?? 'PrePaid', args.subscription),
        management: { enable: true, autoRepair: true, autoUpgrade: true, maxUnavailable: 1 },
        ...args.nodePoolOverrides,
      },
      childOptions(this, opts, [], REPLACE_SAFELY),
    );
    this.nodePoolId = this.nodePool.id;
    this.registerOutputs({ nodePoolId: this.nodePoolId });
  }
}

/**
 * An autoscaling GPU pool: nodes labelled `ack-serving.io/pool: gpu` and tainted
 * `nvidia.com/gpu=true:NoSchedule`, scaling between `minSize` and `maxSize`.
 */
export class GpuNodePool extends pulumi.ComponentResource {
  public readonly nodePool: alicloud.cs.NodePool;
  public readonly nodePoolId: pulumi.Output<string>;

  constructor(name: string, args: GpuNodePoolArgs, opts: pulumi.ComponentResourceOptions = {}) {
    throwIfInvalid('GpuNodePool', name, checkGpuNodePoolArgs(args));
    super('ack-serving:cloud:GpuNodePool', name, {}, opts);
    this.nodePool = new alicloud.cs.NodePool(
      `${name}-pool`,
      {
        ...common(args, GPU_POOL, 200),
        nodePoolName: args.nodePoolName ?? 'gpu',
        instanceTypes: [...args.instanceTypes],
        ...charge(args.chargeType ?? 'PostPaid', args.subscription),
        multiAzPolicy: args.multiAzPolicy ?? 'BALANCE',
        taints: [{ ...GPU_TAINT }],
        scalingConfig: {
          enable: true,
          minSize: args.minSize ?? 0,
          maxSize: args.maxSize ?? DEFAULT_GPU_MAX_SIZE,
          type: args.scalingType ?? 'gpu',
        },
        ...args.nodePoolOverrides,
      },
      childOptions(this, opts, [], REPLACE_SAFELY),
    );
    this.nodePoolId = this.nodePool.id;
    this.registerOutputs({ nodePoolId: this.nodePoolId });
  }
}
