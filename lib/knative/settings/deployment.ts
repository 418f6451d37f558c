import { Issue, checkDns1123Subdomain, joinPath, show } from '../../validation';
import {
  Collector,
  Rendered,
  boolKey,
  choiceKey,
  durationKey,
  quantityKeys,
  sortedRecord,
  toYaml,
} from './collector';
import { checkLabels } from './labels';

/** `config-deployment` (knative/serving pkg/deployment/config.go). */
export interface DeploymentSettings {
  /** `progress-deadline`: Go duration > 0, whole seconds. @default '600s' */
  readonly progressDeadline?: string;
  /** `registries-skipping-tag-resolving`: registries whose tags are not resolved to digests. @default ['kind.local', 'ko.local', 'dev.local'] */
  readonly registriesSkippingTagResolving?: readonly string[];
  /** `digest-resolution-timeout`: Go duration > 0. @default '10s' */
  readonly digestResolutionTimeout?: string;
  /** `queue-sidecar-cpu-request`. @default '25m' */
  readonly queueSidecarCpuRequest?: string;
  /** `queue-sidecar-cpu-limit`. @default - none */
  readonly queueSidecarCpuLimit?: string;
  /** `queue-sidecar-memory-request`. @default - none */
  readonly queueSidecarMemoryRequest?: string;
  /** `queue-sidecar-memory-limit`. @default - none */
  readonly queueSidecarMemoryLimit?: string;
  /** `queue-sidecar-ephemeral-storage-request`. @default - none */
  readonly queueSidecarEphemeralStorageRequest?: string;
  /** `queue-sidecar-ephemeral-storage-limit`. @default - none */
  readonly queueSidecarEphemeralStorageLimit?: string;
  /** `default-affinity-type`. @default 'prefer-spread-revision-over-nodes' */
  readonly defaultAffinityType?: 'prefer-spread-revision-over-nodes' | 'none';
  /** `runtime-class-name`: RuntimeClass name -> label selector (empty = every revision). @default - none */
  readonly runtimeClassNames?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** `pod-is-always-schedulable`: set on clusters whose unschedulable pods are transient (virtual nodes). @default false */
  readonly podIsAlwaysSchedulable?: boolean;
}

// knative/serving pkg/deployment/config.go (NewConfigFromMap)
export function deploymentData(d: DeploymentSettings, path: string): Rendered {
  const c = new Collector(path);
  durationKey(
    c,
    d.progressDeadline,
    'progressDeadline',
    'progress-deadline',
    { minSeconds: 0, wholeSeconds: true },
    true,
  );
  durationKey(
    c,
    d.digestResolutionTimeout,
    'digestResolutionTimeout',
    'digest-resolution-timeout',
    { minSeconds: 0 },
    true,
  );
  if (d.registriesSkippingTagResolving !== undefined) {
    const regs = d.registriesSkippingTagResolving;
    const bad = Array.isArray(regs)
      ? regs.flatMap((r, i) =>
          typeof r === 'string' && /^[A-Za-z0-9.-]+(:[0-9]+)?$/.test(r)
            ? []
            : [
                {
                  path: joinPath(c.at('registriesSkippingTagResolving'), i),
                  message: `registry ${show(r)} must be a registry host such as 'registry.example.com' or 'registry.example.com:5000', without scheme, path or commas`,
                },
              ],
        )
      : [
          {
            path: c.at('registriesSkippingTagResolving'),
            message: `registries-skipping-tag-resolving ${show(regs)} must be a list of registry hosts`,
          },
        ];
    if (c.check(bad)) c.set('registries-skipping-tag-resolving', [...new Set(regs)].join(','));
  }
  quantityKeys(c, d, [
    ['queueSidecarCpuRequest', 'queue-sidecar-cpu-request'],
    ['queueSidecarCpuLimit', 'queue-sidecar-cpu-limit'],
    ['queueSidecarMemoryRequest', 'queue-sidecar-memory-request'],
    ['queueSidecarMemoryLimit', 'queue-sidecar-memory-limit'],
    ['queueSidecarEphemeralStorageRequest', 'queue-sidecar-ephemeral-storage-request'],
    ['queueSidecarEphemeralStorageLimit', 'queue-sidecar-ephemeral-storage-limit'],
  ]);
  choiceKey(c, d.defaultAffinityType, 'defaultAffinityType', 'default-affinity-type', [
    'prefer-spread-revision-over-nodes',
    'none',
  ]);
  if (d.runtimeClassNames !== undefined) {
    const at = c.at('runtimeClassNames');
    const found: Issue[] = [];
    const out: Record<string, unknown> = {};
    for (const name of Object.keys(d.runtimeClassNames).sort()) {
      const selector = d.runtimeClassNames[name];
      found.push(...checkDns1123Subdomain(name, joinPath(at, name), 'RuntimeClass name'));
      found.push(...checkLabels(selector ?? {}, joinPath(at, name), 'selector label'));
      out[name] =
        selector && Object.keys(selector).length > 0 ? { selector: sortedRecord(selector) } : {};
    }
    if (c.check(found) && Object.keys(out).length > 0) c.set('runtime-class-name', toYaml(out));
  }
  boolKey(c, d.podIsAlwaysSchedulable, 'podIsAlwaysSchedulable', 'pod-is-always-schedulable');
  return c.done();
}
