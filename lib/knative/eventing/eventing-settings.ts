import { prune } from './_util';
import { ApiObject, Lazy } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import * as YAML from 'yaml';
import { KReference } from '../reference';
import { PARTIAL_OWNERSHIP_ANNOTATION } from '../serving-settings';
import { Issue, joinPath, show, throwIfAny } from '../../validation/issue';
import { checkDns1123Label } from '../../validation/names';
import { BrokerClass } from './broker';
import { checkDelivery, DeliveryProps, renderDelivery } from './delivery';
import { checkDestinationRef } from './destination';
import {
  EventingClusterConfig,
  EventingFeatureRequirement,
  eventingFeatureIssue,
  isRequiresEventingFeatures,
} from './features';

/** One level of `config-br-defaults` (cluster-wide or one namespace). */
export interface BrokerDefaults {
  /**
   * The class of Brokers that do not name one.
   * @default - Knative's, MTChannelBasedBroker
   */
  readonly brokerClass?: BrokerClass;
  /**
   * The config object of Brokers that do not name one, e.g. ConfigMap `config-br-default-channel`.
   * @default - Knative's
   */
  readonly config?: KReference;
  /**
   * The delivery of Brokers that set none.
   * @default - Knative's (retry 10, exponential, PT0.2S)
   */
  readonly delivery?: DeliveryProps;
  /**
   * Reject Brokers whose `spec.config` is in another namespace.
   * @default false
   */
  readonly disallowDifferentNamespaceConfig?: boolean;
}

export interface EventingSettingsProps {
  /**
   * `config-features` values set explicitly; they win over derived ones. A flag set to anything
   * but `enabled` while an eventing object needs it is an error.
   * @default - only the derived flags
   */
  readonly features?: Readonly<Record<string, string>>;
  /**
   * Turn on every flag the eventing constructs of this app (and those passed to `use()`) need.
   * @default true
   */
  readonly deriveFeatures?: boolean;
  /**
   * `config-br-defaults` `default-br-config`: cluster-wide and per-namespace Broker defaults.
   * @default - config-br-defaults is not rendered
   */
  readonly brokerDefaults?: {
    readonly clusterDefault?: BrokerDefaults;
    readonly namespaceDefaults?: Readonly<Record<string, BrokerDefaults>>;
  };
  /**
   * The namespace of Knative Eventing.
   * @default 'knative-eventing'
   */
  readonly eventingNamespace?: string;
}

const BOOLEAN_FLAG_VALUES = ['enabled', 'disabled', 'allowed'];
// knative/eventing pkg/apis/feature/features.go (flag value types)
const FLAG_VALUES: Readonly<Record<string, readonly string[]>> = {
  'transport-encryption': ['disabled', 'permissive', 'strict'],
  'default-authorization-mode': ['allow-all', 'deny-all', 'allow-same-namespace'],
};

/** Checks settings; every problem is returned. */
export function checkEventingSettings(props: EventingSettingsProps, path: string): Issue[] {
  const issues: Issue[] = [];
  for (const [flag, value] of Object.entries(props.features ?? {})) {
    const at = joinPath(joinPath(path, 'features'), flag);
    const allowed = FLAG_VALUES[flag] ?? BOOLEAN_FLAG_VALUES;
    if (typeof value !== 'string' || !allowed.includes(value.toLowerCase())) {
      issues.push({
        path: at,
        message: `feature ${show(flag)} has the value ${show(value)}; use one of ${allowed.map((v) => `'${v}'`).join(', ')}`,
      });
    }
  }
  if (props.eventingNamespace !== undefined) {
    issues.push(
      ...checkDns1123Label(
        props.eventingNamespace,
        joinPath(path, 'eventingNamespace'),
        'eventingNamespace',
      ),
    );
  }
  const defaults = props.brokerDefaults;
  if (defaults?.clusterDefault)
    issues.push(
      ...checkBrokerDefaults(
        defaults.clusterDefault,
        joinPath(joinPath(path, 'brokerDefaults'), 'clusterDefault'),
      ),
    );
  for (const [ns, d] of Object.entries(defaults?.namespaceDefaults ?? {})) {
    const at = joinPath(joinPath(joinPath(path, 'brokerDefaults'), 'namespaceDefaults'), ns);
    issues.push(...checkDns1123Label(ns, at, 'namespace'));
    issues.push(...checkBrokerDefaults(d, at));
  }
  return issues;
}

// knative/eventing pkg/apis/config/defaults.go
function checkBrokerDefaults(d: BrokerDefaults, path: string): Issue[] {
  const issues: Issue[] = [];
  if (d.brokerClass !== undefined && (d.brokerClass.name === '' || /\s/.test(d.brokerClass.name))) {
    issues.push({
      path: joinPath(path, 'brokerClass'),
      message: `brokerClass ${show(d.brokerClass.name)} must be a non-empty class name without spaces`,
    });
  }
  if (d.config) issues.push(...checkDestinationRef(d.config, joinPath(path, 'config')));
  issues.push(...checkDelivery(d.delivery, joinPath(path, 'delivery')));
  return issues;
}

function renderBrokerDefaults(d: BrokerDefaults): Record<string, unknown> {
  return prune({
    brokerClass: d.brokerClass?.name,
    apiVersion: d.config?.apiVersion,
    kind: d.config?.kind,
    name: d.config?.name,
    namespace: d.config?.namespace,
    delivery: d.delivery ? renderDelivery(d.delivery) : undefined,
    disallowDifferentNamespaceConfig: d.disallowDifferentNamespaceConfig,
  });
}

/** Renders the `default-br-config` YAML of `config-br-defaults`, or undefined when nothing is set. */
export function renderBrokerDefaultsConfig(props: EventingSettingsProps): string | undefined {
  const d = props.brokerDefaults;
  if (!d || (!d.clusterDefault && !d.namespaceDefaults)) return undefined;
  const doc: Record<string, unknown> = {};
  if (d.clusterDefault) doc.clusterDefault = renderBrokerDefaults(d.clusterDefault);
  if (d.namespaceDefaults) {
    doc.namespaceDefaults = Object.fromEntries(
      Object.keys(d.namespaceDefaults)
        .sort()
        .map((ns) => [
          ns,
          renderBrokerDefaults((d.namespaceDefaults as Record<string, BrokerDefaults>)[ns]),
        ]),
    );
  }
  return YAML.stringify(doc);
}

/** Flags to turn on for the requirements, merged under explicit values; keys sorted. */
export function deriveEventingFeatures(
  reqs: readonly EventingFeatureRequirement[],
  explicit: Readonly<Record<string, string>> = {},
): Record<string, string> {
  const data: Record<string, string> = {};
  for (const r of reqs) data[r.flag] = 'enabled';
  Object.assign(data, explicit);
  return Object.fromEntries(
    Object.keys(data)
      .sort()
      .map((k) => [k, data[k]]),
  );
}

/** Requirements whose flag is explicitly set to something other than `enabled`. */
export function conflictingFeatures(
  reqs: readonly EventingFeatureRequirement[],
  explicit: Readonly<Record<string, string>> = {},
): Issue[] {
  return reqs
    .filter((r) => explicit[r.flag] !== undefined && explicit[r.flag].toLowerCase() !== 'enabled')
    .map(eventingFeatureIssue);
}

/**
 * Knative Eventing's cluster settings that the library manages: `config-features` (flags derived
 * from the eventing objects in use) and `config-br-defaults`, both in `knative-eventing`. Each
 * ConfigMap carries only the keys set here and the annotation `ack-serving.io/ownership: partial`:
 * apply it as a merge patch, never as a replacement.
 */
export class EventingSettings extends Construct {
  public readonly brokerDefaults?: ApiObject;
  private readonly props: EventingSettingsProps;
  private readonly used: IConstruct[] = [];
  private readonly eventingNamespace: string;

  constructor(scope: Construct, id: string, props: EventingSettingsProps = {}) {
    super(scope, id);
    throwIfAny(checkEventingSettings(props, this.node.path));
    this.props = props;
    this.eventingNamespace = props.eventingNamespace ?? 'knative-eventing';
    // Created now to keep the rendering order; dropped at synthesis if it stays empty.
    this.newFeaturesConfigMap();
    const brDefaults = renderBrokerDefaultsConfig(props);
    if (brDefaults !== undefined) {
      this.brokerDefaults = new ApiObject(this, 'BrokerDefaults', {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: {
          name: 'config-br-defaults',
          namespace: this.eventingNamespace,
          annotations: { ...PARTIAL_OWNERSHIP_ANNOTATION },
        },
        data: { 'default-br-config': brDefaults },
      });
    }
    this.node.addValidation({
      validate: () => {
        this.syncFeaturesConfigMap();
        return conflictingFeatures(this.requirements(), props.features).map(
          (i) => `${i.path}: ${i.message}`,
        );
      },
    });
  }

  /** The `config-features` ConfigMap, or undefined once synthesis found no key to set. */
  public get features(): ApiObject | undefined {
    return this.node.tryFindChild('Resource') as ApiObject | undefined;
  }

  /** Also derives flags from constructs in another app (each scanned with its children). */
  public use(...constructs: IConstruct[]): void {
    this.used.push(...constructs);
  }

  /** Every requirement of the eventing objects in scope. */
  public requirements(): EventingFeatureRequirement[] {
    if (this.props.deriveFeatures === false) return [];
    const roots: IConstruct[] = [this.node.root, ...this.used];
    const seen = new Set<IConstruct>();
    const reqs: EventingFeatureRequirement[] = [];
    for (const root of roots) {
      for (const c of root.node.findAll()) {
        if (seen.has(c) || !isRequiresEventingFeatures(c)) continue;
        seen.add(c);
        reqs.push(...c.requiredEventingFeatures());
      }
    }
    return reqs;
  }

  /** The `config-features` data this construct renders. */
  public featureData(): Record<string, string> {
    return deriveEventingFeatures(this.requirements(), this.props.features);
  }

  private syncFeaturesConfigMap(): void {
    const wanted = Object.keys(this.featureData()).length > 0;
    const present = this.features !== undefined;
    if (wanted && !present) this.newFeaturesConfigMap();
    else if (!wanted && present) this.node.tryRemoveChild('Resource');
  }

  private newFeaturesConfigMap(): void {
    new ApiObject(this, 'Resource', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: 'config-features',
        namespace: this.eventingNamespace,
        annotations: { ...PARTIAL_OWNERSHIP_ANNOTATION },
      },
      data: Lazy.any({ produce: () => this.featureData() }),
    });
  }

  /** What the cluster accepts once these settings are applied, for constructs' `cluster` prop. */
  public clusterConfig(): EventingClusterConfig {
    const d = this.props.brokerDefaults;
    const namespaces = Object.keys(d?.namespaceDefaults ?? {})
      .filter((ns) => d?.namespaceDefaults?.[ns]?.disallowDifferentNamespaceConfig === true)
      .sort();
    // knative/eventing pkg/apis/eventing/v1/broker_validation.go: a namespace's `false` does not
    // override a cluster-wide `true`.
    const disallow =
      d?.clusterDefault?.disallowDifferentNamespaceConfig === true
        ? true
        : namespaces.length > 0
          ? namespaces
          : undefined;
    return {
      features: { ...this.featureData() },
      ...(disallow !== undefined ? { disallowDifferentNamespaceConfig: disallow } : {}),
    };
  }
}
