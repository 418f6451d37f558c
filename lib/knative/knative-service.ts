import { ApiObject, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { ClusterConfig, FeatureRequirement, IRequiresFeatures } from './cluster-config';
import { KnativeObjectProps, renderObjectMetadata } from './object-metadata';
import { IAddressable, KReference } from './reference';
import {
  RevisionTemplateProps,
  renderRevisionTemplate,
  revisionTemplateFeatures,
} from './revision-template';
import { clusterConfigFor } from './serving-settings';
import { checkTemplateOwner } from './template-owner';
import { visibilityOf } from './hostnames';
import { TrafficTargetProps, checkRouteHost, checkTraffic, renderTraffic } from './traffic';
import { joinPath, throwIfAny } from '../validation';

export interface KnativeServiceProps extends KnativeObjectProps {
  /** The revision template: containers, limits, autoscaling. */
  readonly template: RevisionTemplateProps;
  /**
   * Traffic over this Service's revisions.
   * @default - 100 % to the latest ready revision
   */
  readonly traffic?: readonly TrafficTargetProps[];
  /** What the target cluster accepts. @default - the ServingSettings in this app, else Knative's defaults */
  readonly cluster?: ClusterConfig;
}

/** A Knative `Service`: a Configuration and a Route under one name. */
export class KnativeService extends Construct implements IAddressable, IRequiresFeatures {
  /** Refers to a Service that exists already, e.g. as an event subscriber. */
  public static fromServiceName(name: string, namespace?: string): IAddressable {
    return {
      addressRef: {
        apiVersion: 'serving.knative.dev/v1',
        kind: 'Service',
        name,
        ...(namespace ? { namespace } : {}),
      },
    };
  }

  public readonly name: string;
  public readonly namespace?: string;
  public readonly apiObject: ApiObject;
  public readonly addressRef: KReference;
  private readonly props: KnativeServiceProps;

  constructor(scope: Construct, id: string, props: KnativeServiceProps) {
    super(scope, id);
    this.props = props;
    this.name = props.name;
    this.namespace = props.namespace ?? Chart.of(this).namespace;
    const cluster = props.cluster ?? clusterConfigFor(this);
    const ns = this.namespace ?? 'default';
    // Service labels are copied to its Route (pkg/reconciler/service/resources/route.go)
    const visibility = visibilityOf(props.labels);
    throwIfAny([
      ...checkTemplateOwner(this, props, this.namespace, cluster),
      ...checkRouteHost(props.name, joinPath(this.node.path, 'name'), ns, cluster, visibility),
      ...checkTraffic(props.traffic ?? [], joinPath(this.node.path, 'traffic'), {
        owner: 'service',
        routeName: props.name,
        namespace: ns,
        cluster,
        visibility,
      }),
    ]);
    this.addressRef = {
      apiVersion: 'serving.knative.dev/v1',
      kind: 'Service',
      name: props.name,
      ...(this.namespace ? { namespace: this.namespace } : {}),
    };
    this.apiObject = new ApiObject(this, 'Resource', {
      apiVersion: 'serving.knative.dev/v1',
      kind: 'Service',
      metadata: renderObjectMetadata(props, this.namespace),
      // Props are immutable and there is no addXxx(), so the spec renders once, now.
      spec: this._toKube(),
    });
  }

  public requiredFeatures(): FeatureRequirement[] {
    return revisionTemplateFeatures(this.props.template, joinPath(this.node.path, 'template'));
  }

  /** @internal */
  public _toKube(): Record<string, unknown> {
    const spec: Record<string, unknown> = {
      template: renderRevisionTemplate(this.props.template, this.props.name),
    };
    if (this.props.traffic && this.props.traffic.length > 0)
      spec.traffic = renderTraffic(this.props.traffic);
    return spec;
  }
}
