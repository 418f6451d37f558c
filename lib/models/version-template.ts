import { AckSettings } from '../ack/ack-settings';
import { checkAhpaTemplate } from '../ack/ahpa-template';
import { checkAckWorkload } from '../ack/ack-rules';
import { Placement } from '../ack/placement';
import { checkReservedInstance, reservedInstanceAnnotations } from '../ack/reserved-instance';
import { AutoscalingOptions, HPA_CLASS, KPA_CLASS } from '../knative/autoscaling';
import { ClusterConfig } from '../knative/cluster-config';
import { ProbeProps } from '../knative/probe';
import { RevisionTemplateProps, checkRevisionTemplate } from '../knative/revision-template';
import { Issue, joinPath, show } from '../validation';
import {
  AutoscalingSpec,
  ClassName,
  PlacementSpec,
  ProbeSpec,
  ResourcesSpec,
  WorkloadSpec,
} from './catalog';

/** Labels every version's pods carry, so policies and dashboards can select them. */
export const MODEL_LABEL = 'ack-serving.io/model';
export const VERSION_LABEL = 'ack-serving.io/version';
export const TEAM_LABEL = 'ack-serving.io/team';

/** One model version with every level merged. */
export interface ResolvedVersion extends WorkloadSpec {
  readonly model: string;
  readonly team?: string;
  readonly name: string;
  readonly image: string;
  readonly traffic: number;
  readonly warm: boolean;
  /** A Placement given as a value in code; wins over `placement`. */
  readonly placementValue?: Placement;
}

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

export interface VersionBuild {
  readonly configurationName: string;
  readonly template: RevisionTemplateProps;
  readonly placement: Placement;
  readonly autoscaling?: AutoscalingOptions;
}

/** Turns a resolved version into a revision template: container, limits, autoscaling and placement. */
export function buildVersion(v: ResolvedVersion, settings: AckSettings): VersionBuild {
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
        ...(v.env ? { env: v.env } : {}),
        ...(v.port !== undefined ? { port: v.port } : {}),
        ...(v.readiness ? { readinessProbe: toProbe(v.readiness) } : {}),
        ...(v.resources ? { resources: toResources(v.resources) } : {}),
      },
    ],
    ...(rendering.nodeSelector ? { nodeSelector: rendering.nodeSelector } : {}),
    ...(rendering.tolerations ? { tolerations: rendering.tolerations } : {}),
    ...(v.concurrency !== undefined ? { containerConcurrency: v.concurrency } : {}),
    ...(v.timeoutSeconds !== undefined ? { timeoutSeconds: v.timeoutSeconds } : {}),
    ...(autoscaling ? { autoscaling } : {}),
    labels,
    annotations,
  };
  return { configurationName, template, placement, autoscaling };
}

/** Where a field of the rendered template came from in the catalog version. */
const FIELD_SOURCES: readonly [RegExp, string][] = [
  [/^\.containers\[0\]\.(ports|port|portName)/, '.port'],
  [/^\.containers\[0\]\.readinessProbe/, '.readiness'],
  [/^\.containers\[0\]\.resources\.(limits|requests)(\[[^\]]*\]|\.[\w-]+)?/, '.resources'],
  [/^\.containers\[0\]/, ''],
  [/^\.containerConcurrency/, '.concurrency'],
  [/^\.(nodeSelector|tolerations|affinity)/, '.placement'],
];

/** Rewrites a template issue path to the catalog field the user wrote. */
function toCatalogPath(issuePath: string, base: string): string {
  if (!issuePath.startsWith(base)) return issuePath;
  const rest = issuePath.slice(base.length);
  for (const [pattern, replacement] of FIELD_SOURCES) {
    if (pattern.test(rest)) return base + rest.replace(pattern, replacement);
  }
  return issuePath;
}

/** Every Knative and ACK rule for one version, with paths into the catalog. */
export function checkVersion(
  v: ResolvedVersion,
  build: VersionBuild,
  path: string,
  cluster: ClusterConfig,
  settings: AckSettings,
  distribution: 'ack' | 'upstream',
  featureFlags = true,
): Issue[] {
  const issues: Issue[] = [];
  const cls = v.autoscaling?.class;
  if ((cls === 'mpa' || cls === 'ahpa') && distribution === 'upstream') {
    issues.push({
      path: joinPath(joinPath(path, 'autoscaling'), 'class'),
      message: `class ${show(cls)} exists only in ACK's Knative; upstream Knative rejects '${classString(cls, settings)}'. Use 'kpa' or 'hpa', or set distribution: ack`,
    });
  }
  const templateIssues = checkRevisionTemplate(
    build.template,
    path,
    cluster,
    build.configurationName,
    {
      featureFlags,
    },
  )
    .filter(
      (i) => !(issues.length > 0 && i.path === joinPath(joinPath(path, 'autoscaling'), 'class')),
    )
    .map((i) => ({ path: toCatalogPath(i.path, path), message: i.message }));
  issues.push(...templateIssues);
  if (v.reserve) issues.push(...checkReservedInstance(v.reserve, joinPath(path, 'reserve')));
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
      path,
      settings,
    ),
  );
  if (v.ahpa)
    issues.push(
      ...checkAhpaTemplate(
        { name: build.configurationName, ...v.ahpa },
        joinPath(path, 'ahpa'),
      ).filter((i) => !i.path.endsWith('.name')),
    );
  if (v.ahpa) {
    const ahpaIssues = checkAhpaTemplate(
      { name: build.configurationName, ...v.ahpa },
      joinPath(path, 'ahpa'),
    );
    issues.push(...ahpaIssues.filter((i) => !i.path.endsWith('.name')));
  }
  if (cls === 'ahpa' && !v.ahpa) {
    issues.push({
      path: joinPath(path, 'ahpa'),
      message:
        "class 'ahpa' needs an ahpa block (targetUtilization, minReplicas, maxReplicas) for its AdvancedHorizontalPodAutoscalerTemplate",
    });
  }
  return dedupe(issues);
}

function dedupe(issues: Issue[]): Issue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const key = `${i.path}\n${i.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
