import * as alicloud from '@pulumi/alicloud';
import * as pulumi from '@pulumi/pulumi';
import { checkAddonArgs } from './checks';
import { ADDON_NAMES } from './defaults';
import { childOptions } from './_util';
import { throwIfInvalid } from './errors';

export interface AcrCredentialHelperArgs {
  readonly clusterId: pulumi.Input<string>;
  /**
   * Addon name.
   * @default 'aliyun-acr-credential-helper'
   */
  readonly addonName?: string;
  /** @default - the latest version */
  readonly version?: string;
  /**
   * Addon configuration: the ACR Enterprise Edition instances and the service accounts the
   * temporary pull secret is attached to. The keys are the addon's own (see docs/cloud.md); they
   * are passed through as given.
   * @default - the addon's defaults
   */
  readonly config?: Readonly<Record<string, unknown>>;
}

/**
 * Private images from ACR without a pull secret in any manifest: ACK's `aliyun-acr-credential-helper`
 * addon fetches temporary ACR credentials, keeps them in a Secret it refreshes, and attaches it to
 * the service accounts it is configured for (ACR "pull images without a secret":
 * https://www.alibabacloud.com/help/en/acr/user-guide/non-secret-pulling-container-image).
 */
export class AcrCredentialHelper extends pulumi.ComponentResource {
  public readonly addon: alicloud.cs.KubernetesAddon;

  constructor(
    name: string,
    args: AcrCredentialHelperArgs,
    opts: pulumi.ComponentResourceOptions = {},
  ) {
    throwIfInvalid('AcrCredentialHelper', name, checkAddonArgs(args));
    super('ack-serving:cloud:AcrCredentialHelper', name, {}, opts);
    this.addon = new alicloud.cs.KubernetesAddon(
      `${name}-addon`,
      {
        clusterId: args.clusterId,
        name: args.addonName ?? ADDON_NAMES.acrCredentialHelper,
        version: args.version,
        config: args.config ? JSON.stringify(args.config) : undefined,
      },
      childOptions(this, opts),
    );
    this.registerOutputs({ addonName: this.addon.name });
  }
}
