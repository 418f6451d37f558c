import * as alicloud from '@pulumi/alicloud';
import * as pulumi from '@pulumi/pulumi';
import { checkNetworkArgs } from './checks';
import { DEFAULT_VPC_CIDR, NAT_GATEWAY_SETTINGS } from './defaults';
import { childOptions } from './_util';
import { throwIfInvalid } from './errors';

/** The node and pod vSwitch of one zone. */
export interface ZoneSubnets {
  /** Zone id, such as `cn-hangzhou-h`. */
  readonly zoneId: string;
  /** CIDR of the node vSwitch in this zone (prefix /16 to /29, inside the VPC CIDR). */
  readonly nodeCidr: string;
  /** CIDR of the Terway pod vSwitch in this zone (prefix /16 to /29, inside the VPC CIDR). */
  readonly podCidr: string;
}

/** A VPC and vSwitches that already exist; nothing is created for them. */
export interface ExistingNetwork {
  readonly vpcId: string;
  /** Node vSwitches, one per zone. */
  readonly nodeVswitchIds: readonly string[];
  /** Terway pod vSwitches, in the same zones as the node vSwitches but not the same vSwitches. */
  readonly podVswitchIds: readonly string[];
  /**
   * An existing security group for the cluster's nodes. ACK adds no rules to a group you bring: it
   * must already allow traffic between the nodes, from the pod vSwitches and on the ports ACK
   * documents ("Configure and manage cluster security groups").
   * @default - ACK creates the group and its rules with the cluster
   */
  readonly securityGroupId?: string;
  /**
   * Zones of the node vSwitches; used only for checks (ALB needs two zones).
   * @default - unknown, zone checks are skipped
   */
  readonly zoneIds?: readonly string[];
  /**
   * The VPC CIDR; used only to check the cluster's service CIDR against it.
   * @default - unknown, the overlap check is skipped
   */
  readonly vpcCidr?: string;
  /**
   * The pod vSwitch CIDRs; used only to check the cluster's service CIDR against them.
   * @default - unknown, the overlap check is skipped
   */
  readonly podCidrs?: readonly string[];
}

export interface AckNetworkArgs {
  /**
   * CIDR of the new VPC.
   * @default '10.0.0.0/8'
   */
  readonly vpcCidr?: string;
  /**
   * Zones of a new VPC, at least two, each with a node and a pod vSwitch. Give this or `existing`.
   * @default - none; required unless `existing` is set
   */
  readonly zones?: readonly ZoneSubnets[];
  /**
   * Adopt an existing VPC and vSwitches instead of creating them (no NAT gateway is created either:
   * the VPC must already reach the internet). Give this or `zones`.
   * @default - a new VPC is created from `zones`
   */
  readonly existing?: ExistingNetwork;
  /**
   * Bandwidth of the NAT gateway's EIP, in Mbit/s.
   * @default 100
   */
  readonly natBandwidthMbps?: number;
  /**
   * Tags put on every resource that takes them.
   * @default - no tags
   */
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * The network under an ACK cluster: a VPC, a node and a Terway pod vSwitch per zone (two zones or
 * more), a NAT gateway with an EIP and an SNAT entry per vSwitch (Terway pods leave through their
 * own vSwitches). Or the ids of an existing VPC and its vSwitches. No security group: ACK creates
 * the cluster's group with the rules it needs, and adds none to a group it is given.
 */
export class AckNetwork extends pulumi.ComponentResource {
  public readonly vpcId: pulumi.Output<string>;
  public readonly nodeVswitchIds: pulumi.Output<string[]>;
  public readonly podVswitchIds: pulumi.Output<string[]>;
  /** The security group of an adopted network, when given; else ACK creates the cluster's. */
  public readonly securityGroupId?: pulumi.Output<string>;
  /**
   * What makes the VPC reach the internet (the EIP association and every SNAT entry). ACK needs
   * internet access while it creates the cluster: make the cluster depend on these.
   */
  public readonly internetAccess: readonly pulumi.Resource[];
  /** NAT gateway id; undefined when an existing network is adopted. */
  public readonly natGatewayId?: pulumi.Output<string>;
  /** Public address of the NAT gateway (what model services call out from). */
  public readonly natPublicIp?: pulumi.Output<string>;
  /** Zones, when known at construction (always for a new VPC). */
  public readonly zoneIds?: readonly string[];
  /** VPC CIDR, when known at construction; used for the cluster's service CIDR check. */
  public readonly vpcCidr?: string;
  /** Pod vSwitch CIDRs, when known at construction. */
  public readonly podCidrs?: readonly string[];
  /** The created resources, for escape hatches. Empty for an adopted network. */
  public readonly resources: {
    readonly vpc?: alicloud.vpc.Network;
    readonly nodeVswitches: readonly alicloud.vpc.Switch[];
    readonly podVswitches: readonly alicloud.vpc.Switch[];
    readonly natGateway?: alicloud.vpc.NatGateway;
    readonly eip?: alicloud.ecs.EipAddress;
    readonly snatEntries: readonly alicloud.vpc.SnatEntry[];
  };

  constructor(name: string, args: AckNetworkArgs, opts: pulumi.ComponentResourceOptions = {}) {
    throwIfInvalid('AckNetwork', name, checkNetworkArgs(args));
    super('ack-serving:cloud:AckNetwork', name, {}, opts);
    const tags = args.tags ? { ...args.tags } : undefined;
    const parent = childOptions(this, opts);

    if (args.existing) {
      const ex = args.existing;
      this.vpcId = pulumi.output(ex.vpcId);
      this.nodeVswitchIds = pulumi.output([...ex.nodeVswitchIds]);
      this.podVswitchIds = pulumi.output([...ex.podVswitchIds]);
      this.securityGroupId = ex.securityGroupId ? pulumi.output(ex.securityGroupId) : undefined;
      this.internetAccess = [];
      this.zoneIds = ex.zoneIds ? [...ex.zoneIds] : undefined;
      this.vpcCidr = ex.vpcCidr;
      this.podCidrs = ex.podCidrs ? [...ex.podCidrs] : undefined;
      this.resources = { nodeVswitches: [], podVswitches: [], snatEntries: [] };
    } else {
      const zones = args.zones ?? [];
      const vpcCidr = args.vpcCidr ?? DEFAULT_VPC_CIDR;
      const vpc = new alicloud.vpc.Network(
        `${name}-vpc`,
        { vpcName: name, cidrBlock: vpcCidr, tags },
        parent,
      );
      // vSwitch names carry the zone, so reordering `zones` does not replace them.
      const vswitch = (role: 'node' | 'pod', zoneId: string, cidrBlock: string) =>
        new alicloud.vpc.Switch(
          `${name}-${role}-${zoneId}`,
          { vpcId: vpc.id, zoneId, cidrBlock, vswitchName: `${name}-${role}-${zoneId}`, tags },
          parent,
        );
      const nodeVswitches = zones.map((z) => vswitch('node', z.zoneId, z.nodeCidr));
      const podVswitches = zones.map((z) => vswitch('pod', z.zoneId, z.podCidr));
      const natGateway = new alicloud.vpc.NatGateway(
        `${name}-nat`,
        {
          vpcId: vpc.id,
          vswitchId: nodeVswitches[0].id,
          natGatewayName: `${name}-nat`,
          ...NAT_GATEWAY_SETTINGS,
          tags,
        },
        parent,
      );
      const eip = new alicloud.ecs.EipAddress(
        `${name}-nat-eip`,
        {
          addressName: `${name}-nat`,
          bandwidth: String(args.natBandwidthMbps ?? 100),
          internetChargeType: 'PayByTraffic',
          paymentType: 'PayAsYouGo',
          tags,
        },
        parent,
      );
      const association = new alicloud.ecs.EipAssociation(
        `${name}-nat-eip-assoc`,
        { allocationId: eip.id, instanceId: natGateway.id, instanceType: 'Nat' },
        parent,
      );
      // One SNAT entry per node and pod vSwitch; the EIP must be bound to the NAT gateway first.
      const snatEntries = [
        ...zones.map((z, i) => ({ role: 'node', zoneId: z.zoneId, vsw: nodeVswitches[i] })),
        ...zones.map((z, i) => ({ role: 'pod', zoneId: z.zoneId, vsw: podVswitches[i] })),
      ].map(
        ({ role, zoneId, vsw }) =>
          new alicloud.vpc.SnatEntry(
            `${name}-snat-${role}-${zoneId}`,
            {
              snatTableId: natGateway.snatTableIds,
              sourceVswitchId: vsw.id,
              snatIp: eip.ipAddress,
              snatEntryName: `${name}-${role}-${zoneId}`,
            },
            childOptions(this, opts, [association]),
          ),
      );
      this.vpcId = vpc.id;
      this.nodeVswitchIds = pulumi.all(nodeVswitches.map((v) => v.id));
      this.podVswitchIds = pulumi.all(podVswitches.map((v) => v.id));
      this.internetAccess = [association, ...snatEntries];
      this.natGatewayId = natGateway.id;
      this.natPublicIp = eip.ipAddress;
      this.zoneIds = zones.map((z) => z.zoneId);
      this.vpcCidr = vpcCidr;
      this.podCidrs = zones.map((z) => z.podCidr);
      this.resources = {
        vpc,
        nodeVswitches,
        podVswitches,
        natGateway,
        eip,
        snatEntries,
      };
    }

    this.registerOutputs({
      vpcId: this.vpcId,
      nodeVswitchIds: this.nodeVswitchIds,
      podVswitchIds: this.podVswitchIds,
      securityGroupId: this.securityGroupId,
      natGatewayId: this.natGatewayId,
      natPublicIp: this.natPublicIp,
    });
  }
}
