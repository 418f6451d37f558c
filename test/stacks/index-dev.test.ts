import * as pulumi from '@pulumi/pulumi';
import { created } from '../mocks';
import { isSecretValue, registration, setRecordingMocks, settle, T } from '../cloud/harness';

setRecordingMocks();

test('the Pulumi program runs the dev stack from config, with the kubeconfig as a secret', async () => {
  // GIVEN the config the engine passes (structured values as JSON text, the secret decrypted)
  pulumi.runtime.setAllConfig(
    {
      'ack-serving:environment': 'dev',
      'ack-serving:catalog': 'examples/credit-risk-fleet/catalog.yaml',
      'ack-serving:kubeconfig': 'apiVersion: v1\nkind: Config\n# dev',
    },
    ['ack-serving:kubeconfig'],
  );
  const cwd = process.cwd();
  process.chdir(`${__dirname}/../..`);
  try {
    // WHEN
    const program = await import('../../stacks/index');
    await settle();
    // THEN
    expect(created.filter((r) => r.type.startsWith('alicloud:'))).toEqual([]);
    expect(isSecretValue(registration(T.k8sProvider, 'dev-k8s').rawInputs.kubeconfig)).toBe(true);
    expect(program.environment).toEqual({
      gateway: 'kourier',
      ingressClass: 'kourier.ingress.networking.knative.dev',
      distribution: 'upstream',
    });
    expect(program.clusterId).toBeUndefined();
  } finally {
    process.chdir(cwd);
  }
});
