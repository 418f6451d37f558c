import { Issue, show } from './issue';

// k8s.io/apimachinery pkg/util/validation/validation.go: IsDNS1035Label, IsDNS1123Label,
// IsDNS1123Subdomain, IsQualifiedName
const DNS1035 = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

/** True when `value` is a DNS-1035 label: what Knative requires of Service, Route and tag names. */
export function isDns1035Label(value: string): boolean {
  return value.length <= 63 && DNS1035.test(value);
}

export function isDns1123Label(value: string): boolean {
  return value.length <= 63 && DNS1123_LABEL.test(value);
}

export function isDns1123Subdomain(value: string): boolean {
  return value.length <= 253 && DNS1123_SUBDOMAIN.test(value);
}

/** A Kubernetes qualified name (label and annotation keys): optional DNS-1123 prefix, `/`, name. */
export function isQualifiedName(value: string): boolean {
  const parts = value.split('/');
  if (parts.length > 2) return false;
  const name = parts[parts.length - 1];
  if (name.length === 0 || name.length > 63 || !QUALIFIED_NAME_PART.test(name)) return false;
  if (parts.length === 2) return parts[0].length > 0 && isDns1123Subdomain(parts[0]);
  return true;
}

export function checkDns1035Label(value: unknown, path: string, what = 'name'): Issue[] {
  if (typeof value !== 'string' || value === '') {
    return [{ path, message: `${what} is required: a DNS-1035 label such as 'credit-score'` }];
  }
  if (value.length > 63) {
    return [
      {
        path,
        message: `${what} ${show(value)} is ${value.length} characters; a DNS-1035 label has at most 63`,
      },
    ];
  }
  if (!DNS1035.test(value)) {
    return [
      {
        path,
        message: `${what} ${show(value)} is not a DNS-1035 label: use lower-case letters, digits and '-', start with a letter and end with a letter or digit`,
      },
    ];
  }
  return [];
}

export function checkDns1123Label(value: unknown, path: string, what = 'name'): Issue[] {
  if (typeof value !== 'string' || !isDns1123Label(value)) {
    return [
      {
        path,
        message: `${what} ${show(value)} is not a DNS-1123 label: use at most 63 lower-case letters, digits and '-', starting and ending with a letter or digit`,
      },
    ];
  }
  return [];
}

export function checkDns1123Subdomain(value: unknown, path: string, what = 'name'): Issue[] {
  if (typeof value !== 'string' || !isDns1123Subdomain(value)) {
    return [
      {
        path,
        message: `${what} ${show(value)} is not a DNS-1123 subdomain: use lower-case letters, digits, '-' and '.', at most 253 characters`,
      },
    ];
  }
  return [];
}

/** Checks every key of a label or annotation map, and that every value is a string. */
export function checkStringMap(
  map: Record<string, unknown> | undefined,
  path: string,
  what: string,
): Issue[] {
  if (map === undefined) return [];
  const issues: Issue[] = [];
  for (const [key, value] of Object.entries(map)) {
    if (!isQualifiedName(key)) {
      issues.push({
        path,
        message: `${what} key ${show(key)} is not a qualified name: use an optional DNS subdomain prefix and '/', then at most 63 letters, digits, '-', '_' or '.'`,
      });
    }
    if (typeof value !== 'string') {
      issues.push({
        path,
        message: `${what} ${show(key)} has the value ${show(value)}; Kubernetes ${what}s are strings, quote it`,
      });
    }
  }
  return issues;
}
