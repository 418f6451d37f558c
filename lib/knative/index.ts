export * from './autoscaling';
export * from './cluster-config';
export * from './container';
export * from './domain-mapping';
export * from './hostnames';
export * from './knative-configuration';
export * from './knative-route';
export * from './knative-service';
export * from './object-metadata';
export * from './pod-spec';
export {
  ProbeProps,
  HttpGetAction,
  TcpSocketAction,
  ExecAction,
  GrpcAction,
  checkProbe,
  renderProbe,
} from './probe';
export * from './reference';
export * from './revision-template';
export * from './serving-settings';
export * from './traffic';
export * from './volume';
export * from './eventing';
