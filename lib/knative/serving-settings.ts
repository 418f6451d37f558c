import { ApiObject, Lazy } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import {
  ClusterConfig,
  FeatureFlagValue,
  FeatureRequirement,
  IRequiresFeatures,
  UPSTREAM_CLUSTER,
  checkFeatures,
  isRequiresFeatures,
} from './cluster-config';
import { AutoscalerSettings, autoscalerData, checkExtensionClasses } from './settings/autoscaler';
import { checkBoolean, sortedRecord } from './settings/collector';
import { DefaultsSettings, defaultsData } from './settings/defaults';
import { DeploymentSettings, deploymentData } from './settings/deployment';
import { DomainSettings, domainData } from './settings/domain';
import {
  FeatureSettings,
  KNOWN_FEATURE_FLAGS,
  featuresData,
  flagsOnly,
  inUse,
} from './settings/features';
import { NetworkSettings, networkData } from './settings/network';
import { Issue, checkDns1123Label, formatIssues, joinPath, throwIfAny } from '../validation';

// The typed props and rules of each ConfigMap live in ./settings/; this module is their public face.
export type { AutoscalerSettings } from './settings/autoscaler';
export type { DefaultsSettings } from './settings/defaults';
export type { DeploymentSettings } from './settings/deployment';
export type { DomainSettings } from './settings/domain';
export { KNOWN_FEATURE_FLAGS } from './settings/features';
export type { FeatureFlag, FeatureSettings, SecurePodDefaults } from './settings/features';
export { renderGoTemplate } from './settings/go-template';
export type { LabelSelectorSettings } from './settings/labels';
export type { NetworkSettings, TlsSetting } from './settings/network';

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

/** The cluster config of the App that `scope` belongs to: its ServingSettings, else upstream Knative's defaults. */
export function clusterConfigFor(scope: IConstruct): ClusterConfig {
  return ServingSettings.of(scope)?.toClusterConfig() ?? UPSTREAM_CLUSTER;
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
