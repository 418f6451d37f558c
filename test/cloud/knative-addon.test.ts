import { inputsOf, registration, resetAll, setRecordingMocks, settle, T, urnOf } from './harness';

setRecordingMocks(); // before the module under test is imported
beforeEach(resetAll);

test('gateways carry their ingress class and controller addon', async () => {
  const { KnativeGateway } = await import('../../lib/cloud/knative-addon');
  const summary = (g: import('../../lib/cloud/knative-addon').KnativeGateway) => [
    g.kind,
    g.ingressClass,
    g.controllerAddon,
    g.minZones,
  ];
  expect(summary(KnativeGateway.alb())).toEqual([
    'alb',
    'alb.ingress.networking.knative.dev',
    'alb-ingress-controller',
    2,
  ]);
  expect(summary(KnativeGateway.mse())).toEqual([
    'mse',
    'mse.ingress.networking.knative.dev',
    'mse-ingress-controller',
    1,
  ]);
  expect(summary(KnativeGateway.asm())).toEqual([
    'asm',
    'istio.ingress.networking.knative.dev',
    undefined,
    1,
  ]);
  expect(summary(KnativeGateway.kourier())).toEqual([
    'kourier',
    'kourier.ingress.networking.knative.dev',
    undefined,
    1,
  ]);
  // unconfirmed values are settings
  expect(KnativeGateway.asm({ ingressClass: 'asm.ingress.example' }).ingressClass).toBe(
    'asm.ingress.example',
  );
});

test('installs the ALB controller, then the knative addon after it', async () => {
  // GIVEN
  const { KnativeAddon, KnativeGateway } = await import('../../lib/cloud/knative-addon');
  // WHEN
  const kn = new KnativeAddon('kn', {
    clusterId: 'c-1',
    gateway: KnativeGateway.alb({
      controllerConfig: { albIngress: { CreateDefaultALBConfig: false } },
    }),
    zoneIds: ['cn-hangzhou-h', 'cn-hangzhou-i'],
  });
  await settle();
  // THEN
  const addons = inputsOf(T.addon);
  expect(addons['kn-alb-controller']).toEqual({
    clusterId: 'c-1',
    name: 'alb-ingress-controller',
    config: '{"albIngress":{"CreateDefaultALBConfig":false}}',
  });
  expect(addons['kn-knative']).toEqual({ clusterId: 'c-1', name: 'knative' });
  const knative = registration(T.addon, 'kn-knative');
  expect(knative.dependencies).toContain(urnOf({ type: T.addon, name: 'kn-alb-controller' }));
  expect(knative.parent).toBe(urnOf({ type: 'ack-serving:cloud:KnativeAddon', name: 'kn' }));
  expect(kn.ingressClass).toBe('alb.ingress.networking.knative.dev');
});

test('Kourier and ASM install no controller addon; the addon name is a setting', async () => {
  const { KnativeAddon, KnativeGateway } = await import('../../lib/cloud/knative-addon');
  new KnativeAddon('kn', {
    clusterId: 'c-1',
    gateway: KnativeGateway.kourier(),
    addonName: 'ack-knative',
    version: '1.15.3',
  });
  await settle();
  expect(Object.keys(inputsOf(T.addon))).toEqual(['kn-knative']);
  expect(inputsOf(T.addon)['kn-knative']).toEqual({
    clusterId: 'c-1',
    name: 'ack-knative',
    version: '1.15.3',
  });
});

test('throws when ALB has one zone', async () => {
  const { KnativeAddon, KnativeGateway } = await import('../../lib/cloud/knative-addon');
  expect(
    () =>
      new KnativeAddon('kn', {
        clusterId: 'c',
        gateway: KnativeGateway.alb(),
        zoneIds: ['cn-hangzhou-h'],
      }),
  ).toThrow(
    "invalid arguments for KnativeAddon 'kn':\ngateway: the ALB gateway needs vSwitches in at least 2 zones, got 1; add a zone or choose another gateway",
  );
});
