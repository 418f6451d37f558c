import * as pulumi from '@pulumi/pulumi';
import { App } from 'cdk8s';
import { resetAll, setRecordingMocks, settle } from '../cloud/harness';

setRecordingMocks(); // before the module under test is imported
beforeEach(resetAll);
afterEach(() => jest.restoreAllMocks());

const image = (v: string) => `registry.example.com/risk/income@sha256:${v.repeat(64)}`;
/** A fleet whose defaults set a KPA-only value under the HPA class: one warning for two versions. */
const catalog = {
  namespace: 'models',
  defaults: { placement: 'ecs', autoscaling: { class: 'hpa', metric: 'cpu', utilization: 70 } },
  models: [
    {
      name: 'income',
      versions: [
        { name: 'v1', image: image('a'), traffic: 50 },
        { name: 'v2', image: image('b'), traffic: 50 },
      ],
    },
  ],
};
const WARNING =
  "defaults.autoscaling.utilization: utilization 70 has no effect under the HPA class; it only tunes the KPA, so remove it or use class 'kpa' (affects 2 versions of 1 model)";

test('ChartRelease logs the fleet warnings through Pulumi, once each', async () => {
  // GIVEN
  const warn = jest.spyOn(pulumi.log, 'warn').mockResolvedValue();
  const { ChartRelease } = await import('../../lib/deploy/chart-release');
  const { ModelFleet } = await import('../../lib/models/model-fleet');
  const { formatIssue } = await import('../../lib/validation');
  // WHEN
  const release = new ChartRelease('fleet', {
    build: (app: App) => void new ModelFleet(app, 'fleet', { catalog }),
  });
  await settle();
  // THEN
  expect(release.warnings.map(formatIssue)).toEqual([WARNING]);
  expect(warn.mock.calls).toEqual([[WARNING, release]]);
});

test('ChartRelease finds the warnings of the model charts it is given', async () => {
  const warn = jest.spyOn(pulumi.log, 'warn').mockResolvedValue();
  const { ChartRelease } = await import('../../lib/deploy/chart-release');
  const { ModelFleet } = await import('../../lib/models/model-fleet');
  const fleet = new ModelFleet(new App(), 'fleet', { catalog });
  const release = new ChartRelease('models', { charts: fleet.modelCharts });
  await settle();
  expect(warn.mock.calls.map((c) => c[0])).toEqual([WARNING]);
  expect(release.warnings).toEqual(fleet.warnings);
});

test('ServingPlatform logs the Kubernetes side warnings through Pulumi (and its release does not repeat them)', async () => {
  // GIVEN
  const warn = jest.spyOn(pulumi.log, 'warn').mockResolvedValue();
  const { ServingPlatform } = await import('../../lib/deploy/serving-platform');
  const { ModelFleet } = await import('../../lib/models/model-fleet');
  // WHEN
  const platform = new ServingPlatform('dev', {
    existingCluster: { kubeconfig: 'apiVersion: v1\nkind: Config\n# dev' },
    kubernetes: {
      build: (app: App, context) =>
        void new ModelFleet(app, 'fleet', { catalog, distribution: context.distribution }),
    },
  });
  await settle();
  // THEN
  expect(warn.mock.calls).toEqual([[WARNING, platform]]);
  expect(platform.release.warnings).toEqual([]);
});
