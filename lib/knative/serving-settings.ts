import { ApiObject, Lazy } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { stringify as yamlStringify } from 'yaml';
import {
  ClusterConfig,
  FeatureFlagValue,
  FeatureRequirement,
  IRequiresFeatures,
  UPSTREAM_CLUSTER,
  checkFeatures,
  isRequiresFeatures,
} from './cluster-config';
import {
  Issue,
  checkDns1123Subdomain,
  checkDns1123Label,
  checkGoDuration,
  checkNumber,
  checkQuantity,
  formatIssues,
  isDns1123Label,
  isDns1123Subdomain,
  isQualifiedName,
  joinPath,
  parseGoDuration,
  show,
  throwIfAny,
} from '../validation';

/**
 * Annotation carried by every ConfigMap that `ServingSettings` renders. The distribution (ACK
 * Knative) owns these ConfigMaps; the rendered object holds only the keys the library manages and
 * must be applied as a merge patch (server-side apply), never as a replacement.
 */
export const OWNERSHIP_ANNOTATION = 'ack-serving.io/ownership';
/** `{ 'ack-serving.io/ownership': 'partial' }`: spread it into annotations, or test for it. */
export const PARTIAL_OWNERSHIP_ANNOTATION: Readonly<Record<string, string>> = Object.freeze({
  [OWNERSHIP_ANNOTATION]: 'partial',
});

/** The six ConfigMaps `ServingSettings` may render, in rendering order. */
export const SERVING_CONFIG_MAPS = [
  'config-autoscaler',
  'config-features',
  'config-defaults',
  'config-network',
  'config-domain',
  'config-deployment',
] as const;
export type ServingConfigMapName = (typeof SERVING_CONFIG_MAPS)[number];

/** Every `config-features` flag of Knative Serving 1.23 that takes enabled/allowed/disabled, sorted. */
// knative/serving pkg/apis/config/features.go (NewFeaturesConfigFromMap)
export const KNOWN_FEATURE_FLAGS = [
  'autodetect-http2',
  'kubernetes.containerspec-addcapabilities',
  'kubernetes.podspec-affinity',
  'kubernetes.podspec-dnsconfig',
  'kubernetes.podspec-dnspolicy',
  'kubernetes.podspec-fieldref',
  'kubernetes.podspec-hostaliases',
  'kubernetes.podspec-hostipc',
  'kubernetes.podspec-hostnetwork',
  'kubernetes.podspec-hostpid',
  'kubernetes.podspec-init-containers',
  'kubernetes.podspec-nodeselector',
  'kubernetes.podspec-persistent-volume-claim',
  'kubernetes.podspec-persistent-volume-write',
  'kubernetes.podspec-priorityclassname',
  'kubernetes.podspec-runtimeclassname',
  'kubernetes.podspec-schedulername',
  'kubernetes.podspec-securitycontext',
  'kubernetes.podspec-shareprocessnamespace',
  'kubernetes.podspec-tolerations',
  'kubernetes.podspec-topologyspreadconstraints',
  'kubernetes.podspec-volumes-csi',
  'kubernetes.podspec-volumes-emptydir',
  'kubernetes.podspec-volumes-ephemeral',
  'kubernetes.podspec-volumes-hostpath',
  'kubernetes.podspec-volumes-image',
  'kubernetes.podspec-volumes-mount-propagation',
  'multi-container',
  'multi-container-probing',
  'queueproxy.mount-podinfo',
  'queueproxy.resource-defaults',
  'tag-header-based-routing',
] as const;
export type FeatureFlag = (typeof KNOWN_FEATURE_FLAGS)[number];

/** `secure-pod-defaults` takes its own values (`asSecurePodDefaultsFlag`), not enabled/allowed/disabled. */
export type SecurePodDefaults = 'Disabled' | 'AllowRootBounded' | 'Enabled';
const SECURE_POD_DEFAULTS: readonly SecurePodDefaults[] = [
  'Disabled',
  'AllowRootBounded',
  'Enabled',
];
const FLAG_VALUES: readonly FeatureFlagValue[] = ['enabled', 'allowed', 'disabled'];

/**
 * `config-features`, keyed exactly as Knative spells the flags (they contain dots, so they are not
 * camelCased). Values are parsed case-insensitively and rendered in lower case.
 */
export type FeatureSettings = {
  readonly [F in FeatureFlag]?: FeatureFlagValue;
} & {
  /** @default 'Disabled' */
  readonly 'secure-pod-defaults'?: SecurePodDefaults;
};

/** `config-autoscaler` (knative/serving pkg/autoscaler/config/config.go). Unset keys keep the cluster's value. */
export interface AutoscalerSettings {
  /** `pod-autoscaler-class`. A class ending in `.knative.dev` must be kpa, hpa or one of `extensionClasses`. @default 'kpa.autoscaling.knative.dev' */
  readonly podAutoscalerClass?: string;
  /** `enable-scale-to-zero`. @default true */
  readonly enableScaleToZero?: boolean;
  /** `allow-zero-initial-scale`. @default false */
  readonly allowZeroInitialScale?: boolean;
  /** `initial-scale`: whole number, at least 1 (0 only with allowZeroInitialScale). @default 1 */
  readonly initialScale?: number;
  /** `min-scale`: cluster-wide default lower bound, whole number >= 0, <= maxScale when maxScale > 0. @default 0 */
  readonly minScale?: number;
  /** `max-scale`: cluster-wide default upper bound, whole number; 0 = unlimited; in [1, maxScaleLimit] when a limit is set. @default 0 */
  readonly maxScale?: number;
  /** `max-scale-limit`: the largest max-scale a revision may ask for, whole number >= 0; 0 = no limit. @default 0 */
  readonly maxScaleLimit?: number;
  /** `container-concurrency-target-percentage`, in (0, 100]; values <= 1 are read as fractions. @default 70 */
  readonly containerConcurrencyTargetPercentage?: number;
  /** `container-concurrency-target-default`; percentage x default must be >= 0.01. @default 100 */
  readonly containerConcurrencyTargetDefault?: number;
  /** `requests-per-second-target-default`, >= 0.01. @default 200 */
  readonly requestsPerSecondTargetDefault?: number;
  /** `target-burst-capacity`, >= 0, or -1 to keep the activator always in the path. @default 211 */
  readonly targetBurstCapacity?: number;
  /** `stable-window`: Go duration in [6s, 1h], whole seconds. @default '60s' */
  readonly stableWindow?: string;
  /** `panic-window-percentage`, in [1, 100]. @default 10 */
  readonly panicWindowPercentage?: number;
  /** `panic-threshold-percentage` (Knative does not range-check it here; must be > 0). @default 200 */
  readonly panicThresholdPercentage?: number;
  /** `max-scale-up-rate`, > 1. @default 1000 */
  readonly maxScaleUpRate?: number;
  /** `max-scale-down-rate`, > 1. @default 2 */
  readonly maxScaleDownRate?: number;
  /** `scale-to-zero-grace-period`: Go duration > 0. @default '30s' */
  readonly scaleToZeroGracePeriod?: string;
  /** `scale-to-zero-pod-retention-period`: Go duration >= 0. @default '0s' */
  readonly scaleToZeroPodRetentionPeriod?: string;
  /** `scale-down-delay`: Go duration >= 0, whole seconds. @default '0s' */
  readonly scaleDownDelay?: string;
  /** `activator-capacity`, >= 1. @default 100 */
  readonly activatorCapacity?: number;
}

/** `config-defaults` (knative/serving pkg/apis/config/defaults.go). */
export interface DefaultsSettings {
  /** `revision-timeout-seconds`: whole seconds >= 0, <= maxRevisionTimeoutSeconds. @default 300 */
  readonly revisionTimeoutSeconds?: number;
  /** `max-revision-timeout-seconds`: whole seconds, >= revisionTimeoutSeconds. @default 600 */
  readonly maxRevisionTimeoutSeconds?: number;
  /** `revision-response-start-timeout-seconds`: whole seconds >= 0, <= revisionTimeoutSeconds. @default - revisionTimeoutSeconds */
  readonly revisionResponseStartTimeoutSeconds?: number;
  /** `revision-idle-timeout-seconds`: whole seconds >= 0, <= revisionTimeoutSeconds; 0 = none. @default 0 */
  readonly revisionIdleTimeoutSeconds?: number;
  /** `container-concurrency`: default containerConcurrency, in [0, containerConcurrencyMaxLimit]. @default 0 */
  readonly containerConcurrency?: number;
  /** `container-concurrency-max-limit`: whole number >= 1. @default 1000 */
  readonly containerConcurrencyMaxLimit?: number;
  /** `allow-container-concurrency-zero`. @default true */
  readonly allowContainerConcurrencyZero?: boolean;
  /** `enable-service-links`. @default false */
  readonly enableServiceLinks?: boolean;
  /** `container-name-template` (Go template over ObjectMeta). @default 'user-container' */
  readonly containerNameTemplate?: string;
  /** `init-container-name-template`. @default 'init-container' */
  readonly initContainerNameTemplate?: string;
  /** `revision-cpu-request` (Kubernetes quantity). @default - none */
  readonly revisionCpuRequest?: string;
  /** `revision-memory-request`. @default - none */
  readonly revisionMemoryRequest?: string;
  /** `revision-ephemeral-storage-request`. @default - none */
  readonly revisionEphemeralStorageRequest?: string;
  /** `revision-cpu-limit`. @default - none */
  readonly revisionCpuLimit?: string;
  /** `revision-memory-limit`. @default - none */
  readonly revisionMemoryLimit?: string;
  /** `revision-ephemeral-storage-limit`. @default - none */
  readonly revisionEphemeralStorageLimit?: string;
}

/** `enabled` or `disabled`: the only values Knative accepts for its TLS switches. */
export type TlsSetting = 'enabled' | 'disabled';

/** A Kubernetes label selector, rendered as YAML inside a ConfigMap value. */
export interface LabelSelectorSettings {
  readonly matchLabels?: Readonly<Record<string, string>>;
  readonly matchExpressions?: readonly {
    readonly key: string;
    readonly operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
    readonly values?: readonly string[];
  }[];
}

/** `config-network` (knative/networking pkg/config/config.go). */
export interface NetworkSettings {
  /** `ingress-class`: the gateway implementation. @default 'istio.ingress.networking.knative.dev' */
  readonly ingressClass?: string;
  /** `certificate-class`. @default 'cert-manager.certificate.networking.knative.dev' */
  readonly certificateClass?: string;
  /** `domain-template`: must render a bare hostname. @default '{{.Name}}.{{.Namespace}}.{{.Domain}}' */
  readonly domainTemplate?: string;
  /** `tag-template`. @default '{{.Tag}}-{{.Name}}' */
  readonly tagTemplate?: string;
  /** `rollout-duration`: whole seconds >= 0 over which new revisions receive traffic. @default 0 */
  readonly rolloutDurationSeconds?: number;
  /** `autocreate-cluster-domain-claims`: when false, each DomainMapping needs a ClusterDomainClaim. @default false */
  readonly autocreateClusterDomainClaims?: boolean;
  /** `external-domain-tls`. @default 'disabled' */
  readonly externalDomainTls?: TlsSetting;
  /** `cluster-local-domain-tls`. @default 'disabled' */
  readonly clusterLocalDomainTls?: TlsSetting;
  /** `system-internal-tls`. @default 'disabled' */
  readonly systemInternalTls?: TlsSetting;
  /** `http-protocol`. @default 'enabled' */
  readonly httpProtocol?: 'enabled' | 'redirected' | 'disabled';
  /** `default-external-scheme`. @default 'http' */
  readonly defaultExternalScheme?: 'http' | 'https';
  /** `mesh-compatibility-mode`. @default 'auto' */
  readonly meshCompatibilityMode?: 'auto' | 'enabled' | 'disabled';
  /** `enable-mesh-pod-addressability`. @default false */
  readonly enableMeshPodAddressability?: boolean;
  /** `namespace-wildcard-cert-selector`. @default - none */
  readonly namespaceWildcardCertSelector?: LabelSelectorSettings;
}

/** `config-domain` (knative/serving pkg/reconciler/route/config/domain.go). */
export interface DomainSettings {
  /** The domain of every Route no selector matches. @default - 'svc.cluster.local' (routes stay cluster-local) */
  readonly defaultDomain?: string;
  /** Domain -> label selector: Routes carrying all these labels get that domain. @default {} */
  readonly selectorDomains?: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

/** `config-deployment` (knative/serving pkg/deployment/config.go). */
export interface DeploymentSettings {
  /** `progress-deadline`: Go duration > 0, whole seconds. @default '600s' */
  readonly progressDeadline?: string;
  /** `registries-skipping-tag-resolving`: registries whose tags are not resolved to digests. @default ['kind.local', 'ko.local', 'dev.local'] */
  readonly registriesSkippingTagResolving?: readonly string[];
  /** `digest-resolution-timeout`: Go duration > 0. @default '10s' */
  readonly digestResolutionTimeout?: string;
  /** `queue-sidecar-cpu-request`. @default '25m' */
  readonly queueSidecarCpuRequest?: string;
  /** `queue-sidecar-cpu-limit`. @default - none */
  readonly queueSidecarCpuLimit?: string;
  /** `queue-sidecar-memory-request`. @default - none */
  readonly queueSidecarMemoryRequest?: string;
  /** `queue-sidecar-memory-limit`. @default - none */
  readonly queueSidecarMemoryLimit?: string;
  /** `queue-sidecar-ephemeral-storage-request`. @default - none */
  readonly queueSidecarEphemeralStorageRequest?: string;
  /** `queue-sidecar-ephemeral-storage-limit`. @default - none */
  readonly queueSidecarEphemeralStorageLimit?: string;
  /** `default-affinity-type`. @default 'prefer-spread-revision-over-nodes' */
  readonly defaultAffinityType?: 'prefer-spread-revision-over-nodes' | 'none';
  /** `runtime-class-name`: RuntimeClass name -> label selector (empty = every revision). @default - none */
  readonly runtimeClassNames?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** `pod-is-always-schedulable`: set on clusters whose unschedulable pods are transient (virtual nodes). @default false */
  readonly podIsAlwaysSchedulable?: boolean;
}

export interface ServingSettingsProps {
  /** Namespace of the ConfigMaps. @default 'knative-serving' */
  readonly namespace?: string;
  /** `config-autoscaler`. @default - no keys rendered */
  readonly autoscaler?: AutoscalerSettings;
  /** `config-features`. @default - no keys rendered */
  readonly features?: FeatureSettings;
  /** `config-defaults`. @default - no keys rendered */
  readonly defaults?: DefaultsSettings;
  /** `config-network`. @default - no keys rendered */
  readonly network?: NetworkSettings;
  /** `config-domain`. @default - no keys rendered */
  readonly domain?: DomainSettings;
  /** `config-deployment`. @default - no keys rendered */
  readonly deployment?: DeploymentSettings;
  /**
   * Turn on, in `config-features`, exactly the flags the constructs in the App use (value
   * `enabled`), on top of the explicit `features`. Explicit values win.
   * @default false
   */
  readonly enableFeaturesInUse?: boolean;
  /**
   * Autoscaler classes ending in `.knative.dev` that the target Knative distribution accepts
   * besides kpa and hpa. Not rendered; it only widens what validators accept.
   * @default [] (upstream Knative)
   */
  readonly extensionClasses?: readonly string[];
}

const KPA = 'kpa.autoscaling.knative.dev';
const HPA = 'hpa.autoscaling.knative.dev';
const registry = new WeakMap<IConstruct, ServingSettings>();

/**
 * The Knative Serving cluster ConfigMaps (`config-autoscaler`, `config-features`,
 * `config-defaults`, `config-network`, `config-domain`, `config-deployment`), typed and validated
 * with Knative's own constraints. Only keys that are set are rendered, each ConfigMap is a partial
 * patch (see `PARTIAL_OWNERSHIP_ANNOTATION`), and a ConfigMap with no keys is not rendered.
 * One per App: other constructs find it with `ServingSettings.of(this)`.
 */
export class ServingSettings extends Construct {
  /** The ServingSettings of the App that `scope` belongs to, if any. */
  public static of(scope: IConstruct): ServingSettings | undefined {
    return registry.get(scope.node.root);
  }

  public readonly namespace: string;
  public readonly enableFeaturesInUse: boolean;
  public readonly extensionClasses: readonly string[];
  /** True when these settings turn on `external-domain-tls` (certificates for external domains); URLs then use https. */
  public readonly externalDomainTls: boolean;
  private readonly data: Record<
    Exclude<ServingConfigMapName, 'config-features'>,
    Record<string, string>
  >;
  private readonly explicitFeatures: Record<string, string>;
  private readonly clusterConfig: ClusterConfig;
  private validatedRequirements?: FeatureRequirement[];

  constructor(scope: Construct, id: string, props: ServingSettingsProps = {}) {
    super(scope, id);
    const path = this.node.path;
    const issues: Issue[] = [];

    const existing = ServingSettings.of(this);
    if (existing) {
      issues.push({
        path,
        message: `an App holds one ServingSettings and '${existing.node.path}' already defines the cluster's Knative settings; configure that one instead`,
      });
    }

    this.namespace = props.namespace ?? 'knative-serving';
    issues.push(...checkDns1123Label(this.namespace, joinPath(path, 'namespace'), 'namespace'));
    this.enableFeaturesInUse = props.enableFeaturesInUse ?? false;
    issues.push(
      ...checkBoolean(
        props.enableFeaturesInUse,
        joinPath(path, 'enableFeaturesInUse'),
        'enableFeaturesInUse',
      ),
    );
    this.extensionClasses = [...(props.extensionClasses ?? [])];
    issues.push(
      ...checkExtensionClasses(this.extensionClasses, joinPath(path, 'extensionClasses')),
    );

    const autoscaler = autoscalerData(
      props.autoscaler ?? {},
      joinPath(path, 'autoscaler'),
      this.extensionClasses,
    );
    const features = featuresData(props.features ?? {}, joinPath(path, 'features'));
    const defaults = defaultsData(props.defaults ?? {}, joinPath(path, 'defaults'));
    const network = networkData(props.network ?? {}, joinPath(path, 'network'));
    const domain = domainData(props.domain ?? {}, joinPath(path, 'domain'));
    const deployment = deploymentData(props.deployment ?? {}, joinPath(path, 'deployment'));
    issues.push(
      ...autoscaler.issues,
      ...features.issues,
      ...defaults.issues,
      ...network.issues,
      ...domain.issues,
      ...deployment.issues,
    );
    throwIfAny(issues);

    this.data = {
      'config-autoscaler': autoscaler.data,
      'config-defaults': defaults.data,
      'config-network': network.data,
      'config-domain': domain.data,
      'config-deployment': deployment.data,
    };
    this.explicitFeatures = features.data;
    this.externalDomainTls = network.data['external-domain-tls'] === 'enabled';
    const assumed = this.enableFeaturesInUse
      ? Object.fromEntries(KNOWN_FEATURE_FLAGS.map((f) => [f, 'enabled']))
      : {};
    this.clusterConfig = Object.freeze({
      ...effectiveConfig(props, this.extensionClasses),
      features: flagsOnly({ ...assumed, ...this.explicitFeatures }),
    });
    registry.set(this.node.root, this);

    for (const name of SERVING_CONFIG_MAPS) {
      if (name === 'config-features') {
        // Created now to keep the rendering order; dropped at synthesis if it stays empty.
        if (this.enableFeaturesInUse || Object.keys(this.explicitFeatures).length > 0)
          this.newFeaturesConfigMap();
      } else if (Object.keys(this.data[name]).length > 0) {
        this.newConfigMap(name, this.data[name]);
      }
    }

    // Cross-object check: every gated field used anywhere in the App needs its flag. One walk of
    // the tree per synthesis; it also decides whether config-features has keys at all.
    this.node.addValidation({
      validate: () => {
        const reqs = this.requirementsInApp();
        this.validatedRequirements = reqs; // cdk8s renders right after validating: walk once
        const features = this.renderedFeatures(reqs);
        this.syncFeaturesConfigMap(features);
        const exact: ClusterConfig = { ...this.clusterConfig, features: flagsOnly(features) };
        return checkFeatures(reqs, exact).map((i) => formatIssues([i]));
      },
    });
  }

  /**
   * What the cluster accepts once these settings apply: the keys set here over Knative's
   * defaults. With `enableFeaturesInUse`, every flag not set explicitly reads as `enabled`,
   * because any flag a construct uses will be turned on; this keeps the call cheap for
   * validators that run while the App is still being built. (`secure-pod-defaults` is not an
   * enabled/allowed/disabled flag and is left out.)
   */
  public toClusterConfig(): ClusterConfig {
    return this.clusterConfig;
  }

  /** Every `config-features` flag some construct in the App needs, each as `enabled`, sorted by flag. */
  public featuresInUse(): Record<string, FeatureFlagValue> {
    return inUse(this.requirementsInApp());
  }

  /** The rendered ConfigMap of that name, or undefined when it has no keys. */
  public configMap(name: ServingConfigMapName): ApiObject | undefined {
    return this.node.tryFindChild(name) as ApiObject | undefined;
  }

  private requirementsInApp(): FeatureRequirement[] {
    return this.node.root.node
      .findAll()
      .filter((c): c is IConstruct & IRequiresFeatures => isRequiresFeatures(c))
      .flatMap((c) => c.requiredFeatures());
  }

  /** The `config-features` data: flags in use (when enabled), then the explicit values over them. */
  private renderedFeatures(reqs: readonly FeatureRequirement[]): Record<string, string> {
    const derived = this.enableFeaturesInUse ? inUse(reqs) : {};
    return sortedRecord({ ...derived, ...this.explicitFeatures });
  }

  /**
   * `config-features` is rendered only when it has keys. With `enableFeaturesInUse` that is known
   * only once the App is complete, so this runs again at synthesis (from the validation hook,
   * which cdk8s runs before it renders any chart).
   */
  private syncFeaturesConfigMap(features: Record<string, string>): void {
    const name = 'config-features';
    const wanted = Object.keys(features).length > 0;
    const present = this.node.tryFindChild(name) !== undefined;
    if (wanted && !present) {
      this.newFeaturesConfigMap();
    } else if (!wanted && present) {
      this.node.tryRemoveChild(name);
    }
  }

  private newFeaturesConfigMap(): void {
    this.newConfigMap(
      'config-features',
      Lazy.any({
        produce: () => {
          const reqs = this.validatedRequirements ?? this.requirementsInApp();
          this.validatedRequirements = undefined;
          return this.renderedFeatures(reqs);
        },
      }),
    );
  }

  private newConfigMap(name: ServingConfigMapName, data: unknown): ApiObject {
    return new ApiObject(this, name, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name,
        namespace: this.namespace,
        annotations: { ...PARTIAL_OWNERSHIP_ANNOTATION },
      },
      data,
    });
  }
}

/** Flags in use as `enabled`, sorted. */
function inUse(reqs: readonly FeatureRequirement[]): Record<string, FeatureFlagValue> {
  const flags = [...new Set(reqs.map((r) => r.flag))].sort();
  return Object.fromEntries(flags.map((f) => [f, 'enabled' as const]));
}

/** The enabled/allowed/disabled flags of a config-features map (drops `secure-pod-defaults`), sorted. */
function flagsOnly(features: Record<string, string>): Record<string, FeatureFlagValue> {
  const out = sortedRecord(features) as Record<string, FeatureFlagValue>;
  delete out['secure-pod-defaults'];
  return out;
}

/** The cluster config of the App that `scope` belongs to: its ServingSettings, else upstream Knative's defaults. */
export function clusterConfigFor(scope: IConstruct): ClusterConfig {
  return ServingSettings.of(scope)?.toClusterConfig() ?? UPSTREAM_CLUSTER;
}

// ---------------------------------------------------------------------------------------------
// Rules. Each returns the rendered data (keys exactly as Knative spells them) and every issue.

interface Rendered {
  readonly data: Record<string, string>;
  readonly issues: Issue[];
}

/** Collects keys in a stable (sorted) order and the issues found while checking them. */
class Collector {
  public readonly issues: Issue[] = [];
  private readonly data: Record<string, string> = {};
  constructor(private readonly path: string) {}
  public at(prop: string): string {
    return joinPath(this.path, prop);
  }
  public check(found: Issue[]): boolean {
    this.issues.push(...found);
    return found.length === 0;
  }
  public set(key: string, value: string): void {
    this.data[key] = value;
  }
  public done(): Rendered {
    const keys = Object.keys(this.data).sort();
    return { data: Object.fromEntries(keys.map((k) => [k, this.data[k]])), issues: this.issues };
  }
}

function checkBoolean(value: unknown, path: string, key: string): Issue[] {
  if (value === undefined || typeof value === 'boolean') return [];
  return [{ path, message: `${key} ${show(value)} must be true or false` }];
}

function listChoices(allowed: readonly string[]): string {
  const quoted = allowed.map((a) => `'${a}'`);
  return quoted.length > 1
    ? `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}`
    : quoted.join('');
}

/** The allowed value `value` spells, ignoring case (Knative parses these with strings.EqualFold). */
function matchChoice(value: unknown, allowed: readonly string[]): string | undefined {
  return typeof value === 'string'
    ? allowed.find((a) => a.toLowerCase() === value.toLowerCase())
    : undefined;
}

function numberKey(
  c: Collector,
  value: number | undefined,
  prop: string,
  key: string,
  rule: Parameters<typeof checkNumber>[3],
): void {
  if (value === undefined) return;
  if (c.check(checkNumber(value, c.at(prop), key, rule))) c.set(key, `${value}`);
}

function boolKey(c: Collector, value: boolean | undefined, prop: string, key: string): void {
  if (value === undefined) return;
  if (c.check(checkBoolean(value, c.at(prop), key))) c.set(key, `${value}`);
}

function durationKey(
  c: Collector,
  value: string | undefined,
  prop: string,
  key: string,
  rule: Parameters<typeof checkGoDuration>[3],
  positive = false,
): void {
  if (value === undefined) return;
  if (!c.check(checkGoDuration(value, c.at(prop), key, rule))) return;
  if (positive && parseGoDuration(value) === 0) {
    c.check([{ path: c.at(prop), message: `${key} ${show(value)} must be longer than 0s` }]);
    return;
  }
  c.set(key, value);
}

function quantityKey(c: Collector, value: string | undefined, prop: string, key: string): void {
  if (value === undefined) return;
  if (c.check(checkQuantity(value, c.at(prop), key, { nonNegative: true }))) c.set(key, `${value}`);
}

function choiceKey(
  c: Collector,
  value: string | undefined,
  prop: string,
  key: string,
  allowed: readonly string[],
): void {
  if (value === undefined) return;
  const match = matchChoice(value, allowed);
  if (match !== undefined) c.set(key, match);
  else
    c.check([
      {
        path: c.at(prop),
        message: `${key} ${show(value)} is not supported; use ${listChoices(allowed)}`,
      },
    ]);
}

function checkExtensionClasses(classes: readonly string[], path: string): Issue[] {
  return classes.flatMap((cls, i) => {
    const at = joinPath(path, i);
    if (typeof cls !== 'string' || !isDns1123Subdomain(cls)) {
      return checkDns1123Subdomain(cls, at, 'extension class');
    }
    if (!cls.endsWith('.knative.dev')) {
      return [
        {
          path: at,
          message: `extension class ${show(cls)} does not end in '.knative.dev'; Knative accepts such classes anyway, so remove it from extensionClasses`,
        },
      ];
    }
    return [];
  });
}

// knative/serving pkg/autoscaler/config/config.go (validate) and pkg/apis/autoscaling/annotation_validation.go (validateClass)
function autoscalerData(
  a: AutoscalerSettings,
  path: string,
  extensionClasses: readonly string[],
): Rendered {
  const c = new Collector(path);
  if (a.podAutoscalerClass !== undefined) {
    const cls = a.podAutoscalerClass;
    if (typeof cls !== 'string' || cls === '') {
      c.check([
        {
          path: c.at('podAutoscalerClass'),
          message: `pod-autoscaler-class ${show(cls)} must be a class name such as '${KPA}'`,
        },
      ]);
    } else if (
      cls.endsWith('.knative.dev') &&
      cls !== KPA &&
      cls !== HPA &&
      !extensionClasses.includes(cls)
    ) {
      c.check([
        {
          path: c.at('podAutoscalerClass'),
          message: `pod-autoscaler-class ${show(cls)} is refused by upstream Knative, which accepts only '${KPA}' and '${HPA}' under knative.dev; list it in extensionClasses if your Knative distribution provides it`,
        },
      ]);
    } else {
      c.set('pod-autoscaler-class', cls);
    }
  }
  boolKey(c, a.enableScaleToZero, 'enableScaleToZero', 'enable-scale-to-zero');
  boolKey(c, a.allowZeroInitialScale, 'allowZeroInitialScale', 'allow-zero-initial-scale');

  const allowZero = a.allowZeroInitialScale ?? UPSTREAM_CLUSTER.autoscaler.allowZeroInitialScale;
  if (a.initialScale !== undefined) {
    if (
      c.check(
        checkNumber(a.initialScale, c.at('initialScale'), 'initial-scale', {
          integer: true,
          min: 0,
        }),
      )
    ) {
      if (a.initialScale === 0 && !allowZero) {
        c.check([
          {
            path: c.at('initialScale'),
            message: `initial-scale 0 needs allow-zero-initial-scale; set allowZeroInitialScale: true or use at least 1`,
          },
        ]);
      } else {
        c.set('initial-scale', `${a.initialScale}`);
      }
    }
  }

  numberKey(c, a.maxScaleLimit, 'maxScaleLimit', 'max-scale-limit', {
    integer: true,
    min: 0,
    hint: '0 means no limit',
  });
  const limit = typeof a.maxScaleLimit === 'number' && a.maxScaleLimit > 0 ? a.maxScaleLimit : 0;
  if (a.maxScale !== undefined) {
    const rule =
      limit > 0
        ? {
            integer: true,
            min: 1,
            max: limit,
            hint: `max-scale-limit is ${limit}; raise maxScaleLimit or lower maxScale`,
          }
        : { integer: true, min: 0, hint: '0 means unlimited' };
    numberKey(c, a.maxScale, 'maxScale', 'max-scale', rule);
  } else if (limit > 0) {
    // Knative's default max-scale 0 (unlimited) is out of range once a limit is set.
    c.check([
      {
        path: c.at('maxScale'),
        message: `max-scale must be set to 1..${limit} when max-scale-limit is ${limit}; Knative's default 0 (unlimited) exceeds the limit`,
      },
    ]);
  }
  if (
    a.minScale !== undefined &&
    c.check(checkNumber(a.minScale, c.at('minScale'), 'min-scale', { integer: true, min: 0 }))
  ) {
    const max = typeof a.maxScale === 'number' ? a.maxScale : 0;
    if (max > 0 && a.minScale > max) {
      c.check([
        {
          path: c.at('minScale'),
          message: `min-scale (${a.minScale}) must not exceed max-scale (${max}); raise maxScale or lower minScale`,
        },
      ]);
    } else {
      c.set('min-scale', `${a.minScale}`);
    }
  }

  if (a.containerConcurrencyTargetPercentage !== undefined) {
    const v = a.containerConcurrencyTargetPercentage;
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0 || v > 100) {
      c.check([
        {
          path: c.at('containerConcurrencyTargetPercentage'),
          message: `container-concurrency-target-percentage ${show(v)} is out of range; allowed: more than 0, at most 100 (values up to 1 are read as fractions)`,
        },
      ]);
    } else {
      c.set('container-concurrency-target-percentage', `${v}`);
    }
  }
  numberKey(
    c,
    a.containerConcurrencyTargetDefault,
    'containerConcurrencyTargetDefault',
    'container-concurrency-target-default',
    { min: 0.01 },
  );
  const pct =
    typeof a.containerConcurrencyTargetPercentage === 'number'
      ? a.containerConcurrencyTargetPercentage
      : 70;
  const dflt =
    typeof a.containerConcurrencyTargetDefault === 'number'
      ? a.containerConcurrencyTargetDefault
      : 100;
  const target = (pct > 1 ? pct / 100 : pct) * dflt;
  if (
    (a.containerConcurrencyTargetPercentage !== undefined ||
      a.containerConcurrencyTargetDefault !== undefined) &&
    pct > 0 &&
    pct <= 100 &&
    dflt >= 0.01 &&
    target < 0.01
  ) {
    c.check([
      {
        path: c.at('containerConcurrencyTargetPercentage'),
        message: `container-concurrency-target-percentage ${pct} and container-concurrency-target-default ${dflt} give a target concurrency of ${+target.toPrecision(6)}; it must be at least 0.01`,
      },
    ]);
  }
  numberKey(
    c,
    a.requestsPerSecondTargetDefault,
    'requestsPerSecondTargetDefault',
    'requests-per-second-target-default',
    { min: 0.01 },
  );
  numberKey(c, a.targetBurstCapacity, 'targetBurstCapacity', 'target-burst-capacity', {
    min: 0,
    also: [-1],
    hint: '-1 keeps the activator always in the path',
  });
  durationKey(c, a.stableWindow, 'stableWindow', 'stable-window', {
    minSeconds: 6,
    maxSeconds: 3600,
    wholeSeconds: true,
  });
  numberKey(c, a.panicWindowPercentage, 'panicWindowPercentage', 'panic-window-percentage', {
    min: 1,
    max: 100,
  });
  if (a.panicThresholdPercentage !== undefined) {
    const v = a.panicThresholdPercentage;
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) {
      c.check([
        {
          path: c.at('panicThresholdPercentage'),
          message: `panic-threshold-percentage ${show(v)} must be a number above 0, such as 200`,
        },
      ]);
    } else {
      c.set('panic-threshold-percentage', `${v}`);
    }
  }
  for (const [prop, key] of [
    ['maxScaleUpRate', 'max-scale-up-rate'],
    ['maxScaleDownRate', 'max-scale-down-rate'],
  ] as const) {
    const v = a[prop];
    if (v === undefined) continue;
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 1) {
      c.check([{ path: c.at(prop), message: `${key} ${show(v)} must be greater than 1` }]);
    } else {
      c.set(key, `${v}`);
    }
  }
  durationKey(
    c,
    a.scaleToZeroGracePeriod,
    'scaleToZeroGracePeriod',
    'scale-to-zero-grace-period',
    { minSeconds: 0 },
    true,
  );
  durationKey(
    c,
    a.scaleToZeroPodRetentionPeriod,
    'scaleToZeroPodRetentionPeriod',
    'scale-to-zero-pod-retention-period',
    { minSeconds: 0 },
  );
  durationKey(c, a.scaleDownDelay, 'scaleDownDelay', 'scale-down-delay', {
    minSeconds: 0,
    wholeSeconds: true,
  });
  numberKey(c, a.activatorCapacity, 'activatorCapacity', 'activator-capacity', { min: 1 });
  return c.done();
}

// knative/serving pkg/apis/config/features.go (asFlag, asSecurePodDefaultsFlag)
function featuresData(f: FeatureSettings, path: string): Rendered {
  const c = new Collector(path);
  for (const [flag, value] of Object.entries(f)) {
    if (value === undefined) continue;
    const at = c.at(flag);
    if (flag === 'secure-pod-defaults') {
      const match = SECURE_POD_DEFAULTS.find(
        (v) => typeof value === 'string' && v.toLowerCase() === value.toLowerCase(),
      );
      if (match) c.set(flag, match);
      else
        c.check([
          {
            path: at,
            message: `secure-pod-defaults ${show(value)} is not supported; use 'Disabled', 'AllowRootBounded' or 'Enabled'`,
          },
        ]);
      continue;
    }
    if (!(KNOWN_FEATURE_FLAGS as readonly string[]).includes(flag)) {
      const near = closest(flag, KNOWN_FEATURE_FLAGS);
      c.check([
        {
          path: at,
          message: `${show(flag)} is not a Knative Serving config-features flag${near ? `; did you mean '${near}'?` : '; check the spelling against config-features'}`,
        },
      ]);
      continue;
    }
    const lower = typeof value === 'string' ? value.toLowerCase() : value;
    if (!FLAG_VALUES.includes(lower as FeatureFlagValue)) {
      c.check([
        {
          path: at,
          message: `feature flag '${flag}' has the value ${show(value)}; use 'enabled', 'allowed' or 'disabled'`,
        },
      ]);
      continue;
    }
    c.set(flag, lower as string);
  }
  return c.done();
}

/** The known name within edit distance 3 of `name`, if exactly one is nearest. */
function closest(name: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 4;
  for (const k of known) {
    const d = editDistance(name.toLowerCase(), k);
    if (d < bestDistance) {
      best = k;
      bestDistance = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length];
}

// The ObjectMeta fields a container-name template may read (Knative executes it on an empty ObjectMeta).
const OBJECT_META_FIELDS: ReadonlySet<string> = new Set([
  'Name',
  'GenerateName',
  'Namespace',
  'UID',
  'ResourceVersion',
  'Generation',
  'Labels',
  'Annotations',
]);

// knative/serving pkg/apis/config/defaults.go (NewDefaultsConfigFromMap)
function defaultsData(d: DefaultsSettings, path: string): Rendered {
  const c = new Collector(path);
  const whole = { integer: true, min: 0 };
  numberKey(
    c,
    d.revisionTimeoutSeconds,
    'revisionTimeoutSeconds',
    'revision-timeout-seconds',
    whole,
  );
  numberKey(
    c,
    d.maxRevisionTimeoutSeconds,
    'maxRevisionTimeoutSeconds',
    'max-revision-timeout-seconds',
    whole,
  );
  numberKey(
    c,
    d.revisionResponseStartTimeoutSeconds,
    'revisionResponseStartTimeoutSeconds',
    'revision-response-start-timeout-seconds',
    whole,
  );
  numberKey(
    c,
    d.revisionIdleTimeoutSeconds,
    'revisionIdleTimeoutSeconds',
    'revision-idle-timeout-seconds',
    whole,
  );
  numberKey(
    c,
    d.containerConcurrencyMaxLimit,
    'containerConcurrencyMaxLimit',
    'container-concurrency-max-limit',
    { integer: true, min: 1 },
  );
  const defaults = UPSTREAM_CLUSTER.defaults;
  const num = (v: unknown, fallback: number) =>
    (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : undefined) ??
    (v === undefined ? fallback : undefined);
  const timeout = num(d.revisionTimeoutSeconds, defaults.revisionTimeoutSeconds);
  const maxTimeout = num(d.maxRevisionTimeoutSeconds, defaults.maxRevisionTimeoutSeconds);
  const knativeDefault = (set: unknown) => (set === undefined ? " (Knative's default)" : '');
  if (timeout !== undefined && maxTimeout !== undefined && timeout > maxTimeout) {
    const prop =
      d.maxRevisionTimeoutSeconds !== undefined
        ? 'maxRevisionTimeoutSeconds'
        : 'revisionTimeoutSeconds';
    c.check([
      {
        path: c.at(prop),
        message: `max-revision-timeout-seconds ${maxTimeout}${knativeDefault(d.maxRevisionTimeoutSeconds)} is less than revision-timeout-seconds ${timeout}${knativeDefault(d.revisionTimeoutSeconds)}; raise maxRevisionTimeoutSeconds or lower revisionTimeoutSeconds`,
      },
    ]);
  }
  for (const [prop, key] of [
    ['revisionResponseStartTimeoutSeconds', 'revision-response-start-timeout-seconds'],
    ['revisionIdleTimeoutSeconds', 'revision-idle-timeout-seconds'],
  ] as const) {
    const v = d[prop];
    if (
      typeof v === 'number' &&
      Number.isInteger(v) &&
      v > 0 &&
      timeout !== undefined &&
      v > timeout
    ) {
      c.check([
        {
          path: c.at(prop),
          message: `${key} ${v} exceeds revision-timeout-seconds ${timeout}${knativeDefault(d.revisionTimeoutSeconds)}; lower it or raise revisionTimeoutSeconds`,
        },
      ]);
    }
  }
  const maxLimit = num(d.containerConcurrencyMaxLimit, defaults.containerConcurrencyMaxLimit);
  if (d.containerConcurrency !== undefined && maxLimit !== undefined && maxLimit >= 1) {
    numberKey(c, d.containerConcurrency, 'containerConcurrency', 'container-concurrency', {
      integer: true,
      min: 0,
      max: maxLimit,
      hint: `the upper bound is container-concurrency-max-limit${knativeDefault(d.containerConcurrencyMaxLimit)}`,
    });
  }
  boolKey(
    c,
    d.allowContainerConcurrencyZero,
    'allowContainerConcurrencyZero',
    'allow-container-concurrency-zero',
  );
  boolKey(c, d.enableServiceLinks, 'enableServiceLinks', 'enable-service-links');
  for (const [prop, key] of [
    ['containerNameTemplate', 'container-name-template'],
    ['initContainerNameTemplate', 'init-container-name-template'],
  ] as const) {
    const v = d[prop];
    if (v === undefined) continue;
    const error =
      typeof v === 'string' && v !== '' ? goTemplateError(v, OBJECT_META_FIELDS) : 'it is empty';
    if (typeof v !== 'string' || error !== undefined) {
      c.check([
        {
          path: c.at(prop),
          message: `${key} ${show(v)} is not a usable Go template over the object's metadata (${error ?? 'not a string'}); write it like '{{.Name}}' or a plain name such as 'user-container'`,
        },
      ]);
    } else {
      c.set(key, v);
    }
  }
  quantityKey(c, d.revisionCpuRequest, 'revisionCpuRequest', 'revision-cpu-request');
  quantityKey(c, d.revisionMemoryRequest, 'revisionMemoryRequest', 'revision-memory-request');
  quantityKey(
    c,
    d.revisionEphemeralStorageRequest,
    'revisionEphemeralStorageRequest',
    'revision-ephemeral-storage-request',
  );
  quantityKey(c, d.revisionCpuLimit, 'revisionCpuLimit', 'revision-cpu-limit');
  quantityKey(c, d.revisionMemoryLimit, 'revisionMemoryLimit', 'revision-memory-limit');
  quantityKey(
    c,
    d.revisionEphemeralStorageLimit,
    'revisionEphemeralStorageLimit',
    'revision-ephemeral-storage-limit',
  );
  return c.done();
}

// knative/networking pkg/config/config.go (NewConfigFromMap, checkDomainTemplate, checkTagTemplate)
function networkData(n: NetworkSettings, path: string): Rendered {
  const c = new Collector(path);
  for (const [prop, key] of [
    ['ingressClass', 'ingress-class'],
    ['certificateClass', 'certificate-class'],
  ] as const) {
    const v = n[prop];
    if (v === undefined) continue;
    if (typeof v !== 'string' || !isDns1123Subdomain(v)) {
      c.check([
        {
          path: c.at(prop),
          message: `${key} ${show(v)} must be a class name such as '${prop === 'ingressClass' ? 'kourier.ingress.networking.knative.dev' : 'cert-manager.certificate.networking.knative.dev'}' (lower-case letters, digits, '-' and '.')`,
        },
      ]);
    } else {
      c.set(key, v);
    }
  }
  if (
    n.domainTemplate !== undefined &&
    c.check(checkDomainTemplate(n.domainTemplate, c.at('domainTemplate')))
  ) {
    c.set('domain-template', n.domainTemplate);
  }
  if (
    n.tagTemplate !== undefined &&
    c.check(checkTagTemplate(n.tagTemplate, c.at('tagTemplate')))
  ) {
    c.set('tag-template', n.tagTemplate);
  }
  numberKey(c, n.rolloutDurationSeconds, 'rolloutDurationSeconds', 'rollout-duration', {
    integer: true,
    min: 0,
    hint: 'give whole seconds',
  });
  boolKey(
    c,
    n.autocreateClusterDomainClaims,
    'autocreateClusterDomainClaims',
    'autocreate-cluster-domain-claims',
  );
  choiceKey(c, n.externalDomainTls, 'externalDomainTls', 'external-domain-tls', [
    'enabled',
    'disabled',
  ]);
  choiceKey(c, n.clusterLocalDomainTls, 'clusterLocalDomainTls', 'cluster-local-domain-tls', [
    'enabled',
    'disabled',
  ]);
  choiceKey(c, n.systemInternalTls, 'systemInternalTls', 'system-internal-tls', [
    'enabled',
    'disabled',
  ]);
  choiceKey(c, n.httpProtocol, 'httpProtocol', 'http-protocol', [
    'enabled',
    'redirected',
    'disabled',
  ]);
  choiceKey(c, n.defaultExternalScheme, 'defaultExternalScheme', 'default-external-scheme', [
    'http',
    'https',
  ]);
  choiceKey(c, n.meshCompatibilityMode, 'meshCompatibilityMode', 'mesh-compatibility-mode', [
    'auto',
    'enabled',
    'disabled',
  ]);
  boolKey(
    c,
    n.enableMeshPodAddressability,
    'enableMeshPodAddressability',
    'enable-mesh-pod-addressability',
  );
  if (n.namespaceWildcardCertSelector !== undefined) {
    const sel = n.namespaceWildcardCertSelector;
    if (
      c.check(
        checkLabelSelector(
          sel,
          c.at('namespaceWildcardCertSelector'),
          'namespace-wildcard-cert-selector',
        ),
      )
    ) {
      c.set('namespace-wildcard-cert-selector', toYaml(labelSelectorJson(sel)));
    }
  }
  return c.done();
}

// knative/serving pkg/reconciler/route/config/domain.go (NewDomainFromConfigMap)
function domainData(d: DomainSettings, path: string): Rendered {
  const c = new Collector(path);
  if (
    d.defaultDomain !== undefined &&
    c.check(checkDomainName(d.defaultDomain, c.at('defaultDomain'), 'defaultDomain'))
  ) {
    c.set(d.defaultDomain, '');
  }
  for (const [domain, selector] of Object.entries(d.selectorDomains ?? {})) {
    const at = joinPath(c.at('selectorDomains'), domain);
    const ok = c.check(checkDomainName(domain, at, 'selector domain'));
    if (domain === d.defaultDomain) {
      c.check([
        {
          path: at,
          message: `domain ${show(domain)} is both the default domain and a selector domain; a ConfigMap key holds one of them`,
        },
      ]);
      continue;
    }
    if (selector === null || typeof selector !== 'object' || Object.keys(selector).length === 0) {
      c.check([
        {
          path: at,
          message: `selector of domain ${show(domain)} is empty, which makes it a default domain; give at least one label, or use defaultDomain`,
        },
      ]);
      continue;
    }
    if (c.check(checkLabels(selector, at, 'selector label')) && ok) {
      c.set(domain, toYaml({ selector: sortedRecord(selector) }));
    }
  }
  return c.done();
}

// knative/serving pkg/deployment/config.go (NewConfigFromMap)
function deploymentData(d: DeploymentSettings, path: string): Rendered {
  const c = new Collector(path);
  durationKey(
    c,
    d.progressDeadline,
    'progressDeadline',
    'progress-deadline',
    { minSeconds: 0, wholeSeconds: true },
    true,
  );
  durationKey(
    c,
    d.digestResolutionTimeout,
    'digestResolutionTimeout',
    'digest-resolution-timeout',
    { minSeconds: 0 },
    true,
  );
  if (d.registriesSkippingTagResolving !== undefined) {
    const regs = d.registriesSkippingTagResolving;
    const bad = Array.isArray(regs)
      ? regs.flatMap((r, i) =>
          typeof r === 'string' && /^[A-Za-z0-9.-]+(:[0-9]+)?$/.test(r)
            ? []
            : [
                {
                  path: joinPath(c.at('registriesSkippingTagResolving'), i),
                  message: `registry ${show(r)} must be a registry host such as 'registry.example.com' or 'registry.example.com:5000', without scheme, path or commas`,
                },
              ],
        )
      : [
          {
            path: c.at('registriesSkippingTagResolving'),
            message: `registries-skipping-tag-resolving ${show(regs)} must be a list of registry hosts`,
          },
        ];
    if (c.check(bad)) c.set('registries-skipping-tag-resolving', [...new Set(regs)].join(','));
  }
  quantityKey(c, d.queueSidecarCpuRequest, 'queueSidecarCpuRequest', 'queue-sidecar-cpu-request');
  quantityKey(c, d.queueSidecarCpuLimit, 'queueSidecarCpuLimit', 'queue-sidecar-cpu-limit');
  quantityKey(
    c,
    d.queueSidecarMemoryRequest,
    'queueSidecarMemoryRequest',
    'queue-sidecar-memory-request',
  );
  quantityKey(
    c,
    d.queueSidecarMemoryLimit,
    'queueSidecarMemoryLimit',
    'queue-sidecar-memory-limit',
  );
  quantityKey(
    c,
    d.queueSidecarEphemeralStorageRequest,
    'queueSidecarEphemeralStorageRequest',
    'queue-sidecar-ephemeral-storage-request',
  );
  quantityKey(
    c,
    d.queueSidecarEphemeralStorageLimit,
    'queueSidecarEphemeralStorageLimit',
    'queue-sidecar-ephemeral-storage-limit',
  );
  choiceKey(c, d.defaultAffinityType, 'defaultAffinityType', 'default-affinity-type', [
    'prefer-spread-revision-over-nodes',
    'none',
  ]);
  if (d.runtimeClassNames !== undefined) {
    const at = c.at('runtimeClassNames');
    const found: Issue[] = [];
    const out: Record<string, unknown> = {};
    for (const name of Object.keys(d.runtimeClassNames).sort()) {
      const selector = d.runtimeClassNames[name];
      found.push(...checkDns1123Subdomain(name, joinPath(at, name), 'RuntimeClass name'));
      found.push(...checkLabels(selector ?? {}, joinPath(at, name), 'selector label'));
      out[name] =
        selector && Object.keys(selector).length > 0 ? { selector: sortedRecord(selector) } : {};
    }
    if (c.check(found) && Object.keys(out).length > 0) c.set('runtime-class-name', toYaml(out));
  }
  boolKey(c, d.podIsAlwaysSchedulable, 'podIsAlwaysSchedulable', 'pod-is-always-schedulable');
  return c.done();
}

function effectiveConfig(
  props: ServingSettingsProps,
  extensionClasses: readonly string[],
): Omit<ClusterConfig, 'features'> {
  const a = props.autoscaler ?? {};
  const d = props.defaults ?? {};
  const n = props.network ?? {};
  const up = UPSTREAM_CLUSTER;
  return {
    autoscaler: {
      maxScaleLimit: a.maxScaleLimit ?? up.autoscaler.maxScaleLimit,
      allowZeroInitialScale: a.allowZeroInitialScale ?? up.autoscaler.allowZeroInitialScale,
      enableScaleToZero: a.enableScaleToZero ?? up.autoscaler.enableScaleToZero,
    },
    defaults: {
      revisionTimeoutSeconds: d.revisionTimeoutSeconds ?? up.defaults.revisionTimeoutSeconds,
      maxRevisionTimeoutSeconds:
        d.maxRevisionTimeoutSeconds ?? up.defaults.maxRevisionTimeoutSeconds,
      containerConcurrencyMaxLimit:
        d.containerConcurrencyMaxLimit ?? up.defaults.containerConcurrencyMaxLimit,
      allowContainerConcurrencyZero:
        d.allowContainerConcurrencyZero ?? up.defaults.allowContainerConcurrencyZero,
      containerConcurrency: d.containerConcurrency ?? up.defaults.containerConcurrency,
    },
    network: {
      domainTemplate: n.domainTemplate ?? up.network.domainTemplate,
      tagTemplate: n.tagTemplate ?? up.network.tagTemplate,
      domain: props.domain?.defaultDomain ?? up.network.domain,
    },
    extensionClasses: [...extensionClasses],
  };
}

// ---------------------------------------------------------------------------------------------
// Small helpers

function sortedRecord(map: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(
    Object.keys(map)
      .sort()
      .map((k) => [k, map[k]]),
  );
}

function toYaml(value: unknown): string {
  return yamlStringify(value, { sortMapEntries: true });
}

function checkDomainName(value: unknown, path: string, what: string): Issue[] {
  if (
    typeof value === 'string' &&
    isDns1123Subdomain(value) &&
    value.split('.').every(isDns1123Label)
  )
    return [];
  return [
    {
      path,
      message: `${what} ${show(value)} is not a domain name: use lower-case DNS labels of at most 63 characters joined by '.', such as 'models.example.com'`,
    },
  ];
}

// k8s.io/apimachinery pkg/util/validation/validation.go IsValidLabelValue
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

function checkLabels(map: unknown, path: string, what: string): Issue[] {
  if (map === null || typeof map !== 'object' || Array.isArray(map)) {
    return [{ path, message: `${what}s must be a map of label keys to values` }];
  }
  const issues: Issue[] = [];
  for (const [key, value] of Object.entries(map)) {
    if (!isQualifiedName(key)) {
      issues.push({
        path,
        message: `${what} key ${show(key)} is not a qualified name: use an optional DNS subdomain prefix and '/', then at most 63 letters, digits, '-', '_' or '.'`,
      });
    }
    if (typeof value !== 'string' || value.length > 63 || !LABEL_VALUE.test(value)) {
      issues.push({
        path,
        message: `${what} ${show(key)} has the value ${show(value)}; a label value is a string of at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit`,
      });
    }
  }
  return issues;
}

function checkLabelSelector(sel: LabelSelectorSettings, path: string, key: string): Issue[] {
  if (sel === null || typeof sel !== 'object')
    return [
      { path, message: `${key} must be a label selector with matchLabels and/or matchExpressions` },
    ];
  const issues = checkLabels(
    sel.matchLabels ?? {},
    joinPath(path, 'matchLabels'),
    'selector label',
  );
  (sel.matchExpressions ?? []).forEach((e, i) => {
    const at = joinPath(joinPath(path, 'matchExpressions'), i);
    if (!isQualifiedName(e.key))
      issues.push({ path: at, message: `selector key ${show(e.key)} is not a qualified name` });
    const needsValues = e.operator === 'In' || e.operator === 'NotIn';
    if (!['In', 'NotIn', 'Exists', 'DoesNotExist'].includes(e.operator)) {
      issues.push({
        path: at,
        message: `selector operator ${show(e.operator)} is not supported; use 'In', 'NotIn', 'Exists' or 'DoesNotExist'`,
      });
    } else if (needsValues && !(e.values && e.values.length > 0)) {
      issues.push({
        path: at,
        message: `selector operator '${e.operator}' needs at least one value`,
      });
    } else if (!needsValues && e.values && e.values.length > 0) {
      issues.push({
        path: at,
        message: `selector operator '${e.operator}' takes no values; remove them`,
      });
    }
  });
  if (!sel.matchLabels && !sel.matchExpressions)
    issues.push({ path, message: `${key} is empty; give matchLabels or matchExpressions` });
  return issues;
}

function labelSelectorJson(sel: LabelSelectorSettings): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (sel.matchLabels) out.matchLabels = sortedRecord(sel.matchLabels);
  if (sel.matchExpressions)
    out.matchExpressions = sel.matchExpressions.map((e) => ({
      key: e.key,
      operator: e.operator,
      ...(e.values ? { values: [...e.values] } : {}),
    }));
  return out;
}

// ---------------------------------------------------------------------------------------------
// Go templates: a test render of the subset Knative's templates use.

type Rendering =
  { readonly text: string } | { readonly error: string } | { readonly unknown: true };

/**
 * Renders the subset of Go's text/template that Knative's domain and tag templates use:
 * `{{.Field}}`, `{{index .Map "key"}}`, comments and `{{-`/`-}}` trimming. Anything else
 * (pipelines, functions, conditionals) is reported as `unknown` and not test-rendered.
 */
export function renderGoTemplate(
  template: string,
  values: Readonly<Record<string, string>>,
  maps: readonly string[] = [],
): Rendering {
  let out = '';
  let rest = template;
  while (rest.length > 0) {
    const open = rest.indexOf('{{');
    if (open < 0) {
      out += rest;
      break;
    }
    out += rest.slice(0, open);
    const close = rest.indexOf('}}', open + 2);
    if (close < 0) return { error: 'unclosed action: a {{ has no matching }}' };
    let action = rest.slice(open + 2, close);
    rest = rest.slice(close + 2);
    if (action.startsWith('- ')) {
      out = out.replace(/\s+$/, '');
      action = action.slice(2);
    }
    if (action.endsWith(' -')) {
      rest = rest.replace(/^\s+/, '');
      action = action.slice(0, -2);
    }
    action = action.trim();
    if (/^\/\*[\s\S]*\*\/$/.test(action)) continue;
    const field = /^\.([A-Za-z_]\w*)$/.exec(action);
    if (field) {
      if (field[1] in values) out += values[field[1]];
      else if (maps.includes(field[1])) out += 'map[]';
      else
        return {
          error: `can't evaluate field ${field[1]}; the template knows ${[...Object.keys(values), ...maps].map((k) => `.${k}`).join(', ')}`,
        };
      continue;
    }
    const index = /^index\s+\.([A-Za-z_]\w*)\s+"[^"]*"$/.exec(action);
    if (index && maps.includes(index[1])) continue; // a missing key of a nil map renders as ''
    if (action === '') return { error: 'missing value for command' };
    return { unknown: true };
  }
  return { text: out };
}

function goTemplateError(template: string, fields: ReadonlySet<string>): string | undefined {
  const values = Object.fromEntries(
    [...fields].filter((f) => f !== 'Labels' && f !== 'Annotations').map((f) => [f, 'x']),
  );
  const r = renderGoTemplate(template, values, ['Labels', 'Annotations']);
  return 'error' in r ? r.error : undefined;
}

function checkDomainTemplate(template: unknown, path: string): Issue[] {
  const fix = "use a template such as '{{.Name}}.{{.Namespace}}.{{.Domain}}'";
  if (typeof template !== 'string' || template === '') {
    return [{ path, message: `domain-template ${show(template)} must be a Go template; ${fix}` }];
  }
  const r = renderGoTemplate(template, { Name: 'foo', Namespace: 'bar', Domain: 'baz.com' }, [
    'Annotations',
    'Labels',
  ]);
  if ('unknown' in r) return [];
  if ('error' in r)
    return [
      {
        path,
        message: `domain-template ${show(template)} does not render (${r.error}); ${fix}`,
      },
    ];
  const rendered = r.text;
  const cut = rendered.search(/[/?#]/);
  const authority = cut < 0 ? rendered : rendered.slice(0, cut);
  const tail = cut < 0 ? '' : rendered.slice(cut);
  const host = authority.slice(authority.lastIndexOf('@') + 1).replace(/:[0-9]*$/, '');
  const sample = `renders ${show(rendered)} for name 'foo', namespace 'bar' and domain 'baz.com'`;
  if (tail !== '' && tail !== '/') {
    return [
      {
        path,
        message: `domain-template ${show(template)} ${sample}, which has a URL path; the result must be a bare hostname, so ${fix}`,
      },
    ];
  }
  if (host === '')
    return [
      {
        path,
        message: `domain-template ${show(template)} ${sample}, which has an empty hostname; ${fix}`,
      },
    ];
  if (!isDns1123Subdomain(host) || !host.split('.').every(isDns1123Label)) {
    return [
      {
        path,
        message: `domain-template ${show(template)} ${sample}, which is not a valid hostname (lower-case DNS labels joined by '.'); ${fix}`,
      },
    ];
  }
  return [];
}

function checkTagTemplate(template: unknown, path: string): Issue[] {
  const fix = "use a template such as '{{.Tag}}-{{.Name}}'";
  if (typeof template !== 'string' || template === '') {
    return [{ path, message: `tag-template ${show(template)} must be a Go template; ${fix}` }];
  }
  const r = renderGoTemplate(template, { Name: 'foo', Tag: 'v2' });
  if ('unknown' in r) return [];
  if ('error' in r)
    return [
      {
        path,
        message: `tag-template ${show(template)} does not render (${r.error}); ${fix}`,
      },
    ];
  if (!isDns1123Label(r.text)) {
    return [
      {
        path,
        message: `tag-template ${show(template)} renders ${show(r.text)} for tag 'v2' and name 'foo', which is not a DNS label, yet it stands in for the route name in each tag's host; ${fix}`,
      },
    ];
  }
  return [];
}
