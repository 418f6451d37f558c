import * as pulumi from '@pulumi/pulumi';
import { EventBridgeToKnative } from '../lib/cloud/event-bridge';
import { ServingPlatform } from '../lib/deploy/serving-platform';
import { Issue, ValidationError } from '../lib/validation';
import { NS } from './config';

/** What a stack function builds. */
export interface Stack {
  readonly platform: ServingPlatform;
  /** The EventBridge rule of the event-driven scoring example (prod, when configured). */
  readonly eventBridge?: EventBridgeToKnative;
}

/** Platform argument paths -> the config keys they come from (longest prefix first). */
const PATHS: readonly (readonly [string, string])[] = [
  ['network.vpcCidr', `${NS}:vpcCidr`],
  ['network.zones', `${NS}:zones`],
  ['network', `${NS}:zones`],
  ['cluster.version', `${NS}:kubernetesVersion`],
  ['steadyNodePool', `${NS}:steadyPool`],
  ['gpuNodePool', `${NS}:gpuPool`],
  ['knative.gateway', `${NS}:gateway`],
  ['existingCluster.gateway', `${NS}:gateway`],
];

/** Renames a platform argument path to the config key it came from; other paths stay. */
export function configPath(path: string): string {
  for (const [from, to] of PATHS) {
    if (path === from || path.startsWith(`${from}.`) || path.startsWith(`${from}[`)) {
      return `${to}${path.slice(from.length)}`;
    }
  }
  return path;
}

/**
 * Builds the platform; its argument problems come back as one ValidationError whose paths are
 * config keys (`ack-serving:gpuPool.instanceTypes[0]: ...`); catalog problems keep their catalog
 * paths (`models[3].versions[1].image: ...`).
 */
export function buildPlatform(build: () => ServingPlatform): ServingPlatform {
  try {
    return build();
  } catch (e) {
    if (pulumi.InputPropertiesError.isInstance(e)) {
      const issues: Issue[] = e.errors.map((x) => ({
        path: configPath(x.propertyPath),
        message: x.reason,
      }));
      throw new ValidationError(issues);
    }
    throw e;
  }
}
