import {
  BUDGET_REMAINING_RECORD,
  VERSION_RATE_RECORD,
  num,
  quantileRecord,
  sliRecord,
} from './burn-rate';
import { KnativeMetricSet } from './knative-metrics';
import { ModelRulesInput } from './model-rules';
import {
  ModelSeries,
  quote,
  revisionNameSelector,
  revisionSelector,
  withVersion,
  withVersionFromRevision,
} from './promql';

/** One query of a panel and its legend. */
export interface PanelQuery {
  readonly expr: string;
  readonly legend: string;
}

/** A panel, before it is rendered for Grafana. */
export interface PanelSpec {
  readonly title: string;
  readonly kind: 'timeseries' | 'stat';
  /** A Grafana unit id (`reqps`, `percentunit`, `s`, `short`). */
  readonly unit: string;
  readonly queries: readonly PanelQuery[];
  /** A line to draw (the objective), in the panel's unit. @default - none */
  readonly threshold?: number;
}

/**
 * The panels of one model's row: request rate, error ratio and p50/p99 latency per tag (each
 * version's route tag is its name), pods wanted, ready and pending against min and max scale,
 * cold starts (requests the activator holds while a version scales from zero) and, with an SLO,
 * the error budget left. Rates and ratios read the model's recording rules; pods read Knative's
 * own series.
 */
export function modelPanels(model: ModelRulesInput, set: KnativeMetricSet): PanelSpec[] {
  const sel = `{namespace=${quote(model.namespace)}, model=${quote(model.name)}}`;
  const m: ModelSeries = {
    namespace: model.namespace,
    model: model.name,
    versions: model.versions.map((v) => v.name),
  };
  const conf = set.revisionLabels.configuration;
  const perVersion = (metric: string) =>
    `sum by (version) (${withVersion(m, conf, `${metric}${revisionSelector(set, m)}`)})`;
  const scaleBounds = model.versions.flatMap((v) => [
    ...(v.autoscaling?.minScale
      ? [{ expr: `vector(${v.autoscaling.minScale})`, legend: `minScale ${v.name}` }]
      : []),
    ...(v.autoscaling?.maxScale
      ? [{ expr: `vector(${v.autoscaling.maxScale})`, legend: `maxScale ${v.name}` }]
      : []),
  ]);
  const panels: PanelSpec[] = [
    {
      title: 'Requests per second by tag',
      kind: 'timeseries',
      unit: 'reqps',
      queries: [{ expr: `${VERSION_RATE_RECORD}${sel}`, legend: '{{version}}' }],
    },
    {
      title: 'Error ratio (5xx) by tag',
      kind: 'timeseries',
      unit: 'percentunit',
      queries: [
        { expr: `${sliRecord('errors', '5m', 'model_version')}${sel}`, legend: '{{version}}' },
      ],
      ...(model.slo?.availability !== undefined
        ? { threshold: Number(num(1 - model.slo.availability / 100)) }
        : {}),
    },
    {
      title: 'Latency p50 and p99 by tag',
      kind: 'timeseries',
      unit: 's',
      queries: [
        { expr: `${quantileRecord(50)}${sel}`, legend: 'p50 {{version}}' },
        { expr: `${quantileRecord(99)}${sel}`, legend: 'p99 {{version}}' },
      ],
      ...(model.slo?.latencyP99Ms !== undefined
        ? { threshold: model.slo.latencyP99Ms / 1000 }
        : {}),
    },
    {
      title: 'Pods: wanted, ready and pending against min and max scale',
      kind: 'timeseries',
      unit: 'short',
      queries: [
        { expr: perVersion(set.podsDesired), legend: 'wanted {{version}}' },
        { expr: perVersion(set.podsReady), legend: 'ready {{version}}' },
        { expr: perVersion(set.podsPending), legend: 'pending {{version}}' },
        ...scaleBounds,
      ],
    },
    // A version scaled to zero answers through the activator until its pods are ready.
    set.activatorQueued !== undefined
      ? {
          title: 'Cold starts: requests held by the activator',
          kind: 'timeseries',
          unit: 'short',
          queries: [
            {
              expr: `sum by (version) (${withVersionFromRevision(m, set.revisionLabels.revision, `${set.activatorQueued}${revisionNameSelector(set, m)}`)})`,
              legend: '{{version}}',
            },
          ],
        }
      : {
          title: 'Cold starts: requests through the activator',
          kind: 'timeseries',
          unit: 'short',
          queries: [{ expr: perVersion(set.activatorConcurrency), legend: '{{version}}' }],
        },
  ];
  if (model.slo !== undefined) {
    panels.push({
      title: `Error budget left over ${model.slo.window ?? '28d'}`,
      kind: 'stat',
      unit: 'percentunit',
      queries: [{ expr: `${BUDGET_REMAINING_RECORD}${sel}`, legend: '{{slo}}' }],
    });
  }
  return panels;
}
