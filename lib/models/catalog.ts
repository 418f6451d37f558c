import { AutoscalingOptions } from '../knative/autoscaling';
import { Visibility } from '../knative/hostnames';
import { EnvFromSource, KeySelector } from '../knative/container';
import { PodSpecProps } from '../knative/pod-spec';
import { VolumeMountProps, VolumeProps } from '../knative/volume';
import { IdentitySpec } from './identity';

/**
 * The model catalog: a fleet declared as data (YAML or JSON). Merge order, each level overriding
 * the one before: `defaults` -> the named `profile` -> the model -> the version. Maps merge key by
 * key; lists replace.
 */

/** Autoscaler class by short name; `mpa` and `ahpa` exist only in ACK's Knative. */
export type ClassName = 'kpa' | 'hpa' | 'mpa' | 'ahpa';
export type PlacementModeName = 'ecs' | 'eci' | 'ecs-then-eci' | 'gpu';

/**
 * Autoscaling in a catalog: Knative's options (see `AutoscalingOptions` for each field's meaning,
 * bounds and default), with the class by short name and durations as Go duration strings.
 */
export interface AutoscalingSpec extends Omit<
  AutoscalingOptions,
  'class' | 'window' | 'scaleDownDelay' | 'retention'
> {
  readonly class?: ClassName;
  readonly window?: string;
  readonly scaleDownDelay?: string;
  readonly retention?: string;
}

export interface ResourcesSpec {
  /** CPU cores, e.g. "1" or "500m". */
  readonly cpu?: string | number;
  /** Memory, e.g. "2Gi". */
  readonly memory?: string;
  /** Whole GPUs (`nvidia.com/gpu`). */
  readonly gpu?: number;
  /** Shared GPU memory in GiB (`aliyun.com/gpu-mem`, cGPU). */
  readonly gpuMemory?: number;
  readonly ephemeralStorage?: string;
}

export interface PlacementSpecObject {
  readonly mode: PlacementModeName;
  readonly instanceTypes?: readonly string[];
  readonly spot?: 'SpotAsPriceGo' | 'SpotWithPriceLimit';
  readonly spotPriceLimit?: number;
  readonly imageCache?: boolean;
  readonly extraEphemeralStorage?: string;
  readonly gpuDriverVersion?: string;
  /** eci: `node-selector` (default) or `label`. */
  readonly via?: 'node-selector' | 'label';
  /** gpu: `eci` (default) or `node-pool`. */
  readonly on?: 'eci' | 'node-pool';
  /** ecs-then-eci: the ECS unit. */
  readonly ecs?: {
    readonly max?: number;
    readonly nodeSelector?: Readonly<Record<string, string>>;
  };
  readonly waitForEcs?: string;
  /** ecs: a node pool label value to pin to. */
  readonly pool?: string;
}
export type PlacementSpec = PlacementModeName | PlacementSpecObject;

export interface ReserveSpec {
  readonly enabled?: boolean;
  readonly type?: 'eci' | 'ecs' | 'acs';
  readonly replicas?: number;
  readonly instanceTypes?: readonly string[];
}

export interface ProbeSpec {
  /** HTTP path; without it the probe is a TCP check of the port. */
  readonly path?: string;
  readonly initialDelaySeconds?: number;
  readonly periodSeconds?: number;
  readonly timeoutSeconds?: number;
  readonly failureThreshold?: number;
  readonly successThreshold?: number;
}

export interface AhpaSpec {
  readonly targetUtilization: number;
  readonly minReplicas: number;
  readonly maxReplicas: number;
  readonly metric?: 'rps' | 'rt' | 'cpu';
  readonly quantile?: number;
  readonly scaleUpForwardSeconds?: number;
  readonly bounds?: readonly {
    readonly cron: string;
    readonly minReplicas: number;
    readonly maxReplicas: number;
  }[];
}

/**
 * The container's security settings. Pods are hardened by default (`runAsNonRoot: true`,
 * `allowPrivilegeEscalation: false`, every capability dropped, seccomp `RuntimeDefault`); a level
 * relaxes one by naming it, with a `reason`. Merges key by key like other maps.
 */
export interface SecuritySpec {
  /** `false` lets the image run as root. @default true */
  readonly runAsNonRoot?: boolean;
  /** `true` lets a process gain more privileges than its parent (setuid). @default false */
  readonly allowPrivilegeEscalation?: boolean;
  /** `false` keeps the runtime's default capabilities. @default true */
  readonly dropAllCapabilities?: boolean;
  /** `Unconfined` turns seccomp off. @default 'RuntimeDefault' */
  readonly seccompProfile?: 'RuntimeDefault' | 'Unconfined';
  /** Opt in: mount the image read-only (write to an emptyDir instead). @default false */
  readonly readOnlyRootFilesystem?: boolean;
  /** The user id the container runs as (0 to 2147483647). @default - the image's */
  readonly runAsUser?: number;
  /** Why a field is relaxed; required when one is. @default - none */
  readonly reason?: string;
}

/**
 * A model's service-level objective: what the observability rules alert on and what the simulator
 * checks a day against. Merges key by key like other maps; not allowed on a version.
 */
export interface SloSpec {
  /** Percent of requests that must succeed (not 5xx), above 0 and below 100. @default - no availability SLO */
  readonly availability?: number;
  /** 99 % of requests must be answered within this many milliseconds. @default - no latency SLO */
  readonly latencyP99Ms?: number;
  /** The period the objective is measured over, a Prometheus duration (7d to 90d). @default '28d' */
  readonly window?: string;
}

/** Where a model's alerts go. Merges key by key like other maps; not allowed on a version. */
export interface AlertsSpec {
  /** The team or receiver the alerts are routed to (the `team` label). @default - the model's team */
  readonly routeTo?: string;
  /** The receiver of `severity: page` alerts (the `receiver` label), e.g. an on-call rotation. @default - none */
  readonly page?: string;
  /** The receiver of `severity: ticket` alerts (the `receiver` label), e.g. a ticket queue. @default - none */
  readonly ticket?: string;
  /** `false` turns every alert of the model off; its rules and dashboards stay. @default true */
  readonly enabled?: boolean;
}

/** An env value: a literal, or one key of a Secret or ConfigMap. */
export type EnvValueSpec =
  string | { readonly secretKeyRef: KeySelector } | { readonly configMapKeyRef: KeySelector };

/** One RFC 6902 operation on the revision template, e.g. `{ op: add, path: /nodeSelector, value: {...} }`. */
export interface JsonPatchSpec {
  readonly op: 'add' | 'remove' | 'replace' | 'copy' | 'move' | 'test';
  readonly path: string;
  /** @default - none */
  readonly value?: unknown;
  /** For copy and move. @default - none */
  readonly from?: string;
}

/**
 * Fields the typed settings do not cover, merged into the revision template before it is checked,
 * so feature flags, validation and conformance see them. Objects merge key by key, lists replace.
 */
export interface OverridesSpec {
  /** Pod fields (and `labels`/`annotations`). @default - none */
  readonly pod?: Partial<PodSpecProps> & Readonly<Record<string, unknown>>;
  /** Fields of the model's container. @default - none */
  readonly container?: Readonly<Record<string, unknown>>;
  /** JSON patches on the template, after `pod` and `container`. @default - none */
  readonly jsonPatch?: readonly JsonPatchSpec[];
}

/** Settings any level can carry; the version's win. */
export interface WorkloadSpec {
  readonly profile?: string;
  readonly autoscaling?: AutoscalingSpec;
  readonly resources?: ResourcesSpec;
  /** containerConcurrency: the hard per-pod limit (0 = unlimited). */
  readonly concurrency?: number;
  readonly timeoutSeconds?: number;
  readonly placement?: PlacementSpec;
  readonly reserve?: ReserveSpec;
  /** A literal value, or one key of a Secret or ConfigMap: `{ secretKeyRef: { name, key } }`. */
  readonly env?: Readonly<Record<string, EnvValueSpec>>;
  /** Whole Secrets or ConfigMaps as env (a list: replaces). @default - none */
  readonly envFrom?: readonly EnvFromSource[];
  /** Secrets to pull private images with. @default - the service account's */
  readonly imagePullSecrets?: readonly string[];
  /** Pod volumes (Knative's shapes), each mounted in `volumeMounts`. @default - none */
  readonly volumes?: readonly VolumeProps[];
  /** Where the model's container mounts `volumes`. @default - none */
  readonly volumeMounts?: readonly VolumeMountProps[];
  /** Typed escape hatches, applied before every check. @default - none */
  readonly overrides?: OverridesSpec;
  readonly args?: readonly string[];
  readonly port?: number;
  readonly readiness?: ProbeSpec;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
  readonly ahpa?: AhpaSpec;
  /** Container security; hardened unless a field is relaxed by name. @default - hardened */
  readonly securityContext?: SecuritySpec;
  /** The model's objective (defaults, profile or model; not a version). @default - none */
  readonly slo?: SloSpec;
  /** Where the model's alerts go (defaults, profile or model; not a version). @default - its team */
  readonly alerts?: AlertsSpec;
}

export interface VersionSpec extends WorkloadSpec {
  readonly name: string;
  readonly image: string;
  /** Percent of the model's traffic; versions sum to 100. @default 0 */
  readonly traffic?: number;
  /** Keep minScale pods even at 0 % traffic (a warm standby). @default false */
  readonly warm?: boolean;
}

export interface ModelSpec extends WorkloadSpec {
  readonly name: string;
  readonly team?: string;
  /** The version the `latest` tag points at. @default - the version with the most traffic */
  readonly latest?: string;
  readonly versions: readonly VersionSpec[];
  /** Versions that must not exist any more; rendered as nothing. */
  readonly retired?: readonly string[];
  /** Who can reach the model. @default - the catalog's defaults, else 'cluster-local' */
  readonly visibility?: Visibility;
  /** Service account and RAM role (RRSA). @default - the catalog's defaults, else none */
  readonly identity?: IdentitySpec;
}

/** Where events go: a model's route, a broker of this catalog, or an absolute URI. */
export interface SinkSpec {
  readonly model?: string;
  readonly broker?: string;
  readonly uri?: string;
}

/** Delivery with friendly durations (seconds, or ISO-8601 such as `PT0.5S`). */
export interface DeliverySpec {
  readonly retry?: number;
  readonly backoffPolicy?: 'linear' | 'exponential';
  readonly backoffDelay?: number | string;
  readonly timeout?: number | string;
  readonly deadLetter?: SinkSpec;
}

/** SubscriptionsAPI filter in catalog form: one dialect per object. */
export interface FilterSpec {
  readonly exact?: Readonly<Record<string, string>>;
  readonly prefix?: Readonly<Record<string, string>>;
  readonly suffix?: Readonly<Record<string, string>>;
  readonly all?: readonly FilterSpec[];
  readonly any?: readonly FilterSpec[];
  readonly not?: FilterSpec;
  readonly cesql?: string;
}

/** Event-driven inference: Brokers, Triggers to models, and schedules (PingSources). */
export interface EventingSpec {
  readonly brokers?: readonly {
    readonly name: string;
    readonly class?: string;
    readonly delivery?: DeliverySpec;
  }[];
  readonly triggers?: readonly {
    readonly name: string;
    readonly broker: string;
    /** The model whose route receives the events. */
    readonly model: string;
    /** Exact-match CloudEvents attributes. */
    readonly filter?: Readonly<Record<string, string>>;
    readonly filters?: readonly FilterSpec[];
    readonly delivery?: DeliverySpec;
  }[];
  readonly schedules?: readonly {
    readonly name: string;
    readonly schedule: string;
    readonly timezone?: string;
    readonly contentType?: string;
    readonly data?: string;
    readonly sink: SinkSpec;
  }[];
}

export interface CatalogSpec {
  readonly namespace: string;
  /** Domain of the routes; used for host-length checks. @default 'svc.cluster.local' */
  readonly domain?: string;
  /** `ack` accepts ACK's autoscaler classes (mpa, ahpa); `upstream` rejects them. @default 'ack' */
  readonly distribution?: 'ack' | 'upstream';
  /** Settings every model starts from; `visibility` applies to each model's route. */
  readonly defaults?: WorkloadSpec & {
    readonly visibility?: Visibility;
    readonly identity?: IdentitySpec;
  };
  readonly profiles?: Readonly<Record<string, WorkloadSpec>>;
  readonly models: readonly ModelSpec[];
  /** Brokers, triggers and schedules that feed the models events. @default - none */
  readonly eventing?: EventingSpec;
}
