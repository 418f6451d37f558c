import { App } from 'cdk8s';
import { join } from 'node:path';
import { packageRoot } from './package-root';
import { DEFAULT_INPUT_LIMITS, InputLimits } from '../input-file';
import { ModelFleet, loadCatalog } from '../models/model-fleet';
import { DASHBOARD_PREFIX } from '../observability/dashboards';
import { FleetObservability, checkCatalogLatency } from '../observability/fleet-observability';
import { KnativeMetricSet } from '../observability/knative-metrics';
import { CatalogSpec } from '../models/catalog';
import { synthApp } from '../synth-app';
import { Issue, ValidationError, formatIssue } from '../validation';
import { toYaml, table } from './output';

/** The bundled example fleet that `synth` and `validate` use without `--catalog`, inside the package. */
export const EXAMPLE_CATALOG = 'examples/credit-risk-fleet/catalog.yaml';

/** The catalog file to read: the user's, or the bundled example resolved from the package. */
export function catalogFile(catalog: string | undefined): string {
  return catalog ?? join(packageRoot(), EXAMPLE_CATALOG);
}

/** How the summary names the catalog: as the user wrote it, or the bundled example's package path. */
export function catalogLabel(catalog: string | undefined): string {
  return catalog ?? `the bundled ${EXAMPLE_CATALOG}`;
}

export interface FleetManifests {
  /** Relative file name -> YAML. */
  readonly files: Readonly<Record<string, string>>;
  /** The table of models, the totals line and every warning. */
  readonly summary: string;
  /** The totals line alone (what `--quiet` prints). */
  readonly totals: string;
  /** The fleet's warnings, one per place the value was written. */
  readonly warnings: readonly Issue[];
  readonly fleet: ModelFleet;
}

export interface SynthFleetOptions {
  /** `false` leaves out `observability/` (PrometheusRules and dashboards). @default true */
  readonly observability?: boolean;
  /** The Knative release whose metric names the rules read (a key of KNATIVE_METRICS). @default '1.23' */
  readonly knativeMetrics?: string;
}

/**
 * Builds the fleet in a fresh App. Throws ValidationError with every catalog problem; with
 * `observability`, a latency objective that is no bucket boundary of that metric set is among
 * them even when the fleet itself cannot be built (it is otherwise reported by FleetObservability).
 */
export function buildFleet(
  catalogFile: string,
  limits: InputLimits = DEFAULT_INPUT_LIMITS,
  observability?: KnativeMetricSet,
): ModelFleet {
  const catalog = loadCatalog(catalogFile, limits);
  try {
    return new ModelFleet(new App(), 'fleet', { catalog });
  } catch (e) {
    const latency =
      observability && e instanceof ValidationError && isCatalogObject(catalog)
        ? checkCatalogLatency(catalog, observability)
        : [];
    if (latency.length > 0)
      throw new ValidationError([...(e as ValidationError).issues, ...latency]);
    throw e;
  }
}

/** A catalog that has at least the shape the latency walk reads. */
function isCatalogObject(x: unknown): x is CatalogSpec {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/**
 * Synthesizes a fleet: `platform/*.yaml`, `models/<model>.yaml`, `observability/rules/<model>.yaml`
 * (a PrometheusRule each), `observability/dashboards/<team>.yaml` (a Grafana dashboard ConfigMap
 * each) and a `kustomization.yaml` that lists them in apply order. Same catalog, same bytes.
 */
export function synthFleet(fleet: ModelFleet, options: SynthFleetOptions = {}): FleetManifests {
  const files: Record<string, string> = {};
  const observability =
    options.observability === false
      ? undefined
      : (FleetObservability.of(fleet) ??
        new FleetObservability(fleet, { knativeMetrics: options.knativeMetrics }));
  const charts = synthApp(App.of(fleet));
  const platformObjects = charts.get(fleet.platform) ?? [];
  const byKind = (kinds: string[]) =>
    platformObjects.filter((o) => kinds.includes(o.kind as string));
  files['platform/namespace.yaml'] = toYaml(byKind(['Namespace']));
  const settings = platformObjects.filter((o) => o.kind !== 'Namespace');
  if (settings.length > 0) files['platform/knative-settings.yaml'] = toYaml(settings);
  const rows: (string | number)[][] = [];
  fleet.models.forEach((model, i) => {
    const objects = charts.get(fleet.modelCharts[i]) ?? [];
    files[`models/${model.name}.yaml`] = toYaml(objects);
    rows.push([
      model.name,
      model.versions.length,
      model.latest,
      objects.length,
      model.retired.join(',') || '-',
      model.visibility,
    ]);
  });
  // Every hardened security field a version relaxes, with its reason, one line per version.
  const relaxed = fleet.models.flatMap((m) =>
    m.relaxed.map(
      (r) => `relaxed: ${m.name}/${r.version}: ${r.fields.join(', ')} (${r.reason ?? 'no reason'})`,
    ),
  );
  if (fleet.eventingChart) {
    const events = charts.get(fleet.eventingChart) ?? [];
    files['eventing/events.yaml'] = toYaml(events);
    rows.push(['(eventing)', 0, '-', events.length, '-', '-']);
  }
  const knative = observability?.knativeChart ? (charts.get(observability.knativeChart) ?? []) : [];
  if (knative.length > 0)
    files['observability/knative/config-observability.yaml'] = toYaml(knative);
  const rules = observability ? (charts.get(observability.rulesChart) ?? []) : [];
  for (const rule of rules)
    files[`observability/rules/${(rule.metadata as { name: string }).name}.yaml`] = toYaml([rule]);
  for (const board of observability ? (charts.get(observability.dashboardsChart) ?? []) : []) {
    const name = (board.metadata as { name: string }).name.slice(DASHBOARD_PREFIX.length);
    files[`observability/dashboards/${name}.yaml`] = toYaml([board]);
  }
  const resources = Object.keys(files).sort((a, b) => order(a) - order(b) || a.localeCompare(b));
  files['kustomization.yaml'] = toYaml([
    { apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources },
  ]);
  const objects = rows.reduce((n, r) => n + (r[3] as number), 0) + platformObjects.length;
  const withSlo = fleet.models.filter((m) => m.slo !== undefined).length;
  const observed = observability
    ? `observability: ${rules.length} PrometheusRules (${withSlo} with an SLO, Knative ${observability.metrics.version} metrics), ${observability.dashboards.length} Grafana dashboards`
    : 'observability: left out';
  const versions = rows.reduce((n, r) => n + (r[1] as number), 0);
  const warnings = fleet.warnings;
  const totals = `${fleet.models.length} models, ${versions} versions, ${objects} objects, ${fleet.retired.length} retired versions, ${warnings.length} warnings`;
  const summary = [
    table(['model', 'versions', 'latest', 'objects', 'retired', 'visibility'], rows),
    '',
    totals,
    observed,
    ...relaxed,
    ...warnings.map((w) => `warning: ${formatIssue(w)}`),
  ].join('\n');
  return { files, summary, totals, warnings, fleet };
}

function order(file: string): number {
  return file.startsWith('platform/namespace')
    ? 0
    : file.startsWith('platform/')
      ? 1
      : file.startsWith('models/')
        ? 2
        : 3;
}
