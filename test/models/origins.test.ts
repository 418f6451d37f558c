import { generateCatalog } from '../../bench/generate-catalog';
import { ModelFleet } from '../../lib/models/model-fleet';
import { formatIssue } from '../../lib/validation';
import { errorsOf, fleet, image } from './fleet-helpers';

const warningsOf = (catalog: unknown): string[] => fleet(catalog).warnings.map(formatIssue);
/** Two models, two versions each, all taking traffic. */
const twoModels = (extra: { a?: object; b?: object } = {}) => [
  {
    name: 'a',
    ...extra.a,
    versions: [
      { name: 'v1', image: image('1'), traffic: 50 },
      { name: 'v2', image: image('2'), traffic: 50 },
    ],
  },
  {
    name: 'b',
    ...extra.b,
    versions: [
      { name: 'v1', image: image('1'), traffic: 60 },
      { name: 'v2', image: image('2'), traffic: 40 },
    ],
  },
];
const annotationsOf = (f: ModelFleet, model: string, version: string) =>
  f.modelCharts[f.models.findIndex((m) => m.name === model)]
    .toJson()
    .find((o: any) => o.metadata.name === `${model}-${version}`).spec.template.metadata.annotations;

describe('errors name where the value was written, once', () => {
  test('a 500-model catalog with one typo in defaults gives exactly one error line', () => {
    // GIVEN the generated fleet with utilization 700 (meant 70) in defaults, under a profile that leaves it alone
    const catalog = generateCatalog(500);
    const typo = {
      ...catalog,
      defaults: { ...catalog.defaults, profile: 'plain', autoscaling: { utilization: 700 } },
      profiles: { plain: { placement: 'ecs' as const } },
    };
    // WHEN / THEN
    expect(errorsOf(typo)).toEqual([
      'defaults.autoscaling.utilization: utilization 700 is out of range; allowed: 1 to 100 (affects 1,167 versions of 500 models)',
    ]);
  });

  test('autoscaling bounds in a model are reported at the model, once for its versions', () => {
    expect(
      errorsOf({
        namespace: 'models',
        models: twoModels({ b: { autoscaling: { minScale: 5, maxScale: 2 } } }),
      }),
    ).toEqual([
      'models[1].autoscaling.maxScale: maxScale (2) is less than minScale (5); raise maxScale or lower minScale (0 means unlimited) (affects 2 versions of 1 model)',
    ]);
  });

  test('two levels that conflict are both named: the more specific one is the path', () => {
    expect(
      errorsOf({
        namespace: 'models',
        defaults: { autoscaling: { minScale: 5 } },
        models: twoModels({ b: { autoscaling: { maxScale: 2 } } }),
      }),
    ).toEqual([
      'models[1].autoscaling.maxScale: maxScale (2) is less than minScale (5); raise maxScale or lower minScale (0 means unlimited); minScale is set at defaults.autoscaling.minScale (affects 2 versions of 1 model)',
    ]);
    expect(
      errorsOf({
        namespace: 'models',
        defaults: { autoscaling: { maxScale: 2 } },
        models: twoModels({ a: { autoscaling: { minScale: 5 } } }),
      }),
    ).toEqual([
      'models[0].autoscaling.minScale: maxScale (2) is less than minScale (5); raise maxScale or lower minScale (0 means unlimited); maxScale is set at defaults.autoscaling.maxScale (affects 2 versions of 1 model)',
    ]);
  });

  test('panic threshold, burst capacity and scale-down delay at the level that wrote them', () => {
    expect(
      errorsOf({
        namespace: 'models',
        defaults: { profile: 'fast', autoscaling: { burstCapacity: -5 } },
        profiles: { fast: { placement: 'ecs', autoscaling: { panicThresholdPercent: 2000 } } },
        models: twoModels({ a: { autoscaling: { scaleDownDelay: '2h' } } }),
      }),
    ).toEqual([
      'profiles.fast.autoscaling.panicThresholdPercent: panicThresholdPercent 2000 is out of range; allowed: 110 to 1000 (affects 4 versions of 2 models)',
      "models[0].autoscaling.scaleDownDelay: scaleDownDelay '2h' is out of range; use 0s to 1h (affects 2 versions of 1 model)",
      'defaults.autoscaling.burstCapacity: burstCapacity -5 is out of range; allowed: at least 0 (or -1); -1 keeps the activator always in the request path (affects 4 versions of 2 models)',
    ]);
  });

  test("a profile's GPU placement without a GPU limit is reported at the profile's resources", () => {
    expect(
      errorsOf({
        namespace: 'aigc',
        profiles: {
          gpu: {
            resources: { cpu: '8', memory: '30Gi' },
            placement: { mode: 'gpu', instanceTypes: ['ecs.gn7i-c8g1.2xlarge'] },
          },
        },
        models: twoModels({ a: { profile: 'gpu' }, b: { profile: 'gpu' } }),
      }),
    ).toEqual([
      "profiles.gpu.resources: the GPU instance type 'ecs.gn7i-c8g1.2xlarge' needs a 'nvidia.com/gpu' limit on the container; set resources.gpu (e.g. 1) (affects 4 versions of 2 models)",
    ]);
  });

  test("a class's metric: at the metric when one level wrote both, at the override when another level changed the class", () => {
    expect(
      errorsOf({
        namespace: 'models',
        profiles: { p: { placement: 'ecs', autoscaling: { metric: 'cpu' } } },
        models: twoModels({ a: { profile: 'p' } }),
      }),
    ).toEqual([
      "profiles.p.autoscaling.metric: metric 'cpu' does not work with the KPA class; use 'concurrency' or 'rps', or the HPA class ('hpa.autoscaling.knative.dev') for cpu or memory (affects 2 versions of 1 model)",
    ]);
    expect(
      errorsOf({
        namespace: 'models',
        defaults: { placement: 'ecs', autoscaling: { class: 'hpa', metric: 'cpu' } },
        models: twoModels({ b: { autoscaling: { class: 'kpa' } } }),
      }),
    ).toEqual([
      "models[1].autoscaling.class: metric 'cpu' does not work with the KPA class; use 'concurrency' or 'rps', or the HPA class ('hpa.autoscaling.knative.dev') for cpu or memory; metric is set at defaults.autoscaling.metric (affects 2 versions of 1 model)",
    ]);
  });

  test("container settings are reported where they were written; a version's own value with no count", () => {
    expect(
      errorsOf({
        namespace: 'models',
        defaults: {
          placement: 'ecs',
          readiness: { path: '/healthz', periodSeconds: -3 },
          resources: { memory: 'lots' },
        },
        models: [
          {
            name: 'a',
            concurrency: -1,
            labels: { 'bad key!': 'x' },
            versions: [
              { name: 'v1', image: 'Registry/Bad Image', traffic: 50 },
              { name: 'v2', image: image('2'), traffic: 50, port: 8012 },
            ],
          },
        ],
      }),
    ).toEqual([
      "models[0].versions[0].image: image 'Registry/Bad Image' is not a valid image reference: use lower-case repository names, a tag of letters, digits, '_', '.', '-' or a digest 'sha256:<64 lower-case hex>'",
      'defaults.readiness.periodSeconds: readinessProbe periodSeconds -3 is out of range; allowed: 0 to 2147483647 (affects 2 versions of 1 model)',
      "defaults.resources.memory: requests.memory 'lots' is not a Kubernetes quantity; write it like '500m', '2', '4Gi' or '512Mi' (affects 2 versions of 1 model)",
      'models[0].concurrency: containerConcurrency -1 is out of range; allowed: 0 to 1000; 0 means unlimited; 1 gives one request per pod (affects 2 versions of 1 model)',
      "models[0].labels: label key 'bad key!' is not a qualified name: use an optional DNS subdomain prefix and '/', then at most 63 letters, digits, '-', '_' or '.' (affects 2 versions of 1 model)",
      'models[0].versions[1].port: port 8012 is reserved by Knative (8012, 8013, 8022, 9090, 9091, 8008); use another port such as 8080',
    ]);
  });

  test("ACK rules across levels: a reserve in a profile under a model's HPA class, mpa without concurrency", () => {
    expect(
      errorsOf({
        namespace: 'models',
        profiles: { warm: { placement: 'eci', reserve: { enabled: true } } },
        defaults: { profile: 'warm' },
        models: twoModels({ a: { autoscaling: { class: 'hpa', metric: 'cpu' } } }),
      }),
    ).toEqual([
      "models[0].autoscaling.class: reserved instances work with request-based scaling to zero, not the HPA class; use class 'kpa' or disable reserve; reserve is set at profiles.warm.reserve (affects 2 versions of 1 model)",
    ]);
    expect(
      errorsOf({
        namespace: 'models',
        defaults: { placement: 'ecs', autoscaling: { class: 'mpa' } },
        models: twoModels(),
      }),
    ).toEqual([
      "defaults.concurrency: class 'mpa' enforces a hard per-pod cap at the MSE gateway and needs containerConcurrency above 0; set concurrency (e.g. 1 for Stable Diffusion) (affects 4 versions of 2 models)",
    ]);
  });

  test('an unknown profile in defaults is one line, not one per version', () => {
    expect(
      errorsOf({ namespace: 'models', defaults: { profile: 'nope' }, models: twoModels() }),
    ).toEqual([
      "defaults.profile: profile 'nope' is not defined; known profiles: cpu-scoring, sd-gpu (affects 4 versions of 2 models)",
    ]);
  });
});

describe('an inherited minScale keeps only the versions that take traffic warm', () => {
  const catalog = {
    namespace: 'models',
    defaults: { placement: 'ecs' },
    models: [
      {
        name: 'm',
        autoscaling: { minScale: 1 },
        versions: [
          { name: 'v2', image: image('2'), traffic: 100 },
          { name: 'v1', image: image('1'), traffic: 0 },
          { name: 'v0', image: image('0'), traffic: 0, warm: true },
        ],
      },
    ],
  };

  test('a 0 % standby scales to zero; a warm one and the serving one keep the model minScale', () => {
    // WHEN
    const f = fleet(catalog);
    // THEN
    expect(annotationsOf(f, 'm', 'v2')['autoscaling.knative.dev/min-scale']).toBe('1');
    expect(annotationsOf(f, 'm', 'v1')['autoscaling.knative.dev/min-scale']).toBe('0');
    expect(annotationsOf(f, 'm', 'v0')['autoscaling.knative.dev/min-scale']).toBe('1');
    expect(f.model('m')?.resolvedVersions.map((v) => v.autoscaling?.minScale)).toEqual([1, 0, 1]);
    expect(f.warnings).toEqual([]);
  });

  test('the same holds for a minScale from the defaults or a profile', () => {
    const f = fleet({
      ...catalog,
      defaults: { placement: 'ecs', autoscaling: { minScale: 2 } },
      models: [{ ...catalog.models[0], autoscaling: undefined }],
    });
    expect(annotationsOf(f, 'm', 'v2')['autoscaling.knative.dev/min-scale']).toBe('2');
    expect(annotationsOf(f, 'm', 'v1')['autoscaling.knative.dev/min-scale']).toBe('0');
  });

  test("only a version's own minScale at 0 % without warm is an error", () => {
    expect(
      errorsOf({
        ...catalog,
        models: [
          {
            ...catalog.models[0],
            versions: [
              catalog.models[0].versions[0],
              { name: 'v1', image: image('1'), traffic: 0, autoscaling: { minScale: 2 } },
            ],
          },
        ],
      }),
    ).toEqual([
      'models[0].versions[1].autoscaling.minScale: minScale 2 keeps pods running for a version with 0 % traffic (its tag URL stays routable); set minScale 0 to scale it to zero, or warm: true to keep it as a standby',
    ]);
  });

  test('0 % versions under the HPA class keep one pod: one warning per model', () => {
    expect(
      warningsOf({
        ...catalog,
        models: [
          {
            ...catalog.models[0],
            autoscaling: { class: 'hpa', metric: 'cpu', target: 70 },
            versions: [
              { name: 'v3', image: image('3'), traffic: 100 },
              { name: 'v2', image: image('2'), traffic: 0 },
              { name: 'v1', image: image('1'), traffic: 0 },
            ],
          },
          {
            name: 'n',
            versions: [
              { name: 'v2', image: image('2'), traffic: 100, autoscaling: { class: 'hpa' } },
              { name: 'v1', image: image('1'), traffic: 0, autoscaling: { class: 'hpa' } },
            ],
          },
        ],
      }),
    ).toEqual([
      "models[0].versions: versions 'v2', 'v1' take 0 % of the traffic but keep one pod each: the HPA class (set at models[0].autoscaling.class) cannot scale to zero; use class 'kpa' to let them scale to zero, or retire them",
      "models[1].versions: version 'v1' takes 0 % of the traffic but keeps one pod: the HPA class (set at models[1].versions[1].autoscaling.class) cannot scale to zero; use class 'kpa' to let it scale to zero, or retire it",
    ]);
  });
});

describe('warnings: once per origin, only where the user wrote a value that has no effect', () => {
  test('a default that a model moves to the HPA class makes moot is not a warning', () => {
    expect(
      warningsOf({
        namespace: 'models',
        defaults: { placement: 'ecs', autoscaling: { utilization: 70, scaleDownDelay: '30s' } },
        models: twoModels({ b: { autoscaling: { class: 'hpa', metric: 'cpu', target: 70 } } }),
      }),
    ).toEqual([]);
  });

  test('a KPA setting written at or below the level that chose the HPA class is, once', () => {
    const f = fleet({
      namespace: 'models',
      defaults: { placement: 'ecs', autoscaling: { class: 'hpa', utilization: 70 } },
      models: twoModels({ b: { autoscaling: { scaleDownDelay: '30s' } } }),
    });
    expect(f.warnings.map(formatIssue)).toEqual([
      "defaults.autoscaling.utilization: utilization 70 has no effect under the HPA class; it only tunes the KPA, so remove it or use class 'kpa' (affects 4 versions of 2 models)",
      "models[1].autoscaling.scaleDownDelay: scaleDownDelay '30s' has no effect under the HPA class (class 'hpa' is set at defaults.autoscaling.class); it only tunes the KPA, so remove it or use class 'kpa' (affects 2 versions of 1 model)",
    ]);
    // the shape the CLI and deployments read
    expect(f.warnings[0]).toEqual({
      path: 'defaults.autoscaling.utilization',
      message:
        "utilization 70 has no effect under the HPA class; it only tunes the KPA, so remove it or use class 'kpa'",
      affects: { versions: 4, models: 2 },
    });
  });

  test('warm has an effect only at 0 % and with a minScale', () => {
    expect(
      warningsOf({
        namespace: 'models',
        defaults: { placement: 'ecs' },
        models: [
          {
            name: 'm',
            versions: [
              { name: 'v2', image: image('2'), traffic: 100, warm: true },
              { name: 'v1', image: image('1'), traffic: 0, warm: true },
            ],
          },
        ],
      }),
    ).toEqual([
      "models[0].versions[0].warm: warm has no effect on version 'v2', which takes 100 % of the traffic; it only keeps a 0 % version's pods, so remove it",
      "models[0].versions[1].warm: warm keeps no pods of version 'v1' while its minScale is 0; set autoscaling.minScale (e.g. 1) to keep a standby, or remove warm",
    ]);
  });

  test('the generated 500-model catalog has no warnings; a warm standby is what was meant', () => {
    expect(fleet(generateCatalog(500)).warnings).toEqual([]);
  });
});
