/**
 * Pure input checks for the cloud components. Each returns every problem it finds as an `Issue`
 * whose path is the argument path (prefixed with `base` when the args sit inside a larger object,
 * such as `gpuNodePool` in `ServingPlatform`). Components run them before creating anything.
 */
import { checkImage, checkNumber, Issue, show } from '../validation';
import type { AckClusterArgs } from './ack-cluster';
import type { AckNetworkArgs } from './ack-network';
import { Cidr, checkCidr, cidrContains, cidrsOverlap, formatCidr, parseCidr } from './cidr';
import {
  ACK_VERSIONS_AS_OF,
  ADDON_NAMES,
  CLUSTER_SPECS,
  CREATABLE_MINORS,
  ECS_INSTANCE_TYPE,
  GPU_INSTANCE_TYPE,
  NAT_GATEWAY_SETTINGS,
  SUBSCRIPTION_PERIODS,
  WEEKDAYS,
} from './defaults';
import { under } from './_util';
import {
  CLUSTER_TYPE,
  NODE_POOL_TYPE,
  clusterInputs,
  gpuPoolInputs,
  steadyPoolInputs,
} from './inputs';
import { checkProviderInputs } from './provider-rules';
import type { KnativeAddonArgs, KnativeGateway } from './knative-addon';
import type { ModelImageCacheArgs } from './model-image-cache';
import type { GpuNodePoolArgs, SteadyNodePoolArgs, SubscriptionOptions } from './node-pools';
import type { ObservabilityArgs } from './observability';

// Alibaba VPC: VPC CIDR prefix /8 to /28, vSwitch CIDR prefix /16 to /29 (vpc/switch.d.ts).
const VPC_PREFIX = { minPrefix: 8, maxPrefix: 28 };
const VSWITCH_PREFIX = { minPrefix: 16, maxPrefix: 29 };
// ACK service CIDR: a private range with prefix /16 to /24.
const SERVICE_PREFIX = { minPrefix: 16, maxPrefix: 24 };
const SERVICE_CIDR_SUGGESTIONS = [
  '192.168.0.0/16',
  '172.16.0.0/16',
  '172.31.0.0/16',
  '10.96.0.0/16',
].map((c) => parseCidr(c) as Cidr);
const PRIVATE_RANGES = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'].map(
  (c) => parseCidr(c) as Cidr,
);

/** The network: a new VPC across at least two zones, or existing ids; never both. */
export function checkNetworkArgs(args: AckNetworkArgs, base = ''): Issue[] {
  const p = (key: string) => under(base, key);
  if (args.zones !== undefined && args.existing !== undefined) {
    return [
      {
        path: p('existing'),
        message: `'existing' and 'zones' are both set; give 'zones' to create a VPC or 'existing' to adopt one, not both`,
      },
    ];
  }
  if (args.existing !== undefined) return checkExistingNetwork(args.existing, p('existing'));
  const issues: Issue[] = [];
  const zones = args.zones ?? [];
  const vpc = checkCidr(args.vpcCidr ?? '10.0.0.0/8', p('vpcCidr'), 'VPC CIDR', VPC_PREFIX);
  issues.push(...vpc.issues);
  if (zones.length < 2) {
    issues.push({
      path: p('zones'),
      message: `${zones.length} zone(s) given; ACK Pro needs vSwitches in at least 2 zones: add zones with a nodeCidr and a podCidr each, or set 'existing'`,
    });
  }
  const seenZones = new Set<string>();
  const blocks: { path: string; text: string; cidr: Cidr }[] = [];
  zones.forEach((z, i) => {
    const zp = p(`zones[${i}]`);
    if (typeof z.zoneId !== 'string' || z.zoneId === '') {
      issues.push({ path: `${zp}.zoneId`, message: `zoneId is required, such as 'cn-hangzhou-h'` });
    } else if (seenZones.has(z.zoneId)) {
      issues.push({
        path: `${zp}.zoneId`,
        message: `zone ${show(z.zoneId)} is listed twice; give each zone once with its node and pod vSwitch`,
      });
    }
    seenZones.add(z.zoneId);
    for (const key of ['nodeCidr', 'podCidr'] as const) {
      const what = key === 'nodeCidr' ? 'node vSwitch CIDR' : 'pod vSwitch CIDR';
      const r = checkCidr(z[key], `${zp}.${key}`, what, VSWITCH_PREFIX);
      issues.push(...r.issues);
      if (!r.cidr) continue;
      if (vpc.cidr && !cidrContains(vpc.cidr, r.cidr)) {
        issues.push({
          path: `${zp}.${key}`,
          message: `${what} ${show(z[key])} is outside the VPC CIDR '${formatCidr(vpc.cidr)}'; pick a block inside it`,
        });
        continue;
      }
      const clash = blocks.find((b) => cidrsOverlap(b.cidr, r.cidr as Cidr));
      if (clash) {
        issues.push({
          path: `${zp}.${key}`,
          message: `${what} ${show(z[key])} overlaps ${show(clash.text)} at ${clash.path}; vSwitch CIDRs must not overlap`,
        });
      } else {
        blocks.push({ path: `${zp}.${key}`, text: z[key], cidr: r.cidr });
      }
    }
  });
  issues.push(
    ...checkNumberIf(args.natBandwidthMbps, p('natBandwidthMbps'), 'NAT EIP bandwidth', {
      min: 1,
      max: 10000,
      integer: true,
    }),
    // the NAT gateway's fixed settings still meet the provider's lists
    ...checkProviderInputs(NAT_TYPE, { ...NAT_GATEWAY_SETTINGS }, p('natGateway')),
  );
  return issues;
}

const NAT_TYPE = 'alicloud:vpc/natGateway:NatGateway';

function checkExistingNetwork(ex: NonNullable<AckNetworkArgs['existing']>, base: string): Issue[] {
  const issues: Issue[] = [];
  if (typeof ex.vpcId !== 'string' || ex.vpcId === '') {
    issues.push({ path: `${base}.vpcId`, message: `vpcId is required, such as 'vpc-bp1...'` });
  }
  for (const key of ['nodeVswitchIds', 'podVswitchIds'] as const) {
    const ids = ex[key] ?? [];
    if (ids.length === 0) {
      issues.push({
        path: `${base}.${key}`,
        message: `${key} is empty; list one vSwitch id per zone${key === 'podVswitchIds' ? ' for Terway pods' : ''}`,
      });
    }
  }
  const shared = (ex.nodeVswitchIds ?? []).filter((id) => (ex.podVswitchIds ?? []).includes(id));
  for (const id of shared) {
    issues.push({
      path: `${base}.podVswitchIds`,
      message: `vSwitch ${show(id)} is both a node and a pod vSwitch; Terway pods need their own vSwitches`,
    });
  }
  if (ex.vpcCidr !== undefined)
    issues.push(...checkCidr(ex.vpcCidr, `${base}.vpcCidr`, 'VPC CIDR', VPC_PREFIX).issues);
  (ex.podCidrs ?? []).forEach((c, i) =>
    issues.push(
      ...checkCidr(c, `${base}.podCidrs[${i}]`, 'pod vSwitch CIDR', VSWITCH_PREFIX).issues,
    ),
  );
  return issues;
}

const VERSION = /^(\d+)\.(\d+)\.\d+-aliyun\.\d+$/;

/**
 * The version is an ACK version string on a minor version ACK still creates clusters on (the dated
 * table in defaults.ts, or `supportedMinorVersions` when the caller knows better).
 */
export function checkKubernetesVersion(
  args: Pick<AckClusterArgs, 'version' | 'supportedMinorVersions'>,
  path: string,
): Issue[] {
  const minors = args.supportedMinorVersions ?? CREATABLE_MINORS;
  const m = VERSION.exec(args.version ?? '');
  const list = minors.map((v) => `${v}.x-aliyun.n`).join(', ');
  if (!m) {
    return [
      {
        path,
        message: `version ${show(args.version)} is not an ACK version of the form '<major>.<minor>.<patch>-aliyun.<n>'; use one of ${list}, or leave it unset for ACK's newest`,
      },
    ];
  }
  if (!minors.includes(`${m[1]}.${m[2]}`)) {
    return [
      {
        path,
        message: `version ${show(args.version)} is not one ACK creates clusters on (as of ${ACK_VERSIONS_AS_OF}: ${list}); pick one of those, leave it unset for ACK's newest, or set supportedMinorVersions if cs.getKubernetesVersion lists it`,
      },
    ];
  }
  return [];
}
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const HOURS = /^(\d+)h$/;

/** The cluster: spec, version, Terway, service CIDR, window, logs and credential lifetime. */
export function checkClusterArgs(args: AckClusterArgs, base = '', name = 'cluster'): Issue[] {
  const p = (key: string) => under(base, key);
  const issues: Issue[] = [];
  const spec = args.clusterSpec ?? 'ack.pro.small';
  if (!(CLUSTER_SPECS as readonly string[]).includes(spec)) {
    issues.push({
      path: p('clusterSpec'),
      message: `cluster spec ${show(spec)} is not one of ${CLUSTER_SPECS.join(', ')}; use 'ack.pro.small' for ACK Pro`,
    });
  }
  if (args.version !== undefined) issues.push(...checkKubernetesVersion(args, p('version')));
  if (args.securityGroupId !== undefined && args.enterpriseSecurityGroup !== undefined) {
    // alicloud/resource_alicloud_cs_managed_kubernetes.go:592 (ConflictsWith security_group_id)
    issues.push({
      path: p('enterpriseSecurityGroup'),
      message: `enterpriseSecurityGroup is set together with securityGroupId; it only chooses the type of the group ACK creates: remove one of them`,
    });
  }
  if (args.version !== undefined && args.autoUpgrade) {
    issues.push({
      path: p('version'),
      message: `version ${show(args.version)} is pinned while autoUpgrade is on; remove 'version' or 'autoUpgrade'`,
    });
  }
  if (args.autoUpgrade && args.maintenanceWindow === false) {
    issues.push({
      path: p('autoUpgrade'),
      message: `autoUpgrade needs the maintenance window, which is turned off; remove 'maintenanceWindow: false' or 'autoUpgrade'`,
    });
  }
  for (const key of ['vswitchIds', 'podVswitchIds'] as const) {
    const ids = args[key];
    if (Array.isArray(ids) && ids.length === 0) {
      issues.push({
        path: p(key),
        message:
          key === 'podVswitchIds'
            ? `podVswitchIds is empty; Terway needs one pod vSwitch per zone, and ACK refuses 'terway-eniip' without them`
            : `vswitchIds is empty; give one node vSwitch per zone, in at least 2 zones`,
      });
    }
  }
  (args.addons ?? []).forEach((a, i) => {
    if (a.name === 'flannel') {
      issues.push({
        path: p(`addons[${i}].name`),
        message: `addon 'flannel' conflicts with Terway, which the cluster always uses with its pod vSwitches; remove it`,
      });
    }
    if (a.name === ADDON_NAMES.terway && a.disabled) {
      issues.push({
        path: p(`addons[${i}].disabled`),
        message: `addon 'terway-eniip' cannot be disabled: pod vSwitches without it fail with InvalidPodVswitchIds`,
      });
    }
    if ((args.addons ?? []).findIndex((b) => b.name === a.name) !== i) {
      issues.push({
        path: p(`addons[${i}].name`),
        message: `addon ${show(a.name)} is listed twice; list each addon once`,
      });
    }
  });
  const service = checkCidr(
    args.serviceCidr ?? '192.168.0.0/16',
    p('serviceCidr'),
    'service CIDR',
    SERVICE_PREFIX,
  );
  issues.push(...service.issues);
  if (service.cidr) {
    const svc = service.cidr;
    if (!PRIVATE_RANGES.some((r) => cidrContains(r, svc))) {
      issues.push({
        path: p('serviceCidr'),
        message: `service CIDR ${show(args.serviceCidr)} is not in a private range; use a block inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16`,
      });
    }
    const vpc = args.vpcCidr ? parseCidr(args.vpcCidr) : undefined;
    const taken: Cidr[] = [];
    for (const c of [vpc, ...(args.podCidrs ?? []).map((t) => parseCidr(t))]) if (c) taken.push(c);
    const suggestion = SERVICE_CIDR_SUGGESTIONS.find((c) => !taken.some((t) => cidrsOverlap(t, c)));
    const fix = suggestion ? `, such as '${formatCidr(suggestion)}'` : '';
    if (vpc && cidrsOverlap(vpc, svc)) {
      issues.push({
        path: p('serviceCidr'),
        message: `service CIDR '${formatCidr(svc)}' overlaps the VPC CIDR ${show(args.vpcCidr)}; pick a private range outside the VPC${fix}`,
      });
    }
    (args.podCidrs ?? []).forEach((text) => {
      const pod = parseCidr(text);
      if (pod && cidrsOverlap(pod, svc) && !(vpc && cidrsOverlap(vpc, svc))) {
        issues.push({
          path: p('serviceCidr'),
          message: `service CIDR '${formatCidr(svc)}' overlaps the pod vSwitch CIDR ${show(text)}; pick a private range outside the VPC and pod vSwitches${fix}`,
        });
      }
    });
  }
  if (args.maintenanceWindow)
    issues.push(...checkMaintenanceWindow(args.maintenanceWindow, p('maintenanceWindow')));
  if (args.controlPlaneLogs) {
    issues.push(
      ...checkNumberIf(
        args.controlPlaneLogs.ttlDays,
        p('controlPlaneLogs.ttlDays'),
        'control-plane log retention (days)',
        { min: 1, max: 3650, integer: true },
      ),
    );
    if (args.controlPlaneLogs.components?.length === 0) {
      issues.push({
        path: p('controlPlaneLogs.components'),
        message: `controlPlaneLogs.components is empty; list components such as 'apiserver', or set controlPlaneLogs to false`,
      });
    }
  }
  issues.push(
    ...checkNumberIf(
      args.credentialMinutes,
      p('credentialMinutes'),
      'kubeconfig lifetime (minutes)',
      { min: 15, max: 4320, integer: true, hint: 'cs.getClusterCredential accepts 15 to 4320' },
    ),
  );
  // the provider's own rules on what will be sent (overrides included), one issue per path
  return withProviderRules(issues, CLUSTER_TYPE, clusterInputs(name, args), base, {
    overrides: args.clusterOverrides,
    overridesKey: 'clusterOverrides',
    rename: { isEnterpriseSecurityGroup: 'enterpriseSecurityGroup', version: 'version' },
  });
}

/**
 * The component's own issues, then the provider's rules on the inputs it will send. A rule's path
 * names the argument the value came from: `<overridesKey>.<field>` when an override set it, else
 * the argument it is built from (`rename`), else the input field. One issue per path: where the
 * component's own check already speaks, the provider rule stays silent.
 */
function withProviderRules(
  own: Issue[],
  type: string,
  inputs: object,
  base: string,
  map: {
    readonly overrides?: object;
    readonly overridesKey: string;
    readonly rename: Readonly<Record<string, string>>;
  },
): Issue[] {
  const rules = checkProviderInputs(type, inputs as Record<string, unknown>, '').map((r) => {
    const top = r.path.split(/[.[]/)[0];
    let path = r.path;
    if (map.overrides && top in map.overrides) path = `${map.overridesKey}.${r.path}`;
    else {
      const from = Object.keys(map.rename).find((k) => r.path === k || r.path.startsWith(`${k}.`));
      if (from !== undefined) path = map.rename[from] + r.path.slice(from.length);
    }
    return { ...r, path: under(base, path) };
  });
  return [...own, ...rules.filter((r) => !own.some((o) => o.path === r.path))];
}

/** Node pool input fields -> the pool arguments they are built from. */
const POOL_RENAME: Readonly<Record<string, string>> = {
  instanceChargeType: 'chargeType',
  period: 'subscription.periodMonths',
  autoRenewPeriod: 'subscription.autoRenewPeriodMonths',
  desiredSize: 'size',
  systemDiskCategory: 'systemDisk.category',
  systemDiskSize: 'systemDisk.sizeGiB',
  'scalingConfig.minSize': 'minSize',
  'scalingConfig.maxSize': 'maxSize',
  'scalingConfig.type': 'scalingType',
};

function checkMaintenanceWindow(
  w: NonNullable<Exclude<AckClusterArgs['maintenanceWindow'], false>>,
  base: string,
): Issue[] {
  const issues: Issue[] = [];
  if (!RFC3339.test(w.maintenanceTime)) {
    issues.push({
      path: `${base}.maintenanceTime`,
      message: `maintenanceTime ${show(w.maintenanceTime)} is not RFC 3339; write it as '2026-01-05T03:00:00.000+08:00'`,
    });
  }
  const h = HOURS.exec(w.duration);
  if (!h || Number(h[1]) < 1 || Number(h[1]) > 24) {
    issues.push({
      path: `${base}.duration`,
      message: `duration ${show(w.duration)} must be whole hours from '1h' to '24h'`,
    });
  }
  const days = w.weeklyPeriod.split(',').map((d) => d.trim());
  const bad = days.filter((d) => !(WEEKDAYS as readonly string[]).includes(d));
  if (bad.length > 0) {
    issues.push({
      path: `${base}.weeklyPeriod`,
      message: `weeklyPeriod ${show(w.weeklyPeriod)} has ${bad.map(show).join(', ')}; use comma-separated English weekdays such as 'Monday,Thursday'`,
    });
  }
  return issues;
}

function checkInstanceTypes(
  types: readonly string[] | undefined,
  path: string,
  gpu: boolean,
): Issue[] {
  if (types === undefined && !gpu) return [];
  if (!types || types.length === 0) {
    return [
      {
        path,
        message: gpu
          ? `instanceTypes is empty; a GPU pool needs GPU instance types such as 'ecs.gn7i-c8g1.2xlarge'`
          : `instanceTypes is empty; list at least one ECS type such as 'ecs.g8i.2xlarge'`,
      },
    ];
  }
  const issues: Issue[] = [];
  types.forEach((t, i) => {
    if (typeof t !== 'string' || !ECS_INSTANCE_TYPE.test(t)) {
      issues.push({
        path: `${path}[${i}]`,
        message: `instance type ${show(t)} is not an ECS type such as 'ecs.g8i.2xlarge'`,
      });
    } else if (gpu && !GPU_INSTANCE_TYPE.test(t)) {
      issues.push({
        path: `${path}[${i}]`,
        message: `instance type ${show(t)} is not a GPU type; use an ecs.gn* family such as 'ecs.gn7i-c8g1.2xlarge'`,
      });
    }
  });
  return issues;
}

function checkCharge(
  chargeType: unknown,
  sub: SubscriptionOptions | undefined,
  base: string,
): Issue[] {
  const issues: Issue[] = [];
  if (chargeType !== undefined && chargeType !== 'PrePaid' && chargeType !== 'PostPaid') {
    const hint =
      chargeType === 'Subscription'
        ? ` (node pools call subscription 'PrePaid')`
        : chargeType === 'PayAsYouGo'
          ? ` (node pools call pay-as-you-go 'PostPaid')`
          : '';
    issues.push({
      path: under(base, 'chargeType'),
      message: `chargeType ${show(chargeType)} is not 'PrePaid' or 'PostPaid'${hint}`,
    });
  }
  if (sub && chargeType === 'PostPaid') {
    issues.push({
      path: under(base, 'subscription'),
      message: `subscription is set but chargeType is 'PostPaid'; remove 'subscription' or use 'PrePaid'`,
    });
  }
  for (const key of ['periodMonths', 'autoRenewPeriodMonths'] as const) {
    const v = sub?.[key];
    if (v !== undefined && !(SUBSCRIPTION_PERIODS as readonly number[]).includes(v)) {
      issues.push({
        path: under(base, `subscription.${key}`),
        message: `${key} ${show(v)} is not a subscription period; allowed: ${SUBSCRIPTION_PERIODS.join(', ')}`,
      });
    }
  }
  return issues;
}

function checkVswitches(ids: unknown, path: string): Issue[] {
  return Array.isArray(ids) && ids.length === 0
    ? [{ path, message: `vswitchIds is empty; give the node vSwitches the pool spreads across` }]
    : [];
}

/** The pool's own issues, then the provider's rules on its inputs, one issue per path. */
function withPoolRules(
  own: Issue[],
  inputs: object,
  args: { nodePoolOverrides?: object },
  base: string,
): Issue[] {
  return withProviderRules(own, NODE_POOL_TYPE, inputs, base, {
    overrides: args.nodePoolOverrides,
    overridesKey: 'nodePoolOverrides',
    rename: POOL_RENAME,
  });
}

/**
 * Node login: a key pair name or a password (the provider's node pool documentation,
 * website/docs/r/cs_kubernetes_node_pool.html.markdown:745, requires one; a managed pool takes only
 * the key pair, line 729).
 */
function checkLogin(
  args: { keyName?: unknown; password?: unknown },
  base: string,
  managed: boolean,
): Issue[] {
  const p = (key: string) => under(base, key);
  if (args.keyName === undefined && args.password === undefined) {
    return [
      {
        path: p('keyName'),
        message: `no node login is set; give 'keyName' (an ECS key pair in the region)${managed ? '' : ` or 'password' (kept secret)`}: the provider needs one`,
      },
    ];
  }
  if (args.keyName !== undefined && args.password !== undefined) {
    return [
      {
        path: p('password'),
        message: `'keyName' and 'password' are both set; the provider takes one of them: remove one`,
      },
    ];
  }
  if (managed && args.password !== undefined) {
    return [
      {
        path: p('password'),
        message: `a managed node pool accepts only key-pair login; set 'keyName' instead of 'password', or set managed to false`,
      },
    ];
  }
  if (typeof args.password === 'string') {
    const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/].filter((r) =>
      r.test(args.password as string),
    ).length;
    if (args.password.length < 8 || args.password.length > 30 || classes < 3) {
      // never echo the password itself
      return [
        {
          path: p('password'),
          message: `[secret] does not meet the node password rule: 8 to 30 characters with three of upper case, lower case, digits and symbols`,
        },
      ];
    }
  }
  return [];
}

/** The steady pool: ECS types, a fixed size, login and the subscription quirks (`PrePaid`, periods). */
export function checkSteadyNodePoolArgs(args: SteadyNodePoolArgs, base = ''): Issue[] {
  const p = (key: string) => under(base, key);
  const own = [
    ...checkVswitches(args.vswitchIds, p('vswitchIds')),
    ...checkInstanceTypes(args.instanceTypes, p('instanceTypes'), false),
    ...checkNumberIf(args.size, p('size'), 'node count', { min: 0, max: 1000, integer: true }),
    ...checkCharge(args.chargeType, args.subscription, base),
    ...checkLogin(args, base, args.managed ?? true),
  ];
  return withPoolRules(own, steadyPoolInputs(args), args, base);
}

/** The GPU pool: GPU instance types only, and a sane autoscaling range. */
export function checkGpuNodePoolArgs(args: GpuNodePoolArgs, base = ''): Issue[] {
  const p = (key: string) => under(base, key);
  const issues = [
    ...checkVswitches(args.vswitchIds, p('vswitchIds')),
    ...checkInstanceTypes(args.instanceTypes, p('instanceTypes'), true),
    ...checkNumberIf(args.minSize, p('minSize'), 'minSize', { min: 0, max: 1000, integer: true }),
    ...checkNumberIf(args.maxSize, p('maxSize'), 'maxSize', { min: 1, max: 1000, integer: true }),
    ...checkCharge(args.chargeType, args.subscription, base),
  ];
  const min = args.minSize ?? 0;
  const max = args.maxSize ?? 4;
  if (Number.isInteger(min) && Number.isInteger(max) && min > max) {
    issues.push({
      path: p('minSize'),
      message: `minSize (${min}) must not exceed maxSize (${max}); raise maxSize or lower minSize`,
    });
  }
  if (
    args.scalingType !== undefined &&
    args.scalingType !== 'gpu' &&
    args.scalingType !== 'gpushare'
  ) {
    issues.push({
      path: p('scalingType'),
      message: `scalingType ${show(args.scalingType)} is not 'gpu' or 'gpushare'`,
    });
  }
  const mode = args.autoscalerRole;
  if (mode !== undefined && mode !== 'check' && mode !== 'create' && mode !== 'skip') {
    issues.push({
      path: p('autoscalerRole'),
      message: `autoscalerRole ${show(mode)} is not 'check', 'create' or 'skip'`,
    });
  }
  issues.push(...checkLogin(args, base, false));
  return withPoolRules(issues, gpuPoolInputs(args), args, base);
}

/** An addon's name and version, when given. */
export function checkAddonArgs(args: { addonName?: string; version?: string }, base = ''): Issue[] {
  const issues: Issue[] = [];
  if (args.addonName !== undefined && !/^[a-z0-9][a-z0-9-]*$/.test(args.addonName)) {
    issues.push({
      path: under(base, 'addonName'),
      message: `addon name ${show(args.addonName)} is not an ACK addon name such as 'ack-virtual-node'`,
    });
  }
  if (args.version !== undefined && !/^v?\d+\.\d+\.\d+/.test(args.version)) {
    issues.push({
      path: under(base, 'version'),
      message: `addon version ${show(args.version)} is not a version such as 'v2.10.5'; list versions with cs.getKubernetesAddons`,
    });
  }
  return issues;
}

/** The gateway's zone needs: ALB requires vSwitches in at least two zones. */
export function checkGatewayZones(
  gateway: KnativeGateway,
  zoneIds: readonly string[] | undefined,
  path: string,
): Issue[] {
  if (zoneIds === undefined) return [];
  const zones = new Set(zoneIds).size;
  if (zones >= gateway.minZones) return [];
  return [
    {
      path,
      message: `the ${gateway.kind.toUpperCase()} gateway needs vSwitches in at least ${gateway.minZones} zones, got ${zones}; add a zone or choose another gateway`,
    },
  ];
}

export function checkKnativeAddonArgs(args: KnativeAddonArgs, base = ''): Issue[] {
  const issues = checkAddonArgs(args, base);
  if (args.gateway)
    issues.push(...checkGatewayZones(args.gateway, args.zoneIds, under(base, 'gateway')));
  return issues;
}

export function checkObservabilityArgs(args: ObservabilityArgs, base = ''): Issue[] {
  return (['prometheus', 'logs', 'events'] as const).flatMap((key) => {
    const s = args[key];
    return s ? checkAddonArgs(s, under(base, key)) : [];
  });
}

export function checkImageCacheArgs(args: ModelImageCacheArgs, base = ''): Issue[] {
  const p = (key: string) => under(base, key);
  const issues: Issue[] = [];
  if (
    typeof args.imageCacheName !== 'string' ||
    !/^[a-z][a-z0-9-]{1,127}$/.test(args.imageCacheName)
  ) {
    issues.push({
      path: p('imageCacheName'),
      message: `image cache name ${show(args.imageCacheName)} must be 2 to 128 lower-case letters, digits or '-', starting with a letter`,
    });
  }
  if (!args.images || args.images.length === 0) {
    issues.push({ path: p('images'), message: `images is empty; list the model images to cache` });
  }
  (args.images ?? []).forEach((img, i) => issues.push(...checkImage(img, p(`images[${i}]`))));
  issues.push(
    ...checkNumberIf(args.sizeGiB, p('sizeGiB'), 'image cache size (GiB)', {
      min: 20,
      max: 2000,
      integer: true,
    }),
  );
  issues.push(
    ...checkNumberIf(args.retentionDays, p('retentionDays'), 'retentionDays', {
      min: 1,
      integer: true,
    }),
  );
  return issues;
}

function checkNumberIf(
  value: unknown,
  path: string,
  what: string,
  rule: Parameters<typeof checkNumber>[3],
): Issue[] {
  return value === undefined ? [] : checkNumber(value, path, what, rule);
}

/**
 * One owner for the VPC's SNAT: `AckNetwork` builds a NAT gateway with an SNAT entry per node and
 * pod vSwitch, and a vSwitch can be in only one SNAT entry; `newNatGateway: true` would have ACK add
 * its own. The provider sends `true` as is (alicloud/resource_alicloud_cs_managed_kubernetes.go:1018).
 */
export function checkNatOwnership(
  network: AckNetworkArgs,
  cluster: { readonly newNatGateway?: boolean } | undefined,
  base = '',
): Issue[] {
  if (cluster?.newNatGateway !== true || network.existing !== undefined) return [];
  return [
    {
      path: under(base, 'cluster.newNatGateway'),
      message: `newNatGateway is true but the network already gets a NAT gateway with an SNAT entry per vSwitch; ACK's entries would clash with them: remove newNatGateway, or adopt a network without NAT through 'existing'`,
    },
  ];
}
