import { ApiObject, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { ClusterConfig, FeatureRequirement, IRequiresFeatures } from './cluster-config';
import { KnativeObjectProps, renderObjectMetadata } from './object-metadata';
import {
  RevisionTemplateProps,
  renderRevisionTemplate,
  revisionTemplateFeatures,
} from './revision-template';
import { clusterConfigFor } from './serving-settings';
import { checkTemplateOwner } from './template-owner';
import { joinPath, throwIfAny } from '../validation';

export interface KnativeConfigurationProps extends KnativeObjectProps {
  /** The revision template: containers, limits, autoscaling. */
  readonly template: RevisionTemplateProps;
  /**
   * What the target cluster accepts.
   * @default - the ServingSettings in this app, else Knative's defaults
   */
  readonly cluster?: ClusterConfig;
}

/**
 * A Knative `Configuration`: one stream of Revisions. A model version is one Configuration,
 * so each version keeps its own image, resources and autoscaling.
 */
export class KnativeConfiguration extends Construct implements IRequiresFeatures {
  public readonly name: string;
  public readonly namespace?: string;
  public readonly apiObject: ApiObject;
  private readonly props: KnativeConfigurationProps;

  constructor(scope: Construct, id: string, props: KnativeConfigurationProps) {
    super(scope, id);
    this.props = props;
    this.name = props.name;
    this.namespace = props.namespace ?? Chart.of(this).namespace;
    const cluster = props.cluster ?? clusterConfigFor(this);
    if (!props._checked) {
      throwIfAny(checkTemplateOwner(this, props, this.namespace, cluster));
    }
    this.apiObject = new ApiObject(this, 'Resource', {
      apiVersion: 'serving.knative.dev/v1',
      kind: 'Configuration',
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
    return { template: renderRevisionTemplate(this.props.template, this.props.name) };
  }
}
