import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { Issue, joinPath, show } from '../../validation/issue';
import { checkDns1123Subdomain, checkStringMap } from '../../validation/names';
import { LabelSelector } from '../pod-spec';
import {
  addEventingObject,
  checkMetadata,
  EventingObjectProps,
  renderMetadata,
  prune,
} from './_util';
import {
  checkEventingFeatures,
  EventingClusterConfig,
  EventingFeatureRequirement,
  IRequiresEventingFeatures,
} from './features';
import { checkSubscriptionsApiFilters, Filter, renderSubscriptionsApiFilter } from './filters';
import { checkSourceSpec, renderSourceSpec, SourceProps, sourceFeatures } from './source';

/** Checks a label selector. */
// k8s.io/apimachinery pkg/apis/meta/v1/validation/validation.go ValidateLabelSelector
export function checkLabelSelector(selector: LabelSelector, path: string): Issue[] {
  const issues = checkStringMap(
    selector.matchLabels as Record<string, unknown> | undefined,
    joinPath(path, 'matchLabels'),
    'label',
  );
  (selector.matchExpressions ?? []).forEach((e, i) => {
    const at = joinPath(joinPath(path, 'matchExpressions'), i);
    issues.push(...checkStringMap({ [e.key]: '' }, joinPath(at, 'key'), 'label'));
    const n = e.values?.length ?? 0;
    if (e.operator === 'In' || e.operator === 'NotIn') {
      if (n === 0)
        issues.push({
          path: joinPath(at, 'values'),
          message: `operator '${e.operator}' needs at least one value`,
        });
    } else if (e.operator === 'Exists' || e.operator === 'DoesNotExist') {
      if (n > 0)
        issues.push({
          path: joinPath(at, 'values'),
          message: `operator '${e.operator}' takes no values`,
        });
    } else {
      issues.push({
        path: joinPath(at, 'operator'),
        message: `operator ${show(e.operator)} is not one of 'In', 'NotIn', 'Exists', 'DoesNotExist'`,
      });
    }
  });
  return issues;
}

/** Checks an `apiVersion` the way `schema.ParseGroupVersion` reads it: `v1` or `group/version`. */
// k8s.io/apimachinery pkg/runtime/schema/group_version.go ParseGroupVersion
export function checkApiVersion(value: unknown, path: string): Issue[] {
  if (
    typeof value !== 'string' ||
    value === '' ||
    value.split('/').length > 2 ||
    /(^\/|\/$)/.test(value)
  ) {
    return [
      {
        path,
        message: `apiVersion ${show(value)} must be 'version' or 'group/version', such as 'v1' or 'apps/v1'`,
      },
    ];
  }
  return [];
}

/** A kind of object to watch. */
export interface ApiServerResource {
  /** e.g. `v1`, `apps/v1`. */
  readonly apiVersion: string;
  /** e.g. `Event`, `Pod`. */
  readonly kind: string;
  /**
   * Only objects with these labels.
   * @default - every object of the kind
   */
  readonly selector?: LabelSelector;
}

/** `Reference` sends a reference to the changed object; `Resource` sends the whole object. */
export type ApiServerSourceMode = 'Reference' | 'Resource';

export interface KnativeApiServerSourceProps extends EventingObjectProps, SourceProps {
  /** The kinds to watch; at least one. */
  readonly resources: readonly ApiServerResource[];
  /**
   * Only objects owned by an object of this kind.
   * @default - any owner
   */
  readonly owner?: { readonly apiVersion: string; readonly kind: string };
  /**
   * What each event carries.
   * @default 'Reference'
   */
  readonly mode?: ApiServerSourceMode;
  /**
   * The service account the adapter runs as; it needs get/list/watch on the resources.
   * @default 'default'
   */
  readonly serviceAccountName?: string;
  /**
   * Namespaces to watch, by label.
   * @default - the source's namespace
   */
  readonly namespaceSelector?: LabelSelector;
  /**
   * SubscriptionsAPI filters on the emitted events; needs the Eventing feature `new-apiserversource-filters`.
   * @default - none
   */
  readonly filters?: readonly Filter[];
  /**
   * The cluster's Eventing settings, to check feature-gated fields at construction.
   * @default - not checked here
   */
  readonly cluster?: EventingClusterConfig;
}

/** Checks an ApiServerSource's props; every problem is returned. */
// knative/eventing pkg/apis/sources/v1/apiserver_validation.go
export function checkApiServerSource(props: KnativeApiServerSourceProps, path: string): Issue[] {
  const issues = checkMetadata(props, path, 'ApiServerSource');
  if (!props.resources || props.resources.length === 0) {
    issues.push({
      path: joinPath(path, 'resources'),
      message: `resources must list at least one kind to watch, such as { apiVersion: 'v1', kind: 'Event' }`,
    });
  }
  (props.resources ?? []).forEach((r, i) => {
    const at = joinPath(joinPath(path, 'resources'), i);
    issues.push(...checkApiVersion(r.apiVersion, joinPath(at, 'apiVersion')));
    if (!r.kind?.trim())
      issues.push({ path: joinPath(at, 'kind'), message: `kind is required, such as 'Event'` });
    if (r.selector) issues.push(...checkLabelSelector(r.selector, joinPath(at, 'selector')));
  });
  if (props.owner) {
    issues.push(
      ...checkApiVersion(props.owner.apiVersion, joinPath(joinPath(path, 'owner'), 'apiVersion')),
    );
    if (!props.owner.kind?.trim())
      issues.push({
        path: joinPath(joinPath(path, 'owner'), 'kind'),
        message: `owner kind is required`,
      });
  }
  if (props.mode !== undefined && props.mode !== 'Reference' && props.mode !== 'Resource') {
    issues.push({
      path: joinPath(path, 'mode'),
      message: `mode ${show(props.mode)} is not supported; use 'Reference' or 'Resource' (case-sensitive)`,
    });
  }
  if (props.serviceAccountName !== undefined) {
    issues.push(
      ...checkDns1123Subdomain(
        props.serviceAccountName,
        joinPath(path, 'serviceAccountName'),
        'serviceAccountName',
      ),
    );
  }
  if (props.namespaceSelector)
    issues.push(
      ...checkLabelSelector(props.namespaceSelector, joinPath(path, 'namespaceSelector')),
    );
  issues.push(...checkSubscriptionsApiFilters(props.filters, joinPath(path, 'filters')));
  issues.push(...checkSourceSpec(props, path));
  issues.push(...checkEventingFeatures(apiServerSourceFeatures(props, path), props.cluster));
  return issues;
}

/** Eventing feature flags an ApiServerSource needs. */
export function apiServerSourceFeatures(
  props: KnativeApiServerSourceProps,
  path: string,
): EventingFeatureRequirement[] {
  const reqs = sourceFeatures(props, path);
  if (props.filters && props.filters.length > 0) {
    reqs.push({
      flag: 'new-apiserversource-filters',
      path: joinPath(path, 'filters'),
      field: 'filters',
    });
  }
  return reqs;
}

/** Renders an ApiServerSource manifest. */
export function renderApiServerSource(props: KnativeApiServerSourceProps): Record<string, unknown> {
  const spec: Record<string, unknown> = {
    resources: props.resources.map((r) =>
      prune({ apiVersion: r.apiVersion, kind: r.kind, selector: r.selector }),
    ),
  };
  if (props.owner) spec.owner = { apiVersion: props.owner.apiVersion, kind: props.owner.kind };
  if (props.mode !== undefined) spec.mode = props.mode;
  if (props.serviceAccountName !== undefined) spec.serviceAccountName = props.serviceAccountName;
  if (props.namespaceSelector) spec.namespaceSelector = props.namespaceSelector;
  if (props.filters && props.filters.length > 0)
    spec.filters = props.filters.map((f) => renderSubscriptionsApiFilter(f.spec));
  Object.assign(spec, renderSourceSpec(props, props.namespace));
  return {
    apiVersion: 'sources.knative.dev/v1',
    kind: 'ApiServerSource',
    metadata: renderMetadata(props),
    spec,
  };
}

/** A Knative ApiServerSource: turns Kubernetes API changes into CloudEvents. */
export class KnativeApiServerSource extends Construct implements IRequiresEventingFeatures {
  public readonly apiObject: ApiObject;
  private readonly props: KnativeApiServerSourceProps;

  constructor(scope: Construct, id: string, props: KnativeApiServerSourceProps) {
    super(scope, id);
    const built = addEventingObject(this, props, checkApiServerSource, renderApiServerSource);
    this.props = built.props;
    this.apiObject = built.apiObject;
  }

  public requiredEventingFeatures(): EventingFeatureRequirement[] {
    return apiServerSourceFeatures(this.props, this.node.path);
  }
}

/**
 * @deprecated renamed `KnativeApiServerSource`: every class that renders a Knative kind is `Knative*`. This
 * alias is removed in the next release.
 */
export const ApiServerSource = KnativeApiServerSource;
/** @deprecated renamed `KnativeApiServerSource`; removed in the next release */
export type ApiServerSource = KnativeApiServerSource;
/** @deprecated renamed `KnativeApiServerSourceProps`; removed in the next release */
export type ApiServerSourceProps = KnativeApiServerSourceProps;
