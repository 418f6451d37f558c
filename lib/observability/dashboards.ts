// Subpath exports: tsconfig `paths` maps them for the `node` module resolution this project uses.
import * as common from '@grafana/grafana-foundation-sdk/common';
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import * as prometheus from '@grafana/grafana-foundation-sdk/prometheus';
import * as stat from '@grafana/grafana-foundation-sdk/stat';
import * as timeseries from '@grafana/grafana-foundation-sdk/timeseries';
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { createHash } from 'node:crypto';
import { KnativeMetricSet } from './knative-metrics';
import { ModelRulesInput } from './model-rules';
import { PanelSpec, modelPanels } from './dashboard-panels';

/** Dashboard ConfigMaps are named `<prefix><team>` (`-<page>` from the second page on). */
export const DASHBOARD_PREFIX = 'ack-serving-dashboard-';

/** The label the Grafana sidecar (kiwigrid k8s-sidecar, as in the grafana Helm chart) looks for. */
export const GRAFANA_DASHBOARD_LABEL = { grafana_dashboard: '1' } as const;

const DATASOURCE = { type: 'prometheus', uid: '${datasource}' };
const PANEL_WIDTH = 8;
const PANEL_HEIGHT = 8;

/**
 * A team name as it appears in object and file names: lowercase, anything outside `[a-z0-9-]` as
 * `-` (a team is a label value, which may hold `_`, `.` and capitals; an object name may not).
 */
export function teamSlug(team: string): string {
  return (
    team
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'team'
  );
}

/**
 * A deterministic dashboard uid from a name: the name itself when it fits Grafana's 40 characters,
 * else its start and a hash of the whole.
 */
export function dashboardUid(name: string): string {
  const uid = `ack-serving-${name}`;
  if (uid.length <= 40) return uid;
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 8);
  return `${uid.slice(0, 31)}-${hash}`;
}

/** A Grafana dashboard model (JSON); the builders are an implementation detail. */
export type GrafanaDashboard = Record<string, unknown>;

/** One team's dashboard: a row per model, its panels in a grid three wide. */
export function teamDashboard(
  team: string,
  models: readonly ModelRulesInput[],
  set: KnativeMetricSet,
): GrafanaDashboard {
  const builder = new dashboard.DashboardBuilder(`Models: ${team}`)
    .uid(dashboardUid(teamSlug(team)))
    .tags(['ack-serving', 'knative', `team:${team}`])
    .editable()
    .refresh('1m')
    .time({ from: 'now-6h', to: 'now' })
    .timezone('browser')
    .withVariable(
      new dashboard.DatasourceVariableBuilder('datasource').label('Prometheus').type('prometheus'),
    );
  let id = 1;
  let y = 0;
  for (const model of models) {
    builder.withRow(
      new dashboard.RowBuilder(`${model.name} (${model.namespace})`)
        .id(id++)
        .gridPos({ x: 0, y: y++, w: 24, h: 1 }),
    );
    modelPanels(model, set).forEach((spec, i) => {
      const gridPos = {
        x: (i % 3) * PANEL_WIDTH,
        y: y + Math.floor(i / 3) * PANEL_HEIGHT,
        w: PANEL_WIDTH,
        h: PANEL_HEIGHT,
      };
      builder.withPanel(panel(spec, id++, gridPos));
    });
    y += Math.ceil(modelPanels(model, set).length / 3) * PANEL_HEIGHT;
  }
  return JSON.parse(JSON.stringify(builder.build())) as GrafanaDashboard;
}

function panel(
  spec: PanelSpec,
  id: number,
  gridPos: dashboard.GridPos,
): timeseries.PanelBuilder | stat.PanelBuilder {
  const targets = spec.queries.map((q, i) =>
    new prometheus.DataqueryBuilder()
      .expr(q.expr)
      .legendFormat(q.legend)
      .refId(String.fromCharCode(65 + i))
      .datasource(DATASOURCE),
  );
  const thresholds =
    spec.threshold === undefined
      ? undefined
      : new dashboard.ThresholdsConfigBuilder().mode(dashboard.ThresholdsMode.Absolute).steps([
          { value: null as unknown as number, color: 'green' },
          { value: spec.threshold, color: 'red' },
        ]);
  if (spec.kind === 'stat') {
    return new stat.PanelBuilder()
      .id(id)
      .title(spec.title)
      .unit(spec.unit)
      .gridPos(gridPos)
      .datasource(DATASOURCE)
      .targets(targets);
  }
  const p = new timeseries.PanelBuilder()
    .id(id)
    .title(spec.title)
    .unit(spec.unit)
    .gridPos(gridPos)
    .datasource(DATASOURCE)
    .targets(targets)
    .legend(
      new common.VizLegendOptionsBuilder()
        .showLegend(true)
        .displayMode(common.LegendDisplayMode.List)
        .placement(common.LegendPlacement.Bottom),
    );
  if (thresholds)
    p.thresholds(thresholds).thresholdsStyle(
      new common.GraphThresholdsStyleConfigBuilder().mode(common.GraphThresholdsStyleMode.Line),
    );
  return p;
}

export interface TeamDashboardProps {
  readonly team: string;
  /**
   * Which page of the team's models this is, when they are split over several dashboards
   * (`FleetObservability` puts `MODELS_PER_DASHBOARD` on each). Page 2 and later add `-<page>` to the
   * name, the uid and the file.
   * @default - the only page
   */
  readonly page?: { readonly index: number; readonly of: number };
  readonly models: readonly ModelRulesInput[];
  readonly metrics: KnativeMetricSet;
  /** Where the ConfigMap goes (the namespace the Grafana sidecar watches). */
  readonly namespace: string;
}

/**
 * A team's Grafana dashboard as a ConfigMap the Grafana sidecar loads: labelled
 * `grafana_dashboard: "1"`, the dashboard JSON (compact) under `<team>.json`, named
 * `ack-serving-dashboard-<team>`.
 */
export class TeamDashboard extends Construct {
  public readonly apiObject: ApiObject;
  public readonly dashboard: GrafanaDashboard;

  constructor(scope: Construct, id: string, props: TeamDashboardProps) {
    super(scope, id);
    const page = props.page && props.page.index > 1 ? `-${props.page.index}` : '';
    const name = `${teamSlug(props.team)}${page}`;
    this.dashboard = teamDashboard(props.team, props.models, props.metrics);
    this.dashboard.uid = dashboardUid(name);
    if (props.page && props.page.of > 1)
      this.dashboard.title = `Models: ${props.team} (${props.page.index}/${props.page.of})`;
    this.apiObject = new ApiObject(this, 'Resource', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: `${DASHBOARD_PREFIX}${name}`,
        namespace: props.namespace,
        labels: { ...GRAFANA_DASHBOARD_LABEL, 'ack-serving.io/team': props.team },
      },
      // compact: a ConfigMap holds at most 1 MiB
      data: { [`${name}.json`]: JSON.stringify(this.dashboard) },
    });
    this.node.defaultChild = this.apiObject;
  }
}
