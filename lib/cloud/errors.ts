import * as pulumi from '@pulumi/pulumi';
import { formatIssues, Issue } from '../validation';

/**
 * Builds the one error a component throws for invalid arguments. The engine pretty-prints each
 * `propertyPath`; the message itself carries every `<path>: <message>` line, so the same text shows
 * under `pulumi preview`, in the CLI and in tests.
 */
export function invalidArgs(type: string, name: string, issues: readonly Issue[]): Error {
  return new pulumi.InputPropertiesError({
    message: `invalid arguments for ${type} '${name}':\n${formatIssues(issues)}`,
    errors: issues.map((i) => ({ propertyPath: i.path, reason: i.message })),
  });
}

/** Throws `invalidArgs(...)` when there is at least one issue. */
export function throwIfInvalid(type: string, name: string, issues: readonly Issue[]): void {
  if (issues.length > 0) throw invalidArgs(type, name, issues);
}

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
