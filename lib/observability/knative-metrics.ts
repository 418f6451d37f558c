/**
 * The Knative Serving metrics the rules and dashboards read, per Knative release, with the
 * Prometheus names exactly as that release's exporter writes them. Each name cites the file that
 * defines it; nothing here is remembered.
 */

/** An OpenTelemetry instrument, as declared in Knative's code. */
export interface OtelInstrument {
  /** The instrument name, e.g. `kn.serving.invocation.duration`. */
  readonly name: string;
  /** The UCUM unit, e.g. `s` or `{request}`. @default - none */
  readonly unit?: string;
  /**
   * `counter`: a monotonic sum. `updowncounter`: a non-monotonic sum, written as a Prometheus gauge
   * but named without the `_ratio` a gauge of unit `1` gets.
   */
  readonly type: 'counter' | 'updowncounter' | 'gauge' | 'histogram';
}

// github.com/prometheus/otlptranslator v1.0.0 unit_namer.go unitMap and perUnitMap
const UNIT_SUFFIX: Record<string, string> = {
  d: 'days',
  h: 'hours',
  min: 'minutes',
  s: 'seconds',
  ms: 'milliseconds',
  us: 'microseconds',
  ns: 'nanoseconds',
  By: 'bytes',
  KiBy: 'kibibytes',
  MiBy: 'mebibytes',
  GiBy: 'gibibytes',
  TiBy: 'tibibytes',
  KBy: 'kilobytes',
  MBy: 'megabytes',
  GBy: 'gigabytes',
  TBy: 'terabytes',
  m: 'meters',
  V: 'volts',
  A: 'amperes',
  J: 'joules',
  W: 'watts',
  g: 'grams',
  Cel: 'celsius',
  Hz: 'hertz',
  '1': '',
  '%': 'percent',
};
const PER_UNIT_SUFFIX: Record<string, string> = {
  s: 'second',
  m: 'minute',
  h: 'hour',
  d: 'day',
  w: 'week',
  mo: 'month',
  y: 'year',
};

function lookup(map: Record<string, string>, key: string): string {
  return Object.prototype.hasOwnProperty.call(map, key) ? map[key] : key;
}

/** otlptranslator unit_namer.go buildUnitSuffixes then cleanUpUnit: `[main, per]`, before trimming. */
function unitSuffixes(unit: string): [string, string] {
  const slash = unit.indexOf('/');
  const mainUnit = slash < 0 ? unit : unit.slice(0, slash);
  const perUnit = slash < 0 ? undefined : unit.slice(slash + 1);
  const clean = (u: string) =>
    u
      .replace(/[^a-zA-Z0-9:]/g, '_')
      .replace(/__+/g, '_')
      .replace(/^_/, '');
  const main = mainUnit.trim();
  let mainSuffix = '';
  if (main !== '' && !/[{}]/.test(main)) mainSuffix = lookup(UNIT_SUFFIX, main);
  let perSuffix = '';
  if (perUnit !== undefined && perUnit !== '') {
    const per = perUnit.trim();
    if (per !== '' && !/[{}]/.test(per)) perSuffix = lookup(PER_UNIT_SUFFIX, per);
    if (perSuffix !== '') perSuffix = `per_${perSuffix}`;
  }
  return [clean(mainSuffix), clean(perSuffix)];
}

/**
 * The Prometheus name the OpenTelemetry exporter writes for an instrument under
 * `UnderscoreEscapingWithSuffixes` (knative.dev/pkg observability/metrics/prometheus_enabled.go), a
 * port of github.com/prometheus/otlptranslator v1.0.0 metric_namer.go `normalizeName` and
 * `addUnitTokens`: the name is split into tokens at every character outside `[a-zA-Z0-9:]` (so `_`
 * too); the unit's suffix (`s` -> `seconds`, `/s` -> `per_second`, a unit in braces adds nothing)
 * is appended unless a token already equals it; a monotonic counter ends in `_total` and a gauge of
 * unit `1` in `_ratio` (each moved to the end); a leading digit gets a `_`. Histograms are the base
 * of `_bucket`, `_sum` and `_count`. The exporter names a non-monotonic sum (up-down counter) with
 * no type suffix (go.opentelemetry.io/otel/exporters/prometheus v0.66.0 exporter.go namingMetricType).
 */
export function prometheusName(instrument: OtelInstrument): string {
  let tokens = instrument.name.split(/[^a-zA-Z0-9:]+/).filter((t) => t !== '');
  const unit = instrument.unit ?? '';
  let [main, per] = unitSuffixes(unit);
  if (tokens.includes(main)) main = '';
  if (per === 'per_') per = '';
  else {
    per = per.replace(/_$/, '');
    if (tokens.includes(per)) per = '';
  }
  if (per !== '') main = main.replace(/_$/, '');
  if (main !== '') tokens.push(main);
  if (per !== '') tokens.push(per);
  if (instrument.type === 'counter') tokens = [...tokens.filter((t) => t !== 'total'), 'total'];
  if (unit === '1' && instrument.type === 'gauge')
    tokens = [...tokens.filter((t) => t !== 'ratio'), 'ratio'];
  const name = tokens.join('_');
  return /^[0-9]/.test(name) ? `_${name}` : name;
}

/** How the series of one Knative revision are told apart. */
export interface RevisionLabels {
  /** The label holding the namespace. */
  readonly namespace: string;
  /** The label holding the Configuration name (`<model>-<version>`). */
  readonly configuration: string;
  /** The label holding the Revision name (`<model>-<version>-00001`). */
  readonly revision: string;
}

/** The metrics a Knative release exports, as Prometheus names, and how to select a revision. */
export interface KnativeMetricSet {
  /** The key in `KNATIVE_METRICS`. */
  readonly version: string;
  /**
   * Keys of Knative's `config-observability` without which the release exports none of these
   * series; rendered by `FleetObservability` as a partial ConfigMap. @default - none needed
   */
  readonly exporterSettings?: Readonly<Record<string, string>>;
  /** Requests through queue-proxy to the model: a histogram; `_bucket`, `_count` are read. */
  readonly requestDuration: string;
  /** The label matcher that keeps only server errors (5xx) of `requestDuration`. */
  readonly serverErrors: string;
  /** The histogram's unit: the latency threshold is compared in it. */
  readonly durationUnit: 'seconds' | 'milliseconds';
  /** The histogram's bucket boundaries, in milliseconds, as Knative declares them. */
  readonly latencyBoundsMs: readonly number[];
  /**
   * How queue-proxy's request series name their revision. `labels`: on the series themselves.
   * `target_info`: only on the `target_info` series of the same scrape target (resource attributes
   * of the OpenTelemetry SDK), joined `on (job, instance)`.
   */
  readonly requestIdentity: 'labels' | 'target_info';
  /** Labels of the request series (or of `target_info`). */
  readonly requestLabels: RevisionLabels;
  /** Labels of the autoscaler's and activator's per-revision series. */
  readonly revisionLabels: RevisionLabels;
  /**
   * Pods the autoscaler's decider wants (gauge): the load over the per-pod target, before the
   * min/max scale bounds, so above `maxScale` while demand exceeds it.
   */
  readonly podsDesired: string;
  /**
   * Pods the KPA asked Kubernetes for (gauge): the decider's count within the min/max scale bounds,
   * the number the Deployment is scaled to.
   */
  readonly podsRequested: string;
  /** Ready pods (gauge). */
  readonly podsReady: string;
  /** Pods not ready (gauge). */
  readonly podsNotReady: string;
  /** Pods pending (gauge). */
  readonly podsPending: string;
  /** 1 while the autoscaler is in panic mode (gauge). */
  readonly panicMode: string;
  /**
   * In-flight requests of the whole revision averaged over the stable window (gauge): the sum over
   * its pods (and the activator), which the decider divides by the per-pod target. Written only for
   * revisions scaled on concurrency (the KPA default), not on `rps`.
   */
  readonly stableConcurrency: string;
  /** Requests the activator is handling for a revision (gauge): the cold-start panel's fallback. */
  readonly activatorConcurrency: string;
  /**
   * Requests held in the activator waiting for capacity (gauge), by revision name; the activator
   * queueing alert reads it.
   * @default - none: the release has no such series, and the alert is left out
   */
  readonly activatorQueued?: string;
  /** The `target_info` series, for the join; absent where it does not exist. @default - none */
  readonly targetInfo?: string;
}

// knative/serving v0.50.0 (Knative 1.23, tag knative-v1.23.0 is the same commit)
const V1_23_INSTRUMENTS = {
  // pkg/queue/request_metric.go NewAppRequestMetricsHandler, attribute http.response.status_code
  requestDuration: { name: 'kn.serving.invocation.duration', unit: 's', type: 'histogram' },
  // pkg/autoscaler/scaling/metrics.go newMetrics; concurrency.stable is the revision's total
  // (pkg/autoscaler/scaling/autoscaler.go Scale: desired = ceil(stable / per-pod target);
  // pkg/autoscaler/metrics/collector.go Stat.average scales the pod sample up to all pods)
  podsDesired: { name: 'kn.revision.pods.desired', unit: '{item}', type: 'gauge' },
  panicMode: { name: 'kn.revision.panic.mode', type: 'gauge' },
  stableConcurrency: {
    name: 'kn.revision.concurrency.stable',
    unit: '{concurrency}',
    type: 'gauge',
  },
  // pkg/reconciler/autoscaling/kpa/metrics.go (pods.requested observes the bounded want,
  // pods.count the ready count; kpa.go reconcile and pkg/reconciler/autoscaling/kpa/scaler.go scale)
  podsRequested: { name: 'kn.revision.pods.requested', unit: '{pod}', type: 'gauge' },
  podsReady: { name: 'kn.revision.pods.count', unit: '{pod}', type: 'gauge' },
  podsNotReady: { name: 'kn.revision.pods.not_ready.count', unit: '{pod}', type: 'gauge' },
  podsPending: { name: 'kn.revision.pods.pending.count', unit: '{pod}', type: 'gauge' },
  // pkg/activator/handler/metrics.go: an Int64UpDownCounter, so a gauge in Prometheus
  activatorQueued: {
    name: 'kn.revision.request.queued',
    unit: '{request}',
    type: 'updowncounter',
  },
  // pkg/activator/handler/metrics.go, recorded with all three labels by concurrency_reporter.go
  activatorConcurrency: {
    name: 'kn.revision.request.concurrency',
    unit: '{request}',
    type: 'gauge',
  },
} as const satisfies Record<string, OtelInstrument>;

/**
 * Knative's OpenTelemetry attribute keys (knative/serving pkg/metrics/key.go), as labels. The
 * autoscaler sets all three (cmd/autoscaler/main.go, pkg/reconciler/autoscaling/kpa/kpa.go); the
 * activator only namespace and revision (pkg/activator/handler/metrics.go NewForRequest).
 */
const OTEL_REVISION_LABELS: RevisionLabels = {
  namespace: 'k8s_namespace_name',
  configuration: 'kn_configuration_name',
  revision: 'kn_revision_name',
};

const v1_23: KnativeMetricSet = {
  version: '1.23',
  // knative.dev/pkg observability/metrics/config.go: DefaultConfig's protocol is `none`; serving
  // pkg/observability/config.go reads queue-proxy's own keys with the `request-` prefix
  exporterSettings: { 'metrics-protocol': 'prometheus', 'request-metrics-protocol': 'prometheus' },
  requestDuration: prometheusName(V1_23_INSTRUMENTS.requestDuration),
  // go.opentelemetry.io/otel/semconv HTTPResponseStatusCode -> http_response_status_code
  serverErrors: 'http_response_status_code=~"5.."',
  durationUnit: 'seconds',
  // pkg/queue/request_metric.go latencyBounds (seconds)
  latencyBoundsMs: [5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000],
  // pkg/queue/sharedmain/otel.go res(): namespace and revision are resource attributes, which the
  // exporter writes on target_info only (go.opentelemetry.io/otel/exporters/prometheus v0.66.0 config.go)
  requestIdentity: 'target_info',
  requestLabels: OTEL_REVISION_LABELS,
  revisionLabels: OTEL_REVISION_LABELS,
  podsDesired: prometheusName(V1_23_INSTRUMENTS.podsDesired),
  podsRequested: prometheusName(V1_23_INSTRUMENTS.podsRequested),
  podsReady: prometheusName(V1_23_INSTRUMENTS.podsReady),
  podsNotReady: prometheusName(V1_23_INSTRUMENTS.podsNotReady),
  podsPending: prometheusName(V1_23_INSTRUMENTS.podsPending),
  panicMode: prometheusName(V1_23_INSTRUMENTS.panicMode),
  stableConcurrency: prometheusName(V1_23_INSTRUMENTS.stableConcurrency),
  activatorQueued: prometheusName(V1_23_INSTRUMENTS.activatorQueued),
  activatorConcurrency: prometheusName(V1_23_INSTRUMENTS.activatorConcurrency),
  targetInfo: 'target_info',
};

/**
 * OpenCensus resource labels (knative.dev/pkg metrics/metricskey/constants.go, serving
 * pkg/metrics/key.go), set by `RevisionContext` / `PodRevisionContext` (pkg/queue/request_metric.go,
 * cmd/autoscaler/main.go, pkg/reconciler/autoscaling/kpa/kpa.go,
 * pkg/activator/handler/concurrency_reporter.go) and written on every series of the resource by the
 * exporter (contrib.go.opencensus.io/exporter/prometheus v0.4.2 prometheus.go toDesc).
 */
const OPENCENSUS_REVISION_LABELS: RevisionLabels = {
  namespace: 'namespace_name',
  configuration: 'configuration_name',
  revision: 'revision_name',
};

// knative/serving knative-v1.18.0, the last OpenCensus release. knative.dev/pkg
// metrics/prometheus_exporter.go prefixes each view with its component: `revision` for queue-proxy
// (pkg/queue/sharedmain/main.go), `autoscaler` (cmd/autoscaler/main.go), `activator` (cmd/activator/main.go).
const v1_18_opencensus: KnativeMetricSet = {
  version: '1.18-opencensus',
  // pkg/queue/request_metric.go app_request_latencies (milliseconds)
  requestDuration: 'revision_app_request_latencies',
  serverErrors: 'response_code_class="5xx"',
  durationUnit: 'milliseconds',
  // pkg/queue/request_metric.go defaultLatencyDistribution
  latencyBoundsMs: [
    5, 10, 20, 40, 60, 80, 100, 150, 200, 250, 300, 350, 400, 450, 500, 600, 700, 800, 900, 1000,
    2000, 5000, 10000, 20000, 50000, 100000,
  ],
  requestIdentity: 'labels',
  requestLabels: OPENCENSUS_REVISION_LABELS,
  revisionLabels: OPENCENSUS_REVISION_LABELS,
  // pkg/autoscaler/scaling/metrics.go
  podsDesired: 'autoscaler_desired_pods',
  panicMode: 'autoscaler_panic_mode',
  stableConcurrency: 'autoscaler_stable_request_concurrency',
  // pkg/reconciler/autoscaling/kpa/metrics.go (requested_pods observes the bounded want, written
  // only when it is known; actual_pods the ready count)
  podsRequested: 'autoscaler_requested_pods',
  podsReady: 'autoscaler_actual_pods',
  podsNotReady: 'autoscaler_not_ready_pods',
  podsPending: 'autoscaler_pending_pods',
  // pkg/activator/handler/metrics.go: every request through the activator, queued or not; this
  // release has no queue gauge, so there is no activator queueing alert
  activatorConcurrency: 'activator_request_concurrency',
};

/** The metric sets by Knative release. `1.23` is the release this library pins (knative.dev/serving v0.50.0). */
export const KNATIVE_METRICS: Readonly<Record<string, KnativeMetricSet>> = {
  '1.23': v1_23,
  '1.18-opencensus': v1_18_opencensus,
};

/** The release the rules and dashboards read by default. */
export const DEFAULT_KNATIVE_METRICS = '1.23';

/** Every Prometheus series name a metric set reads (histograms expanded). */
export function seriesNames(set: KnativeMetricSet): string[] {
  const h = set.requestDuration;
  return [
    `${h}_bucket`,
    `${h}_count`,
    `${h}_sum`,
    set.podsDesired,
    set.podsRequested,
    set.podsReady,
    set.podsNotReady,
    set.podsPending,
    set.panicMode,
    set.stableConcurrency,
    set.activatorConcurrency,
    ...(set.activatorQueued ? [set.activatorQueued] : []),
    ...(set.targetInfo ? [set.targetInfo] : []),
  ];
}

/** The `le` label value of a bucket boundary, in the histogram's unit. */
export function bucketLabel(set: KnativeMetricSet, ms: number): string {
  const v = set.durationUnit === 'seconds' ? ms / 1000 : ms;
  return String(Number(v.toPrecision(12)));
}
