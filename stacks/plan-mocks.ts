import * as pulumi from '@pulumi/pulumi';

/** One resource the program registered under the plan mocks. */
export interface PlannedResource {
  readonly type: string;
  readonly name: string;
  readonly urn: string;
  /** URN of the parent ('' for top-level resources). */
  readonly parent: string;
  /** True for custom resources, false for components. */
  readonly custom: boolean;
  /** The inputs as given. They may hold secrets: never print them. */
  readonly inputs: Record<string, unknown>;
  /**
   * The inputs as sent to the engine, secrets still wrapped (see `redactInputs`). Computed on first
   * use: most plans never read them.
   */
  readonly sentInputs: () => Record<string, unknown>;
}

/** What a plan run recorded. */
export interface PlanRecording {
  readonly resources: PlannedResource[];
  /** Provider functions called (tokens only). */
  readonly invokes: string[];
}

/**
 * The kubeconfig the mocks answer `cs.getClusterCredential` with, and the dev stack gets in place
 * of the real one. It carries the markers of real credentials so that tests can prove it is never
 * printed; it grants nothing.
 */
export const PLACEHOLDER_KUBECONFIG = [
  'apiVersion: v1',
  'kind: Config',
  '# placeholder for an offline plan; never printed',
  'users:',
  '- name: plan',
  '  user:',
  '    client-certificate-data: LS0tLS1CRUdJTiBQTEFDRUhPTERFUi0tLS0t',
  '    client-key-data: LS0tLS1CRUdJTiBQTEFDRUhPTERFUi0tLS0t',
  '    token: plan-placeholder-token',
  '# -----BEGIN PLACEHOLDER-----',
].join('\n');

const CONFIG_GROUP = 'kubernetes:yaml/v2:ConfigGroup';

/** The mock engine's project and stack names (they appear in URNs). */
export const PLAN_PROJECT = 'ack-serving';

/**
 * Installs Pulumi mocks that answer like a provider would (ids, the outputs later resources read,
 * a placeholder kubeconfig) and record every registration with its parent. Returns the recording,
 * filled as the program runs.
 */
export function installPlanMocks(stack: string): PlanRecording {
  const recording: PlanRecording = { resources: [], invokes: [] };
  // Inputs as the mocks see them (already deserialized), joined with the monitor's requests below.
  const inputsByKey = new Map<string, Record<string, unknown>>();
  void pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        inputsByKey.set(`${args.type}::${args.name}`, args.inputs);
        return {
          id: args.custom ? `${args.name}-id` : undefined,
          // Echoing a ConfigGroup's objects back would only cost serialization: nothing reads them.
          state:
            args.type === CONFIG_GROUP
              ? { resources: [], objs: null }
              : { ...args.inputs, ...providerOutputs(args) },
        };
      },
      call: (args) => {
        recording.invokes.push(args.token);
        if (args.token === 'alicloud:cs/getClusterCredential:getClusterCredential') {
          return { ...args.inputs, id: 'credential', kubeConfig: PLACEHOLDER_KUBECONFIG };
        }
        if (args.token === 'alicloud:ram/getRoles:getRoles') {
          // an offline plan cannot look; it assumes the role exists and lists the lookup
          const m = /^\^(.*)\$$/.exec(String(args.inputs.nameRegex ?? ''));
          return { ...args.inputs, id: 'roles', names: m ? [m[1]] : [], roles: [] };
        }
        return args.inputs;
      },
    },
    PLAN_PROJECT,
    stack,
    false, // an update, not a preview: every mocked output is known
  );
  // The mock callbacks do not see parents; the monitor's requests do.
  const monitor = pulumi.runtime.getMonitor() as unknown as {
    registerResource: (req: RegisterRequest, cb: RegisterCallback) => void;
  };
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req, callback) =>
    register(req, (err, resp) => {
      if (!err && resp) {
        const key = `${req.getType()}::${req.getName()}`;
        let sent: Record<string, unknown> | undefined;
        recording.resources.push({
          type: req.getType(),
          name: req.getName(),
          urn: resp.getUrn(),
          parent: req.getParent(),
          custom: req.getCustom(),
          inputs: inputsByKey.get(key) ?? {},
          sentInputs: () => (sent ??= req.getObject()?.toJavaScript() ?? {}),
        });
      }
      callback(err, resp);
    });
  return recording;
}

interface RegisterRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getCustom(): boolean;
  getObject(): { toJavaScript(): Record<string, unknown> } | undefined;
}
type RegisterCallback = (err: unknown, resp?: { getUrn(): string }) => void;

/** Outputs a real provider computes that later resources read. */
function providerOutputs(args: pulumi.runtime.MockResourceArgs): Record<string, unknown> {
  switch (args.type) {
    case 'alicloud:vpc/natGateway:NatGateway':
      return { snatTableIds: `${args.name}-snat-table`, forwardTableIds: `${args.name}-fwd-table` };
    case 'alicloud:ecs/eipAddress:EipAddress':
      return { ipAddress: '203.0.113.10' };
    default:
      return {};
  }
}

/**
 * Waits until the program has registered everything: the runtime's outstanding RPCs drain and no
 * registration or invoke arrives for several turns of the event loop.
 */
export async function settlePlan(recording: PlanRecording): Promise<void> {
  const wait = (pulumi.runtime as unknown as { waitForRPCs?: () => Promise<void> }).waitForRPCs;
  let last = -1;
  let stable = 0;
  while (stable < 5) {
    if (wait) await wait();
    await new Promise((resolve) => setTimeout(resolve, 5));
    const now = recording.resources.length + recording.invokes.length;
    if (now === last) stable++;
    else {
      stable = 0;
      last = now;
    }
  }
}

const SIG = '4dabf18193072939515e22adb298388d';
const SECRET_SIG = '1b47061264138c4ac30d75fd1eb44270';
const RESOURCE_SIG = '5cf8f73096256a8f31e491e813e4eb8e';
const OUTPUT_SIG = 'd0e6a833031e9bbcd3f4e8bde6ca49a4';
const UNKNOWN = '04da6b54-80e4-46f7-96ec-b56ff0331ba9';

/** The text that stands for a secret value in every plan output. */
export const SECRET_MARK = '[secret]';

/**
 * Inputs as sent, made printable: secrets become `[secret]`, references to other resources
 * `[resource <type>::<name>]`, values not known yet `[unknown]`. Keys keep their order.
 */
export function redactInputs(value: unknown): unknown {
  if (value === UNKNOWN) return '[unknown]';
  if (Array.isArray(value)) return value.map(redactInputs);
  if (typeof value !== 'object' || value === null) return value;
  const o = value as Record<string, unknown>;
  switch (o[SIG]) {
    case SECRET_SIG:
      return SECRET_MARK;
    case RESOURCE_SIG: {
      const urn = String(o.urn ?? '');
      const parts = urn.split('::');
      return `[resource ${parts[2]?.split('$').pop()}::${parts[3]}]`;
    }
    case OUTPUT_SIG:
      if (o.secret) return SECRET_MARK;
      return 'value' in o ? redactInputs(o.value) : '[unknown]';
    default: {
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(o)) out[k] = redactInputs(o[k]);
      return out;
    }
  }
}
