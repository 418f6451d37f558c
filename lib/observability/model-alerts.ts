import { ApiObject, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { ModelService } from '../models/model-service';
import { ModelRulesOptions, PrometheusRuleGroup, modelRuleGroups } from './model-rules';

export interface ModelAlertsProps extends ModelRulesOptions {
  /** The model whose rules these are. */
  readonly model: ModelService;
  /**
   * Labels on the PrometheusRule object, for a Prometheus Operator `ruleSelector`.
   * @default - none
   */
  readonly labels?: Readonly<Record<string, string>>;
}

/** The Prometheus Operator's rule object. */
export const PROMETHEUS_RULE_API = {
  apiVersion: 'monitoring.coreos.com/v1',
  kind: 'PrometheusRule',
} as const;

/**
 * A model's `PrometheusRule` (`monitoring.coreos.com/v1`), named after the model in its namespace:
 * recording rules per version, SLIs and burn-rate alerts when the model has an SLO, and
 * autoscaling alerts. The Prometheus Operator reads it (select it with `labels`); Managed Service for
 * Prometheus (ARMS) reads PrometheusRules only once PrometheusRule synchronization is enabled in its
 * ACK plug-in, and needs no label of its own.
 * @see https://help.aliyun.com/en/prometheus/use-cases/use-prometheusrule-to-create-prometheus-alert-rules
 */
export class ModelAlerts extends Construct {
  public readonly apiObject: ApiObject;
  public readonly groups: readonly PrometheusRuleGroup[];

  constructor(scope: Construct, id: string, props: ModelAlertsProps) {
    super(scope, id);
    const model = props.model;
    const namespace = model.namespace ?? Chart.of(this).namespace ?? 'default';
    this.groups = modelRuleGroups(
      {
        name: model.name,
        namespace,
        team: model.resolvedVersions[0]?.team,
        slo: model.slo,
        alerts: model.alerts,
        versions: model.resolvedVersions,
      },
      props,
    );
    this.apiObject = new ApiObject(this, 'Resource', {
      ...PROMETHEUS_RULE_API,
      metadata: {
        name: model.name,
        namespace,
        labels: { 'ack-serving.io/model': model.name, ...props.labels },
      },
      spec: { groups: this.groups },
    });
    this.node.defaultChild = this.apiObject;
  }
}

/** The groups as a plain Prometheus rule file (what `promtool check rules` reads). */
export function ruleFile(groups: readonly PrometheusRuleGroup[]): {
  groups: PrometheusRuleGroup[];
} {
  return { groups: [...groups] };
}
