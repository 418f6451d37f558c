import { ClusterConfig, FeatureRequirement, checkFeatures, featureValue } from './cluster-config';
import {
  ContainerProps,
  ContainerRole,
  ContainerSecurityContext,
  SeccompProfile,
  checkContainer,
  checkSeccomp,
  containerFeatures,
  renderContainer,
} from './container';
import { ProbeKind, canonical, isObject, listAnd, listField, objectField } from './probe';
import { VolumeProps, checkVolumes, renderVolume, volumeFeatures } from './volume';
import {
  Issue,
  checkDns1123Subdomain,
  checkNumber,
  checkStringMap,
  joinPath,
  show,
} from '../validation';

/**
 * The pod part of a Knative revision template (knative-rules §3.6–§3.10, §2.4). Only the fields in
 * Knative's `PodSpecMask` can be written: `restartPolicy`, `terminationGracePeriodSeconds`,
 * `activeDeadlineSeconds`, `nodeName`, `hostname`, `subdomain`, `priority`, `readinessGates`,
 * `ephemeralContainers`, `overhead`, `os`, pod-level `resources` and the rest are not in the type.
 * Fields marked "gated" need a `config-features` flag; `podSpecFeatures` lists the ones used.
 */
export interface PodSpecProps {
  /**
   * The containers. With more than one, exactly one (the serving container) sets `port`; the
   * others are sidecars. More than one needs `multi-container` (enabled by default).
   */
  readonly containers: readonly ContainerProps[];
  /**
   * Init containers; gated: `kubernetes.podspec-init-containers` must be exactly `enabled`.
   * @default - none
   */
  readonly initContainers?: readonly ContainerProps[];
  /**
   * Volumes; each must be mounted by some container. Sources other than secret, configMap and
   * projected are gated (emptyDir is enabled by default).
   * @default - none
   */
  readonly volumes?: readonly VolumeProps[];
  /**
   * Service account; a DNS-1123 subdomain.
   * @default - the namespace's `default` service account
   */
  readonly serviceAccountName?: string;
  /**
   * Names of Secrets used to pull images.
   * @default - none (the service account's)
   */
  readonly imagePullSecrets?: readonly string[];
  /**
   * Inject Service environment variables (`FOO_SERVICE_HOST`...).
   * @default - the cluster's config-defaults `enable-service-links` (false)
   */
  readonly enableServiceLinks?: boolean;
  /**
   * Only `false` is allowed: do not mount the service account token.
   * @default - the service account's setting (mounted)
   */
  readonly automountServiceAccountToken?: false;
  /**
   * Node labels the pod must match (ECI: `type: virtual-kubelet`). Gated:
   * `kubernetes.podspec-nodeselector` (enabled or allowed).
   * @default - none
   */
  readonly nodeSelector?: Readonly<Record<string, string>>;
  /** Gated: `kubernetes.podspec-tolerations` (enabled or allowed). @default - none */
  readonly tolerations?: readonly Toleration[];
  /** Gated: `kubernetes.podspec-affinity` (enabled or allowed). @default - none */
  readonly affinity?: Affinity;
  /** Gated: `kubernetes.podspec-runtimeclassname` (enabled or allowed). @default - none */
  readonly runtimeClassName?: string;
  /**
   * Pod security context (the subset Knative allows). Gated: `kubernetes.podspec-securitycontext`
   * (enabled or allowed).
   * @default - none
   */
  readonly securityContext?: PodSecurityContext;
  /**
   * Fill every container's unset security fields with the `restricted` values (see
   * `hardenSecurityContext`): what Knative warns about when they are left unset. A field the
   * container (or, for `runAsNonRoot` and `seccompProfile`, the pod) sets keeps its value, so a
   * relaxation is written out by name, e.g. `securityContext: { runAsNonRoot: false }`.
   * @default true
   */
  readonly secureDefaults?: boolean;
  /** Gated: `kubernetes.podspec-topologyspreadconstraints` (enabled or allowed). @default - none */
  readonly topologySpreadConstraints?: readonly TopologySpreadConstraint[];
  /** Gated: `kubernetes.podspec-priorityclassname` (enabled or allowed). @default - none */
  readonly priorityClassName?: string;
  /** Gated: `kubernetes.podspec-schedulername` (enabled or allowed). @default - the default scheduler */
  readonly schedulerName?: string;
  /** Gated: `kubernetes.podspec-hostaliases` (enabled or allowed). @default - none */
  readonly hostAliases?: readonly HostAlias[];
  /** Gated: `kubernetes.podspec-dnspolicy` (enabled or allowed). @default 'ClusterFirst' */
  readonly dnsPolicy?: 'ClusterFirst' | 'ClusterFirstWithHostNet' | 'Default' | 'None';
  /** Gated: `kubernetes.podspec-dnsconfig` (enabled or allowed). @default - none */
  readonly dnsConfig?: PodDnsConfig;
  /** Gated: `kubernetes.podspec-shareprocessnamespace` (enabled or allowed). @default false */
  readonly shareProcessNamespace?: boolean;
  /** Gated: `kubernetes.podspec-hostipc` (enabled or allowed). @default false */
  readonly hostIPC?: boolean;
  /** Gated: `kubernetes.podspec-hostpid` (enabled or allowed). @default false */
  readonly hostPID?: boolean;
  /** Gated: `kubernetes.podspec-hostnetwork` (enabled or allowed). @default false */
  readonly hostNetwork?: boolean;
}

export interface Toleration {
  /** Taint key; empty with `Exists` tolerates everything. @default '' */
  readonly key?: string;
  /** @default 'Equal' */
  readonly operator?: 'Equal' | 'Exists';
  /** Must be empty with `Exists`. @default '' */
  readonly value?: string;
  /** @default - every effect */
  readonly effect?: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
  /** Only with `NoExecute`. @default - forever */
  readonly tolerationSeconds?: number;
}

export interface LabelSelectorRequirement {
  readonly key: string;
  readonly operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  /** @default - none */
  readonly values?: readonly string[];
}

export interface LabelSelector {
  /** @default - none */
  readonly matchLabels?: Readonly<Record<string, string>>;
  /** @default - none */
  readonly matchExpressions?: readonly LabelSelectorRequirement[];
}

export interface NodeSelectorRequirement {
  readonly key: string;
  readonly operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'Gt' | 'Lt';
  /** @default - none */
  readonly values?: readonly string[];
}

export interface NodeSelectorTerm {
  /** @default - none */
  readonly matchExpressions?: readonly NodeSelectorRequirement[];
  /** @default - none */
  readonly matchFields?: readonly NodeSelectorRequirement[];
}

export interface NodeAffinity {
  /** @default - none */
  readonly requiredDuringSchedulingIgnoredDuringExecution?: {
    readonly nodeSelectorTerms: readonly NodeSelectorTerm[];
  };
  /** @default - none */
  readonly preferredDuringSchedulingIgnoredDuringExecution?: readonly {
    readonly weight: number;
    readonly preference: NodeSelectorTerm;
  }[];
}

export interface PodAffinityTerm {
  readonly topologyKey: string;
  /** @default - no pods */
  readonly labelSelector?: LabelSelector;
  /** @default - the pod's namespace */
  readonly namespaces?: readonly string[];
  /** @default - none */
  readonly namespaceSelector?: LabelSelector;
}

export interface PodAffinity {
  /** @default - none */
  readonly requiredDuringSchedulingIgnoredDuringExecution?: readonly PodAffinityTerm[];
  /** @default - none */
  readonly preferredDuringSchedulingIgnoredDuringExecution?: readonly {
    readonly weight: number;
    readonly podAffinityTerm: PodAffinityTerm;
  }[];
}

export interface Affinity {
  /** @default - none */
  readonly nodeAffinity?: NodeAffinity;
  /** @default - none */
  readonly podAffinity?: PodAffinity;
  /** @default - none */
  readonly podAntiAffinity?: PodAffinity;
}

/**
 * The pod security context fields Knative allows; `seLinuxOptions`, `windowsOptions`, `sysctls`
 * and `fsGroupChangePolicy` cannot be written.
 */
export interface PodSecurityContext {
  /** 0 to 2147483647. @default - the image's user */
  readonly runAsUser?: number;
  /** 0 to 2147483647. @default - the image's group */
  readonly runAsGroup?: number;
  /** @default - not enforced */
  readonly runAsNonRoot?: boolean;
  /** 0 to 2147483647. @default - none */
  readonly fsGroup?: number;
  /** Each 0 to 2147483647. @default - none */
  readonly supplementalGroups?: readonly number[];
  /** @default - the runtime's */
  readonly seccompProfile?: SeccompProfile;
}

export interface TopologySpreadConstraint {
  /** At least 1. */
  readonly maxSkew: number;
  readonly topologyKey: string;
  readonly whenUnsatisfiable: 'DoNotSchedule' | 'ScheduleAnyway';
  /** @default - no pods */
  readonly labelSelector?: LabelSelector;
  /** @default - none */
  readonly minDomains?: number;
  /** @default - none */
  readonly matchLabelKeys?: readonly string[];
}

export interface HostAlias {
  readonly ip: string;
  readonly hostnames: readonly string[];
}

export interface PodDnsConfig {
  /** @default - none */
  readonly nameservers?: readonly string[];
  /** @default - none */
  readonly searches?: readonly string[];
  /** @default - none */
  readonly options?: readonly { readonly name: string; readonly value?: string }[];
}

/** Each gated pod field and its flag; all accept `enabled` or `allowed`. */
// knative/serving pkg/apis/serving/fieldmask.go PodSpecMask
export const POD_FIELD_FLAGS = {
  affinity: 'kubernetes.podspec-affinity',
  topologySpreadConstraints: 'kubernetes.podspec-topologyspreadconstraints',
  hostAliases: 'kubernetes.podspec-hostaliases',
  nodeSelector: 'kubernetes.podspec-nodeselector',
  tolerations: 'kubernetes.podspec-tolerations',
  runtimeClassName: 'kubernetes.podspec-runtimeclassname',
  securityContext: 'kubernetes.podspec-securitycontext',
  shareProcessNamespace: 'kubernetes.podspec-shareprocessnamespace',
  priorityClassName: 'kubernetes.podspec-priorityclassname',
  schedulerName: 'kubernetes.podspec-schedulername',
  dnsPolicy: 'kubernetes.podspec-dnspolicy',
  dnsConfig: 'kubernetes.podspec-dnsconfig',
  hostIPC: 'kubernetes.podspec-hostipc',
  hostPID: 'kubernetes.podspec-hostpid',
  hostNetwork: 'kubernetes.podspec-hostnetwork',
} as const;

/**
 * Pod fields Knative never allows. The type cannot express them; they are listed so that untyped
 * input (YAML, JavaScript) fails here rather than at the webhook. The props may carry other keys
 * (a revision template's), so this is a deny list, not an allow list.
 */
// knative/serving pkg/apis/serving/fieldmask.go PodSpecMask (fields left out of the mask)
export const FORBIDDEN_POD_FIELDS: readonly string[] = [
  'restartPolicy',
  'terminationGracePeriodSeconds',
  'activeDeadlineSeconds',
  'nodeName',
  'hostname',
  'subdomain',
  'priority',
  'readinessGates',
  'ephemeralContainers',
  'overhead',
  'preemptionPolicy',
  'os',
  'schedulingGates',
  'resourceClaims',
  'hostUsers',
  'setHostnameAsFQDN',
  'resources',
  'serviceAccount',
];

const POD_SECURITY_CONTEXT_FIELDS = [
  'runAsUser',
  'runAsGroup',
  'runAsNonRoot',
  'fsGroup',
  'supplementalGroups',
  'seccompProfile',
];
const PROBES: readonly ProbeKind[] = ['livenessProbe', 'readinessProbe', 'startupProbe'];
const MAX_ID = 2147483647;

/** The index of the serving container: the only one, or the single one with a port. */
export function servingContainerIndex(containers: readonly ContainerProps[]): number | undefined {
  if (containers.length === 1) return 0;
  const withPort = containers.flatMap((c, i) => (hasPort(c) ? [i] : []));
  return withPort.length === 1 ? withPort[0] : undefined;
}

function hasPort(c: ContainerProps): boolean {
  return isObject(c) && (c.port !== undefined || c.portName !== undefined);
}

/**
 * Every structural rule of the pod, all problems at once. Feature flags are not checked here
 * (see `podSpecFeatures`); the cluster only decides rules whose shape depends on a flag.
 */
// knative/serving pkg/apis/serving/k8s_validation.go ValidatePodSpec
export function checkPodSpec(props: PodSpecProps, path: string, cluster: ClusterConfig): Issue[] {
  const issues: Issue[] = [];
  if (!isObject(props))
    return [{ path, message: `pod spec ${show(props)} must be an object with containers` }];
  for (const field of FORBIDDEN_POD_FIELDS) {
    if ((props as unknown as Record<string, unknown>)[field] !== undefined) {
      issues.push({
        path: joinPath(path, field),
        message: `'${field}' is not a field Knative allows in a pod spec; remove it`,
      });
    }
  }
  const cPath = joinPath(path, 'containers');
  const containers =
    props.containers === undefined ? [] : listField(props.containers, cPath, 'containers', issues);
  const initContainers = listField(
    props.initContainers,
    joinPath(path, 'initContainers'),
    'initContainers',
    issues,
  );
  const volumes = Array.isArray(props.volumes) ? props.volumes : [];
  if (
    containers.length === 0 &&
    (props.containers === undefined || Array.isArray(props.containers))
  ) {
    issues.push({
      path: cPath,
      message: `containers is empty; a Knative revision needs at least one container`,
    });
  }

  // Volumes: every volume mounted by some container (init containers included).
  const mounted = new Set<string>();
  for (const c of [...initContainers, ...containers]) {
    if (isObject(c) && Array.isArray(c.volumeMounts))
      for (const m of c.volumeMounts) if (isObject(m)) mounted.add(m.name);
  }
  issues.push(...checkVolumes(volumes, joinPath(path, 'volumes'), mounted));

  // Ports: at most one in the pod; with several containers exactly one.
  // k8s_validation.go validateContainersPorts
  const withPort = containers.flatMap((c, i) => (hasPort(c) ? [i] : []));
  if (withPort.length > 1) {
    issues.push({
      path: cPath,
      message: `port is set on ${listAnd(withPort.map((i) => `containers[${i}]`))}; Knative allows one port in total, on the serving container; remove port from the sidecars`,
    });
  } else if (withPort.length === 0 && containers.length > 1) {
    issues.push({
      path: cPath,
      message: `none of the ${containers.length} containers sets port; with several containers exactly one (the serving container) must set port, such as port: 8080`,
    });
  }
  const serving = servingContainerIndex(containers);
  // With multi-container-probing enabled, sidecar probes must name their ports; without it they
  // are not allowed at all, which podSpecFeatures reports (k8s_validation.go validateSidecarContainer).
  const probing = featureValue(cluster, 'multi-container-probing') === 'enabled';

  // Containers and init containers; names unique across both.
  // k8s_validation.go validateContainers, validateInitContainers
  const names = new Map<string, string>();
  const visit = (c: ContainerProps, at: string, role: ContainerRole): void => {
    issues.push(...checkContainer(c, at, { role, volumes, sidecarProbing: probing }));
    if (isObject(c) && typeof c.name === 'string' && c.name !== '') {
      const first = names.get(c.name);
      if (first !== undefined) {
        issues.push({
          path: joinPath(at, 'name'),
          message: `container name ${show(c.name)} is already used by ${first}; names must be unique across containers and initContainers`,
        });
      } else {
        names.set(c.name, at.slice(path === '' ? 0 : path.length + 1));
      }
    }
  };
  containers.forEach((c, i) => {
    // With several containers and no single serving container, treat the ones with a port as serving.
    const role: ContainerRole =
      i === serving || (serving === undefined && hasPort(c)) ? 'serving' : 'sidecar';
    visit(c, joinPath(cPath, i), role);
  });
  initContainers.forEach((c, i) => visit(c, joinPath(joinPath(path, 'initContainers'), i), 'init'));

  if (props.serviceAccountName !== undefined) {
    issues.push(
      ...checkDns1123Subdomain(
        props.serviceAccountName,
        joinPath(path, 'serviceAccountName'),
        'serviceAccountName',
      ),
    );
  }
  listField(
    props.imagePullSecrets,
    joinPath(path, 'imagePullSecrets'),
    'imagePullSecrets',
    issues,
  ).forEach((name, i) => {
    issues.push(
      ...checkDns1123Subdomain(
        name,
        joinPath(joinPath(path, 'imagePullSecrets'), i),
        'imagePullSecrets name',
      ),
    );
  });
  if (
    props.automountServiceAccountToken !== undefined &&
    props.automountServiceAccountToken !== false
  ) {
    // fieldmask.go PodSpecMask keeps automountServiceAccountToken only when it is false
    issues.push({
      path: joinPath(path, 'automountServiceAccountToken'),
      message: `automountServiceAccountToken ${show(props.automountServiceAccountToken)} is not allowed by Knative; remove it (the token is mounted by default) or set false`,
    });
  }
  if (props.enableServiceLinks !== undefined && typeof props.enableServiceLinks !== 'boolean') {
    issues.push({
      path: joinPath(path, 'enableServiceLinks'),
      message: `enableServiceLinks ${show(props.enableServiceLinks)} must be true or false`,
    });
  }
  issues.push(...checkGatedFields(props, path));
  return issues;
}

// Shape checks of the gated fields (k8s.io/kubernetes pkg/apis/core/validation); whether the
// cluster allows them at all is podSpecFeatures' job.
function checkGatedFields(props: PodSpecProps, path: string): Issue[] {
  const issues: Issue[] = [];
  if (
    props.nodeSelector !== undefined &&
    objectField(props.nodeSelector, joinPath(path, 'nodeSelector'), 'nodeSelector', issues)
  ) {
    issues.push(
      ...checkStringMap(
        props.nodeSelector as Record<string, unknown>,
        joinPath(path, 'nodeSelector'),
        'nodeSelector',
      ),
    );
  }
  listField(props.tolerations, joinPath(path, 'tolerations'), 'tolerations', issues).forEach(
    (t, i) => {
      const at = joinPath(joinPath(path, 'tolerations'), i);
      if (!objectField(t, at, `tolerations[${i}]`, issues)) return;
      if (t.operator !== undefined && t.operator !== 'Equal' && t.operator !== 'Exists') {
        issues.push({
          path: joinPath(at, 'operator'),
          message: `toleration operator ${show(t.operator)} is not allowed; use 'Equal' or 'Exists'`,
        });
      }
      if (t.operator === 'Exists' && t.value !== undefined && t.value !== '') {
        issues.push({
          path: joinPath(at, 'value'),
          message: `toleration value ${show(t.value)} must be empty with operator 'Exists'; remove it or use operator 'Equal'`,
        });
      }
      if (
        t.effect !== undefined &&
        !['NoSchedule', 'PreferNoSchedule', 'NoExecute'].includes(t.effect)
      ) {
        issues.push({
          path: joinPath(at, 'effect'),
          message: `toleration effect ${show(t.effect)} is not allowed; use 'NoSchedule', 'PreferNoSchedule' or 'NoExecute'`,
        });
      }
      if (t.tolerationSeconds !== undefined && t.effect !== 'NoExecute') {
        issues.push({
          path: joinPath(at, 'tolerationSeconds'),
          message: `tolerationSeconds only applies with effect 'NoExecute'; set effect: 'NoExecute' or remove it`,
        });
      }
    },
  );
  if (props.runtimeClassName !== undefined) {
    issues.push(
      ...checkDns1123Subdomain(
        props.runtimeClassName,
        joinPath(path, 'runtimeClassName'),
        'runtimeClassName',
      ),
    );
  }
  if (props.priorityClassName !== undefined) {
    issues.push(
      ...checkDns1123Subdomain(
        props.priorityClassName,
        joinPath(path, 'priorityClassName'),
        'priorityClassName',
      ),
    );
  }
  if (props.securityContext !== undefined) {
    issues.push(
      ...checkPodSecurityContext(props.securityContext, joinPath(path, 'securityContext')),
    );
  }
  listField(
    props.topologySpreadConstraints,
    joinPath(path, 'topologySpreadConstraints'),
    'topologySpreadConstraints',
    issues,
  ).forEach((c, i) => {
    const at = joinPath(joinPath(path, 'topologySpreadConstraints'), i);
    if (!objectField(c, at, `topologySpreadConstraints[${i}]`, issues)) return;
    issues.push(
      ...checkNumber(c.maxSkew, joinPath(at, 'maxSkew'), 'maxSkew', {
        min: 1,
        max: MAX_ID,
        integer: true,
      }),
    );
    if (typeof c.topologyKey !== 'string' || c.topologyKey === '') {
      issues.push({
        path: joinPath(at, 'topologyKey'),
        message: `topologyKey is required, such as 'topology.kubernetes.io/zone'`,
      });
    }
    if (c.whenUnsatisfiable !== 'DoNotSchedule' && c.whenUnsatisfiable !== 'ScheduleAnyway') {
      issues.push({
        path: joinPath(at, 'whenUnsatisfiable'),
        message: `whenUnsatisfiable ${show(c.whenUnsatisfiable)} is not allowed; use 'DoNotSchedule' or 'ScheduleAnyway'`,
      });
    }
  });
  for (const [list, field] of [
    [props.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution, 'nodeAffinity'],
    [props.affinity?.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution, 'podAffinity'],
    [
      props.affinity?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution,
      'podAntiAffinity',
    ],
  ] as const) {
    (Array.isArray(list) ? list : []).forEach((term, i) => {
      issues.push(
        ...checkNumber(
          isObject(term) ? term.weight : undefined,
          joinPath(
            joinPath(
              joinPath(
                joinPath(joinPath(path, 'affinity'), field),
                'preferredDuringSchedulingIgnoredDuringExecution',
              ),
              i,
            ),
            'weight',
          ),
          'affinity weight',
          { min: 1, max: 100, integer: true },
        ),
      );
    });
  }
  if (props.dnsPolicy !== undefined) {
    if (!['ClusterFirst', 'ClusterFirstWithHostNet', 'Default', 'None'].includes(props.dnsPolicy)) {
      issues.push({
        path: joinPath(path, 'dnsPolicy'),
        message: `dnsPolicy ${show(props.dnsPolicy)} is not allowed; use 'ClusterFirst', 'ClusterFirstWithHostNet', 'Default' or 'None'`,
      });
    } else if (
      props.dnsPolicy === 'None' &&
      !(Array.isArray(props.dnsConfig?.nameservers) && props.dnsConfig.nameservers.length > 0)
    ) {
      issues.push({
        path: joinPath(path, 'dnsConfig'),
        message: `dnsPolicy 'None' needs dnsConfig.nameservers with at least one server; add them or use another dnsPolicy`,
      });
    }
  }
  listField(props.hostAliases, joinPath(path, 'hostAliases'), 'hostAliases', issues).forEach(
    (h, i) => {
      const at = joinPath(joinPath(path, 'hostAliases'), i);
      if (!objectField(h, at, `hostAliases[${i}]`, issues)) return;
      if (typeof h.ip !== 'string' || h.ip === '') {
        issues.push({
          path: joinPath(at, 'ip'),
          message: `hostAliases ip is required, such as '10.0.0.1'`,
        });
      }
      if (!Array.isArray(h.hostnames) || h.hostnames.length === 0) {
        issues.push({
          path: joinPath(at, 'hostnames'),
          message: `hostAliases hostnames is empty; give at least one name`,
        });
      }
    },
  );
  return issues;
}

/** Checks the pod security context subset Knative allows with `kubernetes.podspec-securitycontext`. */
// knative/serving pkg/apis/serving/k8s_validation.go ValidatePodSecurityContext; fieldmask.go PodSecurityContextMask
export function checkPodSecurityContext(sc: PodSecurityContext, path: string): Issue[] {
  if (!isObject(sc)) return [{ path, message: `securityContext ${show(sc)} must be an object` }];
  const issues: Issue[] = [];
  for (const key of Object.keys(sc)) {
    if (
      !POD_SECURITY_CONTEXT_FIELDS.includes(key) &&
      (sc as Record<string, unknown>)[key] !== undefined
    ) {
      issues.push({
        path: joinPath(path, key),
        message: `'${key}' is not a field Knative allows in a pod securityContext; remove it`,
      });
    }
  }
  for (const field of ['runAsUser', 'runAsGroup', 'fsGroup'] as const) {
    if (sc[field] !== undefined) {
      issues.push(
        ...checkNumber(sc[field], joinPath(path, field), field, {
          min: 0,
          max: MAX_ID,
          integer: true,
        }),
      );
    }
  }
  listField(
    sc.supplementalGroups,
    joinPath(path, 'supplementalGroups'),
    'supplementalGroups',
    issues,
  ).forEach((gid, i) => {
    issues.push(
      ...checkNumber(
        gid,
        joinPath(joinPath(path, 'supplementalGroups'), i),
        'supplementalGroups entry',
        {
          min: 0,
          max: MAX_ID,
          integer: true,
        },
      ),
    );
  });
  if (sc.seccompProfile !== undefined)
    issues.push(...checkSeccomp(sc.seccompProfile, joinPath(path, 'seccompProfile')));
  return issues;
}

/**
 * Every `config-features` flag the pod needs, each with the path of the field that needs it:
 * gated pod fields, init containers, gated volume sources and writable claims, env fieldRef,
 * capabilities.add, mount propagation, more than one container and probes on sidecars.
 * `exact` is true where Knative needs exactly `enabled`. Feed them to `checkFeatures`.
 */
// knative/serving pkg/apis/serving/fieldmask.go, k8s_validation.go
export function podSpecFeatures(props: PodSpecProps, path: string): FeatureRequirement[] {
  const reqs: FeatureRequirement[] = [];
  if (!isObject(props)) return reqs;
  const containers = Array.isArray(props.containers) ? props.containers : [];
  const cPath = joinPath(path, 'containers');
  if (containers.length > 1) {
    // k8s_validation.go validateContainers: "multi-container is off"
    reqs.push({ flag: 'multi-container', exact: true, path: cPath, field: 'containers' });
  }
  const serving = servingContainerIndex(containers);
  containers.forEach((c, i) => {
    const at = joinPath(cPath, i);
    if (containers.length > 1 && i !== serving && !(serving === undefined && hasPort(c))) {
      // k8s_validation.go validateSidecarContainer
      for (const kind of PROBES) {
        if (isObject(c) && c[kind] !== undefined) {
          reqs.push({
            flag: 'multi-container-probing',
            exact: true,
            path: joinPath(at, kind),
            field: kind,
          });
        }
      }
    }
    reqs.push(...containerFeatures(c, at));
  });
  if (Array.isArray(props.initContainers) && props.initContainers.length > 0) {
    const iPath = joinPath(path, 'initContainers');
    reqs.push({
      flag: 'kubernetes.podspec-init-containers',
      exact: true,
      path: iPath,
      field: 'initContainers',
    });
    props.initContainers.forEach((c, i) => reqs.push(...containerFeatures(c, joinPath(iPath, i))));
  }
  if (Array.isArray(props.volumes))
    reqs.push(...volumeFeatures(props.volumes, joinPath(path, 'volumes')));
  for (const [field, flag] of Object.entries(POD_FIELD_FLAGS)) {
    if ((props as unknown as Record<string, unknown>)[field] !== undefined) {
      reqs.push({ flag, exact: false, path: joinPath(path, field), field });
    }
  }
  return reqs;
}

/** `checkPodSpec` plus the feature flags the pod needs, checked against the cluster. */
export function validatePodSpec(
  props: PodSpecProps,
  path: string,
  cluster: ClusterConfig,
): Issue[] {
  return [
    ...checkPodSpec(props, path, cluster),
    ...checkFeatures(podSpecFeatures(props, path), cluster),
  ];
}

/**
 * A container security context with the `restricted` Pod Security Standard values wherever the
 * container leaves a field unset: `runAsNonRoot: true`, `allowPrivilegeEscalation: false`,
 * `capabilities.drop: [ALL]` and `seccompProfile: RuntimeDefault`. Knative warns on each of these
 * when unset ("Kubernetes default value is insecure, Knative may default this to secure in a future
 * release"); an explicit value, even a relaxed one, draws no warning. `runAsNonRoot` and
 * `seccompProfile` set on the pod count as set. `readOnlyRootFilesystem` is never defaulted.
 */
// knative/serving pkg/apis/serving/k8s_validation.go warnDefaultContainerSecurityContext
export function hardenSecurityContext(
  sc: ContainerSecurityContext | undefined,
  pod?: PodSecurityContext,
): ContainerSecurityContext {
  const own: ContainerSecurityContext = isObject(sc) ? sc : {};
  const podSeccomp = isObject(pod?.seccompProfile) && pod.seccompProfile.type !== undefined;
  return {
    ...own,
    ...(own.runAsNonRoot === undefined && pod?.runAsNonRoot === undefined
      ? { runAsNonRoot: true }
      : {}),
    ...(own.allowPrivilegeEscalation === undefined ? { allowPrivilegeEscalation: false } : {}),
    ...(own.capabilities === undefined
      ? { capabilities: { drop: ['ALL'] } }
      : own.capabilities.drop === undefined
        ? { capabilities: { ...own.capabilities, drop: ['ALL'] } }
        : {}),
    ...(own.seccompProfile === undefined && !podSeccomp
      ? { seccompProfile: { type: 'RuntimeDefault' } }
      : {}),
  };
}

/** The pod spec as Kubernetes JSON, in a fixed key order, with unset fields omitted. */
export function renderPodSpec(props: PodSpecProps): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const render = (c: ContainerProps): Record<string, unknown> =>
    renderContainer(
      props.secureDefaults === false
        ? c
        : {
            ...c,
            securityContext: hardenSecurityContext(c.securityContext, props.securityContext),
          },
    );
  out.containers = props.containers.map(render);
  if (props.initContainers !== undefined) out.initContainers = props.initContainers.map(render);
  if (props.volumes !== undefined) out.volumes = props.volumes.map(renderVolume);
  if (props.serviceAccountName !== undefined) out.serviceAccountName = props.serviceAccountName;
  if (props.automountServiceAccountToken !== undefined) {
    out.automountServiceAccountToken = props.automountServiceAccountToken;
  }
  if (props.imagePullSecrets !== undefined)
    out.imagePullSecrets = props.imagePullSecrets.map((name) => ({ name }));
  if (props.enableServiceLinks !== undefined) out.enableServiceLinks = props.enableServiceLinks;
  for (const field of Object.keys(POD_FIELD_FLAGS) as (keyof typeof POD_FIELD_FLAGS)[]) {
    const value = props[field];
    if (value !== undefined) out[field] = canonical(value);
  }
  return out;
}
