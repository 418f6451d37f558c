/**
 * Stack configuration: the `ack-serving:*` keys of `Pulumi.<stack>.yaml` (plus `alicloud:region`),
 * read and checked before any resource exists. Every problem is reported at once, each with the
 * config key as its path (`ack-serving:zones[1].podCidr: ...`).
 *
 * The same parser serves `pulumi up` (values from the engine, structured ones as JSON text) and the
 * offline `ack-serving plan` (values straight from the YAML file).
 */
import type * as pulumi from '@pulumi/pulumi';
import { Issue, ValidationError, joinPath, show } from '../lib/validation';

/** The project's config namespace. */
export const NS = 'ack-serving';

/** The bundled example fleet, relative to the project root. */
export const DEFAULT_CATALOG = 'examples/credit-risk-fleet/catalog.yaml';

export type Environment = 'prod' | 'dev';
export type GatewayName = 'alb' | 'mse' | 'asm' | 'kourier';
const GATEWAYS: readonly GatewayName[] = ['alb', 'mse', 'asm', 'kourier'];

/** One zone of the prod network: a node vSwitch and a Terway pod vSwitch. */
export interface ZoneConfig {
  readonly zoneId: string;
  readonly nodeCidr: string;
  readonly podCidr: string;
}

/** The event-driven scoring example (OSS uploads and a nightly schedule to a model). */
export interface ScoringConfig {
  /** The catalog model that scores the events. */
  readonly model: string;
  /** The Alibaba Cloud account that owns the bucket. */
  readonly accountId: string;
  readonly bucket: string;
  /** Only objects under this key prefix are scored. */
  readonly keyPrefix: string;
  /** The gateway host where EventBridge posts to the Broker. */
  readonly host: string;
  /**
   * The Kubernetes Ingress class of the gateway for the Broker's Ingress.
   * @default - 'alb' with the ALB gateway, 'mse' with MSE, else the cluster's default class
   */
  readonly ingressClassName?: string;
  /** Where events that still fail after the retries go (an absolute http(s) URI). */
  readonly deadLetterUri: string;
}

interface CommonConfig {
  /** Catalog file, relative to the working directory (the project root under Pulumi). */
  readonly catalog: string;
  /** @default 'alb' for prod, 'kourier' for dev */
  readonly gateway?: GatewayName;
}

/** The full ACK environment. */
export interface ProdConfig extends CommonConfig {
  readonly environment: 'prod';
  /** `alicloud:region`, e.g. `cn-hangzhou`. */
  readonly region: string;
  readonly zones: readonly ZoneConfig[];
  /** @default '10.0.0.0/8' */
  readonly vpcCidr?: string;
  /** @default - ACK's newest version at creation */
  readonly kubernetesVersion?: string;
  /**
   * Name of the ECS key pair (in the region) for node login. Give this or `nodePassword`.
   */
  readonly nodeKeyName?: string;
  /**
   * Node root password, a secret (`pulumi config set --secret ack-serving:nodePassword`). Managed
   * pools take only key pairs, so with a password the steady pool is not a managed pool.
   */
  readonly nodePassword?: pulumi.Input<string>;
  /**
   * Cluster deletion protection. Set it to false and run `pulumi up` before `pulumi destroy` or a
   * change that replaces the cluster.
   * @default true
   */
  readonly deletionProtection?: boolean;
  /** @default - 3 subscription nodes */
  readonly steadyPool?: { readonly size?: number; readonly instanceTypes?: readonly string[] };
  /** @default - no GPU pool */
  readonly gpuPool?: {
    readonly instanceTypes: readonly string[];
    readonly minSize?: number;
    readonly maxSize?: number;
    /** How the autoscaler's RAM role is ensured. @default 'check' */
    readonly autoscalerRole?: 'check' | 'create' | 'skip';
  };
  /** @default true */
  readonly observability?: boolean;
  /**
   * How Knative Eventing is installed: `{ installer: upstream, release? }` (Knative's release
   * manifests), `{ installer: addon, addonName, version? }` (an ACK addon), or `false` (the cluster
   * has it already).
   * @default - the upstream release the library pins, when the fleet needs Eventing
   */
  readonly eventing?: EventingConfig | false;
  /** @default - no event-driven scoring */
  readonly eventDrivenScoring?: ScoringConfig;
  /**
   * Private images from ACR without a pull secret: installs the `aliyun-acr-credential-helper`
   * addon with this `config` (the addon's own keys, passed through) and optional `version`.
   * @default - not installed
   */
  readonly acr?: { readonly version?: string; readonly config?: Readonly<Record<string, unknown>> };
}

/** `ack-serving:eventing`. */
export type EventingConfig =
  | { readonly installer: 'upstream'; readonly release?: string }
  | { readonly installer: 'addon'; readonly addonName: string; readonly version?: string };

/** The same fleet on a cluster you already have (Kourier, upstream Knative). */
export interface DevConfig extends CommonConfig {
  readonly environment: 'dev';
  /** The cluster's kubeconfig; keep it secret. */
  readonly kubeconfig: pulumi.Input<string>;
}

export type StackConfig = ProdConfig | DevConfig;

type Kind = 'string' | 'json' | 'secret';
/** Every key the stacks read, which environments use it, and how the engine passes it. */
const KEYS: Readonly<Record<string, { kind: Kind; envs: readonly Environment[] }>> = {
  [`${NS}:environment`]: { kind: 'string', envs: ['prod', 'dev'] },
  [`${NS}:catalog`]: { kind: 'string', envs: ['prod', 'dev'] },
  [`${NS}:gateway`]: { kind: 'string', envs: ['prod', 'dev'] },
  'alicloud:region': { kind: 'string', envs: ['prod'] },
  [`${NS}:zones`]: { kind: 'json', envs: ['prod'] },
  [`${NS}:vpcCidr`]: { kind: 'string', envs: ['prod'] },
  [`${NS}:kubernetesVersion`]: { kind: 'string', envs: ['prod'] },
  [`${NS}:nodeKeyName`]: { kind: 'string', envs: ['prod'] },
  [`${NS}:nodePassword`]: { kind: 'secret', envs: ['prod'] },
  [`${NS}:deletionProtection`]: { kind: 'json', envs: ['prod'] },
  [`${NS}:steadyPool`]: { kind: 'json', envs: ['prod'] },
  [`${NS}:gpuPool`]: { kind: 'json', envs: ['prod'] },
  [`${NS}:observability`]: { kind: 'json', envs: ['prod'] },
  [`${NS}:eventing`]: { kind: 'json', envs: ['prod'] },
  [`${NS}:eventDrivenScoring`]: { kind: 'json', envs: ['prod'] },
  [`${NS}:acr`]: { kind: 'json', envs: ['prod'] },
  [`${NS}:kubeconfig`]: { kind: 'secret', envs: ['dev'] },
};

/** The config keys the stacks know. */
export const CONFIG_KEYS: readonly string[] = Object.keys(KEYS);

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Reads and checks the stack configuration. `raw` maps full keys (`ack-serving:zones`) to values,
 * either typed (from YAML) or as the engine passes them (structured values as JSON text). The
 * kubeconfig is never shown in a message. Throws one ValidationError with every problem.
 */
export function parseStackConfig(raw: Readonly<Record<string, unknown>>): StackConfig {
  const issues: Issue[] = [];
  const values: Record<string, unknown> = {};
  for (const key of Object.keys(raw).sort()) {
    const spec = KEYS[key];
    if (!spec) {
      if (key.startsWith(`${NS}:`)) {
        issues.push({
          path: key,
          message: `unknown config key; the stacks read ${CONFIG_KEYS.filter((k) => k.startsWith(NS)).join(', ')}`,
        });
      }
      continue;
    }
    const value = raw[key];
    if (value === undefined || value === null) continue;
    if (spec.kind === 'json' && typeof value === 'string') {
      try {
        values[key] = JSON.parse(value);
      } catch {
        issues.push({ path: key, message: `${show(value)} is not valid JSON or YAML structure` });
      }
    } else {
      values[key] = value;
    }
  }

  const env = values[`${NS}:environment`];
  if (env !== 'prod' && env !== 'dev') {
    issues.push({
      path: `${NS}:environment`,
      message:
        env === undefined
          ? `missing; set it to 'prod' (a new ACK environment) or 'dev' (an existing cluster)`
          : `${show(env)} is not an environment; use 'prod' or 'dev'`,
    });
    throw new ValidationError(issues);
  }
  for (const key of Object.keys(values)) {
    if (!KEYS[key].envs.includes(env)) {
      issues.push({
        path: key,
        message: `is not used by the ${env} environment; remove it (it belongs to ${KEYS[key].envs.join(', ')})`,
      });
    }
  }

  const str = (key: string, required: boolean): string | undefined => {
    const v = values[key];
    if (v === undefined) {
      if (required) issues.push({ path: key, message: `missing; the ${env} environment needs it` });
      return undefined;
    }
    if (typeof v !== 'string' || v.trim() === '') {
      issues.push({ path: key, message: `${show(v)} must be a non-empty string` });
      return undefined;
    }
    return v;
  };
  const catalog = str(`${NS}:catalog`, false) ?? DEFAULT_CATALOG;
  const gatewayValue = str(`${NS}:gateway`, false);
  let gateway: GatewayName | undefined;
  if (gatewayValue !== undefined) {
    if ((GATEWAYS as readonly string[]).includes(gatewayValue)) {
      gateway = gatewayValue as GatewayName;
    } else {
      issues.push({
        path: `${NS}:gateway`,
        message: `${show(gatewayValue)} is not a gateway; use one of ${GATEWAYS.join(', ')}`,
      });
    }
  }

  if (env === 'dev') {
    const kubeconfig = values[`${NS}:kubeconfig`];
    if (kubeconfig === undefined || kubeconfig === '') {
      issues.push({
        path: `${NS}:kubeconfig`,
        message: `missing; set it with 'pulumi config set --secret ${NS}:kubeconfig < kubeconfig.yaml' or point KUBECONFIG at the cluster's kubeconfig file`,
      });
    } else if (isObject(kubeconfig) && 'secure' in kubeconfig) {
      issues.push({
        path: `${NS}:kubeconfig`,
        message: 'is still encrypted; the stack program must read it with getSecret',
      });
    }
    if (issues.length > 0) throw new ValidationError(issues);
    return { environment: 'dev', catalog, gateway, kubeconfig: kubeconfig as pulumi.Input<string> };
  }

  const region = str('alicloud:region', true);
  if (region !== undefined && !/^[a-z]{2}-[a-z0-9]+(-[a-z0-9]+)*$/.test(region)) {
    issues.push({
      path: 'alicloud:region',
      message: `${show(region)} is not a region id; use one such as 'cn-hangzhou'`,
    });
  }
  const zones = checkZones(values[`${NS}:zones`], region, issues);
  const vpcCidr = str(`${NS}:vpcCidr`, false);
  const kubernetesVersion = str(`${NS}:kubernetesVersion`, false);
  const nodeKeyName = str(`${NS}:nodeKeyName`, false);
  const nodePassword = values[`${NS}:nodePassword`];
  if (isObject(nodePassword) && 'secure' in nodePassword) {
    issues.push({
      path: `${NS}:nodePassword`,
      message: 'is still encrypted; the stack program must read it as a secret',
    });
  } else if (nodePassword !== undefined && nodeKeyName !== undefined) {
    issues.push({
      path: `${NS}:nodePassword`,
      message: `is set together with ${NS}:nodeKeyName; nodes take one login: remove one of them`,
    });
  }
  if (nodePassword === undefined && nodeKeyName === undefined) {
    issues.push({
      path: `${NS}:nodeKeyName`,
      message: `missing; set the name of an ECS key pair in the region for node login (or a secret ${NS}:nodePassword): the provider needs one`,
    });
  }
  const deletionProtection = values[`${NS}:deletionProtection`];
  if (deletionProtection !== undefined && typeof deletionProtection !== 'boolean') {
    issues.push({
      path: `${NS}:deletionProtection`,
      message: `${show(deletionProtection)} must be true or false`,
    });
  }
  const steadyPool = checkObject(values[`${NS}:steadyPool`], `${NS}:steadyPool`, issues, {
    size: 'integer',
    instanceTypes: 'strings',
  });
  const gpuPool = checkObject(values[`${NS}:gpuPool`], `${NS}:gpuPool`, issues, {
    instanceTypes: 'strings!',
    minSize: 'integer',
    maxSize: 'integer',
    autoscalerRole: 'string',
  });
  const eventing = checkEventingConfig(values[`${NS}:eventing`], issues);
  const observability = values[`${NS}:observability`];
  if (observability !== undefined && typeof observability !== 'boolean') {
    issues.push({
      path: `${NS}:observability`,
      message: `${show(observability)} must be true or false`,
    });
  }
  const scoring = checkObject(
    values[`${NS}:eventDrivenScoring`],
    `${NS}:eventDrivenScoring`,
    issues,
    {
      model: 'string!',
      accountId: 'string!',
      bucket: 'string!',
      keyPrefix: 'string!',
      host: 'string!',
      ingressClassName: 'string',
      deadLetterUri: 'string!',
    },
  );
  if (scoring) issues.push(...checkScoring(scoring as unknown as ScoringConfig));
  const acr = checkObject(values[`${NS}:acr`], `${NS}:acr`, issues, {
    version: 'string',
    config: 'object',
  });
  if (issues.length > 0) throw new ValidationError(issues);
  return {
    environment: 'prod',
    catalog,
    gateway,
    region: region as string,
    zones: zones as ZoneConfig[],
    vpcCidr,
    kubernetesVersion,
    nodeKeyName,
    nodePassword: nodePassword as pulumi.Input<string> | undefined,
    deletionProtection: deletionProtection as boolean | undefined,
    steadyPool: steadyPool as ProdConfig['steadyPool'],
    gpuPool: gpuPool as ProdConfig['gpuPool'],
    observability: observability as boolean | undefined,
    eventing,
    eventDrivenScoring: scoring as ScoringConfig | undefined,
    ...(acr ? { acr: acr as ProdConfig['acr'] } : {}),
  };
}

function checkEventingConfig(value: unknown, issues: Issue[]): EventingConfig | false | undefined {
  const path = `${NS}:eventing`;
  if (value === undefined || value === false) return value;
  // the same rules as KnativeEventing's, reported under the config key
  if (isObject(value) && value.installer === 'upstream') {
    const c = checkObject(value, path, issues, { installer: 'string!', release: 'string' });
    if (c && typeof c.release === 'string' && !/^knative-v1\.\d+\.\d+$/.test(c.release)) {
      issues.push({
        path: `${path}.release`,
        message: `${show(c.release)} is not a Knative release tag such as 'knative-v1.23.0'`,
      });
      return undefined;
    }
    return c as EventingConfig | undefined;
  }
  if (isObject(value) && value.installer === 'addon') {
    const c = checkObject(value, path, issues, {
      installer: 'string!',
      addonName: 'string!',
      version: 'string',
    });
    if (c && typeof c.addonName === 'string' && !/^[a-z0-9][a-z0-9-]*$/.test(c.addonName)) {
      issues.push({
        path: `${path}.addonName`,
        message: `${show(c.addonName)} is not an ACK addon name; list the cluster's with cs.getKubernetesAddons`,
      });
      return undefined;
    }
    return c as EventingConfig | undefined;
  }
  issues.push({
    path: isObject(value) ? `${path}.installer` : path,
    message: `${show(isObject(value) ? value.installer : value)} is not an Eventing installer; use { installer: upstream } (Knative's release), { installer: addon, addonName: <ACK addon> } or false`,
  });
  return undefined;
}

function checkZones(value: unknown, region: string | undefined, issues: Issue[]): unknown {
  const path = `${NS}:zones`;
  if (value === undefined) {
    issues.push({
      path,
      message: 'missing; list at least 2 zones, each with zoneId, nodeCidr and podCidr',
    });
    return undefined;
  }
  if (!Array.isArray(value)) {
    issues.push({ path, message: `${show(value)} must be a list of zones` });
    return undefined;
  }
  const before = issues.length;
  value.forEach((z, i) => {
    const zp = joinPath(path, i);
    checkObject(z, zp, issues, { zoneId: 'string!', nodeCidr: 'string!', podCidr: 'string!' });
    if (
      isObject(z) &&
      typeof z.zoneId === 'string' &&
      region !== undefined &&
      !z.zoneId.startsWith(`${region}-`)
    ) {
      issues.push({
        path: joinPath(zp, 'zoneId'),
        message: `zone ${show(z.zoneId)} is not in region ${show(region)} (alicloud:region); use a zone such as '${region}-h'`,
      });
    }
  });
  return issues.length === before ? value : undefined;
}

type FieldKind = 'string' | 'string!' | 'integer' | 'strings' | 'strings!' | 'object';

/** Checks an optional object's fields (`!` = required); unknown fields are issues. */
function checkObject(
  value: unknown,
  path: string,
  issues: Issue[],
  fields: Readonly<Record<string, FieldKind>>,
): Record<string, unknown> | undefined {
  if (value === undefined) return undefined;
  if (!isObject(value)) {
    issues.push({
      path,
      message: `${show(value)} must be an object with ${Object.keys(fields).join(', ')}`,
    });
    return undefined;
  }
  const before = issues.length;
  for (const key of Object.keys(value)) {
    if (!(key in fields)) {
      issues.push({
        path: joinPath(path, key),
        message: `unknown field; use ${Object.keys(fields).join(', ')}`,
      });
    }
  }
  for (const [key, kind] of Object.entries(fields)) {
    const v = value[key];
    const p = joinPath(path, key);
    if (v === undefined) {
      if (kind.endsWith('!')) issues.push({ path: p, message: 'missing; it is required' });
      continue;
    }
    if (kind.startsWith('string') && !kind.startsWith('strings') && typeof v !== 'string') {
      issues.push({ path: p, message: `${show(v)} must be a string` });
    } else if (kind === 'integer' && !Number.isInteger(v)) {
      issues.push({ path: p, message: `${show(v)} must be a whole number` });
    } else if (
      kind.startsWith('strings') &&
      (!Array.isArray(v) || v.some((s) => typeof s !== 'string'))
    ) {
      issues.push({ path: p, message: `${show(v)} must be a list of strings` });
    } else if (kind === 'object' && !isObject(v)) {
      issues.push({ path: p, message: `${show(v)} must be an object` });
    }
  }
  return issues.length === before ? value : undefined;
}

/** OSS bucket names: 3-63 lowercase letters, digits and hyphens (OSS bucket naming rules). */
const BUCKET = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;

function checkScoring(s: ScoringConfig): Issue[] {
  const base = `${NS}:eventDrivenScoring`;
  const issues: Issue[] = [];
  if (!BUCKET.test(s.bucket)) {
    issues.push({
      path: `${base}.bucket`,
      message: `${show(s.bucket)} is not an OSS bucket name; use 3-63 lowercase letters, digits and hyphens`,
    });
  }
  if (!/^\d{5,20}$/.test(s.accountId)) {
    issues.push({
      path: `${base}.accountId`,
      message: `${show(s.accountId)} is not an Alibaba Cloud account id; use the numeric id of the bucket's owner`,
    });
  }
  if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/.test(s.host)) {
    issues.push({
      path: `${base}.host`,
      message: `${show(s.host)} is not a DNS host name; use the gateway host such as 'events.example.com'`,
    });
  }
  if (!/^https?:\/\/[^\s/]+/.test(s.deadLetterUri)) {
    issues.push({
      path: `${base}.deadLetterUri`,
      message: `${show(s.deadLetterUri)} is not an absolute http(s) URI; use one such as 'https://dead-letters.example.com'`,
    });
  }
  return issues;
}
