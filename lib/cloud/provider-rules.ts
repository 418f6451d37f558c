/**
 * The input rules of the Terraform alicloud provider (the code under every `@pulumi/alicloud`
 * resource) that the components rely on, as data. Each rule names the upstream file and line it
 * was read from (aliyun/terraform-provider-alicloud at commit 81c43b67, 2026-08-21, read
 * 2026-12-02), so a reviewer can check it against the source and a provider upgrade can be
 * re-read rule by rule.
 *
 * `checkProviderInputs(type, inputs, path)` applies the rules of one resource type to the inputs a
 * component is about to send; values not known yet (Outputs, Promises) are skipped. Components run
 * it before they register anything, so an override (`clusterOverrides`, `nodePoolOverrides`) that
 * the provider would reject fails with a path, not half-way through `pulumi up`.
 */
import { Issue, show } from '../validation';

export type ProviderRule =
  /** The value must be one of `values` (`StringInSlice` / `IntInSlice`). */
  | {
      readonly kind: 'oneOf';
      readonly field: string;
      readonly values: readonly (string | number)[];
    }
  /** An integer in `[min, max]` (`IntBetween`). */
  | { readonly kind: 'range'; readonly field: string; readonly min: number; readonly max: number }
  /** A string of `min` to `max` characters (`StringLenBetween`). */
  | { readonly kind: 'length'; readonly field: string; readonly min: number; readonly max: number }
  /** A list of `min` to `max` items (`MinItems` / `MaxItems`). */
  | { readonly kind: 'items'; readonly field: string; readonly min: number; readonly max: number }
  /** Each string (or the string) must match (`StringMatch`). */
  | {
      readonly kind: 'pattern';
      readonly field: string;
      readonly pattern: RegExp;
      readonly example: string;
    }
  /** The schema type the value must have; the Pulumi SDK types some numbers as strings. */
  | {
      readonly kind: 'type';
      readonly field: string;
      readonly type: 'string' | 'number' | 'boolean';
    }
  /** At most one of the fields (`ConflictsWith`). */
  | { readonly kind: 'conflicts'; readonly fields: readonly string[] }
  /** Exactly one of the fields (`ExactlyOneOf`). */
  | { readonly kind: 'exactlyOne'; readonly fields: readonly string[] }
  /** At least one of the fields; from the documentation, not the schema. */
  | { readonly kind: 'oneRequired'; readonly fields: readonly string[] }
  /** Changing the field replaces the resource (`ForceNew`); documented, not checked. */
  | { readonly kind: 'forceNew'; readonly field: string }
  /** The provider reads the field with `GetOk`, which drops `false` and `0`; documented. */
  | { readonly kind: 'dropsZero'; readonly field: string };

export interface SourcedRule {
  readonly rule: ProviderRule;
  /** `<file>:<line>` in aliyun/terraform-provider-alicloud. */
  readonly source: string;
  /** What it means for us, when not obvious. */
  readonly note?: string;
}

const MK = 'alicloud/resource_alicloud_cs_managed_kubernetes.go';
const NP = 'alicloud/resource_alicloud_cs_kubernetes_node_pool.go';
const NP_DOC = 'website/docs/r/cs_kubernetes_node_pool.html.markdown';
const ADDON = 'alicloud/resource_alicloud_cs_kubernetes_addon.go';
const NAT = 'alicloud/resource_alicloud_nat_gateway.go';
const SNAT = 'alicloud/resource_alicloud_snat_entry.go';
const EB_RULE = 'alicloud/resource_alicloud_event_bridge_rule.go';
const IMC = 'alicloud/resource_alicloud_eci_image_cache.go';
const VSW = /^vsw-[a-z0-9]*$/;

/** The rules per Pulumi resource type. */
export const PROVIDER_RULES: Readonly<Record<string, readonly SourcedRule[]>> = {
  'alicloud:cs/managedKubernetes:ManagedKubernetes': [
    { rule: { kind: 'length', field: 'name', min: 1, max: 63 }, source: `${MK}:44` },
    {
      rule: {
        kind: 'oneOf',
        field: 'clusterSpec',
        values: [
          'ack.standard',
          'ack.pro.small',
          'ack.pro.xlarge',
          'ack.pro.2xlarge',
          'ack.pro.4xlarge',
        ],
      },
      source: `${MK}:688`,
    },
    { rule: { kind: 'items', field: 'vswitchIds', min: 1, max: 5 }, source: `${MK}:223-224` },
    {
      rule: { kind: 'pattern', field: 'vswitchIds', pattern: VSW, example: 'vsw-bp1...' },
      source: `${MK}:221`,
    },
    {
      rule: { kind: 'exactlyOne', fields: ['workerVswitchIds', 'vswitchIds', 'zoneIds'] },
      source: `${MK}:225`,
    },
    {
      rule: { kind: 'pattern', field: 'podVswitchIds', pattern: VSW, example: 'vsw-bp1...' },
      source: `${MK}:232`,
    },
    { rule: { kind: 'forceNew', field: 'podCidr' }, source: `${MK}:238` },
    { rule: { kind: 'forceNew', field: 'serviceCidr' }, source: `${MK}:243` },
    { rule: { kind: 'range', field: 'nodeCidrMask', min: 24, max: 28 }, source: `${MK}:250` },
    { rule: { kind: 'forceNew', field: 'nodeCidrMask' }, source: `${MK}:248` },
    {
      rule: { kind: 'dropsZero', field: 'newNatGateway' },
      source: `${MK}:1018`,
      note: 'false is never sent: CreateCluster gets no snat_entry and the API default applies (the schema default, true, applies when the field is left out)',
    },
    { rule: { kind: 'type', field: 'version', type: 'string' }, source: `${MK}:305-306` },
    {
      rule: { kind: 'oneOf', field: 'proxyMode', values: ['iptables', 'ipvs', 'nftables'] },
      source: `${MK}:322`,
    },
    { rule: { kind: 'forceNew', field: 'proxyMode' }, source: `${MK}:320` },
    { rule: { kind: 'oneOf', field: 'ipStack', values: ['ipv4', 'dual'] }, source: `${MK}:329` },
    { rule: { kind: 'forceNew', field: 'ipStack' }, source: `${MK}:328` },
    {
      rule: { kind: 'conflicts', fields: ['isEnterpriseSecurityGroup', 'securityGroupId'] },
      source: `${MK}:592`,
    },
    {
      rule: { kind: 'type', field: 'controlPlaneLogTtl', type: 'string' },
      source: `${MK}:747-748`,
    },
    {
      rule: { kind: 'type', field: 'deletionProtection', type: 'boolean' },
      source: `${MK}:1002`,
      note: 'read with GetOkExists, so false is sent',
    },
  ],
  'alicloud:cs/nodePool:NodePool': [
    {
      rule: { kind: 'exactlyOne', fields: ['nodePoolName', 'name'] },
      source: `${NP}:661`,
    },
    {
      rule: { kind: 'conflicts', fields: ['keyName', 'password', 'kmsEncryptedPassword'] },
      source: `${NP}:303,676`,
    },
    {
      rule: { kind: 'oneRequired', fields: ['keyName', 'password', 'kmsEncryptedPassword'] },
      source: `${NP_DOC}:745,827`,
      note: 'documented ("You have to specify one of"), not enforced by the schema',
    },
    {
      rule: { kind: 'oneOf', field: 'instanceChargeType', values: ['PrePaid', 'PostPaid'] },
      source: `${NP}:204`,
    },
    { rule: { kind: 'oneOf', field: 'period', values: [0, 1, 2, 3, 6, 12] }, source: `${NP}:681` },
    { rule: { kind: 'oneOf', field: 'periodUnit', values: ['Month'] }, source: `${NP}:687` },
    {
      rule: { kind: 'oneOf', field: 'autoRenewPeriod', values: [0, 1, 2, 3, 6, 12] },
      source: `${NP}:62`,
    },
    { rule: { kind: 'type', field: 'desiredSize', type: 'string' }, source: `${NP}:158-159` },
    {
      rule: {
        kind: 'oneOf',
        field: 'multiAzPolicy',
        values: ['PRIORITY', 'COST_OPTIMIZED', 'BALANCE'],
      },
      source: `${NP}:646`,
    },
    {
      rule: {
        kind: 'oneOf',
        field: 'imageType',
        values: [
          'AliyunLinux',
          'AliyunLinux3',
          'AliyunLinux3Arm64',
          'AliyunLinuxUEFI',
          'CentOS',
          'Windows',
          'WindowsCore',
          'ContainerOS',
          'AliyunLinuxSecurity',
          'Ubuntu',
          'AliyunLinux3ContainerOptimized',
          'Custom',
          'AliyunLinux4ContainerOptimized',
          'AliyunLinux4',
          'AliyunLinux4Arm64',
          'AliyunLinux4Security',
          'AliyunLinux4ContainerOptimizedArm64',
        ],
      },
      source: `${NP}:193`,
    },
    {
      rule: {
        kind: 'oneOf',
        field: 'systemDiskCategory',
        values: [
          'cloud_efficiency',
          'cloud_ssd',
          'cloud_essd',
          'cloud_auto',
          'cloud_essd_entry',
          'cloud',
        ],
      },
      source: `${NP}:897`,
    },
    { rule: { kind: 'type', field: 'systemDiskSize', type: 'number' }, source: `${NP}:921-922` },
    {
      rule: {
        kind: 'oneOf',
        field: 'scalingConfig.type',
        values: ['cpu', 'gpu', 'gpushare', 'spot'],
      },
      source: `${NP}:786`,
    },
    {
      rule: { kind: 'range', field: 'scalingConfig.minSize', min: 0, max: 1000 },
      source: `${NP}:781`,
    },
    {
      rule: { kind: 'range', field: 'scalingConfig.maxSize', min: 0, max: 2000 },
      source: `${NP}:807`,
    },
    { rule: { kind: 'conflicts', fields: ['scalingConfig', 'instances'] }, source: `${NP}:774` },
    { rule: { kind: 'forceNew', field: 'securityGroupIds' }, source: `${NP}:840` },
    { rule: { kind: 'forceNew', field: 'loginAsNonRoot' }, source: `${NP}:545` },
  ],
  'alicloud:cs/kubernetesAddon:KubernetesAddon': [
    { rule: { kind: 'forceNew', field: 'clusterId' }, source: `${ADDON}:36` },
    { rule: { kind: 'forceNew', field: 'name' }, source: `${ADDON}:41` },
    { rule: { kind: 'type', field: 'config', type: 'string' }, source: `${ADDON}:62-63` },
  ],
  'alicloud:vpc/natGateway:NatGateway': [
    {
      rule: { kind: 'oneOf', field: 'natType', values: ['Enhanced', 'Normal'] },
      source: `${NAT}:71`,
    },
    {
      rule: { kind: 'oneOf', field: 'paymentType', values: ['PayAsYouGo', 'Subscription'] },
      source: `${NAT}:78`,
    },
    {
      rule: { kind: 'oneOf', field: 'internetChargeType', values: ['PayByLcu', 'PayBySpec'] },
      source: `${NAT}:52`,
    },
    {
      rule: { kind: 'oneOf', field: 'networkType', values: ['internet', 'intranet'] },
      source: `${NAT}:178`,
    },
    { rule: { kind: 'forceNew', field: 'vpcId' }, source: `${NAT}:167` },
  ],
  'alicloud:eventbridge/rule:Rule': [
    { rule: { kind: 'forceNew', field: 'eventBusName' }, source: `${EB_RULE}:31` },
    { rule: { kind: 'forceNew', field: 'ruleName' }, source: `${EB_RULE}:36` },
    {
      rule: {
        kind: 'oneOf',
        field: 'targets[].type',
        values: [
          'acs.alikafka',
          'acs.api.destination',
          'acs.arms.loki',
          'acs.datahub',
          'acs.dingtalk',
          'acs.eventbridge',
          'acs.eventbridge.olap',
          'acs.eventbus.SLSCloudLens',
          'acs.fc.function',
          'acs.fnf',
          'acs.k8s',
          'acs.mail',
          'acs.mns.queue',
          'acs.mns.topic',
          'acs.openapi',
          'acs.rabbitmq',
          'acs.rds.mysql',
          'acs.rocketmq',
          'acs.sae',
          'acs.sls',
          'acs.sms',
          'ApacheKafkaSelf',
          'http',
          'https',
          'mysql',
        ],
      },
      source: `${EB_RULE}:65`,
    },
    {
      rule: {
        kind: 'oneOf',
        field: 'targets[].pushRetryStrategy',
        values: ['BACKOFF_RETRY', 'EXPONENTIAL_DECAY_RETRY'],
      },
      source: `${EB_RULE}:100`,
    },
    {
      rule: {
        kind: 'oneOf',
        field: 'targets[].paramLists[].form',
        values: ['ORIGINAL', 'TEMPLATE', 'JSONPATH', 'CONSTANT'],
      },
      source: `${EB_RULE}:128`,
    },
  ],
  'alicloud:eci/imageCache:ImageCache': [
    { rule: { kind: 'forceNew', field: 'imageCacheName' }, source: `${IMC}:37` },
    {
      rule: { kind: 'forceNew', field: 'images' },
      source: `${IMC}:71`,
      note: 'every field of an image cache is ForceNew: a new image list replaces the cache',
    },
    { rule: { kind: 'type', field: 'imageCacheSize', type: 'number' }, source: `${IMC}:39-40` },
    { rule: { kind: 'type', field: 'retentionDays', type: 'number' }, source: `${IMC}:78-79` },
  ],
  'alicloud:vpc/snatEntry:SnatEntry': [
    {
      rule: { kind: 'conflicts', fields: ['sourceCidr', 'sourceVswitchId'] },
      source: `${SNAT}:57,64`,
    },
    { rule: { kind: 'forceNew', field: 'sourceVswitchId' }, source: `${SNAT}:62` },
  ],
};

/** True for a value known now (not an Output or a Promise). */
function known(v: unknown): boolean {
  if (v === undefined || v === null) return false;
  if (typeof v !== 'object') return true;
  const o = v as Record<string, unknown>;
  return !(
    o.__pulumiOutput === true ||
    typeof o.then === 'function' ||
    typeof o.apply === 'function'
  );
}

/**
 * The known values at `field`, a dotted path in which `name[]` stands for every element of the
 * list `name` (`targets[].type`), each with its concrete path (`targets[0].type`).
 */
function collect(
  inputs: Readonly<Record<string, unknown>>,
  field: string,
): { path: string; value: unknown }[] {
  let found: { path: string; value: unknown }[] = [{ path: '', value: inputs }];
  for (const segment of field.split('.')) {
    const each = segment.endsWith('[]');
    const key = each ? segment.slice(0, -2) : segment;
    const next: { path: string; value: unknown }[] = [];
    for (const f of found) {
      if (!known(f.value) || typeof f.value !== 'object') continue;
      const v = (f.value as Record<string, unknown>)[key];
      const path = f.path === '' ? key : `${f.path}.${key}`;
      if (!each) next.push({ path, value: v });
      else if (Array.isArray(v))
        v.forEach((item, i) => next.push({ path: `${path}[${i}]`, value: item }));
    }
    found = next;
  }
  return found.filter((f) => known(f.value));
}

function get(inputs: Readonly<Record<string, unknown>>, field: string): unknown {
  return collect(inputs, field)[0]?.value;
}

const present = (v: unknown) => v !== undefined && v !== null;
const quoted = (fields: readonly string[]) => fields.map((f) => `'${f}'`).join(', ');

/** Checks `inputs` of a resource of `type` against its rules; `path` prefixes every issue path. */
export function checkProviderInputs(
  type: string,
  inputs: Readonly<Record<string, unknown>>,
  path: string,
): Issue[] {
  const issues: Issue[] = [];
  const at = (field: string) => (path === '' ? field : `${path}.${field}`);
  for (const { rule, source } of PROVIDER_RULES[type] ?? []) {
    const cite = ` (provider rule ${source})`;
    switch (rule.kind) {
      case 'oneOf': {
        for (const { path: p, value: v } of collect(inputs, rule.field)) {
          if (!rule.values.includes(v as string | number)) {
            issues.push({
              path: at(p),
              message: `${show(v)} is not accepted by the provider; use one of ${rule.values.join(', ')}${cite}`,
            });
          }
        }
        break;
      }
      case 'range': {
        const v = get(inputs, rule.field);
        if (
          known(v) &&
          (!Number.isInteger(v) || (v as number) < rule.min || (v as number) > rule.max)
        ) {
          issues.push({
            path: at(rule.field),
            message: `${show(v)} must be a whole number from ${rule.min} to ${rule.max}${cite}`,
          });
        }
        break;
      }
      case 'length': {
        const v = get(inputs, rule.field);
        if (typeof v === 'string' && (v.length < rule.min || v.length > rule.max)) {
          issues.push({
            path: at(rule.field),
            message: `${show(v)} has ${v.length} characters; use ${rule.min} to ${rule.max}${cite}`,
          });
        }
        break;
      }
      case 'items': {
        const v = get(inputs, rule.field);
        if (known(v) && Array.isArray(v) && (v.length < rule.min || v.length > rule.max)) {
          issues.push({
            path: at(rule.field),
            message: `${v.length} item(s) given; the provider takes ${rule.min} to ${rule.max}${cite}`,
          });
        }
        break;
      }
      case 'pattern': {
        const v = get(inputs, rule.field);
        const list = Array.isArray(v) ? v : known(v) ? [v] : [];
        list.forEach((item, i) => {
          if (typeof item === 'string' && !rule.pattern.test(item)) {
            issues.push({
              path: Array.isArray(v) ? `${at(rule.field)}[${i}]` : at(rule.field),
              message: `${show(item)} does not look like ${show(rule.example)}${cite}`,
            });
          }
        });
        break;
      }
      case 'type': {
        for (const { path: p, value: v } of collect(inputs, rule.field)) {
          if (typeof v !== rule.type) {
            const fix = rule.type === 'string' ? `; write it as '${String(v)}'` : '';
            issues.push({
              path: at(p),
              message: `${show(v)} is a ${typeof v}; the provider takes a ${rule.type}${fix}${cite}`,
            });
          }
        }
        break;
      }
      case 'conflicts': {
        const set = rule.fields.filter((f) => present(inputs[f]));
        if (set.length > 1) {
          issues.push({
            path: at(set[1]),
            message: `${quoted(set)} are both set; the provider takes only one of ${quoted(rule.fields)}${cite}`,
          });
        }
        break;
      }
      case 'exactlyOne':
      case 'oneRequired': {
        const set = rule.fields.filter((f) => present(inputs[f]));
        if (set.length === 0) {
          issues.push({
            path: at(rule.fields[0]),
            message: `none of ${quoted(rule.fields)} is set; the provider needs ${rule.kind === 'exactlyOne' ? 'exactly' : 'at least'} one${cite}`,
          });
        } else if (rule.kind === 'exactlyOne' && set.length > 1) {
          issues.push({
            path: at(set[1]),
            message: `${quoted(set)} are both set; the provider takes exactly one of ${quoted(rule.fields)}${cite}`,
          });
        }
        break;
      }
      case 'forceNew':
      case 'dropsZero':
        break;
    }
  }
  return issues;
}
