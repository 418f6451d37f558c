/**
 * What the target cluster's Knative accepts. Knative's webhook reads these from its ConfigMaps; a
 * library that cannot see the cluster takes them as input (knative-rules §2). `ServingSettings`
 * builds one from the keys it manages; everything else falls back to Knative's own defaults.
 */

/** A `config-features` value. Knative parses them case-insensitively; we render lower case. */
export type FeatureFlagValue = 'enabled' | 'allowed' | 'disabled';

export interface AutoscalerLimits {
  /** `config-autoscaler` `max-scale-limit`; 0 means no limit. @default 0 */
  readonly maxScaleLimit: number;
  /** `config-autoscaler` `allow-zero-initial-scale`. @default false */
  readonly allowZeroInitialScale: boolean;
  /** `config-autoscaler` `enable-scale-to-zero`. @default true */
  readonly enableScaleToZero: boolean;
}

export interface RevisionDefaults {
  /** `config-defaults` `revision-timeout-seconds`. @default 300 */
  readonly revisionTimeoutSeconds: number;
  /** `config-defaults` `max-revision-timeout-seconds`. @default 600 */
  readonly maxRevisionTimeoutSeconds: number;
  /** `config-defaults` `container-concurrency-max-limit`. @default 1000 */
  readonly containerConcurrencyMaxLimit: number;
  /** `config-defaults` `allow-container-concurrency-zero`. @default true */
  readonly allowContainerConcurrencyZero: boolean;
  /** `config-defaults` `container-concurrency`: what an unset containerConcurrency becomes. @default 0 */
  readonly containerConcurrency: number;
}

export interface NetworkTemplates {
  /** `config-network` `domain-template`. @default '{{.Name}}.{{.Namespace}}.{{.Domain}}' */
  readonly domainTemplate: string;
  /** `config-network` `tag-template`. @default '{{.Tag}}-{{.Name}}' */
  readonly tagTemplate: string;
  /** The default domain from `config-domain`. @default 'svc.cluster.local' */
  readonly domain: string;
  /** The Kubernetes cluster domain; cluster-local routes live under `svc.<clusterDomain>`. @default 'cluster.local' */
  readonly clusterDomain?: string;
}

export interface ClusterConfig {
  /** `config-features` flags that differ from Knative's defaults (keys as in the ConfigMap). */
  readonly features: Readonly<Record<string, FeatureFlagValue>>;
  readonly autoscaler: AutoscalerLimits;
  readonly defaults: RevisionDefaults;
  readonly network: NetworkTemplates;
  /**
   * Autoscaler classes ending in `.knative.dev` that this Knative distribution accepts besides
   * `kpa.` and `hpa.`. Upstream accepts none (`validateClass` in knative/serving
   * pkg/apis/autoscaling/annotation_validation.go); a distribution such as ACK's adds its own.
   * @default []
   */
  readonly extensionClasses: readonly string[];
}

/** Knative Serving 1.23's defaults for the `config-features` flags the library checks. */
// knative/serving pkg/apis/config/features.go
export const DEFAULT_FEATURES: Readonly<Record<string, FeatureFlagValue>> = {
  'multi-container': 'enabled',
  'multi-container-probing': 'disabled',
  'kubernetes.podspec-affinity': 'disabled',
  'kubernetes.podspec-topologyspreadconstraints': 'disabled',
  'kubernetes.podspec-hostaliases': 'disabled',
  'kubernetes.podspec-nodeselector': 'disabled',
  'kubernetes.podspec-tolerations': 'disabled',
  'kubernetes.podspec-runtimeclassname': 'disabled',
  'kubernetes.podspec-securitycontext': 'disabled',
  'kubernetes.podspec-shareprocessnamespace': 'disabled',
  'kubernetes.podspec-priorityclassname': 'disabled',
  'kubernetes.podspec-schedulername': 'disabled',
  'kubernetes.podspec-dnspolicy': 'disabled',
  'kubernetes.podspec-dnsconfig': 'disabled',
  'kubernetes.podspec-hostipc': 'disabled',
  'kubernetes.podspec-hostpid': 'disabled',
  'kubernetes.podspec-hostnetwork': 'disabled',
  'kubernetes.podspec-init-containers': 'disabled',
  'kubernetes.podspec-fieldref': 'disabled',
  'kubernetes.containerspec-addcapabilities': 'disabled',
  'kubernetes.podspec-volumes-emptydir': 'enabled',
  'kubernetes.podspec-persistent-volume-claim': 'disabled',
  'kubernetes.podspec-persistent-volume-write': 'disabled',
  'kubernetes.podspec-volumes-hostpath': 'disabled',
  'kubernetes.podspec-volumes-csi': 'disabled',
  'kubernetes.podspec-volumes-image': 'disabled',
  'kubernetes.podspec-volumes-ephemeral': 'disabled',
  'kubernetes.podspec-volumes-mount-propagation': 'disabled',
  'tag-header-based-routing': 'disabled',
};

/** Knative's own defaults: what an untouched upstream cluster accepts. */
export const UPSTREAM_CLUSTER: ClusterConfig = {
  features: {},
  autoscaler: { maxScaleLimit: 0, allowZeroInitialScale: false, enableScaleToZero: true },
  defaults: {
    revisionTimeoutSeconds: 300,
    maxRevisionTimeoutSeconds: 600,
    containerConcurrencyMaxLimit: 1000,
    allowContainerConcurrencyZero: true,
    containerConcurrency: 0,
  },
  network: {
    domainTemplate: '{{.Name}}.{{.Namespace}}.{{.Domain}}',
    tagTemplate: '{{.Tag}}-{{.Name}}',
    domain: 'svc.cluster.local',
  },
  extensionClasses: [],
};

/** The effective value of a feature flag: the cluster's setting, else Knative's default. */
export function featureValue(cluster: ClusterConfig, flag: string): FeatureFlagValue {
  return cluster.features[flag] ?? DEFAULT_FEATURES[flag] ?? 'disabled';
}

/**
 * A `config-features` flag that a template needs. `exact` flags must be `enabled`
 * (volumes, init containers, capabilities.add...); the others accept `enabled` or `allowed`
 * (knative/serving pkg/apis/serving/fieldmask.go vs k8s_validation.go).
 */
export interface FeatureRequirement {
  readonly flag: string;
  /** Needs exactly `enabled`, not `allowed`. */
  readonly exact: boolean;
  /** Where in the user's input the gated field is, for the error message. */
  readonly path: string;
  /** The field that needs the flag, e.g. `nodeSelector`. */
  readonly field: string;
}

/** True when the cluster's value of the flag satisfies the requirement. */
export function isFeatureSatisfied(cluster: ClusterConfig, req: FeatureRequirement): boolean {
  const value = featureValue(cluster, req.flag);
  return req.exact ? value === 'enabled' : value !== 'disabled';
}

/** Implemented by constructs whose rendered pods use fields gated by `config-features`. */
export interface IRequiresFeatures {
  /** The flags this object needs, each with the input path that needs it. */
  requiredFeatures(): FeatureRequirement[];
}

export function isRequiresFeatures(x: unknown): x is IRequiresFeatures {
  return (
    typeof x === 'object' &&
    x !== null &&
    typeof (x as IRequiresFeatures).requiredFeatures === 'function'
  );
}

/** Merges partial cluster settings over Knative's defaults. */
export function clusterConfig(partial: ClusterConfigOverrides = {}): ClusterConfig {
  return {
    features: { ...UPSTREAM_CLUSTER.features, ...partial.features },
    autoscaler: { ...UPSTREAM_CLUSTER.autoscaler, ...partial.autoscaler },
    defaults: { ...UPSTREAM_CLUSTER.defaults, ...partial.defaults },
    network: { ...UPSTREAM_CLUSTER.network, ...partial.network },
    extensionClasses: partial.extensionClasses ?? UPSTREAM_CLUSTER.extensionClasses,
  };
}

export interface ClusterConfigOverrides {
  readonly features?: Readonly<Record<string, FeatureFlagValue>>;
  readonly autoscaler?: Partial<AutoscalerLimits>;
  readonly defaults?: Partial<RevisionDefaults>;
  readonly network?: Partial<NetworkTemplates>;
  readonly extensionClasses?: readonly string[];
}

/**
 * The one message for a gated field whose flag the cluster does not turn on, e.g.
 * `'nodeSelector' needs the Knative feature flag 'kubernetes.podspec-nodeselector' set to 'enabled' or 'allowed' in config-features; enable it in ServingSettings or remove the field`.
 */
export function featureIssue(req: FeatureRequirement): { path: string; message: string } {
  const values = req.exact ? `'enabled'` : `'enabled' or 'allowed'`;
  return {
    path: req.path,
    message: `'${req.field}' needs the Knative feature flag '${req.flag}' set to ${values} in config-features; enable it in ServingSettings or remove the field`,
  };
}

/** Every requirement the cluster does not satisfy, as issues (knative/serving pkg/apis/serving/fieldmask.go). */
export function checkFeatures(
  reqs: readonly FeatureRequirement[],
  cluster: ClusterConfig,
): { path: string; message: string }[] {
  return reqs.filter((r) => !isFeatureSatisfied(cluster, r)).map(featureIssue);
}
