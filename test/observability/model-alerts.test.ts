import { ApiObject, App, Testing } from 'cdk8s';
import { ModelFleet } from '../../lib/models/model-fleet';
import { ModelService, ModelServiceProps } from '../../lib/models/model-service';
import { ModelAlerts, ruleFile } from '../../lib/observability/model-alerts';
import { modelRuleGroups } from '../../lib/observability/model-rules';
import { runPromtool, skipWithoutPromtool } from './promtool';

const image = `registry.example.com/risk/credit-score@sha256:${'a'.repeat(64)}`;
const creditScore: ModelServiceProps = {
  name: 'credit-score',
  namespace: 'models',
  team: 'risk',
  slo: { availability: 99.9, latencyP99Ms: 250 },
  autoscaling: { maxScale: 50 },
  versions: [
    { name: 'v2', image, traffic: 90 },
    { name: 'v3', image, traffic: 10 },
  ],
};
/** The built-in Stable Diffusion profile: one GPU, concurrency 1 (fleets turn on its feature flags). */
const diffusionCatalog = {
  namespace: 'models',
  models: [
    {
      name: 'sd-xl',
      team: 'creative',
      profile: 'sd-gpu',
      autoscaling: { maxScale: 4 },
      versions: [{ name: 'v1', image, traffic: 100 }],
    },
  ],
};

function diffusionAlerts(knativeMetrics = '1.23'): ModelAlerts {
  const fleet = new ModelFleet(new App(), 'fleet', { catalog: diffusionCatalog });
  return new ModelAlerts(fleet.modelCharts[0], 'alerts', {
    model: fleet.models[0],
    knativeMetrics,
  });
}

function alertsOf(props: ModelServiceProps, knativeMetrics = '1.23'): ModelAlerts {
  const chart = Testing.chart();
  const model = new ModelService(chart, props.name, props);
  return new ModelAlerts(chart, `${props.name}-alerts`, { model, knativeMetrics });
}

describe('ModelAlerts', () => {
  test('renders one PrometheusRule named after the model, in its namespace', () => {
    // GIVEN / WHEN
    const alerts = alertsOf(creditScore);
    // THEN
    const obj = ApiObject.of(alerts.apiObject).toJson();
    expect(obj.apiVersion).toEqual('monitoring.coreos.com/v1');
    expect(obj.kind).toEqual('PrometheusRule');
    expect(obj.metadata).toEqual({
      name: 'credit-score',
      namespace: 'models',
      labels: { 'ack-serving.io/model': 'credit-score' },
    });
    expect(alerts.groups.map((g) => g.name)).toEqual([
      'ack-serving.credit-score.recordings',
      'ack-serving.credit-score.slo-alerts',
      'ack-serving.credit-score.autoscaling-alerts',
    ]);
    expect(ApiObject.of(alerts).kind).toEqual('PrometheusRule'); // the escape hatch reaches it
    expect(obj).toMatchSnapshot();
  });

  test('pages and tickets for each SLI, routed to the team', () => {
    const rules = alertsOf(creditScore).groups.flatMap((g) => g.rules);
    const burn = rules.filter((r) => r.alert?.endsWith('BudgetBurn'));
    expect(burn.map((r) => `${r.alert}/${r.labels?.severity}/${r.labels?.team}`)).toEqual([
      'ModelErrorBudgetBurn/page/risk',
      'ModelErrorBudgetBurn/ticket/risk',
      'ModelLatencyBudgetBurn/page/risk',
      'ModelLatencyBudgetBurn/ticket/risk',
    ]);
    expect(burn[0].expr).toContain(
      'model:ack_serving_request_errors:ratio_rate1h{namespace="models", model="credit-score"} > (14.4 * 0.001)',
    );
  });

  test('routeTo wins over the team; enabled: false keeps the recordings and drops every alert', () => {
    const routed = alertsOf({ ...creditScore, alerts: { routeTo: 'sre' } });
    expect(
      new Set(
        routed.groups.flatMap((g) => g.rules).flatMap((r) => (r.alert ? [r.labels?.team] : [])),
      ),
    ).toEqual(new Set(['sre']));
    const off = alertsOf({ ...creditScore, alerts: { enabled: false } });
    expect(off.groups.map((g) => g.name)).toEqual(['ack-serving.credit-score.recordings']);
  });

  test('alerts.page and alerts.ticket name the receiver of each severity', () => {
    const alerts = alertsOf({
      ...creditScore,
      alerts: { page: 'risk-oncall', ticket: 'risk-queue' },
    }).groups.flatMap((g) => g.rules.filter((r) => r.alert));
    expect(new Set(alerts.map((r) => `${r.labels?.severity}->${r.labels?.receiver}`))).toEqual(
      new Set(['page->risk-oncall', 'ticket->risk-queue']),
    );
    expect(alerts.every((r) => r.labels?.team === 'risk')).toBe(true);
  });

  test('a model without an SLO still gets its dashboard recordings and autoscaling alerts', () => {
    const { slo: _slo, ...noSlo } = creditScore;
    const names = alertsOf(noSlo).groups.flatMap((g) => g.rules.map((r) => r.alert ?? r.record));
    expect(names).toEqual([
      'model_version:ack_serving_requests:rate5m',
      'model_version:ack_serving_request_errors:ratio_rate5m',
      'model_version:ack_serving_request_duration_seconds:p50_rate5m',
      'model_version:ack_serving_request_duration_seconds:p99_rate5m',
      'KnativeVersionAtMaxScale',
      'KnativeVersionAtMaxScale',
      'KnativePanicModeLong',
      'KnativePodsNotReady',
      'KnativeActivatorQueueing',
    ]);
  });

  test('the GPU profile gets a saturation alert at its concurrency', () => {
    const rules = diffusionAlerts().groups.flatMap((g) => g.rules);
    // kn_revision_concurrency_stable is the version's total, so it is compared per ready pod
    const one = '{k8s_namespace_name="models", kn_configuration_name="sd-xl-v1"}';
    expect(rules.find((r) => r.alert === 'GpuPodsSaturated')?.expr).toEqual(
      `max(kn_revision_concurrency_stable${one})\n/ clamp_min(max(kn_revision_pods_count${one}), 1)\n>= 1`,
    );
  });

  test('no autoscaling alert reads series the version never has', () => {
    // HPA-class versions have no KPA series; rps-scaled ones no stable concurrency
    const withVersion = (autoscaling: Record<string, unknown>) =>
      alertsOf({
        ...creditScore,
        resources: { gpu: 1 },
        concurrency: 1,
        autoscaling: { maxScale: 4, ...autoscaling },
        versions: [{ name: 'v1', image, traffic: 100 }],
      })
        .groups.flatMap((g) => g.rules)
        .flatMap((r) => (r.alert?.endsWith('BudgetBurn') === false ? [r.alert] : []));
    expect(withVersion({})).toEqual([
      'KnativeVersionAtMaxScale',
      'KnativePanicModeLong',
      'KnativePodsNotReady',
      'KnativeActivatorQueueing',
      'GpuPodsSaturated',
    ]);
    expect(withVersion({ metric: 'rps', target: 1 })).toEqual([
      'KnativeVersionAtMaxScale',
      'KnativePanicModeLong',
      'KnativePodsNotReady',
      'KnativeActivatorQueueing',
    ]);
    expect(withVersion({ class: 'hpa', metric: 'cpu', target: 80 })).toEqual([
      'KnativeActivatorQueueing',
    ]);
  });

  test('burn-rate descriptions give the share of the budget each window pair spends', () => {
    const description = (window?: string) =>
      alertsOf({ ...creditScore, slo: { ...creditScore.slo, window } })
        .groups.flatMap((g) => g.rules)
        .filter((r) => r.alert === 'ModelErrorBudgetBurn')
        .map((r) => r.annotations?.description);
    // 14.4 x 1h of 720h = 2 %, 6 x 6h = 5 %, 3 x 1d of 30d = 10 %, 1 x 3d = 10 %
    expect(description('30d')).toEqual([
      '2 % of the 30d budget in 1h or 5 % in 6h at this rate; objective 99.9 % of requests without a 5xx over 30d.',
      '10 % of the 30d budget in 1d or 10 % in 3d at this rate; objective 99.9 % of requests without a 5xx over 30d.',
    ]);
    expect(description(undefined)).toEqual([
      '2.14 % of the 28d budget in 1h or 5.36 % in 6h at this rate; objective 99.9 % of requests without a 5xx over 28d.',
      '10.7 % of the 28d budget in 1d or 10.7 % in 3d at this rate; objective 99.9 % of requests without a 5xx over 28d.',
    ]);
  });

  test('throws when the latency threshold is not a bucket boundary of the histogram', () => {
    expect(() =>
      modelRuleGroups(
        {
          name: 'credit-score',
          namespace: 'models',
          slo: { latencyP99Ms: 300 },
          versions: [],
        },
        { latencyPath: 'models[0].slo.latencyP99Ms' },
      ),
    ).toThrow(
      'models[0].slo.latencyP99Ms: latencyP99Ms 300 is not a bucket boundary of kn_serving_invocation_duration_seconds (Knative 1.23), so the latency SLI cannot be measured; use 250 or 500 (boundaries: 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000)',
    );
    // 300 ms is a boundary of the OpenCensus histogram
    expect(() =>
      modelRuleGroups(
        { name: 'm', namespace: 'models', slo: { latencyP99Ms: 300 }, versions: [] },
        { knativeMetrics: '1.18-opencensus' },
      ),
    ).not.toThrow();
  });

  test('throws on an unknown Knative release', () => {
    expect(() =>
      modelRuleGroups({ name: 'm', namespace: 'models', versions: [] }, { knativeMetrics: '1.99' }),
    ).toThrow(
      "knativeMetrics '1.99' is not a modelled Knative release; use one of 1.23, 1.18-opencensus",
    );
  });
});

describe('promtool', () => {
  // 1.18 has no activator queue gauge, so no activator queueing alert (one per model)
  test.each([
    ['1.23', 39],
    ['1.18-opencensus', 37],
  ])('check rules accepts every generated rule (Knative %s: %i rules)', (release, count) => {
    if (skipWithoutPromtool()) return;
    const groups = [...alertsOf(creditScore, release).groups, ...diffusionAlerts(release).groups];
    const run = runPromtool(['check', 'rules', 'rules.yaml'], { 'rules.yaml': ruleFile(groups) });
    expect(run.output).toContain(`SUCCESS: ${count} rules found`);
    expect(run.status).toBe(0);
  });

  // Synthetic series for Knative 1.23: queue-proxy's histogram carries only the status code; the
  // revision is on target_info of the same target.
  const target = (conf: string, instance: string) => ({
    series: `target_info{job="queue-proxy", instance="${instance}", k8s_namespace_name="models", kn_configuration_name="${conf}"}`,
    values: '1+0x4400',
  });
  const counter = (instance: string, extra: string, values: string) => ({
    series: `kn_serving_invocation_duration_seconds_${extra.includes('le=') ? 'bucket' : 'count'}{job="queue-proxy", instance="${instance}", ${extra}}`,
    values,
  });
  /** Requests per minute per instance: `ok` 2xx, `errors` 5xx; `fast` of them under 250 ms. */
  const traffic = (ok: string, errors: string, fast?: string) => [
    target('credit-score-v2', 'a'),
    counter('a', 'http_response_status_code="200"', ok),
    counter('a', 'http_response_status_code="503"', errors),
    ...(fast !== undefined
      ? [counter('a', 'http_response_status_code="200", le="0.25"', fast)]
      : []),
  ];
  const rules = () => alertsOf(creditScore).groups.flatMap((g) => g.rules);
  /** The alert as promtool reports it: the rule's labels and annotations. */
  const expected = (alert: string, severity: string) => {
    const rule = rules().find((r) => r.alert === alert && r.labels?.severity === severity);
    return { exp_labels: rule?.labels, exp_annotations: rule?.annotations };
  };
  const page = expected('ModelErrorBudgetBurn', 'page');
  const ticket = expected('ModelErrorBudgetBurn', 'ticket');

  function unitTest(tests: unknown[]): { status: number | null; output: string } {
    const groups = alertsOf(creditScore).groups;
    return runPromtool(['test', 'rules', 'test.yaml'], {
      'rules.yaml': ruleFile(groups),
      'test.yaml': { rule_files: ['rules.yaml'], evaluation_interval: '1m', tests },
    });
  }

  test('test rules: burn-rate alerts fire when the budget burns and stay quiet when healthy', () => {
    if (skipWithoutPromtool()) return;
    const run = unitTest([
      {
        // every request fails (1000x burn): the page fires within 5 minutes, and so does the ticket
        interval: '1m',
        input_series: traffic('0+0x400', '0+100x400'),
        alert_rule_test: [
          { eval_time: '5m', alertname: 'ModelErrorBudgetBurn', exp_alerts: [page, ticket] },
        ],
      },
      {
        // 1.5 % errors, a 15x burn on a 99.9 % objective: page
        interval: '1m',
        input_series: traffic('0+985x400', '0+15x400'),
        alert_rule_test: [
          { eval_time: '5m', alertname: 'ModelErrorBudgetBurn', exp_alerts: [page, ticket] },
        ],
      },
      {
        // 0.2 % errors, a 2x burn: a ticket, never a page
        interval: '1m',
        input_series: traffic('0+998x400', '0+2x400'),
        alert_rule_test: [
          { eval_time: '10m', alertname: 'ModelErrorBudgetBurn', exp_alerts: [ticket] },
          { eval_time: '6h', alertname: 'ModelErrorBudgetBurn', exp_alerts: [ticket] },
        ],
      },
      {
        // 0.05 % errors (half the budget rate) for three days: nothing fires, ever
        interval: '1m',
        input_series: traffic('0+1999x4400', '0+1x4400'),
        alert_rule_test: ['5m', '1h', '6h', '1d', '3d'].map((t) => ({
          eval_time: t,
          alertname: 'ModelErrorBudgetBurn',
          exp_alerts: [],
        })),
      },
      {
        // a 10-minute outage after 2 healthy hours pages, and the page stops once the 5m window clears
        interval: '1m',
        input_series: traffic(
          '0+2000x120 240000+0x10 240000+2000x60',
          '0+0x120 0+2000x10 20000+0x60',
        ),
        alert_rule_test: [
          { eval_time: '119m', alertname: 'ModelErrorBudgetBurn', exp_alerts: [] },
          { eval_time: '125m', alertname: 'ModelErrorBudgetBurn', exp_alerts: [page, ticket] },
          { eval_time: '175m', alertname: 'ModelErrorBudgetBurn', exp_alerts: [ticket] },
        ],
      },
      {
        // every request slower than 250 ms: the latency page fires; none slow: quiet
        interval: '1m',
        input_series: traffic('0+100x400', '0+0x400', '0+0x400'),
        alert_rule_test: [
          {
            eval_time: '5m',
            alertname: 'ModelLatencyBudgetBurn',
            exp_alerts: [
              expected('ModelLatencyBudgetBurn', 'page'),
              expected('ModelLatencyBudgetBurn', 'ticket'),
            ],
          },
        ],
      },
      {
        interval: '1m',
        input_series: traffic('0+100x400', '0+0x400', '0+100x400'),
        alert_rule_test: [
          { eval_time: '5m', alertname: 'ModelLatencyBudgetBurn', exp_alerts: [] },
          { eval_time: '6h', alertname: 'ModelLatencyBudgetBurn', exp_alerts: [] },
        ],
      },
    ]);
    expect(run.output).toContain('SUCCESS');
    expect(run.status).toBe(0);
  });

  /** An autoscaling alert as promtool reports it, templates rendered for one version. */
  const scaling = (alert: string, version: string, value = '') => {
    const rule = rules().find(
      (r) => r.alert === alert && (r.labels?.version ?? version) === version,
    );
    const render = (t: string) =>
      t.replace('{{ $labels.version }}', version).replace('{{ $value }}', value);
    return {
      exp_labels: { ...rule?.labels, version },
      exp_annotations: Object.fromEntries(
        Object.entries(rule?.annotations ?? {}).map(([k, v]) => [k, render(v)]),
      ),
    };
  };
  const revision = (name: string, values: string, conf = 'credit-score-v2') => ({
    series: `${name}{k8s_namespace_name="models", kn_configuration_name="${conf}", kn_revision_name="${conf}-00001"}`,
    values,
  });

  test('test rules: autoscaling alerts fire after their hold time and not before, and never when healthy', () => {
    if (skipWithoutPromtool()) return;
    const run = unitTest([
      {
        // demand for 80 pods, so pinned at maxScale (50) with every pod ready, in panic, the
        // activator holding requests; the pods beyond maxScale were never requested: all ready
        interval: '1m',
        input_series: [
          revision('kn_revision_pods_desired', '80x30'),
          revision('kn_revision_pods_requested', '50x30'),
          revision('kn_revision_pods_count', '50x30'),
          revision('kn_revision_panic_mode', '1x30'),
          {
            series:
              'kn_revision_request_queued{k8s_namespace_name="models", kn_revision_name="credit-score-v2-00001"}',
            values: '5x30',
          },
        ],
        alert_rule_test: [
          { eval_time: '14m', alertname: 'KnativeVersionAtMaxScale', exp_alerts: [] },
          {
            eval_time: '15m',
            alertname: 'KnativeVersionAtMaxScale',
            exp_alerts: [scaling('KnativeVersionAtMaxScale', 'v2')],
          },
          { eval_time: '9m', alertname: 'KnativePanicModeLong', exp_alerts: [] },
          {
            eval_time: '10m',
            alertname: 'KnativePanicModeLong',
            exp_alerts: [scaling('KnativePanicModeLong', 'v2')],
          },
          { eval_time: '4m', alertname: 'KnativeActivatorQueueing', exp_alerts: [] },
          {
            eval_time: '5m',
            alertname: 'KnativeActivatorQueueing',
            exp_alerts: [scaling('KnativeActivatorQueueing', 'v2')],
          },
          { eval_time: '20m', alertname: 'KnativePodsNotReady', exp_alerts: [] },
        ],
      },
      {
        // wants 3 pods, 1 ready (ECI capacity): not ready after 10 minutes
        interval: '1m',
        input_series: [
          revision('kn_revision_pods_desired', '3x30'),
          revision('kn_revision_pods_requested', '3x30'),
          revision('kn_revision_pods_count', '1x30'),
        ],
        alert_rule_test: [
          { eval_time: '9m', alertname: 'KnativePodsNotReady', exp_alerts: [] },
          {
            eval_time: '10m',
            alertname: 'KnativePodsNotReady',
            exp_alerts: [scaling('KnativePodsNotReady', 'v2', '2')],
          },
        ],
      },
      {
        // a rollout: the new revision wants 3 pods and has 1 ready, while the old one, asked for
        // none, still has 2 ready; summed over the version they would cancel out
        interval: '1m',
        input_series: [
          revision('kn_revision_pods_requested', '0x30'),
          revision('kn_revision_pods_count', '2x30'),
          {
            series:
              'kn_revision_pods_requested{k8s_namespace_name="models", kn_configuration_name="credit-score-v2", kn_revision_name="credit-score-v2-00002"}',
            values: '3x30',
          },
          {
            series:
              'kn_revision_pods_count{k8s_namespace_name="models", kn_configuration_name="credit-score-v2", kn_revision_name="credit-score-v2-00002"}',
            values: '1x30',
          },
        ],
        alert_rule_test: [
          {
            eval_time: '10m',
            alertname: 'KnativePodsNotReady',
            exp_alerts: [scaling('KnativePodsNotReady', 'v2', '2')],
          },
        ],
      },
      {
        // healthy: 3 wanted, 3 ready, no panic, nothing queued, for an hour
        interval: '1m',
        input_series: [
          revision('kn_revision_pods_desired', '3x60'),
          revision('kn_revision_pods_requested', '3x60'),
          revision('kn_revision_pods_count', '3x60'),
          revision('kn_revision_panic_mode', '0x60'),
          {
            series:
              'kn_revision_request_queued{k8s_namespace_name="models", kn_revision_name="credit-score-v2-00001"}',
            values: '0x60',
          },
        ],
        alert_rule_test: [
          'KnativeVersionAtMaxScale',
          'KnativePanicModeLong',
          'KnativePodsNotReady',
          'KnativeActivatorQueueing',
        ].map((alertname) => ({ eval_time: '60m', alertname, exp_alerts: [] })),
      },
    ]);
    expect(run.output).toContain('SUCCESS');
    expect(run.status).toBe(0);
  });

  test('test rules: GPU pods saturated at concurrency 1', () => {
    if (skipWithoutPromtool()) return;
    const groups = diffusionAlerts().groups;
    const rule = groups.flatMap((g) => g.rules).find((r) => r.alert === 'GpuPodsSaturated');
    const fires = [
      { eval_time: '9m', alertname: 'GpuPodsSaturated', exp_alerts: [] },
      {
        eval_time: '10m',
        alertname: 'GpuPodsSaturated',
        exp_alerts: [{ exp_labels: rule?.labels, exp_annotations: rule?.annotations }],
      },
    ];
    const quiet = [{ eval_time: '30m', alertname: 'GpuPodsSaturated', exp_alerts: [] }];
    /** The version's total stable concurrency and its ready pods. */
    const series = (stable: string, ready = '1x30') => [
      revision('kn_revision_concurrency_stable', stable, 'sd-xl-v1'),
      revision('kn_revision_pods_count', ready, 'sd-xl-v1'),
    ];
    const run = runPromtool(['test', 'rules', 'test.yaml'], {
      'rules.yaml': ruleFile(groups),
      'test.yaml': {
        rule_files: ['rules.yaml'],
        evaluation_interval: '1m',
        tests: [
          // one pod, one request in flight: busy
          { interval: '1m', input_series: series('1x30'), alert_rule_test: fires },
          // one pod, busy 60 % of the time: not saturated
          { interval: '1m', input_series: series('0.6x30'), alert_rule_test: quiet },
          // four pods, one request in flight: three idle
          { interval: '1m', input_series: series('1x30', '4x30'), alert_rule_test: quiet },
          // four pods, four requests in flight: every pod busy
          { interval: '1m', input_series: series('4x30', '4x30'), alert_rule_test: fires },
          // no pod ready and a request held for it
          { interval: '1m', input_series: series('1x30', '0x30'), alert_rule_test: fires },
          // scaled to zero, nothing in flight
          { interval: '1m', input_series: series('0x30', '0x30'), alert_rule_test: quiet },
        ],
      },
    });
    expect(run.output).toContain('SUCCESS');
    expect(run.status).toBe(0);
  });

  test('test rules: the Knative 1.18 (OpenCensus) rules fire on OpenCensus series', () => {
    if (skipWithoutPromtool()) return;
    const groups = alertsOf(creditScore, '1.18-opencensus').groups;
    const rules = groups.flatMap((g) => g.rules);
    const find = (alert: string, severity: string) =>
      rules.find((r) => r.alert === alert && r.labels?.severity === severity);
    const labels =
      'namespace_name="models", configuration_name="credit-score-v2", revision_name="credit-score-v2-00001"';
    const notReady = find('KnativePodsNotReady', 'ticket');
    const run = runPromtool(['test', 'rules', 'test.yaml'], {
      'rules.yaml': ruleFile(groups),
      'test.yaml': {
        rule_files: ['rules.yaml'],
        evaluation_interval: '1m',
        tests: [
          {
            // every request fails, and the autoscaler wants 3 pods with 1 ready
            interval: '1m',
            input_series: [
              {
                series: `revision_app_request_latencies_count{${labels}, response_code_class="5xx"}`,
                values: '0+100x30',
              },
              {
                series: `revision_app_request_latencies_count{${labels}, response_code_class="2xx"}`,
                values: '0+0x30',
              },
              { series: `autoscaler_desired_pods{${labels}}`, values: '3x30' },
              { series: `autoscaler_requested_pods{${labels}}`, values: '3x30' },
              { series: `autoscaler_actual_pods{${labels}}`, values: '1x30' },
            ],
            alert_rule_test: [
              {
                eval_time: '5m',
                alertname: 'ModelErrorBudgetBurn',
                exp_alerts: ['page', 'ticket'].map((sev) => {
                  const r = find('ModelErrorBudgetBurn', sev);
                  return { exp_labels: r?.labels, exp_annotations: r?.annotations };
                }),
              },
              {
                eval_time: '10m',
                alertname: 'KnativePodsNotReady',
                exp_alerts: [
                  {
                    exp_labels: { ...notReady?.labels, version: 'v2' },
                    exp_annotations: Object.fromEntries(
                      Object.entries(notReady?.annotations ?? {}).map(([k, v]) => [
                        k,
                        v.replace('{{ $labels.version }}', 'v2').replace('{{ $value }}', '2'),
                      ]),
                    ),
                  },
                ],
              },
            ],
          },
        ],
      },
    });
    expect(run.output).toContain('SUCCESS');
    expect(run.status).toBe(0);
  });
});
