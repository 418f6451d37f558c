import { Issue, joinPath, show } from './issue';

/**
 * Access to one OSS prefix, granted to a model's RAM role. Shared by the Kubernetes side (which
 * checks and records it) and the cloud side (which turns it into a RAM policy), so it imports
 * nothing of either.
 */
export interface OssGrant {
  /** The bucket's name, such as `credit-risk-models`. */
  readonly bucket: string;
  /**
   * Object key prefix, such as `credit-score/`; `''` or `*` means the whole bucket (read only).
   * @default '' (the whole bucket)
   */
  readonly prefix?: string;
  /** `read` lists and gets objects; `write` also puts them. */
  readonly access: 'read' | 'write';
}

/** Where the OSS naming rules are written down. */
export const OSS_BUCKET_NAMING_DOC =
  'https://www.alibabacloud.com/help/en/oss/user-guide/bucket-naming-conventions';

// OSS bucket naming conventions (OSS_BUCKET_NAMING_DOC): 3 to 63 characters, lowercase letters,
// digits and hyphens, starting and ending with a letter or digit
const BUCKET_NAME = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;

/** True when `name` follows the OSS bucket naming rules. */
export function isOssBucketName(name: string): boolean {
  return BUCKET_NAME.test(name);
}

/** The prefix as a grant covers it: `''` and `*` both mean the whole bucket. */
export function grantPrefix(grant: OssGrant): string {
  const p = grant.prefix ?? '';
  return p === '*' ? '' : p.replace(/\*$/, '');
}

/**
 * The rules for one grant: a real bucket name (no pattern), a prefix that does not start with `/`,
 * and no write access to a whole bucket.
 */
export function checkOssGrant(grant: OssGrant, path: string): Issue[] {
  const issues: Issue[] = [];
  if (typeof grant !== 'object' || grant === null) {
    return [{ path, message: `OSS grant ${show(grant)} must be an object with bucket and access` }];
  }
  const bucket = grant.bucket;
  const bucketPath = joinPath(path, 'bucket');
  if (typeof bucket !== 'string' || bucket === '') {
    issues.push({ path: bucketPath, message: `bucket is required: one bucket's name` });
  } else if (bucket.includes('*')) {
    issues.push({
      path: bucketPath,
      message: `bucket ${show(bucket)} is a pattern, which is too wide: the role could reach every matching bucket in the account; name one bucket, such as 'credit-risk-models'`,
    });
  } else if (!isOssBucketName(bucket)) {
    issues.push({
      path: bucketPath,
      message: `bucket ${show(bucket)} is not a valid OSS bucket name: use 3 to 63 lowercase letters, digits and hyphens, starting and ending with a letter or digit (${OSS_BUCKET_NAMING_DOC})`,
    });
  }
  if (grant.access !== 'read' && grant.access !== 'write') {
    issues.push({
      path: joinPath(path, 'access'),
      message: `access ${show(grant.access)} is not one of: read, write`,
    });
  }
  const prefix = grant.prefix ?? '';
  const prefixPath = joinPath(path, 'prefix');
  if (typeof prefix !== 'string') {
    issues.push({ path: prefixPath, message: `prefix ${show(prefix)} must be a string` });
  } else if (prefix.startsWith('/')) {
    issues.push({
      path: prefixPath,
      message: `prefix ${show(prefix)} starts with '/', but OSS object keys do not; write it as ${show(prefix.replace(/^\/+/, ''))}`,
    });
  } else if (prefix.slice(0, -1).includes('*')) {
    issues.push({
      path: prefixPath,
      message: `prefix ${show(prefix)} has a '*' before its end; a prefix is literal, with at most one '*' at the end`,
    });
  } else if (grant.access === 'write' && grantPrefix(grant) === '') {
    issues.push({
      path: prefixPath,
      message: `write access to the whole bucket ${show(bucket)} (prefix ${show(prefix)}) is too wide; give the prefix the model writes under, such as 'credit-score/', or use access: read`,
    });
  }
  return issues;
}

/** Every grant's rules, plus one grant per bucket, prefix and access. */
export function checkOssGrants(grants: readonly OssGrant[], path: string): Issue[] {
  if (!Array.isArray(grants)) {
    return [{ path, message: `oss ${show(grants)} must be a list of { bucket, prefix, access }` }];
  }
  const issues: Issue[] = [];
  const seen = new Map<string, number>();
  grants.forEach((g, i) => {
    const at = joinPath(path, i);
    issues.push(...checkOssGrant(g, at));
    if (typeof g !== 'object' || g === null) return;
    const key = `${g.bucket}\n${grantPrefix(g)}\n${g.access}`;
    if (seen.has(key)) {
      issues.push({
        path: at,
        message: `this grant repeats oss[${seen.get(key)}]; remove one of them`,
      });
    } else seen.set(key, i);
  });
  return issues;
}

/** Grants sorted by bucket, prefix and access, duplicates removed: a stable, comparable form. */
export function normalizeOssGrants(grants: readonly OssGrant[]): OssGrant[] {
  const out = new Map<string, OssGrant>();
  for (const g of grants) {
    const prefix = grantPrefix(g);
    out.set(`${g.bucket}\n${prefix}\n${g.access}`, { bucket: g.bucket, prefix, access: g.access });
  }
  return [...out.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, g]) => g);
}
