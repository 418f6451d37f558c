import * as alicloud from '@pulumi/alicloud';
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { checkKnativeAddonArgs } from './checks';
import { ADDON_NAMES, DEFAULT_ALB_CONTROLLER_CONFIG, INGRESS_CLASSES } from './defaults';
import { childOptions } from './_util';
import { throwIfInvalid } from './errors';

/** Which gateway Knative uses. */
export type GatewayKind = 'alb' | 'mse' | 'asm' | 'kourier';

export interface GatewayOptions {
  /**
   * `config-network` `ingress.class` value.
   * @default - the documented value for the gateway (for ASM the upstream Istio value, unconfirmed on ACK)
   */
  readonly ingressClass?: string;
  /**
   * Configuration of the gateway's controller addon (ALB, MSE).
   * @default - ALB: { albIngress: { CreateDefaultALBConfig: true, AddressType: 'Internet' } }, so the
   * controller creates AlbConfig `alb` and IngressClass `alb`; MSE: the addon's own defaults
   */
  readonly controllerConfig?: Readonly<Record<string, unknown>>;
  /**
   * Name of the gateway's controller addon (ALB, MSE).
   * @default - 'alb-ingress-controller' or 'mse-ingress-controller'
   */
  readonly controllerAddon?: string;
}

/**
 * The Knative gateway: its `ingress.class` and the controller addon it needs. ALB and MSE controllers
 * are ACK addons installed here; ASM is a separate mesh the cluster joins, and Kourier is a Knative
 * component, so neither has a controller addon.
 */
export class KnativeGateway {
  /** Application Load Balancer; needs vSwitches in at least two zones. */
  public static alb(options: GatewayOptions = {}): KnativeGateway {
    return new KnativeGateway(
      'alb',
      options.ingressClass ?? INGRESS_CLASSES.alb,
      options.controllerAddon ?? ADDON_NAMES.albIngress,
      options.controllerConfig ?? DEFAULT_ALB_CONTROLLER_CONFIG,
      2,
    );
  }

  /** MSE cloud-native gateway; needs the `AliyunCSManagedMseRole` RAM role. */
  public static mse(options: GatewayOptions = {}): KnativeGateway {
    return new KnativeGateway(
      'mse',
      options.ingressClass ?? INGRESS_CLASSES.mse,
      options.controllerAddon ?? ADDON_NAMES.mseIngress,
      options.controllerConfig,
      1,
    );
  }

  /** Service Mesh (ASM); the cluster must already be added to the mesh. */
  public static asm(options: Pick<GatewayOptions, 'ingressClass'> = {}): KnativeGateway {
    return new KnativeGateway(
      'asm',
      options.ingressClass ?? INGRESS_CLASSES.asm,
      undefined,
      undefined,
      1,
    );
  }

  /** Kourier; on ACK deploy it from the Knative components, on a plain cluster with Knative. */
  public static kourier(options: Pick<GatewayOptions, 'ingressClass'> = {}): KnativeGateway {
    return new KnativeGateway(
      'kourier',
      options.ingressClass ?? INGRESS_CLASSES.kourier,
      undefined,
      undefined,
      1,
    );
  }

  private constructor(
    /** Which gateway. */
    public readonly kind: GatewayKind,
    /** `config-network` `ingress.class`. */
    public readonly ingressClass: string,
    /** The ACK addon that runs the gateway's controller, if any. */
    public readonly controllerAddon: string | undefined,
    /** Configuration for that addon. */
    public readonly controllerConfig: Readonly<Record<string, unknown>> | undefined,
    /** Fewest zones the gateway works with. */
    public readonly minZones: number,
  ) {}
}

export interface KnativeAddonArgs {
  readonly clusterId: pulumi.Input<string>;
  /** @default KnativeGateway.alb() */
  readonly gateway?: KnativeGateway;
  /**
   * Knative addon name. `knative` is documented for ACK Serverless; on ACK managed Pro it is
   * unconfirmed (check `cs.getKubernetesAddons({ nameRegex: 'knative' })`).
   * @default 'knative'
   */
  readonly addonName?: string;
  /** @default - the latest version */
  readonly version?: string;
  /**
   * Knative addon configuration (how the gateway is chosen through it is unconfirmed).
   * @default - none
   */
  readonly config?: Readonly<Record<string, unknown>>;
  /**
   * Zones of the node vSwitches, to check the gateway's zone needs.
   * @default - unknown, the check is skipped
   */
  readonly zoneIds?: readonly string[];
  /**
   * ALB only: the vSwitches (two zones or more) Knative creates the ALB in, written to
   * `knative-serving/config-network` as `vswitch-ids`. Needs `provider`.
   * @default - none; then the ALB must be configured some other way
   */
  readonly albVswitchIds?: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * The cluster's Kubernetes provider, to patch `config-network` after the addon is installed.
   * @default - nothing is patched here
   */
  readonly provider?: k8s.Provider;
}

/** The `config-network` key that lists the ALB's vSwitches (ACK's Knative-on-ALB setup). */
export const ALB_VSWITCH_KEY = 'vswitch-ids';

/**
 * ACK Knative with its gateway: the gateway's controller addon (ALB or MSE), then the Knative addon.
 * The `ingress.class` in `config-network` is set on the Kubernetes side (see `ChartRelease`).
 */
export class KnativeAddon extends pulumi.ComponentResource {
  public readonly gateway: KnativeGateway;
  public readonly ingressClass: string;
  public readonly addon: alicloud.cs.KubernetesAddon;
  public readonly controller?: alicloud.cs.KubernetesAddon;
  /** The `config-network` patch with the ALB's vSwitches, when made. */
  public readonly albNetworkPatch?: k8s.core.v1.ConfigMapPatch;

  constructor(name: string, args: KnativeAddonArgs, opts: pulumi.ComponentResourceOptions = {}) {
    throwIfInvalid('KnativeAddon', name, checkKnativeAddonArgs(args));
    super('ack-serving:cloud:KnativeAddon', name, {}, opts);
    this.gateway = args.gateway ?? KnativeGateway.alb();
    this.ingressClass = this.gateway.ingressClass;
    const gw = this.gateway;
    if (gw.controllerAddon) {
      this.controller = new alicloud.cs.KubernetesAddon(
        `${name}-${gw.kind}-controller`,
        {
          clusterId: args.clusterId,
          name: gw.controllerAddon,
          config: gw.controllerConfig ? JSON.stringify(gw.controllerConfig) : undefined,
        },
        childOptions(this, opts),
      );
    }
    const controller = this.controller;
    this.addon = new alicloud.cs.KubernetesAddon(
      `${name}-knative`,
      {
        clusterId: args.clusterId,
        name: args.addonName ?? ADDON_NAMES.knative,
        version: args.version,
        config: args.config ? JSON.stringify(args.config) : undefined,
      },
      childOptions(this, opts, controller ? [controller] : []),
    );
    if (gw.kind === 'alb' && args.albVswitchIds !== undefined && args.provider) {
      // Knative on ALB creates the load balancer in these vSwitches. Only this key is patched
      // (server-side apply); ACK's Knative owns the rest of the ConfigMap.
      this.albNetworkPatch = new k8s.core.v1.ConfigMapPatch(
        `${name}-config-network-alb`,
        {
          metadata: {
            name: 'config-network',
            namespace: 'knative-serving',
            annotations: { 'pulumi.com/patchForce': 'true' },
          },
          data: {
            [ALB_VSWITCH_KEY]: pulumi.output(args.albVswitchIds).apply((ids) => ids.join(',')),
          },
        },
        { ...childOptions(this, opts, [this.addon]), provider: args.provider },
      );
    }
    this.registerOutputs({ ingressClass: this.ingressClass, addonName: this.addon.name });
  }
}
