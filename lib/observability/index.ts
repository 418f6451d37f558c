export * from './knative-metrics';
export * from './burn-rate';
export * from './promql';
export * from './model-rules';
export * from './model-alerts';
export * from './dashboard-panels';
export * from './dashboards';
export * from './fleet-observability';
