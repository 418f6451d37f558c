import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { AckSettings, ackExtensionClasses, ackSettings } from '../ack/ack-settings';
import { AhpaTemplate } from '../ack/ahpa-template';
import { Placement } from '../ack/placement';
import { ResourcePolicy } from '../ack/resource-policy';
import {
  ClusterConfig,
  FeatureRequirement,
  IRequiresFeatures,
  clusterConfig,
} from '../knative/cluster-config';
import { KnativeConfiguration } from '../knative/knative-configuration';
import { KnativeRoute } from '../knative/knative-route';
import { IAddressable, KReference } from '../knative/reference';
import { ServingSettings, clusterConfigFor } from '../knative/serving-settings';
import { TrafficTargetProps, checkRouteHost, checkTraffic } from '../knative/traffic';
import { CLUSTER_LOCAL, VISIBILITY_LABEL, Visibility, routeHost } from '../knative/hostnames';
import {
  Fields,
  Issue,
  OssGrant,
  ValidationError,
  aggregateIssues,
  checkDns1035Label,
  checkOssGrant,
  checkDns1123Label,
  checkNumber,
  joinPath,
  markReportsWarnings,
  nestedFields,
  pathSegments,
  show,
  throwIfAny,
} from '../validation';
import { AlertsSpec, PlacementSpec, SloSpec, WorkloadSpec } from './catalog';
import { IdentitySpec, ResolvedIdentity, checkIdentity, resolveIdentity } from './identity';
import { LEVEL_RANK, SettingsOrigins, mergeWorkload } from './merge';
import { ModelServiceAccount } from './model-service-account';
import { checkAlerts, checkSlo } from './slo';
import {
  MODEL_LABEL,
  MergedVersion,
  TEAM_LABEL,
  VersionBuild,
  buildVersion,
  checkVersion,
  relaxedFields,
} from './version-template';

/** Settings a model gives all its versions; a version's own settings win. */
export interface ModelServiceOptions extends Omit<WorkloadSpec, 'placement' | 'profile'> {
  /**
   * Where the replicas run.
   * @default 'ecs-then-eci'
   */
  readonly placement?: PlacementSpec | Placement;
}

/** A version's settings; the objective and alert routing belong to the model. */
export interface ModelVersionProps extends Omit<ModelServiceOptions, 'slo' | 'alerts'> {
  /** Version name: the route tag and the Configuration suffix (`<model>-<version>`). */
  readonly name: string;
  readonly image: string;
  /** Percent of the model's traffic; versions sum to 100. @default 0 */
  readonly traffic?: number;
  /** Keep minScale pods at 0 % traffic (a warm standby). @default false */
  readonly warm?: boolean;
}

export interface ModelServiceProps extends ModelServiceOptions {
  /** Model name. It names the Route and prefixes each Configuration (`<model>-<version>`). */
  readonly name: string;
  /** @default - the chart's namespace */
  readonly namespace?: string;
  /** Owning team, as a pod label. @default - none */
  readonly team?: string;
  /** Live versions. Their `traffic` must sum to 100. */
  readonly versions: readonly ModelVersionProps[];
  /** The version the `latest` tag points at. @default - the version with the most traffic */
  readonly latest?: string;
  /** Versions that must no longer exist; listed for the record, rendered as nothing. @default - none */
  readonly retired?: readonly string[];
  /**
   * Who can reach the model. `cluster-local` labels the Route
   * `networking.knative.dev/visibility: cluster-local`, so only the cluster-local gateway serves it,
   * at `<name>.<namespace>.svc.cluster.local`; `external` also exposes it on the external gateway.
   * @default 'cluster-local'
   */
  readonly visibility?: Visibility;
  /**
   * The pods' service account and, on ACK, the RAM role it assumes (RRSA) with its OSS access.
   * A per-model service account is created with the model; a shared one (per-team or named) is
   * created once elsewhere (`ModelFleet` does it, or a `ModelServiceAccount` of your own).
   * @default - none: the namespace's default service account, no RAM role
   */
  readonly identity?: IdentitySpec;
  /** `ack` accepts ACK's autoscaler classes (mpa, ahpa). @default 'ack' */
  readonly distribution?: 'ack' | 'upstream';
  /** ACK names that are settings, not assumptions. @default DEFAULT_ACK_SETTINGS */
  readonly ackSettings?: Partial<AckSettings>;
  /** What the cluster accepts. @default - the app's ServingSettings, else Knative's defaults (plus ACK classes) */
  readonly cluster?: ClusterConfig;
  /** Where errors point, e.g. `models[3]` for a model from a catalog. @default - the construct path */
  readonly inputPath?: string;
  /**
   * Where each version's settings were written, one per version, when they were merged before
   * (a catalog's defaults, profile and model levels).
   * @default - the model's and the version's own props, under `inputPath`
   * @internal
   */
  readonly _origins?: readonly Fields[];
}

/** The tag every model's current production version carries. */
export const LATEST_TAG = 'latest';

/**
 * One model: a Knative Configuration per live version, named `<model>-<version>`, and one Route named
 * after the model with a tag per version and `latest` on the chosen one. Versions at 0 % keep their
 * tag URL and scale to zero. Declared this way, every version exists on an empty cluster too.
 */
export class ModelService extends Construct implements IAddressable, IRequiresFeatures {
  public readonly name: string;
  public readonly namespace?: string;
  /** The version the `latest` tag points at. */
  public readonly latest: string;
  public readonly addressRef: KReference;
  public readonly route: KnativeRoute;
  public readonly configurations: readonly KnativeConfiguration[];
  public readonly retired: readonly string[];
  /** Who can reach the model. */
  public readonly visibility: Visibility;
  /** Each version with every level merged, in the order given. */
  public readonly resolvedVersions: readonly MergedVersion[];
  /** The model's objective, every level merged. @default - none */
  public readonly slo?: SloSpec;
  /** Where the model's alerts go, every level merged. @default - its team */
  public readonly alerts?: AlertsSpec;
  /**
   * Settings that have no effect where they were written, each once, at the path where it was
   * written, with how many versions it reaches (`affects`); see `formatIssue`.
   */
  public readonly warnings: readonly Issue[];
  /** The service account and RAM role, when the model has an identity. */
  public readonly identity?: ResolvedIdentity;
  /** The per-model service account this model created, if any. */
  public readonly serviceAccount?: ModelServiceAccount;
  private readonly builds: readonly VersionBuild[];
  private readonly clusterConfig: ClusterConfig;

  constructor(scope: Construct, id: string, props: ModelServiceProps) {
    super(scope, id);
    this.name = props.name;
    this.namespace = props.namespace ?? Chart.of(this).namespace;
    this.retired = [...(props.retired ?? [])];
    this.visibility = props.visibility ?? 'cluster-local';
    const settings = ackSettings(props.ackSettings);
    const distribution = props.distribution ?? 'ack';
    const hasSettings = ServingSettings.of(this) !== undefined;
    this.clusterConfig =
      props.cluster ??
      withDistribution(clusterConfigFor(this), distribution, settings, hasSettings);
    const path = props.inputPath ?? this.node.path;
    const versionPaths = props.versions.map((_, i) => joinPath(joinPath(path, 'versions'), i));
    const origins =
      props._origins ??
      props.versions.map(
        (v, i) =>
          new SettingsOrigins([
            { spec: props, path, rank: LEVEL_RANK.model },
            { spec: v, path: versionPaths[i], rank: LEVEL_RANK.version },
          ]),
      );
    const identityIssues = props.identity
      ? checkIdentity(
          props.identity,
          joinPath(path, 'identity'),
          props.name,
          this.namespace ?? 'default',
          props.team,
        )
      : [];
    if (props.identity && identityIssues.length === 0) {
      this.identity = resolveIdentity(
        props.identity,
        props.name,
        this.namespace ?? 'default',
        props.team,
      );
    }
    const sa = this.identity?.serviceAccount;
    const versions = props.versions.map((v, i) => ({
      ...resolveVersion(props, v, origins[i]),
      ...(sa ? { serviceAccountName: sa } : {}),
    }));
    this.resolvedVersions = versions;
    // Model-level settings: no version can carry its own, so the first version's merge is the model's.
    this.slo = versions[0]?.slo;
    this.alerts = versions[0]?.alerts;
    this.builds = versions.map((v) => buildVersion(v, settings));
    this.latest = props.latest ?? defaultLatest(versions);
    const featureFlags = props.cluster !== undefined || !hasSettings;
    // A setting written once above the versions is reported once, with the versions it reaches.
    const counted = (issues: Issue[]): Issue[] =>
      issues.length === 0
        ? issues
        : issues.map((i) => ({ ...i, affects: { versions: 1, models: 1 } }));
    throwIfAny(
      aggregateIssues(
        [
          ...identityIssues,
          ...checkModel(
            props,
            versions,
            this.latest,
            path,
            this.namespace ?? 'default',
            this.clusterConfig,
            this.visibility,
          ),
          ...(origins[0] ? checkSlo(this.slo, origins[0]) : []),
          ...(origins[0] ? checkAlerts(this.alerts, origins[0]) : []),
          ...versions.flatMap((v, i) =>
            counted(
              checkVersion(
                v,
                this.builds[i],
                versionPaths[i],
                this.clusterConfig,
                settings,
                distribution,
                featureFlags,
                origins[i],
              ),
            ),
          ),
        ],
        true,
      ),
    );
    this.warnings = aggregateIssues(
      [
        ...modelWarnings(versions, origins, path),
        ...versions.flatMap((v, i) => counted(versionWarnings(v, origins[i]))),
      ],
      true,
    );
    markReportsWarnings(this);
    if (this.identity && !this.identity.shared) {
      this.serviceAccount = new ModelServiceAccount(this, 'ServiceAccount', {
        name: this.identity.serviceAccount,
        namespace: this.namespace,
        roleName: this.identity.roleName,
        oss: this.identity.oss,
        labels: { [MODEL_LABEL]: props.name, ...(props.team ? { [TEAM_LABEL]: props.team } : {}) },
      });
    }
    this.configurations = this.builds.map(
      (b) =>
        new KnativeConfiguration(this, b.configurationName, {
          name: b.configurationName,
          namespace: this.namespace,
          template: b.template,
          cluster: this.clusterConfig,
          _checked: true,
        }),
    );
    versions.forEach((v, i) => {
      const rendering = this.builds[i].placement.render();
      if (rendering.resourcePolicy) {
        const b = this.builds[i];
        new ResourcePolicy(this, `${b.configurationName}-policy`, {
          name: b.configurationName,
          namespace: this.namespace,
          selector: { 'ack-serving.io/model': v.model, 'ack-serving.io/version': v.name },
          ecs: rendering.resourcePolicy.ecs,
          waitForEcs: rendering.resourcePolicy.waitForEcs,
        });
      }
      if (v.ahpa) {
        new AhpaTemplate(this, `${this.builds[i].configurationName}-ahpa`, {
          name: this.builds[i].configurationName,
          namespace: this.namespace,
          ...v.ahpa,
        });
      }
    });
    this.route = new KnativeRoute(this, 'Route', {
      name: props.name,
      namespace: this.namespace,
      // knative/serving pkg/reconciler/route/config/domain.go reads this label off the Route
      ...(this.visibility === 'cluster-local'
        ? { labels: { [VISIBILITY_LABEL]: CLUSTER_LOCAL } }
        : {}),
      traffic: routeTraffic(props.name, versions, this.latest),
      cluster: this.clusterConfig,
      _checked: true,
    });
    this.addressRef = this.route.addressRef;
    this.node.defaultChild = this.route;
  }

  /** The version names, in the order given. */
  public get versions(): string[] {
    return this.builds.map((b) => b.configurationName.slice(this.name.length + 1));
  }

  /** The host of a version's tag route, or of the model's route without a tag. */
  public host(tag?: string): string | undefined {
    return routeHost(
      this.clusterConfig.network,
      this.name,
      this.namespace ?? 'default',
      tag,
      this.visibility,
    );
  }

  /** Lets the model's RAM role list and get objects under `prefix` of `bucket`. */
  public grantRead(bucket: string, prefix = ''): void {
    this.grant({ bucket, prefix, access: 'read' });
  }

  /** Lets the model's RAM role also put objects under `prefix` (never a whole bucket). */
  public grantWrite(bucket: string, prefix: string): void {
    this.grant({ bucket, prefix, access: 'write' });
  }

  /** The OSS access of the model's role: the declared and the granted, sorted. */
  public get ossGrants(): OssGrant[] {
    return this.serviceAccount?.oss ?? [...(this.identity?.oss ?? [])];
  }

  private grant(g: OssGrant): void {
    const issues = checkOssGrant(
      g,
      `${this.node.path}.grant${g.access === 'read' ? 'Read' : 'Write'}`,
    );
    if (!this.serviceAccount) {
      issues.push({
        path: `${this.node.path}.identity`,
        message: this.identity
          ? `service account ${show(this.identity.serviceAccount)} is shared, so this model cannot grant its role more; grant on the shared account's declaration (or use serviceAccount: 'per-model')`
          : `the model has no identity to grant OSS access to; set identity: { serviceAccount: 'per-model' }`,
      });
    }
    if (issues.length > 0) throw new ValidationError(issues);
    this.serviceAccount?.addOss(g);
  }

  /** The versions that relax a hardened security field, with the fields and the reason given. */
  public get relaxed(): { version: string; fields: string[]; reason?: string }[] {
    return this.resolvedVersions.flatMap((v) => {
      const fields = relaxedFields(v.securityContext);
      return fields.length === 0
        ? []
        : [{ version: v.name, fields, reason: v.securityContext?.reason }];
    });
  }

  public requiredFeatures(): FeatureRequirement[] {
    return this.configurations.flatMap((c) => c.requiredFeatures());
  }
}

/** Under the ACK distribution, the cluster also accepts ACK's autoscaler classes. */
function withDistribution(
  cluster: ClusterConfig,
  distribution: 'ack' | 'upstream',
  settings: AckSettings,
  hasSettings: boolean,
): ClusterConfig {
  if (distribution !== 'ack' || hasSettings) return cluster;
  return clusterConfig({
    ...cluster,
    extensionClasses: [...new Set([...cluster.extensionClasses, ...ackExtensionClasses(settings)])],
  });
}

function resolveVersion(
  model: ModelServiceProps,
  v: ModelVersionProps,
  origins: Fields,
): MergedVersion {
  const { placement: mp, ...modelRest } = model;
  const { placement: vp, ...versionRest } = v;
  const merged = mergeWorkload(pick(modelRest), pick(versionRest), { placement: toSpec(vp ?? mp) });
  const value =
    vp instanceof Placement ? vp : vp === undefined && mp instanceof Placement ? mp : undefined;
  // A version at 0 % scales to zero unless it says otherwise itself or is a warm standby: a
  // minScale it inherits (defaults, profile, model) keeps only the versions that take traffic warm.
  const minScale = merged.autoscaling?.minScale;
  const inherited =
    minScale !== undefined &&
    minScale !== 0 &&
    !(v.traffic ?? 0) &&
    !v.warm &&
    (origins.source('autoscaling', 'minScale')?.rank ?? LEVEL_RANK.version) < LEVEL_RANK.version;
  return {
    ...merged,
    ...(inherited ? { autoscaling: { ...merged.autoscaling, minScale: 0 } } : {}),
    model: model.name,
    team: model.team,
    name: v.name,
    image: v.image,
    traffic: v.traffic ?? 0,
    warm: v.warm ?? false,
    ...(value ? { placementValue: value } : {}),
  };
}

/** Placement values pass through; specs merge like other settings. */
function toSpec(p: PlacementSpec | Placement | undefined): PlacementSpec | undefined {
  return p instanceof Placement ? undefined : p;
}

const WORKLOAD_KEYS = [
  'autoscaling',
  'resources',
  'concurrency',
  'timeoutSeconds',
  'reserve',
  'env',
  'args',
  'port',
  'readiness',
  'labels',
  'annotations',
  'ahpa',
  'securityContext',
  'slo',
  'alerts',
  'envFrom',
  'imagePullSecrets',
  'volumes',
  'volumeMounts',
  'overrides',
] as const;
function pick(x: Record<string, unknown>): WorkloadSpec {
  const out: Record<string, unknown> = {};
  for (const k of WORKLOAD_KEYS) if (x[k] !== undefined) out[k] = x[k];
  return out as WorkloadSpec;
}

function defaultLatest(versions: readonly MergedVersion[]): string {
  let best = versions[0];
  for (const v of versions) if (v.traffic > (best?.traffic ?? -1)) best = v;
  return best?.name ?? '';
}

/** A target per version (tagged with its name) and one for `latest`, all by configurationName. */
export function routeTraffic(
  model: string,
  versions: readonly { name: string; traffic: number }[],
  latest: string,
): TrafficTargetProps[] {
  const targets: TrafficTargetProps[] = versions.map((v) => ({
    configurationName: `${model}-${v.name}`,
    tag: v.name,
    percent: v.traffic,
  }));
  if (versions.some((v) => v.name === latest))
    targets.push({ configurationName: `${model}-${latest}`, tag: LATEST_TAG, percent: 0 });
  return targets;
}

/** Model-level rules: names, the traffic split, `latest`, retired versions and warm standbys. */
export function checkModel(
  props: ModelServiceProps,
  versions: readonly MergedVersion[],
  latest: string,
  path: string,
  namespace: string,
  cluster: ClusterConfig,
  visibility: Visibility = 'cluster-local',
): Issue[] {
  const issues: Issue[] = [...checkDns1035Label(props.name, joinPath(path, 'name'), 'model name')];
  if (props.namespace !== undefined)
    issues.push(...checkDns1123Label(props.namespace, joinPath(path, 'namespace'), 'namespace'));
  const vpath = joinPath(path, 'versions');
  if (versions.length === 0)
    issues.push({ path: vpath, message: 'a model needs at least one version' });
  const seen = new Map<string, number>();
  versions.forEach((v, i) => {
    const at = joinPath(vpath, i);
    const nameIssues = checkDns1035Label(v.name, joinPath(at, 'name'), 'version name');
    issues.push(...nameIssues);
    if (nameIssues.length === 0) {
      if (v.name === LATEST_TAG)
        issues.push({
          path: joinPath(at, 'name'),
          message: `version name '${LATEST_TAG}' is reserved for the latest tag; name versions like 'v3'`,
        });
      if (seen.has(v.name))
        issues.push({
          path: joinPath(at, 'name'),
          message: `version ${show(v.name)} is already declared at versions[${seen.get(v.name)}]; version names must be unique`,
        });
      seen.set(v.name, i);
      const cfg = `${props.name}-${v.name}`;
      if (cfg.length > 63)
        issues.push({
          path: joinPath(at, 'name'),
          message: `Configuration name ${show(cfg)} is ${cfg.length} characters; '<model>-<version>' must fit in 63, so shorten the model or version name`,
        });
    }
    issues.push(
      ...checkNumber(v.traffic, joinPath(at, 'traffic'), 'traffic', {
        min: 0,
        max: 100,
        integer: true,
      }),
    );
    // Only the version's own minScale is left here: an inherited one is dropped at 0 %.
    const minScale = v.autoscaling?.minScale ?? 0;
    if (v.traffic === 0 && typeof minScale === 'number' && minScale > 0 && !v.warm) {
      issues.push({
        path: joinPath(joinPath(at, 'autoscaling'), 'minScale'),
        message: `minScale ${minScale} keeps pods running for a version with 0 % traffic (its tag URL stays routable); set minScale 0 to scale it to zero, or warm: true to keep it as a standby`,
      });
    }
  });
  const sum = versions.reduce((s, v) => s + (typeof v.traffic === 'number' ? v.traffic : 0), 0);
  if (versions.length > 0 && sum !== 100)
    issues.push({
      path: vpath,
      message: `traffic over the versions sums to ${sum}; it must be exactly 100`,
    });
  if (props.latest !== undefined && !versions.some((v) => v.name === props.latest)) {
    issues.push({
      path: joinPath(path, 'latest'),
      message: `latest ${show(props.latest)} is not one of the versions (${versions.map((v) => v.name).join(', ')})`,
    });
  }
  (props.retired ?? []).forEach((r, i) => {
    if (seen.has(r))
      issues.push({
        path: joinPath(joinPath(path, 'retired'), i),
        message: `version ${show(r)} is listed as retired but is still declared at versions[${seen.get(r)}]; remove one of them`,
      });
  });
  // Host labels: Knative finds these only at reconcile time; the library checks them now.
  issues.push(
    ...checkRouteHost(props.name, joinPath(path, 'name'), namespace, cluster, visibility),
  );
  if (
    props.visibility !== undefined &&
    props.visibility !== 'cluster-local' &&
    props.visibility !== 'external'
  )
    issues.push({
      path: joinPath(path, 'visibility'),
      message: `visibility ${show(props.visibility)} is not one of: cluster-local, external`,
    });
  if (issues.length === 0) {
    const traffic = routeTraffic(props.name, versions, latest);
    // Route paths are relative (`[2].tag`): a target's tag is its version's name, or `latest`.
    for (const issue of checkTraffic(traffic, '', {
      owner: 'route',
      routeName: props.name,
      namespace,
      cluster,
      visibility,
    })) {
      const [target, field] = pathSegments(issue.path);
      const index = typeof target === 'number' && field === 'tag' ? target : -1;
      issues.push({
        path:
          index >= 0 && index < versions.length
            ? joinPath(joinPath(vpath, index), 'name')
            : index >= versions.length
              ? joinPath(path, 'latest')
              : path,
        message: issue.message,
      });
    }
  }
  return issues;
}

/** Autoscaling settings the HPA class ignores (knative-rules §1.3). */
const KPA_ONLY = [
  'utilization',
  'panicWindowPercent',
  'panicThresholdPercent',
  'burstCapacity',
  'activationScale',
  'scaleDownDelay',
  'retention',
  'aggregationAlgorithm',
] as const;

/**
 * Settings of one version that have no effect, reported where they were written, and only when the
 * user wrote them at or below the level that made them moot: a KPA setting in the defaults is not
 * a mistake because one model chose the HPA class.
 */
function versionWarnings(v: MergedVersion, origins: Fields): Issue[] {
  const warnings: Issue[] = [];
  if (v.autoscaling?.class === 'hpa') {
    const scaling = nestedFields(origins, 'autoscaling');
    const cls = scaling.source('class');
    for (const k of KPA_ONLY) {
      const value = v.autoscaling[k];
      const at = value === undefined ? undefined : scaling.source(k);
      if (at === undefined || (cls !== undefined && at.rank < cls.rank)) continue;
      const note =
        cls !== undefined && cls.path !== at.path
          ? ` (class 'hpa' is set at ${scaling.path('class')})`
          : '';
      warnings.push({
        path: scaling.path(k),
        message: `${k} ${show(value)} has no effect under the HPA class${note}; it only tunes the KPA, so remove it or use class 'kpa'`,
      });
    }
  }
  if (v.warm && v.traffic > 0) {
    warnings.push({
      path: origins.path('warm'),
      message: `warm has no effect on version ${show(v.name)}, which takes ${v.traffic} % of the traffic; it only keeps a 0 % version's pods, so remove it`,
    });
  } else if (v.warm && !((v.autoscaling?.minScale ?? 0) > 0)) {
    warnings.push({
      path: origins.path('warm'),
      message: `warm keeps no pods of version ${show(v.name)} while its minScale is 0; set autoscaling.minScale (e.g. 1) to keep a standby, or remove warm`,
    });
  }
  return warnings;
}

/** The HPA class cannot scale to zero: its 0 % versions keep a pod each. One warning per model. */
function modelWarnings(
  versions: readonly MergedVersion[],
  origins: readonly Fields[],
  path: string,
): Issue[] {
  const idle = versions.flatMap((v, i) =>
    v.traffic === 0 && !v.warm && v.autoscaling?.class === 'hpa' ? [i] : [],
  );
  if (idle.length === 0) return [];
  const names = idle.map((i) => show(versions[i].name)).join(', ');
  const classAt = nestedFields(origins[idle[0]], 'autoscaling').path('class');
  const message =
    idle.length === 1
      ? `version ${names} takes 0 % of the traffic but keeps one pod: the HPA class (set at ${classAt}) cannot scale to zero; use class 'kpa' to let it scale to zero, or retire it`
      : `versions ${names} take 0 % of the traffic but keep one pod each: the HPA class (set at ${classAt}) cannot scale to zero; use class 'kpa' to let them scale to zero, or retire them`;
  return [{ path: joinPath(path, 'versions'), message }];
}
