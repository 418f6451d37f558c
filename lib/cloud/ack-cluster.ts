import * as alicloud from '@pulumi/alicloud';
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { checkClusterArgs } from './checks';
import { CLUSTER_TIMEOUTS, DEFAULT_CREDENTIAL_MINUTES } from './defaults';
import { childOptions } from './_util';
import { throwIfInvalid } from './errors';
import { clusterInputs } from './inputs';

export { clusterInputs, createTimeAddons } from './inputs';

/** An addon installed when the cluster is created (the cluster's `addons` list is create-only). */
export interface CreateTimeAddon {
  readonly name: string;
  /**
   * Addon configuration, serialized to JSON.
   * @default - the addon's own defaults
   */
  readonly config?: Readonly<Record<string, unknown>>;
  /** @default - the latest version */
  readonly version?: string;
  /**
   * Suppress an addon ACK would install by default.
   * @default false
   */
  readonly disabled?: boolean;
}

export interface MaintenanceWindow {
  /** RFC 3339 start, such as `2026-01-05T03:00:00.000+08:00`; the time of day and offset matter. */
  readonly maintenanceTime: string;
  /** Length, `1h` to `24h`. */
  readonly duration: string;
  /** Comma-separated English weekdays, such as `Monday,Thursday`. */
  readonly weeklyPeriod: string;
}

export interface ControlPlaneLogs {
  /** @default ['apiserver', 'kcm', 'scheduler', 'ccm', 'controlplane-events'] */
  readonly components?: readonly string[];
  /** @default 30 */
  readonly ttlDays?: number;
  /** @default - ACK creates the SLS project `k8s-log-<cluster id>` */
  readonly project?: string;
}

export interface AckClusterArgs {
  /**
   * Cluster name shown in the console.
   * @default - the component name
   */
  readonly clusterName?: string;
  /**
   * Cluster specification.
   * @default 'ack.pro.small'
   */
  readonly clusterSpec?: string;
  /**
   * Kubernetes version such as `1.31.1-aliyun.1`; only upgrades are possible. Leave unset with
   * `autoUpgrade`.
   * @default - the latest version at creation
   */
  readonly version?: string;
  /** Node (control-plane) vSwitches, one per zone. */
  readonly vswitchIds: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * Terway pod vSwitches, create-only. The `terway-eniip` addon is always installed with them:
   * without it ACK assumes Flannel and fails with `InvalidPodVswitchIds`.
   */
  readonly podVswitchIds: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * Terway addon configuration.
   * @default { NetworkPolicy: 'false', ENITrunking: 'true', IPVlan: 'false' }
   */
  readonly terwayConfig?: Readonly<Record<string, string>>;
  /**
   * Service CIDR, ForceNew. Must not overlap the VPC or the pod vSwitches.
   * @default '192.168.0.0/16'
   */
  readonly serviceCidr?: string;
  /**
   * The VPC CIDR, only to check `serviceCidr` against it.
   * @default - unknown, the check is skipped
   */
  readonly vpcCidr?: string;
  /**
   * The pod vSwitch CIDRs, only to check `serviceCidr` against them.
   * @default - unknown, the check is skipped
   */
  readonly podCidrs?: readonly string[];
  /**
   * Minor versions `version` may name, such as `['1.35']`, when `cs.getKubernetesVersion` lists
   * one the library's dated table does not.
   * @default - the minor versions ACK creates clusters on per the table in defaults.ts
   */
  readonly supportedMinorVersions?: readonly string[];
  /**
   * An existing security group for the nodes. ACK adds no rules to a group you bring (ACK docs,
   * "Configure and manage cluster security groups"): it must already allow the cluster's traffic.
   * @default - ACK creates the group and its rules
   */
  readonly securityGroupId?: pulumi.Input<string>;
  /**
   * When ACK creates the security group: an enterprise (advanced) group, which scales to the many
   * ENIs of Terway pods and ECI, or a normal one. Not with `securityGroupId` (create-only).
   * @default true
   */
  readonly enterpriseSecurityGroup?: boolean;
  /**
   * Let ACK create a NAT gateway and SNAT entries (create-only). `true` is sent as such; `false`
   * is dropped by the provider (it reads the field with `GetOk`), so the API's own default applies.
   * Leave it false when the VPC already reaches the internet (`AckNetwork` builds a NAT gateway with
   * an SNAT entry per vSwitch, and the cluster waits for them).
   * @default false
   */
  readonly newNatGateway?: boolean;
  /**
   * Public API server endpoint (create-only). `cs.getClusterCredential` always returns the public
   * endpoint, so turning this off needs a user-provided kubeconfig or a run inside the VPC.
   * @default true
   */
  readonly slbInternetEnabled?: boolean;
  /**
   * Deletion protection. While on, `pulumi destroy` and every replacement of the cluster (a change
   * of a ForceNew field such as `serviceCidr`) fail; turn it off with an `up` first.
   * @default true
   */
  readonly deletionProtection?: boolean;
  /**
   * Weekly maintenance window, used by managed node pools and auto-upgrade; `false` turns it off.
   * @default - Monday and Thursday, 03:00 +08:00, 3 hours
   */
  readonly maintenanceWindow?: MaintenanceWindow | false;
  /**
   * Automatic cluster upgrades on a channel. Needs the maintenance window; conflicts with `version`.
   * @default - off
   */
  readonly autoUpgrade?: { readonly channel: 'patch' | 'stable' | 'rapid' };
  /**
   * Control-plane logs to Log Service; `false` turns them off.
   * @default - the five core components, kept 30 days
   */
  readonly controlPlaneLogs?: ControlPlaneLogs | false;
  /**
   * API server audit logs to Log Service.
   * @default - on, in ACK's default project
   */
  readonly auditLog?: { readonly enabled: boolean; readonly slsProjectName?: string };
  /**
   * RAM Roles for Service Accounts. Cannot be turned off once on.
   * @default true
   */
  readonly enableRrsa?: boolean;
  /**
   * Extra create-time addons. Only what must exist before the first node belongs here; anything
   * configured later belongs in a `cs.KubernetesAddon` (for example `VirtualNodes`, `KnativeAddon`).
   * @default - csi-plugin, managed-csiprovisioner, and nginx-ingress-controller disabled
   */
  readonly addons?: readonly CreateTimeAddon[];
  /**
   * What happens to cloud resources ACK created when the cluster is deleted.
   * @default - SLB and ALB deleted, SLS data and control-plane logs retained
   */
  readonly deleteOptions?: readonly { resourceType: string; deleteMode: 'delete' | 'retain' }[];
  /**
   * Lifetime of the kubeconfig fetched on each run, 15 to 4320 minutes.
   * @default 4320
   */
  readonly credentialMinutes?: number;
  /**
   * Use this kubeconfig for the Kubernetes provider instead of `cs.getClusterCredential` (for a
   * private endpoint). It is wrapped as a secret.
   * @default - fetched with `cs.getClusterCredential`
   */
  readonly kubeconfig?: pulumi.Input<string>;
  /**
   * Escape hatch: raw `cs.ManagedKubernetes` arguments applied after the library's values.
   * @default - none
   */
  readonly clusterOverrides?: Partial<alicloud.cs.ManagedKubernetesArgs>;
  /** @default - no tags */
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * Builds a Kubernetes provider from a kubeconfig, kept secret, with server-side apply (needed by
 * `ConfigMapPatch`).
 */
export function kubernetesProvider(
  name: string,
  kubeconfig: pulumi.Input<string>,
  opts: pulumi.CustomResourceOptions,
): k8s.Provider {
  return new k8s.Provider(
    name,
    { kubeconfig: pulumi.secret(kubeconfig), enableServerSideApply: true },
    opts,
  );
}

/**
 * An ACK managed Pro cluster with Terway, deletion protection, a maintenance window, control-plane
 * and audit logs and RRSA, plus a `@pulumi/kubernetes` provider for it.
 */
export class AckCluster extends pulumi.ComponentResource {
  public readonly cluster: alicloud.cs.ManagedKubernetes;
  public readonly clusterId: pulumi.Output<string>;
  /** Kubeconfig for the public endpoint; a secret. */
  public readonly kubeconfig: pulumi.Output<string>;
  /** Kubernetes provider for this cluster, with server-side apply on. */
  public readonly provider: k8s.Provider;
  public readonly apiServerInternet: pulumi.Output<string | undefined>;
  public readonly workerRamRoleName: pulumi.Output<string>;
  public readonly rrsaMetadata: pulumi.Output<unknown>;

  constructor(name: string, args: AckClusterArgs, opts: pulumi.ComponentResourceOptions = {}) {
    const inputs = clusterInputs(name, args);
    throwIfInvalid('AckCluster', name, checkClusterArgs(args, '', name));
    super('ack-serving:cloud:AckCluster', name, {}, opts);
    this.cluster = new alicloud.cs.ManagedKubernetes(
      `${name}-ack`,
      inputs,
      childOptions(this, opts, [], {
        customTimeouts: { ...CLUSTER_TIMEOUTS },
        // The cluster's `addons` list is create-only: later edits do nothing in ACK, so they must not
        // show as diffs either. Manage post-create addons with cs.KubernetesAddon.
        ignoreChanges: ['addons'],
      }),
    );
    this.clusterId = this.cluster.id;
    this.apiServerInternet = this.cluster.connections.apply((c) => c?.apiServerInternet);
    this.workerRamRoleName = this.cluster.workerRamRoleName;
    this.rrsaMetadata = this.cluster.rrsaMetadata;

    const kubeconfig =
      args.kubeconfig ??
      alicloud.cs.getClusterCredentialOutput(
        {
          clusterId: this.cluster.id,
          temporaryDurationMinutes: args.credentialMinutes ?? DEFAULT_CREDENTIAL_MINUTES,
        },
        { parent: this },
      ).kubeConfig;
    this.kubeconfig = pulumi.secret(kubeconfig);
    this.provider = kubernetesProvider(`${name}-k8s`, this.kubeconfig, childOptions(this, opts));

    this.registerOutputs({
      clusterId: this.clusterId,
      kubeconfig: this.kubeconfig,
      apiServerInternet: this.apiServerInternet,
      workerRamRoleName: this.workerRamRoleName,
    });
  }
}
