import { ApiObject, Chart } from 'cdk8s';
import { PARTIAL_OWNERSHIP_ANNOTATION } from '../knative/serving-settings';
import { Construct } from 'constructs';
import { CatalogSpec } from '../models/catalog';
import { ModelFleet } from '../models/model-fleet';
import { ModelService } from '../models/model-service';
import { Issue, aggregateIssues, joinPath, throwIfAny } from '../validation';
import { KnativeMetricSet } from './knative-metrics';
import { TeamDashboard, teamSlug } from './dashboards';
import { ModelAlerts } from './model-alerts';
import { ModelRulesInput, checkLatencyBucket, metricSet } from './model-rules';

export interface FleetObservabilityProps {
  /**
   * The Knative release whose metrics the rules and dashboards read: a key of `KNATIVE_METRICS`
   * or a set of your own.
   * @default '1.23'
   */
  readonly knativeMetrics?: string | KnativeMetricSet;
  /** Labels on every PrometheusRule, for a Prometheus Operator `ruleSelector`. @default - none */
  readonly ruleLabels?: Readonly<Record<string, string>>;
  /** The namespace the dashboards' ConfigMaps go to (the one the Grafana sidecar watches). @default - the catalog's namespace */
  readonly dashboardNamespace?: string;
}

/**
 * Models on one dashboard; a larger team gets more pages. Keeps each ConfigMap far under its 1 MiB
 * and each dashboard quick to load (6 panels a model).
 */
export const MODELS_PER_DASHBOARD = 25;

/** The team a model's dashboard row belongs to when the catalog names none. */
export const NO_TEAM = 'unowned';

/**
 * A fleet's observability: one chart of PrometheusRules (one per model) and one of Grafana dashboards
 * (one ConfigMap per team, a row per model). A latency objective that is not a bucket boundary of
 * Knative's histogram is reported at the catalog path where it was written, with every other one.
 */
export class FleetObservability extends Construct {
  /** The fleet's FleetObservability, if one was added. */
  public static of(fleet: ModelFleet): FleetObservability | undefined {
    return fleet.node.tryFindChild('observability') as FleetObservability | undefined;
  }

  public readonly rulesChart: Chart;
  /**
   * Knative's `config-observability` keys that make the release export its metrics, as a partial
   * ConfigMap (applied as a merge, like the other Knative settings). @default - none, when the
   * metric set needs no keys
   */
  public readonly knativeChart?: Chart;
  public readonly dashboardsChart: Chart;
  public readonly rules: readonly ModelAlerts[];
  public readonly dashboards: readonly TeamDashboard[];
  public readonly metrics: KnativeMetricSet;

  /** Always `FleetObservability.of(fleet)` after: its id is `observability`, under the fleet. */
  constructor(fleet: ModelFleet, props: FleetObservabilityProps = {}) {
    super(fleet, 'observability');
    this.metrics = metricSet(props);
    const namespace = fleet.catalog.namespace;
    const issues = checkCatalogLatency(fleet.catalog, this.metrics);
    throwIfAny(aggregateIssues(issues));
    const exporter = this.metrics.exporterSettings;
    if (exporter !== undefined && Object.keys(exporter).length > 0) {
      this.knativeChart = new Chart(this, 'knative', { disableResourceNameHashes: true });
      new ApiObject(this.knativeChart, 'config-observability', {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: {
          name: 'config-observability',
          namespace: fleet.settings.namespace,
          annotations: { ...PARTIAL_OWNERSHIP_ANNOTATION },
        },
        data: { ...exporter },
      });
    }
    this.rulesChart = new Chart(this, 'rules', { namespace, disableResourceNameHashes: true });
    this.rules = fleet.models.map(
      (model) =>
        new ModelAlerts(this.rulesChart, model.name, {
          model,
          knativeMetrics: this.metrics,
          labels: props.ruleLabels,
        }),
    );
    this.dashboardsChart = new Chart(this, 'dashboards', {
      namespace: props.dashboardNamespace ?? namespace,
      disableResourceNameHashes: true,
    });
    // Teams whose names slug alike (`Risk`, `risk`) share a dashboard: its name is the slug.
    const teams = new Map<string, { team: string; models: ModelRulesInput[] }>();
    for (const model of fleet.models) {
      const team = teamOf(model);
      const slug = teamSlug(team);
      const entry = teams.get(slug) ?? { team, models: [] };
      entry.models.push(rulesInput(model, namespace));
      teams.set(slug, entry);
    }
    this.dashboards = [...teams.keys()].sort().flatMap((slug) => {
      const { team, models } = teams.get(slug) ?? { team: slug, models: [] };
      const pages = Math.ceil(models.length / MODELS_PER_DASHBOARD);
      return Array.from({ length: pages }, (_, p) => {
        const index = p + 1;
        return new TeamDashboard(this.dashboardsChart, `${slug}${index === 1 ? '' : `-${index}`}`, {
          team,
          page: { index, of: pages },
          models: models.slice(p * MODELS_PER_DASHBOARD, index * MODELS_PER_DASHBOARD),
          metrics: this.metrics,
          namespace: props.dashboardNamespace ?? namespace,
        });
      });
    });
  }
}

function teamOf(model: ModelService): string {
  return model.resolvedVersions[0]?.team ?? NO_TEAM;
}

function rulesInput(model: ModelService, namespace: string): ModelRulesInput {
  return {
    name: model.name,
    namespace: model.namespace ?? namespace,
    team: model.resolvedVersions[0]?.team,
    slo: model.slo,
    alerts: model.alerts,
    versions: model.resolvedVersions,
  };
}

/**
 * Every model's latency objective against the histogram's buckets, one line per place it was
 * written however many models inherit it. Reads the catalog as written, so `validate` can report
 * these together with the fleet's own errors when the fleet cannot be built.
 */
export function checkCatalogLatency(catalog: CatalogSpec, set: KnativeMetricSet): Issue[] {
  const models = Array.isArray(catalog?.models) ? catalog.models : [];
  const issues = models.flatMap((spec, i) => {
    const found = latencyObjective(catalog, i);
    if (found === undefined) return [];
    return checkLatencyBucket({ latencyP99Ms: found.ms }, set, found.path).map((issue) => ({
      ...issue,
      affects: { versions: Array.isArray(spec?.versions) ? spec.versions.length : 0, models: 1 },
    }));
  });
  return aggregateIssues(issues);
}

/** The latency objective model `i` inherits and where it was written: the model, its profile or the defaults. */
function latencyObjective(
  catalog: CatalogSpec,
  i: number,
): { ms: number; path: string } | undefined {
  const spec = catalog.models[i];
  const own = spec?.slo?.latencyP99Ms;
  if (own !== undefined) return asObjective(own, `models[${i}].slo.latencyP99Ms`);
  const profile = spec?.profile ?? catalog.defaults?.profile;
  const fromProfile =
    profile !== undefined ? catalog.profiles?.[profile]?.slo?.latencyP99Ms : undefined;
  if (fromProfile !== undefined)
    return asObjective(
      fromProfile,
      joinPath(joinPath('profiles', profile ?? ''), 'slo.latencyP99Ms'),
    );
  const fromDefaults = catalog.defaults?.slo?.latencyP99Ms;
  return fromDefaults !== undefined
    ? asObjective(fromDefaults, 'defaults.slo.latencyP99Ms')
    : undefined;
}

/** Only a number is an objective; any other value is the schema's to report. */
function asObjective(ms: unknown, path: string): { ms: number; path: string } | undefined {
  return typeof ms === 'number' ? { ms, path } : undefined;
}

/**
 * Adds a FleetObservability to every ModelFleet of the app that has none yet (how `ServingPlatform`
 * deploys the rules and dashboards with the fleet). Returns the ones added.
 */
export function addFleetObservability(
  app: Construct,
  props: FleetObservabilityProps = {},
): FleetObservability[] {
  return app.node
    .findAll()
    .filter((c): c is ModelFleet => c instanceof ModelFleet && !FleetObservability.of(c))
    .map((fleet) => new FleetObservability(fleet, props));
}
