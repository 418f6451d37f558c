import {
  FleetObservabilityProps,
  addFleetObservability,
} from '../observability/fleet-observability';
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { App, Chart } from 'cdk8s';
import { AckCluster, AckClusterArgs, kubernetesProvider } from '../cloud/ack-cluster';
import { AckNetwork, AckNetworkArgs } from '../cloud/ack-network';
import {
  checkAddonArgs,
  checkClusterArgs,
  checkGatewayZones,
  checkGpuNodePoolArgs,
  checkImageCacheArgs,
  checkKnativeAddonArgs,
  checkNatOwnership,
  checkNetworkArgs,
  checkObservabilityArgs,
  checkSteadyNodePoolArgs,
} from '../cloud/checks';
import { DEFAULT_VPC_CIDR } from '../cloud/defaults';
import { childOptions } from '../cloud/_util';
import { throwIfInvalid } from '../cloud/errors';
import {
  GatewayKind,
  KnativeAddon,
  KnativeAddonArgs,
  KnativeGateway,
} from '../cloud/knative-addon';
import { ModelImageCache, ModelImageCacheArgs } from '../cloud/model-image-cache';
import { checkEventingArgs, KnativeEventing, KnativeEventingArgs } from '../cloud/knative-eventing';
import {
  GpuNodePool,
  GpuNodePoolArgs,
  SteadyNodePool,
  SteadyNodePoolArgs,
} from '../cloud/node-pools';
import { Observability, ObservabilityArgs } from '../cloud/observability';
import { VirtualNodes, VirtualNodesArgs } from '../cloud/virtual-nodes';
import { AcrCredentialHelper, AcrCredentialHelperArgs } from '../cloud/acr-credential-helper';
import { ModelIdentity, RrsaProvider } from '../cloud/model-identity';
import { PodIdentityWebhook, PodIdentityWebhookArgs } from '../cloud/pod-identity-webhook';
import { OSS_ACCESS_ANNOTATION, RRSA_ROLE_ANNOTATION } from '../models/identity';
import { Issue, OssGrant, ValidationError } from '../validation';
import {
  ChartRelease,
  checkReleaseObjects,
  KubeObject,
  logWarnings,
  synthesizeCharts,
} from './chart-release';

/** What the Kubernetes side needs to know about the platform it is deployed on. */
export interface PlatformContext {
  /** Which Knative gateway the platform installs. */
  readonly gateway: GatewayKind;
  /** The gateway's `config-network` `ingress.class`. */
  readonly ingressClass: string;
  /** `ack` on an ACK cluster (ACK autoscaler classes allowed), `upstream` on a plain cluster. */
  readonly distribution: 'ack' | 'upstream';
}

/** The Kubernetes side: a callback that builds charts into the app (it gets the platform context). */
export type PlatformKubernetes =
  | { readonly build: (app: App, context: PlatformContext) => void }
  | { readonly charts: readonly Chart[] };

/** Deploy onto a cluster that already exists (dev): no cloud resources are created. */
export interface ExistingCluster {
  /** Kubeconfig of the cluster; kept secret. */
  readonly kubeconfig: pulumi.Input<string>;
  /** @default KnativeGateway.kourier() */
  readonly gateway?: KnativeGateway;
  /** @default 'upstream' */
  readonly distribution?: 'ack' | 'upstream';
  /**
   * The cluster's RRSA OIDC provider, to create the RAM roles of the models' service accounts.
   * @default - no RAM roles are created
   */
  readonly rrsa?: RrsaProvider;
}

export interface ServingPlatformArgs {
  /** The Kubernetes side (the model fleet, serving settings, anything built with cdk8s). */
  readonly kubernetes: PlatformKubernetes;
  /**
   * Deploy onto an existing cluster instead of building one; then none of the cloud arguments
   * below may be set.
   * @default - a cluster is built
   */
  readonly existingCluster?: ExistingCluster;
  /**
   * The network; required unless `existingCluster` is set.
   * @default - none
   */
  readonly network?: AckNetworkArgs;
  /** @default - ACK Pro with the library's defaults */
  readonly cluster?: Omit<
    AckClusterArgs,
    'vswitchIds' | 'podVswitchIds' | 'securityGroupId' | 'vpcCidr' | 'podCidrs'
  >;
  /** @default - 3 subscription nodes of ecs.g8i.2xlarge / ecs.g7.2xlarge */
  readonly steadyNodePool?: Omit<SteadyNodePoolArgs, 'clusterId' | 'vswitchIds'>;
  /** @default - no GPU pool */
  readonly gpuNodePool?: Omit<GpuNodePoolArgs, 'clusterId' | 'vswitchIds'>;
  /** ECI virtual nodes; `false` leaves them out. @default - installed */
  readonly virtualNodes?: Omit<VirtualNodesArgs, 'clusterId'> | false;
  /** @default - the `knative` addon with the ALB gateway */
  readonly knative?: Omit<KnativeAddonArgs, 'clusterId' | 'zoneIds'>;
  /**
   * Knative Eventing, installed before the objects that need it; `false` leaves it out (then the
   * cluster must already have it).
   * @default - the upstream release, when the charts hold Eventing objects or `knative-eventing` ones
   */
  readonly eventing?: Omit<KnativeEventingArgs, 'clusterId' | 'provider'> | false;
  /** `false` leaves them out. @default - ARMS Prometheus, log collection and events */
  readonly observability?: Omit<ObservabilityArgs, 'clusterId'> | false;
  /**
   * Each model fleet's PrometheusRules and Grafana dashboards, deployed with it (`build` only);
   * `false` leaves them out.
   * @default - added to every ModelFleet the build creates, reading Knative 1.23's metrics
   */
  readonly fleetObservability?: FleetObservabilityProps | false;
  /**
   * ECI image caches for large model images, built in the platform's security group.
   * @default - none
   */
  readonly imageCaches?: readonly (Omit<ModelImageCacheArgs, 'securityGroupId' | 'vswitchId'> & {
    /** @default - the first node vSwitch */
    readonly vswitchId?: pulumi.Input<string>;
  })[];
  /**
   * ACK's pod identity webhook, which gives pods the RRSA token of their service account's role;
   * `false` leaves it out (then the cluster must already have it).
   * @default - installed when some ServiceAccount names a RAM role
   */
  readonly podIdentity?: Omit<PodIdentityWebhookArgs, 'clusterId'> | false;
  /**
   * Pull private images from ACR Enterprise Edition with the `aliyun-acr-credential-helper` addon
   * (temporary credentials attached to service accounts, no pull secret in any manifest). Without
   * it, models name their pull secrets in `imagePullSecrets`.
   * @default - not installed
   */
  readonly acr?: Omit<AcrCredentialHelperArgs, 'clusterId'>;
  /**
   * Set the gateway's `ingress.class` in `knative-serving/config-network` (merged into the charts'
   * patch of that ConfigMap, if any).
   * @default true
   */
  readonly manageIngressClass?: boolean;
}

const CLOUD_KEYS = [
  'network',
  'cluster',
  'steadyNodePool',
  'gpuNodePool',
  'virtualNodes',
  'knative',
  'eventing',
  'observability',
  'imageCaches',
  'podIdentity',
  'acr',
] as const;

/** Every problem with the platform arguments, with paths such as `gpuNodePool.instanceTypes`. */
export function checkPlatformArgs(args: ServingPlatformArgs): Issue[] {
  if (args.existingCluster) {
    return CLOUD_KEYS.filter((k) => args[k] !== undefined && args[k] !== false).map((k) => ({
      path: k,
      message: `'${k}' is set with 'existingCluster', which deploys onto a cluster you already have; remove '${k}' or 'existingCluster'`,
    }));
  }
  if (!args.network) {
    return [
      {
        path: 'network',
        message: `network is required to build a cluster: give 'zones' for a new VPC or 'existing' ids, or set 'existingCluster'`,
      },
    ];
  }
  const net = args.network;
  const zoneIds = net.existing ? net.existing.zoneIds : (net.zones ?? []).map((z) => z.zoneId);
  const vpcCidr = net.existing ? net.existing.vpcCidr : (net.vpcCidr ?? DEFAULT_VPC_CIDR);
  const podCidrs = net.existing ? net.existing.podCidrs : (net.zones ?? []).map((z) => z.podCidr);
  // the cluster is given the adopted network's security group, so check it with that group too
  const securityGroupId = net.existing?.securityGroupId;
  const placeholder = ['vsw-placeholder'];
  const issues = [
    ...checkNetworkArgs(net, 'network'),
    ...checkClusterArgs(
      {
        ...args.cluster,
        vswitchIds: placeholder,
        podVswitchIds: placeholder,
        ...(securityGroupId !== undefined ? { securityGroupId } : {}),
        vpcCidr,
        podCidrs,
      },
      'cluster',
    ),
    ...checkSteadyNodePoolArgs(
      { ...args.steadyNodePool, clusterId: 'c', vswitchIds: placeholder },
      'steadyNodePool',
    ),
    ...(args.gpuNodePool
      ? checkGpuNodePoolArgs(
          { ...args.gpuNodePool, clusterId: 'c', vswitchIds: placeholder },
          'gpuNodePool',
        )
      : []),
    ...(args.virtualNodes ? checkAddonArgs(args.virtualNodes, 'virtualNodes') : []),
    ...checkKnativeAddonArgs({ ...args.knative, clusterId: 'c' }, 'knative'),
    ...checkGatewayZones(args.knative?.gateway ?? KnativeGateway.alb(), zoneIds, 'knative.gateway'),
    ...(args.observability
      ? checkObservabilityArgs({ ...args.observability, clusterId: 'c' }, 'observability')
      : []),
    ...(args.imageCaches ?? []).flatMap((c, i) =>
      checkImageCacheArgs({ ...c, securityGroupId: 'sg', vswitchId: 'vsw' }, `imageCaches[${i}]`),
    ),
    ...(args.eventing ? checkEventingArgs(args.eventing, 'eventing') : []),
    ...(args.podIdentity ? checkAddonArgs(args.podIdentity, 'podIdentity') : []),
    ...(args.acr ? checkAddonArgs(args.acr, 'acr') : []),
    ...checkNatOwnership(net, args.cluster),
    ...checkKnativePrerequisites(args),
  ];
  return issues;
}

/** A service account's RAM role, as the Kubernetes side recorded it on the ServiceAccount. */
export interface ServiceAccountRole {
  readonly namespace: string;
  readonly serviceAccount: string;
  readonly roleName: string;
  readonly oss: readonly OssGrant[];
}

/** The RAM roles the synthesized ServiceAccounts name (`pod-identity.alibabacloud.com/role-name`). */
export function serviceAccountRoles(objects: readonly KubeObject[]): ServiceAccountRole[] {
  return objects.flatMap((o) => {
    const role = o.metadata?.annotations?.[RRSA_ROLE_ANNOTATION];
    if (o.kind !== 'ServiceAccount' || o.apiVersion !== 'v1' || !role) return [];
    const oss = o.metadata.annotations?.[OSS_ACCESS_ANNOTATION];
    return [
      {
        namespace: o.metadata.namespace ?? 'default',
        serviceAccount: o.metadata.name ?? '',
        roleName: role,
        oss: oss ? (JSON.parse(oss) as OssGrant[]) : [],
      },
    ];
  });
}

/** RRSA must be on for the roles to be assumable; it is by default. */
export function checkIdentityPrerequisites(
  args: ServingPlatformArgs,
  roles: readonly ServiceAccountRole[],
): Issue[] {
  if (roles.length === 0 || args.existingCluster || args.cluster?.enableRrsa !== false) return [];
  return [
    {
      path: 'cluster.enableRrsa',
      message: `enableRrsa is false, but ${roles.length === 1 ? `service account '${roles[0].namespace}/${roles[0].serviceAccount}' assumes a RAM role` : `${roles.length} service accounts assume RAM roles`} through RRSA; remove enableRrsa: false (RRSA cannot be turned off once on), or remove the models' identity`,
    },
  ];
}

/**
 * What ACK Knative needs of the cluster: Kubernetes 1.28 or later and at least 3 worker nodes
 * (ACK Knative installation docs, https://alibabacloud.com/help/doc-detail/121509.htm).
 */
export function checkKnativePrerequisites(args: ServingPlatformArgs): Issue[] {
  const issues: Issue[] = [];
  const size = args.steadyNodePool?.size;
  if (Number.isInteger(size) && (size as number) < 3 && (size as number) >= 0) {
    issues.push({
      path: 'steadyNodePool.size',
      message: `ACK Knative needs at least 3 worker nodes, the steady pool has ${size}; set size to 3 or more`,
    });
  }
  const m = /^(\d+)\.(\d+)\./.exec(args.cluster?.version ?? '');
  if (m && (Number(m[1]) < 1 || (Number(m[1]) === 1 && Number(m[2]) < 28))) {
    issues.push({
      path: 'cluster.version',
      message: `ACK Knative needs Kubernetes 1.28 or later, got '${args.cluster?.version}'; choose a newer version`,
    });
  }
  return issues;
}

const EVENTING_GROUPS = [
  'eventing.knative.dev',
  'sources.knative.dev',
  'messaging.knative.dev',
  'flows.knative.dev',
];

/** True when some object needs Knative Eventing's CRDs or lives in its namespace. */
export function needsEventing(objects: readonly KubeObject[]): boolean {
  return objects.some(
    (o) =>
      EVENTING_GROUPS.includes(o.apiVersion.split('/')[0]) ||
      o.metadata?.namespace === 'knative-eventing',
  );
}

/** The platform context the Kubernetes side is built with. */
export function platformContext(args: ServingPlatformArgs): PlatformContext {
  const gateway = args.existingCluster
    ? (args.existingCluster.gateway ?? KnativeGateway.kourier())
    : (args.knative?.gateway ?? KnativeGateway.alb());
  return {
    gateway: gateway.kind,
    ingressClass: gateway.ingressClass,
    distribution: args.existingCluster ? (args.existingCluster.distribution ?? 'upstream') : 'ack',
  };
}

function ingressData(
  args: ServingPlatformArgs,
  ingressClass: string,
): Record<string, Record<string, string>> {
  return args.manageIngressClass === false
    ? {}
    : { 'knative-serving/config-network': { 'ingress.class': ingressClass } };
}

/**
 * A whole serving environment: network, ACK Pro cluster, steady and GPU pools, ECI virtual nodes,
 * Knative with its gateway, observability, image caches, and the Kubernetes side (fleet and
 * settings) deployed after Knative. With `existingCluster`, only the Kubernetes side is deployed.
 */
export class ServingPlatform extends pulumi.ComponentResource {
  public readonly provider: k8s.Provider;
  public readonly release: ChartRelease;
  public readonly gateway: KnativeGateway;
  public readonly ingressClass: string;
  public readonly context: PlatformContext;
  public readonly clusterId?: pulumi.Output<string>;
  public readonly vpcId?: pulumi.Output<string>;
  /** Node vSwitch ids. */
  public readonly vswitchIds?: pulumi.Output<string[]>;
  public readonly network?: AckNetwork;
  public readonly cluster?: AckCluster;
  public readonly steadyNodePool?: SteadyNodePool;
  public readonly gpuNodePool?: GpuNodePool;
  public readonly virtualNodes?: VirtualNodes;
  public readonly knative?: KnativeAddon;
  public readonly observability?: Observability;
  public readonly imageCaches: readonly ModelImageCache[];
  /** The RAM role of each service account that names one, in the order of the objects. */
  public readonly identities: readonly ModelIdentity[];
  public readonly podIdentityWebhook?: PodIdentityWebhook;
  public readonly acrCredentialHelper?: AcrCredentialHelper;
  /** The Kubernetes side's warnings (a fleet's settings that have no effect), also logged to Pulumi. */
  public readonly warnings: readonly Issue[];

  constructor(name: string, args: ServingPlatformArgs, opts: pulumi.ComponentResourceOptions = {}) {
    // Everything is checked, and the charts synthesized, before any resource is registered; the
    // argument problems and the Kubernetes side's problems are reported together.
    const context = platformContext(args);
    const kube = args.kubernetes;
    const configMapData = ingressData(args, context.ingressClass);
    const issues = checkPlatformArgs(args);
    let objects: KubeObject[] = [];
    const warnings: Issue[] = [];
    try {
      objects = synthesizeCharts(
        'build' in kube
          ? {
              build: (app: App) => {
                kube.build(app, context);
                if (args.fleetObservability !== false)
                  addFleetObservability(app, args.fleetObservability);
              },
            }
          : { charts: kube.charts },
        warnings,
      );
    } catch (e) {
      // a fleet reports its own catalog paths (`models[3].versions[1]...`); keep them as they are
      if (!(e instanceof ValidationError)) throw e;
      issues.push(...e.issues);
    }
    const roles = serviceAccountRoles(objects);
    issues.push(...checkIdentityPrerequisites(args, roles));
    issues.push(
      ...checkReleaseObjects(objects, configMapData).map((i) => ({
        ...i,
        path: `kubernetes.${i.path}`,
      })),
    );
    throwIfInvalid('ServingPlatform', name, issues);
    super('ack-serving:deploy:ServingPlatform', name, {}, opts);
    this.warnings = warnings;
    logWarnings(warnings, this);
    const parent = childOptions(this, opts);
    let waitFor: pulumi.Resource[] = [];
    const caches: ModelImageCache[] = [];
    let rrsa: RrsaProvider | undefined;

    if (args.existingCluster) {
      this.gateway = args.existingCluster.gateway ?? KnativeGateway.kourier();
      this.provider = kubernetesProvider(`${name}-k8s`, args.existingCluster.kubeconfig, parent);
      rrsa = args.existingCluster.rrsa;
    } else {
      const netArgs = args.network as AckNetworkArgs;
      const network = new AckNetwork(`${name}-network`, netArgs, parent);
      const cluster = new AckCluster(
        `${name}-cluster`,
        {
          ...args.cluster,
          vswitchIds: network.nodeVswitchIds,
          podVswitchIds: network.podVswitchIds,
          ...(network.securityGroupId ? { securityGroupId: network.securityGroupId } : {}),
          vpcCidr: network.vpcCidr,
          podCidrs: network.podCidrs,
          newNatGateway: args.cluster?.newNatGateway ?? false,
        },
        // ACK needs the VPC to reach the internet while it creates the cluster
        childOptions(this, opts, [...network.internetAccess]),
      );
      const common = { clusterId: cluster.clusterId, vswitchIds: network.nodeVswitchIds };
      const steady = new SteadyNodePool(
        `${name}-steady`,
        { ...args.steadyNodePool, ...common },
        parent,
      );
      const gpu = args.gpuNodePool
        ? new GpuNodePool(`${name}-gpu`, { ...args.gpuNodePool, ...common }, parent)
        : undefined;
      // Addons that run pods wait for the steady pool; Knative on ACK needs at least 3 workers.
      const virtualNodes =
        args.virtualNodes === false
          ? undefined
          : new VirtualNodes(
              `${name}-eci`,
              { ...args.virtualNodes, clusterId: cluster.clusterId },
              childOptions(this, opts, [steady]),
            );
      const knative = new KnativeAddon(
        `${name}-knative`,
        {
          ...args.knative,
          clusterId: cluster.clusterId,
          zoneIds: network.zoneIds,
          albVswitchIds: network.nodeVswitchIds,
          provider: cluster.provider,
        },
        childOptions(this, opts, [steady, ...(virtualNodes ? [virtualNodes] : [])]),
      );
      const observability =
        args.observability === false
          ? undefined
          : new Observability(
              `${name}-observability`,
              { ...args.observability, clusterId: cluster.clusterId },
              childOptions(this, opts, [steady]),
            );
      for (const c of args.imageCaches ?? []) {
        caches.push(
          new ModelImageCache(
            `${name}-imc-${c.imageCacheName}`,
            {
              ...c,
              securityGroupId: network.securityGroupId ?? cluster.cluster.securityGroupId,
              vswitchId: c.vswitchId ?? network.nodeVswitchIds.apply((ids) => ids[0]),
            },
            parent,
          ),
        );
      }
      this.network = network;
      this.cluster = cluster;
      this.steadyNodePool = steady;
      this.gpuNodePool = gpu;
      this.virtualNodes = virtualNodes;
      this.knative = knative;
      this.observability = observability;
      this.clusterId = cluster.clusterId;
      this.vpcId = network.vpcId;
      this.vswitchIds = network.nodeVswitchIds;
      this.provider = cluster.provider;
      this.gateway = knative.gateway;
      waitFor = [knative, ...(virtualNodes ? [virtualNodes] : [])];
      rrsa = {
        oidcProviderArn: cluster.cluster.rrsaMetadata.apply((m) => m?.ramOidcProviderArn ?? ''),
        issuerUrl: cluster.cluster.rrsaMetadata.apply((m) => m?.rrsaOidcIssuerUrl ?? ''),
      };
      // pods must be admitted after the webhook runs, or they start without their token
      if (roles.length > 0 && args.podIdentity !== false) {
        this.podIdentityWebhook = new PodIdentityWebhook(
          `${name}-pod-identity`,
          { ...args.podIdentity, clusterId: cluster.clusterId },
          childOptions(this, opts, [steady]),
        );
        waitFor.push(this.podIdentityWebhook);
      }
      if (args.acr) {
        this.acrCredentialHelper = new AcrCredentialHelper(
          `${name}-acr`,
          { ...args.acr, clusterId: cluster.clusterId },
          childOptions(this, opts, [steady]),
        );
        waitFor.push(this.acrCredentialHelper);
      }
      if (args.eventing !== false && needsEventing(objects)) {
        // after Serving: Eventing's webhooks and the broker run on the same nodes
        waitFor.push(
          new KnativeEventing(
            `${name}-eventing`,
            { ...args.eventing, clusterId: cluster.clusterId, provider: cluster.provider },
            childOptions(this, opts, [knative]),
          ),
        );
      }
    }
    const provider = rrsa;
    this.identities = provider
      ? roles.map(
          (r) =>
            new ModelIdentity(
              `${name}-rrsa-${r.namespace}-${r.serviceAccount}`,
              { ...r, rrsa: provider },
              parent,
            ),
        )
      : [];
    waitFor.push(...this.identities);
    this.ingressClass = this.gateway.ingressClass;
    this.context = context;
    this.imageCaches = caches;
    this.release = new ChartRelease(
      `${name}-release`,
      { objects, provider: this.provider, dependsOn: waitFor, configMapData },
      parent,
    );

    this.registerOutputs({
      clusterId: this.clusterId,
      vpcId: this.vpcId,
      vswitchIds: this.vswitchIds,
      ingressClass: this.ingressClass,
    });
  }
}
