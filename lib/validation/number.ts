import { Issue, show } from './issue';

export interface NumberRule {
  readonly min?: number;
  readonly max?: number;
  /** Require a whole number. */
  readonly integer?: boolean;
  /** Extra values that are allowed outside the range (for example -1 for "unlimited"). */
  readonly also?: readonly number[];
  /** Appended to the message: what the range means or how to fix it. */
  readonly hint?: string;
}

/** Checks a number against a range; `what` names the field in the message. */
export function checkNumber(
  value: unknown,
  path: string,
  what: string,
  rule: NumberRule = {},
): Issue[] {
  const hint = rule.hint ? `; ${rule.hint}` : '';
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    return [{ path, message: `${what} ${show(value)} must be a number${describe(rule)}${hint}` }];
  }
  if (rule.also?.includes(value)) return [];
  if (rule.integer && !Number.isInteger(value)) {
    return [
      { path, message: `${what} ${show(value)} must be a whole number${describe(rule)}${hint}` },
    ];
  }
  if (
    (rule.min !== undefined && value < rule.min) ||
    (rule.max !== undefined && value > rule.max)
  ) {
    return [{ path, message: `${what} ${show(value)} is out of range${describe(rule)}${hint}` }];
  }
  return [];
}

function describe(rule: NumberRule): string {
  const also = rule.also?.length ? ` (or ${rule.also.join(', ')})` : '';
  if (rule.min !== undefined && rule.max !== undefined)
    return `; allowed: ${rule.min} to ${rule.max}${also}`;
  if (rule.min !== undefined) return `; allowed: at least ${rule.min}${also}`;
  if (rule.max !== undefined) return `; allowed: at most ${rule.max}${also}`;
  return '';
}
