import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { Issue, joinPath } from '../../validation/issue';
import { checkImage } from '../../validation/image';
import { checkDns1123Label } from '../../validation/names';
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
import { checkSourceSpec, renderSourceSpec, SourceProps, sourceFeatures } from './source';

/** A container of a ContainerSource's pod; it sends events to `$K_SINK`. */
export interface ContainerSourceContainer {
  /** The image, e.g. `registry.example.com/risk/feed-poller:1.0.0`. */
  readonly image: string;
  /**
   * The container name.
   * @default '<source name>-<index>' (what Knative's defaulter sets)
   */
  readonly name?: string;
  /** @default - the image's entrypoint arguments */
  readonly args?: readonly string[];
  /** @default - none */
  readonly env?: Readonly<Record<string, string>>;
  /**
   * Resource requests and limits, as in a Kubernetes container.
   * @default - none
   */
  readonly resources?: {
    readonly requests?: Readonly<Record<string, string>>;
    readonly limits?: Readonly<Record<string, string>>;
  };
}

export interface KnativeContainerSourceProps extends EventingObjectProps, SourceProps {
  /** At least one container. */
  readonly containers: readonly ContainerSourceContainer[];
  /**
   * The pod's service account.
   * @default - the namespace's default
   */
  readonly serviceAccountName?: string;
  /**
   * The cluster's Eventing settings, to check feature-gated fields at construction.
   * @default - not checked here
   */
  readonly cluster?: EventingClusterConfig;
}

/** Checks a ContainerSource's props; every problem is returned. */
// knative/eventing pkg/apis/sources/v1/container_validation.go
export function checkContainerSource(props: KnativeContainerSourceProps, path: string): Issue[] {
  const issues = checkMetadata(props, path, 'ContainerSource');
  if (!props.containers || props.containers.length === 0) {
    issues.push({
      path: joinPath(path, 'containers'),
      message: `containers must list at least one container with an image`,
    });
  }
  (props.containers ?? []).forEach((c, i) => {
    const at = joinPath(joinPath(path, 'containers'), i);
    issues.push(...checkImage(c.image, joinPath(at, 'image')));
    if (c.name !== undefined)
      issues.push(...checkDns1123Label(c.name, joinPath(at, 'name'), 'container name'));
  });
  issues.push(...checkSourceSpec(props, path));
  issues.push(...checkEventingFeatures(sourceFeatures(props, path), props.cluster));
  return issues;
}

/** Renders a ContainerSource manifest; unnamed containers get `<source>-<index>` as Knative would. */
// knative/eventing pkg/apis/sources/v1/container_defaults.go
export function renderContainerSource(props: KnativeContainerSourceProps): Record<string, unknown> {
  const containers = props.containers.map((c, i) =>
    prune({
      name: c.name ?? `${props.name}-${i}`,
      image: c.image,
      args: c.args ? [...c.args] : undefined,
      env: c.env ? Object.entries(c.env).map(([name, value]) => ({ name, value })) : undefined,
      resources: c.resources,
    }),
  );
  const podSpec: Record<string, unknown> = prune({
    serviceAccountName: props.serviceAccountName,
    containers,
  });
  const spec: Record<string, unknown> = {
    template: { spec: podSpec },
    ...renderSourceSpec(props, props.namespace),
  };
  return {
    apiVersion: 'sources.knative.dev/v1',
    kind: 'ContainerSource',
    metadata: renderMetadata(props),
    spec,
  };
}

/** A Knative ContainerSource: runs a container that sends events to the sink (`$K_SINK`). */
export class KnativeContainerSource extends Construct implements IRequiresEventingFeatures {
  public readonly apiObject: ApiObject;
  private readonly props: KnativeContainerSourceProps;

  constructor(scope: Construct, id: string, props: KnativeContainerSourceProps) {
    super(scope, id);
    const built = addEventingObject(this, props, checkContainerSource, renderContainerSource);
    this.props = built.props;
    this.apiObject = built.apiObject;
  }

  public requiredEventingFeatures(): EventingFeatureRequirement[] {
    return sourceFeatures(this.props, this.node.path);
  }
}

/**
 * @deprecated renamed `KnativeContainerSource`: every class that renders a Knative kind is `Knative*`. This
 * alias is removed in the next release.
 */
export const ContainerSource = KnativeContainerSource;
/** @deprecated renamed `KnativeContainerSource`; removed in the next release */
export type ContainerSource = KnativeContainerSource;
/** @deprecated renamed `KnativeContainerSourceProps`; removed in the next release */
export type ContainerSourceProps = KnativeContainerSourceProps;
