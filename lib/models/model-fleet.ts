import { Chart } from 'cdk8s';
import { Namespace } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { DEFAULT_INPUT_LIMITS, InputLimits, loadYamlFile } from '../input-file';
import { AckSettings, ackExtensionClasses, ackSettings } from '../ack/ack-settings';
import { EventingSettings } from '../knative/eventing/eventing-settings';
import { ServingSettings, ServingSettingsProps } from '../knative/serving-settings';
import {
  Fields,
  Issue,
  ValidationError,
  aggregateIssues,
  joinPath,
  markReportsWarnings,
  show,
  throwIfAny,
} from '../validation';
import { CatalogSpec, ModelSpec, VersionSpec, WorkloadSpec } from './catalog';
import { checkCatalogShape } from './catalog-schema';
import { FleetEventing, addFleetEventing } from './fleet-eventing';
import { LEVEL_RANK, SettingsLevel, SettingsOrigins, mergeWorkload } from './merge';
import { ModelService, ModelVersionProps } from './model-service';
import { addSharedServiceAccounts } from './shared-service-accounts';
import { BUILTIN_PROFILES } from './profiles';

export interface ModelFleetProps {
  /** The catalog, as parsed data (checked against the catalog schema) or typed. */
  readonly catalog: CatalogSpec | unknown;
  /** ACK names that are settings, not assumptions. @default DEFAULT_ACK_SETTINGS */
  readonly ackSettings?: Partial<AckSettings>;
  /**
   * Knative cluster settings to manage besides the feature flags the fleet needs (those are derived).
   * @default - only the derived feature flags (and ACK's autoscaler classes under the ack distribution)
   */
  readonly servingSettings?: Omit<ServingSettingsProps, 'enableFeaturesInUse' | 'extensionClasses'>;
  /**
   * The Knative distribution of the target cluster, when the environment (not the catalog) decides.
   * @default - the catalog's `distribution`, else 'ack'
   */
  readonly distribution?: 'ack' | 'upstream';
}

/** A version the catalog says must no longer exist. */
export interface RetiredVersion {
  readonly model: string;
  readonly version: string;
}

/**
 * A fleet of models from a catalog: a platform chart (namespace and the Knative settings the fleet
 * needs, feature flags derived from use) and one chart per model. Every error in the catalog is
 * reported in one ValidationError, each with its catalog path.
 */
export class ModelFleet extends Construct {
  /** Reads a catalog file (YAML or JSON). Parse errors name the file and line. */
  public static fromFile(
    scope: Construct,
    id: string,
    file: string,
    props: Omit<ModelFleetProps, 'catalog'> = {},
  ): ModelFleet {
    return new ModelFleet(scope, id, { ...props, catalog: loadCatalog(file) });
  }

  public readonly catalog: CatalogSpec;
  public readonly platform: Chart;
  public readonly settings: ServingSettings;
  public readonly models: readonly ModelService[];
  /** One chart per model, in catalog order. */
  public readonly modelCharts: readonly Chart[];
  public readonly retired: readonly RetiredVersion[];
  /** The brokers, triggers and schedules of the catalog's `eventing` section, if any. */
  public readonly eventing?: FleetEventing;
  /** The chart that holds them. */
  public readonly eventingChart?: Chart;
  /**
   * Settings that have no effect where they were written: each once, at the catalog path where it
   * was written (`defaults.autoscaling.utilization`), with `affects` counting the versions and
   * models it reaches. Print them with `formatIssue`.
   */
  public readonly warnings: readonly Issue[];

  constructor(scope: Construct, id: string, props: ModelFleetProps) {
    super(scope, id);
    throwIfAny(checkCatalogShape(props.catalog));
    const catalog = props.catalog as CatalogSpec;
    this.catalog = catalog;
    const settings = ackSettings(props.ackSettings);
    const distribution = props.distribution ?? catalog.distribution ?? 'ack';
    const profiles = { ...BUILTIN_PROFILES, ...catalog.profiles };

    this.platform = new Chart(this, 'platform', { disableResourceNameHashes: true });
    const namespace = new Namespace(this.platform, 'namespace', {
      metadata: { name: catalog.namespace },
    });
    this.settings = new ServingSettings(this.platform, 'serving-settings', {
      ...props.servingSettings,
      ...(catalog.domain
        ? { domain: { ...props.servingSettings?.domain, defaultDomain: catalog.domain } }
        : {}),
      enableFeaturesInUse: true,
      extensionClasses: distribution === 'ack' ? ackExtensionClasses(settings) : [],
    });

    const issues: Issue[] = [];
    const names = new Map<string, number>();
    catalog.models.forEach((m, i) => {
      if (names.has(m.name)) {
        issues.push({
          path: joinPath(joinPath('models', i), 'name'),
          message: `model ${show(m.name)} is already declared at models[${names.get(m.name)}]; model names must be unique in a namespace`,
        });
      } else {
        names.set(m.name, i);
      }
    });
    const models: ModelService[] = [];
    const charts: Chart[] = [];
    catalog.models.forEach((model, i) => {
      const path = joinPath('models', i);
      if (names.get(model.name) !== i) return;
      const resolved = resolveModel(catalog, model, profiles, path, issues);
      if (!resolved) return;
      const { versions, origins } = resolved;
      const chart = new Chart(this, `model-${model.name}`, {
        namespace: catalog.namespace,
        disableResourceNameHashes: true,
      });
      try {
        models.push(
          new ModelService(chart, model.name, {
            name: model.name,
            namespace: catalog.namespace,
            team: model.team,
            latest: model.latest,
            retired: model.retired,
            visibility: model.visibility ?? catalog.defaults?.visibility ?? 'cluster-local',
            ...(model.identity || catalog.defaults?.identity
              ? { identity: { ...catalog.defaults?.identity, ...model.identity } }
              : {}),
            versions,
            distribution,
            ackSettings: settings,
            inputPath: path,
            _origins: origins,
          }),
        );
        charts.push(chart);
      } catch (e) {
        if (!(e instanceof ValidationError)) throw e;
        issues.push(...e.issues);
      }
    });
    if (issues.length === 0) addSharedServiceAccounts(this.platform, namespace, models, issues);
    if (catalog.eventing && issues.length === 0) {
      new EventingSettings(this.platform, 'eventing-settings', {});
      this.eventingChart = new Chart(this, 'eventing', {
        namespace: catalog.namespace,
        disableResourceNameHashes: true,
      });
      this.eventing = addFleetEventing(
        this.eventingChart,
        catalog.eventing,
        catalog.namespace,
        models,
        issues,
      );
    }
    // One line per place a mistake was written, however many versions inherit it.
    throwIfAny(aggregateIssues(issues));
    this.models = models;
    this.warnings = aggregateIssues(models.flatMap((m) => m.warnings));
    markReportsWarnings(this);
    this.modelCharts = charts;
    this.retired = catalog.models.flatMap((m) =>
      (m.retired ?? []).map((version) => ({ model: m.name, version })),
    );
  }

  /** The model named `name`. */
  public model(name: string): ModelService | undefined {
    return this.models.find((m) => m.name === name);
  }
}

/**
 * Merges defaults -> profile -> model -> version for each version, and keeps the levels each was
 * merged from, so every rule can name where a value was written. Unknown profiles are issues.
 */
function resolveModel(
  catalog: CatalogSpec,
  model: ModelSpec,
  profiles: Readonly<Record<string, WorkloadSpec>>,
  path: string,
  issues: Issue[],
): { versions: ModelVersionProps[]; origins: Fields[] } | undefined {
  const found: Issue[] = [];
  const origins: Fields[] = [];
  const {
    name: _m,
    team: _t,
    latest: _l,
    versions: _v,
    retired: _r,
    visibility: _vis,
    identity: _id,
    ...modelLevel
  } = model;
  // Visibility and identity belong to the model (its route, its service account), not to its versions.
  const { visibility: _dv, identity: _di, ...defaults } = catalog.defaults ?? {};
  // The levels above the versions are shared by all of them.
  const defaultsLevel: SettingsLevel | undefined = catalog.defaults
    ? { spec: catalog.defaults, path: 'defaults', rank: LEVEL_RANK.defaults }
    : undefined;
  const profileLevels = new Map<string, SettingsLevel>();
  const modelLevelOrigin: SettingsLevel = { spec: model, path, rank: LEVEL_RANK.model };
  const versions = model.versions.map((v: VersionSpec, j) => {
    const versionPath = joinPath(joinPath(path, 'versions'), j);
    const profileName = v.profile ?? model.profile ?? catalog.defaults?.profile;
    const profilePath =
      v.profile !== undefined
        ? joinPath(versionPath, 'profile')
        : model.profile !== undefined
          ? joinPath(path, 'profile')
          : 'defaults.profile';
    const profile = profileName === undefined ? undefined : profiles[profileName];
    if (profileName !== undefined && !profile) {
      found.push({
        path: profilePath,
        message: `profile ${show(profileName)} is not defined; known profiles: ${Object.keys(profiles).sort().join(', ')}`,
        affects: { versions: 1, models: 1 },
      });
    }
    const { name, image, traffic, warm, ...versionLevel } = v;
    const merged = mergeWorkload(defaults, profile, modelLevel, versionLevel);
    const { profile: _p, ...workload } = merged;
    const levels: SettingsLevel[] = [];
    if (defaultsLevel) levels.push(defaultsLevel);
    if (profile && profileName !== undefined) {
      let level = profileLevels.get(profileName);
      if (!level) {
        level = {
          spec: profile,
          path: joinPath('profiles', profileName),
          rank: LEVEL_RANK.profile,
        };
        profileLevels.set(profileName, level);
      }
      levels.push(level);
    }
    levels.push(modelLevelOrigin, { spec: v, path: versionPath, rank: LEVEL_RANK.version });
    origins.push(new SettingsOrigins(levels));
    return { ...workload, name, image, traffic, warm } as ModelVersionProps;
  });
  issues.push(...aggregateIssues(found, true));
  return found.length === 0 ? { versions, origins } : undefined;
}

/**
 * Reads a catalog file; YAML and JSON are both accepted (JSON is YAML). Input limits (size, aliases,
 * nesting, models, versions) turn a mistaken or hostile file into one clear issue.
 */
export function loadCatalog(file: string, limits: InputLimits = DEFAULT_INPUT_LIMITS): unknown {
  const catalog = loadYamlFile(file, 'catalog', limits);
  const models = (catalog as { models?: unknown } | null)?.models;
  if (!Array.isArray(models)) return catalog;
  const issues: Issue[] = [];
  if (models.length > limits.models) {
    issues.push({
      path: 'models',
      message: `${models.length.toLocaleString('en-US')} models, over the limit of ${limits.models.toLocaleString('en-US')}; split the catalog, or raise the limit with --limit models=${models.length}`,
    });
  }
  models.forEach((m, i) => {
    const versions = (m as { versions?: unknown } | null)?.versions;
    if (Array.isArray(versions) && versions.length > limits.versions) {
      issues.push({
        path: `models[${i}].versions`,
        message: `${versions.length} versions, over the limit of ${limits.versions}; retire some, or raise the limit with --limit versions=${versions.length}`,
      });
    }
  });
  if (issues.length > 0) throw new ValidationError(issues);
  return catalog;
}
