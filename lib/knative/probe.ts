import { Issue, checkNumber, joinPath, show } from '../validation';

/**
 * Probes as Knative admits them (knative-rules §3.9). Only the fields in Knative's `ProbeMask` and
 * handler masks can be written; there is no way to express anything else.
 */

/** An HTTP header sent by an `httpGet` probe. */
export interface HttpHeader {
  readonly name: string;
  readonly value: string;
}

/** Probe with an HTTP GET. */
export interface HttpGetAction {
  /**
   * URL path to request.
   * @default '/'
   */
  readonly path?: string;
  /**
   * Port number, or the container's port name. On the serving container a name must equal the
   * container's port name (`http` when the port is unnamed); a sidecar's probe must set it.
   * @default - the serving container's port (Knative rewrites it)
   */
  readonly port?: number | string;
  /**
   * Host name to connect to.
   * @default - the pod IP
   */
  readonly host?: string;
  /**
   * Scheme to use.
   * @default 'HTTP'
   */
  readonly scheme?: 'HTTP' | 'HTTPS';
  /**
   * Extra request headers.
   * @default - none
   */
  readonly httpHeaders?: readonly HttpHeader[];
}

/** Probe that opens a TCP connection. */
export interface TcpSocketAction {
  /**
   * Port number or the container's port name; see `HttpGetAction.port`.
   * @default - the serving container's port (Knative rewrites it)
   */
  readonly port?: number | string;
  /**
   * Host name to connect to.
   * @default - the pod IP
   */
  readonly host?: string;
}

/** Probe that runs a command in the container; exit status 0 is healthy. */
export interface ExecAction {
  readonly command: readonly string[];
}

/** Probe with the gRPC health-checking protocol. */
export interface GrpcAction {
  /** Port number of the gRPC service. */
  readonly port: number;
  /**
   * Service name sent in the health check request.
   * @default ''
   */
  readonly service?: string;
}

/**
 * A liveness, readiness or startup probe. Exactly one handler (`httpGet`, `tcpSocket`, `exec`,
 * `grpc`) must be set.
 */
export interface ProbeProps {
  /** @default - none (set exactly one handler) */
  readonly httpGet?: HttpGetAction;
  /** @default - none (set exactly one handler) */
  readonly tcpSocket?: TcpSocketAction;
  /** @default - none (set exactly one handler) */
  readonly exec?: ExecAction;
  /** @default - none (set exactly one handler) */
  readonly grpc?: GrpcAction;
  /**
   * Seconds after the container starts before the first probe.
   * @default 0
   */
  readonly initialDelaySeconds?: number;
  /**
   * Seconds after which a probe times out. On a readiness probe with `periodSeconds: 0` it must be
   * left unset.
   * @default 1
   */
  readonly timeoutSeconds?: number;
  /**
   * Seconds between probes. On a readiness probe 0 (the default) selects queue-proxy's aggressive
   * probing until the container is first ready.
   * @default - 0 for readiness probes (Knative), 10 for liveness and startup probes (Kubernetes)
   */
  readonly periodSeconds?: number;
  /**
   * Consecutive successes to count as healthy; liveness and startup probes only accept 1.
   * @default 1
   */
  readonly successThreshold?: number;
  /**
   * Consecutive failures to count as unhealthy. On a readiness probe with `periodSeconds: 0` it
   * must be left unset.
   * @default 3
   */
  readonly failureThreshold?: number;
  /**
   * Grace period when a liveness or startup probe fails; not allowed on readiness probes.
   * @default - the pod's grace period
   */
  readonly terminationGracePeriodSeconds?: number;
}

/** Which probe of a container. */
export type ProbeKind = 'livenessProbe' | 'readinessProbe' | 'startupProbe';

/** The container a probe belongs to, as far as the probe rules care. */
export interface ProbeContext {
  /**
   * The container that receives requests (the only container, or the one with the port).
   * Its named probe ports must equal its port name; a sidecar's probe ports must be explicit.
   */
  readonly serving: boolean;
  /**
   * The serving container's port name; `''` or unset means unnamed (Knative calls it `http`).
   * @default ''
   */
  readonly portName?: string;
  /**
   * A sidecar's probe under `multi-container-probing`: `httpGet`/`tcpSocket` must give a port.
   * @default false
   */
  readonly requirePort?: boolean;
}

const HANDLERS = ['httpGet', 'tcpSocket', 'exec', 'grpc'] as const;
const PROBE_FIELDS = [
  ...HANDLERS,
  'initialDelaySeconds',
  'timeoutSeconds',
  'periodSeconds',
  'successThreshold',
  'failureThreshold',
  'terminationGracePeriodSeconds',
];
const MAX_INT32 = 2147483647;

/** Checks one probe: one handler, its ports, and the numeric rules for its kind. */
// knative/serving pkg/apis/serving/k8s_validation.go validateProbe, validateReadinessProbe
export function checkProbe(
  probe: ProbeProps,
  path: string,
  kind: ProbeKind,
  ctx: ProbeContext,
): Issue[] {
  if (!isObject(probe)) {
    return [{ path, message: `${kind} ${show(probe)} must be an object with one handler` }];
  }
  const issues: Issue[] = unknownFields(probe, PROBE_FIELDS, path, `a ${kind}`);
  const set = HANDLERS.filter((h) => probe[h] !== undefined);
  if (set.length === 0) {
    issues.push({
      path,
      message: `${kind} sets no handler; set exactly one of httpGet, tcpSocket, exec, grpc`,
    });
  } else if (set.length > 1) {
    issues.push({
      path,
      message: `${kind} sets ${listAnd(set)}; set exactly one of httpGet, tcpSocket, exec, grpc`,
    });
  }
  for (const h of set) objectField(probe[h], joinPath(path, h), `${kind} ${h}`, issues);
  if (isObject(probe.httpGet)) {
    const at = joinPath(path, 'httpGet');
    issues.push(
      ...unknownFields(
        probe.httpGet,
        ['path', 'port', 'host', 'scheme', 'httpHeaders'],
        at,
        'httpGet',
      ),
      ...checkProbePort(probe.httpGet.port, joinPath(at, 'port'), `${kind} httpGet.port`, ctx),
    );
    const scheme = probe.httpGet.scheme;
    if (scheme !== undefined && scheme !== 'HTTP' && scheme !== 'HTTPS') {
      issues.push({
        path: joinPath(at, 'scheme'),
        message: `${kind} httpGet.scheme ${show(scheme)} is not allowed; use 'HTTP' or 'HTTPS'`,
      });
    }
  }
  if (isObject(probe.tcpSocket)) {
    const at = joinPath(path, 'tcpSocket');
    issues.push(
      ...unknownFields(probe.tcpSocket, ['port', 'host'], at, 'tcpSocket'),
      ...checkProbePort(probe.tcpSocket.port, joinPath(at, 'port'), `${kind} tcpSocket.port`, ctx),
    );
  }
  if (isObject(probe.exec)) {
    const at = joinPath(path, 'exec');
    issues.push(...unknownFields(probe.exec, ['command'], at, 'exec'));
    if (!Array.isArray(probe.exec.command) || probe.exec.command.length === 0) {
      issues.push({
        path: joinPath(at, 'command'),
        message: `${kind} exec.command is empty; give the command to run, such as ['cat', '/app/ready']`,
      });
    }
  }
  if (isObject(probe.grpc)) {
    const at = joinPath(path, 'grpc');
    issues.push(
      ...unknownFields(probe.grpc, ['port', 'service'], at, 'grpc'),
      ...checkNumber(probe.grpc.port, joinPath(at, 'port'), `${kind} grpc.port`, {
        min: 1,
        max: 65535,
        integer: true,
      }),
    );
  }
  issues.push(
    ...(kind === 'readinessProbe'
      ? checkReadinessTiming(probe, path)
      : checkTiming(probe, path, kind)),
  );
  return issues;
}

function checkProbePort(
  port: number | string | undefined,
  path: string,
  what: string,
  ctx: ProbeContext,
): Issue[] {
  if (port === undefined || port === 0 || port === '') {
    if (!ctx.requirePort) return [];
    // k8s_validation.go validateProbe: "Probe port must be specified" for non-serving containers
    return [
      { path, message: `${what} is not set; a sidecar's probe must give its port explicitly` },
    ];
  }
  if (typeof port === 'string') {
    const expected = ctx.portName ? ctx.portName : 'http';
    if (ctx.serving && port !== expected) {
      return [
        {
          path,
          message: `${what} ${show(port)} does not match the container's port name '${expected}'; use '${expected}' or a port number`,
        },
      ];
    }
    return [];
  }
  return checkNumber(port, path, what, { min: 1, max: 65535, integer: true });
}

// k8s_validation.go validateReadinessProbe; revision_defaults.go defaults successThreshold to 1
function checkReadinessTiming(probe: ProbeProps, path: string): Issue[] {
  const kind = 'readinessProbe';
  const issues: Issue[] = [];
  const period = probe.periodSeconds ?? 0;
  issues.push(...intField(probe, 'periodSeconds', path, kind, 0));
  issues.push(...intField(probe, 'initialDelaySeconds', path, kind, 0));
  issues.push(...intField(probe, 'successThreshold', path, kind, 1));
  if (period === 0) {
    for (const field of ['failureThreshold', 'timeoutSeconds'] as const) {
      if (probe[field] !== undefined) {
        issues.push({
          path: joinPath(path, field),
          message: `${kind} ${field} ${show(probe[field])} is not allowed when periodSeconds is 0 (Knative's aggressive probing); remove it or set periodSeconds to 1 or more`,
        });
      }
    }
  } else {
    issues.push(...intField(probe, 'timeoutSeconds', path, kind, 1));
    issues.push(...intField(probe, 'failureThreshold', path, kind, 1));
  }
  if (probe.terminationGracePeriodSeconds !== undefined) {
    // k8s.io/kubernetes pkg/apis/core/validation validateReadinessProbe
    issues.push({
      path: joinPath(path, 'terminationGracePeriodSeconds'),
      message: `${kind} terminationGracePeriodSeconds is not allowed on a readiness probe; remove it`,
    });
  }
  return issues;
}

// k8s.io/kubernetes pkg/apis/core/validation validateProbe, validateLivenessProbe, validateStartupProbe
function checkTiming(probe: ProbeProps, path: string, kind: ProbeKind): Issue[] {
  const issues: Issue[] = [];
  issues.push(...intField(probe, 'initialDelaySeconds', path, kind, 0));
  issues.push(...intField(probe, 'timeoutSeconds', path, kind, 1));
  issues.push(...intField(probe, 'periodSeconds', path, kind, 1));
  issues.push(...intField(probe, 'failureThreshold', path, kind, 1));
  issues.push(...intField(probe, 'terminationGracePeriodSeconds', path, kind, 1));
  if (probe.successThreshold !== undefined && probe.successThreshold !== 1) {
    issues.push({
      path: joinPath(path, 'successThreshold'),
      message: `${kind} successThreshold ${show(probe.successThreshold)} must be 1 for liveness and startup probes; remove it`,
    });
  }
  return issues;
}

function intField(
  probe: ProbeProps,
  field: keyof ProbeProps,
  path: string,
  kind: ProbeKind,
  min: number,
): Issue[] {
  const value = probe[field];
  if (value === undefined) return [];
  return checkNumber(value, joinPath(path, field), `${kind} ${field}`, {
    min,
    max: MAX_INT32,
    integer: true,
  });
}

/** The probe as Kubernetes JSON. */
export function renderProbe(probe: ProbeProps): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (probe.httpGet) out.httpGet = canonical(probe.httpGet);
  if (probe.tcpSocket) out.tcpSocket = canonical(probe.tcpSocket);
  if (probe.exec) out.exec = { command: [...probe.exec.command] };
  if (probe.grpc) out.grpc = canonical(probe.grpc);
  for (const field of PROBE_FIELDS.slice(HANDLERS.length)) {
    const value = probe[field as keyof ProbeProps];
    if (value !== undefined) out[field] = value;
  }
  return out;
}

// ---- small helpers shared by the pod-spec modules (not part of the public API) ----

/** @internal True for a plain object. */
export function isObject(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * @internal Fields of `obj` outside `allowed`, one issue each. Typed callers cannot write them;
 * this catches untyped input (catalog YAML, JavaScript) before Knative's `must not set the field(s)`.
 */
// knative/pkg apis/field_error.go CheckDisallowedFields, over the masks in pkg/apis/serving/fieldmask.go
export function unknownFields(
  obj: unknown,
  allowed: readonly string[],
  path: string,
  where: string,
): Issue[] {
  if (!isObject(obj)) return [];
  return Object.keys(obj)
    .filter((k) => !allowed.includes(k) && obj[k] !== undefined)
    .map((k) => ({
      path: joinPath(path, k),
      message: `'${k}' is not a field Knative allows in ${where}; remove it`,
    }));
}

/**
 * @internal The items of a list field. A value that is not a list is reported and read as empty,
 * so untyped input gives issues, never a crash.
 */
export function listField<T>(
  value: readonly T[] | undefined,
  path: string,
  what: string,
  issues: Issue[],
): readonly T[] {
  if (value === undefined) return [];
  if (Array.isArray(value)) return value;
  issues.push({ path, message: `${what} ${show(value)} must be a list` });
  return [];
}

/** @internal Reports a value that is not an object; true when it is one. */
export function objectField(
  value: unknown,
  path: string,
  what: string,
  issues: Issue[],
): value is Record<string, any> {
  if (isObject(value)) return true;
  issues.push({ path, message: `${what} ${show(value)} must be an object` });
  return false;
}

/** @internal `joinPath` over several segments: `joinPaths('c', 'env', 0, 'name')` is `c.env[0].name`. */
export function joinPaths(base: string, ...keys: (string | number)[]): string {
  return keys.reduce<string>((p, k) => joinPath(p, k), base);
}

/** @internal `a`, `a and b`, `a, b and c`. */
export function listAnd(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** @internal A deep copy with object keys sorted and undefined values dropped: stable output. */
export function canonical(value: unknown): any {
  if (Array.isArray(value)) return value.map(canonical);
  if (isObject(value)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      if (value[key] !== undefined) out[key] = canonical(value[key]);
    }
    return out;
  }
  return value;
}
