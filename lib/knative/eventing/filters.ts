import { Issue, joinPath, show } from '../../validation/issue';
import { cesqlSyntaxError } from './cesql';

/** A Trigger's SubscriptionsAPI filter as rendered (`spec.filters[]`); exactly one dialect per object. */
export interface SubscriptionsApiFilterSpec {
  readonly exact?: Readonly<Record<string, string>>;
  readonly prefix?: Readonly<Record<string, string>>;
  readonly suffix?: Readonly<Record<string, string>>;
  readonly all?: readonly SubscriptionsApiFilterSpec[];
  readonly any?: readonly SubscriptionsApiFilterSpec[];
  readonly not?: SubscriptionsApiFilterSpec;
  readonly cesql?: string;
}

const DIALECTS = ['exact', 'prefix', 'suffix', 'all', 'any', 'not', 'cesql'] as const;

/**
 * A SubscriptionsAPI filter (CNCF Subscriptions API dialects). Each factory states one dialect,
 * so a filter built here never mixes dialects. The factories do not throw; the Trigger reports
 * every problem at once.
 */
export class Filter {
  /** Attributes equal to these values, e.g. `Filter.exact({ type: 'oss:ObjectCreated:PutObject' })`. */
  public static exact(attributes: Record<string, string>): Filter {
    return new Filter({ exact: { ...attributes } });
  }
  /** Attributes starting with these values. */
  public static prefix(attributes: Record<string, string>): Filter {
    return new Filter({ prefix: { ...attributes } });
  }
  /** Attributes ending with these values. */
  public static suffix(attributes: Record<string, string>): Filter {
    return new Filter({ suffix: { ...attributes } });
  }
  /** Every nested filter matches. */
  public static all(filters: readonly Filter[]): Filter {
    return new Filter({ all: filters.map((f) => f.spec) });
  }
  /** At least one nested filter matches. */
  public static any(filters: readonly Filter[]): Filter {
    return new Filter({ any: filters.map((f) => f.spec) });
  }
  /** The nested filter does not match. */
  public static not(filter: Filter): Filter {
    return new Filter({ not: filter.spec });
  }
  /** A CloudEvents SQL expression, e.g. `Filter.cesql("type LIKE 'oss:ObjectCreated:%'")`. */
  public static cesql(expression: string): Filter {
    return new Filter({ cesql: expression });
  }
  /** Wraps a raw filter spec, e.g. one read from a manifest. */
  public static fromSpec(spec: SubscriptionsApiFilterSpec): Filter {
    return new Filter(spec);
  }

  private constructor(public readonly spec: SubscriptionsApiFilterSpec) {}
}

const ATTRIBUTE_NAME = /^[a-z][a-z0-9]*$/;

function attributeNameIssue(key: string, path: string): Issue {
  return {
    path,
    message: `attribute name ${show(key)} is invalid: CloudEvents attribute names start with a lower-case letter and contain only lower-case letters and digits (^[a-z][a-z0-9]*$)`,
  };
}

/**
 * Checks `spec.filter.attributes`: valid names; `""` is allowed and means "present with any value".
 */
// knative/eventing pkg/apis/eventing/v1/trigger_validation.go ValidateAttributeFilters
export function checkAttributeFilter(
  attributes: Readonly<Record<string, unknown>> | undefined,
  path: string,
): Issue[] {
  if (!attributes) return [];
  const issues: Issue[] = [];
  for (const [key, value] of Object.entries(attributes)) {
    const at = joinPath(path, key);
    if (!ATTRIBUTE_NAME.test(key)) issues.push(attributeNameIssue(key, at));
    if (typeof value !== 'string') {
      issues.push({
        path: at,
        message: `attribute filter value ${show(value)} must be a string; use '' to match any value`,
      });
    }
  }
  return issues;
}

/** Checks one SubscriptionsAPI filter and everything nested in it. */
// knative/eventing pkg/apis/eventing/v1/trigger_validation.go ValidateSubscriptionAPIFilter
// and pkg/eventfilter/subscriptionsapi/{exact,prefix,suffix}_filter.go (empty values fail at runtime)
export function checkSubscriptionsApiFilter(
  filter: SubscriptionsApiFilterSpec | undefined,
  path: string,
): Issue[] {
  if (filter === undefined || filter === null)
    return [{ path, message: `filter is empty; set exactly one of ${DIALECTS.join(', ')}` }];
  const set = DIALECTS.filter((d) => filter[d] !== undefined);
  if (set.length === 0)
    return [{ path, message: `filter has no dialect; set exactly one of ${DIALECTS.join(', ')}` }];
  const issues: Issue[] = [];
  if (set.length > 1) {
    issues.push({
      path,
      message: `filter mixes the dialects ${set.join(', ')}; a filter can have only one dialect, combine several with Filter.all([...]) or Filter.any([...])`,
    });
  }
  for (const dialect of ['exact', 'prefix', 'suffix'] as const) {
    const map = filter[dialect];
    if (map === undefined) continue;
    const at = joinPath(path, dialect);
    const entries = Object.entries(map);
    if (entries.length === 0)
      issues.push({
        path: at,
        message: `${dialect} filter names no attribute; give at least one attribute and value`,
      });
    for (const [key, value] of entries) {
      if (!ATTRIBUTE_NAME.test(key)) issues.push(attributeNameIssue(key, joinPath(at, key)));
      if (typeof value !== 'string' || value === '') {
        issues.push({
          path: joinPath(at, key),
          message: `${dialect} filter value for ${show(key)} must be a non-empty string; to match any value use Filter.cesql('EXISTS ${key}')`,
        });
      }
    }
  }
  for (const dialect of ['all', 'any'] as const) {
    const list = filter[dialect];
    if (list === undefined) continue;
    const at = joinPath(path, dialect);
    if (list.length === 0)
      issues.push({
        path: at,
        message: `${dialect} filter is an empty list; give at least one nested filter`,
      });
    list.forEach((f, i) => issues.push(...checkSubscriptionsApiFilter(f, joinPath(at, i))));
  }
  if (filter.not !== undefined)
    issues.push(...checkSubscriptionsApiFilter(filter.not, joinPath(path, 'not')));
  if (filter.cesql !== undefined) {
    const reason =
      typeof filter.cesql === 'string' ? cesqlSyntaxError(filter.cesql) : 'it is not a string';
    if (reason)
      issues.push({
        path: joinPath(path, 'cesql'),
        message: `cesql expression ${show(filter.cesql)} does not parse: ${reason}`,
      });
  }
  return issues;
}

/** Checks a Trigger's `filters` list. */
export function checkSubscriptionsApiFilters(
  filters: readonly (Filter | SubscriptionsApiFilterSpec)[] | undefined,
  path: string,
): Issue[] {
  if (!filters) return [];
  return filters.flatMap((f, i) =>
    checkSubscriptionsApiFilter(f instanceof Filter ? f.spec : f, joinPath(path, i)),
  );
}

/** Renders filters as plain objects with keys in a stable order. */
export function renderSubscriptionsApiFilter(
  filter: SubscriptionsApiFilterSpec,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const d of DIALECTS) {
    const v = filter[d];
    if (v === undefined) continue;
    if (d === 'all' || d === 'any')
      out[d] = (v as SubscriptionsApiFilterSpec[]).map(renderSubscriptionsApiFilter);
    else if (d === 'not') out[d] = renderSubscriptionsApiFilter(v as SubscriptionsApiFilterSpec);
    else out[d] = v;
  }
  return out;
}
