import { ApiObject, App, Chart, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import * as fc from 'fast-check';
import { stringify } from 'yaml';
import {
  DEFAULT_FEATURES,
  FeatureRequirement,
  IRequiresFeatures,
  UPSTREAM_CLUSTER,
} from '../../lib/knative/cluster-config';
import {
  FeatureSettings,
  KNOWN_FEATURE_FLAGS,
  PARTIAL_OWNERSHIP_ANNOTATION,
  ServingConfigMapName,
  ServingSettings,
  ServingSettingsProps,
  clusterConfigFor,
  renderGoTemplate,
} from '../../lib/knative/serving-settings';
import { ValidationError } from '../../lib/validation';

/** Synthesizes settings alone and returns the data of one ConfigMap (undefined if not rendered). */
function dataOf(
  props: ServingSettingsProps,
  name: ServingConfigMapName,
): Record<string, string> | undefined {
  const chart = Testing.chart();
  new ServingSettings(chart, 'Settings', props);
  return Testing.synth(chart).find((o) => o.metadata.name === name)?.data;
}

/** The message lines ServingSettings throws for these props. */
function errorsOf(props: ServingSettingsProps): string[] {
  try {
    new ServingSettings(Testing.chart(), 'Settings', props);
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    return (e as Error).message.split('\n');
  }
  return [];
}

/** A stand-in for a Knative Service whose pods use feature-gated fields. */
class NeedsFeatures extends Construct implements IRequiresFeatures {
  constructor(
    scope: Construct,
    id: string,
    private readonly reqs: FeatureRequirement[],
  ) {
    super(scope, id);
  }
  public requiredFeatures(): FeatureRequirement[] {
    return this.reqs;
  }
}

const nodeSelector: FeatureRequirement = {
  flag: 'kubernetes.podspec-nodeselector',
  exact: false,
  path: 'models[0].versions[0].placement.nodeSelector',
  field: 'nodeSelector',
};
const tolerations: FeatureRequirement = {
  flag: 'kubernetes.podspec-tolerations',
  exact: false,
  path: 'models[0].versions[0].placement.tolerations',
  field: 'tolerations',
};
const initContainers: FeatureRequirement = {
  flag: 'kubernetes.podspec-init-containers',
  exact: true,
  path: 'models[1].versions[0].initContainers',
  field: 'initContainers',
};

const P = 'test/Settings';

describe('ServingSettings: accepted values render as Knative spells them', () => {
  test.each<[string, ServingSettingsProps, ServingConfigMapName, Record<string, string>]>([
    [
      'stable-window in range',
      { autoscaler: { stableWindow: '90s' } },
      'config-autoscaler',
      { 'stable-window': '90s' },
    ],
    [
      'panic-window-percentage in range',
      { autoscaler: { panicWindowPercentage: 20 } },
      'config-autoscaler',
      { 'panic-window-percentage': '20' },
    ],
    [
      'max-scale within max-scale-limit',
      { autoscaler: { maxScaleLimit: 100, maxScale: 50 } },
      'config-autoscaler',
      { 'max-scale': '50', 'max-scale-limit': '100' },
    ],
    [
      'min-scale below max-scale',
      { autoscaler: { minScale: 2, maxScale: 5 } },
      'config-autoscaler',
      { 'max-scale': '5', 'min-scale': '2' },
    ],
    [
      'initial-scale 0 when allowed',
      { autoscaler: { allowZeroInitialScale: true, initialScale: 0 } },
      'config-autoscaler',
      { 'allow-zero-initial-scale': 'true', 'initial-scale': '0' },
    ],
    [
      'target percentage as a percent',
      { autoscaler: { containerConcurrencyTargetPercentage: 80 } },
      'config-autoscaler',
      { 'container-concurrency-target-percentage': '80' },
    ],
    [
      'target percentage as a fraction',
      {
        autoscaler: {
          containerConcurrencyTargetPercentage: 0.5,
          containerConcurrencyTargetDefault: 10,
        },
      },
      'config-autoscaler',
      {
        'container-concurrency-target-default': '10',
        'container-concurrency-target-percentage': '0.5',
      },
    ],
    [
      'requests-per-second-target-default',
      { autoscaler: { requestsPerSecondTargetDefault: 0.01 } },
      'config-autoscaler',
      { 'requests-per-second-target-default': '0.01' },
    ],
    [
      'target-burst-capacity -1',
      { autoscaler: { targetBurstCapacity: -1 } },
      'config-autoscaler',
      { 'target-burst-capacity': '-1' },
    ],
    [
      'scale rates above 1',
      { autoscaler: { maxScaleUpRate: 1.5, maxScaleDownRate: 2 } },
      'config-autoscaler',
      { 'max-scale-down-rate': '2', 'max-scale-up-rate': '1.5' },
    ],
    [
      'durations',
      {
        autoscaler: {
          scaleToZeroGracePeriod: '45s',
          scaleToZeroPodRetentionPeriod: '10m',
          scaleDownDelay: '30s',
        },
      },
      'config-autoscaler',
      {
        'scale-down-delay': '30s',
        'scale-to-zero-grace-period': '45s',
        'scale-to-zero-pod-retention-period': '10m',
      },
    ],
    [
      'activator-capacity',
      { autoscaler: { activatorCapacity: 1 } },
      'config-autoscaler',
      { 'activator-capacity': '1' },
    ],
    [
      'panic-threshold-percentage',
      { autoscaler: { panicThresholdPercentage: 300 } },
      'config-autoscaler',
      { 'panic-threshold-percentage': '300' },
    ],
    [
      'scale to zero off',
      { autoscaler: { enableScaleToZero: false } },
      'config-autoscaler',
      { 'enable-scale-to-zero': 'false' },
    ],
    [
      'upstream class',
      { autoscaler: { podAutoscalerClass: 'hpa.autoscaling.knative.dev' } },
      'config-autoscaler',
      { 'pod-autoscaler-class': 'hpa.autoscaling.knative.dev' },
    ],
    [
      'distribution class listed in extensionClasses',
      {
        extensionClasses: ['mpa.autoscaling.knative.dev'],
        autoscaler: { podAutoscalerClass: 'mpa.autoscaling.knative.dev' },
      },
      'config-autoscaler',
      { 'pod-autoscaler-class': 'mpa.autoscaling.knative.dev' },
    ],
    [
      'class outside knative.dev',
      { autoscaler: { podAutoscalerClass: 'autoscaler.example.com' } },
      'config-autoscaler',
      { 'pod-autoscaler-class': 'autoscaler.example.com' },
    ],
    [
      'feature flags, any case, rendered lower case',
      {
        features: {
          'kubernetes.podspec-nodeselector': 'Enabled' as never,
          'kubernetes.podspec-tolerations': 'allowed',
        },
      },
      'config-features',
      { 'kubernetes.podspec-nodeselector': 'enabled', 'kubernetes.podspec-tolerations': 'allowed' },
    ],
    [
      'secure-pod-defaults, any case',
      { features: { 'secure-pod-defaults': 'allowrootbounded' as never } },
      'config-features',
      { 'secure-pod-defaults': 'AllowRootBounded' },
    ],
    [
      'revision timeouts within the maximum',
      {
        defaults: {
          revisionTimeoutSeconds: 900,
          maxRevisionTimeoutSeconds: 1200,
          revisionResponseStartTimeoutSeconds: 60,
          revisionIdleTimeoutSeconds: 120,
        },
      },
      'config-defaults',
      {
        'max-revision-timeout-seconds': '1200',
        'revision-idle-timeout-seconds': '120',
        'revision-response-start-timeout-seconds': '60',
        'revision-timeout-seconds': '900',
      },
    ],
    [
      'container-concurrency within the limit',
      {
        defaults: {
          containerConcurrency: 10,
          containerConcurrencyMaxLimit: 50,
          allowContainerConcurrencyZero: false,
        },
      },
      'config-defaults',
      {
        'allow-container-concurrency-zero': 'false',
        'container-concurrency': '10',
        'container-concurrency-max-limit': '50',
      },
    ],
    [
      'container name templates and resources',
      {
        defaults: {
          containerNameTemplate: '{{.Name}}',
          initContainerNameTemplate: 'init',
          enableServiceLinks: false,
          revisionCpuRequest: '100m',
          revisionMemoryLimit: '2Gi',
        },
      },
      'config-defaults',
      {
        'container-name-template': '{{.Name}}',
        'enable-service-links': 'false',
        'init-container-name-template': 'init',
        'revision-cpu-request': '100m',
        'revision-memory-limit': '2Gi',
      },
    ],
    [
      'gateway and certificate classes',
      {
        network: {
          ingressClass: 'kourier.ingress.networking.knative.dev',
          certificateClass: 'cert-manager.certificate.networking.knative.dev',
        },
      },
      'config-network',
      {
        'certificate-class': 'cert-manager.certificate.networking.knative.dev',
        'ingress-class': 'kourier.ingress.networking.knative.dev',
      },
    ],
    [
      'domain template giving a hostname',
      { network: { domainTemplate: '{{.Name}}-{{.Namespace}}.{{.Domain}}' } },
      'config-network',
      { 'domain-template': '{{.Name}}-{{.Namespace}}.{{.Domain}}' },
    ],
    [
      'domain template reading an annotation',
      { network: { domainTemplate: '{{.Name}}{{index .Annotations "sub"}}.{{.Domain}}' } },
      'config-network',
      { 'domain-template': '{{.Name}}{{index .Annotations "sub"}}.{{.Domain}}' },
    ],
    [
      'domain template beyond the checked subset is passed through',
      { network: { domainTemplate: '{{if .Labels}}{{.Name}}{{end}}.{{.Domain}}' } },
      'config-network',
      { 'domain-template': '{{if .Labels}}{{.Name}}{{end}}.{{.Domain}}' },
    ],
    [
      'tag template',
      { network: { tagTemplate: '{{.Name}}-{{.Tag}}' } },
      'config-network',
      { 'tag-template': '{{.Name}}-{{.Tag}}' },
    ],
    [
      'rollout duration and claims',
      { network: { rolloutDurationSeconds: 120, autocreateClusterDomainClaims: true } },
      'config-network',
      { 'autocreate-cluster-domain-claims': 'true', 'rollout-duration': '120' },
    ],
    [
      'TLS switches, any case',
      {
        network: {
          externalDomainTls: 'Enabled' as never,
          clusterLocalDomainTls: 'enabled',
          systemInternalTls: 'disabled',
        },
      },
      'config-network',
      {
        'cluster-local-domain-tls': 'enabled',
        'external-domain-tls': 'enabled',
        'system-internal-tls': 'disabled',
      },
    ],
    [
      'http protocol, scheme, mesh',
      {
        network: {
          httpProtocol: 'redirected',
          defaultExternalScheme: 'https',
          meshCompatibilityMode: 'disabled',
          enableMeshPodAddressability: true,
        },
      },
      'config-network',
      {
        'default-external-scheme': 'https',
        'enable-mesh-pod-addressability': 'true',
        'http-protocol': 'redirected',
        'mesh-compatibility-mode': 'disabled',
      },
    ],
    [
      'wildcard cert selector',
      {
        network: {
          namespaceWildcardCertSelector: {
            matchExpressions: [
              {
                key: 'networking.knative.dev/disableWildcardCert',
                operator: 'NotIn',
                values: ['true'],
              },
            ],
          },
        },
      },
      'config-network',
      {
        'namespace-wildcard-cert-selector':
          'matchExpressions:\n  - key: networking.knative.dev/disableWildcardCert\n    operator: NotIn\n    values:\n      - "true"\n',
      },
    ],
    [
      'default and selector domains',
      {
        domain: {
          defaultDomain: 'models.example.com',
          selectorDomains: { 'internal.example.com': { visibility: 'internal', app: 'risk' } },
        },
      },
      'config-domain',
      {
        'internal.example.com': 'selector:\n  app: risk\n  visibility: internal\n',
        'models.example.com': '',
      },
    ],
    [
      'deployment timings and registries',
      {
        deployment: {
          progressDeadline: '900s',
          digestResolutionTimeout: '20s',
          registriesSkippingTagResolving: ['registry.example.com', 'localhost:5000'],
        },
      },
      'config-deployment',
      {
        'digest-resolution-timeout': '20s',
        'progress-deadline': '900s',
        'registries-skipping-tag-resolving': 'registry.example.com,localhost:5000',
      },
    ],
    [
      'queue sidecar resources',
      { deployment: { queueSidecarCpuRequest: '50m', queueSidecarMemoryLimit: '256Mi' } },
      'config-deployment',
      { 'queue-sidecar-cpu-request': '50m', 'queue-sidecar-memory-limit': '256Mi' },
    ],
    [
      'affinity, runtime classes, schedulable',
      {
        deployment: {
          defaultAffinityType: 'none',
          runtimeClassNames: { gvisor: {}, kata: { 'example.com/sandbox': 'true' } },
          podIsAlwaysSchedulable: true,
        },
      },
      'config-deployment',
      {
        'default-affinity-type': 'none',
        'pod-is-always-schedulable': 'true',
        'runtime-class-name': 'gvisor: {}\nkata:\n  selector:\n    example.com/sandbox: "true"\n',
      },
    ],
  ])('%s', (_name, props, configMap, expected) => {
    // GIVEN / WHEN
    const data = dataOf(props, configMap);
    // THEN
    expect(data).toEqual(expected);
  });
});

describe('ServingSettings: every rule fails with its own message', () => {
  test.each<[string, ServingSettingsProps, string]>([
    [
      'stable-window below 6s',
      { autoscaler: { stableWindow: '5s' } },
      `${P}.autoscaler.stableWindow: stable-window '5s' is out of range; use 6s to 1h`,
    ],
    [
      'stable-window above 1h',
      { autoscaler: { stableWindow: '61m' } },
      `${P}.autoscaler.stableWindow: stable-window '61m' is out of range; use 6s to 1h`,
    ],
    [
      'stable-window in fractions of a second',
      { autoscaler: { stableWindow: '60.5s' } },
      `${P}.autoscaler.stableWindow: stable-window '60.5s' must be a whole number of seconds, such as '61s'`,
    ],
    [
      'stable-window not a duration',
      { autoscaler: { stableWindow: '60' } },
      `${P}.autoscaler.stableWindow: stable-window '60' is not a Go duration; write it like '60s', '2m' or '1h'`,
    ],
    [
      'panic-window-percentage 0',
      { autoscaler: { panicWindowPercentage: 0 } },
      `${P}.autoscaler.panicWindowPercentage: panic-window-percentage 0 is out of range; allowed: 1 to 100`,
    ],
    [
      'panic-window-percentage above 100',
      { autoscaler: { panicWindowPercentage: 101 } },
      `${P}.autoscaler.panicWindowPercentage: panic-window-percentage 101 is out of range; allowed: 1 to 100`,
    ],
    [
      'negative max-scale-limit',
      { autoscaler: { maxScaleLimit: -1 } },
      `${P}.autoscaler.maxScaleLimit: max-scale-limit -1 is out of range; allowed: at least 0; 0 means no limit`,
    ],
    [
      'max-scale above max-scale-limit',
      { autoscaler: { maxScaleLimit: 100, maxScale: 200 } },
      `${P}.autoscaler.maxScale: max-scale 200 is out of range; allowed: 1 to 100; max-scale-limit is 100; raise maxScaleLimit or lower maxScale`,
    ],
    [
      'max-scale unlimited under a limit',
      { autoscaler: { maxScaleLimit: 100, maxScale: 0 } },
      `${P}.autoscaler.maxScale: max-scale 0 is out of range; allowed: 1 to 100; max-scale-limit is 100; raise maxScaleLimit or lower maxScale`,
    ],
    [
      'max-scale left at its default under a limit',
      { autoscaler: { maxScaleLimit: 100 } },
      `${P}.autoscaler.maxScale: max-scale must be set to 1..100 when max-scale-limit is 100; Knative's default 0 (unlimited) exceeds the limit`,
    ],
    [
      'negative max-scale',
      { autoscaler: { maxScale: -1 } },
      `${P}.autoscaler.maxScale: max-scale -1 is out of range; allowed: at least 0; 0 means unlimited`,
    ],
    [
      'min-scale above max-scale',
      { autoscaler: { minScale: 10, maxScale: 5 } },
      `${P}.autoscaler.minScale: min-scale (10) must not exceed max-scale (5); raise maxScale or lower minScale`,
    ],
    [
      'negative min-scale',
      { autoscaler: { minScale: -1 } },
      `${P}.autoscaler.minScale: min-scale -1 is out of range; allowed: at least 0`,
    ],
    [
      'initial-scale 0 without allow-zero-initial-scale',
      { autoscaler: { initialScale: 0 } },
      `${P}.autoscaler.initialScale: initial-scale 0 needs allow-zero-initial-scale; set allowZeroInitialScale: true or use at least 1`,
    ],
    [
      'fractional initial-scale',
      { autoscaler: { initialScale: 1.5 } },
      `${P}.autoscaler.initialScale: initial-scale 1.5 must be a whole number; allowed: at least 0`,
    ],
    [
      'target percentage 0',
      { autoscaler: { containerConcurrencyTargetPercentage: 0 } },
      `${P}.autoscaler.containerConcurrencyTargetPercentage: container-concurrency-target-percentage 0 is out of range; allowed: more than 0, at most 100 (values up to 1 are read as fractions)`,
    ],
    [
      'target percentage above 100',
      { autoscaler: { containerConcurrencyTargetPercentage: 101 } },
      `${P}.autoscaler.containerConcurrencyTargetPercentage: container-concurrency-target-percentage 101 is out of range; allowed: more than 0, at most 100 (values up to 1 are read as fractions)`,
    ],
    [
      'target concurrency below 0.01',
      {
        autoscaler: {
          containerConcurrencyTargetPercentage: 0.5,
          containerConcurrencyTargetDefault: 0.01,
        },
      },
      `${P}.autoscaler.containerConcurrencyTargetPercentage: container-concurrency-target-percentage 0.5 and container-concurrency-target-default 0.01 give a target concurrency of 0.005; it must be at least 0.01`,
    ],
    [
      'requests-per-second-target-default below 0.01',
      { autoscaler: { requestsPerSecondTargetDefault: 0.001 } },
      `${P}.autoscaler.requestsPerSecondTargetDefault: requests-per-second-target-default 0.001 is out of range; allowed: at least 0.01`,
    ],
    [
      'target-burst-capacity below -1',
      { autoscaler: { targetBurstCapacity: -2 } },
      `${P}.autoscaler.targetBurstCapacity: target-burst-capacity -2 is out of range; allowed: at least 0 (or -1); -1 keeps the activator always in the path`,
    ],
    [
      'max-scale-up-rate of 1',
      { autoscaler: { maxScaleUpRate: 1 } },
      `${P}.autoscaler.maxScaleUpRate: max-scale-up-rate 1 must be greater than 1`,
    ],
    [
      'max-scale-down-rate below 1',
      { autoscaler: { maxScaleDownRate: 0.5 } },
      `${P}.autoscaler.maxScaleDownRate: max-scale-down-rate 0.5 must be greater than 1`,
    ],
    [
      'scale-to-zero-grace-period of 0',
      { autoscaler: { scaleToZeroGracePeriod: '0s' } },
      `${P}.autoscaler.scaleToZeroGracePeriod: scale-to-zero-grace-period '0s' must be longer than 0s`,
    ],
    [
      'negative retention period',
      { autoscaler: { scaleToZeroPodRetentionPeriod: '-1s' } },
      `${P}.autoscaler.scaleToZeroPodRetentionPeriod: scale-to-zero-pod-retention-period '-1s' is out of range; use at least 0s`,
    ],
    [
      'scale-down-delay in fractions of a second',
      { autoscaler: { scaleDownDelay: '1500ms' } },
      `${P}.autoscaler.scaleDownDelay: scale-down-delay '1500ms' must be a whole number of seconds, such as '2s'`,
    ],
    [
      'activator-capacity below 1',
      { autoscaler: { activatorCapacity: 0.5 } },
      `${P}.autoscaler.activatorCapacity: activator-capacity 0.5 is out of range; allowed: at least 1`,
    ],
    [
      'panic-threshold-percentage of 0',
      { autoscaler: { panicThresholdPercentage: 0 } },
      `${P}.autoscaler.panicThresholdPercentage: panic-threshold-percentage 0 must be a number above 0, such as 200`,
    ],
    [
      'a boolean given as text',
      { autoscaler: { enableScaleToZero: 'yes' as never } },
      `${P}.autoscaler.enableScaleToZero: enable-scale-to-zero 'yes' must be true or false`,
    ],
    [
      'a distribution class upstream refuses',
      { autoscaler: { podAutoscalerClass: 'mpa.autoscaling.knative.dev' } },
      `${P}.autoscaler.podAutoscalerClass: pod-autoscaler-class 'mpa.autoscaling.knative.dev' is refused by upstream Knative, which accepts only 'kpa.autoscaling.knative.dev' and 'hpa.autoscaling.knative.dev' under knative.dev; list it in extensionClasses if your Knative distribution provides it`,
    ],
    [
      'an extension class outside knative.dev',
      { extensionClasses: ['mpa.example.com'] },
      `${P}.extensionClasses[0]: extension class 'mpa.example.com' does not end in '.knative.dev'; Knative accepts such classes anyway, so remove it from extensionClasses`,
    ],
    [
      'a misspelt feature flag',
      { features: { 'kubernetes.podspec-nodeselectr': 'enabled' } as FeatureSettings }, // untyped input
      `${P}.features["kubernetes.podspec-nodeselectr"]: 'kubernetes.podspec-nodeselectr' is not a Knative Serving config-features flag; did you mean 'kubernetes.podspec-nodeselector'?`,
    ],
    [
      'an unknown feature flag',
      { features: { 'gpu-sharing': 'enabled' } as FeatureSettings },
      `${P}.features.gpu-sharing: 'gpu-sharing' is not a Knative Serving config-features flag; check the spelling against config-features`,
    ],
    [
      'a feature flag value Knative ignores',
      { features: { 'multi-container': 'on' as never } },
      `${P}.features.multi-container: feature flag 'multi-container' has the value 'on'; use 'enabled', 'allowed' or 'disabled'`,
    ],
    [
      'secure-pod-defaults set to allowed',
      { features: { 'secure-pod-defaults': 'allowed' as never } },
      `${P}.features.secure-pod-defaults: secure-pod-defaults 'allowed' is not supported; use 'Disabled', 'AllowRootBounded' or 'Enabled'`,
    ],
    [
      'revision timeout above the default maximum',
      { defaults: { revisionTimeoutSeconds: 900 } },
      `${P}.defaults.revisionTimeoutSeconds: max-revision-timeout-seconds 600 (Knative's default) is less than revision-timeout-seconds 900; raise maxRevisionTimeoutSeconds or lower revisionTimeoutSeconds`,
    ],
    [
      'maximum below the default revision timeout',
      { defaults: { maxRevisionTimeoutSeconds: 100 } },
      `${P}.defaults.maxRevisionTimeoutSeconds: max-revision-timeout-seconds 100 is less than revision-timeout-seconds 300 (Knative's default); raise maxRevisionTimeoutSeconds or lower revisionTimeoutSeconds`,
    ],
    [
      'response start timeout above the revision timeout',
      { defaults: { revisionResponseStartTimeoutSeconds: 400 } },
      `${P}.defaults.revisionResponseStartTimeoutSeconds: revision-response-start-timeout-seconds 400 exceeds revision-timeout-seconds 300 (Knative's default); lower it or raise revisionTimeoutSeconds`,
    ],
    [
      'idle timeout above the revision timeout',
      { defaults: { revisionTimeoutSeconds: 60, revisionIdleTimeoutSeconds: 61 } },
      `${P}.defaults.revisionIdleTimeoutSeconds: revision-idle-timeout-seconds 61 exceeds revision-timeout-seconds 60; lower it or raise revisionTimeoutSeconds`,
    ],
    [
      'fractional timeout',
      { defaults: { revisionTimeoutSeconds: 1.5 } },
      `${P}.defaults.revisionTimeoutSeconds: revision-timeout-seconds 1.5 must be a whole number; allowed: at least 0`,
    ],
    [
      'container-concurrency above the limit',
      { defaults: { containerConcurrency: 2000 } },
      `${P}.defaults.containerConcurrency: container-concurrency 2000 is out of range; allowed: 0 to 1000; the upper bound is container-concurrency-max-limit (Knative's default)`,
    ],
    [
      'container-concurrency-max-limit of 0',
      { defaults: { containerConcurrencyMaxLimit: 0 } },
      `${P}.defaults.containerConcurrencyMaxLimit: container-concurrency-max-limit 0 is out of range; allowed: at least 1`,
    ],
    [
      'a broken container name template',
      { defaults: { containerNameTemplate: '{{.Name' } },
      `${P}.defaults.containerNameTemplate: container-name-template '{{.Name' is not a usable Go template over the object's metadata (unclosed action: a {{ has no matching }}); write it like '{{.Name}}' or a plain name such as 'user-container'`,
    ],
    [
      'a default resource that is no quantity',
      { defaults: { revisionCpuRequest: 'lots' } },
      `${P}.defaults.revisionCpuRequest: revision-cpu-request 'lots' is not a Kubernetes quantity; write it like '500m', '2', '4Gi' or '512Mi'`,
    ],
    [
      'an ingress class with spaces',
      { network: { ingressClass: 'Kourier Ingress' } },
      `${P}.network.ingressClass: ingress-class 'Kourier Ingress' must be a class name such as 'kourier.ingress.networking.knative.dev' (lower-case letters, digits, '-' and '.')`,
    ],
    [
      'a domain template with a path',
      { network: { domainTemplate: '{{.Domain}}/{{.Namespace}}/{{.Name}}' } },
      `${P}.network.domainTemplate: domain-template '{{.Domain}}/{{.Namespace}}/{{.Name}}' renders 'baz.com/bar/foo' for name 'foo', namespace 'bar' and domain 'baz.com', which has a URL path; the result must be a bare hostname, so use a template such as '{{.Name}}.{{.Namespace}}.{{.Domain}}'`,
    ],
    [
      'a domain template with an unknown field',
      { network: { domainTemplate: '{{.Nme}}.{{.Domain}}' } },
      `${P}.network.domainTemplate: domain-template '{{.Nme}}.{{.Domain}}' does not render (can't evaluate field Nme; the template knows .Name, .Namespace, .Domain, .Annotations, .Labels); use a template such as '{{.Name}}.{{.Namespace}}.{{.Domain}}'`,
    ],
    [
      'a domain template giving no hostname',
      { network: { domainTemplate: '/{{.Name}}' } },
      `${P}.network.domainTemplate: domain-template '/{{.Name}}' renders '/foo' for name 'foo', namespace 'bar' and domain 'baz.com', which has a URL path; the result must be a bare hostname, so use a template such as '{{.Name}}.{{.Namespace}}.{{.Domain}}'`,
    ],
    [
      'a domain template giving an invalid hostname',
      { network: { domainTemplate: '{{.Name}}_{{.Namespace}}.{{.Domain}}' } },
      `${P}.network.domainTemplate: domain-template '{{.Name}}_{{.Namespace}}.{{.Domain}}' renders 'foo_bar.baz.com' for name 'foo', namespace 'bar' and domain 'baz.com', which is not a valid hostname (lower-case DNS labels joined by '.'); use a template such as '{{.Name}}.{{.Namespace}}.{{.Domain}}'`,
    ],
    [
      'a tag template giving no DNS label',
      { network: { tagTemplate: '{{.Tag}}_{{.Name}}' } },
      `${P}.network.tagTemplate: tag-template '{{.Tag}}_{{.Name}}' renders 'v2_foo' for tag 'v2' and name 'foo', which is not a DNS label, yet it stands in for the route name in each tag's host; use a template such as '{{.Tag}}-{{.Name}}'`,
    ],
    [
      'a tag template using a domain field',
      { network: { tagTemplate: '{{.Tag}}-{{.Namespace}}' } },
      `${P}.network.tagTemplate: tag-template '{{.Tag}}-{{.Namespace}}' does not render (can't evaluate field Namespace; the template knows .Name, .Tag); use a template such as '{{.Tag}}-{{.Name}}'`,
    ],
    [
      'a negative rollout duration',
      { network: { rolloutDurationSeconds: -1 } },
      `${P}.network.rolloutDurationSeconds: rollout-duration -1 is out of range; allowed: at least 0; give whole seconds`,
    ],
    [
      'cluster-local-domain-tls other than enabled/disabled',
      { network: { clusterLocalDomainTls: 'on' as never } },
      `${P}.network.clusterLocalDomainTls: cluster-local-domain-tls 'on' is not supported; use 'enabled' or 'disabled'`,
    ],
    [
      'an unknown http-protocol',
      { network: { httpProtocol: 'https-only' as never } },
      `${P}.network.httpProtocol: http-protocol 'https-only' is not supported; use 'enabled', 'redirected' or 'disabled'`,
    ],
    [
      'a wildcard selector operator that needs values',
      {
        network: {
          namespaceWildcardCertSelector: { matchExpressions: [{ key: 'team', operator: 'In' }] },
        },
      },
      `${P}.network.namespaceWildcardCertSelector.matchExpressions[0]: selector operator 'In' needs at least one value`,
    ],
    [
      'an upper-case default domain',
      { domain: { defaultDomain: 'Models.example.com' } },
      `${P}.domain.defaultDomain: defaultDomain 'Models.example.com' is not a domain name: use lower-case DNS labels of at most 63 characters joined by '.', such as 'models.example.com'`,
    ],
    [
      'a selector domain with no labels',
      { domain: { selectorDomains: { 'internal.example.com': {} } } },
      `${P}.domain.selectorDomains["internal.example.com"]: selector of domain 'internal.example.com' is empty, which makes it a default domain; give at least one label, or use defaultDomain`,
    ],
    [
      'a selector with a bad label value',
      { domain: { selectorDomains: { 'internal.example.com': { app: 'risk team' } } } },
      `${P}.domain.selectorDomains["internal.example.com"]: selector label 'app' has the value 'risk team'; a label value is a string of at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit`,
    ],
    [
      'a domain that is both default and selector',
      {
        domain: { defaultDomain: 'example.com', selectorDomains: { 'example.com': { app: 'x' } } },
      },
      `${P}.domain.selectorDomains["example.com"]: domain 'example.com' is both the default domain and a selector domain; a ConfigMap key holds one of them`,
    ],
    [
      'a progress deadline of 0',
      { deployment: { progressDeadline: '0s' } },
      `${P}.deployment.progressDeadline: progress-deadline '0s' must be longer than 0s`,
    ],
    [
      'a progress deadline in fractions of a second',
      { deployment: { progressDeadline: '10.5s' } },
      `${P}.deployment.progressDeadline: progress-deadline '10.5s' must be a whole number of seconds, such as '11s'`,
    ],
    [
      'a digest resolution timeout of 0',
      { deployment: { digestResolutionTimeout: '0' } },
      `${P}.deployment.digestResolutionTimeout: digest-resolution-timeout '0' must be longer than 0s`,
    ],
    [
      'a registry given as a URL',
      { deployment: { registriesSkippingTagResolving: ['https://registry.example.com'] } },
      `${P}.deployment.registriesSkippingTagResolving[0]: registry 'https://registry.example.com' must be a registry host such as 'registry.example.com' or 'registry.example.com:5000', without scheme, path or commas`,
    ],
    [
      'a negative queue sidecar request',
      { deployment: { queueSidecarCpuRequest: '-1' } },
      `${P}.deployment.queueSidecarCpuRequest: queue-sidecar-cpu-request '-1' must not be negative`,
    ],
    [
      'an unknown affinity type',
      { deployment: { defaultAffinityType: 'spread' as never } },
      `${P}.deployment.defaultAffinityType: default-affinity-type 'spread' is not supported; use 'prefer-spread-revision-over-nodes' or 'none'`,
    ],
    [
      'an upper-case RuntimeClass',
      { deployment: { runtimeClassNames: { Kata: {} } } },
      `${P}.deployment.runtimeClassNames.Kata: RuntimeClass name 'Kata' is not a DNS-1123 subdomain: use lower-case letters, digits, '-' and '.', at most 253 characters`,
    ],
    [
      'a bad namespace',
      { namespace: 'Knative_Serving' },
      `${P}.namespace: namespace 'Knative_Serving' is not a DNS-1123 label: use at most 63 lower-case letters, digits and '-', starting and ending with a letter or digit`,
    ],
  ])('fails on %s', (_name, props, message) => {
    expect(errorsOf(props)).toEqual([message]);
  });

  test('reports every problem at once, one line each', () => {
    // GIVEN / WHEN
    const lines = errorsOf({
      autoscaler: { stableWindow: '5s', minScale: 10, maxScale: 5 },
      features: { 'multi-container': 'on' as never },
      defaults: { revisionTimeoutSeconds: 900 },
      network: { clusterLocalDomainTls: 'yes' as never },
      deployment: { progressDeadline: '0s' },
    });
    // THEN
    expect(lines).toEqual([
      `${P}.autoscaler.minScale: min-scale (10) must not exceed max-scale (5); raise maxScale or lower minScale`,
      `${P}.autoscaler.stableWindow: stable-window '5s' is out of range; use 6s to 1h`,
      `${P}.features.multi-container: feature flag 'multi-container' has the value 'on'; use 'enabled', 'allowed' or 'disabled'`,
      `${P}.defaults.revisionTimeoutSeconds: max-revision-timeout-seconds 600 (Knative's default) is less than revision-timeout-seconds 900; raise maxRevisionTimeoutSeconds or lower revisionTimeoutSeconds`,
      `${P}.network.clusterLocalDomainTls: cluster-local-domain-tls 'yes' is not supported; use 'enabled' or 'disabled'`,
      `${P}.deployment.progressDeadline: progress-deadline '0s' must be longer than 0s`,
    ]);
  });

  test('throws when a second ServingSettings joins the same App', () => {
    // GIVEN
    const chart = Testing.chart();
    new ServingSettings(chart, 'Settings');
    const other = new Chart(App.of(chart) as App, 'other');
    // WHEN / THEN
    expect(() => new ServingSettings(other, 'Again')).toThrow(
      "other/Again: an App holds one ServingSettings and 'test/Settings' already defines the cluster's Knative settings; configure that one instead",
    );
  });
});

describe('ServingSettings: rendering', () => {
  const everything: ServingSettingsProps = {
    autoscaler: {
      stableWindow: '120s',
      maxScaleLimit: 200,
      maxScale: 100,
      allowZeroInitialScale: true,
      initialScale: 0,
      scaleToZeroPodRetentionPeriod: '5m',
    },
    features: {
      'kubernetes.podspec-tolerations': 'enabled',
      'secure-pod-defaults': 'AllowRootBounded',
    },
    defaults: { revisionTimeoutSeconds: 900, maxRevisionTimeoutSeconds: 1800 },
    network: {
      ingressClass: 'kourier.ingress.networking.knative.dev',
      domainTemplate: '{{.Name}}-{{.Namespace}}.{{.Domain}}',
      rolloutDurationSeconds: 60,
      autocreateClusterDomainClaims: true,
      externalDomainTls: 'enabled',
    },
    domain: {
      defaultDomain: 'models.example.com',
      selectorDomains: { 'internal.example.com': { 'networking.example.com/internal': 'true' } },
    },
    deployment: {
      progressDeadline: '1200s',
      registriesSkippingTagResolving: ['registry.example.com'],
      queueSidecarCpuRequest: '50m',
      podIsAlwaysSchedulable: true,
    },
  };

  test('renders all six ConfigMaps as partial patches in knative-serving', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN
    new ServingSettings(chart, 'Settings', everything);
    const objs = Testing.synth(chart);
    // THEN
    expect(objs.map((o) => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`)).toEqual([
      'ConfigMap/knative-serving/config-autoscaler',
      'ConfigMap/knative-serving/config-features',
      'ConfigMap/knative-serving/config-defaults',
      'ConfigMap/knative-serving/config-network',
      'ConfigMap/knative-serving/config-domain',
      'ConfigMap/knative-serving/config-deployment',
    ]);
    for (const o of objs)
      expect(o.metadata.annotations).toEqual({ 'ack-serving.io/ownership': 'partial' });
    expect(PARTIAL_OWNERSHIP_ANNOTATION).toEqual({ 'ack-serving.io/ownership': 'partial' });
    expect(objs).toMatchSnapshot();
  });

  test('renders no ConfigMap, and no key, that was not set', () => {
    // GIVEN
    const empty = Testing.chart();
    const one = Testing.chart();
    // WHEN
    new ServingSettings(empty, 'Settings');
    new ServingSettings(one, 'Settings', {
      autoscaler: { stableWindow: '90s' },
      network: {},
      domain: { selectorDomains: {} },
    });
    // THEN
    expect(Testing.synth(empty)).toEqual([]);
    expect(Testing.synth(one)).toEqual([
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: {
          name: 'config-autoscaler',
          namespace: 'knative-serving',
          annotations: { 'ack-serving.io/ownership': 'partial' },
        },
        data: { 'stable-window': '90s' },
      },
    ]);
  });

  test('keeps explicit names and the configured namespace inside a namespaced chart', () => {
    // GIVEN
    const chart = new Chart(Testing.app(), 'platform', { namespace: 'models' });
    // WHEN
    const settings = new ServingSettings(chart, 'Settings', {
      namespace: 'serving',
      network: { rolloutDurationSeconds: 30 },
    });
    // THEN
    expect(Testing.synth(chart).map((o) => `${o.metadata.namespace}/${o.metadata.name}`)).toEqual([
      'serving/config-network',
    ]);
    expect(settings.configMap('config-network')).toBeInstanceOf(ApiObject);
    expect(settings.configMap('config-domain')).toBeUndefined();
  });

  test('synthesizes byte-identical YAML twice', () => {
    // GIVEN
    const build = () => {
      const chart = Testing.chart();
      new ServingSettings(chart, 'Settings', { ...everything, enableFeaturesInUse: true });
      new NeedsFeatures(chart, 'Model', [tolerations, nodeSelector]);
      return chart;
    };
    const chart = build();
    // WHEN
    const first = stringify(Testing.synth(chart));
    const again = stringify(Testing.synth(chart));
    const rebuilt = stringify(Testing.synth(build()));
    // THEN
    expect(again).toEqual(first);
    expect(rebuilt).toEqual(first);
  });
});

describe('ServingSettings: what the cluster accepts', () => {
  test('toClusterConfig takes set keys over Knative defaults', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN
    const settings = new ServingSettings(chart, 'Settings', {
      extensionClasses: ['mpa.autoscaling.knative.dev'],
      autoscaler: { maxScaleLimit: 50, maxScale: 10, allowZeroInitialScale: true },
      features: { 'kubernetes.podspec-affinity': 'allowed', 'secure-pod-defaults': 'Enabled' },
      defaults: { maxRevisionTimeoutSeconds: 900, containerConcurrencyMaxLimit: 100 },
      network: { tagTemplate: '{{.Name}}-{{.Tag}}' },
      domain: { defaultDomain: 'models.example.com' },
    });
    // THEN
    expect(settings.toClusterConfig()).toEqual({
      features: { 'kubernetes.podspec-affinity': 'allowed' },
      autoscaler: { maxScaleLimit: 50, allowZeroInitialScale: true, enableScaleToZero: true },
      defaults: {
        revisionTimeoutSeconds: 300,
        maxRevisionTimeoutSeconds: 900,
        containerConcurrencyMaxLimit: 100,
        allowContainerConcurrencyZero: true,
        containerConcurrency: 0,
      },
      network: {
        domainTemplate: '{{.Name}}.{{.Namespace}}.{{.Domain}}',
        tagTemplate: '{{.Name}}-{{.Tag}}',
        domain: 'models.example.com',
      },
      extensionClasses: ['mpa.autoscaling.knative.dev'],
    });
  });

  test('of() finds the settings from anywhere in the App, and clusterConfigFor falls back to upstream', () => {
    // GIVEN
    const app = Testing.app();
    const platform = new Chart(app, 'platform');
    const models = new Chart(app, 'models');
    const deep = new Construct(new Construct(models, 'Fleet'), 'Model');
    const bare = Testing.chart();
    // WHEN
    const settings = new ServingSettings(platform, 'Settings', {
      autoscaler: { maxScaleLimit: 20, maxScale: 20 },
    });
    // THEN
    expect(ServingSettings.of(deep)).toBe(settings);
    expect(clusterConfigFor(deep).autoscaler.maxScaleLimit).toBe(20);
    expect(ServingSettings.of(bare)).toBeUndefined();
    expect(clusterConfigFor(bare)).toBe(UPSTREAM_CLUSTER);
  });
});

describe('ServingSettings: feature flags derived from the App', () => {
  test('fails synthesis when a construct uses a field whose flag is off', () => {
    // GIVEN
    const chart = Testing.chart();
    new ServingSettings(chart, 'Settings', {
      features: { 'kubernetes.podspec-tolerations': 'allowed' },
    });
    // WHEN: the models are added after the settings
    new NeedsFeatures(chart, 'Model', [nodeSelector, tolerations, initContainers]);
    // THEN
    expect(() => Testing.synth(chart)).toThrow(
      [
        'Validation failed with the following errors:',
        "  [test/Settings] models[0].versions[0].placement.nodeSelector: 'nodeSelector' needs the Knative feature flag 'kubernetes.podspec-nodeselector' set to 'enabled' or 'allowed' in config-features; enable it in ServingSettings or remove the field",
        "  [test/Settings] models[1].versions[0].initContainers: 'initContainers' needs the Knative feature flag 'kubernetes.podspec-init-containers' set to 'enabled' in config-features; enable it in ServingSettings or remove the field",
      ].join('\n'),
    );
  });

  test('passes when the explicit flags cover every use', () => {
    // GIVEN
    const chart = Testing.chart();
    new ServingSettings(chart, 'Settings', {
      features: {
        'kubernetes.podspec-nodeselector': 'allowed',
        'kubernetes.podspec-init-containers': 'enabled',
      },
    });
    new NeedsFeatures(chart, 'Model', [nodeSelector, initContainers]);
    // WHEN / THEN
    expect(() => Testing.synth(chart)).not.toThrow();
  });

  test('enableFeaturesInUse turns on exactly the flags in use, including those of constructs added later', () => {
    // GIVEN
    const app = Testing.app();
    const platform = new Chart(app, 'platform');
    const models = new Chart(app, 'models');
    new NeedsFeatures(models, 'Early', [tolerations]);
    const settings = new ServingSettings(platform, 'Settings', {
      enableFeaturesInUse: true,
      features: { 'multi-container': 'enabled' },
    });
    // WHEN
    new NeedsFeatures(models, 'Late', [nodeSelector, initContainers, tolerations]);
    // THEN
    expect(Object.keys(settings.featuresInUse())).toEqual([
      'kubernetes.podspec-init-containers',
      'kubernetes.podspec-nodeselector',
      'kubernetes.podspec-tolerations',
    ]);
    // validators see every flag that is not set explicitly as one that will be turned on
    expect(settings.toClusterConfig().features).toEqual(
      Object.fromEntries(KNOWN_FEATURE_FLAGS.map((f) => [f, 'enabled'])),
    );
    expect(Testing.synth(platform)).toEqual([
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: {
          name: 'config-features',
          namespace: 'knative-serving',
          annotations: { 'ack-serving.io/ownership': 'partial' },
        },
        data: {
          'kubernetes.podspec-init-containers': 'enabled',
          'kubernetes.podspec-nodeselector': 'enabled',
          'kubernetes.podspec-tolerations': 'enabled',
          'multi-container': 'enabled',
        },
      },
    ]);
  });

  test('an explicit value wins over a derived one, and is still checked', () => {
    // GIVEN
    const chart = Testing.chart();
    const settings = new ServingSettings(chart, 'Settings', {
      enableFeaturesInUse: true,
      features: { 'kubernetes.podspec-init-containers': 'allowed' },
    });
    new NeedsFeatures(chart, 'Model', [initContainers]);
    // WHEN / THEN
    expect(settings.toClusterConfig().features['kubernetes.podspec-init-containers']).toBe(
      'allowed',
    );
    expect(settings.toClusterConfig().features['kubernetes.podspec-hostnetwork']).toBe('enabled');
    expect(() => Testing.synth(chart)).toThrow(
      "[test/Settings] models[1].versions[0].initContainers: 'initContainers' needs the Knative feature flag 'kubernetes.podspec-init-containers' set to 'enabled' in config-features; enable it in ServingSettings or remove the field",
    );
  });

  test('enableFeaturesInUse renders no config-features while nothing needs a flag', () => {
    // GIVEN
    const chart = Testing.chart();
    const settings = new ServingSettings(chart, 'Settings', { enableFeaturesInUse: true });
    // WHEN / THEN
    expect(Testing.synth(chart)).toEqual([]);
    expect(settings.featuresInUse()).toEqual({});
    // and once a model needs one, the ConfigMap appears
    new NeedsFeatures(chart, 'Model', [nodeSelector]);
    expect(Testing.synth(chart).map((o) => o.data)).toEqual([
      { 'kubernetes.podspec-nodeselector': 'enabled' },
    ]);
  });
});

describe('ServingSettings: properties', () => {
  test('stable-window in whole seconds is accepted exactly on [6s, 1h]', () => {
    fc.assert(
      fc.property(fc.integer({ min: -10, max: 4000 }), (seconds) => {
        const ok = errorsOf({ autoscaler: { stableWindow: `${seconds}s` } }).length === 0;
        return ok === (seconds >= 6 && seconds <= 3600);
      }),
      { numRuns: 200 },
    );
  });

  test('max-scale is accepted exactly on [1, max-scale-limit] when a limit is set', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 500 }),
        fc.integer({ min: -5, max: 600 }),
        (limit, max) => {
          const ok = errorsOf({ autoscaler: { maxScaleLimit: limit, maxScale: max } }).length === 0;
          return ok === (max >= 1 && max <= limit);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('Go template test render', () => {
  test('renders fields, map lookups, comments and trim markers', () => {
    expect(
      renderGoTemplate(
        '{{- .Name -}} .{{/* c */}}{{index .Labels "x"}}{{.Domain}}',
        { Name: 'foo', Domain: 'baz.com' },
        ['Labels'],
      ),
    ).toEqual({
      text: 'foo.baz.com',
    });
  });

  test('reports actions outside the subset as unknown', () => {
    expect(renderGoTemplate('{{.Name | lower}}', { Name: 'foo' })).toEqual({ unknown: true });
  });

  test('lists every flag Knative Serving 1.23 parses', () => {
    expect(KNOWN_FEATURE_FLAGS).toHaveLength(32);
    expect(KNOWN_FEATURE_FLAGS).toContain('queueproxy.mount-podinfo');
    for (const flag of Object.keys(DEFAULT_FEATURES)) expect(KNOWN_FEATURE_FLAGS).toContain(flag);
  });
});
