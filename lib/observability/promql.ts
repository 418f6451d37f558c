import { KnativeMetricSet, bucketLabel } from './knative-metrics';

/** One model's series: its namespace, its name and the versions (Configurations) it runs. */
export interface ModelSeries {
  readonly namespace: string;
  readonly model: string;
  readonly versions: readonly string[];
}

/** A PromQL string literal (double-quoted, escaped). */
export function quote(value: string): string {
  return JSON.stringify(value);
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The regex that matches the model's Configurations, `<model>-(v1|v2)`. */
export function configurationRegex(m: ModelSeries): string {
  return `${escapeRegex(m.model)}-(${m.versions.map(escapeRegex).join('|')})`;
}

/** Matchers selecting one model's (or one version's) autoscaler and activator series. */
export function revisionSelector(set: KnativeMetricSet, m: ModelSeries, version?: string): string {
  const l = set.revisionLabels;
  const conf =
    version === undefined
      ? `${l.configuration}=~${quote(configurationRegex(m))}`
      : `${l.configuration}=${quote(`${m.model}-${version}`)}`;
  return `{${l.namespace}=${quote(m.namespace)}, ${conf}}`;
}

/** Matchers selecting one model's revisions by revision name (`<model>-<version>-00001`). */
export function revisionNameSelector(set: KnativeMetricSet, m: ModelSeries): string {
  const l = set.revisionLabels;
  return `{${l.namespace}=${quote(m.namespace)}, ${l.revision}=~${quote(`${configurationRegex(m)}-[0-9]+`)}}`;
}

/** Adds a `version` label taken from a Configuration name label. */
export function withVersion(m: ModelSeries, label: string, expr: string): string {
  return `label_replace(${expr}, "version", "$1", ${quote(label)}, ${quote(`${escapeRegex(m.model)}-(.*)`)})`;
}

/** Adds a `version` label taken from a Revision name label. */
export function withVersionFromRevision(m: ModelSeries, label: string, expr: string): string {
  return `label_replace(${expr}, "version", "$1", ${quote(label)}, ${quote(`${escapeRegex(m.model)}-(.*)-[0-9]+`)})`;
}

/**
 * The per-second rate of one of the request histogram's series over a window, for the model's
 * Configurations, each still carrying its Configuration label. `extra` narrows it (e.g. errors).
 */
export function requestRate(
  set: KnativeMetricSet,
  m: ModelSeries,
  series: 'count' | 'bucket',
  window: string,
  extra: readonly string[] = [],
): string {
  const name = `${set.requestDuration}_${series}`;
  const l = set.requestLabels;
  const model = [
    `${l.namespace}=${quote(m.namespace)}`,
    `${l.configuration}=~${quote(configurationRegex(m))}`,
  ];
  if (set.requestIdentity === 'labels') {
    return `rate(${name}{${[...model, ...extra].join(', ')}}[${window}])`;
  }
  // The OpenTelemetry compatibility spec: resource attributes go on target_info, one per (job, instance).
  const own = extra.length > 0 ? `{${extra.join(', ')}}` : '';
  return `(rate(${name}${own}[${window}]) * on (job, instance) group_left (${l.configuration}) ${set.targetInfo}{${model.join(', ')}})`;
}

/** The `le` matcher of the bucket at a threshold, written as Prometheus 2 and 3 both store it. */
export function bucketMatcher(set: KnativeMetricSet, ms: number): string {
  const le = bucketLabel(set, ms);
  return Number.isInteger(Number(le)) ? `le=~${quote(`${le}(\\.0)?`)}` : `le=${quote(le)}`;
}

/** A request series summed per version (its configuration label mapped to `version`), or in all. */
function requestSum(
  set: KnativeMetricSet,
  m: ModelSeries,
  expr: string,
  byVersion: boolean,
): string {
  return byVersion
    ? `sum by (version) (${withVersion(m, set.requestLabels.configuration, expr)})`
    : `sum(${expr})`;
}

/** The fraction of requests answered with a server error (5xx), over the window. */
export function errorRatio(
  set: KnativeMetricSet,
  m: ModelSeries,
  window: string,
  byVersion: boolean,
): string {
  const sum = (expr: string) => requestSum(set, m, expr, byVersion);
  return `${sum(requestRate(set, m, 'count', window, [set.serverErrors]))}\n/\n${sum(requestRate(set, m, 'count', window))}`;
}

/** The fraction of requests slower than the threshold (a bucket boundary), over the window. */
export function slowRatio(
  set: KnativeMetricSet,
  m: ModelSeries,
  window: string,
  thresholdMs: number,
  byVersion: boolean,
): string {
  const sum = (expr: string) => requestSum(set, m, expr, byVersion);
  return `1 - (\n${sum(requestRate(set, m, 'bucket', window, [bucketMatcher(set, thresholdMs)]))}\n/\n${sum(requestRate(set, m, 'count', window))}\n)`;
}

/** Requests per second, per version. */
export function versionRequestRate(set: KnativeMetricSet, m: ModelSeries, window: string): string {
  return requestSum(set, m, requestRate(set, m, 'count', window), true);
}

/** A latency quantile per version, in seconds whatever the histogram's unit. */
export function versionLatencyQuantile(
  set: KnativeMetricSet,
  m: ModelSeries,
  q: number,
  window: string,
): string {
  const scale = set.durationUnit === 'milliseconds' ? ' / 1000' : '';
  return `histogram_quantile(${q}, sum by (version, le) (${withVersion(m, set.requestLabels.configuration, requestRate(set, m, 'bucket', window))}))${scale}`;
}
