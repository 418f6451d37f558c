import { ApiObject, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { Issue, joinPath, throwIfAny } from '../../validation/issue';
import { checkDns1123Label, checkDns1123Subdomain, checkStringMap } from '../../validation/names';

/** Metadata every eventing construct takes. */
export interface EventingObjectProps {
  /** The object's `metadata.name`, used as is (no cdk8s hash). */
  readonly name: string;
  /**
   * The object's namespace.
   * @default - the chart's namespace
   */
  readonly namespace?: string;
  /**
   * Extra labels.
   * @default - none
   */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * Extra annotations.
   * @default - none
   */
  readonly annotations?: Readonly<Record<string, string>>;
}

/** Checks name, namespace, labels and annotations. */
// k8s.io/apimachinery pkg/api/validation/objectmeta.go ValidateObjectMeta
export function checkMetadata(props: EventingObjectProps, path: string, kind: string): Issue[] {
  return [
    ...checkDns1123Subdomain(props.name, joinPath(path, 'name'), `${kind} name`),
    ...(props.namespace !== undefined
      ? checkDns1123Label(props.namespace, joinPath(path, 'namespace'), 'namespace')
      : []),
    ...checkStringMap(
      props.labels as Record<string, unknown> | undefined,
      joinPath(path, 'labels'),
      'label',
    ),
    ...checkStringMap(
      props.annotations as Record<string, unknown> | undefined,
      joinPath(path, 'annotations'),
      'annotation',
    ),
  ];
}

/** Renders metadata with only the keys that are set. */
export function renderMetadata(
  props: EventingObjectProps,
  extra: { labels?: Record<string, string>; annotations?: Record<string, string> } = {},
): Record<string, unknown> {
  const labels = { ...props.labels, ...extra.labels };
  const annotations = { ...props.annotations, ...extra.annotations };
  const out: Record<string, unknown> = { name: props.name };
  if (props.namespace !== undefined) out.namespace = props.namespace;
  if (Object.keys(labels).length > 0) out.labels = labels;
  if (Object.keys(annotations).length > 0) out.annotations = annotations;
  return out;
}

/** The namespace an object lands in: its own, else its chart's. */
export function resolveNamespace(
  scope: Construct,
  namespace: string | undefined,
): string | undefined {
  if (namespace !== undefined) return namespace;
  try {
    return Chart.of(scope).namespace;
  } catch {
    return undefined;
  }
}

/** Adds a rendered manifest to the tree as the construct's `Resource` child. */
export function addManifest(scope: Construct, manifest: Record<string, unknown>): ApiObject {
  const { apiVersion, kind, metadata, ...rest } = manifest as {
    apiVersion: string;
    kind: string;
    metadata: Record<string, unknown>;
  };
  return new ApiObject(scope, 'Resource', { apiVersion, kind, metadata, ...rest });
}

/**
 * What every eventing construct's constructor does: resolves the namespace (its own, else the
 * chart's), throws one `ValidationError` with every issue `check` finds at the construct's path,
 * then adds the rendered manifest as the `Resource` child.
 */
export function addEventingObject<P extends EventingObjectProps>(
  scope: Construct,
  props: P,
  check: (props: P, path: string) => Issue[],
  render: (props: P) => Record<string, unknown>,
): { readonly props: P; readonly apiObject: ApiObject } {
  const resolved: P = { ...props, namespace: resolveNamespace(scope, props.namespace) };
  throwIfAny(check(resolved, scope.node.path));
  return { props: resolved, apiObject: addManifest(scope, render(resolved)) };
}

/** Drops undefined values, keeping key order. */
export function prune<T extends Record<string, unknown>>(obj: T): T {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined)) as T;
}
