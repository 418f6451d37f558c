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
