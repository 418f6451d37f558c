import * as alicloud from '@pulumi/alicloud';
import * as pulumi from '@pulumi/pulumi';
import { checkAddonArgs } from './checks';
import { ADDON_NAMES } from './defaults';
import { childOptions } from './_util';
import { throwIfInvalid } from './errors';

export interface PodIdentityWebhookArgs {
  readonly clusterId: pulumi.Input<string>;
  /**
   * Addon name.
   * @default 'ack-pod-identity-webhook'
   */
  readonly addonName?: string;
  /** @default - the latest version */
  readonly version?: string;
}

/**
 * ACK's `ack-pod-identity-webhook` addon: in namespaces labelled
 * `pod-identity.alibabacloud.com/injection: on`, it gives each pod whose service account names a RAM
 * role (`pod-identity.alibabacloud.com/role-name`) the RRSA OIDC token and the env the Alibaba
 * Cloud SDKs read (https://www.alibabacloud.com/help/en/container-service-for-kubernetes/latest/ack-pod-identity-webhook).
 */
export class PodIdentityWebhook extends pulumi.ComponentResource {
  public readonly addon: alicloud.cs.KubernetesAddon;

  constructor(
    name: string,
    args: PodIdentityWebhookArgs,
    opts: pulumi.ComponentResourceOptions = {},
  ) {
    throwIfInvalid('PodIdentityWebhook', name, checkAddonArgs(args));
    super('ack-serving:cloud:PodIdentityWebhook', name, {}, opts);
    this.addon = new alicloud.cs.KubernetesAddon(
      `${name}-addon`,
      {
        clusterId: args.clusterId,
        name: args.addonName ?? ADDON_NAMES.podIdentityWebhook,
        version: args.version,
      },
      childOptions(this, opts),
    );
    this.registerOutputs({ addonName: this.addon.name });
  }
}
