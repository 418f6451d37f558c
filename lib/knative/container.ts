import { FeatureRequirement } from './cluster-config';
import {
  ProbeKind,
  ProbeProps,
  canonical,
  checkProbe,
  isObject,
  joinPaths,
  listAnd,
  listField,
  objectField,
  renderProbe,
  unknownFields,
} from './probe';
import {
  ObjectFieldSelector,
  ResourceFieldSelector,
  VolumeMountProps,
  VolumeProps,
  checkVolumeMounts,
  renderVolumeMount,
  volumeMountFeatures,
} from './volume';
import {
  Issue,
  checkDns1123Label,
  checkDns1123Subdomain,
  checkImage,
  checkNumber,
  checkQuantity,
  isQualifiedName,
  joinPath,
  parseQuantity,
  show,
} from '../validation';

/**
 * A container as Knative admits it (knative-rules §3.6, §3.7). The type has only the fields in
 * Knative's `ContainerMask`: `lifecycle`, `stdin`, `stdinOnce`, `tty`, `volumeDevices`,
 * `resizePolicy`, `restartPolicy`, `ports[].hostPort`/`hostIP` and every other field Knative
 * rejects cannot be written. A container has at most one port, given as `port` and `portName`.
 */
export interface ContainerProps {
  /**
   * DNS-1123 label, unique across containers and init containers; not `queue-proxy`.
   * @default - Knative names it `user-container` (several: `user-container-<index>`)
   */
  readonly name?: string;
  /** Image reference, e.g. `registry.example.com/team/model@sha256:<64 hex>`. */
  readonly image: string;
  /**
   * Entrypoint, replacing the image's ENTRYPOINT.
   * @default - the image's ENTRYPOINT
   */
  readonly command?: readonly string[];
  /**
   * Arguments, replacing the image's CMD.
   * @default - the image's CMD
   */
  readonly args?: readonly string[];
  /**
   * Environment: a map (rendered sorted by name) or a list with `valueFrom` sources.
   * `K_SERVICE`, `K_CONFIGURATION`, `K_REVISION` are reserved everywhere and `PORT` in the
   * serving container (Knative sets them).
   * @default - none
   */
  readonly env?: Readonly<Record<string, string>> | readonly EnvVar[];
  /**
   * Whole ConfigMaps or Secrets as environment variables.
   * @default - none
   */
  readonly envFrom?: readonly EnvFromSource[];
  /**
   * Working directory.
   * @default - the image's WORKDIR
   */
  readonly workingDir?: string;
  /**
   * When to pull the image.
   * @default - Always for `:latest`, IfNotPresent otherwise (Kubernetes)
   */
  readonly imagePullPolicy?: 'Always' | 'IfNotPresent' | 'Never';
  /**
   * The port the container listens on. Only the serving container has one; with several
   * containers exactly one must set it. Not 8012, 8013, 8022, 9090, 9091 or 8008.
   * @default - none; Knative sends requests to 8080 and sets `$PORT`
   */
  readonly port?: number;
  /**
   * Protocol of `port`: `h2c` for HTTP/2 cleartext (gRPC), `http1` or `''` for HTTP/1.1.
   * Needs `port`.
   * @default ''
   */
  readonly portName?: '' | 'h2c' | 'http1';
  /**
   * Readiness probe; on the serving container queue-proxy runs it.
   * @default - Knative adds a TCP probe on the port, period 0 (aggressive)
   */
  readonly readinessProbe?: ProbeProps;
  /**
   * Liveness probe.
   * @default - none
   */
  readonly livenessProbe?: ProbeProps;
  /**
   * Startup probe.
   * @default - none
   */
  readonly startupProbe?: ProbeProps;
  /**
   * Resource requests and limits: `cpu`, `memory`, `ephemeral-storage`, `hugepages-<size>` and
   * extended resources such as `nvidia.com/gpu` or `aliyun.com/gpu-mem` (whole numbers).
   * @default - the cluster's config-defaults
   */
  readonly resources?: ResourceRequirements;
  /**
   * The subset of the container security context Knative allows.
   * @default - none (Kubernetes defaults)
   */
  readonly securityContext?: ContainerSecurityContext;
  /**
   * Where the container mounts the pod's volumes.
   * @default - none
   */
  readonly volumeMounts?: readonly VolumeMountProps[];
  /**
   * File the container writes its termination message to.
   * @default '/dev/termination-log'
   */
  readonly terminationMessagePath?: string;
  /**
   * Where the termination message comes from.
   * @default 'File'
   */
  readonly terminationMessagePolicy?: 'File' | 'FallbackToLogsOnError';
}

/** One environment variable: a literal `value` or one `valueFrom` source. */
export interface EnvVar {
  /** A name of letters, digits, `_`, `-` and `.`, not starting with a digit. */
  readonly name: string;
  /**
   * Literal value.
   * @default ''
   */
  readonly value?: string;
  /**
   * Where the value comes from; exactly one source.
   * @default - none (use value)
   */
  readonly valueFrom?: EnvVarSource;
}

/** A reference to one key of a ConfigMap or Secret. */
export interface KeySelector {
  readonly name: string;
  readonly key: string;
  /**
   * Start even if the object or key is missing.
   * @default false
   */
  readonly optional?: boolean;
}

/** Exactly one source. `fieldRef` and `resourceFieldRef` need `kubernetes.podspec-fieldref`. */
export interface EnvVarSource {
  /** @default - none */
  readonly configMapKeyRef?: KeySelector;
  /** @default - none */
  readonly secretKeyRef?: KeySelector;
  /** Gated by `kubernetes.podspec-fieldref`. @default - none */
  readonly fieldRef?: ObjectFieldSelector;
  /** Gated by `kubernetes.podspec-fieldref`. @default - none */
  readonly resourceFieldRef?: ResourceFieldSelector;
}

/** A ConfigMap or Secret by name. */
export interface EnvSourceRef {
  readonly name: string;
  /** @default false */
  readonly optional?: boolean;
}

/** All keys of one ConfigMap or one Secret: exactly one of `configMapRef`, `secretRef`. */
export interface EnvFromSource {
  /**
   * Prepended to every key.
   * @default ''
   */
  readonly prefix?: string;
  /** @default - none (set exactly one of configMapRef, secretRef) */
  readonly configMapRef?: EnvSourceRef;
  /** @default - none (set exactly one of configMapRef, secretRef) */
  readonly secretRef?: EnvSourceRef;
}

/** Resource name to quantity, e.g. `{ cpu: '1', memory: '2Gi', 'nvidia.com/gpu': 1 }`. */
export type ResourceList = Readonly<Record<string, string | number>>;

/** Requests and limits; `claims` is not allowed by Knative. */
export interface ResourceRequirements {
  /** @default - none */
  readonly requests?: ResourceList;
  /** @default - none */
  readonly limits?: ResourceList;
}

/** A seccomp profile. `localhostProfile` is required with `Localhost` and only allowed there. */
export interface SeccompProfile {
  readonly type: 'RuntimeDefault' | 'Unconfined' | 'Localhost';
  /** @default - none */
  readonly localhostProfile?: string;
}

/** Linux capabilities. `add` needs `kubernetes.containerspec-addcapabilities` set to `enabled`. */
export interface Capabilities {
  /** @default - none */
  readonly add?: readonly string[];
  /** Use upper case: `ALL`, not `all`. @default - none */
  readonly drop?: readonly string[];
}

/**
 * The container security context fields Knative allows. `seLinuxOptions`, `procMount`,
 * `windowsOptions` and `appArmorProfile` cannot be written; `privileged` only as `false`.
 */
export interface ContainerSecurityContext {
  /** @default - none */
  readonly capabilities?: Capabilities;
  /** @default false */
  readonly readOnlyRootFilesystem?: boolean;
  /** 0 to 2147483647. @default - the image's user */
  readonly runAsUser?: number;
  /** 0 to 2147483647. @default - the image's group */
  readonly runAsGroup?: number;
  /** @default - not enforced */
  readonly runAsNonRoot?: boolean;
  /** @default - Kubernetes' default (true) */
  readonly allowPrivilegeEscalation?: boolean;
  /** @default - the pod's, else the runtime's */
  readonly seccompProfile?: SeccompProfile;
  /** Only `false`: Knative rejects privileged containers. @default false */
  readonly privileged?: false;
}

/** The role a container plays in the revision's pod. */
export type ContainerRole = 'serving' | 'sidecar' | 'init';

/** Ports Knative reserves for queue-proxy and the activator. */
// knative/serving pkg/apis/serving/k8s_validation.go reservedPorts (knative/networking constants,
// knative/pkg observability/runtime profiling port)
export const RESERVED_PORTS: readonly number[] = [8012, 8013, 8022, 9090, 9091, 8008];
/** Env names Knative sets in every container. */
// knative/serving pkg/apis/serving/k8s_validation.go reservedEnvVars
export const RESERVED_ENV_NAMES: readonly string[] = ['K_SERVICE', 'K_CONFIGURATION', 'K_REVISION'];
/** Container names Knative reserves. */
export const RESERVED_CONTAINER_NAMES: readonly string[] = ['queue-proxy'];
/** The port names Knative allows. */
export const PORT_NAMES: readonly string[] = ['', 'h2c', 'http1'];

const CONTAINER_FIELDS = [
  'name',
  'image',
  'command',
  'args',
  'env',
  'envFrom',
  'workingDir',
  'imagePullPolicy',
  'port',
  'portName',
  'readinessProbe',
  'livenessProbe',
  'startupProbe',
  'resources',
  'securityContext',
  'volumeMounts',
  'terminationMessagePath',
  'terminationMessagePolicy',
];
const SECURITY_CONTEXT_FIELDS = [
  'capabilities',
  'readOnlyRootFilesystem',
  'runAsUser',
  'runAsGroup',
  'runAsNonRoot',
  'allowPrivilegeEscalation',
  'seccompProfile',
  'privileged',
];
const PROBES: readonly ProbeKind[] = ['livenessProbe', 'readinessProbe', 'startupProbe'];
// k8s.io/apimachinery pkg/util/validation IsEnvVarName
const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
const STANDARD_RESOURCES = ['cpu', 'memory', 'ephemeral-storage'];
const MAX_ID = 2147483647;

/** Where a container sits in the pod, for the rules that depend on it. */
export interface ContainerContext {
  readonly role: ContainerRole;
  /** The pod's volumes, which mounts must name. */
  readonly volumes: readonly VolumeProps[];
  /**
   * `multi-container-probing` is enabled: a sidecar's probes are validated and must name their
   * ports. Without it Knative rejects sidecar probes outright (reported as a feature requirement).
   * @default false
   */
  readonly sidecarProbing?: boolean;
}

/** A container's env as a list, whichever form it was given in. Maps are sorted by name. */
export function envList(
  env: ContainerProps['env'],
): { readonly entry: EnvVar; readonly key: string | number }[] {
  if (env === undefined) return [];
  if (Array.isArray(env)) return (env as readonly EnvVar[]).map((entry, i) => ({ entry, key: i }));
  return Object.keys(env)
    .sort()
    .map((name) => ({ entry: { name, value: (env as Record<string, string>)[name] }, key: name }));
}

/**
 * Checks one container on its own: every rule except those across containers (unique names,
 * one port in the pod), which `checkPodSpec` applies.
 */
// knative/serving pkg/apis/serving/k8s_validation.go validate, ValidateUserContainer,
// validateSidecarContainer, validateInitContainer
export function checkContainer(
  props: ContainerProps,
  path: string,
  ctx: ContainerContext,
): Issue[] {
  if (!isObject(props)) {
    return [{ path, message: `container ${show(props)} must be an object with at least an image` }];
  }
  const issues: Issue[] = unknownFields(props, CONTAINER_FIELDS, path, 'a container').map((i) =>
    i.path === joinPath(path, 'ports')
      ? {
          path: i.path,
          message: `'ports' is written as port and portName here, since Knative allows a single port; set port: 8080 (and portName) instead`,
        }
      : i,
  );
  issues.push(...checkImage(props.image, joinPath(path, 'image')));
  if (props.name !== undefined) {
    const nameIssues = checkDns1123Label(props.name, joinPath(path, 'name'), 'container name');
    issues.push(...nameIssues);
    if (nameIssues.length === 0 && RESERVED_CONTAINER_NAMES.includes(props.name)) {
      issues.push({
        path: joinPath(path, 'name'),
        message: `container name ${show(props.name)} is reserved by Knative for its own sidecar; choose another name`,
      });
    }
  }
  issues.push(...checkPort(props, path, ctx.role));
  issues.push(...checkEnv(props.env, joinPath(path, 'env'), ctx.role));
  issues.push(...checkEnvFrom(props.envFrom, joinPath(path, 'envFrom')));
  if (
    props.imagePullPolicy !== undefined &&
    !['Always', 'IfNotPresent', 'Never'].includes(props.imagePullPolicy)
  ) {
    issues.push({
      path: joinPath(path, 'imagePullPolicy'),
      message: `imagePullPolicy ${show(props.imagePullPolicy)} is not allowed; use 'Always', 'IfNotPresent' or 'Never'`,
    });
  }
  if (
    props.terminationMessagePolicy !== undefined &&
    !['File', 'FallbackToLogsOnError'].includes(props.terminationMessagePolicy)
  ) {
    issues.push({
      path: joinPath(path, 'terminationMessagePolicy'),
      message: `terminationMessagePolicy ${show(props.terminationMessagePolicy)} is not allowed; use 'File' or 'FallbackToLogsOnError'`,
    });
  }
  for (const kind of PROBES) {
    const probe = props[kind];
    if (probe === undefined) continue;
    if (ctx.role === 'init') {
      issues.push({
        path: joinPath(path, kind),
        message: `${kind} is not allowed on an init container; remove it`,
      });
    } else {
      issues.push(
        ...checkProbe(probe, joinPath(path, kind), kind, {
          serving: ctx.role === 'serving',
          portName: props.portName,
          requirePort: ctx.role === 'sidecar' && ctx.sidecarProbing === true,
        }),
      );
    }
  }
  if (props.resources !== undefined)
    issues.push(...checkResources(props.resources, joinPath(path, 'resources')));
  if (props.securityContext !== undefined) {
    issues.push(...checkSecurityContext(props.securityContext, joinPath(path, 'securityContext')));
  }
  if (props.volumeMounts !== undefined) {
    issues.push(
      ...checkVolumeMounts(props.volumeMounts, joinPath(path, 'volumeMounts'), ctx.volumes),
    );
  }
  return issues;
}

// k8s_validation.go validateContainerPorts, validateInitContainerPorts, validateContainerPortBasic
function checkPort(props: ContainerProps, path: string, role: ContainerRole): Issue[] {
  const issues: Issue[] = [];
  const at = joinPath(path, 'port');
  if (props.port !== undefined) {
    const range = checkNumber(props.port, at, 'port', { min: 1, max: 65535, integer: true });
    issues.push(...range);
    if (range.length === 0 && RESERVED_PORTS.includes(props.port)) {
      issues.push({
        path: at,
        message: `port ${props.port} is reserved by Knative (${RESERVED_PORTS.join(', ')}); use another port such as 8080`,
      });
    }
  }
  if (props.portName !== undefined) {
    if (role !== 'init' && !PORT_NAMES.includes(props.portName)) {
      issues.push({
        path: joinPath(path, 'portName'),
        message: `portName ${show(props.portName)} is not allowed by Knative; use 'h2c' for HTTP/2 cleartext (gRPC), or 'http1' or '' for HTTP/1.1`,
      });
    }
    if (props.port === undefined) {
      issues.push({
        path: joinPath(path, 'portName'),
        message: `portName ${show(props.portName)} is set without port; set port too, such as port: 8080`,
      });
    }
  }
  return issues;
}

// k8s_validation.go validateEnv, validateEnvVar, validateEnvValueFrom
function checkEnv(env: ContainerProps['env'], path: string, role: ContainerRole): Issue[] {
  if (env === undefined) return [];
  if (!isObject(env) && !Array.isArray(env)) {
    return [
      {
        path,
        message: `env ${show(env)} must be a map of names to values or a list of { name, value }`,
      },
    ];
  }
  const issues: Issue[] = [];
  const sources = ['configMapKeyRef', 'secretKeyRef', 'fieldRef', 'resourceFieldRef'] as const;
  for (const { entry, key } of envList(env)) {
    const at = joinPath(path, key);
    if (!isObject(entry)) {
      issues.push({ path: at, message: `env entry ${show(entry)} must be an object with a name` });
      continue;
    }
    const isMap = typeof key === 'string';
    const namePath = isMap ? at : joinPath(at, 'name');
    if (!isMap)
      issues.push(...unknownFields(entry, ['name', 'value', 'valueFrom'], at, 'an env entry'));
    const name = entry.name;
    if (typeof name !== 'string' || !ENV_NAME.test(name)) {
      issues.push({
        path: namePath,
        message: `env name ${show(name)} is not a valid variable name; use letters, digits, '_', '-' and '.', not starting with a digit`,
      });
    } else if (RESERVED_ENV_NAMES.includes(name)) {
      issues.push({
        path: namePath,
        message: `env name ${show(name)} is reserved by Knative, which sets it; remove it`,
      });
    } else if (name === 'PORT' && role === 'serving') {
      issues.push({
        path: namePath,
        message: `env name 'PORT' is reserved by Knative in the serving container, which sets it to the container port; remove it and set port instead`,
      });
    }
    if (entry.value !== undefined && typeof entry.value !== 'string') {
      issues.push({
        path: isMap ? at : joinPath(at, 'value'),
        message: `env ${show(name)} has the value ${show(entry.value)}; environment values are strings, quote it`,
      });
    }
    if (entry.valueFrom !== undefined) {
      const vf = joinPath(at, 'valueFrom');
      if (entry.value !== undefined) {
        issues.push({
          path: at,
          message: `env ${show(name)} sets both value and valueFrom; set only one`,
        });
      }
      issues.push(...unknownFields(entry.valueFrom, sources, vf, 'env valueFrom'));
      const set = sources.filter(
        (s) => isObject(entry.valueFrom) && entry.valueFrom[s] !== undefined,
      );
      if (set.length !== 1) {
        issues.push({
          path: vf,
          message: `env ${show(name)} valueFrom sets ${set.length === 0 ? 'no source' : listAnd(set)}; set exactly one of ${sources.join(', ')}`,
        });
      }
      for (const s of ['configMapKeyRef', 'secretKeyRef'] as const) {
        const ref = isObject(entry.valueFrom) ? entry.valueFrom[s] : undefined;
        if (ref === undefined || !objectField(ref, joinPath(vf, s), s, issues)) continue;
        issues.push(...unknownFields(ref, ['name', 'key', 'optional'], joinPath(vf, s), `a ${s}`));
        issues.push(
          ...checkDns1123Subdomain(ref.name, joinPath(joinPath(vf, s), 'name'), `${s}.name`),
        );
        if (typeof ref.key !== 'string' || ref.key === '') {
          issues.push({
            path: joinPath(joinPath(vf, s), 'key'),
            message: `${s}.key is required: the key to read`,
          });
        }
      }
      const fr = isObject(entry.valueFrom) ? entry.valueFrom.fieldRef : undefined;
      if (fr !== undefined && (typeof fr?.fieldPath !== 'string' || fr.fieldPath === '')) {
        issues.push({
          path: joinPath(joinPath(vf, 'fieldRef'), 'fieldPath'),
          message: `fieldRef.fieldPath is required, such as 'metadata.name' or 'status.podIP'`,
        });
      }
      const rr = isObject(entry.valueFrom) ? entry.valueFrom.resourceFieldRef : undefined;
      if (rr !== undefined && (typeof rr?.resource !== 'string' || rr.resource === '')) {
        issues.push({
          path: joinPath(joinPath(vf, 'resourceFieldRef'), 'resource'),
          message: `resourceFieldRef.resource is required, such as 'limits.memory'`,
        });
      }
    }
  }
  return issues;
}

// k8s_validation.go validateEnvFrom
function checkEnvFrom(envFrom: readonly EnvFromSource[] | undefined, path: string): Issue[] {
  const issues: Issue[] = [];
  listField(envFrom, path, 'envFrom', issues).forEach((source, i) => {
    const at = joinPath(path, i);
    if (!objectField(source, at, `envFrom[${i}]`, issues)) return;
    issues.push(
      ...unknownFields(source, ['prefix', 'configMapRef', 'secretRef'], at, 'an envFrom entry'),
    );
    const cm = source?.configMapRef;
    const sr = source?.secretRef;
    if (cm !== undefined && sr !== undefined) {
      issues.push({
        path: at,
        message: `envFrom[${i}] sets both configMapRef and secretRef; set exactly one, with one envFrom entry per source`,
      });
    } else if (cm === undefined && sr === undefined) {
      issues.push({
        path: at,
        message: `envFrom[${i}] sets neither configMapRef nor secretRef; set exactly one`,
      });
    }
    for (const [field, ref] of [
      ['configMapRef', cm],
      ['secretRef', sr],
    ] as const) {
      if (ref === undefined || !objectField(ref, joinPath(at, field), field, issues)) continue;
      issues.push(...unknownFields(ref, ['name', 'optional'], joinPath(at, field), `a ${field}`));
      issues.push(
        ...checkDns1123Subdomain(ref.name, joinPath(joinPath(at, field), 'name'), `${field}.name`),
      );
    }
    if (source?.prefix !== undefined && source.prefix !== '' && !ENV_NAME.test(source.prefix)) {
      issues.push({
        path: joinPath(at, 'prefix'),
        message: `envFrom prefix ${show(source.prefix)} is not a valid variable name prefix; use letters, digits, '_', '-' and '.', not starting with a digit`,
      });
    }
  });
  return issues;
}

/** True for a resource name Kubernetes treats as an extended resource (integer, not overcommitted). */
export function isExtendedResource(name: string): boolean {
  // k8s.io/kubernetes pkg/apis/core/helper IsExtendedResourceName
  return name.includes('/') && !name.startsWith('kubernetes.io/') && !name.startsWith('requests.');
}

/** Checks names and quantities, requests <= limits, and whole, equal extended resources (GPUs). */
// knative/serving fieldmask.go ResourceRequirementsMask; k8s.io/kubernetes pkg/apis/core/validation
// ValidateResourceRequirements
export function checkResources(resources: ResourceRequirements, path: string): Issue[] {
  if (!isObject(resources)) {
    return [
      {
        path,
        message: `resources ${show(resources)} must be an object with requests and/or limits`,
      },
    ];
  }
  const issues: Issue[] = unknownFields(
    resources,
    ['requests', 'limits'],
    path,
    'container resources',
  );
  const parsed: Record<'requests' | 'limits', Map<string, number>> = {
    requests: new Map(),
    limits: new Map(),
  };
  for (const kind of ['requests', 'limits'] as const) {
    const list = resources[kind];
    if (list === undefined || !objectField(list, joinPath(path, kind), kind, issues)) continue;
    for (const name of Object.keys(list).sort()) {
      const at = joinPath(joinPath(path, kind), name);
      const value = list[name];
      if (!isResourceName(name)) {
        issues.push({
          path: at,
          message: `resource name ${show(name)} is not a Kubernetes resource; use cpu, memory, ephemeral-storage, hugepages-<size> or an extended resource with a domain, such as nvidia.com/gpu`,
        });
        continue;
      }
      const q = checkQuantity(value, at, `${kind}.${name}`, { nonNegative: true });
      issues.push(...q);
      if (q.length > 0) continue;
      const n = parseQuantity(value) as number;
      if (isExtendedResource(name) && !Number.isInteger(n)) {
        issues.push({
          path: at,
          message: `${kind}.${name} ${show(value)} must be a whole number; extended resources such as GPUs cannot be split, use 1, 2, ...`,
        });
        continue;
      }
      parsed[kind].set(name, n);
    }
  }
  for (const [name, request] of parsed.requests) {
    const at = joinPath(joinPath(path, 'requests'), name);
    const limit = parsed.limits.get(name);
    const shown = show(resources.requests?.[name]);
    if (isExtendedResource(name)) {
      if (resources.limits?.[name] === undefined) {
        issues.push({
          path: at,
          message: `requests.${name} ${shown} has no limit; extended resources cannot be overcommitted, set limits.${name} to the same value`,
        });
      } else if (limit !== undefined && limit !== request) {
        issues.push({
          path: at,
          message: `requests.${name} ${shown} differs from limits.${name} ${show(resources.limits[name])}; extended resources cannot be overcommitted, set them equal`,
        });
      }
    } else if (limit !== undefined && request > limit) {
      issues.push({
        path: at,
        message: `requests.${name} ${shown} is more than limits.${name} ${show(resources.limits?.[name])}; lower the request or raise the limit`,
      });
    }
  }
  return issues;
}

function isResourceName(name: string): boolean {
  if (STANDARD_RESOURCES.includes(name)) return true;
  if (/^hugepages-/.test(name)) return parseQuantity(name.slice('hugepages-'.length)) !== undefined;
  return name.includes('/') && isQualifiedName(name);
}

/** Checks the container security context subset Knative allows. */
// knative/serving pkg/apis/serving/k8s_validation.go validateSecurityContext; fieldmask.go
// SecurityContextMask, CapabilitiesMask
export function checkSecurityContext(sc: ContainerSecurityContext, path: string): Issue[] {
  if (!isObject(sc)) return [{ path, message: `securityContext ${show(sc)} must be an object` }];
  const issues: Issue[] = unknownFields(
    sc,
    SECURITY_CONTEXT_FIELDS,
    path,
    'a container securityContext',
  );
  for (const field of ['runAsUser', 'runAsGroup'] as const) {
    if (sc[field] !== undefined) {
      issues.push(
        ...checkNumber(sc[field], joinPath(path, field), field, {
          min: 0,
          max: MAX_ID,
          integer: true,
        }),
      );
    }
  }
  if (sc.privileged !== undefined && sc.privileged !== false) {
    issues.push({
      path: joinPath(path, 'privileged'),
      message: `privileged ${show(sc.privileged)} is not allowed by Knative; remove it or set privileged: false`,
    });
  }
  if (
    sc.capabilities !== undefined &&
    objectField(sc.capabilities, joinPath(path, 'capabilities'), 'capabilities', issues)
  ) {
    const at = joinPath(path, 'capabilities');
    issues.push(...unknownFields(sc.capabilities, ['add', 'drop'], at, 'capabilities'));
    // k8s_validation.go warnDefaultContainerSecurityContext: "Must be spelled as 'ALL'"
    listField(sc.capabilities.drop, joinPath(at, 'drop'), 'capabilities.drop', issues).forEach(
      (cap, i) => {
        if (typeof cap === 'string' && cap !== 'ALL' && cap.toUpperCase() === 'ALL') {
          issues.push({
            path: joinPath(joinPath(at, 'drop'), i),
            message: `capabilities.drop ${show(cap)} drops nothing; spell it 'ALL'`,
          });
        }
      },
    );
  }
  if (sc.seccompProfile !== undefined)
    issues.push(...checkSeccomp(sc.seccompProfile, joinPath(path, 'seccompProfile')));
  return issues;
}

/** Checks a seccomp profile (container or pod). */
// k8s.io/kubernetes pkg/apis/core/validation validateSeccompProfileField
export function checkSeccomp(profile: SeccompProfile, path: string): Issue[] {
  const issues: Issue[] = unknownFields(
    profile,
    ['type', 'localhostProfile'],
    path,
    'a seccompProfile',
  );
  if (!isObject(profile) || !['RuntimeDefault', 'Unconfined', 'Localhost'].includes(profile.type)) {
    issues.push({
      path: joinPath(path, 'type'),
      message: `seccompProfile.type ${show(profile?.type)} is not allowed; use 'RuntimeDefault', 'Unconfined' or 'Localhost'`,
    });
    return issues;
  }
  if (profile.type === 'Localhost' && !profile.localhostProfile) {
    issues.push({
      path: joinPath(path, 'localhostProfile'),
      message: `seccompProfile.localhostProfile is required with type 'Localhost'; give the profile's path on the node`,
    });
  }
  if (profile.type !== 'Localhost' && profile.localhostProfile !== undefined) {
    issues.push({
      path: joinPath(path, 'localhostProfile'),
      message: `seccompProfile.localhostProfile is only allowed with type 'Localhost'; remove it`,
    });
  }
  return issues;
}

/**
 * The `config-features` flags a container needs: env `fieldRef`/`resourceFieldRef`,
 * `capabilities.add` and volume mount propagation.
 */
// knative/serving pkg/apis/serving/fieldmask.go EnvVarSourceMask, CapabilitiesMask, VolumeMountMask
export function containerFeatures(props: ContainerProps, path: string): FeatureRequirement[] {
  const reqs: FeatureRequirement[] = [];
  if (!isObject(props)) return reqs;
  if (props.env !== undefined && (Array.isArray(props.env) || isObject(props.env))) {
    for (const { entry, key } of envList(props.env)) {
      const vf = entry?.valueFrom;
      if (!isObject(vf)) continue;
      for (const field of ['fieldRef', 'resourceFieldRef'] as const) {
        if (vf[field] !== undefined) {
          reqs.push({
            flag: 'kubernetes.podspec-fieldref',
            exact: false,
            path: joinPaths(path, 'env', key, 'valueFrom', field),
            field,
          });
        }
      }
    }
  }
  const sc = props.securityContext;
  const add = isObject(sc) && isObject(sc.capabilities) ? sc.capabilities.add : undefined;
  if (Array.isArray(add) && add.length > 0) {
    reqs.push({
      flag: 'kubernetes.containerspec-addcapabilities',
      exact: true,
      path: joinPaths(path, 'securityContext', 'capabilities', 'add'),
      field: 'capabilities.add',
    });
  }
  if (props.volumeMounts !== undefined) {
    reqs.push(...volumeMountFeatures(props.volumeMounts, joinPath(path, 'volumeMounts')));
  }
  return reqs;
}

/** The container as Kubernetes JSON, in Kubernetes' field order; unset fields are omitted. */
export function renderContainer(props: ContainerProps): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (props.name !== undefined) out.name = props.name;
  out.image = props.image;
  if (props.command !== undefined) out.command = [...props.command];
  if (props.args !== undefined) out.args = [...props.args];
  if (props.workingDir !== undefined) out.workingDir = props.workingDir;
  if (props.port !== undefined) {
    const port: Record<string, unknown> = { containerPort: props.port };
    if (props.portName) port.name = props.portName;
    port.protocol = 'TCP';
    out.ports = [port];
  }
  if (props.envFrom !== undefined) out.envFrom = props.envFrom.map(canonical);
  if (props.env !== undefined) out.env = envList(props.env).map(({ entry }) => renderEnvVar(entry));
  if (props.resources !== undefined) {
    const r: Record<string, unknown> = {};
    if (props.resources.limits !== undefined) r.limits = renderResourceList(props.resources.limits);
    if (props.resources.requests !== undefined)
      r.requests = renderResourceList(props.resources.requests);
    out.resources = r;
  }
  if (props.volumeMounts !== undefined)
    out.volumeMounts = props.volumeMounts.map(renderVolumeMount);
  if (props.livenessProbe !== undefined) out.livenessProbe = renderProbe(props.livenessProbe);
  if (props.readinessProbe !== undefined) out.readinessProbe = renderProbe(props.readinessProbe);
  if (props.startupProbe !== undefined) out.startupProbe = renderProbe(props.startupProbe);
  if (props.terminationMessagePath !== undefined)
    out.terminationMessagePath = props.terminationMessagePath;
  if (props.terminationMessagePolicy !== undefined)
    out.terminationMessagePolicy = props.terminationMessagePolicy;
  if (props.imagePullPolicy !== undefined) out.imagePullPolicy = props.imagePullPolicy;
  if (props.securityContext !== undefined) out.securityContext = canonical(props.securityContext);
  return out;
}

function renderEnvVar(entry: EnvVar): Record<string, unknown> {
  const out: Record<string, unknown> = { name: entry.name };
  if (entry.value !== undefined) out.value = entry.value;
  if (entry.valueFrom !== undefined) out.valueFrom = canonical(entry.valueFrom);
  return out;
}

/** Quantities as strings (Kubernetes' canonical JSON form), keys sorted. */
function renderResourceList(list: ResourceList): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(list).sort()) out[key] = String(list[key]);
  return out;
}
