/** One problem found in user input: where it is, and what is wrong with it. */
export interface Issue {
  /** Where: a catalog path such as `models[3].versions[1].autoscaling.window`, or a construct path. */
  readonly path: string;
  /** What is wrong, naming the field, the bad value and the fix. */
  readonly message: string;
}

/** Prints issues one per line as `<path>: <message>`. */
export function formatIssues(issues: readonly Issue[]): string {
  return issues.map((i) => `${i.path}: ${i.message}`).join('\n');
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
