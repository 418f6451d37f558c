import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { IAddressable, KReference } from '../reference';
import { Issue, joinPath, show } from '../../validation/issue';
import {
  addEventingObject,
  checkMetadata,
  EventingObjectProps,
  renderMetadata,
  prune,
} from './_util';
import { checkDelivery, DeliveryProps, deliveryFeatures, renderDelivery } from './delivery';
import { checkDestinationRef, toDestination } from './destination';
import {
  checkEventingFeatures,
  EventingClusterConfig,
  EventingFeatureRequirement,
  IRequiresEventingFeatures,
} from './features';

/** The annotation that picks the Broker implementation; immutable once created. */
export const BROKER_CLASS_ANNOTATION = 'eventing.knative.dev/broker.class';

/** A Broker implementation. Rendered explicitly on every Broker, so cluster defaults never change it. */
export class BrokerClass {
  /** The channel-based broker shipped with Knative Eventing (the cluster default). */
  // knative/eventing pkg/apis/eventing/register.go
  public static readonly MT_CHANNEL_BASED = new BrokerClass('MTChannelBasedBroker');
  /** The Apache Kafka broker (knative-extensions/eventing-kafka-broker); the class is case-sensitive. */
  public static readonly KAFKA = new BrokerClass('Kafka');
  /** Any other class, e.g. a vendor's broker. */
  public static of(name: string): BrokerClass {
    return new BrokerClass(name);
  }
  private constructor(public readonly name: string) {}
}

export interface KnativeBrokerProps extends EventingObjectProps {
  /**
   * The broker implementation.
   * @default BrokerClass.MT_CHANNEL_BASED
   */
  readonly brokerClass?: BrokerClass;
  /**
   * The broker's configuration object, e.g. ConfigMap `config-br-default-channel` or a Kafka
   * broker's ConfigMap. Immutable once created.
   * @default - from config-br-defaults
   */
  readonly config?: KReference;
  /**
   * Delivery for every Trigger of this broker; a Trigger's own delivery wins.
   * @default - from config-br-defaults (retry 10, exponential, PT0.2S)
   */
  readonly delivery?: DeliveryProps;
  /**
   * The cluster's Eventing settings, to check feature-gated fields at construction.
   * @default - not checked here; EventingSettings derives the flags from use
   */
  readonly cluster?: EventingClusterConfig;
}

/** Something a Trigger can name as its broker. */
export interface IBroker {
  readonly brokerName: string;
  readonly brokerNamespace?: string;
}

/** Checks a Broker's props; every problem is returned. */
// knative/eventing pkg/apis/eventing/v1/broker_validation.go
export function checkBroker(props: KnativeBrokerProps, path: string): Issue[] {
  const issues = checkMetadata(props, path, 'Broker');
  const cls = props.brokerClass?.name ?? BrokerClass.MT_CHANNEL_BASED.name;
  if (typeof cls !== 'string' || cls.trim() === '' || /\s/.test(cls)) {
    issues.push({
      path: joinPath(path, 'brokerClass'),
      message: `brokerClass ${show(cls)} must be a non-empty class name without spaces, such as 'MTChannelBasedBroker' or 'Kafka'`,
    });
  }
  const annotated = props.annotations?.[BROKER_CLASS_ANNOTATION];
  if (annotated !== undefined && annotated !== cls) {
    issues.push({
      path: joinPath(path, 'annotations'),
      message: `annotation '${BROKER_CLASS_ANNOTATION}' is ${show(annotated)} but brokerClass is ${show(cls)}; set the class only through brokerClass`,
    });
  }
  if (props.config !== undefined) {
    issues.push(...checkDestinationRef(props.config, joinPath(path, 'config')));
  }
  // knative/eventing pkg/apis/eventing/v1/broker_validation.go determineNamespaceAllowance, and
  // knative/pkg apis/duck/v1/knative_reference.go ("mismatched namespaces")
  if (
    props.namespace !== undefined &&
    disallowsDifferentNamespace(props.cluster, props.namespace)
  ) {
    const refs: [string, string | undefined][] = [
      [joinPath(joinPath(path, 'config'), 'namespace'), props.config?.namespace],
    ];
    if (props.delivery?.deadLetterSink !== undefined) {
      const dls = toDestination(props.delivery.deadLetterSink).spec.ref?.namespace;
      refs.push([
        joinPath(joinPath(joinPath(path, 'delivery'), 'deadLetterSink'), 'namespace'),
        dls,
      ]);
    }
    for (const [at, ns] of refs) {
      if (ns && ns !== props.namespace) {
        issues.push({
          path: at,
          message: `namespace ${show(ns)} differs from the Broker's namespace ${show(props.namespace)}, which config-br-defaults disallows (disallowDifferentNamespaceConfig); move the referenced object or allow it`,
        });
      }
    }
  }
  issues.push(...checkDelivery(props.delivery, joinPath(path, 'delivery')));
  issues.push(...checkEventingFeatures(brokerFeatures(props, path), props.cluster));
  return issues;
}

function disallowsDifferentNamespace(
  cluster: EventingClusterConfig | undefined,
  namespace: string,
): boolean {
  const v = cluster?.disallowDifferentNamespaceConfig;
  return v === true || (Array.isArray(v) && v.includes(namespace));
}

/** Eventing feature flags a Broker needs. */
export function brokerFeatures(
  props: KnativeBrokerProps,
  path: string,
): EventingFeatureRequirement[] {
  return deliveryFeatures(props.delivery, joinPath(path, 'delivery'));
}

/** Renders a Broker manifest with its class annotation always explicit. */
export function renderBroker(props: KnativeBrokerProps): Record<string, unknown> {
  const cls = props.brokerClass?.name ?? BrokerClass.MT_CHANNEL_BASED.name;
  const spec: Record<string, unknown> = {};
  if (props.config) {
    const { apiVersion, kind, name, namespace } = props.config;
    spec.config = prune({ apiVersion, kind, name, namespace });
  }
  if (props.delivery) spec.delivery = renderDelivery(props.delivery, props.namespace);
  return {
    apiVersion: 'eventing.knative.dev/v1',
    kind: 'Broker',
    metadata: renderMetadata(props, { annotations: { [BROKER_CLASS_ANNOTATION]: cls } }),
    spec,
  };
}

/**
 * A Knative Eventing Broker: receives CloudEvents and fans them out to Triggers. Addressable, so
 * it can be a sink or a dead-letter sink.
 */
export class KnativeBroker
  extends Construct
  implements IAddressable, IBroker, IRequiresEventingFeatures
{
  public readonly apiObject: ApiObject;
  public readonly brokerName: string;
  public readonly brokerNamespace?: string;
  public readonly brokerClass: BrokerClass;
  public readonly addressRef: KReference;
  private readonly props: KnativeBrokerProps;

  constructor(scope: Construct, id: string, props: KnativeBrokerProps) {
    super(scope, id);
    const built = addEventingObject(this, props, checkBroker, renderBroker);
    this.props = built.props;
    this.apiObject = built.apiObject;
    this.brokerName = props.name;
    this.brokerNamespace = this.props.namespace;
    this.brokerClass = props.brokerClass ?? BrokerClass.MT_CHANNEL_BASED;
    this.addressRef = prune({
      apiVersion: 'eventing.knative.dev/v1',
      kind: 'Broker',
      name: props.name,
      namespace: this.brokerNamespace,
    });
  }

  public requiredEventingFeatures(): EventingFeatureRequirement[] {
    return brokerFeatures(this.props, this.node.path);
  }
}

/**
 * @deprecated renamed `KnativeBroker`: every class that renders a Knative kind is `Knative*`. This
 * alias is removed in the next release.
 */
export const Broker = KnativeBroker;
/** @deprecated renamed `KnativeBroker`; removed in the next release */
export type Broker = KnativeBroker;
/** @deprecated renamed `KnativeBrokerProps`; removed in the next release */
export type BrokerProps = KnativeBrokerProps;
