import * as alicloud from '@pulumi/alicloud';
import * as pulumi from '@pulumi/pulumi';
import { checkKnativeAddonArgs } from './checks';
import { ADDON_NAMES, INGRESS_CLASSES } from './defaults';
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
   * @default - the addon's own defaults
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
      options.controllerConfig,
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
}

/**
 * ACK Knative with its gateway: the gateway's controller addon (ALB or MSE), then the Knative addon.
 * The `ingress.class` in `config-network` is set on the Kubernetes side (see `ChartRelease`).
 */
export class KnativeAddon extends pulumi.ComponentResource {
  public readonly gateway: KnativeGateway;
  public readonly ingressClass: string;
  public readonly addon: alicloud.cs.KubernetesAddon;
  public readonly controller?: alicloud.cs.KubernetesAddon;

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
    this.registerOutputs({ ingressClass: this.ingressClass, addonName: this.addon.name });
  }
}
