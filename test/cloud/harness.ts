import * as pulumi from '@pulumi/pulumi';
import { calls, created, setMocks } from '../mocks';

/** What the engine was told about one registered resource, beyond its inputs. */
export interface Registration {
  readonly type: string;
  readonly name: string;
  /** URN of the parent ('' for the stack's direct children). */
  readonly parent: string;
  /** URNs the resource depends on (explicit `dependsOn` and inputs taken from other resources). */
  readonly dependencies: readonly string[];
  /** The inputs as sent, with secrets still wrapped (see `isSecretValue`). */
  readonly rawInputs: Record<string, unknown>;
  /** Provider reference (`<urn>::<id>`), for custom resources. */
  readonly provider: string;
  readonly ignoreChanges: readonly string[];
  readonly deleteBeforeReplace: boolean;
}

/** Every registration, in order, with parent, dependencies and raw inputs. */
export const registrations: Registration[] = [];

/**
 * Installs the shared mocks (`test/mocks.ts`) and also records each registration's parent,
 * dependencies and raw (secret-preserving) inputs, which the shared recorder does not keep.
 */
export function setRecordingMocks(): void {
  setMocks();
  const monitor = pulumi.runtime.getMonitor() as any;
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req: any, callback: any) => {
    registrations.push({
      type: req.getType(),
      name: req.getName(),
      parent: req.getParent(),
      dependencies: req.getDependenciesList(),
      rawInputs: req.getObject()?.toJavaScript() ?? {},
      provider: req.getProvider(),
      ignoreChanges: req.getIgnorechangesList(),
      deleteBeforeReplace: req.getDeletebeforereplace(),
    });
    return register(req, callback);
  };
}

/** True when a raw input value is a wrapped secret. */
export function isSecretValue(value: unknown): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as Record<string, unknown>)[pulumi.runtime.specialSigKey] ===
      pulumi.runtime.specialSecretSig
  );
}

/** Waits until no new resource has been registered for a few turns of the event loop. */
export async function settle(): Promise<void> {
  let last = -1;
  let stable = 0;
  while (stable < 8) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    const now = registrations.length + calls.length;
    if (now === last) stable++;
    else {
      stable = 0;
      last = now;
    }
  }
}

/** Clears both recorders. */
export function resetAll(): void {
  created.length = 0;
  calls.length = 0;
  registrations.length = 0;
}

/** The single registration of `type` named `name`; fails the test if there is not exactly one. */
export function registration(type: string, name: string): Registration {
  const found = registrations.filter((r) => r.type === type && r.name === name);
  if (found.length !== 1) {
    throw new Error(
      `expected one ${type} named ${name}, found ${found.length}: ${registrations.map((r) => `${r.type}::${r.name}`).join(', ')}`,
    );
  }
  return found[0];
}

/** URN the mock monitor gives a registration (its parent's own type, its type, then the name). */
export function urnOf(r: Pick<Registration, 'type' | 'name'>): string {
  const self = registrations.find((x) => x.type === r.type && x.name === r.name);
  if (!self) throw new Error(`not registered: ${r.type}::${r.name}`);
  const parentType = self.parent ? (self.parent.split('::')[2].split('$').pop() as string) : '';
  const qualified = parentType ? `${parentType}$${self.type}` : self.type;
  return `urn:pulumi:test::ack-serving::${qualified}::${self.name}`;
}

/** Inputs of resources of one type, by name. */
export function inputsOf(type: string): Record<string, any> {
  return Object.fromEntries(created.filter((r) => r.type === type).map((r) => [r.name, r.inputs]));
}

export const T = {
  vpc: 'alicloud:vpc/network:Network',
  vswitch: 'alicloud:vpc/switch:Switch',
  nat: 'alicloud:vpc/natGateway:NatGateway',
  eip: 'alicloud:ecs/eipAddress:EipAddress',
  eipAssociation: 'alicloud:ecs/eipAssociation:EipAssociation',
  snat: 'alicloud:vpc/snatEntry:SnatEntry',
  securityGroup: 'alicloud:ecs/securityGroup:SecurityGroup',
  cluster: 'alicloud:cs/managedKubernetes:ManagedKubernetes',
  nodePool: 'alicloud:cs/nodePool:NodePool',
  addon: 'alicloud:cs/kubernetesAddon:KubernetesAddon',
  imageCache: 'alicloud:eci/imageCache:ImageCache',
  k8sProvider: 'pulumi:providers:kubernetes',
  configGroup: 'kubernetes:yaml/v2:ConfigGroup',
  configMapPatch: 'kubernetes:core/v1:ConfigMapPatch',
} as const;
