import * as alicloud from '@pulumi/alicloud';
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { checkClusterArgs } from './checks';
import {
  ADDON_NAMES,
  CLUSTER_TIMEOUTS,
  DEFAULT_CLUSTER_SPEC,
  DEFAULT_CONTROL_PLANE_LOG_COMPONENTS,
  DEFAULT_CONTROL_PLANE_LOG_TTL_DAYS,
  DEFAULT_CREDENTIAL_MINUTES,
  DEFAULT_DELETE_OPTIONS,
  DEFAULT_MAINTENANCE_WINDOW,
  DEFAULT_SERVICE_CIDR,
  TERWAY_CONFIG,
} from './defaults';
import { childOptions } from './_util';
import { throwIfInvalid } from './errors';

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
   * Security group for the nodes.
   * @default - ACK creates one
   */
  readonly securityGroupId?: pulumi.Input<string>;
  /**
   * Let ACK create its own NAT gateway (create-only). Off when `AckNetwork` built one.
   * @default false
   */
  readonly newNatGateway?: boolean;
  /**
   * Public API server endpoint (create-only). `cs.getClusterCredential` always returns the public
   * endpoint, so turning this off needs a user-provided kubeconfig or a run inside the VPC.
   * @default true
   */
  readonly slbInternetEnabled?: boolean;
  /** @default true */
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
    throwIfInvalid('AckCluster', name, checkClusterArgs(args));
    super('ack-serving:cloud:AckCluster', name, {}, opts);

    const window =
      args.maintenanceWindow === false
        ? undefined
        : (args.maintenanceWindow ?? DEFAULT_MAINTENANCE_WINDOW);
    const logs = args.controlPlaneLogs === false ? undefined : (args.controlPlaneLogs ?? {});
    this.cluster = new alicloud.cs.ManagedKubernetes(
      `${name}-ack`,
      {
        name: args.clusterName ?? name,
        clusterSpec: args.clusterSpec ?? DEFAULT_CLUSTER_SPEC,
        version: args.version,
        // vswitchIds, not the deprecated workerVswitchIds
        vswitchIds: args.vswitchIds,
        podVswitchIds: args.podVswitchIds,
        serviceCidr: args.serviceCidr ?? DEFAULT_SERVICE_CIDR,
        securityGroupId: args.securityGroupId,
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
      },
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
