import { parseGoDuration } from './duration';
import { Issue, show } from './issue';

/** The parts of an ISO-8601 duration such as `P1DT2H` or `PT0.2S`. */
export interface Iso8601Duration {
  readonly negative: boolean;
  readonly years: number;
  readonly months: number;
  readonly weeks: number;
  readonly days: number;
  readonly hours: number;
  readonly minutes: number;
  readonly seconds: number;
  /**
   * The length in seconds, signed. Years and months are nominal (365.2425 and 30.436875 days),
   * so this is exact only for durations made of weeks, days, hours, minutes and seconds.
   */
  readonly totalSeconds: number;
}

// ISO-8601 "PnYnMnWnDTnHnMnS" as github.com/rickb777/date/period v1.13.0 (parse.go) reads it for
// Knative delivery (knative/eventing pkg/apis/duck/v1/delivery_types.go): an optional sign, then
// components in order, at least one of them; "P0" is zero; any component may be signed or carry a
// decimal fraction ('.' or ','), of which only the first digit is kept.
const NUM = '([+-]?(?:\\d+(?:[.,]\\d*)?|[.,]\\d+))';
const DURATION = new RegExp(
  `^([+-])?P(?:${NUM}Y)?(?:${NUM}M)?(?:${NUM}W)?(?:${NUM}D)?(?:T(?:${NUM}H)?(?:${NUM}M)?(?:${NUM}S)?)?$`,
);

const SECONDS_PER = [365.2425 * 86400, 30.436875 * 86400, 7 * 86400, 86400, 3600, 60, 1];

/** A component as the period package keeps it: tenths, truncated toward zero. */
function tenths(text: string): number {
  const n = Number(text.replace(',', '.').replace(/[.]$/, ''));
  return Math.trunc(Math.round(n * 1e6) / 1e5) / 10;
}

/**
 * Parses an ISO-8601 duration (`PT0.2S`, `P1D`, `-PT5M`); undefined when Knative would reject it.
 * Each component keeps one decimal digit, as Knative's parser does (`PT0.25S` is 0.2 s).
 */
export function parseIso8601Duration(text: string): Iso8601Duration | undefined {
  if (text === 'P0') return parseIso8601Duration('PT0S');
  const m = DURATION.exec(text);
  if (!m) return undefined;
  const fields = m.slice(2, 9);
  if (!fields.some((f) => f !== undefined)) return undefined; // "P" or "PT"
  const values = fields.map((f) => (f === undefined ? 0 : tenths(f)));
  const negative = m[1] === '-';
  const signed = values.reduce((sum, v, i) => sum + v * SECONDS_PER[i], 0);
  const total = negative ? -signed : signed;
  const [years, months, weeks, days, hours, minutes, seconds] = values;
  return {
    negative: total < 0,
    years,
    months,
    weeks,
    days,
    hours,
    minutes,
    seconds,
    totalSeconds: total === 0 ? 0 : +total.toFixed(6),
  };
}

/** True when a component has a non-zero digit after the first decimal, which Knative drops. */
function losesPrecision(text: string): boolean {
  return /[.,]\d(\d*[1-9])/.test(text);
}

/**
 * Renders a number of seconds as an ISO-8601 duration, largest unit first:
 * `0.2` -> `PT0.2S`, `90` -> `PT1M30S`, `7200` -> `PT2H`, `0` -> `PT0S`.
 */
export function secondsToIso8601(seconds: number): string {
  if (!Number.isFinite(seconds))
    throw new RangeError(`cannot render ${seconds} seconds as ISO-8601`);
  const sign = seconds < 0 ? '-' : '';
  let rest = Math.abs(seconds);
  if (rest === 0) return 'PT0S';
  const h = Math.floor(rest / 3600);
  rest -= h * 3600;
  const m = Math.floor(rest / 60);
  rest -= m * 60;
  const s = +rest.toFixed(9);
  return `${sign}PT${h ? `${h}H` : ''}${m ? `${m}M` : ''}${s ? `${s}S` : ''}`;
}

/** A duration given as a number of seconds or an ISO-8601 string (`PT0.2S`). */
export type DurationInput = number | string;

export interface Iso8601Rule {
  /** Reject zero (Knative's delivery `timeout`). */
  readonly nonZero?: boolean;
  /** Reject negative durations. */
  readonly nonNegative?: boolean;
}

/**
 * Checks a duration given as seconds or as an ISO-8601 string. Go-style strings (`500ms`, `1s`)
 * are rejected with the ISO-8601 spelling of the same length; `what` names the field.
 */
export function checkIso8601Duration(
  value: unknown,
  path: string,
  what: string,
  rule: Iso8601Rule = {},
): Issue[] {
  let seconds: number;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) {
      return [
        {
          path,
          message: `${what} ${String(value)} must be a finite number of seconds or an ISO-8601 duration such as 'PT0.2S'`,
        },
      ];
    }
    seconds = value;
    if (Math.abs(Math.round(value * 10) - value * 10) > 1e-6) {
      return [
        {
          path,
          message: `${what} ${value} is finer than Knative reads: it keeps tenths of a second and would read '${secondsToIso8601(Math.trunc(value * 10) / 10)}'; round it to one decimal`,
        },
      ];
    }
  } else if (typeof value === 'string') {
    const parsed = parseIso8601Duration(value);
    if (!parsed) {
      const nanos = parseGoDuration(value);
      if (nanos !== undefined) {
        return [
          {
            path,
            message: `${what} ${show(value)} is a Go duration; Knative needs ISO-8601 here: write '${secondsToIso8601(nanos / 1e9)}' or the number ${+(nanos / 1e9).toFixed(9)} (seconds)`,
          },
        ];
      }
      return [
        {
          path,
          message: `${what} ${show(value)} is not an ISO-8601 duration; write it like 'PT0.2S', 'PT30S', 'PT2M' or 'P1D', or give a number of seconds`,
        },
      ];
    }
    seconds = parsed.totalSeconds;
    if (losesPrecision(value)) {
      return [
        {
          path,
          message: `${what} ${show(value)} is finer than Knative reads: it keeps one decimal digit per component and reads this as '${secondsToIso8601(seconds)}'; write that instead`,
        },
      ];
    }
  } else {
    return [
      {
        path,
        message: `${what} ${show(value)} must be a number of seconds or an ISO-8601 duration such as 'PT0.2S'`,
      },
    ];
  }
  if (rule.nonNegative && seconds < 0) {
    return [{ path, message: `${what} ${show(value)} must not be negative` }];
  }
  if (rule.nonZero && seconds === 0) {
    return [
      {
        path,
        message: `${what} ${show(value)} must not be zero; give a positive duration such as 'PT30S'`,
      },
    ];
  }
  return [];
}

/** Renders a valid duration input as ISO-8601: numbers become `PT…S`, strings pass through. */
export function renderIso8601(value: DurationInput): string {
  return typeof value === 'number' ? secondsToIso8601(value) : value;
}
