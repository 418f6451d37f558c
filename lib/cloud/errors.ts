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
