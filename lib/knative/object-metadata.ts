import { AUTOSCALING_PREFIX } from './autoscaling';
import {
  Issue,
  checkDns1035Label,
  checkDns1123Label,
  checkGoDuration,
  checkStringMap,
  joinPath,
  show,
} from '../validation';

/** Metadata every Knative Serving object takes. */
export interface KnativeObjectProps {
  /** Object name, a DNS-1035 label. */
  readonly name: string;
  /** Namespace. @default - the chart's namespace */
  readonly namespace?: string;
  /** Labels on the object itself. @default - none */
  readonly labels?: Readonly<Record<string, string>>;
  /** Annotations on the object itself (not the revision). @default - none */
  readonly annotations?: Readonly<Record<string, string>>;
  /**
   * Set by a construct that already ran these exact checks on the same input with paths of its own
   * (ModelService with catalog paths), so a 5,000-model fleet is not validated twice.
   * @internal
   */
  readonly _checked?: boolean;
}

/** Labels the Knative controllers set on the objects they own; a standalone object must not carry them. */
const CONTROLLER_LABELS = [
  'serving.knative.dev/service',
  'serving.knative.dev/configuration',
  'serving.knative.dev/route',
];

/** Name, namespace, labels and annotations of a Service, Configuration or Route. */
// knative/pkg apis/metadata_validation.go; knative/serving pkg/apis/serving/metadata_validation.go
export function checkObjectMetadata(
  props: KnativeObjectProps,
  path: string,
  namespace: string | undefined,
): Issue[] {
  const issues: Issue[] = [];
  issues.push(...checkDns1035Label(props.name, joinPath(path, 'name')));
  if (namespace !== undefined)
    issues.push(...checkDns1123Label(namespace, joinPath(path, 'namespace'), 'namespace'));
  issues.push(...checkStringMap(props.labels, joinPath(path, 'labels'), 'label'));
  for (const key of CONTROLLER_LABELS) {
    if (props.labels?.[key] !== undefined) {
      issues.push({
        path: joinPath(joinPath(path, 'labels'), key),
        message: `label ${show(key)} is set by Knative on objects it owns; remove it`,
      });
    }
  }
  issues.push(...checkStringMap(props.annotations, joinPath(path, 'annotations'), 'annotation'));
  for (const [key, value] of Object.entries(props.annotations ?? {})) {
    const at = joinPath(joinPath(path, 'annotations'), key);
    if (key.startsWith(AUTOSCALING_PREFIX.slice(0, -1))) {
      // ValidateHasNoAutoscalingAnnotation
      issues.push({
        path: at,
        message: `autoscaling annotation ${show(key)} does nothing on the object's metadata; set it in the template's autoscaling options`,
      });
    } else if (
      key === 'serving.knative.dev/creator' ||
      key === 'serving.knative.dev/lastModifier'
    ) {
      issues.push({
        path: at,
        message: `annotation ${show(key)} is set by Knative's webhook; remove it`,
      });
    } else if (key === 'serving.knative.dev/rollout-duration') {
      issues.push(
        ...checkGoDuration(value, at, 'rollout-duration', { minSeconds: 0, wholeSeconds: true }),
      );
    }
  }
  return issues;
}

/** Object metadata as rendered: only what is set, keys sorted. */
export function renderObjectMetadata(
  props: KnativeObjectProps,
  namespace: string | undefined,
): Record<string, unknown> {
  const meta: Record<string, unknown> = { name: props.name };
  if (namespace !== undefined) meta.namespace = namespace;
  if (props.labels && Object.keys(props.labels).length) meta.labels = sorted(props.labels);
  if (props.annotations && Object.keys(props.annotations).length)
    meta.annotations = sorted(props.annotations);
  return meta;
}

function sorted(map: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(
    Object.keys(map)
      .sort()
      .map((k) => [k, map[k]]),
  );
}
