import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { Issue, checkDns1123Subdomain, checkNumber, joinPath, show } from '../validation';

/** A time range during which AHPA keeps replicas within bounds (a cron in the ACK format). */
export interface AhpaBound {
  readonly cron: string;
  readonly minReplicas: number;
  readonly maxReplicas: number;
}

export interface AhpaTemplateProps {
  readonly name: string;
  readonly namespace?: string;
  /** Metric AHPA predicts and scales on. @default 'rps' */
  readonly metric?: 'rps' | 'rt' | 'cpu';
  /** Target average utilization of the metric, percent. */
  readonly targetUtilization: number;
  readonly minReplicas: number;
  readonly maxReplicas: number;
  /** Forecast quantile, 0-100. @default 95 */
  readonly quantile?: number;
  /** Seconds to scale out ahead of predicted demand. @default 180 */
  readonly scaleUpForwardSeconds?: number;
  /** Replica bounds per time of day. @default - none */
  readonly bounds?: readonly AhpaBound[];
}

/**
 * ACK's `AdvancedHorizontalPodAutoscalerTemplate` (autoscaling.alibabacloud.com/v1beta1): predictive
 * scaling for periodic traffic; needs 7 days of Prometheus history (ack-alicloud.md §3.7).
 */
export class AhpaTemplate extends Construct {
  public readonly name: string;
  public readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: AhpaTemplateProps) {
    super(scope, id);
    this.name = props.name;
    const spec: Record<string, unknown> = {
      metrics: [
        {
          type: 'Resource',
          resource: {
            name: props.metric ?? 'rps',
            target: { type: 'Utilization', averageUtilization: props.targetUtilization },
          },
        },
      ],
      maxReplicas: props.maxReplicas,
      minReplicas: props.minReplicas,
      prediction: {
        quantile: props.quantile ?? 95,
        scaleUpForward: props.scaleUpForwardSeconds ?? 180,
      },
    };
    if (props.bounds?.length) {
      // A fixed, far-apart range keeps the output deterministic (no "now").
      spec.instanceBounds = [
        {
          startTime: '2024-01-01 00:00:00',
          endTime: '2124-01-01 00:00:00',
          bounds: props.bounds.map((b) => ({
            cron: b.cron,
            minReplicas: b.minReplicas,
            maxReplicas: b.maxReplicas,
          })),
        },
      ];
    }
    this.apiObject = new ApiObject(this, 'Resource', {
      apiVersion: 'autoscaling.alibabacloud.com/v1beta1',
      kind: 'AdvancedHorizontalPodAutoscalerTemplate',
      metadata: { name: props.name, ...(props.namespace ? { namespace: props.namespace } : {}) },
      spec,
    });
  }
}

export function checkAhpaTemplate(props: AhpaTemplateProps, path: string): Issue[] {
  const issues = checkDns1123Subdomain(props.name, joinPath(path, 'name'));
  issues.push(
    ...checkNumber(
      props.targetUtilization,
      joinPath(path, 'targetUtilization'),
      'targetUtilization',
      { min: 1, max: 100 },
    ),
  );
  issues.push(
    ...checkNumber(props.minReplicas, joinPath(path, 'minReplicas'), 'minReplicas', {
      min: 0,
      integer: true,
    }),
  );
  issues.push(
    ...checkNumber(props.maxReplicas, joinPath(path, 'maxReplicas'), 'maxReplicas', {
      min: 1,
      integer: true,
    }),
  );
  if (props.maxReplicas < props.minReplicas) {
    issues.push({
      path: joinPath(path, 'maxReplicas'),
      message: `maxReplicas (${props.maxReplicas}) is less than minReplicas (${props.minReplicas})`,
    });
  }
  if (props.quantile !== undefined)
    issues.push(
      ...checkNumber(props.quantile, joinPath(path, 'quantile'), 'quantile', { min: 1, max: 100 }),
    );
  (props.bounds ?? []).forEach((b, i) => {
    const at = joinPath(joinPath(path, 'bounds'), i);
    if (typeof b.cron !== 'string' || b.cron.trim().split(/\s+/).length !== 5) {
      issues.push({
        path: joinPath(at, 'cron'),
        message: `cron ${show(b.cron)} must have 5 fields, e.g. '* 7-9 ? * *'`,
      });
    }
    if (b.maxReplicas < b.minReplicas)
      issues.push({
        path: at,
        message: `maxReplicas (${b.maxReplicas}) is less than minReplicas (${b.minReplicas})`,
      });
  });
  return issues;
}
