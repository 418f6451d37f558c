import { AckSettings } from '../ack/ack-settings';
import { checkAhpaTemplate } from '../ack/ahpa-template';
import { checkAckWorkload } from '../ack/ack-rules';
import { Placement } from '../ack/placement';
import { checkReservedInstance, reservedInstanceAnnotations } from '../ack/reserved-instance';
import { AutoscalingOptions, HPA_CLASS, KPA_CLASS, checkAutoscaling } from '../knative/autoscaling';
import { ClusterConfig } from '../knative/cluster-config';
import { ContainerSecurityContext, EnvVar } from '../knative/container';
import { ProbeProps } from '../knative/probe';
import { RevisionTemplateProps, checkRevisionTemplate } from '../knative/revision-template';
import { applyOverrides, overrideOrigin } from './overrides';
import { checkInlineSecrets, checkOverriddenSecrets } from './inline-secrets';
import {
  Fields,
  Issue,
  aggregateIssues,
  fieldsUnder,
  joinPath,
  joinSegments,
  nestedFields,
  pathSegments,
  relocate,
  show,
} from '../validation';
import {
  AutoscalingSpec,
  ClassName,
  EnvValueSpec,
  PlacementSpec,
  ProbeSpec,
  ResourcesSpec,
  SecuritySpec,
  WorkloadSpec,
} from './catalog';

/** Labels every version's pods carry, so policies and dashboards can select them. */
export const MODEL_LABEL = 'ack-serving.io/model';
export const VERSION_LABEL = 'ack-serving.io/version';
export const TEAM_LABEL = 'ack-serving.io/team';

/** One model version with every level merged (defaults, profile, model, version). */
export interface MergedVersion extends WorkloadSpec {
  readonly model: string;
  readonly team?: string;
  readonly name: string;
  readonly image: string;
  readonly traffic: number;
  readonly warm: boolean;
  /** A Placement given as a value in code; wins over `placement`. */
  readonly placementValue?: Placement;
  /** The model's service account (its identity). @default - the namespace's default */
  readonly serviceAccountName?: string;
}

/**
 * @deprecated Use `MergedVersion`; `ack-serving/sim` has a `ResolvedVersion` of its own, the
 * simulator's input. This alias goes in the next release.
 */
export type ResolvedVersion = MergedVersion;

/** Maps a class short name to the class string the cluster's Knative expects. */
export function classString(
  name: ClassName | undefined,
  settings: AckSettings,
): string | undefined {
  switch (name) {
    case undefined:
      return undefined;
    case 'kpa':
      return KPA_CLASS;
    case 'hpa':
      return HPA_CLASS;
    case 'mpa':
      return settings.mpaClass;
    case 'ahpa':
      return settings.ahpaClass;
  }
}

/** The catalog's placement as a Placement value. */
export function toPlacement(spec: PlacementSpec | undefined): Placement {
  const s = typeof spec === 'string' ? { mode: spec } : (spec ?? { mode: 'ecs-then-eci' as const });
  const eci = {
    instanceTypes: s.instanceTypes,
    spot: s.spot,
    spotPriceLimit: s.spotPriceLimit,
    imageCache: s.imageCache,
    extraEphemeralStorage: s.extraEphemeralStorage,
    gpuDriverVersion: s.gpuDriverVersion,
  };
  switch (s.mode) {
    case 'ecs':
      return Placement.ecs({ pool: s.pool });
    case 'eci':
      return Placement.eci({ ...eci, via: s.via });
    case 'gpu':
      return Placement.gpu({ ...eci, on: s.on });
    case 'ecs-then-eci':
    default:
      return Placement.ecsThenEci({ ...eci, ecs: s.ecs, waitForEcs: s.waitForEcs });
  }
}

function toAutoscaling(
  spec: AutoscalingSpec | undefined,
  settings: AckSettings,
): AutoscalingOptions | undefined {
  if (!spec) return undefined;
  const { class: cls, ...rest } = spec;
  return { ...rest, ...(cls !== undefined ? { class: classString(cls, settings) } : {}) };
}

function toResources(
  r: ResourcesSpec | undefined,
):
  | { requests?: Record<string, string | number>; limits?: Record<string, string | number> }
  | undefined {
  if (!r) return undefined;
  const requests: Record<string, string | number> = {};
  const limits: Record<string, string | number> = {};
  if (r.cpu !== undefined) requests.cpu = limits.cpu = String(r.cpu);
  if (r.memory !== undefined) requests.memory = limits.memory = r.memory;
  if (r.ephemeralStorage !== undefined) requests['ephemeral-storage'] = r.ephemeralStorage;
  if (r.gpu !== undefined) limits['nvidia.com/gpu'] = String(r.gpu);
  if (r.gpuMemory !== undefined) limits['aliyun.com/gpu-mem'] = String(r.gpuMemory);
  return {
    ...(Object.keys(requests).length ? { requests } : {}),
    ...(Object.keys(limits).length ? { limits } : {}),
  };
}

function toProbe(p: ProbeSpec | undefined): ProbeProps | undefined {
  if (!p) return undefined;
  const { path, ...timing } = p;
  return path !== undefined ? { httpGet: { path }, ...timing } : { tcpSocket: {}, ...timing };
}

/** The hardened value of each security field a catalog level can relax. */
export const HARDENED: Readonly<{
  runAsNonRoot: true;
  allowPrivilegeEscalation: false;
  dropAllCapabilities: true;
  seccompProfile: 'RuntimeDefault';
}> = {
  runAsNonRoot: true,
  allowPrivilegeEscalation: false,
  dropAllCapabilities: true,
  seccompProfile: 'RuntimeDefault',
};

/** The security fields a version relaxes from their hardened values, in a fixed order. */
export function relaxedFields(spec: SecuritySpec | undefined): (keyof typeof HARDENED)[] {
  if (!spec) return [];
  return (Object.keys(HARDENED) as (keyof typeof HARDENED)[]).filter(
    (k) => spec[k] !== undefined && spec[k] !== HARDENED[k],
  );
}

/**
 * The container securityContext for a catalog `securityContext`: every field written out, the
 * hardened value unless relaxed by name, so Knative's webhook has nothing to warn about.
 */
// knative/serving pkg/apis/serving/k8s_validation.go warnDefaultContainerSecurityContext
export function toSecurityContext(spec: SecuritySpec | undefined): ContainerSecurityContext {
  const s = spec ?? {};
  return {
    runAsNonRoot: s.runAsNonRoot ?? HARDENED.runAsNonRoot,
    allowPrivilegeEscalation: s.allowPrivilegeEscalation ?? HARDENED.allowPrivilegeEscalation,
    // An empty drop list is explicit: Knative only warns when `drop` is missing.
    capabilities: { drop: (s.dropAllCapabilities ?? true) ? ['ALL'] : [] },
    seccompProfile: { type: s.seccompProfile ?? HARDENED.seccompProfile },
    ...(s.readOnlyRootFilesystem !== undefined
      ? { readOnlyRootFilesystem: s.readOnlyRootFilesystem }
      : {}),
    ...(s.runAsUser !== undefined ? { runAsUser: s.runAsUser } : {}),
  };
}

export interface VersionBuild {
  readonly configurationName: string;
  readonly template: RevisionTemplateProps;
  readonly placement: Placement;
  readonly autoscaling?: AutoscalingOptions;
  /** JSON patches of `overrides.jsonPatch` that did not apply, by index. */
  readonly failedPatches?: readonly { index: number; message: string }[];
}

/** Turns a resolved version into a revision template: container, limits, autoscaling and placement. */
export function buildVersion(v: MergedVersion, settings: AckSettings): VersionBuild {
  const placement = v.placementValue ?? toPlacement(v.placement);
  const rendering = placement.render();
  const autoscaling = toAutoscaling(v.autoscaling, settings);
  const annotations: Record<string, string> = { ...rendering.annotations, ...v.annotations };
  if (v.reserve) Object.assign(annotations, reservedInstanceAnnotations(v.reserve, settings));
  const configurationName = `${v.model}-${v.name}`;
  if (v.ahpa) annotations[settings.ahpaTemplateAnnotation] = configurationName;
  const labels: Record<string, string> = {
    ...rendering.labels,
    ...v.labels,
    [MODEL_LABEL]: v.model,
    [VERSION_LABEL]: v.name,
    ...(v.team ? { [TEAM_LABEL]: v.team } : {}),
  };
  const template: RevisionTemplateProps = {
    containers: [
      {
        image: v.image,
        ...(v.args ? { args: v.args } : {}),
        ...(v.env ? { env: toEnv(v.env) } : {}),
        ...(v.envFrom ? { envFrom: v.envFrom } : {}),
        ...(v.volumeMounts ? { volumeMounts: v.volumeMounts } : {}),
        ...(v.port !== undefined ? { port: v.port } : {}),
        ...(v.readiness ? { readinessProbe: toProbe(v.readiness) } : {}),
        ...(v.resources ? { resources: toResources(v.resources) } : {}),
        securityContext: toSecurityContext(v.securityContext),
      },
    ],
    ...(v.volumes ? { volumes: v.volumes } : {}),
    ...(v.serviceAccountName ? { serviceAccountName: v.serviceAccountName } : {}),
    ...(v.imagePullSecrets ? { imagePullSecrets: v.imagePullSecrets } : {}),
    ...(rendering.nodeSelector ? { nodeSelector: rendering.nodeSelector } : {}),
    ...(rendering.tolerations ? { tolerations: rendering.tolerations } : {}),
    ...(v.concurrency !== undefined ? { containerConcurrency: v.concurrency } : {}),
    ...(v.timeoutSeconds !== undefined ? { timeoutSeconds: v.timeoutSeconds } : {}),
    ...(autoscaling ? { autoscaling } : {}),
    labels,
    annotations,
  };
  const failedPatches: { index: number; message: string }[] = [];
  return {
    configurationName,
    template: applyOverrides(template, v.overrides, failedPatches),
    placement,
    autoscaling,
    ...(failedPatches.length ? { failedPatches } : {}),
  };
}

/** Literal values stay a map; with a Secret or ConfigMap key the env becomes a list, sorted by name. */
function toEnv(env: Readonly<Record<string, EnvValueSpec>>): Record<string, string> | EnvVar[] {
  const names = Object.keys(env);
  if (names.every((n) => typeof env[n] === 'string')) return env as Record<string, string>;
  return names
    .sort()
    .map((name) =>
      typeof env[name] === 'string'
        ? { name, value: env[name] }
        : { name, valueFrom: env[name] as EnvVar['valueFrom'] },
    );
}

/** Catalog resource names by the container resource they render as. */
const RESOURCE_FIELDS: Readonly<Record<string, string>> = {
  cpu: 'cpu',
  memory: 'memory',
  'ephemeral-storage': 'ephemeralStorage',
  'nvidia.com/gpu': 'gpu',
  'aliyun.com/gpu-mem': 'gpuMemory',
};

const LIMITS = 'containers[0].resources.limits';
const REQUESTS = 'containers[0].resources.requests';

/** Probe fields the catalog's `readiness` passes through by name. */
const PROBE_FIELDS = new Set([
  'initialDelaySeconds',
  'periodSeconds',
  'timeoutSeconds',
  'failureThreshold',
  'successThreshold',
]);

/**
 * Where the catalog wrote the setting that rendered a field of the revision template. `rel` is a
 * template path (`containers[0].resources.limits["nvidia.com/gpu"]`); the answer follows how
 * `buildVersion` renders each catalog field, and the origins say which level wrote it.
 */
function templateFieldOrigin(
  rel: string,
  v: MergedVersion,
  origins: Fields,
  versionPath: string,
): string {
  const segs = pathSegments(rel);
  const [first, second, third, fourth, fifth] = segs;
  const overridden = overrideOrigin(segs, v.overrides, origins);
  if (overridden !== undefined) return overridden;
  if (first === 'containers' && second === 0) {
    switch (third) {
      case 'image':
        return joinSegments(origins.path('image'), segs.slice(3));
      case 'port':
      case 'ports':
      case 'portName':
        return origins.path('port');
      case 'readinessProbe':
        if (typeof fourth === 'string' && PROBE_FIELDS.has(fourth))
          return origins.path('readiness', fourth);
        return fourth === 'httpGet' ? origins.path('readiness', 'path') : origins.path('readiness');
      case 'resources': {
        const name = typeof fifth === 'string' ? RESOURCE_FIELDS[fifth] : undefined;
        return name ? origins.path('resources', name) : origins.path('resources');
      }
      case 'securityContext':
        return securityOrigin(fourth, origins);
      case 'env': {
        // a list rendered from the catalog's map is sorted by name
        const name =
          typeof fourth === 'number' && v.env ? Object.keys(v.env).sort()[fourth] : fourth;
        return name === undefined
          ? origins.path('env')
          : joinSegments(origins.path('env', name), segs.slice(4));
      }
      case 'args':
        return fourth === undefined
          ? origins.path(third)
          : joinSegments(origins.path(third, fourth), segs.slice(4));
      case 'envFrom':
      case 'volumeMounts':
        return joinSegments(origins.path(third), segs.slice(3));
      default:
        return joinSegments(versionPath, segs.slice(2));
    }
  }
  switch (first) {
    case 'volumes':
    case 'imagePullSecrets':
      return joinSegments(origins.path(first), segs.slice(1));
    case 'containerConcurrency':
      return origins.path('concurrency');
    case 'timeoutSeconds':
      return origins.path('timeoutSeconds');
    case 'nodeSelector':
    case 'tolerations':
    case 'affinity':
      return origins.path('placement');
    case 'labels':
    case 'annotations': {
      if (second === undefined) return origins.path(first);
      const key = String(second);
      // the user's own, else what the library added for the placement, the reserve or AHPA
      if (second !== undefined && v[first]?.[key] !== undefined) return origins.path(first, key);
      if (first === 'annotations' && v.reserve && key.startsWith('knative.aliyun.com/reserve'))
        return origins.path('reserve');
      if (first === 'annotations' && v.ahpa && key.startsWith('autoscaling.alibabacloud.com/'))
        return origins.path('ahpa');
      if (first === 'labels' && key.startsWith('ack-serving.io/')) return versionPath;
      return origins.path('placement');
    }
    default:
      return joinPath(versionPath, rel);
  }
}

/** The catalog field that rendered a container securityContext field. */
function securityOrigin(field: string | number | undefined, origins: Fields): string {
  const name =
    field === 'capabilities'
      ? 'dropAllCapabilities'
      : typeof field === 'string' && field !== 'privileged'
        ? field
        : undefined;
  return name === undefined
    ? origins.path('securityContext')
    : origins.path('securityContext', name);
}

/**
 * The catalog's security rules: a relaxed field needs a reason, and `runAsUser: 0` contradicts
 * `runAsNonRoot: true` (the kubelet would refuse to start the container).
 */
export function checkSecurity(v: MergedVersion, origins: Fields): Issue[] {
  const spec = v.securityContext;
  if (spec === undefined) return [];
  const sec = nestedFields(origins, 'securityContext');
  const issues: Issue[] = [];
  const reason = typeof spec.reason === 'string' ? spec.reason.trim() : '';
  if (reason === '') {
    for (const k of relaxedFields(spec)) {
      issues.push({
        path: sec.path(k),
        message: `${k} ${show(spec[k])} relaxes the hardened default (${show(HARDENED[k])}); say why in securityContext.reason, next to it`,
      });
    }
  }
  if (spec.runAsUser === 0 && (spec.runAsNonRoot ?? true)) {
    issues.push({
      path: sec.path('runAsUser'),
      message: `runAsUser 0 is root, but runAsNonRoot is true, so the kubelet would refuse to start the container; use a non-zero user id, or relax runAsNonRoot: false with a reason`,
    });
  }
  return issues;
}

/**
 * Every Knative and ACK rule for one version, reported where each setting was written: `origins`
 * says which catalog level wrote each field (by default, all of them at `path`).
 */
export function checkVersion(
  v: MergedVersion,
  build: VersionBuild,
  path: string,
  cluster: ClusterConfig,
  settings: AckSettings,
  distribution: 'ack' | 'upstream',
  featureFlags = true,
  origins: Fields = fieldsUnder(path),
): Issue[] {
  const issues: Issue[] = [];
  const scaling = nestedFields(origins, 'autoscaling');
  const cls = v.autoscaling?.class;
  const upstreamClass = (cls === 'mpa' || cls === 'ahpa') && distribution === 'upstream';
  if (upstreamClass) {
    issues.push({
      path: scaling.path('class'),
      message: `class ${show(cls)} exists only in ACK's Knative; upstream Knative rejects '${classString(cls, settings)}'. Use 'kpa' or 'hpa', or set distribution: ack`,
    });
  }
  // The template without its autoscaling, checked at template paths and moved to the catalog
  // field that rendered each; the autoscaling options are checked where each was written.
  const { autoscaling: _a, ...template } = build.template;
  const templateIssues = checkRevisionTemplate(template, '', cluster, build.configurationName, {
    featureFlags,
  });
  const templatePaths =
    templateIssues.length > 1 ? new Set(templateIssues.map((i) => i.path)) : undefined;
  for (const i of templateIssues) {
    // `resources.cpu` and `.memory` render as both request and limit: one report is enough
    const limit = i.path.startsWith(LIMITS) ? REQUESTS + i.path.slice(LIMITS.length) : undefined;
    if (limit !== undefined && templatePaths?.has(limit)) continue;
    issues.push({ path: templateFieldOrigin(i.path, v, origins, path), message: i.message });
  }
  if (build.autoscaling) {
    const classPath = upstreamClass ? scaling.path('class') : undefined;
    for (const i of checkAutoscaling(build.autoscaling, scaling, cluster)) {
      if (i.path !== classPath) issues.push(i);
    }
  }
  issues.push(...checkSecurity(v, origins));
  issues.push(
    ...checkInlineSecrets(v, origins),
    ...checkOverriddenSecrets(v, build.template, origins),
  );
  for (const f of build.failedPatches ?? [])
    issues.push({
      path: joinPath(origins.path('overrides', 'jsonPatch'), f.index),
      message: f.message,
    });
  if (v.reserve) issues.push(...relocate(checkReservedInstance(v.reserve, ''), origins, 'reserve'));
  const effectiveClass = build.autoscaling?.class ?? KPA_CLASS;
  issues.push(
    ...checkAckWorkload(
      {
        placement: build.placement,
        reserve: v.reserve,
        autoscalingClass: effectiveClass,
        containerConcurrency: v.concurrency,
        labels: v.labels,
        annotations: v.annotations,
        gpuLimit: v.resources?.gpu,
      },
      origins,
      settings,
    ),
  );
  if (v.ahpa) {
    const ahpaIssues = checkAhpaTemplate({ name: build.configurationName, ...v.ahpa }, '');
    issues.push(
      ...relocate(
        ahpaIssues.filter((i) => i.path !== 'name'),
        origins,
        'ahpa',
      ),
    );
  }
  if (cls === 'ahpa' && !v.ahpa) {
    const classLevel = scaling.source('class')?.path;
    issues.push({
      path: classLevel === undefined ? origins.path('ahpa') : joinPath(classLevel, 'ahpa'),
      message:
        "class 'ahpa' needs an ahpa block (targetUtilization, minReplicas, maxReplicas) for its AdvancedHorizontalPodAutoscalerTemplate",
    });
  }
  return issues.length === 0 ? issues : aggregateIssues(issues);
}
