import * as pulumi from '@pulumi/pulumi';

/** Every resource the program registered, in order, with the inputs it was given. */
export const created: pulumi.runtime.MockResourceArgs[] = [];
/** Every provider function (invoke) the program called. */
export const calls: pulumi.runtime.MockCallArgs[] = [];

/**
 * Installs Pulumi mocks that record inputs. Call it before importing the module under test.
 * `call` answers invokes with canned values where a real answer is needed (cluster credentials).
 */
export function setMocks(): void {
  pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        created.push(args);
        return { id: `${args.name}-id`, state: { ...args.inputs, ...mockOutputs(args) } };
      },
      call: (args) => {
        calls.push(args);
        if (args.token === 'alicloud:cs/getClusterCredential:getClusterCredential') {
          return {
            ...args.inputs,
            kubeConfig: 'apiVersion: v1\nkind: Config\n# mock kubeconfig',
            id: 'cred',
          };
        }
        return args.inputs;
      },
    },
    'ack-serving',
    'test',
    false,
  );
}

/** Outputs a real provider computes, so dependent resources see plausible values. */
function mockOutputs(args: pulumi.runtime.MockResourceArgs): Record<string, unknown> {
  switch (args.type) {
    case 'alicloud:vpc/natGateway:NatGateway':
      return { snatTableIds: `${args.name}-snat-table`, forwardTableIds: `${args.name}-fwd-table` };
    case 'alicloud:ecs/eipAddress:EipAddress':
      return { ipAddress: '203.0.113.10' };
    case 'alicloud:cs/managedKubernetes:ManagedKubernetes':
      // RRSA's OIDC provider, registered in RAM when enableRrsa is on
      return args.inputs.enableRrsa
        ? {
            rrsaMetadata: {
              enabled: true,
              ramOidcProviderArn: `acs:ram::1234567890123456:oidc-provider/ack-rrsa-${args.name}`,
              ramOidcProviderName: `ack-rrsa-${args.name}`,
              rrsaOidcIssuerUrl: `https://oidc-ack-cn-hangzhou.oss-cn-hangzhou.aliyuncs.com/${args.name}`,
            },
          }
        : {};
    default:
      return {};
  }
}

/** Resolves a Pulumi Output in a test. */
export function promiseOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise<T>((resolve) => output.apply(resolve));
}

/** Clears what was recorded, between tests. */
export function resetRecorded(): void {
  created.length = 0;
  calls.length = 0;
}
