/** One problem found in user input: where it is, and what is wrong with it. */
export interface Issue {
  /** Where: a catalog path such as `models[3].versions[1].autoscaling.window`, or a construct path. */
  readonly path: string;
  /** What is wrong, naming the field, the bad value and the fix. */
  readonly message: string;
  /**
   * How many model versions the value at `path` reaches, when it was written once and inherited
   * (a default, a profile, a model setting). @default - not counted
   */
  readonly affects?: Affects;
}

/** The versions (and the models they belong to) that one issue reaches. */
export interface Affects {
  readonly versions: number;
  readonly models: number;
}

/**
 * Prints one issue as one line `<path>: <message>`, with `(affects N versions of M models)` when it reaches
 * more than one version.
 */
export function formatIssue(issue: Issue): string {
  return `${oneLine(issue.path)}: ${oneLine(issue.message)}${affectsSuffix(issue.affects)}`;
}

/** Line breaks inside a value the user wrote are shown as `\n`: one issue is always one line. */
function oneLine(text: string): string {
  return /[\r\n\u2028\u2029]/.test(text)
    ? text.replace(/\r\n|[\r\n\u2028\u2029]/g, (c) => JSON.stringify(c).slice(1, -1))
    : text;
}

/** Prints issues one per line as `<path>: <message>` (see `formatIssue`). */
export function formatIssues(issues: readonly Issue[]): string {
  return issues.map(formatIssue).join('\n');
}

/** ` (affects 1,234 versions of 500 models)`, or `''` for at most one version. */
export function affectsSuffix(affects: Affects | undefined): string {
  if (affects === undefined || affects.versions <= 1) return '';
  const models = `${thousands(affects.models)} model${affects.models === 1 ? '' : 's'}`;
  return ` (affects ${thousands(affects.versions)} versions of ${models})`;
}

/** `1234567` -> `1,234,567`. */
export function thousands(n: number): string {
  const digits = String(Math.trunc(Math.abs(n)));
  let out = '';
  for (let i = 0; i < digits.length; i++) {
    if (i > 0 && (digits.length - i) % 3 === 0) out += ',';
    out += digits[i];
  }
  return n < 0 ? `-${out}` : out;
}

/**
 * Reports each problem once: issues with the same path and message become one, in the order they
 * were first found, their `affects` added up. With `oneModel`, every counted issue is taken to come
 * from the versions of one model (`models: 1`), which is how a model reports its own.
 */
export function aggregateIssues(issues: readonly Issue[], oneModel = false): Issue[] {
  if (issues.length === 0) return [];
  const byKey = new Map<string, { issue: Issue; versions: number; models: number }>();
  for (const issue of issues) {
    const key = `${issue.path}\n${issue.message}`;
    const seen = byKey.get(key);
    if (seen === undefined) {
      byKey.set(key, {
        issue,
        versions: issue.affects?.versions ?? 0,
        models: issue.affects?.models ?? 0,
      });
    } else if (issue.affects !== undefined) {
      seen.versions += issue.affects.versions;
      seen.models += issue.affects.models;
    }
  }
  const out: Issue[] = [];
  for (const { issue, versions, models } of byKey.values()) {
    const counted = issue.affects !== undefined || versions > 0;
    out.push(
      counted
        ? {
            path: issue.path,
            message: issue.message,
            affects: { versions, models: oneModel ? 1 : models },
          }
        : issue,
    );
  }
  return out;
}

/** Carries every problem found in one pass, so a fleet can be fixed from one run. */
export class ValidationError extends Error {
  public readonly issues: readonly Issue[];

  constructor(issues: readonly Issue[]) {
    super(formatIssues(issues));
    this.name = 'ValidationError';
    this.issues = [...issues];
  }
}

/** Throws one ValidationError listing every issue, or does nothing when there are none. */
export function throwIfAny(issues: readonly Issue[]): void {
  if (issues.length > 0) throw new ValidationError(issues);
}

/**
 * Appends a key or an index to a path: `joinPath('a', 'b')` is `a.b`, `joinPath('a', 0)` is `a[0]`.
 * Keys that are not plain identifiers (annotation keys) are quoted: `a["x.io/y"]`.
 */
export function joinPath(base: string, key: string | number): string {
  if (typeof key === 'number') return `${base}[${key}]`;
  if (!isPlainKey(key)) return `${base}[${JSON.stringify(key)}]`;
  return base === '' ? key : `${base}.${key}`;
}

/** `[A-Za-z_$][\w$-]*` without a regex: this runs for every field of every object checked. */
function isPlainKey(key: string): boolean {
  if (key.length === 0) return false;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    const letter = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36;
    if (!letter && (i === 0 || !((c >= 48 && c <= 57) || c === 45))) return false;
  }
  return true;
}

/** Renders a value for a message: strings in single quotes, everything else as JSON. */
export function show(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (value === undefined) return 'undefined';
  return JSON.stringify(value);
}
