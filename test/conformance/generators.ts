/**
 * Differential case generators: seeded fast-check arbitraries concentrated on the boundaries of
 * each Knative rule. Every case carries the library's verdict (its own check functions, as the
 * constructs call them) and the manifest rendered by the library's own render functions, which
 * `kconform diff` then judges with Knative's code.
 */
import { App, Chart } from 'cdk8s';
import fc from 'fast-check';
import { AutoscalingOptions, HPA_CLASS, KPA_CLASS } from '../../lib/knative/autoscaling';
import { ClusterConfig, UPSTREAM_CLUSTER, clusterConfig } from '../../lib/knative/cluster-config';
import {
  BrokerClass,
  KnativeBrokerProps,
  checkBroker,
  renderBroker,
} from '../../lib/knative/eventing/broker';
import { DeliveryProps } from '../../lib/knative/eventing/delivery';
import { EventingClusterConfig } from '../../lib/knative/eventing/features';
import { Filter, SubscriptionsApiFilterSpec } from '../../lib/knative/eventing/filters';
import {
  KnativePingSourceProps,
  checkPingSource,
  renderPingSource,
} from '../../lib/knative/eventing/ping-source';
import { checkDomain, checkRef } from '../../lib/knative/domain-mapping';
import { KReference } from '../../lib/knative/reference';
import {
  KnativeTriggerProps,
  checkTrigger,
  renderTrigger,
} from '../../lib/knative/eventing/trigger';
import { checkObjectMetadata, renderObjectMetadata } from '../../lib/knative/object-metadata';
import {
  RevisionTemplateProps,
  checkRevisionTemplate,
  renderRevisionTemplate,
} from '../../lib/knative/revision-template';
import {
  AutoscalerSettings,
  DefaultsSettings,
  ServingSettings,
} from '../../lib/knative/serving-settings';
import {
  TrafficTargetProps,
  checkRouteHost,
  checkTraffic,
  renderTraffic,
} from '../../lib/knative/traffic';
import { Issue, ValidationError } from '../../lib/validation';
import { DiffCase, Distribution } from './harness';

/** The fixed seed: the same cases on every run and machine. */
export const SEED = 20261129;

/** One generated question with the library's verdict. */
export interface GeneratedCase extends DiffCase {
  /** The rule family, for reports and per-rule counts. */
  readonly rule: string;
  /** The library input the case was built from (printed on disagreement). */
  readonly input: unknown;
  /** The library's issues; empty means it accepts. */
  readonly library: readonly Issue[];
  readonly distribution: Distribution;
}

const NAMESPACE = 'models';
const IMAGE = 'registry.example.com/risk/credit-score@sha256:' + 'a'.repeat(64);
const CONFIG_MAP = (namespace: string, name: string, data: Record<string, string>) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace },
  data,
});

// ---------------------------------------------------------------------------------------------
// Serving: cluster settings through the library's own ServingSettings

interface Cluster {
  readonly settings?: {
    autoscaler?: AutoscalerSettings;
    defaults?: DefaultsSettings;
    features?: Record<string, string>;
    extensionClasses?: string[];
  };
}

interface ResolvedCluster {
  readonly config: ClusterConfig;
  readonly configMaps: Record<string, unknown>[];
  /** ServingSettings' own issues (it threw). */
  readonly issues: Issue[];
}

const clusterCache = new Map<string, ResolvedCluster>();

/** Renders the settings with ServingSettings: the ClusterConfig the validators see, and the ConfigMaps Knative reads. */
export function resolveCluster(c: Cluster): ResolvedCluster {
  const key = JSON.stringify(c.settings ?? {});
  const hit = clusterCache.get(key);
  if (hit) return hit;
  let resolved: ResolvedCluster;
  if (!c.settings) {
    resolved = { config: UPSTREAM_CLUSTER, configMaps: [], issues: [] };
  } else {
    const app = new App();
    const chart = new Chart(app, 'settings', { disableResourceNameHashes: true });
    try {
      const s = new ServingSettings(chart, 'Serving', c.settings);
      const configMaps = chart
        .toJson()
        .filter((o) => o.kind === 'ConfigMap')
        .map((o) => CONFIG_MAP(o.metadata.namespace, o.metadata.name, o.data ?? {}));
      resolved = { config: s.toClusterConfig(), configMaps, issues: [] };
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      // The library refuses the settings; Knative is asked about the ConfigMaps written by hand.
      const configMaps = handWrittenConfigMaps(c.settings);
      resolved = {
        config: clusterConfig({ extensionClasses: c.settings.extensionClasses }),
        configMaps,
        issues: [...e.issues],
      };
    }
  }
  clusterCache.set(key, resolved);
  return resolved;
}

const AUTOSCALER_KEYS: Record<keyof AutoscalerSettings, string> = {
  podAutoscalerClass: 'pod-autoscaler-class',
  enableScaleToZero: 'enable-scale-to-zero',
  allowZeroInitialScale: 'allow-zero-initial-scale',
  initialScale: 'initial-scale',
  minScale: 'min-scale',
  maxScale: 'max-scale',
  maxScaleLimit: 'max-scale-limit',
  containerConcurrencyTargetPercentage: 'container-concurrency-target-percentage',
  containerConcurrencyTargetDefault: 'container-concurrency-target-default',
  requestsPerSecondTargetDefault: 'requests-per-second-target-default',
  targetBurstCapacity: 'target-burst-capacity',
  stableWindow: 'stable-window',
  panicWindowPercentage: 'panic-window-percentage',
  panicThresholdPercentage: 'panic-threshold-percentage',
  maxScaleUpRate: 'max-scale-up-rate',
  maxScaleDownRate: 'max-scale-down-rate',
  scaleToZeroGracePeriod: 'scale-to-zero-grace-period',
  scaleToZeroPodRetentionPeriod: 'scale-to-zero-pod-retention-period',
  scaleDownDelay: 'scale-down-delay',
  activatorCapacity: 'activator-capacity',
};
const DEFAULTS_KEYS: Partial<Record<keyof DefaultsSettings, string>> = {
  revisionTimeoutSeconds: 'revision-timeout-seconds',
  maxRevisionTimeoutSeconds: 'max-revision-timeout-seconds',
  revisionResponseStartTimeoutSeconds: 'revision-response-start-timeout-seconds',
  revisionIdleTimeoutSeconds: 'revision-idle-timeout-seconds',
  containerConcurrency: 'container-concurrency',
  containerConcurrencyMaxLimit: 'container-concurrency-max-limit',
  allowContainerConcurrencyZero: 'allow-container-concurrency-zero',
};

function handWrittenConfigMaps(s: NonNullable<Cluster['settings']>): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const render = (values: object | undefined, keys: Record<string, string | undefined>) =>
    Object.fromEntries(
      Object.entries(values ?? {})
        .filter(([k, v]) => v !== undefined && keys[k])
        .map(([k, v]) => [keys[k] as string, String(v)]),
    );
  const as = render(s.autoscaler, AUTOSCALER_KEYS);
  if (Object.keys(as).length) out.push(CONFIG_MAP('knative-serving', 'config-autoscaler', as));
  const d = render(s.defaults, DEFAULTS_KEYS);
  if (Object.keys(d).length) out.push(CONFIG_MAP('knative-serving', 'config-defaults', d));
  if (s.features && Object.keys(s.features).length)
    out.push(CONFIG_MAP('knative-serving', 'config-features', { ...s.features }));
  return out;
}

function serviceCase(
  rule: string,
  name: string,
  template: RevisionTemplateProps,
  cluster: Cluster,
  traffic?: TrafficTargetProps[],
  distribution: Distribution = 'upstream',
): Omit<GeneratedCase, 'id'> {
  const resolved = resolveCluster(cluster);
  const props = { name, namespace: NAMESPACE };
  const library = [
    ...resolved.issues,
    ...checkObjectMetadata(props, 'service', NAMESPACE),
    ...checkRouteHost(name, 'service.name', NAMESPACE, resolved.config),
    ...checkRevisionTemplate(template, 'service.template', resolved.config, name),
    ...checkTraffic(traffic ?? [], 'service.traffic', {
      owner: 'service',
      routeName: name,
      namespace: NAMESPACE,
      cluster: resolved.config,
    }),
  ];
  // As KnativeService._toKube() assembles it.
  const spec: Record<string, unknown> = { template: renderRevisionTemplate(template, name) };
  if (traffic && traffic.length > 0) spec.traffic = renderTraffic(traffic);
  const object = {
    apiVersion: 'serving.knative.dev/v1',
    kind: 'Service',
    metadata: renderObjectMetadata(props, NAMESPACE),
    spec,
  };
  return {
    rule,
    input: { name, template, traffic, cluster: cluster.settings },
    library,
    object,
    configMaps: resolved.configMaps,
    distribution,
  };
}

// ---------------------------------------------------------------------------------------------
// Boundary values per rule

const pick = <T>(...values: T[]) => fc.constantFrom(...values);
/** Mostly values on the valid side of a boundary, often the boundary values on either side. */
const around = <T>(valid: T[], boundary: T[]) =>
  fc.oneof(
    { weight: 1, arbitrary: fc.constantFrom(...valid) },
    { weight: 1, arbitrary: fc.constantFrom(...boundary) },
  );

/** Boundaries of the two [0, 1h] duration annotations (scale-down delay and retention). */
const DELAY_BOUNDARIES: readonly (string | number)[] = [
  '0s',
  '1s',
  '1.5s',
  '500ms',
  '1h',
  '3600s',
  '3601s',
  '-1s',
  'x',
  0,
  3600,
  3601,
];

const autoscalingFields: {
  [K in keyof AutoscalingOptions]-?: fc.Arbitrary<AutoscalingOptions[K]>;
} = {
  class: pick(
    KPA_CLASS,
    HPA_CLASS,
    'other.example.com',
    'custom',
    'foo.knative.dev',
    'mpa.autoscaling.knative.dev',
    '',
  ),
  metric: pick('concurrency', 'rps', 'cpu', 'memory', '', 'custom-metric', 'rt', 'Concurrency'),
  target: pick(0, 0.009, 0.01, 0.011, 1, 70, 100, -1, 1e6),
  utilization: pick(0, 0.5, 0.99, 1, 70, 99.9, 100, 100.5, 101),
  window: pick<string | number>(
    '5s',
    '6s',
    '6.5s',
    '6500ms',
    '7s',
    '60s',
    '1m',
    '1h',
    '3600s',
    '3601s',
    '1h0m1s',
    '0s',
    '-6s',
    'abc',
    '',
    5,
    6,
    3600,
    3601,
    6.5,
  ),
  panicWindowPercent: pick(0, 0.5, 0.99, 1, 10, 99.9, 100, 100.1, 101),
  panicThresholdPercent: pick(0, 109, 109.9, 110, 200, 999.9, 1000, 1000.5, 1001),
  minScale: pick(0, 1, 2, 3, 5, 10, 11, -1, 1.5, 2147483647, 2147483648),
  maxScale: pick(0, 1, 2, 3, 5, 10, 11, -1, 2.5, 2147483647, 2147483648),
  initialScale: pick(0, 1, 2, 10, -1, 1.5),
  activationScale: pick(-1, 0, 1, 2, 3, 5, 10, 11, 1.5),
  scaleDownDelay: pick<string | number>(...DELAY_BOUNDARIES),
  retention: pick<string | number>(...DELAY_BOUNDARIES),
  burstCapacity: pick(-2, -1.5, -1, -0.5, 0, 0.5, 211, 1e9),
  aggregationAlgorithm: pick(
    'linear',
    'weighted-exponential',
    'weightedExponential' as 'linear',
    'bogus' as 'linear',
  ),
};
const AUTOSCALING_FIELD_NAMES = Object.keys(autoscalingFields) as (keyof AutoscalingOptions)[];

/** One to three autoscaling options at their boundaries (the rest unset, as most users write it). */
const autoscalingOptions: fc.Arbitrary<AutoscalingOptions> = fc
  .subarray(AUTOSCALING_FIELD_NAMES, { minLength: 1, maxLength: 3 })
  .chain((fields) =>
    fc.record(
      Object.fromEntries(fields.map((f) => [f, autoscalingFields[f]])) as {
        [K in keyof AutoscalingOptions]: fc.Arbitrary<AutoscalingOptions[K]>;
      },
    ),
  )
  .map((o) => o as AutoscalingOptions);

const autoscalerSettings: fc.Arbitrary<Cluster> = fc.oneof(
  { weight: 6, arbitrary: fc.constant({}) },
  {
    weight: 1,
    arbitrary: fc.constant({ settings: { autoscaler: { maxScaleLimit: 10, maxScale: 10 } } }),
  },
  {
    weight: 1,
    arbitrary: fc.constant({ settings: { autoscaler: { allowZeroInitialScale: true } } }),
  },
  {
    weight: 1,
    arbitrary: fc.constant({
      settings: { autoscaler: { maxScaleLimit: 10, maxScale: 5, allowZeroInitialScale: true } },
    }),
  },
);

function container(image = IMAGE, extra: Record<string, unknown> = {}) {
  return { image, ...extra } as RevisionTemplateProps['containers'][number];
}

/** Autoscaling annotations on a Service template, on four cluster settings. */
export const autoscalingCases = fc
  .tuple(autoscalingOptions, autoscalerSettings)
  .map(([autoscaling, cluster]) =>
    serviceCase('autoscaling', 'credit-score', { containers: [container()], autoscaling }, cluster),
  );

/** The same on ACK: extension classes allowed by the library and rewritten by `--distribution ack`. */
export const ackAutoscalingCases = fc
  .tuple(
    autoscalingOptions,
    pick('mpa.autoscaling.knative.dev', 'ahpa.autoscaling.knative.dev'),
    pick('concurrency', 'rps', 'rt', undefined),
  )
  .map(([opts, cls, metric]) =>
    serviceCase(
      'autoscaling-ack',
      'credit-score',
      {
        containers: [container()],
        autoscaling: { ...opts, class: cls, ...(metric ? { metric } : {}) },
      },
      {
        settings: {
          extensionClasses: ['mpa.autoscaling.knative.dev', 'ahpa.autoscaling.knative.dev'],
        },
      },
      undefined,
      'ack',
    ),
  );

const defaultsSettings: fc.Arbitrary<Cluster> = fc.oneof(
  { weight: 4, arbitrary: fc.constant({}) },
  {
    weight: 1,
    arbitrary: fc.constant({ settings: { defaults: { maxRevisionTimeoutSeconds: 900 } } }),
  },
  {
    weight: 1,
    arbitrary: fc.constant({ settings: { defaults: { containerConcurrencyMaxLimit: 10 } } }),
  },
  {
    weight: 1,
    arbitrary: fc.constant({ settings: { defaults: { allowContainerConcurrencyZero: false } } }),
  },
  {
    weight: 1,
    arbitrary: fc.constant({
      settings: { defaults: { revisionTimeoutSeconds: 100, maxRevisionTimeoutSeconds: 200 } },
    }),
  },
);

/** containerConcurrency, timeouts and the port, on five cluster settings. */
export const limitsCases = fc
  .tuple(
    fc.record(
      {
        containerConcurrency: around([0, 1, 10, 100], [-1, 0, 1, 9, 10, 11, 999, 1000, 1001, 1.5]),
        timeoutSeconds: around(
          [60, 300, 600],
          [-1, 0, 1, 100, 200, 201, 300, 599, 600, 601, 900, 901, 1.5],
        ),
        responseStartTimeoutSeconds: around([0, 30, 60], [-1, 0, 1, 100, 300, 301, 600, 601]),
        idleTimeoutSeconds: around([0, 30, 60], [-1, 0, 1, 100, 300, 301, 600, 601]),
      },
      { requiredKeys: [] },
    ),
    fc.option(
      around([8080, 80, 3000], [-1, 0, 1, 8012, 8013, 8022, 9090, 9091, 8008, 65535, 65536]),
      { nil: undefined },
    ),
    fc.option(pick('', 'h2c', 'http1'), { nil: undefined }),
    defaultsSettings,
  )
  .map(([limits, port, portName, cluster]) =>
    serviceCase(
      'limits',
      'credit-score',
      {
        containers: [
          container(IMAGE, {
            ...(port !== undefined ? { port } : {}),
            ...(portName !== undefined && port !== undefined ? { portName } : {}),
          }),
        ],
        ...limits,
      },
      cluster,
    ),
  );

/** Image references around go-containerregistry's parser (name.ParseReference, WeakValidation). */
export const imageCases = pick(
  'registry.example.com/risk/credit-score:1.0.0',
  'registry.example.com/a:1',
  'registry.example.com/ab:1',
  'a',
  'ab',
  'ubuntu',
  'library/ubuntu:22.04',
  'Registry.example.com/risk/model:1',
  'registry.example.com/Risk/model:1',
  'registry.example.com:5000/risk/model:1',
  'registry.example.com/risk/model:' + 't'.repeat(128),
  'registry.example.com/risk/model:' + 't'.repeat(129),
  'registry.example.com/risk/model@sha256:' + 'a'.repeat(64),
  'registry.example.com/risk/model@sha256:' + 'a'.repeat(63),
  'registry.example.com/risk/model:1.0@sha256:' + 'b'.repeat(64),
  'registry.example.com/risk/model:bad tag',
  'registry.example.com/risk//model:1',
  'registry.example.com/risk/model:',
  ' registry.example.com/risk/model:1',
  '',
).map((image) => serviceCase('image', 'credit-score', { containers: [container(image)] }, {}));

// ---------------------------------------------------------------------------------------------
// Traffic

const tagValues = pick<string | undefined>(
  undefined,
  undefined,
  undefined,
  undefined,
  'v1',
  'v2',
  'latest',
  'canary',
  'Bad_Tag',
  'a',
  '1v',
  't'.repeat(50),
  't'.repeat(51),
  't'.repeat(63),
  't'.repeat(64),
  '',
);

const target = fc.record(
  {
    tag: tagValues,
    revisionName: pick<string | undefined>(
      undefined,
      'credit-score-v1-00001',
      'credit-score-v2-00001',
      'Bad_Name',
      'x'.repeat(254),
    ),
    configurationName: pick<string | undefined>(
      undefined,
      'credit-score-v1',
      'credit-score-v2',
      'credit-score-v3',
    ),
    latestRevision: pick<boolean | undefined>(undefined, true, false),
    percent: pick<number | undefined>(undefined, 0, 1, 10, 33, 34, 50, 90, 99, 100, 101, -1, 12.5),
  },
  { requiredKeys: [] },
);

/** Splits `sum` over `n` targets so the total lands exactly on 99, 100 or 101. */
const splitPercents = fc
  .tuple(fc.integer({ min: 1, max: 4 }), pick(99, 100, 100, 101), fc.integer({ min: 0, max: 100 }))
  .map(([n, sum, seed]) => {
    const parts: number[] = [];
    let left = sum;
    for (let i = 0; i < n - 1; i++) {
      const p = Math.min(left, (seed * (i + 7)) % (left + 1));
      parts.push(p);
      left -= p;
    }
    parts.push(left);
    return parts;
  });

const routeTargets = fc.oneof(
  { weight: 1, arbitrary: fc.array(target, { minLength: 0, maxLength: 4 }) },
  {
    weight: 3,
    arbitrary: fc
      .tuple(
        splitPercents,
        fc.array(fc.tuple(tagValues, pick(1, 2, 3)), { minLength: 4, maxLength: 4 }),
      )
      .map(([percents, extra]) =>
        percents.map((percent, i) => ({
          percent,
          configurationName: `credit-score-v${extra[i][1]}`,
          ...(extra[i][0] !== undefined ? { tag: extra[i][0] } : {}),
        })),
      ),
  },
);

/** A Route's traffic: sums, tags, targets, and the host labels the tags make. */
export const routeCases = fc
  .tuple(routeTargets, pick('credit-score', 'r'.repeat(40), 'r'.repeat(58), 'r'.repeat(63)))
  .map(([targets, name]) => {
    const traffic = targets.map(
      (t) =>
        Object.fromEntries(
          Object.entries(t).filter(([, v]) => v !== undefined),
        ) as TrafficTargetProps,
    );
    const props = { name, namespace: NAMESPACE };
    const library = [
      ...checkObjectMetadata(props, 'route', NAMESPACE),
      ...checkRouteHost(name, 'route.name', NAMESPACE, UPSTREAM_CLUSTER),
      ...checkTraffic(traffic, 'route.traffic', {
        owner: 'route',
        routeName: name,
        namespace: NAMESPACE,
        cluster: UPSTREAM_CLUSTER,
      }),
    ];
    const object = {
      apiVersion: 'serving.knative.dev/v1',
      kind: 'Route',
      metadata: renderObjectMetadata(props, NAMESPACE),
      spec: { traffic: renderTraffic(traffic) },
    };
    return {
      rule: 'traffic-route',
      input: { name, traffic },
      library,
      object,
      configMaps: [],
      distribution: 'upstream' as const,
    };
  });

/** A Service's own traffic block (no configurationName allowed, latestRevision rules). */
const serviceTarget = fc.record(
  {
    tag: tagValues,
    revisionName: pick<string | undefined>(
      undefined,
      undefined,
      'credit-score-00001',
      'credit-score-00002',
      'Bad_Name',
    ),
    configurationName: pick<string | undefined>(undefined, undefined, undefined, 'credit-score'),
    latestRevision: pick<boolean | undefined>(undefined, undefined, true, false),
  },
  { requiredKeys: [] },
);

export const serviceTrafficCases = fc
  .tuple(fc.array(serviceTarget, { minLength: 1, maxLength: 3 }), splitPercents, fc.boolean())
  .map(([targets, percents, split]) => {
    const traffic = targets.map((t, i) => {
      const clean = Object.fromEntries(
        Object.entries(t).filter(([, v]) => v !== undefined),
      ) as Record<string, unknown>;
      if (split) clean.percent = i < percents.length ? percents[i] : 0;
      else if (i === 0) clean.percent = 100;
      return clean as TrafficTargetProps;
    });
    return serviceCase(
      'traffic-service',
      'credit-score',
      { containers: [container()] },
      {},
      traffic,
    );
  });

// ---------------------------------------------------------------------------------------------
// Eventing: Trigger filters and delivery

const ATTRIBUTE_KEYS = [
  'type',
  'source',
  'a',
  'a1',
  'x'.repeat(20),
  'x'.repeat(21),
  '1a',
  'A',
  'Bad-Name',
  'a_b',
  'aB',
  'data',
  '',
];
const attributeKey = pick(...ATTRIBUTE_KEYS);
const attributeValue = pick('', 'x', 'oss:ObjectCreated:PutObject', ' ');
const attributes = fc.dictionary(attributeKey, attributeValue, { minKeys: 0, maxKeys: 3 });

const leafFilter: fc.Arbitrary<SubscriptionsApiFilterSpec> = fc.oneof(
  attributes.map((exact) => ({ exact })),
  attributes.map((prefix) => ({ prefix })),
  attributes.map((suffix) => ({ suffix })),
  pick(
    "type = 'x'",
    "type LIKE 'oss:%'",
    'EXISTS type',
    'type ==',
    "source = 'a' AND",
    '',
    'TRUE',
    "subject IN ('a', 'b')",
  ).map((cesql) => ({ cesql })),
  fc.tuple(attributes, pick("type = 'x'")).map(([exact, cesql]) => ({ exact, cesql })),
  fc.tuple(attributes, attributes).map(([exact, prefix]) => ({ exact, prefix })),
  fc.constant({}),
);
const subscriptionsFilter: fc.Arbitrary<SubscriptionsApiFilterSpec> = fc.oneof(
  { weight: 3, arbitrary: leafFilter },
  { weight: 1, arbitrary: fc.array(leafFilter, { maxLength: 2 }).map((all) => ({ all })) },
  { weight: 1, arbitrary: fc.array(leafFilter, { maxLength: 2 }).map((any) => ({ any })) },
  { weight: 1, arbitrary: leafFilter.map((not) => ({ not })) },
);

const isoDuration = around<string | number>(
  ['PT0.2S', 'PT1S', 'PT10M', 1, 0.5],
  [
    'PT0.2S',
    'PT1S',
    'PT0S',
    'P1D',
    'PT1M30S',
    'P1Y',
    '-PT1S',
    'PT',
    'P',
    '1s',
    '500ms',
    'PT1.5S',
    'P1DT',
    'pt1s',
    0.2,
    1,
    0,
    600,
  ],
);

const delivery: fc.Arbitrary<DeliveryProps> = fc.record(
  {
    retry: around([0, 3, 10], [-1, 0, 1, 10, 2147483647, 1.5]),
    backoffPolicy: around(
      ['linear', 'exponential'],
      ['Linear' as 'linear', 'quadratic' as 'linear'],
    ),
    backoffDelay: isoDuration,
    timeout: isoDuration,
    retryAfterMax: isoDuration,
    deadLetterSink: around<DeliveryProps['deadLetterSink']>(
      [
        'http://dead-letters.models.svc.cluster.local',
        {
          addressRef: {
            apiVersion: 'serving.knative.dev/v1',
            kind: 'Service',
            name: 'dead-letters',
          },
        },
      ],
      ['/relative', 'dead-letters', 'https://dead-letters.example.com/path?q=1'],
    ),
    format: around(['json', 'binary'], ['xml' as 'json']),
  },
  { requiredKeys: [] },
);

const eventingFeatures = pick<Record<string, string>>(
  {},
  {},
  { 'delivery-retryafter': 'enabled' },
  { 'delivery-timeout': 'disabled' },
  { 'delivery-retryafter': 'enabled', 'delivery-timeout': 'disabled' },
);

function triggerCase(
  rule: string,
  props: KnativeTriggerProps,
  features: Record<string, string>,
): Omit<GeneratedCase, 'id'> {
  const cluster: EventingClusterConfig = { features, pingDataMaxSize: -1 };
  const full = { ...props, cluster };
  const library = checkTrigger(full, 'trigger');
  const configMaps = Object.keys(features).length
    ? [CONFIG_MAP('knative-eventing', 'config-features', features)]
    : [];
  return {
    rule,
    input: { ...props, features },
    library,
    object: renderTrigger(full),
    configMaps,
    distribution: 'upstream',
  };
}

const subscriber = {
  addressRef: { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: 'credit-score' },
};

/** Trigger attribute filters and SubscriptionsAPI filters. */
export const triggerFilterCases = fc
  .tuple(
    fc.option(attributes, { nil: undefined }),
    fc.option(fc.array(subscriptionsFilter, { maxLength: 2 }), { nil: undefined }),
  )
  .map(([filter, filters]) =>
    triggerCase(
      'trigger-filter',
      {
        name: 'score-uploads',
        namespace: NAMESPACE,
        broker: 'scoring-events',
        subscriber,
        ...(filter !== undefined ? { filter } : {}),
        ...(filters !== undefined ? { filters: filters.map((f) => Filter.fromSpec(f)) } : {}),
      },
      {},
    ),
  );

/** Trigger delivery specs, with and without the delivery feature flags. */
export const deliveryCases = fc.tuple(delivery, eventingFeatures).map(([d, features]) =>
  triggerCase(
    'delivery',
    {
      name: 'score-uploads',
      namespace: NAMESPACE,
      broker: 'scoring-events',
      subscriber,
      delivery: d,
    },
    features,
  ),
);

/** Brokers: class, config reference and delivery, on Knative's default config-br-defaults. */
export const brokerCases = fc
  .record(
    {
      brokerClass: pick(BrokerClass.MT_CHANNEL_BASED, BrokerClass.KAFKA),
      config: pick<KReference>(
        {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          name: 'config-br-default-channel',
          namespace: 'knative-eventing',
        },
        { apiVersion: 'v1', kind: 'ConfigMap', name: 'kafka-broker-config', namespace: NAMESPACE },
        { apiVersion: 'v1', kind: '', name: 'config-br-default-channel' },
        { apiVersion: '', kind: 'ConfigMap', name: 'config-br-default-channel' },
      ),
      delivery,
    },
    { requiredKeys: [] },
  )
  .chain((p) => fc.tuple(fc.constant(p), eventingFeatures))
  .map(([p, features]) => {
    const props: KnativeBrokerProps = {
      name: 'scoring-events',
      namespace: NAMESPACE,
      ...(p as Partial<KnativeBrokerProps>),
      cluster: { features, pingDataMaxSize: -1 },
    };
    const configMaps = Object.keys(features).length
      ? [CONFIG_MAP('knative-eventing', 'config-features', features)]
      : [];
    return {
      rule: 'broker',
      input: { ...p, features },
      library: checkBroker(props, 'broker'),
      object: renderBroker(props),
      configMaps,
      distribution: 'upstream' as const,
    };
  });

// ---------------------------------------------------------------------------------------------
// Feature-gated pod fields (ECI placement needs nodeSelector and tolerations)

const FLAG_VALUES = ['enabled', 'allowed', 'disabled', 'Enabled'] as const;

/** Pod fields, each with the config-features flag that gates it. */
const gatedFields: Record<string, { flag: string; props: Partial<RevisionTemplateProps> }> = {
  nodeSelector: {
    flag: 'kubernetes.podspec-nodeselector',
    props: { nodeSelector: { type: 'virtual-kubelet' } },
  },
  tolerations: {
    flag: 'kubernetes.podspec-tolerations',
    props: {
      tolerations: [
        { key: 'virtual-kubelet.io/provider', operator: 'Exists', effect: 'NoSchedule' },
      ],
    },
  },
  affinity: {
    flag: 'kubernetes.podspec-affinity',
    props: {
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [
              { matchExpressions: [{ key: 'type', operator: 'In', values: ['virtual-kubelet'] }] },
            ],
          },
        },
      },
    } as Partial<RevisionTemplateProps>,
  },
  runtimeClassName: {
    flag: 'kubernetes.podspec-runtimeclassname',
    props: { runtimeClassName: 'gvisor' },
  },
  securityContext: {
    flag: 'kubernetes.podspec-securitycontext',
    props: { securityContext: { runAsNonRoot: true } },
  },
  priorityClassName: {
    flag: 'kubernetes.podspec-priorityclassname',
    props: { priorityClassName: 'high' },
  },
  schedulerName: { flag: 'kubernetes.podspec-schedulername', props: { schedulerName: 'volcano' } },
  hostAliases: {
    flag: 'kubernetes.podspec-hostaliases',
    props: {
      hostAliases: [{ ip: '10.0.0.1', hostnames: ['db'] }],
    } as Partial<RevisionTemplateProps>,
  },
  emptyDir: {
    flag: 'kubernetes.podspec-volumes-emptydir',
    props: { volumes: [{ name: 'scratch', emptyDir: {} }] },
  },
  persistentVolumeClaim: {
    flag: 'kubernetes.podspec-persistent-volume-claim',
    props: {
      volumes: [
        { name: 'scratch', persistentVolumeClaim: { claimName: 'models', readOnly: true } },
      ],
    },
  },
  hostPath: {
    flag: 'kubernetes.podspec-volumes-hostpath',
    props: { volumes: [{ name: 'scratch', hostPath: { path: '/data' } }] },
  },
  initContainers: {
    flag: 'kubernetes.podspec-init-containers',
    props: { initContainers: [{ name: 'fetch-model', image: IMAGE }] },
  },
};

/** One or two gated fields on a cluster whose config-features set their flags to each value. */
export const podFeatureCases = fc
  .tuple(
    fc.subarray(Object.keys(gatedFields), { minLength: 1, maxLength: 2 }),
    fc.array(fc.constantFrom(...FLAG_VALUES), { minLength: 2, maxLength: 2 }),
    fc.boolean(),
  )
  .map(([fields, values, explicit]) => {
    let template: RevisionTemplateProps = { containers: [container()] };
    const features: Record<string, string> = {};
    fields.forEach((f, i) => {
      const g = gatedFields[f];
      template = { ...template, ...g.props };
      if (explicit) features[g.flag] = values[i];
    });
    const mounts = template.volumes?.map((v) => ({
      name: v.name,
      mountPath: '/scratch',
      readOnly: true,
    }));
    if (mounts)
      template = { ...template, containers: [container(IMAGE, { volumeMounts: mounts })] };
    const cluster = Object.keys(features).length ? { settings: { features } } : {};
    return serviceCase('pod-features', 'credit-score', template, cluster as Cluster);
  });

// ---------------------------------------------------------------------------------------------
// PingSource and DomainMapping

/** PingSource schedules, time zones and payloads, with and without a data-max-size. */
export const pingSourceCases = fc
  .record(
    {
      schedule: around(
        ['* * * * *', '0 2 * * *', '*/5 * * * *', '@daily'],
        [
          '@every 1m',
          '@hourly',
          '0 0 2 * * *',
          '61 * * * *',
          '0 24 * * *',
          'bad',
          '',
          '0 2 * * MON-FRI',
          '0 2 * * 7',
          '0 2 31 2 *',
          '* * * *',
          'CRON_TZ=UTC 0 2 * * *',
        ],
      ),
      timezone: around(['Asia/Shanghai', 'UTC'], ['Mars/Base', 'utc', '', 'Etc/GMT+8', 'Local']),
      contentType: pick('application/json', 'text/plain'),
      data: around(['{"job":"rescore"}', 'ping'], ['', '[1]', '{', 'x'.repeat(11), '"s"']),
      dataBase64: around(
        ['eyJhIjoxfQ=='],
        ['', 'WzFd', 'not base64!', 'eyJhIjoxfQ', 'eyJh\nIjoxfQ=='],
      ),
    },
    { requiredKeys: [] },
  )
  .chain((p) => fc.tuple(fc.constant(p), pick(-1, -1, 10)))
  .map(([p, max]) => {
    const props: KnativePingSourceProps = {
      name: 'nightly-rescore',
      namespace: NAMESPACE,
      sink: subscriber,
      ...(p as Partial<KnativePingSourceProps>),
      cluster: { features: {}, pingDataMaxSize: max },
    };
    const configMaps =
      max >= 0
        ? [CONFIG_MAP('knative-eventing', 'config-ping-defaults', { 'data-max-size': String(max) })]
        : [];
    return {
      rule: 'ping-source',
      input: { ...p, dataMaxSize: max },
      library: checkPingSource(props, 'pingSource'),
      object: renderPingSource(props),
      configMaps,
      distribution: 'upstream' as const,
    };
  });

/** DomainMapping names (the domain) and targets. */
export const domainMappingCases = fc
  .tuple(
    around(
      ['credit-score.models.example.com', 'api.example.com'],
      [
        'example',
        'a.b',
        'Credit.example.com',
        'x.svc.cluster.local',
        'x.cluster.local',
        'a..b.com',
        '-a.example.com',
        'a-.example.com',
        'l'.repeat(63) + '.example.com',
        'l'.repeat(64) + '.example.com',
        ('a'.repeat(60) + '.').repeat(4) + 'com',
        ('a'.repeat(61) + '.').repeat(4) + 'com',
        'a_b.example.com',
        'example.com.',
      ],
    ),
    pick<KReference>(
      { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: 'credit-score' },
      {
        apiVersion: 'serving.knative.dev/v1',
        kind: 'Route',
        name: 'credit-score',
        namespace: NAMESPACE,
      },
      { apiVersion: 'v1', kind: 'Service', name: 'credit-score' },
      {
        apiVersion: 'serving.knative.dev/v1',
        kind: 'Service',
        name: 'credit-score',
        namespace: 'other',
      },
      { apiVersion: 'serving.knative.dev/v1', kind: '', name: 'credit-score' },
      { apiVersion: 'serving.knative.dev/v1', kind: 'Service', name: '' },
    ),
  )
  .map(([domain, ref]) => {
    const library = [
      ...checkDomain(domain, 'domainMapping.domain'),
      ...checkRef(ref, 'domainMapping.ref', NAMESPACE),
    ];
    const object = {
      apiVersion: 'serving.knative.dev/v1beta1',
      kind: 'DomainMapping',
      metadata: { name: domain, namespace: NAMESPACE },
      spec: {
        ref: {
          apiVersion: ref.apiVersion,
          kind: ref.kind,
          name: ref.name,
          namespace: ref.namespace ?? NAMESPACE,
        },
      },
    };
    return {
      rule: 'domain-mapping',
      input: { domain, ref },
      library,
      object,
      configMaps: [],
      distribution: 'upstream' as const,
    };
  });

// ---------------------------------------------------------------------------------------------
// Cluster ConfigMaps written by ServingSettings

const autoscalerSettingFields: {
  [K in keyof AutoscalerSettings]?: fc.Arbitrary<AutoscalerSettings[K]>;
} = {
  maxScaleLimit: pick(0, 1, 10, -1),
  maxScale: pick(0, 1, 10, 11, -1),
  minScale: pick(0, 1, 5, 11, -1),
  initialScale: pick(0, 1, 2, -1),
  allowZeroInitialScale: pick(true, false),
  stableWindow: pick('5s', '6s', '6.5s', '60s', '1h', '3601s'),
  panicWindowPercentage: pick(0, 1, 10, 100, 101),
  panicThresholdPercentage: pick(0, 109, 110, 200, 1001),
  targetBurstCapacity: pick(-2, -1, 0, 211),
  containerConcurrencyTargetPercentage: pick(0, 0.5, 1, 70, 100, 101),
  containerConcurrencyTargetDefault: pick(0, 0.01, 0.009, 100),
  requestsPerSecondTargetDefault: pick(0, 0.009, 0.01, 200),
  maxScaleUpRate: pick(0.5, 1, 1.01, 1000),
  maxScaleDownRate: pick(0.5, 1, 1.01, 2),
  scaleToZeroGracePeriod: pick('0s', '1s', '30s', '-1s'),
  scaleToZeroPodRetentionPeriod: pick('0s', '1h', '-1s'),
  scaleDownDelay: pick('0s', '1s', '1.5s', '-1s', '1h'),
  activatorCapacity: pick(0, 0.5, 1, 100),
};
const defaultsSettingFields: { [K in keyof DefaultsSettings]?: fc.Arbitrary<DefaultsSettings[K]> } =
  {
    revisionTimeoutSeconds: pick(0, 1, 300, 600, 601, -1),
    maxRevisionTimeoutSeconds: pick(0, 1, 299, 300, 600, 900),
    revisionResponseStartTimeoutSeconds: pick(0, 1, 300, 301),
    revisionIdleTimeoutSeconds: pick(0, 1, 300, 301),
    containerConcurrency: pick(-1, 0, 10, 1000, 1001),
    containerConcurrencyMaxLimit: pick(0, 1, 10, 1000),
    allowContainerConcurrencyZero: pick(true, false),
  };

function someOf<T extends object>(fields: {
  [K in keyof T]?: fc.Arbitrary<T[K]>;
}): fc.Arbitrary<T> {
  const names = Object.keys(fields) as (keyof T)[];
  return fc
    .subarray(names, { minLength: 1, maxLength: 3 })
    .chain((chosen) => fc.record(Object.fromEntries(chosen.map((n) => [n, fields[n]])) as never))
    .map((r) => r as T);
}

/** config-autoscaler and config-defaults as ServingSettings renders them, judged by Knative's parsers. */
export const settingsCases = fc
  .oneof(
    someOf<AutoscalerSettings>(autoscalerSettingFields).map((autoscaler) => ({ autoscaler })),
    someOf<DefaultsSettings>(defaultsSettingFields).map((defaults) => ({ defaults })),
  )
  .map((settings) => ({
    ...serviceCase('serving-settings', 'credit-score', { containers: [container()] }, { settings }),
  }));

// ---------------------------------------------------------------------------------------------

/** Values fast-check draws from, listed for the one-at-a-time sweep below. */
function valuesOf<T>(arb: fc.Arbitrary<T>): T[] {
  const seen = new Map<string, T>();
  for (const v of fc.sample(arb, { seed: SEED, numRuns: 400 }))
    seen.set(JSON.stringify(v) ?? 'undefined', v);
  return [...seen.values()];
}

/**
 * Every boundary value of every field on its own, on Knative's defaults: a deterministic sweep
 * that does not depend on what the random families happen to draw.
 */
export function pinnedCases(): Omit<GeneratedCase, 'id'>[] {
  const out: Omit<GeneratedCase, 'id'>[] = [];
  for (const field of AUTOSCALING_FIELD_NAMES) {
    for (const value of valuesOf(autoscalingFields[field] as fc.Arbitrary<unknown>)) {
      out.push({
        ...serviceCase(
          'pinned',
          'credit-score',
          { containers: [container()], autoscaling: { [field]: value } },
          {},
        ),
      });
    }
  }
  const limitFields = {
    containerConcurrency: [-1, 0, 1, 999, 1000, 1001, 1.5],
    timeoutSeconds: [-1, 0, 1, 599, 600, 601, 1.5],
    responseStartTimeoutSeconds: [-1, 0, 1, 300, 301],
    idleTimeoutSeconds: [-1, 0, 1, 300, 301],
  };
  for (const [field, values] of Object.entries(limitFields)) {
    for (const value of values) {
      out.push(
        serviceCase('pinned', 'credit-score', { containers: [container()], [field]: value }, {}),
      );
    }
  }
  for (const port of [-1, 0, 1, 8012, 8013, 8022, 9090, 9091, 8008, 8080, 65535, 65536]) {
    out.push(
      serviceCase('pinned', 'credit-score', { containers: [container(IMAGE, { port })] }, {}),
    );
  }
  const deliveryFields: Record<string, unknown[]> = {
    retry: [-1, 0, 1, 2147483647, 1.5],
    backoffPolicy: ['linear', 'exponential', 'Linear', 'quadratic'],
    backoffDelay: valuesOf(isoDuration),
    timeout: valuesOf(isoDuration),
    format: ['json', 'binary', 'xml'],
  };
  for (const [field, values] of Object.entries(deliveryFields)) {
    for (const value of values) {
      out.push(
        triggerCase(
          'pinned',
          {
            name: 'score-uploads',
            namespace: NAMESPACE,
            broker: 'scoring-events',
            subscriber,
            delivery: { [field]: value } as DeliveryProps,
          },
          {},
        ),
      );
    }
  }
  for (const value of valuesOf(isoDuration)) {
    out.push(
      triggerCase(
        'pinned',
        {
          name: 'score-uploads',
          namespace: NAMESPACE,
          broker: 'scoring-events',
          subscriber,
          delivery: { retryAfterMax: value },
        },
        { 'delivery-retryafter': 'enabled' },
      ),
    );
  }
  for (const key of ATTRIBUTE_KEYS) {
    out.push(
      triggerCase(
        'pinned',
        {
          name: 'score-uploads',
          namespace: NAMESPACE,
          broker: 'scoring-events',
          subscriber,
          filter: { [key]: 'x' },
        },
        {},
      ),
    );
    out.push(
      triggerCase(
        'pinned',
        {
          name: 'score-uploads',
          namespace: NAMESPACE,
          broker: 'scoring-events',
          subscriber,
          filters: [Filter.exact({ [key]: 'x' })],
        },
        {},
      ),
    );
  }
  return out;
}

/** How many cases of each random family; with the pinned sweep, the total the suite reports. */
export const CASE_COUNTS = {
  autoscaling: 3600,
  'autoscaling-ack': 400,
  limits: 1600,
  image: 200,
  'traffic-route': 1800,
  'traffic-service': 600,
  'trigger-filter': 1400,
  delivery: 1200,
  'serving-settings': 1000,
  broker: 500,
  'pod-features': 800,
  'ping-source': 600,
  'domain-mapping': 300,
} as const;

const FAMILIES: Record<keyof typeof CASE_COUNTS, fc.Arbitrary<Omit<GeneratedCase, 'id'>>> = {
  autoscaling: autoscalingCases,
  'autoscaling-ack': ackAutoscalingCases,
  limits: limitsCases,
  image: imageCases,
  'traffic-route': routeCases,
  'traffic-service': serviceTrafficCases,
  'trigger-filter': triggerFilterCases,
  delivery: deliveryCases,
  'serving-settings': settingsCases,
  broker: brokerCases,
  'pod-features': podFeatureCases,
  'ping-source': pingSourceCases,
  'domain-mapping': domainMappingCases,
};

/** Every case, deterministic for the seed: the pinned sweep, then each random family. */
export function generateCases(seed = SEED): GeneratedCase[] {
  const out: GeneratedCase[] = pinnedCases().map((c, i) => ({ ...c, id: `pinned#${i}` }));
  for (const [family, count] of Object.entries(CASE_COUNTS) as [
    keyof typeof CASE_COUNTS,
    number,
  ][]) {
    const samples = fc.sample(FAMILIES[family], { seed, numRuns: count });
    samples.forEach((c, i) => out.push({ ...c, id: `${family}#${i}` }));
  }
  return out;
}
