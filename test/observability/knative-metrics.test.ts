import {
  KNATIVE_METRICS,
  bucketLabel,
  prometheusName,
  seriesNames,
} from '../../lib/observability/knative-metrics';

describe('prometheusName (otlptranslator UnderscoreEscapingWithSuffixes)', () => {
  test.each([
    [
      { name: 'kn.serving.invocation.duration', unit: 's', type: 'histogram' },
      'kn_serving_invocation_duration_seconds',
    ],
    [
      { name: 'kn.revision.pods.desired', unit: '{item}', type: 'gauge' },
      'kn_revision_pods_desired',
    ],
    [
      { name: 'kn.revision.pods.not_ready.count', unit: '{pod}', type: 'gauge' },
      'kn_revision_pods_not_ready_count',
    ],
    [
      { name: 'kn.revision.rps.stable', unit: '{request}/s', type: 'gauge' },
      'kn_revision_rps_stable_per_second',
    ],
    [{ name: 'kn.revision.panic.mode', type: 'gauge' }, 'kn_revision_panic_mode'],
    [
      { name: 'kn.activator.stats.conn.errors', unit: '{error}', type: 'counter' },
      'kn_activator_stats_conn_errors_total',
    ],
    [
      { name: 'process.cpu.utilization', unit: '1', type: 'gauge' },
      'process_cpu_utilization_ratio',
    ],
    // knative/serving v0.50.0 pkg/reconciler/autoscaling/kpa/metrics.go, pkg/activator/handler/metrics.go
    [
      { name: 'kn.revision.pods.requested', unit: '{pod}', type: 'gauge' },
      'kn_revision_pods_requested',
    ],
    [
      { name: 'kn.revision.request.queued', unit: '{request}', type: 'updowncounter' },
      'kn_revision_request_queued',
    ],
    // github.com/prometheus/otlptranslator v1.0.0 metric_namer_test.go
    [{ name: 'metric@with#special$chars', type: 'gauge' }, 'metric_with_special_chars'],
    [{ name: '123metric', type: 'gauge' }, '_123metric'],
    [{ name: 'items', unit: '1', type: 'counter' }, 'items_total'],
    [{ name: 'requests', unit: '1/s', type: 'gauge' }, 'requests_per_second'],
    [{ name: 'throughput', unit: 'By/s', type: 'gauge' }, 'throughput_bytes_per_second'],
    [{ name: 'custom_metric', unit: 'custom_unit', type: 'gauge' }, 'custom_metric_custom_unit'],
    [{ name: 'custom_metric', unit: 'By/{custom}', type: 'gauge' }, 'custom_metric_bytes'],
    [{ name: 'cpu_seconds_total', unit: 's', type: 'counter' }, 'cpu_seconds_total'],
    [{ name: 'cpu_usage_ratio', unit: '1', type: 'gauge' }, 'cpu_usage_ratio'],
    // normalizeName moves `total` and `ratio` to the end; addUnitTokens looks up whole tokens
    [{ name: 'total.requests', type: 'counter' }, 'requests_total'],
    [{ name: 'ratio.cpu', unit: '1', type: 'gauge' }, 'cpu_ratio'],
    [{ name: 'speed', unit: 'm/s', type: 'gauge' }, 'speed_meters_per_second'],
    [{ name: 'active', unit: '1', type: 'updowncounter' }, 'active'],
  ] as const)('%j -> %s', (instrument, name) => {
    expect(prometheusName(instrument)).toEqual(name);
  });
});

describe('KNATIVE_METRICS', () => {
  test('Knative 1.23 reads the OpenTelemetry names, joined to target_info', () => {
    expect(seriesNames(KNATIVE_METRICS['1.23'])).toEqual([
      'kn_serving_invocation_duration_seconds_bucket',
      'kn_serving_invocation_duration_seconds_count',
      'kn_serving_invocation_duration_seconds_sum',
      'kn_revision_pods_desired',
      'kn_revision_pods_requested',
      'kn_revision_pods_count',
      'kn_revision_pods_not_ready_count',
      'kn_revision_pods_pending_count',
      'kn_revision_panic_mode',
      'kn_revision_concurrency_stable',
      'kn_revision_request_concurrency',
      'kn_revision_request_queued',
      'target_info',
    ]);
  });

  test('Knative 1.18 reads the OpenCensus names', () => {
    expect(seriesNames(KNATIVE_METRICS['1.18-opencensus'])).toEqual([
      'revision_app_request_latencies_bucket',
      'revision_app_request_latencies_count',
      'revision_app_request_latencies_sum',
      'autoscaler_desired_pods',
      'autoscaler_requested_pods',
      'autoscaler_actual_pods',
      'autoscaler_not_ready_pods',
      'autoscaler_pending_pods',
      'autoscaler_panic_mode',
      'autoscaler_stable_request_concurrency',
      'activator_request_concurrency',
    ]);
  });

  test('bucket labels are written in the histogram unit', () => {
    expect(bucketLabel(KNATIVE_METRICS['1.23'], 250)).toEqual('0.25');
    expect(bucketLabel(KNATIVE_METRICS['1.23'], 1000)).toEqual('1');
    expect(bucketLabel(KNATIVE_METRICS['1.18-opencensus'], 250)).toEqual('250');
  });
});
