import {
  HPA_CLASS,
  KPA_CLASS,
  autoscalingAnnotations,
  checkAutoscaling,
} from '../../lib/knative/autoscaling';
import { clusterConfig, UPSTREAM_CLUSTER } from '../../lib/knative/cluster-config';
import { AutoscalingOptions } from '../../lib/knative/autoscaling';

const check = (opts: AutoscalingOptions, cluster = UPSTREAM_CLUSTER) =>
  checkAutoscaling(opts, 'a', cluster).map((i) => `${i.path}: ${i.message}`);

describe('autoscaling annotations', () => {
  test('renders kebab-case keys with string values, durations from seconds', () => {
    // GIVEN / WHEN
    const annotations = autoscalingAnnotations({
      class: KPA_CLASS,
      metric: 'concurrency',
      target: 10,
      utilization: 70,
      window: 60,
      panicWindowPercent: 10,
      panicThresholdPercent: 200,
      minScale: 0,
      maxScale: 20,
      initialScale: 1,
      activationScale: 2,
      scaleDownDelay: '30s',
      retention: '1m',
      burstCapacity: -1,
      aggregationAlgorithm: 'linear',
    });
    // THEN
    expect(annotations).toEqual({
      'autoscaling.knative.dev/class': 'kpa.autoscaling.knative.dev',
      'autoscaling.knative.dev/metric': 'concurrency',
      'autoscaling.knative.dev/target': '10',
      'autoscaling.knative.dev/target-utilization-percentage': '70',
      'autoscaling.knative.dev/window': '60s',
      'autoscaling.knative.dev/panic-window-percentage': '10',
      'autoscaling.knative.dev/panic-threshold-percentage': '200',
      'autoscaling.knative.dev/min-scale': '0',
      'autoscaling.knative.dev/max-scale': '20',
      'autoscaling.knative.dev/initial-scale': '1',
      'autoscaling.knative.dev/activation-scale': '2',
      'autoscaling.knative.dev/scale-down-delay': '30s',
      'autoscaling.knative.dev/scale-to-zero-pod-retention-period': '1m',
      'autoscaling.knative.dev/target-burst-capacity': '-1',
      'autoscaling.knative.dev/metric-aggregation-algorithm': 'linear',
    });
  });

  test('renders nothing for unset options', () => {
    expect(autoscalingAnnotations({})).toEqual({});
  });
});

describe('autoscaling rules (knative annotation_validation.go)', () => {
  test.each<[string, AutoscalingOptions, string[]]>([
    ['class kpa', { class: KPA_CLASS }, []],
    ['class hpa', { class: HPA_CLASS }, []],
    ['class outside knative.dev', { class: 'keda.sh/autoscaler' }, []],
    [
      'class mpa on upstream',
      { class: 'mpa.autoscaling.knative.dev' },
      [
        "a.class: class 'mpa.autoscaling.knative.dev' is rejected by upstream Knative, which accepts only 'kpa.autoscaling.knative.dev' or 'hpa.autoscaling.knative.dev' in the knative.dev domain; use one of those, or declare the class in ServingSettings extensionClasses when your Knative distribution provides it",
      ],
    ],
    ['kpa rps', { metric: 'rps' }, []],
    [
      'kpa cpu',
      { metric: 'cpu' },
      [
        "a.metric: metric 'cpu' does not work with the KPA class; use 'concurrency' or 'rps', or the HPA class ('hpa.autoscaling.knative.dev') for cpu or memory",
      ],
    ],
    ['hpa memory', { class: HPA_CLASS, metric: 'memory' }, []],
    [
      'hpa empty metric',
      { class: HPA_CLASS, metric: '' },
      [
        "a.metric: metric '' must be a non-empty metric name for the HPA class, such as 'cpu' or 'memory'",
      ],
    ],
    ['target 0.01', { target: 0.01 }, []],
    [
      'target 0.009',
      { target: 0.009 },
      [
        'a.target: target 0.009 is out of range; allowed: at least 0.01; Knative needs a target of at least 0.01',
      ],
    ],
    ['utilization 100', { utilization: 100 }, []],
    [
      'utilization 101',
      { utilization: 101 },
      ['a.utilization: utilization 101 is out of range; allowed: 1 to 100'],
    ],
    [
      'utilization 0',
      { utilization: 0 },
      ['a.utilization: utilization 0 is out of range; allowed: 1 to 100'],
    ],
    ['window 6s', { window: '6s' }, []],
    ['window 1h', { window: '1h' }, []],
    ['window 5s', { window: '5s' }, ["a.window: window '5s' is out of range; use 6s to 1h"]],
    ['window 3601s', { window: 3601 }, ["a.window: window '3601s' is out of range; use 6s to 1h"]],
    [
      'window 6.5s',
      { window: '6.5s' },
      ["a.window: window '6.5s' must be a whole number of seconds, such as '7s'"],
    ],
    [
      'window not a duration',
      { window: 'soon' },
      ["a.window: window 'soon' is not a Go duration; write it like '60s', '2m' or '1h'"],
    ],
    ['panic window 1', { panicWindowPercent: 1 }, []],
    [
      'panic window 0.5',
      { panicWindowPercent: 0.5 },
      ['a.panicWindowPercent: panicWindowPercent 0.5 is out of range; allowed: 1 to 100'],
    ],
    ['panic threshold 110', { panicThresholdPercent: 110 }, []],
    ['panic threshold 1000', { panicThresholdPercent: 1000 }, []],
    [
      'panic threshold 109',
      { panicThresholdPercent: 109 },
      ['a.panicThresholdPercent: panicThresholdPercent 109 is out of range; allowed: 110 to 1000'],
    ],
    [
      'panic threshold 1001',
      { panicThresholdPercent: 1001 },
      ['a.panicThresholdPercent: panicThresholdPercent 1001 is out of range; allowed: 110 to 1000'],
    ],
    ['min 0 max 0', { minScale: 0, maxScale: 0 }, []],
    ['min 3 max 0 (unlimited)', { minScale: 3, maxScale: 0 }, []],
    [
      'min 5 max 2',
      { minScale: 5, maxScale: 2 },
      [
        'a.maxScale: maxScale (2) is less than minScale (5); raise maxScale or lower minScale (0 means unlimited)',
      ],
    ],
    [
      'min -1',
      { minScale: -1 },
      ['a.minScale: minScale -1 is out of range; allowed: 0 to 2147483647'],
    ],
    [
      'min 1.5',
      { minScale: 1.5 },
      ['a.minScale: minScale 1.5 must be a whole number; allowed: 0 to 2147483647'],
    ],
    [
      'initial 0 not allowed',
      { initialScale: 0 },
      [
        'a.initialScale: initialScale 0 needs the cluster setting allow-zero-initial-scale: "true" (config-autoscaler); use 1 or enable it in ServingSettings',
      ],
    ],
    ['initial 3', { initialScale: 3 }, []],
    ['activation 2', { activationScale: 2 }, []],
    [
      'activation 1',
      { activationScale: 1 },
      [
        'a.activationScale: activationScale 1 must be at least 2; leave it unset for the default of 1',
      ],
    ],
    [
      'activation below min',
      { minScale: 3, activationScale: 2 },
      [
        'a.activationScale: activationScale (2) is less than minScale (3); raise activationScale or lower minScale',
      ],
    ],
    [
      'activation above max',
      { maxScale: 2, activationScale: 3 },
      [
        'a.activationScale: activationScale (3) is greater than maxScale (2); lower activationScale or raise maxScale',
      ],
    ],
    ['scale-down delay 1h', { scaleDownDelay: '1h' }, []],
    [
      'scale-down delay 1.5s',
      { scaleDownDelay: '1500ms' },
      ["a.scaleDownDelay: scaleDownDelay '1500ms' must be a whole number of seconds, such as '2s'"],
    ],
    [
      'scale-down delay 2h',
      { scaleDownDelay: '2h' },
      ["a.scaleDownDelay: scaleDownDelay '2h' is out of range; use 0s to 1h"],
    ],
    ['retention 1.5s (no precision rule)', { retention: '1500ms' }, []],
    [
      'retention -1s',
      { retention: '-1s' },
      ["a.retention: retention '-1s' is out of range; use 0s to 1h"],
    ],
    ['burst -1', { burstCapacity: -1 }, []],
    ['burst 0', { burstCapacity: 0 }, []],
    [
      'burst -2',
      { burstCapacity: -2 },
      [
        'a.burstCapacity: burstCapacity -2 is out of range; allowed: at least 0 (or -1); -1 keeps the activator always in the request path',
      ],
    ],
    [
      'algorithm unchecked without explicit kpa',
      { aggregationAlgorithm: 'quadratic' as 'linear' },
      [],
    ],
    [
      'algorithm checked with explicit kpa',
      { class: KPA_CLASS, aggregationAlgorithm: 'quadratic' as 'linear' },
      [
        "a.aggregationAlgorithm: aggregationAlgorithm 'quadratic' is not supported; use 'linear' or 'weighted-exponential'",
      ],
    ],
  ])('%s', (_name, opts, expected) => {
    expect(check(opts)).toEqual(expected);
  });

  test('accepts an extension class the cluster declares', () => {
    const ack = clusterConfig({ extensionClasses: ['mpa.autoscaling.knative.dev'] });
    expect(check({ class: 'mpa.autoscaling.knative.dev', metric: 'anything' }, ack)).toEqual([]);
  });

  test('initial scale 0 passes when the cluster allows it', () => {
    expect(
      check({ initialScale: 0 }, clusterConfig({ autoscaler: { allowZeroInitialScale: true } })),
    ).toEqual([]);
  });

  test('max-scale-limit bounds maxScale and rejects unlimited', () => {
    const limited = clusterConfig({ autoscaler: { maxScaleLimit: 50 } });
    expect(check({ maxScale: 50 }, limited)).toEqual([]);
    expect(check({ maxScale: 51 }, limited)).toEqual([
      "a.maxScale: maxScale 51 is out of range; the cluster's max-scale-limit allows 1 to 50 (0, unlimited, is not allowed under a limit)",
    ]);
    expect(check({ maxScale: 0 }, limited)).toEqual([
      "a.maxScale: maxScale 0 is out of range; the cluster's max-scale-limit allows 1 to 50 (0, unlimited, is not allowed under a limit)",
    ]);
  });

  test('reports every problem at once', () => {
    expect(
      check({ metric: 'cpu', window: '1s', minScale: 4, maxScale: 2, burstCapacity: -5 }),
    ).toHaveLength(4);
  });
});
