import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { OssGrant, normalizeOssGrants } from '../validation';
import { OSS_ACCESS_ANNOTATION, RRSA_ROLE_ANNOTATION } from './identity';

export interface ModelServiceAccountProps {
  /** The service account's name. */
  readonly name: string;
  /** @default - the chart's namespace */
  readonly namespace?: string;
  /** The RAM role its pods assume through RRSA. */
  readonly roleName: string;
  /** OSS access the role is granted; recorded on the object for the cloud side. @default - none */
  readonly oss?: readonly OssGrant[];
  /** @default - none */
  readonly labels?: Readonly<Record<string, string>>;
}

/**
 * The ServiceAccount a model's pods run as, annotated with the RAM role ACK's pod identity webhook
 * injects (RRSA) and the OSS access that role gets. It does not mount the API token: model pods
 * do not call the Kubernetes API, and RRSA projects a token of its own.
 */
export class ModelServiceAccount extends Construct {
  public readonly name: string;
  public readonly roleName: string;
  public readonly apiObject: ApiObject;
  private readonly _oss: OssGrant[];

  constructor(scope: Construct, id: string, props: ModelServiceAccountProps) {
    super(scope, id);
    this.name = props.name;
    this.roleName = props.roleName;
    this._oss = [...(props.oss ?? [])];
    this.apiObject = new ApiObject(this, 'Resource', {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: {
        name: props.name,
        ...(props.namespace !== undefined ? { namespace: props.namespace } : {}),
        ...(props.labels ? { labels: { ...props.labels } } : {}),
        annotations: { [RRSA_ROLE_ANNOTATION]: props.roleName },
      },
      automountServiceAccountToken: false,
    });
    this.record();
    this.node.defaultChild = this.apiObject;
  }

  /** The OSS access granted, sorted. */
  public get oss(): OssGrant[] {
    return normalizeOssGrants(this._oss);
  }

  /** Adds OSS access (already checked by the caller). */
  public addOss(...grants: OssGrant[]): void {
    this._oss.push(...grants);
    this.record();
  }

  private record(): void {
    const oss = this.oss;
    if (oss.length > 0)
      this.apiObject.metadata.addAnnotation(OSS_ACCESS_ANNOTATION, JSON.stringify(oss));
  }
}
