// `ack-serving/knative`: typed Knative Serving and Eventing constructs, their settings and value
// classes, and the cluster facts they are checked against. Rule functions: `ack-serving/rules`.
export {
  KnativeService,
  KnativeConfiguration,
  KnativeRoute,
  KnativeDomainMapping,
  ServingSettings,
  EventingSettings,
  KnativeBroker,
  BrokerClass,
  BrokerIngress,
  KnativeTrigger,
  Filter,
  Destination,
  KnativePingSource,
  KnativeApiServerSource,
  KnativeSinkBinding,
  KnativeContainerSource,
  clusterConfig,
  clusterConfigFor,
  routeHost,
  KPA_CLASS,
  HPA_CLASS,
  UPSTREAM_CLUSTER,
  UPSTREAM_EVENTING,
  DEFAULT_FEATURES,
  DEFAULT_EVENTING_FEATURES,
  SERVING_CONFIG_MAPS,
  OWNERSHIP_ANNOTATION,
  PARTIAL_OWNERSHIP_ANNOTATION,
  BROKER_CLASS_ANNOTATION,
} from '../knative';
// Deprecated names, kept for one release.
export {
  Broker,
  Trigger,
  PingSource,
  ApiServerSource,
  SinkBinding,
  ContainerSource,
  DomainMapping,
} from '../knative';
export type * from '../knative';
