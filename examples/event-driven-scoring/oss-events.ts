/**
 * What the OSS side and the Knative side of the example agree on: the OSS event types and the
 * CloudEvents `subject` prefix of the objects to score. Plain values, no Pulumi, no cdk8s.
 */

/** OSS object-created event types as EventBridge publishes them (EventBridge "OSS events" reference). */
export const OSS_OBJECT_CREATED_TYPES: readonly string[] = [
  'oss:ObjectCreated:PutObject',
  'oss:ObjectCreated:PostObject',
];

/** The bucket and key prefix whose new objects are scored. */
export interface ScoringUploads {
  /** e.g. `cn-hangzhou`. */
  readonly region: string;
  /** The Alibaba Cloud account that owns the bucket. */
  readonly accountId: string;
  readonly bucket: string;
  /** e.g. `incoming/`. */
  readonly keyPrefix: string;
}

/** `acs:oss:<region>:<accountId>:<bucket>/<keyPrefix>`: the `subject` prefix of matching OSS events. */
export function uploadsSubjectPrefix(u: ScoringUploads): string {
  return `acs:oss:${u.region}:${u.accountId}:${u.bucket}/${u.keyPrefix}`;
}
