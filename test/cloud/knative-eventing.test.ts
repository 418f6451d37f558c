import { inputsOf, registration, resetAll, setRecordingMocks, settle, urnOf } from './harness';

setRecordingMocks(); // before the module under test is imported
beforeEach(resetAll);

const CONFIG_FILE = 'kubernetes:yaml/v2:ConfigFile';

test('installs the pinned upstream Eventing release in order: CRDs, core, channel, broker', async () => {
  // GIVEN
  const k8s = await import('@pulumi/kubernetes');
  const { KnativeEventing } = await import('../../lib/cloud/knative-eventing');
  const provider = new k8s.Provider('k8s', { kubeconfig: 'apiVersion: v1' });
  // WHEN
  new KnativeEventing('ev', { clusterId: 'c-1', provider });
  await settle();
  // THEN
  const base = 'https://github.com/knative/eventing/releases/download/knative-v1.23.0';
  const files = inputsOf(CONFIG_FILE);
  expect(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, v.file]))).toEqual({
    'ev-eventing-crds': `${base}/eventing-crds.yaml`,
    'ev-eventing-core': `${base}/eventing-core.yaml`,
    'ev-in-memory-channel': `${base}/in-memory-channel.yaml`,
    'ev-mt-channel-broker': `${base}/mt-channel-broker.yaml`,
  });
  const order = [
    'ev-eventing-crds',
    'ev-eventing-core',
    'ev-in-memory-channel',
    'ev-mt-channel-broker',
  ];
  for (let i = 1; i < order.length; i++) {
    expect(registration(CONFIG_FILE, order[i]).dependencies).toContain(
      urnOf({ type: CONFIG_FILE, name: order[i - 1] }),
    );
  }
  expect(registration(CONFIG_FILE, 'ev-eventing-core').provider).toContain('k8s');
});

test('installs an ACK addon instead when its name is given', async () => {
  const k8s = await import('@pulumi/kubernetes');
  const { KnativeEventing } = await import('../../lib/cloud/knative-eventing');
  const provider = new k8s.Provider('k8s', { kubeconfig: 'apiVersion: v1' });
  new KnativeEventing('ev', {
    clusterId: 'c-1',
    provider,
    installer: { kind: 'addon', addonName: 'knative-eventing' },
  });
  await settle();
  expect(inputsOf('alicloud:cs/kubernetesAddon:KubernetesAddon')['ev-addon']).toEqual({
    clusterId: 'c-1',
    name: 'knative-eventing',
  });
  expect(inputsOf(CONFIG_FILE)).toEqual({});
});

test('throws on a release that is not a Knative tag and on a bad addon name', async () => {
  const k8s = await import('@pulumi/kubernetes');
  const { KnativeEventing } = await import('../../lib/cloud/knative-eventing');
  const provider = new k8s.Provider('k8s', { kubeconfig: 'apiVersion: v1' });
  expect(
    () =>
      new KnativeEventing('ev', {
        clusterId: 'c-1',
        provider,
        installer: { kind: 'upstream', release: 'v0.50.0' },
      }),
  ).toThrow(
    "invalid arguments for KnativeEventing 'ev':\ninstaller.release: release 'v0.50.0' is not a Knative release tag such as 'knative-v1.23.0'",
  );
  expect(
    () =>
      new KnativeEventing('ev', {
        clusterId: 'c-1',
        provider,
        installer: { kind: 'addon', addonName: 'Knative Eventing' },
      }),
  ).toThrow(
    "invalid arguments for KnativeEventing 'ev':\ninstaller.addonName: addon name 'Knative Eventing' is not an ACK addon name; list the cluster's with cs.getKubernetesAddons",
  );
});
