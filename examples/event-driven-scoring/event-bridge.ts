import * as pulumi from '@pulumi/pulumi';
import { EventBridgeToKnative, KnativeTarget, ossEventPattern } from '../../lib/cloud/event-bridge';
import { OSS_OBJECT_CREATED_TYPES, ScoringUploads } from './oss-events';

export interface OssToBrokerProps {
  readonly uploads: ScoringUploads;
  /** The gateway host that routes `/<namespace>/<broker>` to the Knative broker ingress. */
  readonly gatewayHost: pulumi.Input<string>;
  readonly namespace: string;
  /** @default 'scoring-events' */
  readonly brokerName?: string;
  /** @default OSS_OBJECT_CREATED_TYPES */
  readonly eventTypes?: readonly string[];
  /**
   * An MNS queue ARN for events EventBridge cannot deliver.
   * @default - none
   */
  readonly deadLetterQueueArn?: pulumi.Input<string>;
}

/** The EventBridge half of the example: OSS object-created events on the system bus -> the Broker. */
export function addOssToBroker(
  name: string,
  props: OssToBrokerProps,
  opts?: pulumi.ComponentResourceOptions,
): EventBridgeToKnative {
  return new EventBridgeToKnative(
    name,
    {
      ruleName: `${name}-oss-uploads`,
      description: `OSS ${props.uploads.bucket}/${props.uploads.keyPrefix} object-created events to Knative`,
      pattern: ossEventPattern({
        types: props.eventTypes ?? OSS_OBJECT_CREATED_TYPES,
        objects: props.uploads,
      }),
      target: KnativeTarget.broker({
        gatewayHost: props.gatewayHost,
        namespace: props.namespace,
        name: props.brokerName ?? 'scoring-events',
      }),
      deadLetterQueueArn: props.deadLetterQueueArn,
    },
    opts,
  );
}
