import { ApiObject, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { ClusterConfig } from './cluster-config';
import { KnativeObjectProps, checkObjectMetadata, renderObjectMetadata } from './object-metadata';
import { IAddressable, KReference } from './reference';
import { clusterConfigFor } from './serving-settings';
import { visibilityOf } from './hostnames';
import { TrafficTargetProps, checkRouteHost, checkTraffic, renderTraffic } from './traffic';
import { joinPath, throwIfAny } from '../validation';

export interface KnativeRouteProps extends KnativeObjectProps {
  /** Where requests go; percents sum to exactly 100. Tags give targets their own URLs. */
  readonly traffic: readonly TrafficTargetProps[];
  /** What the target cluster accepts. @default - the ServingSettings in this app, else Knative's defaults */
  readonly cluster?: ClusterConfig;
}

/** A Knative `Route`: named URLs and a traffic split over Configurations and Revisions. */
export class KnativeRoute extends Construct implements IAddressable {
  public readonly name: string;
  public readonly namespace?: string;
  public readonly apiObject: ApiObject;
  public readonly addressRef: KReference;
  private readonly traffic: readonly TrafficTargetProps[];

  constructor(scope: Construct, id: string, props: KnativeRouteProps) {
    super(scope, id);
    this.name = props.name;
    this.namespace = props.namespace ?? Chart.of(this).namespace;
    this.traffic = [...props.traffic];
    const cluster = props.cluster ?? clusterConfigFor(this);
    const ns = this.namespace ?? 'default';
    const visibility = visibilityOf(props.labels);
    if (!props._checked) {
      throwIfAny([
        ...checkObjectMetadata(props, this.node.path, this.namespace),
        ...checkRouteHost(props.name, joinPath(this.node.path, 'name'), ns, cluster, visibility),
        ...checkTraffic(this.traffic, joinPath(this.node.path, 'traffic'), {
          owner: 'route',
          routeName: props.name,
          namespace: ns,
          cluster,
          visibility,
        }),
      ]);
    }
    this.addressRef = {
      apiVersion: 'serving.knative.dev/v1',
      kind: 'Route',
      name: props.name,
      ...(this.namespace ? { namespace: this.namespace } : {}),
    };
    this.apiObject = new ApiObject(this, 'Resource', {
      apiVersion: 'serving.knative.dev/v1',
      kind: 'Route',
      metadata: renderObjectMetadata(props, this.namespace),
      spec: { traffic: renderTraffic(this.traffic) },
    });
  }
}
