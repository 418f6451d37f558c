import { App } from 'cdk8s';
import { ModelFleet } from '../../lib/models/model-fleet';
import { FleetObservability } from '../../lib/observability/fleet-observability';
import { synthApp } from '../../lib/synth-app';
import { ValidationError } from '../../lib/validation';

const image = `registry.example.com/risk/credit-score@sha256:${'a'.repeat(64)}`;
const catalog = (extra: Record<string, unknown> = {}, model: Record<string, unknown> = {}) => ({
  namespace: 'models',
  ...extra,
  models: [
    {
      name: 'credit-score',
      team: 'risk',
      ...model,
      versions: [{ name: 'v1', image, traffic: 100 }],
    },
    { name: 'batch', versions: [{ name: 'v1', image, traffic: 100 }] },
  ],
});

function errorsOf(c: unknown, knativeMetrics?: string): string[] {
  const fleet = new ModelFleet(new App(), 'fleet', { catalog: c });
  try {
    new FleetObservability(fleet, { knativeMetrics });
  } catch (e) {
    if (e instanceof ValidationError) return e.message.split('\n');
    throw e;
  }
  return [];
}

describe('FleetObservability', () => {
  test("the 1.23 set turns on Knative's Prometheus exporters with a partial config-observability; 1.18 needs none", () => {
    // GIVEN a fleet whose Knative settings live in their default namespace
    const fleet = new ModelFleet(new App(), 'fleet', { catalog: catalog() });
    // WHEN
    const obs = new FleetObservability(fleet);
    // THEN exactly the two keys, marked partial so a deploy merges them into the cluster's ConfigMap
    expect(obs.knativeChart?.toJson()).toEqual([
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: {
          name: 'config-observability',
          namespace: 'knative-serving',
          annotations: { 'ack-serving.io/ownership': 'partial' },
        },
        data: { 'metrics-protocol': 'prometheus', 'request-metrics-protocol': 'prometheus' },
      },
    ]);
    const old = new ModelFleet(new App(), 'fleet', { catalog: catalog() });
    expect(
      new FleetObservability(old, { knativeMetrics: '1.18-opencensus' }).knativeChart,
    ).toBeUndefined();
  });

  test('a PrometheusRule per model and a dashboard per team, models without a team under "unowned"', () => {
    // GIVEN
    const fleet = new ModelFleet(new App(), 'fleet', {
      catalog: catalog({ defaults: { slo: { availability: 99.5 } } }),
    });
    // WHEN
    const obs = new FleetObservability(fleet, { ruleLabels: { release: 'prometheus' } });
    // THEN
    const charts = synthApp(App.of(fleet));
    const rules = charts.get(obs.rulesChart) ?? [];
    expect(rules.map((r) => `${r.kind}/${(r.metadata as { name: string }).name}`)).toEqual([
      'PrometheusRule/credit-score',
      'PrometheusRule/batch',
    ]);
    expect((rules[0].metadata as { labels: object }).labels).toEqual({
      'ack-serving.io/model': 'credit-score',
      release: 'prometheus',
    });
    const boards = charts.get(obs.dashboardsChart) ?? [];
    expect(boards.map((b) => (b.metadata as { name: string }).name)).toEqual([
      'ack-serving-dashboard-risk',
      'ack-serving-dashboard-unowned',
    ]);
    expect(FleetObservability.of(fleet)).toBe(obs);
  });

  test('fails at the catalog path where a latency objective off the histogram buckets was written', () => {
    expect(errorsOf(catalog({ defaults: { slo: { latencyP99Ms: 200 } } }))).toEqual([
      'defaults.slo.latencyP99Ms: latencyP99Ms 200 is not a bucket boundary of kn_serving_invocation_duration_seconds (Knative 1.23), so the latency SLI cannot be measured; use 100 or 250 (boundaries: 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000) (affects 2 versions of 2 models)',
    ]);
    expect(errorsOf(catalog({}, { slo: { latencyP99Ms: 120 } }))).toEqual([
      'models[0].slo.latencyP99Ms: latencyP99Ms 120 is not a bucket boundary of kn_serving_invocation_duration_seconds (Knative 1.23), so the latency SLI cannot be measured; use 100 or 250 (boundaries: 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000)',
    ]);
    expect(
      errorsOf(catalog({ defaults: { slo: { latencyP99Ms: 200 } } }), '1.18-opencensus'),
    ).toEqual([]);
  });

  test('a team of 60 models gets three dashboard pages, each ConfigMap far under 1 MiB', () => {
    const models = Array.from({ length: 60 }, (_, i) => ({
      name: `model-${i}`,
      team: 'risk',
      slo: { availability: 99.9, latencyP99Ms: 250 },
      versions: [
        { name: 'v1', image, traffic: 90 },
        { name: 'v2', image, traffic: 10 },
      ],
    }));
    const fleet = new ModelFleet(new App(), 'fleet', { catalog: { namespace: 'models', models } });
    const obs = new FleetObservability(fleet);
    const boards = synthApp(App.of(fleet)).get(obs.dashboardsChart) ?? [];
    expect(boards.map((b) => (b.metadata as { name: string }).name)).toEqual([
      'ack-serving-dashboard-risk',
      'ack-serving-dashboard-risk-2',
      'ack-serving-dashboard-risk-3',
    ]);
    const json = (b: Record<string, unknown>) => Object.values(b.data as Record<string, string>)[0];
    expect(JSON.parse(json(boards[1])).title).toEqual('Models: risk (2/3)');
    expect(JSON.parse(json(boards[1])).uid).toEqual('ack-serving-risk-2');
    for (const b of boards) expect(Buffer.byteLength(json(b))).toBeLessThan(256 * 1024);
  });

  test('teams whose names slug alike share one dashboard', () => {
    const fleet = new ModelFleet(new App(), 'fleet', {
      catalog: {
        namespace: 'models',
        models: [
          { name: 'a', team: 'Risk', versions: [{ name: 'v1', image, traffic: 100 }] },
          { name: 'b', team: 'risk', versions: [{ name: 'v1', image, traffic: 100 }] },
        ],
      },
    });
    const obs = new FleetObservability(fleet);
    expect(obs.dashboards).toHaveLength(1);
    expect(
      JSON.parse(
        Object.values(obs.dashboards[0].apiObject.toJson().data)[0] as string,
      ).panels.filter((p: { type: string }) => p.type === 'row'),
    ).toHaveLength(2);
  });
});
