import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { KReference } from '../reference';
import { Issue, joinPath, show } from '../../validation/issue';
import {
  addEventingObject,
  checkMetadata,
  EventingObjectProps,
  renderMetadata,
  prune,
} from './_util';
import { IBroker } from './broker';
import { checkDelivery, DeliveryProps, deliveryFeatures, renderDelivery } from './delivery';
import {
  checkDestination,
  checkDestinationRef,
  DestinationInput,
  destinationFeatures,
  renderDestination,
  toDestination,
} from './destination';
import {
  checkEventingFeatures,
  EventingClusterConfig,
  EventingFeatureRequirement,
  IRequiresEventingFeatures,
} from './features';
import {
  checkAttributeFilter,
  checkSubscriptionsApiFilters,
  Filter,
  renderSubscriptionsApiFilter,
} from './filters';

/** An object a Trigger waits for (annotation `knative.dev/dependency`), e.g. a source. */
export interface TriggerDependency {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
}

export interface KnativeTriggerProps extends EventingObjectProps {
  /**
   * The Broker, by construct or by name, in the Trigger's namespace. Set this or `brokerRef`.
   * @default - none; `brokerRef` must be set
   */
  readonly broker?: IBroker | string;
  /**
   * A Broker by reference. A `namespace` here needs the Eventing feature `cross-namespace-event-links`.
   * @default - none; `broker` must be set
   */
  readonly brokerRef?: KReference;
  /**
   * Where matching events go: a `ModelService` (its Route), a `KnativeService`, any addressable
   * object, a `Destination`, or an absolute URI.
   */
  readonly subscriber: DestinationInput;
  /**
   * Exact-match CloudEvents attributes (`spec.filter.attributes`); `''` means "present with any value".
   * Ignored by Knative when `filters` is set.
   * @default - every event
   */
  readonly filter?: Readonly<Record<string, string>>;
  /**
   * SubscriptionsAPI filters (`spec.filters`); every one must match. Overrides `filter`.
   * @default - none
   */
  readonly filters?: readonly Filter[];
  /**
   * Delivery for this Trigger; wins over the Broker's.
   * @default - the Broker's delivery
   */
  readonly delivery?: DeliveryProps;
  /**
   * An object the Trigger waits for before it is ready (annotation `knative.dev/dependency`).
   * @default - none
   */
  readonly dependency?: TriggerDependency;
  /**
   * Sets `eventing.knative.dev/injection: enabled`, which makes Knative create the `default`
   * Broker; only with `broker: 'default'`.
   * @default false
   */
  readonly injection?: boolean;
  /**
   * The cluster's Eventing settings, to check feature-gated fields at construction.
   * @default - not checked here; EventingSettings derives the flags from use
   */
  readonly cluster?: EventingClusterConfig;
}

function brokerName(broker: IBroker | string | undefined): string | undefined {
  return typeof broker === 'string' ? broker : broker?.brokerName;
}

/** Checks a Trigger's props; every problem is returned. */
// knative/eventing pkg/apis/eventing/v1/trigger_validation.go
export function checkTrigger(props: KnativeTriggerProps, path: string): Issue[] {
  const issues = checkMetadata(props, path, 'Trigger');
  const name = brokerName(props.broker);
  if (props.broker !== undefined && props.brokerRef !== undefined) {
    issues.push({
      path: joinPath(path, 'broker'),
      message: `set either broker ${show(name)} or brokerRef ${show(props.brokerRef.name)}, not both`,
    });
  } else if (props.broker === undefined && props.brokerRef === undefined) {
    issues.push({
      path: joinPath(path, 'broker'),
      message: `a Trigger needs a broker; set broker (a Broker or its name) or brokerRef`,
    });
  }
  if (props.broker !== undefined && !name) {
    issues.push({ path: joinPath(path, 'broker'), message: `broker name must not be empty` });
  }
  if (
    typeof props.broker === 'object' &&
    props.broker.brokerNamespace !== undefined &&
    props.namespace !== undefined &&
    props.broker.brokerNamespace !== props.namespace
  ) {
    issues.push({
      path: joinPath(path, 'broker'),
      message: `broker ${show(name)} is in namespace ${show(props.broker.brokerNamespace)}, not the Trigger's ${show(props.namespace)}; put them in one namespace, or use brokerRef with a namespace (needs cross-namespace-event-links)`,
    });
  }
  if (props.brokerRef !== undefined) {
    const at = joinPath(path, 'brokerRef');
    issues.push(...checkDestinationRef(props.brokerRef, at));
    if (props.brokerRef.kind && props.brokerRef.kind !== 'Broker') {
      issues.push({
        path: joinPath(at, 'kind'),
        message: `brokerRef kind ${show(props.brokerRef.kind)} must be 'Broker'`,
      });
    }
  }
  if (props.subscriber === undefined || props.subscriber === null) {
    issues.push({
      path: joinPath(path, 'subscriber'),
      message: `subscriber is required: a ModelService, a KnativeService, a Destination or an absolute URI`,
    });
  } else {
    issues.push(
      ...checkDestination(
        toDestination(props.subscriber).spec,
        joinPath(path, 'subscriber'),
        'subscriber',
      ),
    );
  }
  issues.push(...checkAttributeFilter(props.filter, joinPath(path, 'filter')));
  issues.push(...checkSubscriptionsApiFilters(props.filters, joinPath(path, 'filters')));
  issues.push(...checkDelivery(props.delivery, joinPath(path, 'delivery')));
  if (props.dependency !== undefined) {
    const at = joinPath(path, 'dependency');
    for (const field of ['apiVersion', 'kind', 'name'] as const) {
      if (!props.dependency[field])
        issues.push({ path: joinPath(at, field), message: `dependency ${field} is required` });
    }
    if (
      props.dependency.namespace &&
      props.namespace !== undefined &&
      props.dependency.namespace !== props.namespace
    ) {
      issues.push({
        path: joinPath(at, 'namespace'),
        message: `dependency namespace ${show(props.dependency.namespace)} must be empty or the Trigger's namespace ${show(props.namespace)}`,
      });
    }
  }
  if (props.injection && name !== 'default') {
    issues.push({
      path: joinPath(path, 'injection'),
      message: `injection only works with broker 'default', got ${show(name ?? props.brokerRef?.name)}; drop injection or name the broker 'default'`,
    });
  }
  issues.push(...checkEventingFeatures(triggerFeatures(props, path), props.cluster));
  return issues;
}

/** Eventing feature flags a Trigger needs. */
export function triggerFeatures(
  props: KnativeTriggerProps,
  path: string,
): EventingFeatureRequirement[] {
  const reqs: EventingFeatureRequirement[] = [];
  if (props.brokerRef?.namespace !== undefined && props.brokerRef.namespace !== '') {
    reqs.push({
      flag: 'cross-namespace-event-links',
      path: joinPath(joinPath(path, 'brokerRef'), 'namespace'),
      field: 'brokerRef.namespace',
    });
  }
  if (props.subscriber !== undefined && props.subscriber !== null) {
    reqs.push(
      ...destinationFeatures(toDestination(props.subscriber).spec, joinPath(path, 'subscriber')),
    );
  }
  reqs.push(...deliveryFeatures(props.delivery, joinPath(path, 'delivery')));
  return reqs;
}

/** Renders a Trigger manifest; the subscriber's ref gets the Trigger's namespace if it has none. */
export function renderTrigger(props: KnativeTriggerProps): Record<string, unknown> {
  const name = brokerName(props.broker);
  const spec: Record<string, unknown> = {};
  if (name !== undefined) spec.broker = name;
  if (props.brokerRef) {
    const { apiVersion, kind, name: refName, namespace } = props.brokerRef;
    spec.brokerRef = prune({ apiVersion, kind, name: refName, namespace });
  }
  if (props.filter !== undefined) spec.filter = { attributes: { ...props.filter } };
  if (props.filters !== undefined && props.filters.length > 0)
    spec.filters = props.filters.map((f) => renderSubscriptionsApiFilter(f.spec));
  spec.subscriber = renderDestination(toDestination(props.subscriber).spec, props.namespace);
  if (props.delivery) spec.delivery = renderDelivery(props.delivery, props.namespace);
  const annotations: Record<string, string> = {};
  if (props.dependency) {
    const { apiVersion, kind, name: depName, namespace } = props.dependency;
    annotations['knative.dev/dependency'] = JSON.stringify(
      prune({ kind, name: depName, apiVersion, namespace }),
    );
  }
  if (props.injection) annotations['eventing.knative.dev/injection'] = 'enabled';
  // the defaulter's label (trigger_defaults.go), rendered so the manifest is what the cluster stores
  const labels: Record<string, string> =
    name !== undefined ? { 'eventing.knative.dev/broker': name } : {};
  return {
    apiVersion: 'eventing.knative.dev/v1',
    kind: 'Trigger',
    metadata: renderMetadata(props, { labels, annotations }),
    spec,
  };
}

/** A Knative Eventing Trigger: delivers the events of one Broker that match its filters to a subscriber. */
export class KnativeTrigger extends Construct implements IRequiresEventingFeatures {
  public readonly apiObject: ApiObject;
  private readonly props: KnativeTriggerProps;

  constructor(scope: Construct, id: string, props: KnativeTriggerProps) {
    super(scope, id);
    const built = addEventingObject(this, props, checkTrigger, renderTrigger);
    this.props = built.props;
    this.apiObject = built.apiObject;
  }

  public requiredEventingFeatures(): EventingFeatureRequirement[] {
    return triggerFeatures(this.props, this.node.path);
  }
}

/**
 * @deprecated renamed `KnativeTrigger`: every class that renders a Knative kind is `Knative*`. This
 * alias is removed in the next release.
 */
export const Trigger = KnativeTrigger;
/** @deprecated renamed `KnativeTrigger`; removed in the next release */
export type Trigger = KnativeTrigger;
/** @deprecated renamed `KnativeTriggerProps`; removed in the next release */
export type TriggerProps = KnativeTriggerProps;
