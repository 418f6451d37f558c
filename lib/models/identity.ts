import {
  Issue,
  OssGrant,
  checkDns1123Subdomain,
  checkOssGrants,
  joinPath,
  normalizeOssGrants,
  show,
} from '../validation';

// ACK's ack-pod-identity-webhook reads the role from the service account's annotation and injects
// the RRSA token and env into pods of namespaces labelled for it:
// https://www.alibabacloud.com/help/en/container-service-for-kubernetes/latest/ack-pod-identity-webhook
/** The service account annotation naming the RAM role its pods assume. */
export const RRSA_ROLE_ANNOTATION = 'pod-identity.alibabacloud.com/role-name';
/** The namespace label that turns the webhook's injection on (`on`). */
export const RRSA_INJECTION_LABEL = 'pod-identity.alibabacloud.com/injection';
/** The OSS access a service account's role is granted, as sorted JSON (read by `ServingPlatform`). */
export const OSS_ACCESS_ANNOTATION = 'ack-serving.io/oss-access';

/**
 * Who a model's pods are: a Kubernetes ServiceAccount and, on ACK, the RAM role it assumes
 * through RRSA, with the OSS access that role is granted.
 */
export interface IdentitySpec {
  /**
   * `per-model`: a service account named after the model; `per-team`: one named `team-<team>`,
   * shared by the team's models; any other value: that shared service account's name.
   * @default 'per-model'
   */
  readonly serviceAccount?: string;
  /**
   * The RAM role the service account assumes (1 to 64 letters, digits, `.` and `-`).
   * @default 'ack-serving.<namespace>.<serviceAccount>'
   */
  readonly roleName?: string;
  /** OSS access for the role. @default - none */
  readonly oss?: readonly OssGrant[];
}

/** An identity with its names decided. */
export interface ResolvedIdentity {
  readonly serviceAccount: string;
  readonly namespace: string;
  readonly roleName: string;
  /** True for a service account several models share (per-team or named). */
  readonly shared: boolean;
  readonly oss: readonly OssGrant[];
}

export const PER_MODEL = 'per-model';
export const PER_TEAM = 'per-team';

/** The service account's name for a model. */
export function serviceAccountName(spec: IdentitySpec, model: string, team?: string): string {
  const sa = spec.serviceAccount ?? PER_MODEL;
  if (sa === PER_MODEL) return model;
  if (sa === PER_TEAM) return `team-${team ?? ''}`;
  return sa;
}

/** The RAM role name the library derives when none is given. */
export function defaultRoleName(namespace: string, serviceAccount: string): string {
  return `ack-serving.${namespace}.${serviceAccount}`;
}

/** Names decided, grants sorted; check first with `checkIdentity`. */
export function resolveIdentity(
  spec: IdentitySpec,
  model: string,
  namespace: string,
  team?: string,
): ResolvedIdentity {
  const serviceAccount = serviceAccountName(spec, model, team);
  return {
    serviceAccount,
    namespace,
    roleName: spec.roleName ?? defaultRoleName(namespace, serviceAccount),
    shared: (spec.serviceAccount ?? PER_MODEL) !== PER_MODEL,
    oss: normalizeOssGrants(spec.oss ?? []),
  };
}

// RAM CreateRole: RoleName is 1 to 64 characters of letters, digits, '.' and '-'
const RAM_ROLE_NAME = /^[A-Za-z0-9.-]{1,64}$/;

/** The identity's rules, at `path` (the `identity` block). */
export function checkIdentity(
  spec: IdentitySpec,
  path: string,
  model: string,
  namespace: string,
  team?: string,
): Issue[] {
  if (typeof spec !== 'object' || spec === null) {
    return [{ path, message: `identity ${show(spec)} must be an object` }];
  }
  const issues: Issue[] = [];
  const saPath = joinPath(path, 'serviceAccount');
  if (spec.serviceAccount === PER_TEAM && (team === undefined || team === '')) {
    issues.push({
      path: saPath,
      message: `serviceAccount 'per-team' needs the model's team; set team, or use 'per-model'`,
    });
  } else {
    const sa = serviceAccountName(spec, model, team);
    issues.push(...checkDns1123Subdomain(sa, saPath, 'service account name'));
    if (sa === 'default') {
      issues.push({
        path: saPath,
        message: `serviceAccount 'default' is the namespace's own, shared by every pod in it; use 'per-model', 'per-team' or a name of your own`,
      });
    }
    if (spec.roleName === undefined) {
      const role = defaultRoleName(namespace, sa);
      if (!RAM_ROLE_NAME.test(role)) {
        issues.push({
          path: saPath,
          message: `the derived RAM role name ${show(role)} is ${role.length} characters, over RAM's 64; set identity.roleName to a shorter name`,
        });
      }
    }
  }
  if (spec.roleName !== undefined && !RAM_ROLE_NAME.test(String(spec.roleName))) {
    issues.push({
      path: joinPath(path, 'roleName'),
      message: `roleName ${show(spec.roleName)} is not a RAM role name: use 1 to 64 letters, digits, '.' and '-'`,
    });
  }
  if (spec.oss !== undefined) issues.push(...checkOssGrants(spec.oss, joinPath(path, 'oss')));
  return issues;
}
