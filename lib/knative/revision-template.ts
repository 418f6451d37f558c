import { createHash } from 'node:crypto';
import {
  AUTOSCALING_KEYS,
  AUTOSCALING_PREFIX,
  AutoscalingOptions,
  LEGACY_AUTOSCALING_KEYS,
  autoscalingAnnotations,
  checkAutoscaling,
} from './autoscaling';
import { ClusterConfig, FeatureRequirement, checkFeatures } from './cluster-config';
import { PodSpecProps, checkPodSpec, podSpecFeatures, renderPodSpec } from './pod-spec';
import {
  Issue,
  checkGoDuration,
  checkNumber,
  checkQuantity,
  checkStringMap,
  joinPath,
  show,
} from '../validation';

/**
 * A revision template: the pod (containers, volumes, pod fields Knative allows), per-revision
 * limits and timeouts, and autoscaling. Every change to it makes Knative create a new Revision.
 */
export interface RevisionTemplateProps extends PodSpecProps {
  /**
   * Hard limit of requests in flight per pod; 0 means unlimited.
   * @default - the cluster's container-concurrency (0)
   */
  readonly containerConcurrency?: number;
  /** Request timeout in seconds, up to the cluster's max-revision-timeout-seconds. @default - 300 (cluster default) */
  readonly timeoutSeconds?: number;
  /** Seconds to wait for the first byte of the response; at most timeoutSeconds. @default - no limit */
  readonly responseStartTimeoutSeconds?: number;
  /** Seconds a request may stay idle; at most timeoutSeconds. @default - no limit */
  readonly idleTimeoutSeconds?: number;
  /** Autoscaling for revisions of this template. @default - the cluster's config-autoscaler */
  readonly autoscaling?: AutoscalingOptions;
  /** Labels for the revision and its pods. @default - none */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * Annotations for the revision and its pods (ECI, reserved instances...). Autoscaling keys
   * belong in `autoscaling`. @default - none
   */
  readonly annotations?: Readonly<Record<string, string>>;
  /**
   * Pin the revision name to `<parent>-<hash of the template>`, so every template change gets a new
   * name (Knative rejects a changed template under an unchanged name). @default false
   */
  readonly pinRevisionName?: boolean;
}

const TEMPLATE_NETWORKING_KEYS = new Set(
  [
    'ingress.class',
    'ingress-class',
    'certificate.class',
    'certificate-class',
    'disableAutoTLS',
    'disable-auto-tls',
    'disable-external-domain-tls',
    'httpOption',
    'http-protocol',
  ].map((k) => `networking.knative.dev/${k}`),
);
const KNOWN_AUTOSCALING_KEYS = new Set([
  ...Object.values(AUTOSCALING_KEYS).map((k) => AUTOSCALING_PREFIX + k),
  ...LEGACY_AUTOSCALING_KEYS.map((k) => AUTOSCALING_PREFIX + k),
]);
const SYSTEM_KEYS = new Set(['serving.knative.dev/creator', 'serving.knative.dev/lastModifier']);
const QUEUE_RESOURCE_KEY =
  /^queue\.sidecar\.serving\.knative\.dev\/(cpu|memory|ephemeral-storage)-resource-(request|limit)$/;
/** The hash length of a pinned revision name: `<parent>-<10 hex>`. */
const NAME_HASH_LENGTH = 10;

/** Every rule for the template; unless told otherwise, the feature flags it needs are checked against the cluster too. */
// knative/serving pkg/apis/serving/v1/revision_validation.go, pkg/apis/serving/metadata_validation.go
export function checkRevisionTemplate(
  props: RevisionTemplateProps,
  path: string,
  cluster: ClusterConfig,
  parentName?: string,
  opts: { featureFlags?: boolean } = {},
): Issue[] {
  const issues: Issue[] = [];
  issues.push(...checkPodSpec(props, path, cluster));
  // With a ServingSettings in the app, it checks the flags once every object exists.
  if (opts.featureFlags ?? true)
    issues.push(...checkFeatures(podSpecFeatures(props, path), cluster));
  issues.push(...checkLimits(props, path, cluster));
  if (props.autoscaling)
    issues.push(...checkAutoscaling(props.autoscaling, joinPath(path, 'autoscaling'), cluster));
  issues.push(...checkStringMap(props.labels, joinPath(path, 'labels'), 'label'));
  issues.push(...checkTemplateAnnotations(props.annotations, joinPath(path, 'annotations')));
  if (
    props.pinRevisionName &&
    parentName !== undefined &&
    parentName.length + 1 + NAME_HASH_LENGTH > 63
  ) {
    issues.push({
      path: joinPath(path, 'pinRevisionName'),
      message: `a pinned revision name '${parentName}-<hash>' would exceed 63 characters; shorten the name to at most ${62 - NAME_HASH_LENGTH} characters or do not pin`,
    });
  }
  return issues;
}

/** The feature flags the template's pod needs. */
export function revisionTemplateFeatures(
  props: RevisionTemplateProps,
  path: string,
): FeatureRequirement[] {
  return podSpecFeatures(props, path);
}

function checkLimits(props: RevisionTemplateProps, path: string, cluster: ClusterConfig): Issue[] {
  const issues: Issue[] = [];
  const d = cluster.defaults;
  // metadata_validation.go ValidateContainerConcurrency; an unset value gets the cluster default first.
  const min = d.allowContainerConcurrencyZero ? 0 : 1;
  if (props.containerConcurrency !== undefined) {
    issues.push(
      ...checkNumber(
        props.containerConcurrency,
        joinPath(path, 'containerConcurrency'),
        'containerConcurrency',
        {
          min,
          max: d.containerConcurrencyMaxLimit,
          integer: true,
          hint: '0 means unlimited; 1 gives one request per pod',
        },
      ),
    );
  } else if (d.containerConcurrency < min) {
    issues.push({
      path: joinPath(path, 'containerConcurrency'),
      message: `containerConcurrency is unset, so Knative applies the cluster default (${d.containerConcurrency}), which the cluster forbids (allow-container-concurrency-zero: false); set containerConcurrency to 1 or more`,
    });
  }
  const timeoutIssues: Issue[] = [];
  if (props.timeoutSeconds !== undefined) {
    // revision_validation.go validateTimeoutSeconds
    timeoutIssues.push(
      ...checkNumber(props.timeoutSeconds, joinPath(path, 'timeoutSeconds'), 'timeoutSeconds', {
        min: 0,
        max: d.maxRevisionTimeoutSeconds,
        integer: true,
        hint: `raise max-revision-timeout-seconds in ServingSettings for longer requests`,
      }),
    );
  }
  issues.push(...timeoutIssues);
  const timeout =
    timeoutIssues.length === 0 && props.timeoutSeconds
      ? props.timeoutSeconds
      : d.revisionTimeoutSeconds;
  for (const field of ['responseStartTimeoutSeconds', 'idleTimeoutSeconds'] as const) {
    const value = props[field];
    if (value === undefined) continue;
    // Knative has no bound here; a value above the request timeout can never fire, so we reject it.
    issues.push(
      ...checkNumber(value, joinPath(path, field), field, {
        min: 0,
        max: timeout,
        integer: true,
        hint: `it cannot exceed the request timeout (${timeout}s)`,
      }),
    );
  }
  return issues;
}

function checkTemplateAnnotations(
  annotations: Readonly<Record<string, string>> | undefined,
  path: string,
): Issue[] {
  if (!annotations) return [];
  const issues = checkStringMap(annotations, path, 'annotation');
  for (const [key, value] of Object.entries(annotations)) {
    const at = joinPath(path, key);
    if (KNOWN_AUTOSCALING_KEYS.has(key)) {
      const field = Object.entries(AUTOSCALING_KEYS).find(
        ([, k]) => AUTOSCALING_PREFIX + k === key,
      )?.[0];
      issues.push({
        path: at,
        message: `annotation ${show(key)} is managed by the library; set ${field ? `autoscaling.${field}` : 'the matching autoscaling option'} instead`,
      });
    } else if (key.startsWith('networking.knative.dev/') && !TEMPLATE_NETWORKING_KEYS.has(key)) {
      // knative/networking pkg/apis/networking/metadata_validation.go
      issues.push({
        path: at,
        message: `annotation ${show(key)} is not a networking annotation Knative accepts on a revision template; allowed: ${[...TEMPLATE_NETWORKING_KEYS].join(', ')}`,
      });
    } else if (SYSTEM_KEYS.has(key)) {
      issues.push({
        path: at,
        message: `annotation ${show(key)} is set by Knative's webhook; remove it`,
      });
    } else if (key === 'serving.knative.dev/progress-deadline') {
      issues.push(
        ...checkGoDuration(value, at, 'progress-deadline', { minSeconds: 0, wholeSeconds: true }),
      );
    } else if (QUEUE_RESOURCE_KEY.test(key)) {
      issues.push(...checkQuantity(value, at, key));
    }
  }
  return issues;
}

/** The template as Knative reads it: metadata (labels, annotations, pinned name) and spec. */
export function renderRevisionTemplate(
  props: RevisionTemplateProps,
  parentName?: string,
): Record<string, unknown> {
  const annotations = sortKeys({
    ...props.annotations,
    ...autoscalingAnnotations(props.autoscaling),
  });
  const metadata: Record<string, unknown> = {};
  if (props.labels && Object.keys(props.labels).length > 0)
    metadata.labels = sortKeys(props.labels);
  if (Object.keys(annotations).length > 0) metadata.annotations = annotations;
  const spec: Record<string, unknown> = { ...renderPodSpec(props) };
  if (props.containerConcurrency !== undefined)
    spec.containerConcurrency = props.containerConcurrency;
  if (props.timeoutSeconds !== undefined) spec.timeoutSeconds = props.timeoutSeconds;
  if (props.responseStartTimeoutSeconds !== undefined)
    spec.responseStartTimeoutSeconds = props.responseStartTimeoutSeconds;
  if (props.idleTimeoutSeconds !== undefined) spec.idleTimeoutSeconds = props.idleTimeoutSeconds;
  if (props.pinRevisionName && parentName !== undefined) {
    return {
      metadata: { name: pinnedRevisionName(parentName, { metadata, spec }), ...metadata },
      spec,
    };
  }
  return { metadata, spec };
}

/** `<parent>-<first 10 hex of sha256(template)>`: a new name for every template change. */
export function pinnedRevisionName(parentName: string, template: unknown): string {
  const digest = createHash('sha256').update(canonicalJson(template)).digest('hex');
  return `${parentName}-${digest.slice(0, NAME_HASH_LENGTH)}`;
}

/** JSON with object keys sorted, so equal templates hash equally whatever the key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function sortKeys<T>(map: Readonly<Record<string, T>>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const key of Object.keys(map).sort()) out[key] = map[key];
  return out;
}
