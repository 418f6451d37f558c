import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { App, Chart } from 'cdk8s';
import { synthApp } from '../synth-app';
import { Issue, collectWarnings, formatIssue, show } from '../validation';
import { childDependsOn } from '../cloud/_util';
import { throwIfInvalid } from '../cloud/errors';
import { OWNERSHIP_ANNOTATION } from '../knative/serving-settings';

/**
 * Partly owned ConfigMaps (Knative ConfigMaps installed by ACK) carry `ack-serving.io/ownership:
 * partial` (set by `ServingSettings`). They are applied as server-side-apply patches of their keys,
 * never as whole objects. The annotation is kept on the patch, so the live object records that the
 * library manages some of its keys.
 */
const PARTIAL_OWNERSHIP = 'partial';

/** A Kubernetes object as cdk8s renders it. */
export interface KubeObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: {
    readonly name?: string;
    readonly namespace?: string;
    readonly annotations?: Readonly<Record<string, string>>;
    readonly labels?: Readonly<Record<string, string>>;
    readonly [key: string]: unknown;
  };
  readonly [key: string]: unknown;
}

/** Objects split by the order they must reach the cluster in. */
export interface PartitionedObjects {
  /** CustomResourceDefinitions and Namespaces: applied first. */
  readonly foundation: KubeObject[];
  /** ConfigMaps annotated `ack-serving.io/ownership: partial`: applied as `ConfigMapPatch`es. */
  readonly patches: KubeObject[];
  /** Everything else outside `*.knative.dev`: applied after the foundation. */
  readonly workloads: KubeObject[];
  /** Objects of a `*.knative.dev` API group: applied after the foundation, the patches and Knative. */
  readonly knative: KubeObject[];
}

/** The API group of `apiVersion` (`''` for the core group). */
export function apiGroup(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** True for objects whose API group is Knative's (`serving.knative.dev`, `eventing.knative.dev`, ...). */
export function isKnativeObject(obj: KubeObject): boolean {
  const group = apiGroup(obj.apiVersion);
  return group === 'knative.dev' || group.endsWith('.knative.dev');
}

/** Splits synthesized objects into the groups that are applied in order. Keeps the input order. */
export function partitionObjects(objs: readonly KubeObject[]): PartitionedObjects {
  const out: PartitionedObjects = { foundation: [], patches: [], workloads: [], knative: [] };
  for (const obj of objs) {
    if (
      (obj.kind === 'CustomResourceDefinition' &&
        apiGroup(obj.apiVersion) === 'apiextensions.k8s.io') ||
      (obj.kind === 'Namespace' && obj.apiVersion === 'v1')
    ) {
      out.foundation.push(obj);
    } else if (
      obj.kind === 'ConfigMap' &&
      obj.apiVersion === 'v1' &&
      obj.metadata?.annotations?.[OWNERSHIP_ANNOTATION] === PARTIAL_OWNERSHIP
    ) {
      out.patches.push(obj);
    } else if (isKnativeObject(obj)) {
      out.knative.push(obj);
    } else {
      out.workloads.push(obj);
    }
  }
  return out;
}

/** `<namespace>/<name>` of an object, or `<name>` for cluster-scoped ones. */
function objectKey(obj: KubeObject): string {
  const ns = obj.metadata?.namespace;
  return ns ? `${ns}/${obj.metadata?.name}` : `${obj.metadata?.name}`;
}

/**
 * Checks what a release can deploy: every object is named, no object appears twice, and partly
 * owned ConfigMaps are namespaced and do not disagree with the extra keys given for them.
 */
export function checkReleaseObjects(
  objs: readonly KubeObject[],
  extraConfigMapData: Readonly<Record<string, Readonly<Record<string, string>>>> = {},
): Issue[] {
  const issues: Issue[] = [];
  const seen = new Set<string>();
  objs.forEach((obj, i) => {
    const path = `objects[${i}]`;
    if (!obj.metadata?.name) {
      issues.push({
        path: `${path}.metadata.name`,
        message: `${obj.kind} has no name; every object the release deploys needs metadata.name`,
      });
      return;
    }
    const id = `${obj.apiVersion}/${obj.kind}/${objectKey(obj)}`;
    if (seen.has(id)) {
      issues.push({
        path,
        message: `${obj.kind} ${show(objectKey(obj))} is rendered twice; each object may appear once per release`,
      });
    }
    seen.add(id);
    if (obj.metadata.annotations?.[OWNERSHIP_ANNOTATION] === PARTIAL_OWNERSHIP) {
      if (obj.kind !== 'ConfigMap') {
        issues.push({
          path: `${path}.metadata.annotations`,
          message: `${obj.kind} ${show(objectKey(obj))} is marked partly owned; only ConfigMaps can be patched key by key`,
        });
      } else if (!obj.metadata.namespace) {
        issues.push({
          path: `${path}.metadata.namespace`,
          message: `partly owned ConfigMap ${show(obj.metadata.name)} has no namespace; set the namespace of the ConfigMap it patches`,
        });
      }
    }
  });
  const partial = partitionObjects(objs).patches;
  for (const [key, data] of Object.entries(extraConfigMapData)) {
    const cm = partial.find((o) => objectKey(o) === key);
    const own = (cm?.data ?? {}) as Record<string, string>;
    for (const [k, v] of Object.entries(data)) {
      if (own[k] !== undefined && own[k] !== v) {
        issues.push({
          path: `configMapData[${JSON.stringify(key)}].${k}`,
          message: `the charts set ${show(k)} of ConfigMap ${show(key)} to ${show(own[k])} but the platform needs ${show(v)}; remove the key from the charts or change the gateway`,
        });
      }
    }
  }
  return issues;
}

/**
 * Ready charts, a callback that builds charts into the app it is given, or objects already
 * synthesized (see `synthesizeCharts`).
 */
export type ChartSource =
  | { readonly charts: readonly Chart[] }
  | { readonly build: (app: App) => void }
  | { readonly objects: readonly KubeObject[] };

export interface ChartReleaseOptions {
  /**
   * The cluster's Kubernetes provider.
   * @default - the provider inherited from the parent or the default provider
   */
  readonly provider?: k8s.Provider;
  /**
   * What partly owned ConfigMaps and Knative objects wait for, such as the Knative addon.
   * @default - nothing
   */
  readonly dependsOn?: pulumi.Input<pulumi.Resource>[];
  /**
   * Keys to set in ConfigMaps the library owns only partly, by `<namespace>/<name>`, merged into
   * the chart's patch for that ConfigMap (or patched on their own), for example the gateway's
   * `ingress.class` in `knative-serving/config-network`.
   * @default - none
   */
  readonly configMapData?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /**
   * Skip the readiness await of the deployed objects.
   * @default false
   */
  readonly skipAwait?: boolean;
}

export type ChartReleaseArgs = ChartSource & ChartReleaseOptions;

/**
 * Synthesizes charts to objects. Each app is validated once (`synthApp`), not once per chart as
 * `chart.toJson()` would, which keeps a 5,000-model fleet linear. The constructs' warnings (a
 * fleet's settings that have no effect) are added to `warnings` when it is given.
 */
export function synthesizeCharts(source: ChartSource, warnings?: Issue[]): KubeObject[] {
  if ('objects' in source) return [...source.objects];
  if ('build' in source) {
    const app = new App();
    source.build(app);
    const objects = [...synthApp(app).values()].flat() as KubeObject[];
    warnings?.push(...collectWarnings([app]));
    return objects;
  }
  warnings?.push(...collectWarnings(source.charts));
  const byApp = new Map<App, Map<Chart, Record<string, unknown>[]>>();
  return source.charts.flatMap((chart) => {
    const app = App.of(chart);
    if (!byApp.has(app)) byApp.set(app, synthApp(app));
    return (byApp.get(app)?.get(chart) ?? []) as KubeObject[];
  });
}

/** Shows warnings under `pulumi up` / `preview`, one `<path>: <message>` line each. */
export function logWarnings(warnings: readonly Issue[], resource: pulumi.Resource): void {
  for (const w of warnings) void pulumi.log.warn(formatIssue(w), resource);
}

/** Deterministic Pulumi name of a ConfigMap patch: `<release>-<namespace>-<name>`. */
export function patchResourceName(release: string, obj: Pick<KubeObject, 'metadata'>): string {
  return `${release}-${obj.metadata.namespace}-${obj.metadata.name}`;
}

/**
 * Deploys cdk8s charts through `@pulumi/kubernetes`, in order: CRDs and Namespaces; then partly owned
 * ConfigMaps as `ConfigMapPatch`es (server-side apply, `pulumi.com/patchForce: "true"`) and the other
 * objects; then Knative objects, after the patches, `dependsOn` (the Knative addon) and, when
 * the other objects hold ServiceAccounts, after those.
 */
export class ChartRelease extends pulumi.ComponentResource {
  /** The synthesized objects, in chart order (as handed to Kubernetes, before patch conversion). */
  public readonly objects: readonly KubeObject[];
  public readonly partitioned: PartitionedObjects;
  public readonly foundation?: k8s.yaml.v2.ConfigGroup;
  public readonly workloads?: k8s.yaml.v2.ConfigGroup;
  public readonly knative?: k8s.yaml.v2.ConfigGroup;
  public readonly patches: readonly k8s.core.v1.ConfigMapPatch[];
  /** Every Kubernetes resource the groups created. */
  public readonly resources: pulumi.Output<unknown[]>;
  /** The charts' warnings (settings that have no effect), also logged to Pulumi. */
  public readonly warnings: readonly Issue[];

  constructor(name: string, args: ChartReleaseArgs, opts: pulumi.ComponentResourceOptions = {}) {
    const warnings: Issue[] = [];
    const objects = synthesizeCharts(args, warnings);
    const extra = args.configMapData ?? {};
    throwIfInvalid('ChartRelease', name, checkReleaseObjects(objects, extra));
    super('ack-serving:deploy:ChartRelease', name, {}, opts);
    this.warnings = warnings;
    logWarnings(warnings, this);
    this.objects = objects;
    this.partitioned = partitionObjects(objects);
    const { foundation, workloads, knative } = this.partitioned;
    const base = { parent: this, ...(args.provider ? { provider: args.provider } : {}) };
    const waitFor = args.dependsOn ?? [];
    // The release's own `dependsOn` holds for every child too (Pulumi does not pass it on).
    const inherited = opts.dependsOn === undefined ? undefined : childDependsOn(opts);
    const deps = (fixed: pulumi.Input<pulumi.Resource>[]) =>
      inherited === undefined
        ? fixed
        : Array.isArray(inherited) // a plain list stays plain: no Output walk over the resources
          ? [...fixed, ...inherited]
          : pulumi.output(inherited).apply((d) => [...fixed, ...d]);
    // One prefix for every group, so an object keeps its resource name if it moves between groups.
    const group = (
      suffix: string,
      objs: KubeObject[],
      dependsOn: pulumi.Input<pulumi.Resource>[],
    ) =>
      objs.length === 0
        ? undefined
        : new k8s.yaml.v2.ConfigGroup(
            `${name}-${suffix}`,
            { objs: objs.map((o) => ({ ...o })), resourcePrefix: name, skipAwait: args.skipAwait },
            { ...base, dependsOn: deps(dependsOn) },
          );

    this.foundation = group('foundation', foundation, []);
    const afterFoundation = this.foundation ? [this.foundation] : [];

    // Partly owned ConfigMaps: the chart's keys plus the extra keys, one patch per ConfigMap.
    const patchObjs = new Map<string, KubeObject>();
    for (const cm of this.partitioned.patches) patchObjs.set(objectKey(cm), cm);
    for (const key of Object.keys(extra).sort()) {
      const [namespace, cmName] = key.split('/');
      const cm = patchObjs.get(key);
      patchObjs.set(key, {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        ...cm,
        metadata: {
          ...(cm?.metadata ?? {
            name: cmName,
            namespace,
            annotations: { [OWNERSHIP_ANNOTATION]: PARTIAL_OWNERSHIP },
          }),
        },
        data: { ...((cm?.data ?? {}) as Record<string, string>), ...extra[key] },
      });
    }
    this.patches = [...patchObjs.values()].map(
      (cm) =>
        new k8s.core.v1.ConfigMapPatch(
          patchResourceName(name, cm),
          {
            metadata: {
              name: cm.metadata.name,
              namespace: cm.metadata.namespace,
              labels: cm.metadata.labels ? { ...cm.metadata.labels } : undefined,
              annotations: { ...cm.metadata.annotations, 'pulumi.com/patchForce': 'true' },
            },
            data: cm.data as Record<string, string> | undefined,
          },
          { ...base, dependsOn: deps([...afterFoundation, ...waitFor]) },
        ),
    );

    this.workloads = group('workloads', workloads, [...afterFoundation, ...waitFor]);
    // A revision's pods run as their ServiceAccount: it must exist before Knative creates them.
    const accounts =
      this.workloads && workloads.some((o) => o.kind === 'ServiceAccount' && o.apiVersion === 'v1')
        ? [this.workloads]
        : [];
    this.knative = group('knative', knative, [
      ...afterFoundation,
      ...this.patches,
      ...accounts,
      ...waitFor,
    ]);

    const groups = [this.foundation, this.workloads, this.knative].filter(
      (g): g is k8s.yaml.v2.ConfigGroup => g !== undefined,
    );
    this.resources = pulumi
      .all(groups.map((g) => g.resources))
      .apply((lists) => lists.flatMap((l) => (l ?? []) as unknown[]));
    this.registerOutputs({ resources: this.resources });
  }
}
