import { AlertsSpec, SloSpec } from '../models/catalog';
import { MergedVersion } from '../models/version-template';
import { DEFAULT_SLO_WINDOW, parsePrometheusDuration } from '../models/slo';
import { Issue, show } from '../validation';
import {
  BUDGET_REMAINING_RECORD,
  BURN_WINDOWS,
  SLI_WINDOWS,
  SliKind,
  VERSION_RATE_RECORD,
  budgetSpentPercent,
  burnRateExpr,
  num,
  quantileRecord,
  sliRecord,
} from './burn-rate';
import { DEFAULT_KNATIVE_METRICS, KNATIVE_METRICS, KnativeMetricSet } from './knative-metrics';
import {
  ModelSeries,
  errorRatio,
  quote,
  revisionNameSelector,
  revisionSelector,
  slowRatio,
  versionLatencyQuantile,
  versionRequestRate,
  withVersion,
  withVersionFromRevision,
} from './promql';

/** A Prometheus rule: a recording rule (`record`) or an alerting rule (`alert`). */
export interface PrometheusRuleSpec {
  readonly record?: string;
  readonly alert?: string;
  readonly expr: string;
  readonly for?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
}

/** A rule group, as Prometheus's rule files and the PrometheusRule CRD both write it. */
export interface PrometheusRuleGroup {
  readonly name: string;
  readonly rules: readonly PrometheusRuleSpec[];
}

/** What the rules need to know about one model. */
export interface ModelRulesInput {
  readonly name: string;
  readonly namespace: string;
  /** @default - no team label unless `alerts.routeTo` names one */
  readonly team?: string;
  /** @default - no SLO: no SLI ratios over long windows and no burn-rate alerts */
  readonly slo?: SloSpec;
  /** @default - alerts on, routed to the team */
  readonly alerts?: AlertsSpec;
  readonly versions: readonly MergedVersion[];
}

export interface ModelRulesOptions {
  /**
   * The Knative release whose metrics the rules read: a key of `KNATIVE_METRICS` or a set of your own.
   * @default '1.23'
   */
  readonly knativeMetrics?: string | KnativeMetricSet;
  /** Where errors point (`models[3].slo.latencyP99Ms`). @default 'slo.latencyP99Ms' */
  readonly latencyPath?: string;
}

/** How long an autoscaling condition must hold before its alert fires. */
export const AUTOSCALING_FOR = {
  atMaxScale: '15m',
  panic: '10m',
  notReady: '10m',
  activatorQueue: '5m',
  gpuSaturated: '10m',
} as const;

/** The metric set the options name; throws on an unknown release. */
export function metricSet(options: ModelRulesOptions = {}): KnativeMetricSet {
  const m = options.knativeMetrics ?? DEFAULT_KNATIVE_METRICS;
  if (typeof m !== 'string') return m;
  const set = KNATIVE_METRICS[m];
  if (!set)
    throw new Error(
      `knativeMetrics ${show(m)} is not a modelled Knative release; use one of ${Object.keys(KNATIVE_METRICS).join(', ')}`,
    );
  return set;
}

/**
 * The latency threshold must be a bucket boundary of the request histogram: between boundaries,
 * Prometheus can only count the requests under the boundary below, so the SLI would be wrong.
 */
export function checkLatencyBucket(
  slo: SloSpec | undefined,
  set: KnativeMetricSet,
  path: string,
): Issue[] {
  const ms = slo?.latencyP99Ms;
  if (ms === undefined || set.latencyBoundsMs.includes(ms)) return [];
  const below = [...set.latencyBoundsMs].reverse().find((b) => b < ms);
  const above = set.latencyBoundsMs.find((b) => b > ms);
  const near = [below, above].filter((b) => b !== undefined).join(' or ');
  return [
    {
      path,
      message: `latencyP99Ms ${show(ms)} is not a bucket boundary of ${set.requestDuration} (Knative ${set.version}), so the latency SLI cannot be measured; use ${near} (boundaries: ${set.latencyBoundsMs.join(', ')})`,
    },
  ];
}

/**
 * A model's rule groups: per-version request rate, error ratio and latency quantiles for the
 * dashboards; with an SLO, its SLIs over every burn window, the budget left and the multi-window
 * burn-rate alerts; and autoscaling alerts that need no SLO. Alerts are left out when
 * `alerts.enabled` is false. Throws with the path when the latency threshold is not a bucket boundary.
 */
export function modelRuleGroups(
  model: ModelRulesInput,
  options: ModelRulesOptions = {},
): PrometheusRuleGroup[] {
  const set = metricSet(options);
  const issues = checkLatencyBucket(model.slo, set, options.latencyPath ?? 'slo.latencyP99Ms');
  if (issues.length > 0) throw new Error(issues.map((i) => `${i.path}: ${i.message}`).join('\n'));
  const m: ModelSeries = {
    namespace: model.namespace,
    model: model.name,
    versions: model.versions.map((v) => v.name),
  };
  const own = { namespace: model.namespace, model: model.name };
  const sel = `{namespace=${quote(model.namespace)}, model=${quote(model.name)}}`;
  const slo = model.slo;
  const kinds: SliKind[] = [];
  if (slo?.availability !== undefined) kinds.push('errors');
  if (slo?.latencyP99Ms !== undefined) kinds.push('slow');
  const ratio = (kind: SliKind, window: string, byVersion: boolean) =>
    kind === 'errors'
      ? errorRatio(set, m, window, byVersion)
      : slowRatio(set, m, window, slo?.latencyP99Ms ?? 0, byVersion);

  const recordings: PrometheusRuleSpec[] = [
    { record: VERSION_RATE_RECORD, expr: versionRequestRate(set, m, '5m'), labels: { ...own } },
    {
      record: sliRecord('errors', '5m', 'model_version'),
      expr: ratio('errors', '5m', true),
      labels: { ...own },
    },
    ...([50, 99] as const).map((q) => ({
      record: quantileRecord(q),
      expr: versionLatencyQuantile(set, m, q / 100, '5m'),
      labels: { ...own },
    })),
  ];
  if (kinds.includes('slow'))
    recordings.push({
      record: sliRecord('slow', '5m', 'model_version'),
      expr: ratio('slow', '5m', true),
      labels: { ...own },
    });
  const budgets: Record<SliKind, number> = {
    errors: 1 - (slo?.availability ?? 0) / 100,
    slow: 0.01,
  };
  const window = slo?.window ?? DEFAULT_SLO_WINDOW;
  for (const kind of kinds) {
    for (const w of SLI_WINDOWS)
      recordings.push({
        record: sliRecord(kind, w),
        expr: ratio(kind, w, false),
        labels: { ...own },
      });
    // Sloth's way: the budget spent is the mean of the 5-minute ratios over the objective's window.
    recordings.push({
      record: BUDGET_REMAINING_RECORD,
      expr: `1 - avg_over_time(${sliRecord(kind, '5m')}${sel}[${window}]) / ${num(budgets[kind])}`,
      labels: { ...own, slo: sloName(kind) },
    });
  }
  const groups: PrometheusRuleGroup[] = [
    { name: `ack-serving.${model.name}.recordings`, rules: recordings },
  ];
  if (model.alerts?.enabled === false) return groups;

  const windowSeconds = parsePrometheusDuration(window);
  if (windowSeconds === undefined) throw new Error(`slo.window ${show(window)} is not a duration`);
  /** What a severity's window pairs spend of the budget, e.g. `2.14 % of the 28d budget in 1h or 5.36 % in 6h`. */
  const spent = (severity: 'page' | 'ticket') =>
    BURN_WINDOWS.filter((w) => w.severity === severity)
      .map(
        (w, i) =>
          `${budgetSpentPercent(w, windowSeconds)} %${i === 0 ? ` of the ${window} budget` : ''} in ${w.long}`,
      )
      .join(' or ');
  const team = model.alerts?.routeTo ?? model.team;
  const routing = { ...own, ...(team !== undefined ? { team } : {}) };
  const sloAlerts: PrometheusRuleSpec[] = kinds.flatMap((kind) =>
    (['page', 'ticket'] as const).map((severity) => ({
      alert: kind === 'errors' ? 'ModelErrorBudgetBurn' : 'ModelLatencyBudgetBurn',
      expr: burnRateExpr(kind, sel, budgets[kind], severity),
      labels: { ...routing, severity, slo: sloName(kind), ...receiver(model.alerts, severity) },
      annotations: {
        summary:
          kind === 'errors'
            ? `${model.name} is spending its ${num(100 - (slo?.availability ?? 0))} % error budget too fast (${severity})`
            : `${model.name} answers too many requests slower than ${slo?.latencyP99Ms} ms (${severity})`,
        description: `${spent(severity)} at this rate; objective ${kind === 'errors' ? `${slo?.availability} % of requests without a 5xx` : `99 % of requests within ${slo?.latencyP99Ms} ms`} over ${window}.`,
      },
    })),
  );
  if (sloAlerts.length > 0)
    groups.push({ name: `ack-serving.${model.name}.slo-alerts`, rules: sloAlerts });
  groups.push({
    name: `ack-serving.${model.name}.autoscaling-alerts`,
    rules: autoscalingAlerts(set, m, model, routing),
  });
  return groups;
}

/** The `receiver` label of a severity, when the catalog names one (`alerts.page`, `alerts.ticket`). */
function receiver(
  alerts: AlertsSpec | undefined,
  severity: 'page' | 'ticket',
): Record<string, string> {
  const r = alerts?.[severity];
  return r === undefined ? {} : { receiver: r };
}

function sloName(kind: SliKind): string {
  return kind === 'errors' ? 'availability' : 'latency';
}

/**
 * Whether Knative's KPA scales the version: only then does the autoscaler write the per-revision
 * series the autoscaling alerts read (pkg/reconciler/autoscaling/kpa and pkg/autoscaler/scaling;
 * the HPA reconciler and other classes write none of them). A version without a class takes the
 * cluster's default, KPA unless changed.
 */
function kpaScaled(v: MergedVersion): boolean {
  const cls = v.autoscaling?.class;
  return cls === undefined || cls === 'kpa';
}

function autoscalingAlerts(
  set: KnativeMetricSet,
  m: ModelSeries,
  model: ModelRulesInput,
  routing: Record<string, string>,
): PrometheusRuleSpec[] {
  const conf = set.revisionLabels.configuration;
  const labels = { ...routing, severity: 'ticket', ...receiver(model.alerts, 'ticket') };
  const rules: PrometheusRuleSpec[] = [];
  for (const v of model.versions) {
    const max = v.autoscaling?.maxScale;
    if (max === undefined || max <= 0 || !kpaScaled(v)) continue;
    rules.push({
      alert: 'KnativeVersionAtMaxScale',
      expr: `max(${set.podsDesired}${revisionSelector(set, m, v.name)}) >= ${max}`,
      for: AUTOSCALING_FOR.atMaxScale,
      labels: { ...labels, version: v.name },
      annotations: {
        summary: `${model.name}/${v.name} has wanted its maxScale of ${max} pods for ${AUTOSCALING_FOR.atMaxScale}`,
        description: `Requests beyond ${max} pods queue or fail; raise autoscaling.maxScale or the per-pod target.`,
      },
    });
  }
  const byVersion = (expr: string) => `max by (version) (${withVersion(m, conf, expr)})`;
  // Panic mode and pod counts exist only for versions the KPA scales.
  if (model.versions.some(kpaScaled)) {
    rules.push(
      {
        alert: 'KnativePanicModeLong',
        expr: `${byVersion(`${set.panicMode}${revisionSelector(set, m)}`)} > 0`,
        for: AUTOSCALING_FOR.panic,
        labels: { ...labels },
        annotations: {
          summary: `${model.name}/{{ $labels.version }} has been in panic mode for ${AUTOSCALING_FOR.panic}`,
          description:
            'Load keeps exceeding the panic threshold; the stable window never catches up. Check minScale and the per-pod target.',
        },
      },
      {
        alert: 'KnativePodsNotReady',
        // The requested count, not the decider's: that one exceeds maxScale while demand does, and
        // would report pods that were never asked for. Per revision (both series come from the same
        // KPA reconciler, label for label), so an old revision's surplus of ready pods while it
        // scales down does not hide a new revision's missing ones.
        expr: `${byVersion(`${set.podsRequested}${revisionSelector(set, m)}\n- ${set.podsReady}${revisionSelector(set, m)}`)}\n> 0`,
        for: AUTOSCALING_FOR.notReady,
        labels: { ...labels },
        annotations: {
          summary: `${model.name}/{{ $labels.version }} has wanted {{ $value }} more pods than are ready for ${AUTOSCALING_FOR.notReady}`,
          description:
            'Pods stay pending or unready: ECI or node-pool capacity, image pulls or readiness. See the pending pods on the dashboard.',
        },
      },
    );
  }
  if (set.activatorQueued !== undefined) {
    rules.push({
      alert: 'KnativeActivatorQueueing',
      expr: `sum by (version) (${withVersionFromRevision(m, set.revisionLabels.revision, `${set.activatorQueued}${revisionNameSelector(set, m)}`)}) > 0`,
      for: AUTOSCALING_FOR.activatorQueue,
      labels: { ...labels },
      annotations: {
        summary: `The activator has held requests for ${model.name}/{{ $labels.version }} for ${AUTOSCALING_FOR.activatorQueue}`,
        description:
          'Requests wait for capacity: cold starts that do not finish, or maxScale reached.',
      },
    });
  }
  for (const v of model.versions) {
    const gpu = (v.resources?.gpu ?? 0) > 0;
    const cc = v.concurrency ?? 0;
    const metric = v.autoscaling?.metric;
    if (!gpu || cc <= 0 || !kpaScaled(v) || (metric !== undefined && metric !== 'concurrency'))
      continue;
    // Each GPU pod takes `concurrency` requests at once. The stable concurrency is the version's
    // total, so every ready pod is busy when it reaches concurrency x ready pods (at least one pod:
    // requests held while none is ready count too).
    const one = revisionSelector(set, m, v.name);
    rules.push({
      alert: 'GpuPodsSaturated',
      expr: `max(${set.stableConcurrency}${one})\n/ clamp_min(max(${set.podsReady}${one}), 1)\n>= ${cc}`,
      for: AUTOSCALING_FOR.gpuSaturated,
      labels: { ...labels, version: v.name },
      annotations: {
        summary: `Every GPU pod of ${model.name}/${v.name} has been busy (${cc} request${cc === 1 ? '' : 's'} each) for ${AUTOSCALING_FOR.gpuSaturated}`,
        description: 'New requests wait for a pod; add reserved GPU instances or raise maxScale.',
      },
    });
  }
  return rules;
}
