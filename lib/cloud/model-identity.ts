import * as alicloud from '@pulumi/alicloud';
import * as pulumi from '@pulumi/pulumi';
import { Issue, OssGrant, checkOssGrants, grantPrefix, normalizeOssGrants } from '../validation';
import { childOptions } from './_util';
import { throwIfInvalid } from './errors';

/** The audience of RRSA's OIDC tokens, which the trust policy requires. */
export const RRSA_AUDIENCE = 'sts.aliyuncs.com';

/** What the cluster's RRSA OIDC provider looks like (`cs.ManagedKubernetes.rrsaMetadata`). */
export interface RrsaProvider {
  /** ARN of the OIDC provider registered in RAM (`rrsaMetadata.ramOidcProviderArn`). */
  readonly oidcProviderArn: pulumi.Input<string>;
  /** Issuer URL of the cluster's service account tokens (`rrsaMetadata.rrsaOidcIssuerUrl`). */
  readonly issuerUrl: pulumi.Input<string>;
}

export interface ModelIdentityArgs {
  /** The RAM role's name (the service account's `pod-identity.alibabacloud.com/role-name`). */
  readonly roleName: string;
  readonly namespace: string;
  readonly serviceAccount: string;
  /** The cluster's OIDC provider. */
  readonly rrsa: RrsaProvider;
  /** OSS access for the role. @default - none: the role can assume nothing but itself */
  readonly oss?: readonly OssGrant[];
  /**
   * Longest STS session, 3600 to 43200 seconds.
   * @default 3600
   */
  readonly maxSessionDuration?: number;
}

/**
 * The trust policy of a model's role: only tokens the cluster's OIDC issuer gave to exactly this
 * service account, for STS, may assume it.
 */
// ACK "Use RRSA to authorize different pods to access different cloud services":
// https://www.alibabacloud.com/help/doc-detail/356611.html
export function rrsaTrustPolicy(
  oidcProviderArn: string,
  issuerUrl: string,
  namespace: string,
  serviceAccount: string,
): string {
  return JSON.stringify({
    Statement: [
      {
        Action: 'sts:AssumeRole',
        Condition: {
          StringEquals: {
            'oidc:aud': RRSA_AUDIENCE,
            'oidc:iss': issuerUrl,
            'oidc:sub': `system:serviceaccount:${namespace}:${serviceAccount}`,
          },
        },
        Effect: 'Allow',
        Principal: { Federated: [oidcProviderArn] },
      },
    ],
    Version: '1',
  });
}

/** OSS actions by access: read lists and gets, write also puts and aborts its multipart uploads. */
const READ_ACTIONS = ['oss:GetObject'];
const WRITE_ACTIONS = ['oss:GetObject', 'oss:PutObject', 'oss:AbortMultipartUpload'];

/**
 * The RAM policy for OSS grants: object actions on `<bucket>/<prefix>*`, and listing the bucket
 * only under the prefix. One statement pair per grant, in a stable order.
 */
// RAM policy elements for OSS: https://www.alibabacloud.com/help/en/oss/user-guide/ram-policy
export function ossPolicyDocument(grants: readonly OssGrant[]): string {
  const statements = normalizeOssGrants(grants).flatMap((g) => {
    const prefix = grantPrefix(g);
    return [
      {
        Action: g.access === 'write' ? WRITE_ACTIONS : READ_ACTIONS,
        Effect: 'Allow',
        Resource: [`acs:oss:*:*:${g.bucket}/${prefix}*`],
      },
      {
        Action: ['oss:ListObjects'],
        Condition: { StringLike: { 'oss:Prefix': [`${prefix}*`] } },
        Effect: 'Allow',
        Resource: [`acs:oss:*:*:${g.bucket}`],
      },
    ];
  });
  return JSON.stringify({ Statement: statements, Version: '1' });
}

/** Every problem with the arguments. */
export function checkModelIdentityArgs(args: ModelIdentityArgs, path = ''): Issue[] {
  const at = (k: string) => (path === '' ? k : `${path}.${k}`);
  const issues = checkOssGrants(args.oss ?? [], at('oss'));
  const d = args.maxSessionDuration;
  if (d !== undefined && !(Number.isInteger(d) && d >= 3600 && d <= 43200)) {
    issues.push({
      path: at('maxSessionDuration'),
      message: `maxSessionDuration ${d} is outside RAM's 3600 to 43200 seconds; use a whole number in that range`,
    });
  }
  return issues;
}

/**
 * A model's RAM role for RRSA: trusted by the cluster's OIDC provider for exactly one service
 * account, with a custom policy for its OSS access attached.
 */
export class ModelIdentity extends pulumi.ComponentResource {
  public readonly role: alicloud.ram.Role;
  public readonly policy?: alicloud.ram.Policy;
  public readonly roleArn: pulumi.Output<string>;

  constructor(name: string, args: ModelIdentityArgs, opts: pulumi.ComponentResourceOptions = {}) {
    throwIfInvalid('ModelIdentity', name, checkModelIdentityArgs(args));
    super('ack-serving:cloud:ModelIdentity', name, {}, opts);
    const own = childOptions(this, opts);
    this.role = new alicloud.ram.Role(
      `${name}-role`,
      {
        roleName: args.roleName,
        description: `RRSA role of service account ${args.namespace}/${args.serviceAccount}`,
        assumeRolePolicyDocument: pulumi
          .all([args.rrsa.oidcProviderArn, args.rrsa.issuerUrl])
          .apply(([arn, issuer]) =>
            rrsaTrustPolicy(arn, issuer, args.namespace, args.serviceAccount),
          ),
        maxSessionDuration: args.maxSessionDuration ?? 3600,
      },
      own,
    );
    this.roleArn = this.role.arn;
    const oss = args.oss ?? [];
    if (oss.length > 0) {
      this.policy = new alicloud.ram.Policy(
        `${name}-oss`,
        {
          policyName: `${args.roleName}-oss`.replace(/\./g, '-').slice(0, 128),
          description: `OSS access of ${args.namespace}/${args.serviceAccount}`,
          policyDocument: ossPolicyDocument(oss),
        },
        own,
      );
      new alicloud.ram.RolePolicyAttachment(
        `${name}-oss`,
        { roleName: this.role.roleName, policyName: this.policy.policyName, policyType: 'Custom' },
        own,
      );
    }
    this.registerOutputs({ roleArn: this.roleArn });
  }
}
