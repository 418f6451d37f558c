import { Issue, isQualifiedName, joinPath, show } from '../../validation';
import { sortedRecord } from './collector';

/** A Kubernetes label selector, rendered as YAML inside a ConfigMap value. */
export interface LabelSelectorSettings {
  readonly matchLabels?: Readonly<Record<string, string>>;
  readonly matchExpressions?: readonly {
    readonly key: string;
    readonly operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
    readonly values?: readonly string[];
  }[];
}

// k8s.io/apimachinery pkg/util/validation/validation.go IsValidLabelValue
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

export function checkLabels(map: unknown, path: string, what: string): Issue[] {
  if (map === null || typeof map !== 'object' || Array.isArray(map)) {
    return [{ path, message: `${what}s must be a map of label keys to values` }];
  }
  const issues: Issue[] = [];
  for (const [key, value] of Object.entries(map)) {
    if (!isQualifiedName(key)) {
      issues.push({
        path,
        message: `${what} key ${show(key)} is not a qualified name: use an optional DNS subdomain prefix and '/', then at most 63 letters, digits, '-', '_' or '.'`,
      });
    }
    if (typeof value !== 'string' || value.length > 63 || !LABEL_VALUE.test(value)) {
      issues.push({
        path,
        message: `${what} ${show(key)} has the value ${show(value)}; a label value is a string of at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit`,
      });
    }
  }
  return issues;
}

export function checkLabelSelector(sel: LabelSelectorSettings, path: string, key: string): Issue[] {
  if (sel === null || typeof sel !== 'object')
    return [
      { path, message: `${key} must be a label selector with matchLabels and/or matchExpressions` },
    ];
  const issues = checkLabels(
    sel.matchLabels ?? {},
    joinPath(path, 'matchLabels'),
    'selector label',
  );
  (sel.matchExpressions ?? []).forEach((e, i) => {
    const at = joinPath(joinPath(path, 'matchExpressions'), i);
    if (!isQualifiedName(e.key))
      issues.push({ path: at, message: `selector key ${show(e.key)} is not a qualified name` });
    const needsValues = e.operator === 'In' || e.operator === 'NotIn';
    if (!['In', 'NotIn', 'Exists', 'DoesNotExist'].includes(e.operator)) {
      issues.push({
        path: at,
        message: `selector operator ${show(e.operator)} is not supported; use 'In', 'NotIn', 'Exists' or 'DoesNotExist'`,
      });
    } else if (needsValues && !(e.values && e.values.length > 0)) {
      issues.push({
        path: at,
        message: `selector operator '${e.operator}' needs at least one value`,
      });
    } else if (!needsValues && e.values && e.values.length > 0) {
      issues.push({
        path: at,
        message: `selector operator '${e.operator}' takes no values; remove them`,
      });
    }
  });
  if (!sel.matchLabels && !sel.matchExpressions)
    issues.push({ path, message: `${key} is empty; give matchLabels or matchExpressions` });
  return issues;
}

export function labelSelectorJson(sel: LabelSelectorSettings): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (sel.matchLabels) out.matchLabels = sortedRecord(sel.matchLabels);
  if (sel.matchExpressions)
    out.matchExpressions = sel.matchExpressions.map((e) => ({
      key: e.key,
      operator: e.operator,
      ...(e.values ? { values: [...e.values] } : {}),
    }));
  return out;
}
