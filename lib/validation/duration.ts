import { Issue, show } from './issue';

const UNIT_NANOS: Record<string, number> = {
  ns: 1,
  us: 1e3,
  µs: 1e3,
  μs: 1e3,
  ms: 1e6,
  s: 1e9,
  m: 60e9,
  h: 3600e9,
};

/**
 * Parses a Go duration (`time.ParseDuration`): `60s`, `1m30s`, `1.5h`, `0`.
 * Returns nanoseconds, or undefined when Go would reject the string.
 */
export function parseGoDuration(text: string): number | undefined {
  // go/src/time/format.go ParseDuration
  let s = text;
  let sign = 1;
  if (s.startsWith('-') || s.startsWith('+')) {
    if (s[0] === '-') sign = -1;
    s = s.slice(1);
  }
  if (s === '0') return 0;
  if (s === '') return undefined;
  let total = 0;
  const part = /^([0-9]*(?:\.[0-9]*)?)(ns|us|µs|μs|ms|s|m|h)/;
  while (s.length > 0) {
    const m = part.exec(s);
    if (!m || m[1] === '' || m[1] === '.') return undefined;
    total += parseFloat(m[1]) * UNIT_NANOS[m[2]];
    s = s.slice(m[0].length);
  }
  return sign * total;
}

/** Formats nanoseconds the way a person writes a duration: `90s` -> `1m30s`. */
export function formatSeconds(seconds: number): string {
  if (seconds === 0) return '0s';
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds - h * 3600 - m * 60;
  return `${h ? `${h}h` : ''}${m ? `${m}m` : ''}${s ? `${+s.toFixed(9)}s` : ''}`;
}

export interface DurationRule {
  /** Smallest allowed value, in seconds. */
  readonly minSeconds?: number;
  /** Largest allowed value, in seconds. */
  readonly maxSeconds?: number;
  /** Reject fractions of a second (Knative's `d.Truncate(time.Second) == d`). */
  readonly wholeSeconds?: boolean;
}

/** Checks a Go duration string against a range; `what` names the field in the message. */
export function checkGoDuration(
  value: unknown,
  path: string,
  what: string,
  rule: DurationRule = {},
): Issue[] {
  if (typeof value !== 'string') {
    return [
      {
        path,
        message: `${what} ${show(value)} must be a Go duration string such as '60s'${describeRange(rule)}`,
      },
    ];
  }
  const nanos = parseGoDuration(value);
  if (nanos === undefined) {
    return [
      {
        path,
        message: `${what} ${show(value)} is not a Go duration; write it like '60s', '2m' or '1h'`,
      },
    ];
  }
  const seconds = nanos / 1e9;
  if (rule.wholeSeconds && !Number.isInteger(seconds)) {
    return [
      {
        path,
        message: `${what} ${show(value)} must be a whole number of seconds, such as '${Math.max(0, Math.round(seconds))}s'`,
      },
    ];
  }
  if (
    (rule.minSeconds !== undefined && seconds < rule.minSeconds) ||
    (rule.maxSeconds !== undefined && seconds > rule.maxSeconds)
  ) {
    return [{ path, message: `${what} ${show(value)} is out of range${describeRange(rule)}` }];
  }
  return [];
}

function describeRange(rule: DurationRule): string {
  const lo = rule.minSeconds !== undefined ? formatSeconds(rule.minSeconds) : undefined;
  const hi = rule.maxSeconds !== undefined ? formatSeconds(rule.maxSeconds) : undefined;
  if (lo !== undefined && hi !== undefined) return `; use ${lo} to ${hi}`;
  if (lo !== undefined) return `; use at least ${lo}`;
  if (hi !== undefined) return `; use at most ${hi}`;
  return '';
}
