import { ApiObject, App, Chart, Testing } from 'cdk8s';
import * as YAML from 'yaml';
import { HPA_CLASS } from '../../lib/knative/autoscaling';
import { KnativeConfiguration } from '../../lib/knative/knative-configuration';
import { KnativeRoute } from '../../lib/knative/knative-route';
import { KnativeService } from '../../lib/knative/knative-service';
import { ServingSettings } from '../../lib/knative/serving-settings';

const image = 'registry.example.com/risk/credit-score:1.0.0';

describe('KnativeService', () => {
  test('a minimal service renders only what is set', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN
    const svc = new KnativeService(chart, 'Minimal', {
      name: 'hello',
      template: { containers: [{ image }] },
    });
    // THEN
    const objs = Testing.synth(chart);
    expect(objs).toEqual([
      {
        apiVersion: 'serving.knative.dev/v1',
        kind: 'Service',
        metadata: { name: 'hello' },
        spec: {
          template: {
            metadata: {},
            spec: {
              containers: [
                {
                  image,
                  // hardened by default: what Knative's webhook warns about when unset
                  securityContext: {
                    allowPrivilegeEscalation: false,
                    capabilities: { drop: ['ALL'] },
                    runAsNonRoot: true,
                    seccompProfile: { type: 'RuntimeDefault' },
                  },
                },
              ],
            },
          },
        },
      },
    ]);
    expect(ApiObject.of(svc).kind).toBe('Service');
    expect(svc.addressRef).toEqual({
      apiVersion: 'serving.knative.dev/v1',
      kind: 'Service',
      name: 'hello',
    });
    expect(objs).toMatchSnapshot();
  });

  test('a GPU service with one request per pod and a long timeout', () => {
    const chart = Testing.chart();
    new KnativeService(chart, 'Gpu', {
      name: 'stable-diffusion',
      namespace: 'aigc',
      template: {
        containers: [
          {
            image: 'registry.example.com/aigc/sd:xl-1',
            port: 7860,
            resources: { limits: { cpu: '8', memory: '30Gi', 'nvidia.com/gpu': '1' } },
          },
        ],
        containerConcurrency: 1,
        timeoutSeconds: 600,
        autoscaling: { target: 1, utilization: 100, minScale: 0, maxScale: 10, burstCapacity: -1 },
        annotations: { 'k8s.aliyun.com/eci-use-specs': 'ecs.gn7i-c8g1.2xlarge' },
      },
    });
    const [svc] = Testing.synth(chart);
    expect(svc.spec.template.spec.containerConcurrency).toBe(1);
    expect(svc.spec.template.metadata.annotations['autoscaling.knative.dev/target']).toBe('1');
    expect(Testing.synth(chart)).toMatchSnapshot();
  });

  test('an HPA-class service scales on CPU', () => {
    const chart = Testing.chart();
    new KnativeService(chart, 'Hpa', {
      name: 'income-estimator',
      template: {
        containers: [{ image }],
        autoscaling: { class: HPA_CLASS, metric: 'cpu', target: 70, minScale: 1, maxScale: 10 },
      },
    });
    expect(Testing.synth(chart)).toMatchSnapshot();
  });

  test('pins the revision name to a hash that changes with the template', () => {
    const name = (img: string) => {
      const chart = Testing.chart();
      new KnativeService(chart, 'Pinned', {
        name: 'svc',
        template: { containers: [{ image: img }], pinRevisionName: true },
      });
      return Testing.synth(chart)[0].spec.template.metadata.name as string;
    };
    expect(name(image)).toMatch(/^svc-[0-9a-f]{10}$/);
    expect(name(image)).toBe(name(image));
    expect(name(`${image}-b`)).not.toBe(name(image));
  });

  test('throws every problem at once, each with its path', () => {
    const chart = Testing.chart();
    expect(
      () =>
        new KnativeService(chart, 'Bad', {
          name: 'Bad_Name',
          annotations: { 'autoscaling.knative.dev/min-scale': '1' },
          template: {
            containers: [{ image }],
            autoscaling: { window: '1s', minScale: 5, maxScale: 2 },
            containerConcurrency: 1001,
          },
          traffic: [{ percent: 50 }],
        }),
    ).toThrow(
      [
        "test/Bad.name: name 'Bad_Name' is not a DNS-1035 label: use lower-case letters, digits and '-', start with a letter and end with a letter or digit",
        "test/Bad.annotations[\"autoscaling.knative.dev/min-scale\"]: autoscaling annotation 'autoscaling.knative.dev/min-scale' does nothing on the object's metadata; set it in the template's autoscaling options",
        'test/Bad.template.containerConcurrency: containerConcurrency 1001 is out of range; allowed: 0 to 1000; 0 means unlimited; 1 gives one request per pod',
        "test/Bad.template.autoscaling.window: window '1s' is out of range; use 6s to 1h",
        'test/Bad.template.autoscaling.maxScale: maxScale (2) is less than minScale (5); raise maxScale or lower minScale (0 means unlimited)',
        'test/Bad.traffic: traffic percents sum to 50; they must sum to exactly 100',
      ].join('\n'),
    );
  });

  test('throws when a gated pod field is used on a cluster that does not enable it', () => {
    const chart = Testing.chart();
    expect(
      () =>
        new KnativeService(chart, 'Eci', {
          name: 'eci',
          template: { containers: [{ image }], nodeSelector: { type: 'virtual-kubelet' } },
        }),
    ).toThrow(
      "test/Eci.template.nodeSelector: 'nodeSelector' needs the Knative feature flag 'kubernetes.podspec-nodeselector' set to 'enabled' or 'allowed' in config-features; enable it in ServingSettings or remove the field",
    );
  });

  test('with ServingSettings deriving flags, the gated field passes and the flag is rendered', () => {
    const app = new App();
    const platform = new Chart(app, 'platform');
    const settings = new ServingSettings(platform, 'settings', { enableFeaturesInUse: true });
    const chart = new Chart(app, 'models');
    new KnativeService(chart, 'Eci', {
      name: 'eci',
      template: { containers: [{ image }], nodeSelector: { type: 'virtual-kubelet' } },
    });
    expect(settings.featuresInUse()).toEqual({ 'kubernetes.podspec-nodeselector': 'enabled' });
  });

  test('rejects a tagged host longer than DNS allows', () => {
    const chart = Testing.chart();
    const name = 'a'.repeat(60);
    expect(
      () =>
        new KnativeService(chart, 'Long', {
          name,
          template: { containers: [{ image }] },
          traffic: [{ latestRevision: true, percent: 100, tag: 'canary' }],
        }),
    ).toThrow(
      `test/Long.traffic[0].tag: tag 'canary' gives the host 'canary-${name}.default.svc.cluster.local', whose label 'canary-${name}' is 67 characters; DNS allows 63, so shorten the tag or the route name`,
    );
  });

  test('refers to an existing service by name', () => {
    expect(KnativeService.fromServiceName('legacy', 'models').addressRef).toEqual({
      apiVersion: 'serving.knative.dev/v1',
      kind: 'Service',
      name: 'legacy',
      namespace: 'models',
    });
  });
});

describe('KnativeConfiguration and KnativeRoute', () => {
  test('a model with three versions: a Configuration each and a Route with tags and latest', () => {
    // GIVEN
    const chart = Testing.chart();
    const versions = [
      ['v1', 0],
      ['v2', 90],
      ['v3', 10],
    ] as const;
    // WHEN
    for (const [v] of versions) {
      new KnativeConfiguration(chart, v, {
        name: `credit-score-${v}`,
        namespace: 'models',
        template: {
          containers: [{ image: `registry.example.com/risk/credit-score:${v}` }],
          autoscaling: { minScale: 0 },
        },
      });
    }
    const route = new KnativeRoute(chart, 'Route', {
      name: 'credit-score',
      namespace: 'models',
      traffic: [
        ...versions.map(([v, percent]) => ({
          configurationName: `credit-score-${v}`,
          tag: v,
          percent,
        })),
        { configurationName: 'credit-score-v3', tag: 'latest', percent: 0 },
      ],
    });
    // THEN
    const objs = Testing.synth(chart);
    expect(objs.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'Configuration/credit-score-v1',
      'Configuration/credit-score-v2',
      'Configuration/credit-score-v3',
      'Route/credit-score',
    ]);
    expect(route.addressRef.kind).toBe('Route');
    expect(objs).toMatchSnapshot();
  });

  test('a Route throws on a traffic split that does not sum to 100', () => {
    const chart = Testing.chart();
    expect(
      () =>
        new KnativeRoute(chart, 'R', {
          name: 'r',
          traffic: [{ configurationName: 'a', percent: 40 }],
        }),
    ).toThrow('test/R.traffic: traffic percents sum to 40; they must sum to exactly 100');
  });
});

describe('determinism', () => {
  test('synthesizing the same app twice gives byte-identical YAML', () => {
    const build = () => {
      const chart = Testing.chart();
      new KnativeService(chart, 'Svc', {
        name: 'svc',
        template: {
          containers: [{ image, env: { B: '2', A: '1' } }],
          labels: { z: '1', a: '2' },
          autoscaling: { target: 10, window: '60s' },
          pinRevisionName: true,
        },
      });
      return Testing.synth(chart)
        .map((o) => YAML.stringify(o))
        .join('---\n');
    };
    expect(build()).toBe(build());
  });
});
