import * as alicloud from '@pulumi/alicloud';
import * as pulumi from '@pulumi/pulumi';
import { checkGpuNodePoolArgs, checkSteadyNodePoolArgs } from './checks';
import { AUTOSCALER_ROLE } from './defaults';
import { childOptions } from './_util';
import { throwIfInvalid } from './errors';
import { gpuPoolInputs, steadyPoolInputs } from './inputs';

export { gpuPoolInputs, steadyPoolInputs } from './inputs';

/** The inputs with the node password, if any, as a secret: never in plain text in state or plans. */
function withSecretPassword(inputs: alicloud.cs.NodePoolArgs): alicloud.cs.NodePoolArgs {
  return inputs.password === undefined
    ? inputs
    : { ...inputs, password: pulumi.secret(inputs.password) };
}

/**
 * The `check` mode's test of a role lookup's `names`: true when the autoscaler role is listed;
 * throws `missingRoleMessage` when the lookup listed roles without it.
 */
export function requireAutoscalerRole(names: unknown, pool: string): true {
  if (Array.isArray(names) && !names.includes(AUTOSCALER_ROLE)) {
    throw new Error(missingRoleMessage(pool));
  }
  return true;
}

/** What the `check` role mode says when the autoscaler role is missing. */
export function missingRoleMessage(pool: string): string {
  return (
    `GPU pool '${pool}' autoscales, and the RAM role '${AUTOSCALER_ROLE}' it needs does not exist in this account; ` +
    `authorize it once in the RAM console (ACK > Cloud resource authorization), or set autoscalerRole to 'create'`
  );
}

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
  /**
   * Name of an ECS key pair in the region for node login. The provider's documentation requires
   * `keyName` or `password`; managed pools (the steady pool by default) take only `keyName`.
   * @default - none; give this or `password`
   */
  readonly keyName?: pulumi.Input<string>;
  /**
   * Root password for node login, 8 to 30 characters with three of: upper case, lower case, digits,
   * symbols. Sent as a secret and never printed. Not for managed pools.
   * @default - none; give this or `keyName`
   */
  readonly password?: pulumi.Input<string>;
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
  /**
   * A managed pool (auto repair, auto upgrade in the cluster's maintenance window). Managed pools
   * accept only key-pair login.
   * @default true
   */
  readonly managed?: boolean;
}

/**
 * How the GPU pool's autoscaler gets the `AliyunCSManagedAutoScalerRole` RAM role it needs:
 * `check` looks it up at deploy time and stops the pool with an error naming the fix when it is
 * missing; `create` creates it with its system policy (fails if it already exists); `skip` trusts
 * that it is there.
 */
export type AutoscalerRoleMode = 'check' | 'create' | 'skip';

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
  /** @default 'check' */
  readonly autoscalerRole?: AutoscalerRoleMode;
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
      withSecretPassword(steadyPoolInputs(args)),
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
    const mode = args.autoscalerRole ?? 'check';
    let enable: pulumi.Input<boolean> = true;
    const own: pulumi.Resource[] = [];
    if (mode === 'check') {
      // The pool's autoscaler switch waits for the lookup: a missing role fails this pool with a
      // message that says what to do, before ACK accepts a pool that can never scale.
      const roles = alicloud.ram.getRolesOutput(
        { nameRegex: `^${AUTOSCALER_ROLE}$` },
        { parent: this },
      );
      enable = roles.names.apply((names) => requireAutoscalerRole(names, name));
    } else if (mode === 'create') {
      const role = new alicloud.ram.Role(
        `${name}-autoscaler-role`,
        {
          roleName: AUTOSCALER_ROLE,
          assumeRolePolicyDocument: JSON.stringify({
            Version: '1',
            Statement: [
              {
                Action: 'sts:AssumeRole',
                Effect: 'Allow',
                Principal: { Service: ['cs.aliyuncs.com'] },
              },
            ],
          }),
          description: 'ACK cluster autoscaler (node pools with auto scaling)',
        },
        { parent: this },
      );
      own.push(
        new alicloud.ram.RolePolicyAttachment(
          `${name}-autoscaler-policy`,
          {
            roleName: role.roleName,
            policyName: `${AUTOSCALER_ROLE}Policy`,
            policyType: 'System',
          },
          { parent: this },
        ),
      );
    }
    this.nodePool = new alicloud.cs.NodePool(
      `${name}-pool`,
      withSecretPassword(gpuPoolInputs(args, enable)),
      childOptions(this, opts, own, REPLACE_SAFELY),
    );
    this.nodePoolId = this.nodePool.id;
    this.registerOutputs({ nodePoolId: this.nodePoolId });
  }
}
