import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { EcsUnit } from './placement';
import { Issue, checkDns1123Subdomain, checkGoDuration, joinPath } from '../validation';

export interface ResourcePolicyProps {
  readonly name: string;
  readonly namespace?: string;
  /** Pod labels the policy applies to (same namespace). */
  readonly selector: Readonly<Record<string, string>>;
  /** The ECS unit to fill first. */
  readonly ecs: EcsUnit;
  /** Try ECI after pods wait this long for ECS. @default - as soon as ECS lacks resources */
  readonly waitForEcs?: string;
}

/**
 * ACK's `ResourcePolicy` (scheduling.alibabacloud.com/v1alpha1): fill ECS first, then ECI.
 * Needs ACK Pro >= 1.20.11 and the ack-virtual-node addon for the ECI unit.
 * @see https://www.alibabacloud.com/help/en/document_detail/398680.html
 */
export class ResourcePolicy extends Construct {
  public readonly apiObject: ApiObject;

  constructor(scope: Construct, id: string, props: ResourcePolicyProps) {
    super(scope, id);
    const spec: Record<string, unknown> = {
      selector: { ...props.selector },
      strategy: 'prefer',
      units: [
        {
          resource: 'ecs',
          ...(props.ecs.nodeSelector ? { nodeSelector: { ...props.ecs.nodeSelector } } : {}),
          ...(props.ecs.max !== undefined ? { max: props.ecs.max } : {}),
        },
        { resource: 'eci' },
      ],
    };
    if (props.waitForEcs !== undefined)
      spec.whenTryNextUnits = { policy: 'TimeoutOrExceedMax', timeout: props.waitForEcs };
    this.apiObject = new ApiObject(this, 'Resource', {
      apiVersion: 'scheduling.alibabacloud.com/v1alpha1',
      kind: 'ResourcePolicy',
      metadata: { name: props.name, ...(props.namespace ? { namespace: props.namespace } : {}) },
      spec,
    });
  }
}

export function checkResourcePolicy(
  props: Pick<ResourcePolicyProps, 'name' | 'selector' | 'waitForEcs'>,
  path: string,
): Issue[] {
  const issues = checkDns1123Subdomain(props.name, joinPath(path, 'name'));
  if (Object.keys(props.selector).length === 0) {
    issues.push({
      path: joinPath(path, 'selector'),
      message:
        'selector is empty, so the policy would apply to every pod in the namespace; select the version’s pods by label',
    });
  }
  if (props.waitForEcs !== undefined)
    issues.push(
      ...checkGoDuration(props.waitForEcs, joinPath(path, 'waitForEcs'), 'waitForEcs', {
        minSeconds: 1,
      }),
    );
  return issues;
}
