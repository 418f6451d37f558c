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

test('ALB by default: the controller creates AlbConfig and IngressClass alb, and config-network gets the vSwitches', async () => {
  // GIVEN
  const k8s = await import('@pulumi/kubernetes');
  const { KnativeAddon } = await import('../../lib/cloud/knative-addon');
  const provider = new k8s.Provider('k8s', { kubeconfig: 'apiVersion: v1' });
  // WHEN
  const kn = new KnativeAddon('kn', {
    clusterId: 'c-1',
    zoneIds: ['cn-hangzhou-h', 'cn-hangzhou-i'],
    albVswitchIds: ['vsw-a', 'vsw-b'],
    provider,
  });
  await settle();
  // THEN the controller config asks for the default AlbConfig (so IngressClass 'alb' exists)
  expect(JSON.parse(inputsOf(T.addon)['kn-alb-controller'].config)).toEqual({
    albIngress: { CreateDefaultALBConfig: true, AddressType: 'Internet' },
  });
  // and Knative gets the ALB's vSwitches next to the ingress class, once the addon is in
  const patch = inputsOf(T.configMapPatch)['kn-config-network-alb'];
  expect(patch).toMatchObject({
    metadata: {
      name: 'config-network',
      namespace: 'knative-serving',
      annotations: { 'pulumi.com/patchForce': 'true' },
    },
    data: { 'vswitch-ids': 'vsw-a,vsw-b' },
  });
  expect(registration(T.configMapPatch, 'kn-config-network-alb').dependencies).toContain(
    urnOf({ type: T.addon, name: 'kn-knative' }),
  );
  expect(kn.albNetworkPatch).toBeDefined();
});

test('no config-network patch without a provider, and none for other gateways', async () => {
  const k8s = await import('@pulumi/kubernetes');
  const { KnativeAddon, KnativeGateway } = await import('../../lib/cloud/knative-addon');
  const provider = new k8s.Provider('k8s', { kubeconfig: 'apiVersion: v1' });
  new KnativeAddon('a', { clusterId: 'c-1', albVswitchIds: ['vsw-a', 'vsw-b'] });
  new KnativeAddon('m', {
    clusterId: 'c-1',
    gateway: KnativeGateway.mse(),
    albVswitchIds: ['vsw-a'],
    provider,
  });
  await settle();
  expect(inputsOf(T.configMapPatch)).toEqual({});
  // MSE keeps the addon's own defaults
  expect(inputsOf(T.addon)['m-mse-controller']).not.toHaveProperty('config');
});
