import { UPSTREAM_CLUSTER } from '../cluster-config';
import { show } from '../../validation';
import { Collector, Rendered, boolKey, numberKey, quantityKeys } from './collector';
import { goTemplateError } from './go-template';

/** `config-defaults` (knative/serving pkg/apis/config/defaults.go). */
export interface DefaultsSettings {
  /** `revision-timeout-seconds`: whole seconds >= 0, <= maxRevisionTimeoutSeconds. @default 300 */
  readonly revisionTimeoutSeconds?: number;
  /** `max-revision-timeout-seconds`: whole seconds, >= revisionTimeoutSeconds. @default 600 */
  readonly maxRevisionTimeoutSeconds?: number;
  /** `revision-response-start-timeout-seconds`: whole seconds >= 0, <= revisionTimeoutSeconds. @default - revisionTimeoutSeconds */
  readonly revisionResponseStartTimeoutSeconds?: number;
  /** `revision-idle-timeout-seconds`: whole seconds >= 0, <= revisionTimeoutSeconds; 0 = none. @default 0 */
  readonly revisionIdleTimeoutSeconds?: number;
  /** `container-concurrency`: default containerConcurrency, in [0, containerConcurrencyMaxLimit]. @default 0 */
  readonly containerConcurrency?: number;
  /** `container-concurrency-max-limit`: whole number >= 1. @default 1000 */
  readonly containerConcurrencyMaxLimit?: number;
  /** `allow-container-concurrency-zero`. @default true */
  readonly allowContainerConcurrencyZero?: boolean;
  /** `enable-service-links`. @default false */
  readonly enableServiceLinks?: boolean;
  /** `container-name-template` (Go template over ObjectMeta). @default 'user-container' */
  readonly containerNameTemplate?: string;
  /** `init-container-name-template`. @default 'init-container' */
  readonly initContainerNameTemplate?: string;
  /** `revision-cpu-request` (Kubernetes quantity). @default - none */
  readonly revisionCpuRequest?: string;
  /** `revision-memory-request`. @default - none */
  readonly revisionMemoryRequest?: string;
  /** `revision-ephemeral-storage-request`. @default - none */
  readonly revisionEphemeralStorageRequest?: string;
  /** `revision-cpu-limit`. @default - none */
  readonly revisionCpuLimit?: string;
  /** `revision-memory-limit`. @default - none */
  readonly revisionMemoryLimit?: string;
  /** `revision-ephemeral-storage-limit`. @default - none */
  readonly revisionEphemeralStorageLimit?: string;
}

// The ObjectMeta fields a container-name template may read (Knative executes it on an empty ObjectMeta).
const OBJECT_META_FIELDS: ReadonlySet<string> = new Set([
  'Name',
  'GenerateName',
  'Namespace',
  'UID',
  'ResourceVersion',
  'Generation',
  'Labels',
  'Annotations',
]);

// knative/serving pkg/apis/config/defaults.go (NewDefaultsConfigFromMap)
export function defaultsData(d: DefaultsSettings, path: string): Rendered {
  const c = new Collector(path);
  const whole = { integer: true, min: 0 };
  numberKey(
    c,
    d.revisionTimeoutSeconds,
    'revisionTimeoutSeconds',
    'revision-timeout-seconds',
    whole,
  );
  numberKey(
    c,
    d.maxRevisionTimeoutSeconds,
    'maxRevisionTimeoutSeconds',
    'max-revision-timeout-seconds',
    whole,
  );
  numberKey(
    c,
    d.revisionResponseStartTimeoutSeconds,
    'revisionResponseStartTimeoutSeconds',
    'revision-response-start-timeout-seconds',
    whole,
  );
  numberKey(
    c,
    d.revisionIdleTimeoutSeconds,
    'revisionIdleTimeoutSeconds',
    'revision-idle-timeout-seconds',
    whole,
  );
  numberKey(
    c,
    d.containerConcurrencyMaxLimit,
    'containerConcurrencyMaxLimit',
    'container-concurrency-max-limit',
    { integer: true, min: 1 },
  );
  const defaults = UPSTREAM_CLUSTER.defaults;
  const num = (v: unknown, fallback: number) =>
    (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : undefined) ??
    (v === undefined ? fallback : undefined);
  const timeout = num(d.revisionTimeoutSeconds, defaults.revisionTimeoutSeconds);
  const maxTimeout = num(d.maxRevisionTimeoutSeconds, defaults.maxRevisionTimeoutSeconds);
  const knativeDefault = (set: unknown) => (set === undefined ? " (Knative's default)" : '');
  if (timeout !== undefined && maxTimeout !== undefined && timeout > maxTimeout) {
    const prop =
      d.maxRevisionTimeoutSeconds !== undefined
        ? 'maxRevisionTimeoutSeconds'
        : 'revisionTimeoutSeconds';
    c.check([
      {
        path: c.at(prop),
        message: `max-revision-timeout-seconds ${maxTimeout}${knativeDefault(d.maxRevisionTimeoutSeconds)} is less than revision-timeout-seconds ${timeout}${knativeDefault(d.revisionTimeoutSeconds)}; raise maxRevisionTimeoutSeconds or lower revisionTimeoutSeconds`,
      },
    ]);
  }
  for (const [prop, key] of [
    ['revisionResponseStartTimeoutSeconds', 'revision-response-start-timeout-seconds'],
    ['revisionIdleTimeoutSeconds', 'revision-idle-timeout-seconds'],
  ] as const) {
    const v = d[prop];
    if (
      typeof v === 'number' &&
      Number.isInteger(v) &&
      v > 0 &&
      timeout !== undefined &&
      v > timeout
    ) {
      c.check([
        {
          path: c.at(prop),
          message: `${key} ${v} exceeds revision-timeout-seconds ${timeout}${knativeDefault(d.revisionTimeoutSeconds)}; lower it or raise revisionTimeoutSeconds`,
        },
      ]);
    }
  }
  const maxLimit = num(d.containerConcurrencyMaxLimit, defaults.containerConcurrencyMaxLimit);
  if (d.containerConcurrency !== undefined && maxLimit !== undefined && maxLimit >= 1) {
    numberKey(c, d.containerConcurrency, 'containerConcurrency', 'container-concurrency', {
      integer: true,
      min: 0,
      max: maxLimit,
      hint: `the upper bound is container-concurrency-max-limit${knativeDefault(d.containerConcurrencyMaxLimit)}`,
    });
  }
  boolKey(
    c,
    d.allowContainerConcurrencyZero,
    'allowContainerConcurrencyZero',
    'allow-container-concurrency-zero',
  );
  boolKey(c, d.enableServiceLinks, 'enableServiceLinks', 'enable-service-links');
  for (const [prop, key] of [
    ['containerNameTemplate', 'container-name-template'],
    ['initContainerNameTemplate', 'init-container-name-template'],
  ] as const) {
    const v = d[prop];
    if (v === undefined) continue;
    const error =
      typeof v === 'string' && v !== '' ? goTemplateError(v, OBJECT_META_FIELDS) : 'it is empty';
    if (typeof v !== 'string' || error !== undefined) {
      c.check([
        {
          path: c.at(prop),
          message: `${key} ${show(v)} is not a usable Go template over the object's metadata (${error ?? 'not a string'}); write it like '{{.Name}}' or a plain name such as 'user-container'`,
        },
      ]);
    } else {
      c.set(key, v);
    }
  }
  quantityKeys(c, d, [
    ['revisionCpuRequest', 'revision-cpu-request'],
    ['revisionMemoryRequest', 'revision-memory-request'],
    ['revisionEphemeralStorageRequest', 'revision-ephemeral-storage-request'],
    ['revisionCpuLimit', 'revision-cpu-limit'],
    ['revisionMemoryLimit', 'revision-memory-limit'],
    ['revisionEphemeralStorageLimit', 'revision-ephemeral-storage-limit'],
  ]);
  return c.done();
}
