import Ajv, { ErrorObject } from 'ajv';
import { Issue, joinPath, show } from '../validation';

const str = { type: 'string' };
const num = { type: 'number' };
const int = { type: 'integer' };
const bool = { type: 'boolean' };
const stringMap = { type: 'object', additionalProperties: { type: 'string' } };
const strings = { type: 'array', items: str };
/** Names become object and construct names: never empty. */
const name = { type: 'string', minLength: 1 };
const obj = (properties: Record<string, unknown>, required: string[] = []) => ({
  type: 'object',
  additionalProperties: false,
  properties,
  required,
});

const autoscaling = obj({
  class: { enum: ['kpa', 'hpa', 'mpa', 'ahpa'] },
  metric: str,
  target: num,
  utilization: num,
  window: str,
  panicWindowPercent: num,
  panicThresholdPercent: num,
  minScale: num,
  maxScale: num,
  initialScale: num,
  activationScale: num,
  scaleDownDelay: str,
  retention: str,
  burstCapacity: num,
  aggregationAlgorithm: { enum: ['linear', 'weighted-exponential'] },
});
const placementModes = ['ecs', 'eci', 'ecs-then-eci', 'gpu'];
const placement = {
  oneOf: [
    { enum: placementModes },
    obj(
      {
        mode: { enum: placementModes },
        instanceTypes: strings,
        spot: { enum: ['SpotAsPriceGo', 'SpotWithPriceLimit'] },
        spotPriceLimit: num,
        imageCache: bool,
        extraEphemeralStorage: str,
        gpuDriverVersion: str,
        via: { enum: ['node-selector', 'label'] },
        on: { enum: ['eci', 'node-pool'] },
        ecs: obj({ max: num, nodeSelector: stringMap }),
        waitForEcs: str,
        pool: str,
      },
      ['mode'],
    ),
  ],
};
const visibility = { enum: ['cluster-local', 'external'] };
// Secrets, volumes, identity and escape hatches: the structure here, Knative's rules after it.
const keyRef = obj({ name, key: str, optional: bool }, ['name', 'key']);
const envValue = {
  type: ['string', 'object'],
  additionalProperties: false,
  properties: { secretKeyRef: keyRef, configMapKeyRef: keyRef },
};
const anyObject = { type: 'object' };
const identity = obj({
  serviceAccount: name,
  roleName: str,
  oss: {
    type: 'array',
    items: obj({ bucket: str, prefix: str, access: { enum: ['read', 'write'] } }, [
      'bucket',
      'access',
    ]),
  },
});
const workload = {
  profile: str,
  autoscaling,
  resources: obj({
    cpu: { type: ['string', 'number'] },
    memory: str,
    gpu: num,
    gpuMemory: num,
    ephemeralStorage: str,
  }),
  concurrency: num,
  timeoutSeconds: num,
  placement,
  reserve: obj({
    enabled: bool,
    type: { enum: ['eci', 'ecs', 'acs'] },
    replicas: num,
    instanceTypes: strings,
  }),
  env: { type: 'object', additionalProperties: envValue },
  args: strings,
  port: int,
  readiness: obj({
    path: str,
    initialDelaySeconds: num,
    periodSeconds: num,
    timeoutSeconds: num,
    failureThreshold: num,
    successThreshold: num,
  }),
  labels: stringMap,
  annotations: stringMap,
  ahpa: obj(
    {
      targetUtilization: num,
      minReplicas: num,
      maxReplicas: num,
      metric: { enum: ['rps', 'rt', 'cpu'] },
      quantile: num,
      scaleUpForwardSeconds: num,
      bounds: {
        type: 'array',
        items: obj({ cron: str, minReplicas: num, maxReplicas: num }, [
          'cron',
          'minReplicas',
          'maxReplicas',
        ]),
      },
    },
    ['targetUtilization', 'minReplicas', 'maxReplicas'],
  ),
  securityContext: obj({
    runAsNonRoot: bool,
    allowPrivilegeEscalation: bool,
    dropAllCapabilities: bool,
    seccompProfile: { enum: ['RuntimeDefault', 'Unconfined'] },
    readOnlyRootFilesystem: bool,
    runAsUser: int,
    reason: str,
  }),
  envFrom: { type: 'array', items: anyObject },
  imagePullSecrets: strings,
  volumes: { type: 'array', items: obj({ name, ...sources() }, ['name']) },
  volumeMounts: {
    type: 'array',
    items: obj({ name, mountPath: str, readOnly: bool, subPath: str, mountPropagation: str }, [
      'name',
      'mountPath',
    ]),
  },
  overrides: obj({
    pod: anyObject,
    container: anyObject,
    jsonPatch: {
      type: 'array',
      items: obj(
        {
          op: { enum: ['add', 'remove', 'replace', 'copy', 'move', 'test'] },
          path: str,
          value: {},
          from: str,
        },
        ['op', 'path'],
      ),
    },
  }),
};
/** Model-level settings: an objective and its alert routing belong to the model, not a version. */
const modelLevel = {
  slo: obj({ availability: num, latencyP99Ms: num, window: str }),
  alerts: obj({ routeTo: name, page: name, ticket: name, enabled: bool }),
};
const version = obj({ ...workload, name, image: str, traffic: num, warm: bool }, ['name', 'image']);
const model = obj(
  {
    ...workload,
    ...modelLevel,
    name,
    team: str,
    latest: str,
    versions: { type: 'array', items: version },
    retired: strings,
    visibility,
    identity,
  },
  ['name', 'versions'],
);

const sink = obj({ model: str, broker: str, uri: str });
const duration = { type: ['number', 'string'] };
const delivery = obj({
  retry: num,
  backoffPolicy: { enum: ['linear', 'exponential'] },
  backoffDelay: duration,
  timeout: duration,
  deadLetter: sink,
});
const filterProps: Record<string, unknown> = {
  exact: stringMap,
  prefix: stringMap,
  suffix: stringMap,
  cesql: str,
};
const filter = {
  type: 'object',
  additionalProperties: false,
  properties: {
    ...filterProps,
    all: { type: 'array' },
    any: { type: 'array' },
    not: { type: 'object' },
  },
};
const eventing = obj({
  brokers: { type: 'array', items: obj({ name, class: str, delivery }, ['name']) },
  triggers: {
    type: 'array',
    items: obj(
      {
        name,
        broker: str,
        model: str,
        filter: stringMap,
        filters: { type: 'array', items: filter },
        delivery,
      },
      ['name', 'broker', 'model'],
    ),
  },
  schedules: {
    type: 'array',
    items: obj({ name, schedule: str, timezone: str, contentType: str, data: str, sink }, [
      'name',
      'schedule',
      'sink',
    ]),
  },
});

/** The catalog's JSON Schema: the structure; the Knative and ACK rules run after it. */
export const CATALOG_SCHEMA = obj(
  {
    namespace: str,
    domain: str,
    distribution: { enum: ['ack', 'upstream'] },
    defaults: obj({ ...workload, ...modelLevel, visibility, identity }),
    profiles: { type: 'object', additionalProperties: obj({ ...workload, ...modelLevel }) },
    models: { type: 'array', items: model },
    eventing,
  },
  ['namespace', 'models'],
);

/** Every volume source Knative allows, each checked in detail by the Knative layer. */
function sources(): Record<string, unknown> {
  const names = ['secret', 'configMap', 'projected', 'emptyDir', 'persistentVolumeClaim', 'csi'];
  return Object.fromEntries(names.map((n) => [n, anyObject]));
}

let compiled: ReturnType<Ajv['compile']> | undefined;

/** Checks the catalog's structure: unknown fields, wrong types, missing required fields. */
export function checkCatalogShape(data: unknown): Issue[] {
  compiled ??= new Ajv({ allErrors: true, strict: false, verbose: true }).compile(CATALOG_SCHEMA);
  if (compiled(data)) return [];
  return toIssues(compiled.errors ?? [], data);
}

/** Turns ajv errors into `<path>: <message>` issues; `oneOf` noise is reduced to one issue. */
function toIssues(errors: ErrorObject[], data: unknown): Issue[] {
  const issues: Issue[] = [];
  const seen = new Set<string>();
  const placementPaths = new Set(
    errors.filter((e) => e.keyword === 'oneOf').map((e) => e.instancePath),
  );
  for (const e of errors) {
    const insidePlacement = [...placementPaths].some(
      (p) => e.instancePath === p || e.instancePath.startsWith(p + '/'),
    );
    let issue: Issue | undefined;
    if (insidePlacement && e.keyword !== 'oneOf') {
      // Report the placement once, unless the object form has a specific problem.
      const root = [...placementPaths].find(
        (p) => e.instancePath === p || e.instancePath.startsWith(p + '/'),
      ) as string;
      const value = valueAt(data, root);
      if (
        typeof value !== 'object' ||
        value === null ||
        // the string branch's complaints about the object itself; a field's type error stays
        ((e.keyword === 'type' || e.keyword === 'enum') && e.instancePath === root)
      )
        continue;
      issue = describe(e, data);
    } else if (e.keyword === 'oneOf') {
      const value = valueAt(data, e.instancePath);
      if (typeof value === 'object' && value !== null) continue;
      issue = {
        path: toPath(e.instancePath),
        message: `placement ${show(value)} is not a placement; use one of ecs, eci, ecs-then-eci, gpu, or an object with 'mode'`,
      };
    } else {
      issue = describe(e, data);
    }
    const key = `${issue.path}\n${issue.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      issues.push(issue);
    }
  }
  return issues;
}

function describe(e: ErrorObject, data: unknown): Issue {
  const path = toPath(e.instancePath);
  const field = lastSegment(e.instancePath);
  const value = valueAt(data, e.instancePath);
  switch (e.keyword) {
    case 'additionalProperties': {
      const extra = (e.params as { additionalProperty: string }).additionalProperty;
      const allowed = Object.keys(
        ((e.parentSchema as { properties?: object })?.properties ?? {}) as object,
      ).join(', ');
      return {
        path: joinPath(rootless(path), extra),
        message: `unknown field '${extra}'; allowed fields here: ${allowed}`,
      };
    }
    case 'required': {
      const missing = (e.params as { missingProperty: string }).missingProperty;
      return { path: joinPath(rootless(path), missing), message: `'${missing}' is required` };
    }
    case 'type':
      return {
        path,
        message: `${field} ${show(value)} must be ${article((e.params as { type: string | string[] }).type)}`,
      };
    case 'minLength':
      return { path, message: `${field} must not be empty` };
    case 'enum':
      return {
        path,
        message: `${field} ${show(value)} is not one of: ${(e.params as { allowedValues: unknown[] }).allowedValues.join(', ')}`,
      };
    default:
      return { path, message: `${field} ${show(value)} ${e.message ?? 'is invalid'}` };
  }
}

function article(type: string | string[]): string {
  const t = Array.isArray(type) ? type.join(' or ') : type;
  return t === 'object' || t === 'array' || t === 'integer' ? `an ${t}` : `a ${t}`;
}

/** `/models/3/versions/1/autoscaling/window` -> `models[3].versions[1].autoscaling.window`. */
function toPath(pointer: string): string {
  let out = '';
  for (const raw of pointer.split('/').slice(1)) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    out = joinPath(out, /^[0-9]+$/.test(seg) ? Number(seg) : seg);
  }
  return out === '' ? '(catalog)' : out;
}

/** The catalog root has no path of its own; fields below it start fresh. */
function rootless(path: string): string {
  return path === '(catalog)' ? '' : path;
}

function lastSegment(pointer: string): string {
  const segs = pointer.split('/');
  const last = segs[segs.length - 1];
  return last === '' ? 'catalog' : last.replace(/~1/g, '/');
}

function valueAt(data: unknown, pointer: string): unknown {
  let cur = data;
  for (const raw of pointer.split('/').slice(1)) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[raw.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return cur;
}
