import { Issue } from '../../validation/issue';

/**
 * Knative Eventing's `config-features` (namespace `knative-eventing`) defaults for the flags the
 * library checks. In Eventing a flag is on only when it is exactly `enabled`.
 */
// knative/eventing pkg/apis/feature/features.go
export const DEFAULT_EVENTING_FEATURES: Readonly<Record<string, string>> = {
  'kreference-group': 'disabled',
  'delivery-retryafter': 'disabled',
  'delivery-timeout': 'enabled',
  'kreference-mapping': 'disabled',
  'transport-encryption': 'disabled',
  'eventtype-auto-create': 'disabled',
  'authentication-oidc': 'disabled',
  'default-authorization-mode': 'allow-same-namespace',
  'cross-namespace-event-links': 'disabled',
  'new-apiserversource-filters': 'disabled',
};

/** What the target cluster's Knative Eventing accepts, as far as the library checks it. */
export interface EventingClusterConfig {
  /** `config-features` values in `knative-eventing` that differ from Knative's defaults. */
  readonly features: Readonly<Record<string, string>>;
  /**
   * `config-ping-defaults` `data-max-size` in bytes; -1 means unlimited.
   * @default -1
   */
  readonly pingDataMaxSize?: number;
  /**
   * `config-br-defaults` `disallowDifferentNamespaceConfig`: a Broker's `spec.config` and
   * dead-letter ref must be in the Broker's namespace; `true` cluster-wide, or these namespaces.
   * @default false
   */
  readonly disallowDifferentNamespaceConfig?: boolean | readonly string[];
}

/** Knative Eventing's own defaults: an untouched upstream cluster. */
export const UPSTREAM_EVENTING: EventingClusterConfig = { features: {}, pingDataMaxSize: -1 };

/** A `config-features` flag (in `knative-eventing`) that a field of an eventing object needs. */
export interface EventingFeatureRequirement {
  readonly flag: string;
  /** Where in the user's input the gated field is. */
  readonly path: string;
  /** The field that needs the flag, e.g. `brokerRef.namespace`. */
  readonly field: string;
}

/** Implemented by eventing constructs whose fields are gated by Eventing feature flags. */
export interface IRequiresEventingFeatures {
  requiredEventingFeatures(): EventingFeatureRequirement[];
}

export function isRequiresEventingFeatures(x: unknown): x is IRequiresEventingFeatures {
  return (
    typeof x === 'object' &&
    x !== null &&
    typeof (x as IRequiresEventingFeatures).requiredEventingFeatures === 'function'
  );
}

/** The effective value of an Eventing flag: the cluster's setting, else Knative's default. */
export function eventingFeatureValue(cluster: EventingClusterConfig, flag: string): string {
  return (cluster.features[flag] ?? DEFAULT_EVENTING_FEATURES[flag] ?? 'disabled').toLowerCase();
}

/** One message for a gated field whose flag is not exactly `enabled`. */
export function eventingFeatureIssue(req: EventingFeatureRequirement): Issue {
  return {
    path: req.path,
    message: `'${req.field}' needs the Knative Eventing feature flag '${req.flag}' set to 'enabled' in config-features (namespace knative-eventing); enable it in EventingSettings or remove the field`,
  };
}

/** Every requirement the cluster does not satisfy, as issues. */
// knative/eventing pkg/apis/feature/features.go (IsEnabled means exactly "enabled")
export function checkEventingFeatures(
  reqs: readonly EventingFeatureRequirement[],
  cluster: EventingClusterConfig | undefined,
): Issue[] {
  if (!cluster) return [];
  return reqs
    .filter((r) => eventingFeatureValue(cluster, r.flag) !== 'enabled')
    .map(eventingFeatureIssue);
}
