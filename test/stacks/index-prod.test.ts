import * as pulumi from '@pulumi/pulumi';
import { created, promiseOf } from '../mocks';
import { setRecordingMocks, settle, T } from '../cloud/harness';

setRecordingMocks();

test('the Pulumi program runs the prod stack from config passed as the engine does', async () => {
  // GIVEN
  pulumi.runtime.setAllConfig({
    'ack-serving:environment': 'prod',
    'alicloud:region': 'cn-hangzhou',
    'ack-serving:zones': JSON.stringify([
      { zoneId: 'cn-hangzhou-h', nodeCidr: '10.0.0.0/20', podCidr: '10.100.0.0/16' },
      { zoneId: 'cn-hangzhou-i', nodeCidr: '10.1.0.0/20', podCidr: '10.101.0.0/16' },
    ]),
    'ack-serving:steadyPool': '{"size":4}',
    'ack-serving:nodeKeyName': 'nodes',
    'ack-serving:observability': 'false',
    'ack-serving:acr': JSON.stringify({ config: { watchNamespace: 'models' } }),
  });
  const cwd = process.cwd();
  process.chdir(`${__dirname}/../..`);
  try {
    // WHEN
    const program = await import('../../stacks/index');
    await settle();
    // THEN
    expect(await promiseOf(program.clusterId!)).toBe('prod-cluster-ack-id');
    expect(created.find((r) => r.name === 'prod-steady-pool')?.inputs.desiredSize).toBe('4');
    // the catalog's models assume RAM roles, so ACK's pod identity webhook is installed too; the
    // ACR credential helper because `acr` is set
    expect(
      created
        .filter((r) => r.type === T.addon)
        .map((r) => r.name)
        .sort(),
    ).toEqual([
      'prod-acr-addon',
      'prod-eci-addon',
      'prod-knative-alb-controller',
      'prod-knative-knative',
      'prod-pod-identity-addon',
    ]);
    expect(program.eventsEndpoint).toBeUndefined();
  } finally {
    process.chdir(cwd);
  }
});
