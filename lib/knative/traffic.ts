import { ClusterConfig } from './cluster-config';
import { Visibility, longHostLabels, routeHost } from './hostnames';
import {
  Issue,
  checkDns1035Label,
  checkNumber,
  isQualifiedName,
  joinPath,
  show,
} from '../validation';

/** One entry of a Route's (or Service's) `spec.traffic`. */
export interface TrafficTargetProps {
  /** Gives this target its own URL, `<tag>-<route>.<namespace>.<domain>`. @default - no tag */
  readonly tag?: string;
  /** A specific revision. @default - none */
  readonly revisionName?: string;
  /** The latest ready revision of this Configuration (Routes only). @default - none */
  readonly configurationName?: string;
  /** Follow the latest ready revision. @default - true when revisionName is unset */
  readonly latestRevision?: boolean;
  /** Share of requests, 0 to 100; all targets sum to 100. @default 0 */
  readonly percent?: number;
}

export interface TrafficCheckOptions {
  /** A Service's traffic implies its own Configuration; a Route names one. */
  readonly owner: 'service' | 'route';
  readonly routeName: string;
  readonly namespace: string;
  readonly cluster: ClusterConfig;
  /** A cluster-local route's hosts live under `svc.<cluster domain>`. @default 'external' */
  readonly visibility?: Visibility;
}

/** Every rule Knative applies to a traffic block, plus the host-length check it only does at reconcile. */
// knative/serving pkg/apis/serving/v1/route_validation.go (TrafficTarget.Validate, validateTrafficList)
export function checkTraffic(
  targets: readonly TrafficTargetProps[],
  path: string,
  opts: TrafficCheckOptions,
): Issue[] {
  const issues: Issue[] = [];
  if (targets.length === 0) {
    if (opts.owner === 'route')
      issues.push({
        path,
        message: 'traffic is empty: a Route needs targets whose percents sum to 100',
      });
    return issues;
  }
  const tags = new Map<string, number>();
  let sum = 0;
  targets.forEach((t, i) => {
    const at = joinPath(path, i);
    const percent = t.percent ?? 0;
    const pIssues = checkNumber(percent, joinPath(at, 'percent'), 'percent', {
      min: 0,
      max: 100,
      integer: true,
    });
    issues.push(...pIssues);
    if (pIssues.length === 0) sum += percent;
    const latest = t.latestRevision ?? t.revisionName === undefined;
    if (latest && t.revisionName !== undefined) {
      issues.push({
        path: joinPath(at, 'revisionName'),
        message: `revisionName ${show(t.revisionName)} cannot be set when latestRevision is true; drop one of them`,
      });
    }
    if (!latest && t.revisionName === undefined) {
      issues.push({
        path: joinPath(at, 'latestRevision'),
        message:
          'latestRevision false needs a revisionName to pin; set revisionName or drop latestRevision',
      });
    }
    if (opts.owner === 'service' && t.configurationName !== undefined) {
      issues.push({
        path: joinPath(at, 'configurationName'),
        message: `configurationName ${show(t.configurationName)} is not allowed in a Service's traffic (it routes to its own Configuration); use revisionName or latestRevision`,
      });
    }
    if (
      opts.owner === 'route' &&
      (t.revisionName === undefined) === (t.configurationName === undefined)
    ) {
      issues.push({
        path: at,
        message: 'a Route target needs exactly one of revisionName or configurationName',
      });
    }
    for (const field of ['revisionName', 'configurationName'] as const) {
      const name = t[field];
      if (name !== undefined && !isQualifiedName(name)) {
        issues.push({
          path: joinPath(at, field),
          message: `${field} ${show(name)} is not a valid Kubernetes name`,
        });
      }
    }
    if (t.tag !== undefined) {
      const tagIssues = checkDns1035Label(t.tag, joinPath(at, 'tag'), 'tag');
      issues.push(...tagIssues);
      if (tagIssues.length === 0) {
        if (tags.has(t.tag)) {
          issues.push({
            path: joinPath(at, 'tag'),
            message: `tag ${show(t.tag)} is already used by traffic[${tags.get(t.tag)}]; tags must be unique`,
          });
        } else {
          tags.set(t.tag, i);
          issues.push(...checkTagHost(t.tag, joinPath(at, 'tag'), opts));
        }
      }
    }
  });
  if (sum !== 100 && issues.every((i) => !i.path.endsWith('.percent'))) {
    issues.push({ path, message: `traffic percents sum to ${sum}; they must sum to exactly 100` });
  }
  return issues;
}

/** Knative rejects a tagged host whose labels exceed 63 characters only at reconcile time; we do it now. */
// knative/serving pkg/reconciler/route/domains/domains.go (validation.IsFullyQualifiedDomainName)
function checkTagHost(tag: string, path: string, opts: TrafficCheckOptions): Issue[] {
  const host = routeHost(
    opts.cluster.network,
    opts.routeName,
    opts.namespace,
    tag,
    opts.visibility,
  );
  if (host === undefined) return [];
  const long = longHostLabels(host);
  if (long.length === 0) return [];
  return [
    {
      path,
      message: `tag ${show(tag)} gives the host ${show(host)}, whose label ${show(long[0])} is ${long[0].length} characters; DNS allows 63, so shorten the tag or the route name`,
    },
  ];
}

/** Checks the route's own host (`{name}.{namespace}.{domain}` by default). */
export function checkRouteHost(
  routeName: string,
  path: string,
  namespace: string,
  cluster: ClusterConfig,
  visibility: Visibility = 'external',
): Issue[] {
  const host = routeHost(cluster.network, routeName, namespace, undefined, visibility);
  if (host === undefined) return [];
  const long = longHostLabels(host);
  if (long.length === 0) return [];
  return [
    {
      path,
      message: `name ${show(routeName)} gives the host ${show(host)}, whose label ${show(long[0])} is ${long[0].length} characters; DNS allows 63, so shorten the name`,
    },
  ];
}

/** Renders traffic targets with Knative's field names, omitting unset fields. */
export function renderTraffic(targets: readonly TrafficTargetProps[]): Record<string, unknown>[] {
  return targets.map((t) => {
    const out: Record<string, unknown> = {};
    if (t.tag !== undefined) out.tag = t.tag;
    if (t.revisionName !== undefined) out.revisionName = t.revisionName;
    if (t.configurationName !== undefined) out.configurationName = t.configurationName;
    out.latestRevision = t.latestRevision ?? t.revisionName === undefined;
    out.percent = t.percent ?? 0;
    return out;
  });
}
