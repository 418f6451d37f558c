import { ApiObject, Testing } from 'cdk8s';
import { Placement } from '../../lib/ack/placement';
import { ModelService } from '../../lib/models/model-service';

const v1 = { name: 'v1', image: 'registry.example.com/risk/credit-score:1.0.0', traffic: 100 };

describe('ModelService', () => {
  test('names objects after the model and version', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN
    const model = new ModelService(chart, 'CreditScore', {
      name: 'credit-score',
      versions: [v1],
      placement: 'ecs',
    });
    // THEN
    const objs = Testing.synth(chart);
    expect(objs.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'Configuration/credit-score-v1',
      'Route/credit-score',
    ]);
    expect(ApiObject.of(model).kind).toEqual('Route');
    expect(model.addressRef).toEqual({
      apiVersion: 'serving.knative.dev/v1',
      kind: 'Route',
      name: 'credit-score',
    });
    expect(objs).toMatchSnapshot();
  });

  test('tags every version, points latest at the chosen one and keeps 0 % versions routable', () => {
    const chart = Testing.chart();
    const model = new ModelService(chart, 'm', {
      name: 'credit-score',
      namespace: 'models',
      placement: 'ecs',
      latest: 'v3',
      versions: [
        { name: 'v2', image: 'registry.example.com/r/cs:2', traffic: 90 },
        { name: 'v3', image: 'registry.example.com/r/cs:3', traffic: 10 },
        { name: 'v1', image: 'registry.example.com/r/cs:1', traffic: 0 },
      ],
    });
    const route = Testing.synth(chart).find((o) => o.kind === 'Route');
    expect(route.spec.traffic).toEqual([
      { configurationName: 'credit-score-v2', tag: 'v2', latestRevision: true, percent: 90 },
      { configurationName: 'credit-score-v3', tag: 'v3', latestRevision: true, percent: 10 },
      { configurationName: 'credit-score-v1', tag: 'v1', latestRevision: true, percent: 0 },
      { configurationName: 'credit-score-v3', tag: 'latest', latestRevision: true, percent: 0 },
    ]);
    expect(model.host('latest')).toBe('latest-credit-score.models.svc.cluster.local');
    expect(model.host()).toBe('credit-score.models.svc.cluster.local');
  });

  test('latest defaults to the version with the most traffic', () => {
    const chart = Testing.chart();
    const model = new ModelService(chart, 'm', {
      name: 'm',
      placement: 'ecs',
      versions: [
        { ...v1, name: 'a', traffic: 30 },
        { ...v1, name: 'b', traffic: 70 },
      ],
    });
    expect(model.latest).toBe('b');
  });

  test('a version setting wins over the model setting; maps merge key by key', () => {
    const chart = Testing.chart();
    new ModelService(chart, 'm', {
      name: 'm',
      placement: 'ecs',
      autoscaling: { target: 10, maxScale: 50 },
      env: { A: '1', B: '1' },
      versions: [{ ...v1, autoscaling: { maxScale: 5 }, env: { B: '2' } }],
    });
    const cfg = Testing.synth(chart)[0];
    expect(cfg.spec.template.metadata.annotations).toMatchObject({
      'autoscaling.knative.dev/target': '10',
      'autoscaling.knative.dev/max-scale': '5',
    });
    expect(cfg.spec.template.spec.containers[0].env).toEqual([
      { name: 'A', value: '1' },
      { name: 'B', value: '2' },
    ]);
  });

  test('ECS-then-ECI placement adds a ResourcePolicy selecting the version', () => {
    const chart = Testing.chart();
    new ModelService(chart, 'm', {
      name: 'm',
      versions: [v1],
      placement: Placement.ecsThenEci({ ecs: { max: 4 } }),
    });
    const rp = Testing.synth(chart).find((o) => o.kind === 'ResourcePolicy');
    expect(rp.metadata.name).toBe('m-v1');
    expect(rp.spec.selector).toEqual({
      'ack-serving.io/model': 'm',
      'ack-serving.io/version': 'v1',
    });
    expect(rp.spec.units).toEqual([
      { resource: 'ecs', nodeSelector: { 'ack-serving.io/pool': 'steady' }, max: 4 },
      { resource: 'eci' },
    ]);
  });

  test('throws when minScale keeps pods for a version at 0 % unless it is a warm standby', () => {
    const chart = Testing.chart();
    const versions = [
      v1,
      { name: 'v0', image: v1.image, traffic: 0, autoscaling: { minScale: 2 } },
    ];
    expect(() => new ModelService(chart, 'a', { name: 'a', placement: 'ecs', versions })).toThrow(
      'test/a.versions[1].autoscaling.minScale: minScale 2 keeps pods running for a version with 0 % traffic (its tag URL stays routable); set minScale 0 to scale it to zero, or warm: true to keep it as a standby',
    );
    expect(
      () =>
        new ModelService(chart, 'b', {
          name: 'b',
          placement: 'ecs',
          versions: [v1, { ...versions[1], warm: true }],
        }),
    ).not.toThrow();
  });

  test("a model's minScale keeps the versions that take traffic warm; a 0 % version scales to zero", () => {
    // GIVEN a model that keeps its serving version warm, and an older standby at 0 %
    const chart = Testing.chart();
    // WHEN
    const model = new ModelService(chart, 'm', {
      name: 'm',
      placement: 'ecs',
      autoscaling: { minScale: 1 },
      versions: [v1, { name: 'v0', image: v1.image, traffic: 0 }],
    });
    // THEN
    const minScale = Testing.synth(chart)
      .filter((o) => o.kind === 'Configuration')
      .map((o) => o.spec.template.metadata.annotations['autoscaling.knative.dev/min-scale']);
    expect(minScale).toEqual(['1', '0']);
    expect(model.warnings).toEqual([]);
  });

  test('warnings name the props that have no effect, once for the versions they reach', () => {
    const chart = Testing.chart();
    const model = new ModelService(chart, 'm', {
      name: 'm',
      placement: 'ecs',
      autoscaling: { class: 'hpa', metric: 'cpu', utilization: 60 },
      versions: [
        { ...v1, traffic: 50 },
        { ...v1, name: 'v2', traffic: 50 },
      ],
    });
    expect(model.warnings).toEqual([
      {
        path: 'test/m.autoscaling.utilization',
        message:
          "utilization 60 has no effect under the HPA class; it only tunes the KPA, so remove it or use class 'kpa'",
        affects: { versions: 2, models: 1 },
      },
    ]);
  });

  test('throws every model-level problem at once', () => {
    const chart = Testing.chart();
    expect(
      () =>
        new ModelService(chart, 'bad', {
          name: 'bad',
          placement: 'ecs',
          latest: 'v9',
          retired: ['v1'],
          versions: [
            { ...v1, traffic: 60 },
            { ...v1, traffic: 30 },
            { ...v1, name: 'latest', traffic: 0 },
          ],
        }),
    ).toThrow(
      [
        "test/bad.versions[1].name: version 'v1' is already declared at versions[0]; version names must be unique",
        "test/bad.versions[2].name: version name 'latest' is reserved for the latest tag; name versions like 'v3'",
        'test/bad.versions: traffic over the versions sums to 90; it must be exactly 100',
        "test/bad.latest: latest 'v9' is not one of the versions (v1, v1, latest)",
        "test/bad.retired[0]: version 'v1' is listed as retired but is still declared at versions[1]; remove one of them",
      ].join('\n'),
    );
  });

  test('rejects the ACK classes on upstream Knative with a reason, accepts them on ACK', () => {
    const chart = Testing.chart();
    const props = {
      placement: 'ecs' as const,
      concurrency: 1,
      autoscaling: { class: 'mpa' as const },
      versions: [v1],
    };
    expect(
      () => new ModelService(chart, 'u', { ...props, name: 'u', distribution: 'upstream' }),
    ).toThrow(
      "test/u.autoscaling.class: class 'mpa' exists only in ACK's Knative; upstream Knative rejects 'mpa.autoscaling.knative.dev'. Use 'kpa' or 'hpa', or set distribution: ack",
    );
    new ModelService(chart, 'a', { ...props, name: 'a' });
    const cfg = Testing.synth(chart).find((o) => o.metadata.name === 'a-v1');
    expect(cfg.spec.template.metadata.annotations['autoscaling.knative.dev/class']).toBe(
      'mpa.autoscaling.knative.dev',
    );
  });

  test('AHPA versions get a template and the linking annotation', () => {
    const chart = Testing.chart();
    new ModelService(chart, 'p', {
      name: 'p',
      placement: 'ecs',
      autoscaling: { class: 'ahpa', metric: 'rps', target: 10 },
      ahpa: { targetUtilization: 10, minReplicas: 0, maxReplicas: 30 },
      versions: [v1],
    });
    const objs = Testing.synth(chart);
    expect(objs.map((o) => o.kind)).toEqual([
      'Configuration',
      'AdvancedHorizontalPodAutoscalerTemplate',
      'Route',
    ]);
    expect(
      objs[0].spec.template.metadata.annotations['autoscaling.alibabacloud.com/ahpa-template'],
    ).toBe('p-v1');
  });
});
