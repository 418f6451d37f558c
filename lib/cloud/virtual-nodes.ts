import * as alicloud from '@pulumi/alicloud';
import * as pulumi from '@pulumi/pulumi';
import { checkAddonArgs } from './checks';
import { ADDON_NAMES } from './defaults';
import { childOptions } from './_util';
import { throwIfInvalid } from './errors';

export interface VirtualNodesArgs {
  readonly clusterId: pulumi.Input<string>;
  /**
   * Addon name.
   * @default 'ack-virtual-node'
   */
  readonly addonName?: string;
  /**
   * Addon version, such as `v2.10.5` (ECS-first, ECI-on-shortage scheduling needs v2.10.0 or later).
   * @default - the latest version
   */
  readonly version?: string;
  /**
   * Addon configuration; it is merged into what the cluster has (set a key empty to clear it).
   * @default - none
   */
  readonly config?: Readonly<Record<string, unknown>>;
}

/**
 * ECI virtual nodes through the `ack-virtual-node` addon. Not `eci.VirtualNode`, which is for
 * self-managed clusters and bills a resident ECI per node. ECI resources are cleaned up when the
 * addon is removed.
 */
export class VirtualNodes extends pulumi.ComponentResource {
  public readonly addon: alicloud.cs.KubernetesAddon;

  constructor(name: string, args: VirtualNodesArgs, opts: pulumi.ComponentResourceOptions = {}) {
    throwIfInvalid('VirtualNodes', name, checkAddonArgs(args));
    super('ack-serving:cloud:VirtualNodes', name, {}, opts);
    this.addon = new alicloud.cs.KubernetesAddon(
      `${name}-addon`,
      {
        clusterId: args.clusterId,
        name: args.addonName ?? ADDON_NAMES.virtualNode,
        version: args.version,
        config: args.config ? JSON.stringify(args.config) : undefined,
        // only honoured for ack-virtual-node, and required for its uninstall to remove ECI resources
        cleanupCloudResources: true,
      },
      childOptions(this, opts),
    );
    this.registerOutputs({ addonName: this.addon.name });
  }
}
