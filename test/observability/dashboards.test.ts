import { App, Testing } from 'cdk8s';
import { ModelFleet } from '../../lib/models/model-fleet';
import { SLI_WINDOWS, quantileRecord, sliRecord } from '../../lib/observability/burn-rate';
import { BUDGET_REMAINING_RECORD, VERSION_RATE_RECORD } from '../../lib/observability/burn-rate';
import { PanelSpec, modelPanels } from '../../lib/observability/dashboard-panels';
import { TeamDashboard, dashboardUid, teamDashboard } from '../../lib/observability/dashboards';
import { KNATIVE_METRICS, seriesNames } from '../../lib/observability/knative-metrics';
import { ModelRulesInput } from '../../lib/observability/model-rules';
import { runPromtool, skipWithoutPromtool } from './promtool';

const image = `registry.example.com/risk/credit-score@sha256:${'a'.repeat(64)}`;
const catalog = {
  namespace: 'models',
  defaults: { slo: { availability: 99.9, latencyP99Ms: 250 } },
  models: [
    {
      name: 'credit-score',
      team: 'risk',
      autoscaling: { minScale: 1, maxScale: 50 },
      versions: [
        { name: 'v2', image, traffic: 90 },
        { name: 'v3', image, traffic: 10 },
      ],
    },
    {
      name: 'fraud-detect',
      team: 'risk',
      versions: [{ name: 'v1', image, traffic: 100 }],
    },
  ],
};

function inputs(): ModelRulesInput[] {
  const fleet = new ModelFleet(new App(), 'fleet', { catalog });
  return fleet.models.map((m) => ({
    name: m.name,
    namespace: 'models',
    team: m.resolvedVersions[0].team,
    slo: m.slo,
    alerts: m.alerts,
    versions: m.resolvedVersions,
  }));
}

/** The metric names a PromQL expression reads: identifiers before a selector's `{`, strings removed. */
function metricsIn(expr: string): string[] {
  const bare = expr.replace(/"(?:[^"\\]|\\.)*"/g, '""');
  return [...bare.matchAll(/([a-zA-Z_:][a-zA-Z0-9_:]*)\s*\{/g)].map((m) => m[1]);
}

/** Our own recording rules: what the dashboards may read besides Knative's series. */
const RECORDED = new Set([
  VERSION_RATE_RECORD,
  quantileRecord(50),
  quantileRecord(99),
  BUDGET_REMAINING_RECORD,
  ...SLI_WINDOWS.flatMap((w) => [sliRecord('errors', w), sliRecord('slow', w)]),
  sliRecord('errors', '5m', 'model_version'),
  sliRecord('slow', '5m', 'model_version'),
]);

describe('dashboards', () => {
  test('one ConfigMap per team with the Grafana sidecar label and a deterministic uid', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN
    new TeamDashboard(chart, 'risk', {
      team: 'risk',
      models: inputs(),
      metrics: KNATIVE_METRICS['1.23'],
      namespace: 'monitoring',
    });
    // THEN
    const [cm] = Testing.synth(chart);
    expect(cm.kind).toEqual('ConfigMap');
    expect(cm.metadata).toEqual({
      name: 'ack-serving-dashboard-risk',
      namespace: 'monitoring',
      labels: { grafana_dashboard: '1', 'ack-serving.io/team': 'risk' },
    });
    const board = JSON.parse(cm.data['risk.json']);
    expect(board.uid).toEqual('ack-serving-risk');
    expect(
      board.panels
        .filter((p: { type: string }) => p.type === 'row')
        .map((p: { title: string }) => p.title),
    ).toEqual(['credit-score (models)', 'fraud-detect (models)']);
    expect(cm).toMatchSnapshot();
  });

  test('same input, same bytes', () => {
    const a = JSON.stringify(teamDashboard('risk', inputs(), KNATIVE_METRICS['1.23']));
    const b = JSON.stringify(teamDashboard('risk', inputs(), KNATIVE_METRICS['1.23']));
    expect(a).toEqual(b);
  });

  test('a team name that is no object name is slugged for the ConfigMap, file and uid', () => {
    const chart = Testing.chart();
    new TeamDashboard(chart, 'd', {
      team: 'Risk_Models.EU',
      models: inputs(),
      metrics: KNATIVE_METRICS['1.23'],
      namespace: 'models',
    });
    const [cm] = Testing.synth(chart);
    expect(cm.metadata.name).toEqual('ack-serving-dashboard-risk-models-eu');
    expect(Object.keys(cm.data)).toEqual(['risk-models-eu.json']);
    expect(cm.metadata.labels['ack-serving.io/team']).toEqual('Risk_Models.EU');
    expect(JSON.parse(cm.data['risk-models-eu.json']).uid).toEqual('ack-serving-risk-models-eu');
  });

  test('uids fit Grafana’s 40 characters and stay distinct', () => {
    expect(dashboardUid('risk')).toEqual('ack-serving-risk');
    const long = dashboardUid('a-very-long-team-name-for-the-credit-risk-department');
    expect(long).toHaveLength(40);
    expect(long).not.toEqual(
      dashboardUid('a-very-long-team-name-for-the-credit-risk-department-2'),
    );
  });

  test('a row per model: rate, errors, latency, pods against scale bounds, cold starts, budget', () => {
    const [credit, fraud] = inputs();
    const titles = (p: PanelSpec[]) => p.map((x) => x.title);
    expect(titles(modelPanels(credit, KNATIVE_METRICS['1.23']))).toEqual([
      'Requests per second by tag',
      'Error ratio (5xx) by tag',
      'Latency p50 and p99 by tag',
      'Pods: wanted, ready and pending against min and max scale',
      'Cold starts: requests held by the activator',
      'Error budget left over 28d',
    ]);
    const pods = modelPanels(credit, KNATIVE_METRICS['1.23'])[3];
    expect(pods.queries.map((q) => q.legend)).toEqual([
      'wanted {{version}}',
      'ready {{version}}',
      'pending {{version}}',
      'minScale v2',
      'maxScale v2',
      'minScale v3',
      'maxScale v3',
    ]);
    expect(modelPanels(fraud, KNATIVE_METRICS['1.23'])[1].threshold).toBeCloseTo(0.001);
  });

  test.each(Object.keys(KNATIVE_METRICS))(
    'every query reads only the metric set of Knative %s and our recording rules',
    (release) => {
      const set = KNATIVE_METRICS[release];
      const known = new Set([...seriesNames(set), ...RECORDED]);
      const read = inputs().flatMap((m) =>
        modelPanels(m, set).flatMap((p) => p.queries.flatMap((q) => metricsIn(q.expr))),
      );
      expect(read.length).toBeGreaterThan(10);
      expect(read.filter((name) => !known.has(name))).toEqual([]);
    },
  );

  test('every dashboard query parses (promtool checks them as recording rules)', () => {
    if (skipWithoutPromtool()) return;
    const queries = Object.values(KNATIVE_METRICS).flatMap((set) =>
      inputs().flatMap((m) => modelPanels(m, set).flatMap((p) => p.queries.map((q) => q.expr))),
    );
    const run = runPromtool(['check', 'rules', 'queries.yaml'], {
      'queries.yaml': {
        groups: [
          {
            name: 'dashboard-queries',
            rules: queries.map((expr, i) => ({ record: `dashboard_query_${i}`, expr })),
          },
        ],
      },
    });
    expect(run.output).toContain(`SUCCESS: ${queries.length} rules found`);
    expect(run.status).toBe(0);
  });
});
