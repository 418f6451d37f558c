import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { Issue, joinPath, show } from '../../validation/issue';
import { checkDns1123Label, isQualifiedName } from '../../validation/names';
import {
  addEventingObject,
  checkMetadata,
  EventingObjectProps,
  renderMetadata,
  prune,
} from './_util';
import { LabelSelector } from '../pod-spec';
import { checkLabelSelector } from './api-server-source';
import {
  checkEventingFeatures,
  EventingClusterConfig,
  EventingFeatureRequirement,
  IRequiresEventingFeatures,
} from './features';
import { checkSourceSpec, renderSourceSpec, SourceProps, sourceFeatures } from './source';

/** The workload a SinkBinding injects `K_SINK` into: by name or by selector, not both. */
export interface SinkBindingSubject {
  /** e.g. `apps/v1`, `batch/v1`. */
  readonly apiVersion: string;
  /** e.g. `Deployment`, `CronJob`. */
  readonly kind: string;
  /**
   * One object by name. Set this or `selector`.
   * @default - none
   */
  readonly name?: string;
  /**
   * Every matching object. Set this or `name`.
   * @default - none
   */
  readonly selector?: LabelSelector;
  /**
   * Must be the binding's own namespace.
   * @default - the binding's namespace
   */
  readonly namespace?: string;
}

export interface KnativeSinkBindingProps extends EventingObjectProps, SourceProps {
  readonly subject: SinkBindingSubject;
  /**
   * The cluster's Eventing settings, to check feature-gated fields at construction.
   * @default - not checked here
   */
  readonly cluster?: EventingClusterConfig;
}

/** Checks a SinkBinding's props; every problem is returned. */
// knative/eventing pkg/apis/sources/v1/sinkbinding_validation.go and knative/pkg tracker/interface.go Reference.Validate
export function checkSinkBinding(props: KnativeSinkBindingProps, path: string): Issue[] {
  const issues = checkMetadata(props, path, 'SinkBinding');
  const at = joinPath(path, 'subject');
  const s = props.subject;
  if (!s) {
    issues.push({
      path: at,
      message: `subject is required: the workload to bind, such as { apiVersion: 'apps/v1', kind: 'Deployment', name: 'scorer' }`,
    });
  } else {
    // knative/pkg tracker/interface.go Reference.Validate
    if (typeof s.apiVersion !== 'string' || !isQualifiedName(s.apiVersion)) {
      issues.push({
        path: joinPath(at, 'apiVersion'),
        message: `subject apiVersion ${show(s.apiVersion)} must be 'version' or 'group/version', such as 'apps/v1'`,
      });
    }
    if (typeof s.kind !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(s.kind)) {
      issues.push({
        path: joinPath(at, 'kind'),
        message: s.kind
          ? `subject kind ${show(s.kind)} must be a kind name such as 'Deployment'`
          : `subject kind is required, such as 'Deployment'`,
      });
    }
    const hasName = s.name !== undefined && s.name !== '';
    if (hasName && !s.selector)
      issues.push(...checkDns1123Label(s.name, joinPath(at, 'name'), 'subject name'));
    if (hasName && s.selector) {
      issues.push({
        path: at,
        message: `subject sets both name ${show(s.name)} and selector; set only one`,
      });
    } else if (!hasName && !s.selector) {
      issues.push({ path: at, message: `subject needs a name or a selector` });
    }
    if (s.selector) issues.push(...checkLabelSelector(s.selector, joinPath(at, 'selector')));
    if (
      s.namespace !== undefined &&
      s.namespace !== '' &&
      props.namespace !== undefined &&
      s.namespace !== props.namespace
    ) {
      issues.push({
        path: joinPath(at, 'namespace'),
        message: `subject namespace ${show(s.namespace)} must be the SinkBinding's namespace ${show(props.namespace)}`,
      });
    }
  }
  issues.push(...checkSourceSpec(props, path));
  issues.push(...checkEventingFeatures(sourceFeatures(props, path), props.cluster));
  return issues;
}

/** Renders a SinkBinding manifest; the subject's namespace is the binding's. */
export function renderSinkBinding(props: KnativeSinkBindingProps): Record<string, unknown> {
  const { apiVersion, kind, name, selector } = props.subject;
  const spec: Record<string, unknown> = {
    subject: prune({
      apiVersion,
      kind,
      namespace: props.subject.namespace ?? props.namespace,
      name,
      selector,
    }),
    ...renderSourceSpec(props, props.namespace),
  };
  return {
    apiVersion: 'sources.knative.dev/v1',
    kind: 'SinkBinding',
    metadata: renderMetadata(props),
    spec,
  };
}

/**
 * A Knative SinkBinding: injects `K_SINK` (and `K_CE_OVERRIDES`) into a workload so it can send
 * events. The webhook binds every namespace unless opted out with label
 * `bindings.knative.dev/exclude: "true"`.
 */
export class KnativeSinkBinding extends Construct implements IRequiresEventingFeatures {
  public readonly apiObject: ApiObject;
  private readonly props: KnativeSinkBindingProps;

  constructor(scope: Construct, id: string, props: KnativeSinkBindingProps) {
    super(scope, id);
    const built = addEventingObject(this, props, checkSinkBinding, renderSinkBinding);
    this.props = built.props;
    this.apiObject = built.apiObject;
  }

  public requiredEventingFeatures(): EventingFeatureRequirement[] {
    return sourceFeatures(this.props, this.node.path);
  }
}

/**
 * @deprecated renamed `KnativeSinkBinding`: every class that renders a Knative kind is `Knative*`. This
 * alias is removed in the next release.
 */
export const SinkBinding = KnativeSinkBinding;
/** @deprecated renamed `KnativeSinkBinding`; removed in the next release */
export type SinkBinding = KnativeSinkBinding;
/** @deprecated renamed `KnativeSinkBindingProps`; removed in the next release */
export type SinkBindingProps = KnativeSinkBindingProps;
