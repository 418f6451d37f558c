import { FeatureFlagValue, FeatureRequirement } from '../cluster-config';
import { show } from '../../validation';
import { Collector, Rendered, sortedRecord } from './collector';

/** Every `config-features` flag of Knative Serving 1.23 that takes enabled/allowed/disabled, sorted. */
// knative/serving pkg/apis/config/features.go (NewFeaturesConfigFromMap)
export const KNOWN_FEATURE_FLAGS = [
  'autodetect-http2',
  'kubernetes.containerspec-addcapabilities',
  'kubernetes.podspec-affinity',
  'kubernetes.podspec-dnsconfig',
  'kubernetes.podspec-dnspolicy',
  'kubernetes.podspec-fieldref',
  'kubernetes.podspec-hostaliases',
  'kubernetes.podspec-hostipc',
  'kubernetes.podspec-hostnetwork',
  'kubernetes.podspec-hostpid',
  'kubernetes.podspec-init-containers',
  'kubernetes.podspec-nodeselector',
  'kubernetes.podspec-persistent-volume-claim',
  'kubernetes.podspec-persistent-volume-write',
  'kubernetes.podspec-priorityclassname',
  'kubernetes.podspec-runtimeclassname',
  'kubernetes.podspec-schedulername',
  'kubernetes.podspec-securitycontext',
  'kubernetes.podspec-shareprocessnamespace',
  'kubernetes.podspec-tolerations',
  'kubernetes.podspec-topologyspreadconstraints',
  'kubernetes.podspec-volumes-csi',
  'kubernetes.podspec-volumes-emptydir',
  'kubernetes.podspec-volumes-ephemeral',
  'kubernetes.podspec-volumes-hostpath',
  'kubernetes.podspec-volumes-image',
  'kubernetes.podspec-volumes-mount-propagation',
  'multi-container',
  'multi-container-probing',
  'queueproxy.mount-podinfo',
  'queueproxy.resource-defaults',
  'tag-header-based-routing',
] as const;
export type FeatureFlag = (typeof KNOWN_FEATURE_FLAGS)[number];

/** `secure-pod-defaults` takes its own values (`asSecurePodDefaultsFlag`), not enabled/allowed/disabled. */
export type SecurePodDefaults = 'Disabled' | 'AllowRootBounded' | 'Enabled';
const SECURE_POD_DEFAULTS: readonly SecurePodDefaults[] = [
  'Disabled',
  'AllowRootBounded',
  'Enabled',
];
const FLAG_VALUES: readonly FeatureFlagValue[] = ['enabled', 'allowed', 'disabled'];

/**
 * `config-features`, keyed exactly as Knative spells the flags (they contain dots, so they are not
 * camelCased). Values are parsed case-insensitively and rendered in lower case.
 */
export type FeatureSettings = {
  readonly [F in FeatureFlag]?: FeatureFlagValue;
} & {
  /** @default 'Disabled' */
  readonly 'secure-pod-defaults'?: SecurePodDefaults;
};

// knative/serving pkg/apis/config/features.go (asFlag, asSecurePodDefaultsFlag)
export function featuresData(f: FeatureSettings, path: string): Rendered {
  const c = new Collector(path);
  for (const [flag, value] of Object.entries(f)) {
    if (value === undefined) continue;
    const at = c.at(flag);
    if (flag === 'secure-pod-defaults') {
      const match = SECURE_POD_DEFAULTS.find(
        (v) => typeof value === 'string' && v.toLowerCase() === value.toLowerCase(),
      );
      if (match) c.set(flag, match);
      else
        c.check([
          {
            path: at,
            message: `secure-pod-defaults ${show(value)} is not supported; use 'Disabled', 'AllowRootBounded' or 'Enabled'`,
          },
        ]);
      continue;
    }
    if (!(KNOWN_FEATURE_FLAGS as readonly string[]).includes(flag)) {
      const near = closest(flag, KNOWN_FEATURE_FLAGS);
      c.check([
        {
          path: at,
          message: `${show(flag)} is not a Knative Serving config-features flag${near ? `; did you mean '${near}'?` : '; check the spelling against config-features'}`,
        },
      ]);
      continue;
    }
    const lower = typeof value === 'string' ? value.toLowerCase() : value;
    if (!FLAG_VALUES.includes(lower as FeatureFlagValue)) {
      c.check([
        {
          path: at,
          message: `feature flag '${flag}' has the value ${show(value)}; use 'enabled', 'allowed' or 'disabled'`,
        },
      ]);
      continue;
    }
    c.set(flag, lower as string);
  }
  return c.done();
}

/** The known name within edit distance 3 of `name`, if exactly one is nearest. */
function closest(name: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 4;
  for (const k of known) {
    const d = editDistance(name.toLowerCase(), k);
    if (d < bestDistance) {
      best = k;
      bestDistance = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length];
}

/** Flags in use as `enabled`, sorted. */
export function inUse(reqs: readonly FeatureRequirement[]): Record<string, FeatureFlagValue> {
  const flags = [...new Set(reqs.map((r) => r.flag))].sort();
  return Object.fromEntries(flags.map((f) => [f, 'enabled' as const]));
}

/** The enabled/allowed/disabled flags of a config-features map (drops `secure-pod-defaults`), sorted. */
export function flagsOnly(features: Record<string, string>): Record<string, FeatureFlagValue> {
  const out = sortedRecord(features) as Record<string, FeatureFlagValue>;
  delete out['secure-pod-defaults'];
  return out;
}
