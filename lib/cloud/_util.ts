import * as pulumi from '@pulumi/pulumi';

/** Prefixes an argument path: `under('gpuNodePool', 'instanceTypes')` is `gpuNodePool.instanceTypes`. */
export function under(base: string, key: string): string {
  if (base === '') return key;
  return key.startsWith('[') ? `${base}${key}` : `${base}.${key}`;
}

/**
 * The component's own `dependsOn`, to hand to its children: Pulumi does not pass a component's
 * dependencies on to the resources inside it, so without this they would not wait.
 *
 * A plain resource or list stays a plain list. Only a `dependsOn` that is itself an Output or a
 * Promise is wrapped in an Output: an Output whose value is a list of resources makes the SDK walk
 * every object reachable from them (`containsUnknowns`), which for a platform holding thousands of
 * Kubernetes objects cost seconds per wrapped list.
 */
export function childDependsOn(
  opts: pulumi.ComponentResourceOptions,
): pulumi.Input<pulumi.Input<pulumi.Resource>[]> {
  const d = opts.dependsOn;
  if (d === undefined) return [];
  if (Array.isArray(d)) return [...d];
  if (pulumi.Resource.isInstance(d)) return [d];
  const later = d as pulumi.Input<pulumi.Input<pulumi.Resource>[] | pulumi.Resource>;
  return pulumi.output(later).apply((v) => (Array.isArray(v) ? v : [v]));
}

/**
 * Options for a component's child: parented to the component, waiting for what the component waits
 * for plus `own` dependencies, with any other options given.
 */
export function childOptions(
  parent: pulumi.Resource,
  opts: pulumi.ComponentResourceOptions,
  own: pulumi.Resource[] = [],
  extra: Omit<pulumi.CustomResourceOptions, 'parent' | 'dependsOn'> = {},
): pulumi.CustomResourceOptions {
  const inherited = childDependsOn(opts);
  const dependsOn = Array.isArray(inherited)
    ? [...inherited, ...own]
    : pulumi.output(inherited).apply((d) => [...d, ...own]);
  return { ...extra, parent, dependsOn };
}
