import * as alicloud from '@pulumi/alicloud';
import * as pulumi from '@pulumi/pulumi';
import { checkObservabilityArgs } from './checks';
import { ADDON_NAMES, DEFAULT_PROMETHEUS_CONFIG } from './defaults';
import { childOptions } from './_util';
import { throwIfInvalid } from './errors';

export interface AddonSettings {
  /** @default - the documented name for the capability */
  readonly addonName?: string;
  /** @default - the latest version */
  readonly version?: string;
  /** Merged into the addon's server-side configuration. @default - see each addon */
  readonly config?: Readonly<Record<string, unknown>>;
}

export interface ObservabilityArgs {
  readonly clusterId: pulumi.Input<string>;
  /**
   * Managed Prometheus (ARMS), which also feeds AHPA; `false` leaves it out.
   * @default - addon 'arms-prometheus' with { prometheusMode: 'default' }
   */
  readonly prometheus?: AddonSettings | false;
  /**
   * Container log collection to Log Service; `false` leaves it out.
   * @default - addon 'loongcollector'; `slsProjectName` goes into its config
   */
  readonly logs?: (AddonSettings & { readonly slsProjectName?: string }) | false;
  /**
   * Cluster events to Log Service; `false` leaves it out.
   * @default - addon 'ack-node-problem-detector'
   */
  readonly events?: AddonSettings | false;
}

/** Observability addons: ARMS Prometheus, log collection and cluster events. */
export class Observability extends pulumi.ComponentResource {
  public readonly prometheus?: alicloud.cs.KubernetesAddon;
  public readonly logs?: alicloud.cs.KubernetesAddon;
  public readonly events?: alicloud.cs.KubernetesAddon;

  constructor(name: string, args: ObservabilityArgs, opts: pulumi.ComponentResourceOptions = {}) {
    throwIfInvalid('Observability', name, checkObservabilityArgs(args));
    super('ack-serving:cloud:Observability', name, {}, opts);
    const addon = (suffix: string, defaultName: string, s: AddonSettings, config?: object) =>
      new alicloud.cs.KubernetesAddon(
        `${name}-${suffix}`,
        {
          clusterId: args.clusterId,
          name: s.addonName ?? defaultName,
          version: s.version,
          config: config && Object.keys(config).length > 0 ? JSON.stringify(config) : undefined,
        },
        childOptions(this, opts),
      );
    if (args.prometheus !== false) {
      const s = args.prometheus ?? {};
      this.prometheus = addon('prometheus', ADDON_NAMES.armsPrometheus, s, {
        ...DEFAULT_PROMETHEUS_CONFIG,
        ...s.config,
      });
    }
    if (args.logs !== false) {
      const s = args.logs ?? {};
      this.logs = addon('logs', ADDON_NAMES.logCollector, s, {
        ...(s.slsProjectName ? { sls_project_name: s.slsProjectName } : {}),
        ...s.config,
      });
    }
    if (args.events !== false) {
      const s = args.events ?? {};
      this.events = addon('events', ADDON_NAMES.nodeProblemDetector, s, s.config);
    }
    this.registerOutputs({
      prometheus: this.prometheus?.name,
      logs: this.logs?.name,
      events: this.events?.name,
    });
  }
}
