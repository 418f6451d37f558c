import { App, Chart } from 'cdk8s';
import { ModelFleet } from '../../lib/models/model-fleet';
import { mergeWorkload } from '../../lib/models/merge';
import { errorsOf, fleet, image } from './fleet-helpers';

const versionOf = (f: ModelFleet, model: string, version: string) =>
  f.modelCharts[f.models.findIndex((m) => m.name === model)]
    .toJson()
    .find((o: any) => o.metadata.name === `${model}-${version}`);

describe('catalog merging', () => {
  test('maps merge key by key and lists replace', () => {
    expect(
      mergeWorkload(
        { autoscaling: { target: 10, maxScale: 20 }, args: ['--a'], env: { A: '1' } },
        { autoscaling: { maxScale: 50 }, args: ['--b'] },
        { env: { B: '2' } },
      ),
    ).toEqual({
      autoscaling: { target: 10, maxScale: 50 },
      args: ['--b'],
      env: { A: '1', B: '2' },
    });
  });

  test('placement objects of the same mode merge; a mode name replaces', () => {
    expect(
      mergeWorkload(
        { placement: { mode: 'eci', spot: 'SpotAsPriceGo' } },
        { placement: { mode: 'eci', instanceTypes: ['2-4Gi'] } },
      ).placement,
    ).toEqual({
      mode: 'eci',
      spot: 'SpotAsPriceGo',
      instanceTypes: ['2-4Gi'],
    });
    expect(
      mergeWorkload({ placement: { mode: 'eci', spot: 'SpotAsPriceGo' } }, { placement: 'ecs' })
        .placement,
    ).toBe('ecs');
  });

  test('defaults -> profile -> model -> version, each level winning', () => {
    const f = fleet({
      namespace: 'models',
      defaults: {
        profile: 'p',
        autoscaling: { target: 1, maxScale: 1, minScale: 0, window: '30s' },
      },
      profiles: {
        p: { placement: 'ecs', autoscaling: { target: 2, maxScale: 2 }, concurrency: 4 },
      },
      models: [
        {
          name: 'm',
          autoscaling: { maxScale: 3 },
          versions: [
            { name: 'v1', image: image('1'), traffic: 100, autoscaling: { window: '90s' } },
          ],
        },
      ],
    });
    const cfg = versionOf(f, 'm', 'v1');
    expect(cfg.spec.template.metadata.annotations).toMatchObject({
      'autoscaling.knative.dev/target': '2',
      'autoscaling.knative.dev/max-scale': '3',
      'autoscaling.knative.dev/window': '90s',
      'autoscaling.knative.dev/min-scale': '0',
    });
    expect(cfg.spec.template.spec.containerConcurrency).toBe(4);
  });

  test('built-in profiles ship with the library; a catalog profile of the same name replaces one', () => {
    const f = fleet({
      namespace: 'aigc',
      models: [
        {
          name: 'sd',
          profile: 'sd-gpu',
          versions: [{ name: 'v1', image: 'registry.example.com/aigc/sd:1', traffic: 100 }],
        },
      ],
    });
    const spec = versionOf(f, 'sd', 'v1').spec.template;
    expect(spec.spec.containerConcurrency).toBe(1);
    expect(spec.spec.timeoutSeconds).toBe(600);
    expect(spec.spec.containers[0].resources.limits['nvidia.com/gpu']).toBe('1');
    expect(spec.metadata.annotations['autoscaling.knative.dev/target']).toBe('1');
    expect(spec.metadata.annotations['k8s.aliyun.com/eci-use-specs']).toBe('ecs.gn7i-c8g1.2xlarge');
    expect(spec.metadata.annotations['knative.aliyun.com/reserve-instance']).toBe('enable');
    const custom = fleet({
      namespace: 'aigc',
      profiles: { 'sd-gpu': { placement: 'ecs', concurrency: 2 } },
      models: [
        {
          name: 'sd',
          profile: 'sd-gpu',
          versions: [{ name: 'v1', image: 'registry.example.com/aigc/sd:1', traffic: 100 }],
        },
      ],
    });
    expect(versionOf(custom, 'sd', 'v1').spec.template.spec.containerConcurrency).toBe(2);
  });

  test('derives exactly the feature flags the fleet uses', () => {
    const f = fleet({
      namespace: 'models',
      models: [
        {
          name: 'a',
          placement: 'eci',
          versions: [{ name: 'v1', image: image('1'), traffic: 100 }],
        },
        {
          name: 'b',
          placement: 'ecs',
          versions: [{ name: 'v1', image: image('1'), traffic: 100 }],
        },
      ],
    });
    expect(f.settings.featuresInUse()).toEqual({
      'kubernetes.podspec-nodeselector': 'enabled',
      'kubernetes.podspec-tolerations': 'enabled',
    });
  });

  test('can be built from code into any scope', () => {
    const app = new App();
    const parent = new Chart(app, 'parent');
    const f = new ModelFleet(parent, 'fleet', {
      catalog: {
        namespace: 'n',
        models: [
          {
            name: 'm',
            placement: 'ecs',
            versions: [{ name: 'v1', image: image('1'), traffic: 100 }],
          },
        ],
      },
    });
    expect(f.model('m')?.latest).toBe('v1');
  });
});

describe('catalog errors', () => {
  test('one catalog with ten different mistakes reports all ten with their catalog paths', () => {
    const errors = errorsOf({
      namespace: 'models',
      models: [
        {
          name: 'credit-score',
          latest: 'v9', // 1
          versions: [
            { name: 'v1', image: image('1'), traffic: 40, autoscaling: { window: '1s' } }, // 2
            { name: 'v2', image: 'Registry/Bad Image', traffic: 40 }, // 3 (and sum 90: 4)
            { name: 'v3', image: image('3'), traffic: 10, concurrency: 5000, port: 8012 }, // 5, 6
          ],
        },
        {
          name: 'Fraud_Detect', // 7
          versions: [
            {
              name: 'v1',
              image: image('1'),
              traffic: 100,
              autoscaling: { class: 'hpa', metric: 'cpu' },
              reserve: { enabled: true },
              placement: 'eci',
            },
          ], // 8
        },
        {
          name: 'limit-advisor',
          profile: 'no-such-profile', // 9
          versions: [{ name: 'v1', image: image('1'), traffic: 100 }],
        },
        {
          name: 'collections',
          versions: [
            {
              name: 'v1',
              image: image('1'),
              traffic: 100,
              placement: { mode: 'gpu', instanceTypes: ['ecs.gn7i-c8g1.2xlarge'] },
            },
          ], // 10
        },
      ],
    });
    expect(errors).toEqual([
      'models[0].versions: traffic over the versions sums to 90; it must be exactly 100',
      "models[0].latest: latest 'v9' is not one of the versions (v1, v2, v3)",
      "models[0].versions[0].autoscaling.window: window '1s' is out of range; use 6s to 1h",
      "models[0].versions[1].image: image 'Registry/Bad Image' is not a valid image reference: use lower-case repository names, a tag of letters, digits, '_', '.', '-' or a digest 'sha256:<64 lower-case hex>'",
      'models[0].versions[2].port: port 8012 is reserved by Knative (8012, 8013, 8022, 9090, 9091, 8008); use another port such as 8080',
      'models[0].versions[2].concurrency: containerConcurrency 5000 is out of range; allowed: 0 to 1000; 0 means unlimited; 1 gives one request per pod',
      "models[1].name: model name 'Fraud_Detect' is not a DNS-1035 label: use lower-case letters, digits and '-', start with a letter and end with a letter or digit",
      "models[1].versions[0].reserve: reserved instances work with request-based scaling to zero, not the HPA class; use class 'kpa' or disable reserve",
      "models[2].profile: profile 'no-such-profile' is not defined; known profiles: cpu-scoring, sd-gpu",
      "models[3].versions[0].resources: the GPU instance type 'ecs.gn7i-c8g1.2xlarge' needs a 'nvidia.com/gpu' limit on the container; set resources.gpu (e.g. 1)",
    ]);
  });

  test('structural mistakes name the field and what is allowed', () => {
    expect(
      errorsOf({
        namespace: 'models',
        models: [
          {
            name: 'm',
            versions: [
              {
                name: 'v1',
                image: image('1'),
                traffic: '100',
                autoscaling: { windw: '60s', class: 'keda' },
              },
            ],
          },
          { name: 'n', placement: 'somewhere', versions: [{ name: 'v1' }] },
        ],
      }),
    ).toEqual([
      "models[0].versions[0].autoscaling.windw: unknown field 'windw'; allowed fields here: class, metric, target, utilization, window, panicWindowPercent, panicThresholdPercent, minScale, maxScale, initialScale, activationScale, scaleDownDelay, retention, burstCapacity, aggregationAlgorithm",
      "models[0].versions[0].autoscaling.class: class 'keda' is not one of: kpa, hpa, mpa, ahpa",
      "models[0].versions[0].traffic: traffic '100' must be a number",
      "models[1].placement: placement 'somewhere' is not a placement; use one of ecs, eci, ecs-then-eci, gpu, or an object with 'mode'",
      "models[1].versions[0].image: 'image' is required",
    ]);
  });

  test('duplicate model names are reported at the second one', () => {
    const v = [{ name: 'v1', image: image('1'), traffic: 100 }];
    expect(
      errorsOf({
        namespace: 'models',
        models: [
          { name: 'm', placement: 'ecs', versions: v },
          { name: 'm', placement: 'ecs', versions: v },
        ],
      }),
    ).toEqual([
      "models[1].name: model 'm' is already declared at models[0]; model names must be unique in a namespace",
    ]);
  });
});
