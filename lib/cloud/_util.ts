import * as pulumi from '@pulumi/pulumi';

/** Prefixes an argument path: `under('gpuNodePool', 'instanceTypes')` is `gpuNodePool.instanceTypes`. */
export function under(base: string, key: string): string {
  if (base === '') return key;
  return key.startsWith('[') ? `${base}${key}` : `${base}.${key}`;
}

/**
 * The component's own `dependsOn`, to hand to its children: Pulumi does not pass a component's
 * dependencies on to the resources inside it, so without this they would not wait.
 */
export function childDependsOn(
  opts: pulumi.ComponentResourceOptions,
): pulumi.Input<pulumi.Input<pulumi.Resource>[]> {
  const d = opts.dependsOn;
  if (d === undefined) return [];
  return pulumi.output(d).apply((v) => (Array.isArray(v) ? v : [v]));
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
  const dependsOn =
    opts.dependsOn === undefined
      ? own
      : pulumi.output(childDependsOn(opts)).apply((d) => [...d, ...own]);
  return { ...extra, parent, dependsOn };
}
