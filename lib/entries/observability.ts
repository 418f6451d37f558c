// `ack-serving/observability`: a PrometheusRule per model (SLI recordings, multi-window burn-rate
// alerts, autoscaling alerts), Grafana dashboards per team as ConfigMaps, the Knative metric set per
// release they read, and the fleet-wide construct the CLI uses. Rule functions: `ack-serving/rules`.
export {
  FleetObservability,
  ModelAlerts,
  TeamDashboard,
  KNATIVE_METRICS,
  DEFAULT_KNATIVE_METRICS,
  BURN_WINDOWS,
  SLI_WINDOWS,
  AUTOSCALING_FOR,
  GRAFANA_DASHBOARD_LABEL,
  PROMETHEUS_RULE_API,
  NO_TEAM,
  modelRuleGroups,
  modelPanels,
  teamDashboard,
  dashboardUid,
  teamSlug,
  prometheusName,
  seriesNames,
  ruleFile,
} from '../observability';
export type * from '../observability';
