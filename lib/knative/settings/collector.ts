import { stringify as yamlStringify } from 'yaml';
import {
  Issue,
  checkGoDuration,
  checkNumber,
  checkQuantity,
  joinPath,
  parseGoDuration,
  show,
} from '../../validation';

// Shared by the config-* rules: each returns the rendered data (keys exactly as Knative spells
// them) and every issue.

export interface Rendered {
  readonly data: Record<string, string>;
  readonly issues: Issue[];
}

/** Collects keys in a stable (sorted) order and the issues found while checking them. */
export class Collector {
  public readonly issues: Issue[] = [];
  private readonly data: Record<string, string> = {};
  constructor(private readonly path: string) {}
  public at(prop: string): string {
    return joinPath(this.path, prop);
  }
  public check(found: Issue[]): boolean {
    this.issues.push(...found);
    return found.length === 0;
  }
  public set(key: string, value: string): void {
    this.data[key] = value;
  }
  public done(): Rendered {
    const keys = Object.keys(this.data).sort();
    return { data: Object.fromEntries(keys.map((k) => [k, this.data[k]])), issues: this.issues };
  }
}

export function checkBoolean(value: unknown, path: string, key: string): Issue[] {
  if (value === undefined || typeof value === 'boolean') return [];
  return [{ path, message: `${key} ${show(value)} must be true or false` }];
}

function listChoices(allowed: readonly string[]): string {
  const quoted = allowed.map((a) => `'${a}'`);
  return quoted.length > 1
    ? `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}`
    : quoted.join('');
}

/** The allowed value `value` spells, ignoring case (Knative parses these with strings.EqualFold). */
function matchChoice(value: unknown, allowed: readonly string[]): string | undefined {
  return typeof value === 'string'
    ? allowed.find((a) => a.toLowerCase() === value.toLowerCase())
    : undefined;
}

export function numberKey(
  c: Collector,
  value: number | undefined,
  prop: string,
  key: string,
  rule: Parameters<typeof checkNumber>[3],
): void {
  if (value === undefined) return;
  if (c.check(checkNumber(value, c.at(prop), key, rule))) c.set(key, `${value}`);
}

export function boolKey(c: Collector, value: boolean | undefined, prop: string, key: string): void {
  if (value === undefined) return;
  if (c.check(checkBoolean(value, c.at(prop), key))) c.set(key, `${value}`);
}

export function durationKey(
  c: Collector,
  value: string | undefined,
  prop: string,
  key: string,
  rule: Parameters<typeof checkGoDuration>[3],
  positive = false,
): void {
  if (value === undefined) return;
  if (!c.check(checkGoDuration(value, c.at(prop), key, rule))) return;
  if (positive && parseGoDuration(value) === 0) {
    c.check([{ path: c.at(prop), message: `${key} ${show(value)} must be longer than 0s` }]);
    return;
  }
  c.set(key, value);
}

export function quantityKey(
  c: Collector,
  value: string | undefined,
  prop: string,
  key: string,
): void {
  if (value === undefined) return;
  if (c.check(checkQuantity(value, c.at(prop), key, { nonNegative: true }))) c.set(key, `${value}`);
}

/** `quantityKey` for each `[prop, key]` pair of `settings`, in the order given. */
export function quantityKeys<T extends object>(
  c: Collector,
  settings: T,
  keys: readonly (readonly [keyof T & string, string])[],
): void {
  for (const [prop, key] of keys) quantityKey(c, settings[prop] as string | undefined, prop, key);
}

export function choiceKey(
  c: Collector,
  value: string | undefined,
  prop: string,
  key: string,
  allowed: readonly string[],
): void {
  if (value === undefined) return;
  const match = matchChoice(value, allowed);
  if (match !== undefined) c.set(key, match);
  else
    c.check([
      {
        path: c.at(prop),
        message: `${key} ${show(value)} is not supported; use ${listChoices(allowed)}`,
      },
    ]);
}

export function sortedRecord(map: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(
    Object.keys(map)
      .sort()
      .map((k) => [k, map[k]]),
  );
}

export function toYaml(value: unknown): string {
  return yamlStringify(value, { sortMapEntries: true });
}
