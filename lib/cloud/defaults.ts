/**
 * Documented default values for the cloud components. Values marked "unconfirmed" are not backed
 * by Alibaba documentation for ACK managed Pro; every one of them can be overridden by an argument.
 */

/** ACK addon names, as passed to `cs.KubernetesAddon.name` or the cluster's create-time `addons`. */
export const ADDON_NAMES = {
  /** Terway CNI in ENI multi-IP mode; required whenever pod vSwitches are given. */
  terway: 'terway-eniip',
  /** ECI virtual nodes on ACK managed clusters. */
  virtualNode: 'ack-virtual-node',
  /**
   * Knative. Documented for ACK Serverless only; unconfirmed for ACK managed Pro, where the docs
   * describe console installation. Override with `KnativeAddonArgs.addonName`.
   */
  knative: 'knative',
  /** ALB Ingress controller. */
  albIngress: 'alb-ingress-controller',
  /** MSE Ingress controller (needs the `AliyunCSManagedMseRole` RAM role). */
  mseIngress: 'mse-ingress-controller',
  /** Managed Prometheus (ARMS) for ACK managed clusters. */
  armsPrometheus: 'arms-prometheus',
  /** Log Service collector; `logtail-ds` is the older name. */
  logCollector: 'loongcollector',
  /** Cluster events to Log Service. */
  nodeProblemDetector: 'ack-node-problem-detector',
  /** CSI storage plugin and its managed provisioner. */
  csiPlugin: 'csi-plugin',
  csiProvisioner: 'managed-csiprovisioner',
  /** The default NGINX ingress, disabled at cluster creation (Knative brings its own gateway). */
  nginxIngress: 'nginx-ingress-controller',
  /** RRSA injection: the OIDC token and STS env for pods whose service account names a role. */
  podIdentityWebhook: 'ack-pod-identity-webhook',
  /** Temporary ACR pull credentials attached to service accounts (no pull secret in manifests). */
  acrCredentialHelper: 'aliyun-acr-credential-helper',
} as const;

/** Knative `config-network` `ingress.class` values per gateway. */
export const INGRESS_CLASSES = {
  alb: 'alb.ingress.networking.knative.dev',
  mse: 'mse.ingress.networking.knative.dev',
  /** Upstream Knative's Istio value; unconfirmed that ACK's ASM integration uses it. */
  asm: 'istio.ingress.networking.knative.dev',
  kourier: 'kourier.ingress.networking.knative.dev',
} as const;

/** Default Terway addon configuration (the value used in the provider's own example). */
export const TERWAY_CONFIG: Readonly<Record<string, string>> = {
  NetworkPolicy: 'false',
  ENITrunking: 'true',
  IPVlan: 'false',
};

/** One Kubernetes minor version of ACK managed clusters, as ACK's version page lists it. */
export interface AckKubernetesVersion {
  readonly minor: string;
  /** Month ACK released it (or plans to). */
  readonly released: string;
  /** Last day ACK supports it. */
  readonly endOfLife: string;
  /** Whether new clusters can be created on it as of `ACK_VERSIONS_AS_OF`. */
  readonly create: boolean;
  /** Whether the source says it is released (false: only announced as planned). */
  readonly confirmed: boolean;
}

/** The date the version table was read. */
export const ACK_VERSIONS_AS_OF = '2026-12-02';
/**
 * Where the version table comes from: ACK "Kubernetes version overview and mechanism"
 * (updated 2026-03-17) and its help.aliyun.com version listing the planned releases. ACK creates
 * clusters only on the three newest minor versions, and each minor (1.31 on) is supported one year.
 */
export const ACK_VERSIONS_SOURCE =
  'https://www.alibabacloud.com/help/en/container-service-for-kubernetes/latest/ack-releases-of-kubernetes';
/** ACK managed cluster Kubernetes versions; refresh with `cs.getKubernetesVersion` when in doubt. */
export const ACK_KUBERNETES_VERSIONS: readonly AckKubernetesVersion[] = [
  { minor: '1.36', released: '2026-05', endOfLife: '2027-05-30', create: true, confirmed: false },
  { minor: '1.35', released: '2026-02', endOfLife: '2027-02-28', create: true, confirmed: true },
  { minor: '1.34', released: '2025-09', endOfLife: '2026-09-30', create: false, confirmed: true },
  { minor: '1.33', released: '2025-05', endOfLife: '2026-05-31', create: false, confirmed: true },
  { minor: '1.32', released: '2025-01', endOfLife: '2026-01-31', create: false, confirmed: true },
  { minor: '1.31', released: '2024-09', endOfLife: '2025-09-30', create: false, confirmed: true },
  { minor: '1.30', released: '2024-06', endOfLife: '2026-06-30', create: false, confirmed: true },
];
/** Minor versions a new cluster may use, newest first. */
export const CREATABLE_MINORS: readonly string[] = ACK_KUBERNETES_VERSIONS.filter(
  (v) => v.create,
).map((v) => v.minor);

/** The RAM role ACK's autoscaler uses for node pools with `scalingConfig` (node pool docs). */
export const AUTOSCALER_ROLE = 'AliyunCSManagedAutoScalerRole';

/**
 * Knative Eventing from the upstream release, pinned to the `knative.dev/eventing` module the
 * conformance suite uses (v0.50.0, cut with release knative-v1.23.0). ACK installs Eventing as a
 * Knative component from the console; no API addon name for it is documented.
 */
export const DEFAULT_EVENTING_RELEASE = 'knative-v1.23.0';
/** The upstream release files installed, in order. */
export const EVENTING_RELEASE_FILES = [
  'eventing-crds.yaml',
  'eventing-core.yaml',
  'in-memory-channel.yaml',
  'mt-channel-broker.yaml',
] as const;
export const EVENTING_RELEASE_URL = 'https://github.com/knative/eventing/releases/download';

/**
 * ALB controller configuration: let the controller create AlbConfig `alb` and IngressClass `alb`
 * (the values of alibabacloud-automation/terraform-alicloud-ack-services), so Ingresses of class
 * `alb` (the Broker's among them) have a load balancer.
 */
export const DEFAULT_ALB_CONTROLLER_CONFIG: Readonly<Record<string, unknown>> = {
  albIngress: { CreateDefaultALBConfig: true, AddressType: 'Internet' },
};

/** The NAT gateway `AckNetwork` builds: Enhanced (the only type new gateways get), billed by use. */
export const NAT_GATEWAY_SETTINGS = {
  natType: 'Enhanced',
  networkType: 'internet',
  paymentType: 'PayAsYouGo',
  internetChargeType: 'PayByLcu',
} as const;

export const DEFAULT_CLUSTER_SPEC = 'ack.pro.small';
export const CLUSTER_SPECS = [
  'ack.standard',
  'ack.pro.small',
  'ack.pro.xlarge',
  'ack.pro.2xlarge',
  'ack.pro.4xlarge',
] as const;
export const DEFAULT_VPC_CIDR = '10.0.0.0/8';
export const DEFAULT_SERVICE_CIDR = '192.168.0.0/16';
/** Lifetime of the kubeconfig fetched with `cs.getClusterCredential`, in minutes (15 to 4320). */
export const DEFAULT_CREDENTIAL_MINUTES = 4320;
export const DEFAULT_CONTROL_PLANE_LOG_COMPONENTS = [
  'apiserver',
  'kcm',
  'scheduler',
  'ccm',
  'controlplane-events',
] as const;
export const DEFAULT_CONTROL_PLANE_LOG_TTL_DAYS = 30;
/** Weekly maintenance window used by managed node pools and auto-upgrade. */
export const DEFAULT_MAINTENANCE_WINDOW = {
  /** RFC 3339; only the time of day and its offset matter. */
  maintenanceTime: '2026-01-05T03:00:00.000+08:00',
  duration: '3h',
  weeklyPeriod: 'Monday,Thursday',
} as const;
export const WEEKDAYS = [
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
  'Sunday',
] as const;
/** What ACK does with cloud resources when the cluster is deleted. */
export const DEFAULT_DELETE_OPTIONS = [
  { resourceType: 'SLB', deleteMode: 'delete' },
  { resourceType: 'ALB', deleteMode: 'delete' },
  { resourceType: 'SLS_Data', deleteMode: 'retain' },
  { resourceType: 'SLS_ControlPlane', deleteMode: 'retain' },
] as const;
/** ACK operations take long; these are the provider's documented timeouts. */
export const CLUSTER_TIMEOUTS = { create: '90m', update: '60m', delete: '60m' } as const;

export const DEFAULT_STEADY_INSTANCE_TYPES = ['ecs.g8i.2xlarge', 'ecs.g7.2xlarge'] as const;
export const DEFAULT_STEADY_SIZE = 3;
export const DEFAULT_GPU_MAX_SIZE = 4;
/** Subscription periods `cs.NodePool` accepts for `period` and `autoRenewPeriod`, in months. */
export const SUBSCRIPTION_PERIODS = [1, 2, 3, 6, 12] as const;
/** GPU ECS families: `ecs.gn*`, `ecs.sgn*` (shared), `ecs.vgn*` (virtual), `ecs.ebmgn*` (bare metal). */
export const GPU_INSTANCE_TYPE = /^ecs\.(gn|sgn|vgn|ebmgn)[a-z0-9]*-[a-z0-9-]+\.[a-z0-9]+$/;
/** Any ECS instance type, such as `ecs.g8i.2xlarge` or `ecs.gn7i-c8g1.2xlarge`. */
export const ECS_INSTANCE_TYPE = /^ecs\.[a-z0-9-]+\.[a-z0-9]+$/;

export const DEFAULT_PROMETHEUS_CONFIG: Readonly<Record<string, string>> = {
  prometheusMode: 'default',
};
export const DEFAULT_IMAGE_CACHE_SIZE_GIB = 20;
